"""Shared fixtures: the sample corpus and its gold annotations."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = CORPUS / "gold"


def corpus_files(*suffixes: str) -> list[Path]:
    """Corpus renditions with a gold annotation, for the given suffixes."""
    return sorted(
        p
        for p in CORPUS.iterdir()
        if p.suffix in suffixes and (GOLD / f"{p.name.split('.')[0]}.json").exists()
    )


def gold_for(path: Path) -> dict:
    return json.loads((GOLD / f"{path.name.split('.')[0]}.json").read_text(encoding="utf-8"))


@pytest.fixture
def make_txt(tmp_path: Path):
    """Write a tab-separated text document and return its path."""

    def write(text: str, name: str = "doc.txt") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# Whatever runs without naming a database (a child process, a page script still running after its
# test) opens this one, never the checkout's data/roadmap.db nor the developer's own.
_SESSION_FOLDER = Path(tempfile.mkdtemp(prefix="roadmap-tests-"))
os.environ["ROADMAP_DB_URL"] = f"sqlite:///{_SESSION_FOLDER / 'roadmap.db'}"
DEFAULT_DATABASE = ROOT / "data" / "roadmap.db"
_DEFAULT_BEFORE = pytest.StashKey[tuple[float, int] | None]()


def _default_database_state() -> tuple[float, int] | None:
    if not DEFAULT_DATABASE.exists():
        return None
    found = DEFAULT_DATABASE.stat()
    return found.st_mtime, found.st_size


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_DEFAULT_BEFORE] = _default_database_state()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run that created or changed the checkout's default database."""
    shutil.rmtree(_SESSION_FOLDER, ignore_errors=True)
    if _default_database_state() != session.config.stash[_DEFAULT_BEFORE]:
        print(f"\n{DEFAULT_DATABASE}: written by the tests, which must use a database of their own")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
