"""Extraction: read an order or road map (Word, RTF, OpenDocument, PDF and scans, HTML, text,
spreadsheets: `readers.DOCUMENT_SUFFIXES`) into a structured `Document`."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import ExtractionError
from extractor.readers import read
from extractor.structure import build_document
from model import Document
from normalizer.pipeline import normalize_document

__all__ = ["Document", "ExtractionError", "extract"]


def extract(path: Path | str, normalize: bool = True) -> Document:
    """Read `path` (format told by content) and return its structured `Document`; with
    `normalize` (the default) deadlines, people and organisations are also read into canonical
    form by `normalizer.pipeline`, else only the raw texts are filled."""
    document = build_document(read(path))
    if not normalize:
        return document
    return normalize_document(document)
