"""The operative part of an act: the points after "ПРИКАЗЫВАЮ:" / "постановляет:" (the marker
words are in data/operative_markers.txt) up to the signature; an act with no marker word opens it
with point 1 under its preamble or title.

Points are recognised by their number and kept only when the number continues the sequence
(1, 2, 2.1, 2.2, 3 ...), so a wrapped line that happens to begin with a figure stays text.
Lines without a number continue the point before them; tables inside the part are skipped.
Points printed without numbers ("Утвердить прилагаемые ...") are kept with number "".
The part ends at the signature block (a signer's bare name at the act's foot too), at an annex
heading ("Приложение", "УТВЕРЖДЕН", "С приказом ознакомлены"), or at the first table after
which no next point follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.structure.kinds import caps_heading, operative_marker
from extractor.structure.lines import Line, join_all
from extractor.structure.signature import Signature, signature_after_text, signature_at

MARKER = operative_marker()
# An act's heading word: below it, point 1 opens the operative part even without a marker word
# ("... в целях ...:" / "1. Утвердить ...").
_ACT_HEADING = caps_heading("act")
_VERB = re.compile(r"[А-ЯЁ][а-яё]+(?:ть|ти|ться)(?![а-яё])")
POINT = re.compile(
    r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.\s*|\)\s*|(?<=\d\.\d)\s+|(?<=\d\.\d\d)\s+)(?P<text>[^\d\s.,)].*)"
)
ANNEX = re.compile(
    r"(?:приложение|утвержд[её]н|утверждаю|согласован|лист согласования|лист ознакомления"
    r"|с (?:приказом|распоряжением|постановлением) ознакомлен)(?![а-яё])",
    re.IGNORECASE,
)


@dataclass
class Point:
    """One numbered point: its number as printed (trailing dot dropped) and its text lines."""

    number: str
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_all(self.parts)


@dataclass
class Operative:
    """Where the operative part starts (`marker` line) and ends (`end`, exclusive) and its points."""

    marker: int
    end: int
    points: list[Point]
    signature: Signature | None
    marker_start: int = 0


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(x) for x in number.split("."))


def continues(previous: tuple[int, ...] | None, number: tuple[int, ...]) -> bool:
    """Whether `number` may follow `previous` in a numbered list (None: the list starts)."""
    if previous is None:
        return number in ((1,), (1, 1))
    if number == (*previous, 1):
        return True
    return any(number == (*previous[:k], previous[k] + 1) for k in range(len(previous)))


def _starts_point(text: str, points: list[Point]) -> bool:
    """A new point opens a sentence: a capital or a quote, or anything after a finished point."""
    return text[0].isupper() or text[0] in '«"' or not points or points[-1].text.endswith((".", ";", ":"))


def find_marker(lines: list[Line]) -> tuple[int, int, str] | None:
    """The line holding "ПРИКАЗЫВАЮ:" (any spacing and case), where the word starts in it and the
    text after it; else, in an act, the end of the line (its preamble or title) right before point 1."""
    for i, line in enumerate(lines):
        m = MARKER.search(line.text)
        if m:
            return i, m.start(), line.text[m.end() :].strip()
    heading = next((i for i, x in enumerate(lines) if x.table is None and _ACT_HEADING.match(x.text)), None)
    if heading is None:
        return None
    for i in range(heading + 1, len(lines) - 1):
        if lines[i].table is not None:
            return None
        point = POINT.fullmatch(lines[i + 1].text)
        if point and _key(point.group("number")) in ((1,), (1, 1)):
            return i, len(lines[i].text), ""
    return None


def _take(points: list[Point], text: str, after_table: bool) -> bool:
    """Add line `text` to the points (a new point or a continuation); False when the part ends.
    An operative part whose points carry no numbers ("Утвердить прилагаемые ...") gets points
    numbered "": each paragraph that opens with a verb after a finished sentence."""
    m = POINT.fullmatch(text)
    previous = _key(points[-1].number) if points and points[-1].number else None
    if m and _starts_point(m.group("text"), points) and continues(previous, _key(m.group("number"))):
        points.append(Point(m.group("number"), [m.group("text").strip()]))
        return True
    if after_table or (points and ANNEX.match(text)):
        return False
    unnumbered = not points or (not points[-1].number and points[-1].text.endswith("."))
    if unnumbered and _VERB.match(text):
        points.append(Point("", [text]))
    elif points and text:
        points[-1].parts.append(text)
    return True


def find_operative(lines: list[Line]) -> Operative | None:
    """The operative part of the order in `lines`, or None when it has none."""
    found = find_marker(lines)
    if found is None:
        return None
    marker, marker_start, rest = found
    points: list[Point] = []
    after_table = False
    for i in range(marker, len(lines)):
        text = rest if i == marker else lines[i].text
        if i > marker:
            signature = signature_at(lines, i)
            if signature:
                return Operative(marker, i, points, signature, marker_start)
            if lines[i].table is not None:
                after_table = bool(points)
                continue
            glued = signature_after_text(lines, i)
            if glued:
                _take(points, text[: glued[0]].strip(), after_table)
                return Operative(marker, i + 1, points, glued[1], marker_start)
        if not _take(points, text, after_table):
            return Operative(marker, i, points, None, marker_start)
        after_table = False
    return Operative(marker, len(lines), points, None, marker_start)
