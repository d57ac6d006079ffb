"""`roadmap app` starts the server through `ui.serve`, which warms the heavy modules once per
server process (`ui.warm`): after `warm` a fresh process has altair imported and pymorphy's
dictionaries, navec's vectors and compare's calibration loaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from roadmap import app_command

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from ui.warm import warm
before = "altair" in sys.modules
warm()
from compare.calibration import calibration
from compare.vectors import navec
from normalizer.morph import morph
loaded = [f.cache_info().currsize for f in (morph, navec, calibration)]
print(before, "altair" in sys.modules, loaded)
"""


def test_warming_loads_the_modules_the_pages_need_on_first_use() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT, timeout=300
    )
    assert done.stdout.split("\n")[-2] == "False True [1, 1, 1]", done.stderr


def test_roadmap_app_runs_the_server_that_warms_them(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(app_command.os, "execve", lambda path, command, env: started.append(command))
    app_command.app_command(db=f"sqlite:///{tmp_path / 'r.db'}", port=8600, address="127.0.0.1")
    [command] = started
    assert command[1:4] == ["-m", "ui.serve", str(app_command.SCRIPT)]
    assert "--server.port=8600" in command and "--server.headless=true" in command
