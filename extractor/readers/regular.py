"""Only regular files are read: a FIFO would block the reader forever, a device such as
/dev/zero never ends, a folder is no document. Each gets its own Russian reason."""

from __future__ import annotations

import os
import stat
from pathlib import Path

KINDS = (
    (stat.S_ISDIR, "это папка, а не файл"),
    (stat.S_ISFIFO, "это именованный канал (FIFO), а не файл: не читается"),
    (stat.S_ISCHR, "это устройство, а не файл: не читается"),
    (stat.S_ISBLK, "это блочное устройство, а не файл: не читается"),
    (stat.S_ISSOCK, "это сокет, а не файл: не читается"),
)
SYMLINK = "символическая ссылка не обрабатывается"


def not_regular(path: Path, follow_symlinks: bool = True) -> str | None:
    """Why `path` is not read (Russian), or None if it is a regular file. Nothing is opened:
    the answer comes from the file's status. A symbolic link is refused unless
    `follow_symlinks`, then judged by its target."""
    try:
        status = os.stat(path, follow_symlinks=follow_symlinks)
    except FileNotFoundError:
        return "файл не найден"
    except OSError as exc:
        return f"файл недоступен: {exc.strerror or type(exc).__name__}"
    if stat.S_ISLNK(status.st_mode):
        return SYMLINK
    for test, reason in KINDS:
        if test(status.st_mode):
            return reason
    return None if stat.S_ISREG(status.st_mode) else "это не обычный файл: не читается"


def read_bounded(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file `path`, or None if it holds more than `limit` (it may
    grow after its size was checked: at most `limit` + 1 bytes are read)."""
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    return None if len(data) > limit else data
