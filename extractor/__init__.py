"""Extraction: read a .docx, .pdf or .txt order or road map into a structured `Document`."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import ExtractionError
from extractor.model import Document
from extractor.readers import read
from extractor.structure import build_document

__all__ = ["Document", "ExtractionError", "extract"]


def extract(path: Path | str) -> Document:
    """Read `path` (format told by content) and return its structured `Document`."""
    return build_document(read(path))
