"""Row order: a plan that implements a template mostly keeps its order, so of a template row's
candidates the one that sits where its answer should be is the likelier one.

The anchors are the pairs that are the best of both their row and their column (`anchors`). When
they follow the template (Kendall's tau of their plan positions against their template positions
at least `FOLLOWS`: a copy or a paraphrase, not a school-level or a routine plan), a pair is in
order when a longest chain of anchors in order (strictly increasing in template and plan row, a
dynamic programme over the matrix) can take it in: it sits between the plan rows of the chained
anchors around its template row (`in_order`). A chosen pair out of order that is no anchor itself
gives way to the best pair of its row in order, or goes when there is none and the row has
another answer (`reorder`). Whether the template row is answered at all stays the decision's:
the order chooses only which plan rows answer it.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right, insort

import numpy as np

FOLLOWS = 0.5
ORDER_SIGNAL = "order"  # the signal of a match placed by row order, not by the regression


def anchors(scores: np.ndarray) -> np.ndarray:
    """Pairs whose score is the best of both their row and their column."""
    return (scores >= scores.max(axis=1, keepdims=True)) & (scores >= scores.max(axis=0, keepdims=True))


def follows(anchored: np.ndarray) -> float:
    """Kendall's tau of the anchors' plan positions against their template positions (1 when the
    plan keeps the template's order, about 0 when it does not); 0 for fewer than two anchors,
    nan when they all sit in one template row (no pair of rows to compare).

    Every pair of anchors in two template rows counts +1 when the later row's is also later in
    the plan, -1 when it is earlier: the anchors are read row by row, each against the sorted
    plan positions of the rows before it (a bisection, not a matrix of all pairs)."""
    rows, columns = np.nonzero(anchored)
    if len(rows) < 2:
        return 0.0
    earlier: list[int] = []  # plan positions of the anchors of the rows read so far, sorted
    concordance = pairs = 0
    for row in np.split(columns, np.flatnonzero(np.diff(rows)) + 1):
        positions = row.tolist()
        for c in positions:
            concordance += bisect_left(earlier, c) - (len(earlier) - bisect_right(earlier, c))
        pairs += len(earlier) * len(positions)
        for c in positions:
            insort(earlier, c)
    return concordance / pairs if pairs else math.nan


def _longest(gains: np.ndarray) -> np.ndarray:
    """[i, j]: the largest sum of gains over a chain of cells strictly increasing in both row and
    column within the first `i` rows and `j` columns."""
    n, m = gains.shape
    best = np.zeros((n + 1, m + 1), dtype=np.float32)
    for i in range(n):
        best[i + 1, 1:] = np.maximum.accumulate(np.maximum(best[i, 1:], best[i, :-1] + gains[i]))
    return best


def in_order(anchored: np.ndarray) -> np.ndarray:
    """[template, plan]: some longest chain of anchors in order passes through this pair too,
    keeping all its anchors (a pair that is no anchor adds nothing to a chain): the pair is
    strictly after the chain's anchors before it and strictly before those after it, in template
    and plan order. So a second plan row of a template row whose own anchor every longest chain
    needs (a piece of a split beside it) is not in order: one chain holds one pair per row."""
    gains = anchored.astype(np.float32)
    n, m = gains.shape
    before = _longest(gains)
    after = _longest(gains[::-1, ::-1])[:n, :m][::-1, ::-1]
    return before[:n, :m] + gains + after >= before[n, m]


def reorder(chosen: np.ndarray, scores: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """`chosen` with each template row's pairs out of order (and no anchor) replaced by the row's
    best `allowed` pair in order, or dropped when the row has none but keeps another pair; a row's
    only pair stays when nothing in order can take its place. Only when the plan follows the
    template (`scores`: the base score)."""
    anchored = anchors(scores)
    if chosen.size == 0 or follows(anchored) < FOLLOWS:
        return chosen
    inside = in_order(anchored)
    astray = chosen & ~inside & ~anchored
    rows = np.flatnonzero(astray.any(axis=1))
    candidates = np.where(inside[rows] & allowed[rows] & ~chosen[rows], scores[rows], -np.inf)
    best = candidates.argmax(axis=1)
    found = np.isfinite(candidates[np.arange(len(rows)), best])
    out = chosen & ~astray
    alone = rows[~found & ~out[rows].any(axis=1)]
    out[alone] |= astray[alone]
    out[rows[found], best[found]] = True
    return out
