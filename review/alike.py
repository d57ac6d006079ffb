"""Which rows of several municipalities' plans say the same thing: compare's own calibrated match
regression, one municipality's rows read as the template and another's as the plan — the same
lemmas, synonyms, word vectors and standing of a pair among the other rows that decide a match
of a plan with its template (`compare.scoring.signals`, `compare.features`, the `match`
regression of `compare.calibration`). Figures on the compare devset's plan-vs-plan pairs:
`benchmarks/region_grouping.py`.
"""

from __future__ import annotations

import itertools

import numpy as np

from compare.calibration import calibration
from compare.features import columns as feature_columns
from compare.matching import settled
from compare.scoring import SIGNALS, Signals, signals
from compare.text import Statement, statement, sub_items


def matched_across(groups: list[list[str]]) -> set[tuple[int, int]]:
    """Pairs (k, l), k < l, of texts of two different groups (indices into the groups' texts in
    order) that compare's calibrated match regression pairs when one group is read as the
    template and the other as the plan: the signals of every text against every other are
    computed once, and the decision is taken on each pair of groups' block — from the match
    threshold only, without compare's lower threshold for a template row's likeliest answer
    (every template row is meant to be answered; an addition most often is not)."""
    flat = [text for group in groups for text in group]
    if len(groups) < 2:
        return set()
    statements = [_statements(t) for t in flat]
    found = signals(statements, statements)
    params = calibration()
    bounds = np.cumsum([0] + [len(g) for g in groups])
    pairs: set[tuple[int, int]] = set()
    for left, right in itertools.combinations(range(len(groups)), 2):
        rows, columns = range(bounds[left], bounds[left + 1]), range(bounds[right], bounds[right + 1])
        block = _block(found, rows, columns)
        features = feature_columns(block, params.base_weights, np.zeros(len(columns), dtype=np.float32))
        for i, j in zip(*np.nonzero(params.match.says(features) & ~settled(block)), strict=True):
            pairs.add((rows[int(i)], columns[int(j)]))
    return pairs


def _statements(text: str) -> list[Statement]:
    """A text's statements as compare reads an activity: the whole, then each sub-item."""
    return [statement(t) for t in [text, *sub_items(text)]]


def _block(found: Signals, rows: range, columns: range) -> Signals:
    """The signals of activities `rows` against activities `columns` (each a run of activities)."""

    def texts(starts: np.ndarray, span: range, size: int) -> slice:
        end = int(starts[span.stop]) if span.stop < len(starts) else size
        return slice(int(starts[span.start]), end)

    row_texts = texts(found.template_starts, rows, found.lexical.shape[0])
    column_texts = texts(found.plan_starts, columns, found.lexical.shape[1])
    matrices = {name: getattr(found, name)[row_texts, column_texts] for name in SIGNALS}
    return Signals(
        **matrices,
        idf=found.idf,
        template_starts=found.template_starts[rows.start : rows.stop] - row_texts.start,
        plan_starts=found.plan_starts[columns.start : columns.stop] - column_texts.start,
    )
