"""The match decision's thresholds (`calibration.chosen`) and how `compare.calibrate` fits them,
on probabilities and plans built here."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

from compare import calibrate
from compare.calibration import calibration, chosen
from compare.matching import select
from compare.scoring import signals
from compare.text import statement
from model import Activity, Document

TEMPLATE = [
    "Проведение методических семинаров и вебинаров для учителей ШНОР по подготовке обучающихся к ГИА",
    "Организация наставничества для молодых учителей ШНОР",
    "Мониторинг объективности проведения ВПР в ШНОР",
    "Укрепление материально-технической базы ШНОР",
    "Проведение родительских собраний в ШНОР по вопросам подготовки к экзаменам",
    "Разработка методических рекомендаций по профилактике учебной неуспешности",
]
# Template row 0 split in two (the seminars, the webinars), rows in another order than the template's.
SPLIT_PLAN = [
    "Родительские собрания по подготовке к экзаменам",
    "Проведение вебинаров для учителей ШНОР по подготовке обучающихся к экзаменам",
    "Закрепление наставников за молодыми учителями",
    "Проведение методических семинаров для учителей математики ШНОР по подготовке обучающихся к ОГЭ",
]


def test_a_plan_row_s_likeliest_template_row_is_chosen_from_the_column_threshold():
    probability = np.array(
        [
            [0.9, 0.3, 0.0],  # row 0: plan row 0 its answer, plan row 1 likeliest for row 0 too
            [0.1, 0.2, 0.3],  # row 1: plan row 2 its likeliest, at the row threshold
            [0.0, 0.25, 0.1],  # plan row 1 at 0.25 here, but it is likelier for row 0
        ],
        dtype=np.float32,
    )
    assert chosen(probability, 0.6, 0.3).tolist() == [
        [True, False, False],
        [False, False, True],
        [False, False, False],
    ]
    with_column = chosen(probability, 0.6, 0.3, 0.2)
    assert with_column[0].tolist() == [True, True, False]  # the second piece of row 0
    assert not with_column[2].any()  # not the likeliest template row of plan row 1
    assert chosen(np.zeros((0, 3), dtype=np.float32), 0.6, 0.3, 0.2).shape == (0, 3)


def test_a_template_row_split_over_two_plan_rows_is_answered_by_both():
    found = signals([[statement(t)] for t in TEMPLATE], [[statement(t)] for t in SPLIT_PLAN])
    scope = np.zeros(len(SPLIT_PLAN), dtype=np.float32)
    shipped = calibration()
    pairs = {(i, j): grade for i, j, grade, _ in select(found, shipped, scope)}
    assert {j for i, j in pairs if i == 0} == {1, 3}
    assert pairs[0, 1] == pairs[0, 3] == "partial"  # each piece answers part of the row
    assert (2, 2) not in pairs and (1, 2) in pairs
    plan_side_off = replace(shipped, column_threshold=1.0)
    assert len([j for i, j, *_ in select(found, plan_side_off, scope) if i == 0]) == 1


def _document(name: str, titles: list[str]) -> Document:
    activities = [Activity(number=str(k), title=t) for k, t in enumerate(titles, 1)]
    return Document(doc_id=name, source=f"{name}.txt", format="txt", activities=activities)


def test_the_fit_counts_every_threshold_as_the_figures_do():
    """The grid the fit searches gives, for every triple of thresholds, the mean of match F1 and
    gap F1 that `pair_figures` gives of the matches those thresholds choose."""
    gold = {("1", "4"): "partial", ("1", "2"): "partial", ("2", "3"): "same", ("5", "1"): "same"}
    pair = calibrate.gold_pair("split", _document("t", TEMPLATE), _document("p", SPLIT_PLAN), gold)
    probability = calibration().match.probability(pair.features)
    grid = calibrate._pair_grid(pair, probability)
    same = np.ones_like(pair.match)
    for t, r, c in itertools.product(range(0, len(calibrate.THRESHOLDS), 5), repeat=3):
        values = [calibrate.THRESHOLDS[k] for k in (t, r, c)]
        found = calibrate._named(pair, chosen(probability, *values), same)
        figures = calibrate.pair_figures(pair.gold, found, pair.template_refs)
        assert grid[t, r, c] == (figures["match_f1"] + figures["gap_f1"]) / 2, values
