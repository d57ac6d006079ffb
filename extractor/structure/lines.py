"""A document as a flat list of lines: the unit the preamble and operative-part rules read.

Readers cut text differently (the txt reader gives a paragraph a line, a Word paragraph may
hold line breaks, a PDF paragraph may be a fragment of one), so rules look at lines and join
what belongs together themselves. Tables stay whole, as one line without text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extractor.structure.text import clean_text
from model import Paragraph, RawDocument, Table
from normalizer.morph import morph

_MARKUP = re.compile(r"(\*{1,2}|_{2})(?=\S)(.+?)(?<=\S)\1")
_PAGE_NUMBER = re.compile(r"[-–—\s]*\d{1,3}[-–—\s]*|(?:стр\.|страница)\s*\d+(?:\s*из\s*\d+)?", re.IGNORECASE)
STRESS = "\u0301"
# "Каменск- Уральского": a word broken at its hyphen and rejoined with a space by a reader;
# "обще- и профессионального" (a suspended hyphen) keeps its space.
_BROKEN_HYPHEN = re.compile(r"(?<=[А-ЯЁа-яё\u0301])- (?=[А-ЯЁа-яё])(?!(?:и|или|либо)\s)")
# A one-row table of a few cells, or a small table above all text, is layout (a date line set
# with tab stops, a letterhead or an approval stamp in borderless cells): its cells are read as lines.
_LAYOUT_CELLS = 3
_SHORT_CELL = 40


@dataclass(frozen=True)
class Line:
    """One line of running text, or a whole table (`table` set, `text` empty)."""

    text: str
    table: Table | None = None


def strip_markup(text: str) -> str:
    """Remove Markdown emphasis (`**bold**`, `*italic*`) that some conversions leave in."""
    return _MARKUP.sub(r"\2", text)


def plain(text: str) -> str:
    """`text` without stress marks, for matching and for normalized values."""
    return text.replace(STRESS, "")


def document_lines(raw: RawDocument) -> list[Line]:
    """Paragraphs split at line breaks and cleaned, running page numbers dropped; tables kept."""
    lines: list[Line] = []
    for block in raw.blocks:
        if isinstance(block, Table):
            texts = layout_texts(block, top=not lines)
            if texts is None:
                lines.append(Line("", block))
                continue
        else:
            assert isinstance(block, Paragraph)
            texts = block.text.split("\n")
        for part in texts:
            text = _BROKEN_HYPHEN.sub("-", strip_markup(clean_text(part)))
            if text and not _PAGE_NUMBER.fullmatch(text):
                lines.append(Line(text))
    return lines


def layout_texts(table: Table, top: bool = False) -> list[str] | None:
    """The lines of a layout table, or None for a table of data. A one-row table of a few cells
    is layout anywhere; a small one is layout at the `top` of a document (a letterhead beside
    the addressee). Short cells side by side make one line; else the cells are read column by column."""
    rows = [[c.strip() for c in row.cells] for row in table.rows]
    width = max((len(r) for r in rows), default=0)
    if not rows or width > _LAYOUT_CELLS or len(rows) > (_LAYOUT_CELLS if top else 1):
        return None
    cells = [c for row in rows for c in row if c]
    if len(rows) == 1 and all("\n" not in c and len(c) <= _SHORT_CELL for c in cells):
        return [" ".join(cells)] if cells else None
    columns = [row[k] for k in range(width) for row in rows if k < len(row) and row[k]]
    return [part for c in columns for part in c.split("\n")] or None


def table_text(table: Table) -> list[str]:
    """The non-empty cells of `table`, cleaned, row by row."""
    return [c for row in table.rows for c in (strip_markup(clean_text(x)) for x in row.cells) if c]


_WORD_WINDOW = 100  # the end of a joined text that a broken word's head can lie in


def join_lines(head: str, tail: str) -> str:
    """Join a line with the line that continues it: one space, or none after a word broken at a
    hyphen ("организационно-" + "методического"); a soft hyphen ("обра-" + "зования") goes."""
    if not head or not tail:
        return head or tail
    end = head[-_WORD_WINDOW:]  # the patterns are anchored at the end: never scan a long head
    if re.search(r"[А-ЯЁа-яё]-$", end) and tail[0].isalpha():
        left = re.search(r"[А-ЯЁа-яё]+-$", end)
        right = re.match(r"[А-ЯЁа-яё]+", tail)
        if left and right and tail[0].islower():
            whole = left.group()[:-1] + right.group()
            if morph().word_is_known(whole.lower()) and not morph().word_is_known(right.group().lower()):
                return head[:-1] + tail
        return head + tail
    return f"{head} {tail}"


def join_all(parts: Iterable[str]) -> str:
    """`parts` joined one after another as `join_lines` joins two, in time linear in their
    length (a law of a megabyte is thousands of lines)."""
    pieces: list[str] = []
    for part in parts:
        if not part:
            continue
        if not pieces:
            pieces.append(part)
            continue
        previous = pieces.pop()
        kept, end = previous[:-_WORD_WINDOW], previous[-_WORD_WINDOW:]
        pieces.extend((kept, join_lines(end, part)))
    return "".join(pieces)
