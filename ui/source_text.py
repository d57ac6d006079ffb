"""A stored document's source text as a reader sees it: paragraphs, and table rows with cells
separated by " | ", so a person can check what the extractor read.

A location is a file path, or for an archive member the archive's path and the member's
name joined by "!/" (nested archives repeat it), as the store records them. The file is read
in a bounded child process (`extractor.isolation`), as at ingestion."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from extractor.errors import ExtractionError
from extractor.isolation import run_bounded, run_bounded_data
from extractor.readers import read
from model import Paragraph, RawDocument


def source_text(location: str) -> str | None:
    """The text of the file at `location`, or None when it is gone or cannot be read."""
    outer, *members = location.split("!/")
    try:
        if not members:
            return _text(run_bounded(read, Path(outer)).value)
        data = Path(outer).read_bytes()
        for member in members:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = archive.read(member)
        return _text(run_bounded_data(read, members[-1], data).value)
    except (OSError, KeyError, zipfile.BadZipFile, ExtractionError):
        return None


def _text(raw: RawDocument) -> str:
    lines: list[str] = []
    for block in raw.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.append("")
            lines.extend(" | ".join(cell.strip() for cell in row.cells) for row in block.rows)
            lines.append("")
    return "\n".join(lines).strip()
