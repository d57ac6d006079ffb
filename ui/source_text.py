"""A stored document's source text as a reader sees it: paragraphs, and table rows with cells
separated by " | ", so a person can check what the extractor read."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import ExtractionError
from extractor.model import Paragraph
from extractor.readers import read


def source_text(path: Path | str) -> str | None:
    """The text of the file at `path`, or None when it is gone or cannot be read."""
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
