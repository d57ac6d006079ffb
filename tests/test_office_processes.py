"""LibreOffice dies with its caller and leaves no folder behind: a stand-in `soffice` that
never ends (it records its pid) is killed when the CLI's process group is killed, when the CLI
gets SIGTERM, and when the conversion outlasts its limit; the scratch folders go too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from extractor.errors import ExtractionError
from extractor.processes import SCRATCH_PREFIX, sweep_scratch
from extractor.readers.office import read_office

ROOT = Path(__file__).resolve().parent.parent
FAKE = '#!/bin/sh\necho $$ > "$ROADMAP_FAKE_PID"\nexec sleep 600\n'


@pytest.fixture
def hanging_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `soffice` first on PATH that writes its pid to the returned file and hangs."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "soffice"
    fake.write_text(FAKE)
    fake.chmod(0o755)
    pid_file = tmp_path / "soffice.pid"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("ROADMAP_FAKE_PID", str(pid_file))
    return pid_file


def rtf(tmp_path: Path) -> Path:
    path = tmp_path / "приказ.rtf"
    path.write_bytes(b"{\\rtf1 ORDER}")
    return path


def start_cli(path: Path) -> subprocess.Popen:
    """`roadmap extract PATH` as a job of its own process group, like a shell runs it."""
    return subprocess.Popen(
        [sys.executable, "-c", "from roadmap.cli import app; app()", "extract", str(path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def started(pid_file: Path, timeout: float = 90) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid_file.exists() and pid_file.read_text().strip():
            return int(pid_file.read_text())
        time.sleep(0.2)
    raise AssertionError("soffice never started")


def gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def scratch_of(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{pid}-*"))


def test_soffice_dies_with_the_process_group_and_its_folder_is_swept(
    hanging_soffice: Path, tmp_path: Path
) -> None:
    cli = start_cli(rtf(tmp_path))
    soffice = started(hanging_soffice)
    os.killpg(cli.pid, signal.SIGKILL)
    cli.wait(timeout=30)
    assert gone(soffice)
    sweep_scratch()
    assert scratch_of(cli.pid) == []


def test_sigterm_to_the_cli_kills_soffice_and_removes_the_folders(
    hanging_soffice: Path, tmp_path: Path
) -> None:
    cli = start_cli(rtf(tmp_path))
    soffice = started(hanging_soffice)
    assert scratch_of(cli.pid)
    cli.send_signal(signal.SIGTERM)
    assert cli.wait(timeout=30) != 0
    assert gone(soffice)
    assert scratch_of(cli.pid) == []


def test_a_conversion_past_its_limit_is_killed_with_what_it_started(
    hanging_soffice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with pytest.raises(ExtractionError) as caught:
        read_office(rtf(tmp_path), "rtf", timeout=3)
    assert "превышено время" in caught.value.reason
    assert gone(int(hanging_soffice.read_text()))
    assert list((tmp_path / "tmp").iterdir()) == []
