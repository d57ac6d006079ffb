"""Uploaded files: kept on disk beside the database (so a document's source text stays
available) for as long as configured, and reported one line per file.

`ROADMAP_UPLOAD_KEEP_DAYS` (default 30) is how long an upload is kept: older ones are removed
whenever a file is uploaded; 0 keeps none past its own ingestion."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "data" / "uploads"
KEEP_ENV = "ROADMAP_UPLOAD_KEEP_DAYS"
DEFAULT_KEEP_DAYS = 30.0
DAY = 86_400.0


@dataclass(frozen=True)
class FileResult:
    """What became of one uploaded file or archive member: its activities, or why not, and a
    `note` when its name lied about its content."""

    name: str
    activities: int | None = None
    error: str | None = None
    skipped: bool = False
    skip_reason: str | None = None
    note: str | None = None

    @property
    def message(self) -> str:
        """The result line the user reads."""
        return f"{self._outcome} ({self.note})" if self.note else self._outcome

    @property
    def _outcome(self) -> str:
        if self.error is not None:
            return f"«{self.name}»: не загружен — {self.error}"
        if self.skipped and self.skip_reason:
            return f"«{self.name}»: пропущен — {self.skip_reason}"
        if self.skipped:
            return f"«{self.name}»: уже есть в базе, пропущен"
        return f"«{self.name}»: загружен, мероприятий — {self.activities}"


def upload_folder() -> Path:
    """Where uploads are kept: `ROADMAP_UPLOAD_DIR`, else `data/uploads`."""
    return Path(os.environ.get("ROADMAP_UPLOAD_DIR") or DEFAULT_FOLDER)


def save_upload(name: str, content: bytes, folder: Path | None = None) -> Path:
    """Write `content` under a folder named by its hash, keeping the file name the user gave."""
    digest = hashlib.sha256(content).hexdigest()[:16]
    safe_name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", Path(name).name)
    safe_name = safe_name if safe_name not in {"", ".."} else "файл"
    target = (folder or upload_folder()) / digest / safe_name
    purge_uploads(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    os.utime(target.parent)
    return target


def keep_days() -> float:
    """How many days uploads are kept: `ROADMAP_UPLOAD_KEEP_DAYS`, else 30."""
    return float(os.environ.get(KEEP_ENV) or DEFAULT_KEEP_DAYS)


def purge_uploads(folder: Path | None = None, days: float | None = None, now: float | None = None) -> int:
    """Remove the uploads older than `days` (default `keep_days()`); return how many."""
    folder = folder or upload_folder()
    limit = (now or time.time()) - (keep_days() if days is None else days) * DAY
    removed = 0
    for entry in folder.glob("*") if folder.is_dir() else ():
        if entry.is_dir() and not entry.is_symlink() and entry.stat().st_mtime < limit:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed


def discard_upload(saved: Path) -> None:
    """Remove an upload once ingested when uploads are not to be kept (`keep_days()` is 0)."""
    if keep_days() <= 0:
        shutil.rmtree(saved.parent, ignore_errors=True)
