"""A stored document's source text as a reader sees it: paragraphs, and table rows with cells
separated by " | ", so a person can check what the extractor read.

A location is a file path, or for an archive member the archive's path and the member's
name joined by "!/" (nested archives repeat it), as the store records them."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from extractor.errors import ExtractionError
from extractor.readers import read
from model import Paragraph


def source_text(location: str) -> str | None:
    """The text of the file at `location`, or None when it is gone or cannot be read."""
    outer, *members = location.split("!/")
    try:
        if not members:
            return _text(Path(outer))
        data = Path(outer).read_bytes()
        for member in members:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = archive.read(member)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / PurePosixPath(members[-1]).name
        path.write_bytes(data)
        return _text(path)


def _text(path: Path) -> str | None:
    try:
        raw = read(path)
    except ExtractionError:
        return None
    lines: list[str] = []
    for block in raw.blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.append("")
            lines.extend(" | ".join(cell.strip() for cell in row.cells) for row in block.rows)
            lines.append("")
    return "\n".join(lines).strip()
