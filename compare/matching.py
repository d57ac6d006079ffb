"""Many-to-many assignment on a score matrix.

A pair matches when it is, within `margin`, the best plan activity for its template activity or
the best template activity for its plan activity, and its score reaches the `partial` threshold;
a pair that is the best on both sides needs only the lower `mutual` threshold. So one template
activity may be answered by several plan rows (and one plan row may answer several template
rows) while a row that merely resembles everything does not. Pairs
scoring at least `same` are graded `same`, the others `partial`. A plan activity that is the
`same` as some template activity answers no other one: it is that activity, not a broader one
(otherwise removing one of two near-identical template rows would hide the gap).
"""

from __future__ import annotations

import numpy as np

from compare.calibration import Calibration


def select(scores: np.ndarray, calibration: Calibration) -> list[tuple[int, int, str]]:
    """(template index, plan index, grade) of every matching pair, in template order."""
    if scores.size == 0:
        return []
    row_best = scores.max(axis=1, keepdims=True)
    column_best = scores.max(axis=0, keepdims=True)
    row_near = scores >= row_best - calibration.margin
    column_near = scores >= column_best - calibration.margin
    taken = column_best >= calibration.same
    chosen = (
        ((row_near | column_near) & (scores >= calibration.partial))
        | (row_near & column_near & (scores >= calibration.mutual))
    ) & ~(taken & (scores < column_best))
    pairs = []
    for i, j in zip(*np.nonzero(chosen), strict=True):
        grade = "same" if scores[i, j] >= calibration.same else "partial"
        pairs.append((int(i), int(j), grade))
    return pairs
