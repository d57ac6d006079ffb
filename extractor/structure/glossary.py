"""The abbreviations a document defines for itself: a list after the plan ("КОПО – комитет
общего и профессионального образования Ленинградской области;"), a two-column table of
abbreviations, or "(далее – МЦОКО)" inline."""

from __future__ import annotations

from extractor.structure.lines import Line, table_text
from extractor.structure.text import clean_text
from model import GlossaryEntry
from normalizer.glossary import Definition, find_definitions


def _row_definitions(line: Line) -> list[Definition]:
    """Rows "ABBR | expansion" of a table, read as "ABBR – expansion"."""
    found = []
    for row in line.table.rows:
        cells = [clean_text(c) for c in row.cells if clean_text(c)]
        if len(cells) == 2:
            found.extend(find_definitions(f"{cells[0]} – {cells[1]}"))
    return found


def extract_glossary(lines: list[Line]) -> list[GlossaryEntry]:
    """Every abbreviation defined in `lines` (paragraphs and table cells), first definition kept."""
    entries: dict[str, GlossaryEntry] = {}
    for line in lines:
        texts = table_text(line.table) if line.table is not None else [line.text]
        definitions = [d for text in texts for d in find_definitions(text)]
        if line.table is not None:
            definitions += _row_definitions(line)
        for d in definitions:
            entries.setdefault(
                d.abbreviation, GlossaryEntry(abbreviation=d.abbreviation, expansion=d.expansion, raw=d.raw)
            )
    return list(entries.values())
