"""A document as a flat list of lines: the unit the preamble and operative-part rules read.

Readers cut text differently (the txt reader gives a paragraph a line, a Word paragraph may
hold line breaks, a PDF paragraph may be a fragment of one), so rules look at lines and join
what belongs together themselves. Tables stay whole, as one line without text.
"""

from __future__ import annotations

import re
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
            lines.append(Line("", block))
            continue
        assert isinstance(block, Paragraph)
        for part in block.text.split("\n"):
            text = _BROKEN_HYPHEN.sub("-", strip_markup(clean_text(part)))
            if text and not _PAGE_NUMBER.fullmatch(text):
                lines.append(Line(text))
    return lines


def table_text(table: Table) -> list[str]:
    """The non-empty cells of `table`, cleaned, row by row."""
    return [c for row in table.rows for c in (strip_markup(clean_text(x)) for x in row.cells) if c]


def join_lines(head: str, tail: str) -> str:
    """Join a line with the line that continues it: one space, or none after a word broken at a
    hyphen ("организационно-" + "методического"); a soft hyphen ("обра-" + "зования") goes."""
    if not head or not tail:
        return head or tail
    if re.search(r"[А-ЯЁа-яё]-$", head) and tail[0].isalpha():
        left = re.search(r"[А-ЯЁа-яё]+-$", head)
        right = re.match(r"[А-ЯЁа-яё]+", tail)
        if left and right and tail[0].islower():
            whole = left.group()[:-1] + right.group()
            if morph().word_is_known(whole.lower()) and not morph().word_is_known(right.group().lower()):
                return head[:-1] + tail
        return head + tail
    return f"{head} {tail}"
