"""Shared fixtures: the sample corpus and its gold annotations."""

from __future__ import annotations

import json
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
