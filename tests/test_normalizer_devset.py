"""The normalizer alone on the devset's gold raw cells (other regions' wording): deadlines,
people and organisations of activities and order points reach the figures the project aims at.
Skipped where `../shared` is absent. `benchmarks/normalize.py --section gold` prints the figures."""

from __future__ import annotations

import pytest

from tests.gold import f1, normalizer_scores, shared_dir

SHARED = shared_dir()


@pytest.mark.skipif(SHARED is None, reason="../shared/devset is absent")
def test_devset_gold_cells_normalize_to_the_gold() -> None:
    assert SHARED is not None
    score = normalizer_scores(SHARED / "devset" / "extract" / "gold")
    assert score.activities > 0
    assert score.when_exact / score.activities >= 0.93
    assert f1(score.persons) >= 0.95
    assert f1(score.directive_persons) >= 0.95
    assert f1(score.orgs) >= 0.9
