"""Text geometry for the PDF reader: positioned words -> lines -> paragraphs.

The records here hold plain numbers and strings, never pdfplumber objects, so a page's
layout can be kept after the page itself is closed.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

import pymorphy3

HYPHENS = "-\u2010\u2011"
DASHES = HYPHENS + "\u2012\u2013\u2014"
_SOFT_HYPHEN = "\u00ad"
_CLOSING = ",.;:!?)]»"
_LEADING_LETTERS = re.compile(r"^\w+")
_TRAILING_LETTERS = re.compile(r"\w+$")
_LIST_MARKER = re.compile(r"^(\d{1,3}(\.\d{1,3})*[.)]?|[а-яa-z][.)]|[-–—•·*])$", re.IGNORECASE)


@dataclass(frozen=True)
class Word:
    """A word as pdfplumber placed it (points, origin at the page's top left).

    `spaced` is set on a word ending in a dash that the text stream follows with a space:
    "педагог- психолог" broken after the hyphen is not "школами-партнерами".
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    spaced: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Line:
    """Words sharing a baseline, left to right."""

    words: tuple[Word, ...]

    @cached_property
    def text(self) -> str:
        """The words joined with spaces; a space after a final dash kept (see `Word`)."""
        text = " ".join(w.text for w in self.words)
        return f"{text} " if self.words[-1].spaced else text

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @cached_property
    def height(self) -> float:
        return max(w.height for w in self.words)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class Frame:
    """The text area that paragraphs are laid out in, and their usual line pitch."""

    left: float
    right: float
    pitch: float = 1.2

    @property
    def width(self) -> float:
        return self.right - self.left


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap; lines top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        current = lines[-1] if lines else None
        if current is not None and _overlaps(current, word):
            current.append(word)
        else:
            lines.append([word])
    return [Line(tuple(sorted(ws, key=lambda w: w.x0))) for ws in lines]


def _overlaps(line: list[Word], word: Word) -> bool:
    top = min(w.top for w in line)
    bottom = max(w.bottom for w in line)
    shared = min(bottom, word.bottom) - max(top, word.top)
    return shared >= 0.5 * min(word.height, bottom - top)


def frame_for(lines: Sequence[Line]) -> Frame | None:
    """The text edges of `lines` and their line pitch (in line heights).

    The pitch is the lower quartile of the steps between lines: paragraph spacing makes
    the larger steps, and documents of short paragraphs have more of those than of wraps.
    """
    if not lines:
        return None
    steps = [
        (b.top - a.top) / max(a.height, b.height)
        for a, b in itertools.pairwise(lines)
        if 0 < b.top - a.top < 3 * max(a.height, b.height)
    ]
    pitch = statistics.quantiles(steps, n=4, method="inclusive")[0] if len(steps) > 1 else 1.2
    return Frame(left=min(ln.x0 for ln in lines), right=max(ln.x1 for ln in lines), pitch=pitch)


def split_paragraphs(lines: Sequence[Line], frame: Frame) -> list[list[Line]]:
    """Group consecutive lines of running text into paragraphs."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not starts_paragraph(groups[-1][-1], line, frame):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def starts_paragraph(prev: Line, line: Line, frame: Frame) -> bool:
    """True where `line` opens a new paragraph rather than continuing `prev`."""
    return wide_gap(prev, line, frame) or ended_short(prev, line, frame) or indented(prev, line, frame)


def wide_gap(prev: Line, line: Line, frame: Frame) -> bool:
    """The vertical step is clearly larger than the usual line pitch."""
    height = max(prev.height, line.height)
    return (line.top - prev.top) > (frame.pitch + 0.35) * height or line.top < prev.top


def ended_short(prev: Line, line: Line, frame: Frame) -> bool:
    """`prev` left room for the first word of `line`: the break was not a wrap."""
    if prev.text[-1] in HYPHENS + _SOFT_HYPHEN:
        return False
    left_aligned = prev.x0 <= frame.left + 0.2 * frame.width
    room = frame.right - prev.x1 if left_aligned else frame.width - prev.width
    return room > line.words[0].width + 0.6 * prev.height


def indented(prev: Line, line: Line, frame: Frame) -> bool:
    """`line` starts further right than `prev` as a first line does (not a list's hanging text)."""
    step = line.x0 - prev.x0
    if step < 0.5 * line.height or line.x0 - frame.left > 0.2 * frame.width:
        return False
    if len(prev.words) > 1 and _LIST_MARKER.match(prev.words[0].text):
        return abs(line.x0 - prev.words[1].x0) > 0.5 * line.height
    return not _centered(line, frame)


def _centered(line: Line, frame: Frame) -> bool:
    middle = (frame.left + frame.right) / 2
    return abs((line.x0 + line.x1) / 2 - middle) < 3 and line.x1 < frame.right - line.height


def join_lines(head: str, tail: str, sep: str = " ") -> str:
    """Join a line to the next one of its paragraph or cell with `sep`.

    A line ending in a dash glued to its word was broken there: a word hyphenated across
    the break ("меро-" + "приятие") is joined without the hyphen, anything else keeps the
    dash ("Февраль-" + "март", "учебно-" + "методический", "2020-" + "2021", "Ростов-на-"
    + "Дону", "планом–" + "графиком"); either way without `sep`. A dash standing apart
    ("Ноябрь –") or printed with a space after it ("педагог- " + "психолог") keeps `sep`.
    Punctuation that cannot open a line ("," ")") was pushed off the end of the line
    before and is joined back, as is a doubled number sign ("МОУ №" + "№ 2, 7"). A soft
    hyphen is always dropped.
    """
    if not head or not tail:
        return head or tail
    if head[-1] == " ":
        return f"{head.rstrip()}{sep}{tail}"
    if tail[0] in _CLOSING or head[-1] == tail[0] == "№":
        return head + tail
    if head.endswith(_SOFT_HYPHEN):
        return head[:-1] + tail
    if len(head) > 1 and head[-1] in DASHES and not head[-2].isspace():
        broken = head[-1] in HYPHENS and head[-2].isalpha() and tail[0].islower() and rejoins(head[:-1], tail)
        return (head[:-1] if broken else head) + tail
    return f"{head}{sep}{tail}"


def rejoins(head: str, tail: str) -> bool:
    """True where the last word of `head` and the first of `tail` are one broken word.

    They are when together they make a word of the dictionary and the first part alone
    does not ("Мероприяти" + "е", "меро" + "приятие"; not "учебно" + "методический").
    """
    first, rest = _TRAILING_LETTERS.search(head), _LEADING_LETTERS.match(tail)
    if first is None or rest is None:
        return False
    return not is_word(first.group()) and is_word(first.group() + rest.group())


def is_word(text: str) -> bool:
    """True where `text` is a word of the Russian dictionary (any form)."""
    return _morph().word_is_known(text.lower())


@cache
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def paragraph_text(lines: Sequence[Line]) -> str:
    """The text of a paragraph: its lines joined with a space, hyphenated words rejoined."""
    text = ""
    for line in lines:
        text = join_lines(text, line.text)
    return text.rstrip()
