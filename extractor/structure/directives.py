"""The operative part of an order: numbered points after "ПРИКАЗЫВАЮ:"."""

from __future__ import annotations

from extractor.structure.lines import document_lines
from extractor.structure.operative import find_operative
from model import Directive, RawDocument


def extract_directives(raw: RawDocument) -> list[Directive]:
    """Return the numbered points of the operative part, in order ([] when there is none)."""
    operative = find_operative(document_lines(raw))
    if operative is None:
        return []
    return [Directive(number=p.number, text=p.text) for p in operative.points]
