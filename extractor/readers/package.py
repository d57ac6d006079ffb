"""Budgets of document packages (.docx, .odt, .xlsx, .ods: zip files of XML parts), checked
before reading.

Every member a reader inflates is checked against the package's central directory first: its
compression ratio (a zip bomb inflates megabytes into gigabytes) and the total of them. The
declared sizes can be trusted for memory: zipfile never inflates a member past its declared
size, and a member whose data does not end there fails its checksum. Members a reader does not
need (pictures, embedded objects, fonts: anything but XML) are never inflated: the .docx
reader gets a lean copy of the package in which they are empty, so an image bomb costs nothing.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import CorruptFileError, PackageLimitError

MB = 2**20
XML_SUFFIXES = (".xml", ".rels")


@dataclass(frozen=True)
class PackageBudget:
    """Bounds on the parts of a package that are read; the defaults leave legitimate orders
    and plans (tens of MB of XML at most, compressed 5-50 times) far inside."""

    max_total_bytes: int = 512 * MB
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MB


DEFAULT_BUDGET = PackageBudget()


def is_read(name: str) -> bool:
    """Whether a reader inflates the member `name`: XML parts and relationships only."""
    return name.lower().endswith(XML_SUFFIXES) or name == "mimetype"


def check_package(
    path: Path,
    budget: PackageBudget = DEFAULT_BUDGET,
    kind: str = "docx",
    read_by: Callable[[str], bool] = is_read,
) -> list[zipfile.ZipInfo]:
    """The members of the package `path` that are read (those `read_by` accepts by name), once
    their sizes are within `budget`; raise `PackageLimitError` naming the member that is not,
    `CorruptFileError` if the package's directory is unreadable (`kind` names the format in
    its reason)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CorruptFileError(path, f"повреждённый файл .{kind}: {exc or type(exc).__name__}") from exc
    read = [info for info in members if read_by(info.filename)]
    for info in read:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > budget.ratio_floor_bytes and ratio > budget.max_ratio:
            raise PackageLimitError(
                path,
                f"превышен лимит размера: часть документа {_short(info.filename)} сжата подозрительно "
                f"сильно ({ratio:.0f}:1, предел {budget.max_ratio:.0f}:1), возможна zip-бомба",
            )
    total = sum(info.file_size for info in read)
    if total > budget.max_total_bytes:
        raise PackageLimitError(
            path,
            f"превышен лимит размера: документ распаковывается в {total // MB} МБ "
            f"(предел {budget.max_total_bytes // MB} МБ)",
        )
    return read


def lean_package(path: Path, budget: PackageBudget = DEFAULT_BUDGET) -> io.BytesIO:
    """A copy of the package `path` (checked by `check_package`) in which the members no
    reader needs are empty: what python-docx opens instead of the file."""
    check_package(path, budget)
    copy = io.BytesIO()
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as lean:
            for info in source.infolist():
                if info.is_dir():
                    continue
                lean.writestr(info.filename, source.read(info) if is_read(info.filename) else b"")
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise CorruptFileError(path, f"повреждённый файл .docx: {exc or type(exc).__name__}") from exc
    copy.seek(0)
    return copy


def _short(name: str, limit: int = 60) -> str:
    return name if len(name) <= limit else f"…{name[-limit:]}"
