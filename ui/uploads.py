"""Uploaded files: kept on disk beside the database (so a document's source text stays
available) and reported one line per file."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FOLDER = Path(__file__).resolve().parent.parent / "data" / "uploads"


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
    safe_name = re.sub(r"[\\/:*?\"<>|\x00-\x1f]", "_", Path(name).name) or "файл"
    target = (folder or upload_folder()) / digest / safe_name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target
