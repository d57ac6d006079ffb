"""Extraction of every corpus rendition (txt, docx, pdf) measured against the gold.

The figures are the issue's floor for the genre; a regression on any field fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rapidfuzz.fuzz import ratio

from extractor import extract
from tests.conftest import corpus_files, gold_for

FIELDS = ("title", "number", "section", "deadline_raw", "responsible_raw", "result_raw")
FILES = corpus_files(".txt", ".docx", ".pdf")


def _norm(value: object) -> str:
    text = re.sub(r"<[^>]+>", " ", str(value or ""))
    text = text.translate(str.maketrans({"«": '"', "»": '"', "–": "-", "—": "-", "ё": "е"}))
    return re.sub(r"\s+", " ", text).strip().rstrip(" .;,")


def _align(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Pair activities in order by title similarity (each predicted one used once)."""
    pairs, start = [], 0
    for g in gold:
        for j in range(start, len(pred)):
            if ratio(_norm(g["title"]), _norm(pred[j]["title"])) >= 80:
                pairs.append((g, pred[j]))
                start = j + 1
                break
    return pairs


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_activities_match_gold(path: Path) -> None:
    gold = gold_for(path)["activities"]
    pred = [a.model_dump() for a in extract(path).activities]
    pairs = _align(gold, pred)
    f1 = 2 * len(pairs) / (len(gold) + len(pred))
    assert f1 >= 0.98, f"{path.name}: activities F1 {f1:.3f} ({len(pred)} found, {len(gold)} in gold)"
    for field in FIELDS:
        exact = sum(_norm(g[field]) == _norm(p[field]) for g, p in pairs) / len(pairs)
        assert exact >= 0.95, f"{path.name}: {field} exact {exact:.3f}"
