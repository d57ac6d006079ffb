"""What the grade reads about a match (`compare.grading`), on texts built here, and the reason a
partial match gives on a real corpus pair."""

from __future__ import annotations

import json

import numpy as np
import pytest

from compare import compare, grading
from compare.calibration import CALIBRATION_FILE, CalibrationError, calibration
from compare.features import columns
from compare.scope import school_scope
from compare.scoring import signals
from compare.text import statement
from extractor import extract
from model import Activity
from tests.conftest import CORPUS

TEMPLATE = [
    "Анализ результатов ВПР, ОГЭ и ЕГЭ обучающихся",
    "Организация наставничества для молодых педагогов",
]


def found_for(template: list[str], plan: list[str]):
    return signals([[statement(t)] for t in template], [[statement(t)] for t in plan])


def test_a_piece_of_a_split_sees_what_the_other_piece_answers():
    split = found_for(
        TEMPLATE, ["Анализ результатов ВПР обучающихся", "Анализ результатов ОГЭ и ЕГЭ обучающихся"]
    )
    whole = found_for(TEMPLATE, ["Анализ результатов ВПР, ОГЭ и ЕГЭ обучающихся"])
    rest = grading.split_rest(*split.title_cover()[1:], split.activity("soft"))
    assert rest[0, 0] > 0.3 and rest[0, 1] > 0.2
    assert grading.split_rest(*whole.title_cover()[1:], whole.activity("soft"))[0, 0] == 0.0


def test_a_plan_row_inside_its_template_row_is_the_narrower():
    found = found_for(TEMPLATE, ["Анализ результатов ВПР обучающихся", TEMPLATE[1]])
    narrower = grading.narrower(found.activity("cover_template"), found.activity("cover_plan"))
    assert narrower[0, 0] < -0.2
    assert narrower[1, 1] == 0.0


def test_the_words_a_plan_row_leaves_out_are_named():
    found = found_for(TEMPLATE, ["Анализ результатов ВПР обучающихся", TEMPLATE[1]])
    missing, none = grading.unanswered_words(found, [0, 1], [0, 1])
    assert "экзамен" in missing and "анализ" not in missing
    assert none == []
    reason = grading.partial_reason(["7"], True, missing)
    assert "разделено" in reason and "7" in reason and "одной школы" in reason and "«экзамен»" in reason


def test_grade_columns_are_matrices_of_the_pair_in_the_order_of_their_names():
    plan = ["Анализ результатов ВПР обучающихся", "Закрепление наставников за молодыми учителями"]
    found = found_for(TEMPLATE, plan)
    scope = school_scope([Activity(title=t) for t in plan])
    out = grading.columns(found, columns(found, calibration().base_weights, scope))
    assert len(out) == len(grading.feature_names())
    assert all(c.shape == (2, 2) and c.dtype == np.float32 for c in out)


def test_a_calibration_fitted_on_other_grade_features_is_refused(tmp_path, monkeypatch):
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    data["grade_features"] = data["grade_features"][:-1]
    own = tmp_path / "calibration.json"
    own.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("ROADMAP_CALIBRATION", str(own))
    calibration.cache_clear()
    try:
        with pytest.raises(CalibrationError, match="другими признаками"):
            calibration()
    finally:
        calibration.cache_clear()


def test_a_partial_match_says_why_and_a_same_one_does_not():
    template = extract(CORPUS / "001_ff4c9489b29d190a.txt")
    plan = extract(CORPUS / "000_e1a1ce5ee80185a8.txt")
    result = compare(template, plan)
    partial = [m for m in result.matches if m.grade == "partial"]
    assert partial
    assert all(m.reason for m in partial)
    assert not any(m.reason for m in result.matches if m.grade == "same")
    messages = [f.message for f in result.findings if f.rule == "partial_coverage"]
    assert messages and all(": " in m.split("частично", 1)[1] for m in messages)
