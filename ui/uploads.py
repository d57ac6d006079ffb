"""Uploaded files: kept on disk beside the database (so a document's source text stays
available) and reported one line per file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "data" / "uploads"


@dataclass(frozen=True)
class FileResult:
    """What became of one uploaded file (or archive member): its activities, or why it failed."""

    name: str
    activities: int | None = None
    error: str | None = None
    skipped: bool = False

    @property
    def message(self) -> str:
        """The result line the user reads."""
        if self.error is not None:
            return f"«{self.name}»: не загружен — {self.error}"
        if self.skipped:
            return f"«{self.name}»: уже есть в базе, пропущен"
        return f"«{self.name}»: загружен, мероприятий — {self.activities}"


def upload_folder() -> Path:
    """Where uploads are kept: `ROADMAP_UPLOAD_DIR`, else `data/uploads`."""
    return Path(os.environ.get("ROADMAP_UPLOAD_DIR") or DEFAULT_FOLDER)


def save_upload(name: str, content: bytes, folder: Path | None = None) -> Path:
    """Write `content` under a folder named by its hash, keeping the file name the user gave."""
    digest = hashlib.sha256(content).hexdigest()[:16]
    safe_name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", Path(name).name) or "файл"
    target = (folder or upload_folder()) / digest / safe_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 100 * 2**20
MAX_TOTAL_BYTES = 500 * 2**20


def unpack_zip(path: Path, folder: Path) -> tuple[list[Path], list[FileResult]]:
    """The documents inside the zip archive at `path`, written under `folder`, and a result line
    for each member refused (too large, too many, an archive that cannot be read)."""
    refused: list[FileResult] = []
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return [], [FileResult(path.name, error="архив повреждён или это не zip")]
    files: list[Path] = []
    total = 0
    with archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            name = _member_name(member)
            if len(files) >= MAX_MEMBERS:
                refused.append(
                    FileResult(name, error=f"в архиве больше {MAX_MEMBERS} файлов, остальные пропущены")
                )
                break
            total += member.file_size
            if member.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                refused.append(FileResult(name, error="файл в архиве слишком большой после распаковки"))
                continue
            files.append(save_upload(name, archive.read(member), folder))
    return files, refused


def _member_name(member: zipfile.ZipInfo) -> str:
    """The member's file name, read as cp866 when the archive did not mark it as UTF-8."""
    name = member.filename
    if not member.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("cp866")
    return Path(name.replace("\\", "/")).name
