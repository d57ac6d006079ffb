"""What the decision reads about one (template activity, plan activity) pair: its signals, and the
same scores relative to the rest of the pair of documents.

A score means little alone: 0.6 is a sure match in a plan written in other words and a loose one in
a near copy. So beside each score the decision sees how far it is from the best of its template
row and of its plan column, by how much it beats the runner-up there (mutual best, margin), and
how it stands against the pair's typical best score (`closeness`: the mean over template rows of
their best score, high for a copy, low for a weak plan) and how closely the plan follows the
template row by row (`mutual_share`: the share of template rows whose best plan row has them as
its best too, high for copies and paraphrases, low for weak plans), alone and with the pair's
being a mutual or a row best (in a plan that follows the template, a row's best is its answer
even at a low score). And whether the plan row names one school (`scope`), and how many of the
plan's rows do: a school's share of a regional activity is a narrower answer. Every feature is
computed for all pairs at once as a matrix (`columns`; one that is the same along a row, a
column or everywhere is a broadcast view of its row, column or number); `matrix` stacks them as
[template, plan, feature].
"""

from __future__ import annotations

import numpy as np

from compare.scoring import Signals

RAW = ("lexical", "head", "cover_template", "cover_plan", "soft", "head_soft")
RELATIVE = ("base", "soft")
RELATIONS = (
    "to_row_best",
    "to_column_best",
    "over_row_next",
    "over_column_next",
    "to_closeness",
    "row_z",
    "column_z",
    "mutual_best",
    "row_near",
    "column_near",
)
NEAR = 0.05
FOLLOWING = ("mutual_share", "mutual_in_follower", "row_best_in_follower")
SPREAD_FLOOR = 0.05
Z_BOUND = 6.0
CLOSENESS_FLOOR = 0.1


def feature_names() -> list[str]:
    """Names of the feature columns, in order."""
    names = ["base", *RAW]
    names += [f"{score}_{relation}" for score in RELATIVE for relation in RELATIONS]
    names += [f"{score}_closeness" for score in RELATIVE]
    names += [f"{score}_{kind}" for score in RELATIVE for kind in FOLLOWING]
    names += ["plan_names_school", "plan_school_share"]
    return names


def _over_next(scores: np.ndarray, axis: int, best: np.ndarray, top: np.ndarray) -> np.ndarray:
    """Each score minus the best other score on its row (axis=1) or column (axis=0): positive
    only for the best, by its margin over the runner-up (0 where the best is shared); `best`:
    the maxima along `axis` (kept dimensions), `top`: where `scores` reach them.

    The runner-up is the best of the scores below the best, or the best itself when several
    reach it: a few passes of maxima and comparisons, where sorting each row was the largest
    cost of the features."""
    if scores.shape[axis] < 2:
        return scores.copy()
    below = np.where(top, -np.inf, scores).max(axis=axis, keepdims=True)
    second = np.where(top.sum(axis=axis, keepdims=True) > 1, best, below)
    return scores - np.where(top, second, best)


def _standing(scores: np.ndarray, axis: int) -> np.ndarray:
    """How far each score stands above the others of its row (axis=1) or column (axis=0), in
    standard deviations of that row or column (at least `SPREAD_FLOOR`, bounded by `Z_BOUND`:
    a row where nothing scores does not make its best stand out)."""
    spread = np.maximum(scores.std(axis=axis, keepdims=True), np.float32(SPREAD_FLOOR))
    out = scores - scores.mean(axis=axis, keepdims=True)
    np.divide(out, spread, out=out)
    return np.clip(out, -Z_BOUND, Z_BOUND, out=out)


def _closeness(scores: np.ndarray) -> float:
    """The mean over template rows of their best score: how close the plan keeps to the template."""
    return float(scores.max(axis=1).mean())


def matrix(found: Signals, base_weights: dict[str, float], plan_scope: np.ndarray) -> np.ndarray:
    """[template activity, plan activity, feature] in the order of `feature_names`."""
    return np.stack(columns(found, base_weights, plan_scope), axis=-1)


def columns(found: Signals, base_weights: dict[str, float], plan_scope: np.ndarray) -> list[np.ndarray]:
    """Each feature as a [template activity, plan activity] matrix, in the order of `feature_names`;
    `plan_scope`: 1 for each plan activity that names one school (`scope.school_scope`)."""
    scores = {"base": found.combined(base_weights)}
    scores.update({name: found.activity(name) for name in RAW})
    out = [scores["base"], *(scores[name] for name in RAW)]
    best: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # each score's row best and mutual best
    for name in RELATIVE:
        s = scores[name]
        closeness = max(_closeness(s), CLOSENESS_FLOOR)
        row_max, column_max = s.max(axis=1, keepdims=True), s.max(axis=0, keepdims=True)
        row_top, column_top = s >= row_max, s >= column_max
        best[name] = (row_top.astype(np.float32), (row_top & column_top).astype(np.float32))
        out += [
            s - row_max,
            s - column_max,
            _over_next(s, 1, row_max, row_top),
            _over_next(s, 0, column_max, column_top),
            s / closeness,
            _standing(s, 1),
            _standing(s, 0),
            best[name][1],
            _spread((s >= row_max - NEAR).sum(axis=1, keepdims=True), s.shape),
            _spread((s >= column_max - NEAR).sum(axis=0, keepdims=True), s.shape),
        ]
    shape = scores["base"].shape
    out += [_spread(_closeness(scores[name]), shape) for name in RELATIVE]
    for name in RELATIVE:
        row_best, mutual = best[name]
        share = float(mutual.sum()) / max(mutual.shape[0], 1)
        out += [_spread(share, shape), mutual * np.float32(share), row_best * np.float32(share)]
    out.append(_spread(plan_scope[None, :], shape))
    out.append(_spread(plan_scope.mean() if plan_scope.size else 0.0, shape))
    return [np.asarray(c, dtype=np.float32) for c in out]


def _spread(values: float | np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """`values` (a number, a row or a column) read as a float32 matrix of `shape` without
    copying it into every cell (a broadcast view: `calibration.Logistic` reads it at its size)."""
    return np.broadcast_to(np.asarray(values, dtype=np.float32), shape)
