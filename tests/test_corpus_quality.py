"""Extraction of every corpus rendition (txt, docx, pdf) measured against the gold.

The figures are the issue's floor for the genre; a regression on any field fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor import extract
from tests.conftest import corpus_files, gold_for
from tests.gold import align_activities, normalized

FIELDS = ("title", "number", "section", "deadline_raw", "responsible_raw", "result_raw")
FILES = corpus_files(".txt", ".docx", ".pdf")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_activities_match_gold(path: Path) -> None:
    gold = gold_for(path)["activities"]
    pred = [a.model_dump() for a in extract(path).activities]
    pairs = align_activities(gold, pred)
    f1 = 2 * len(pairs) / (len(gold) + len(pred))
    assert f1 >= 0.98, f"{path.name}: activities F1 {f1:.3f} ({len(pred)} found, {len(gold)} in gold)"
    for field in FIELDS:
        exact = sum(normalized(g[field]) == normalized(p[field]) for g, p in pairs) / len(pairs)
        assert exact >= 0.95, f"{path.name}: {field} exact {exact:.3f}"
