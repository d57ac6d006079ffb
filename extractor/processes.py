"""Process trees: kill a process and everything it started (LibreOffice, Tesseract), and
remove scratch folders a killed process left behind."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import psutil

SCRATCH_PREFIX = "roadmap-job-"


def kill_tree(pid: int) -> None:
    """SIGKILL `pid` and all its descendants (all found first, so none is reparented away
    before it is seen); a process already gone is no error. The caller reaps its own child."""
    try:
        root = psutil.Process(pid)
        family = [*root.children(recursive=True), root]
    except psutil.NoSuchProcess:
        return
    for process in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def scratch_folder(pid: int) -> Path:
    """A new private temporary folder named after its owner `pid`, so that a folder left by an
    owner killed with SIGKILL is recognised and removed by `sweep_scratch`."""
    return Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{pid}-"))


def sweep_scratch() -> int:
    """Remove the scratch folders whose owner process is gone; return how many were removed."""
    removed = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*-*"):
        owner = folder.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not psutil.pid_exists(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed
