"""The package stands alone: its wheel, installed into a clean virtual environment outside the
checkout, runs the command line on the sample corpus it ships."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh venv holding only the project's wheel; the project's dependencies
    come from this environment's site-packages as plain paths (so no editable install of the
    checkout is seen)."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", folder, ROOT],
        check=True,
        timeout=600,
        cwd=folder,
    )
    (wheel,) = folder.glob("roadmap_check-*.whl")
    environment = folder / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site = Path(
        subprocess.check_output([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
        .decode()
        .strip()
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", site, wheel],
        check=True,
        timeout=600,
    )
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


def _clean_env() -> dict[str, str]:
    """This environment without what would point the installed package back at the checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "ROADMAP_DB_URL")}


def _run(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "-m", "roadmap", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_clean_env(),
        timeout=600,
    )


def test_the_wheel_does_not_import_the_checkout(installed: Path, tmp_path: Path) -> None:
    script = "import roadmap; print(roadmap.__file__)"
    where = subprocess.check_output([installed, "-c", script], cwd=tmp_path, env=_clean_env())
    assert not Path(where.decode().strip()).is_relative_to(ROOT)


def test_version_extract_and_demo_from_the_installed_wheel(installed: Path, tmp_path: Path) -> None:
    version = _run(installed, "--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("roadmap-check ")
    sample = subprocess.check_output(
        [installed, "-c", "from corpus import sample_documents; print(sample_documents()[0])"],
        cwd=tmp_path,
        env=_clean_env(),
    )
    extracted = _run(installed, "extract", sample.decode().strip(), "--format", "json", cwd=tmp_path)
    assert extracted.returncode == 0, extracted.stderr
    assert len(json.loads(extracted.stdout)["activities"]) > 0
    demo = _run(installed, "demo", "--db", f"sqlite:///{tmp_path / 'demo.db'}", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "сохранено 5, ошибок 0" in demo.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_app_from_the_installed_wheel_answers_its_health_check(installed: Path, tmp_path: Path) -> None:
    port = _free_port()
    command = [installed, "-m", "roadmap", "app", "--port", str(port), "--address", "127.0.0.1"]
    command += ["--db", f"sqlite:///{tmp_path / 'app.db'}"]
    log = (tmp_path / "app.log").open("wb")
    server = subprocess.Popen(command, cwd=tmp_path, env=_clean_env(), stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        answer = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=5) as reply:
                    answer = reply.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        assert answer == "ok", (tmp_path / "app.log").read_text(errors="replace")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
