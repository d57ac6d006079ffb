"""The rooms depend on one another one way only (DESIGN: no two packages import each other)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("model", "extractor", "normalizer", "compare", "review", "store", "roadmap", "ui", "api")


def imported_rooms(room: str) -> set[str]:
    """The other rooms that any module of `room` imports."""
    found: set[str] = set()
    for path in (ROOT / room).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            found.update(name.split(".")[0] for name in names)
    return (found & set(ROOMS)) - {room}


def test_model_imports_no_other_room():
    assert imported_rooms("model") == set()


def test_no_two_rooms_import_each_other():
    graph = {room: imported_rooms(room) for room in ROOMS}
    cycles = sorted((a, b) for a in ROOMS for b in graph[a] if a < b and a in graph[b])
    assert cycles == []


def test_normalizer_does_not_import_the_extractor():
    assert "extractor" not in imported_rooms("normalizer")
