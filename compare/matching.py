"""Many-to-many decision on the signal matrices of a template and a plan.

Every (template activity, plan activity) pair is read through `features.columns` (its scores and
where they stand in its row, its column and the pair of documents); the fitted `match` regression
gives the probability that it matches. A pair matches from the match threshold on, and the
likeliest plan row of each template activity already from the lower row threshold. So one
template activity may be answered by several plan rows (a split) and one plan row may answer
several template rows (a merge) when each of them stands out enough.

A copy (each text covers the other word for word, `COPY`) settles both its activities: neither
takes another partner (otherwise, of two near-identical template rows, the one the plan dropped
would hide behind the other's copy). In a plan that keeps the template's order, a chosen pair
out of order gives way to its row's best pair in order (`order.reorder`). The `grade`
regression grades each match `same` or `partial` on what `grading` reads of it, except that a
template activity answered by several plan rows (a split) is answered in part by each of them:
all its matches are `partial` (`graded`).
"""

from __future__ import annotations

import numpy as np

from compare import grading
from compare.calibration import Calibration
from compare.features import columns
from compare.order import reorder
from compare.scoring import Signals

COPY = 0.97


def settled(found: Signals) -> np.ndarray:
    """Pairs ruled out because the template or the plan activity has a copy elsewhere."""
    copy = np.minimum(found.activity("cover_template"), found.activity("cover_plan")) >= COPY
    in_row = copy.any(axis=1, keepdims=True)
    in_column = copy.any(axis=0, keepdims=True)
    return (in_row | in_column) & ~copy


def graded(chosen: np.ndarray, same: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
    """`same` where the regression says so and the template row is not split over several plan rows;
    `same`: the regression's verdict on every cell, or on the chosen cells alone (`rows`: their
    template rows, in the order of `np.nonzero(chosen)`)."""
    alone = chosen.sum(axis=1, keepdims=rows is None) <= 1
    return same & (alone if rows is None else alone[rows])


def select(
    found: Signals, calibration: Calibration, plan_scope: np.ndarray
) -> list[tuple[int, int, str, bool]]:
    """(template index, plan index, grade, placed by order) of every matching pair, in template
    order; `plan_scope`: `scope.school_scope` of the plan's activities. A pair placed by order is
    one `order.reorder` chose in place of the regression's pair out of order."""
    features = columns(found, calibration.base_weights, plan_scope)
    if features[0].size == 0:
        return []
    allowed = ~settled(found)
    decided = calibration.choose(features) & allowed
    chosen = reorder(decided, features[0], allowed)  # base score
    i, j = np.nonzero(chosen)
    same = graded(chosen, calibration.grade.says(grading.at_pairs(found, features, i, j)), i)
    pairs = zip(i.tolist(), j.tolist(), same.tolist(), (~decided[i, j]).tolist(), strict=True)
    return [(row, column, "same" if alike else "partial", placed) for row, column, alike, placed in pairs]
