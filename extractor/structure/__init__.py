"""Structure: turn a reader's `RawDocument` into a `Document` (meta, directives, activities)."""

from __future__ import annotations

from extractor.structure.activities import extract_activities
from extractor.structure.directives import extract_directives
from extractor.structure.meta import extract_meta
from extractor.structure.paragraph_plan import paragraph_activities
from model import Document, RawDocument


def build_document(raw: RawDocument) -> Document:
    """Interpret the blocks of `raw` as an order or road map."""
    return Document(
        doc_id=raw.path.name.split(".")[0],
        source=raw.path.name,
        format=raw.format,
        page_count=raw.page_count,
        ocr=raw.ocr,
        meta=extract_meta(raw),
        directives=extract_directives(raw),
        activities=extract_activities(raw) or paragraph_activities(raw),
    )
