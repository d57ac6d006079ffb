"""Many-to-many assignment on a score matrix.

A pair matches when it is, within `margin`, the best plan activity for its template activity or
the best template activity for its plan activity, and its score reaches the `partial` threshold;
a pair that is the best on both sides needs only the lower `mutual` threshold. So one template
activity may be answered by several plan rows (and one plan row may answer several template
rows) while a row that merely resembles everything does not. Pairs
scoring at least `same` are graded `same`, the others `partial`.

A `same` pair settles both its activities: the plan row is that template activity, not a broader
one, and the template activity is answered by its copy. Neither takes another partner scoring
below that pair, and neither counts as anyone else's best: the others look for their best among
the rows still open (otherwise removing one of two near-identical template rows would hide the
gap, and a row next to a copied one would lose its own counterpart to the copy).
"""

from __future__ import annotations

import numpy as np

from compare.calibration import Calibration


def settled(scores: np.ndarray, same: float) -> np.ndarray:
    """Pairs ruled out because the template or the plan activity has a better `same` partner."""
    row_best = scores.max(axis=1, keepdims=True)
    column_best = scores.max(axis=0, keepdims=True)
    return ((row_best >= same) & (scores < row_best)) | ((column_best >= same) & (scores < column_best))


def select(scores: np.ndarray, calibration: Calibration) -> list[tuple[int, int, str]]:
    """(template index, plan index, grade) of every matching pair, in template order."""
    if scores.size == 0:
        return []
    ruled_out = settled(scores, calibration.same)
    open_scores = np.where(ruled_out, np.float32(-1.0), scores)
    row_near = open_scores >= open_scores.max(axis=1, keepdims=True) - calibration.margin
    column_near = open_scores >= open_scores.max(axis=0, keepdims=True) - calibration.margin
    chosen = (
        ((row_near | column_near) & (open_scores >= calibration.partial))
        | (row_near & column_near & (open_scores >= calibration.mutual))
    ) & ~ruled_out
    pairs = []
    for i, j in zip(*np.nonzero(chosen), strict=True):
        grade = "same" if scores[i, j] >= calibration.same else "partial"
        pairs.append((int(i), int(j), grade))
    return pairs
