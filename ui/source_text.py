"""A stored document's source text as a reader sees it: paragraphs, and table rows with cells
separated by " | ", so a person can check what the extractor read.

A location is a file path, or for an archive member the archive's path and the member's
name joined by "!/" (nested archives repeat it), as the store records them. A location is not
always a path the server chose: an upload through the API keeps the bare name its sender gave,
which read as a path would name whatever file of the server's working folder has that name.
So the bytes found at a location are shown only when they are the very bytes ingested (their
SHA-256 is the document's content hash): a name cannot make the app show another file. The
file is read in a bounded child process (`extractor.isolation`), as at ingestion."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from extractor.errors import ExtractionError
from extractor.isolation import run_bounded_data
from extractor.readers import read
from extractor.readers.regular import not_regular, read_bounded
from model import Paragraph, RawDocument
from store.sources import DEFAULT_LIMITS


def source_text(location: str, file_name: str, content_hash: str | None) -> str | None:
    """The text of the file ingested from `location` as `file_name`, or None when it is gone,
    is not a regular file, or is no longer the content whose SHA-256 is `content_hash`."""
    if not isinstance(content_hash, str) or not content_hash:  # a failed document has none
        return None
    data = _stored_bytes(location, DEFAULT_LIMITS.max_file_bytes)
    if data is None or hashlib.sha256(data).hexdigest() != content_hash:
        return None
    try:
        return _text(run_bounded_data(read, file_name, data).value)
    except ExtractionError:
        return None


def _stored_bytes(location: str, limit: int) -> bytes | None:
    """The bytes at `location` (through its archives), at most `limit` of each; None if any
    step is missing, not a regular file, larger or damaged."""
    outer, *members = location.split("!/")
    path = Path(outer)
    try:
        if not_regular(path, follow_symlinks=False):
            return None
        data = read_bounded(path, limit)
        for member in members:
            if data is None:
                return None
            with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as opened:
                data = opened.read(limit + 1)
            data = data if len(data) <= limit else None
    except (OSError, KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError):
        return None
    return data


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
