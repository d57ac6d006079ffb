"""Row order (`compare.order`): of a template row's candidates, the one where its answer should be."""

from __future__ import annotations

import numpy as np

from compare.order import anchors, follows, in_order, reorder


def _diagonal(n: int, m: int, score: float = 0.9) -> np.ndarray:
    """A plan that answers template row k with plan row k (a copy's score matrix), low elsewhere."""
    scores = np.full((n, m), 0.1, dtype=np.float32)
    for k in range(min(n, m)):
        scores[k, k] = score
    return scores


def test_a_plan_in_the_template_s_order_follows_it_and_a_reversed_one_does_not():
    scores = _diagonal(6, 6)
    assert follows(anchors(scores)) == 1.0
    assert follows(anchors(scores[:, ::-1])) == -1.0
    assert follows(anchors(np.eye(1, dtype=np.float32))) == 0.0


def test_a_pair_is_in_order_between_the_plan_rows_of_the_anchors_around_it():
    scores = _diagonal(6, 7)
    scores[2, 2] = 0.2  # template row 2 has no sure answer (plan row 2 is better for row 5)
    scores[5, 2] = 0.3
    scores[3, 3], scores[3, 4] = 0.1, 0.9  # from template row 3 on, answered one row further down
    scores[4, 4], scores[4, 5] = 0.1, 0.9
    scores[5, 5], scores[5, 6] = 0.1, 0.9
    assert not anchors(scores)[2].any()
    ordered = in_order(anchors(scores))
    assert ordered[2, 2] and ordered[2, 3]  # between the answers of rows 1 and 3
    assert not ordered[2, 0] and not ordered[2, 5]
    assert ordered[3, 4] and not ordered[3, 1]


def test_a_row_s_answer_out_of_order_gives_way_to_its_candidate_in_order():
    scores = _diagonal(6, 6)
    scores[2, 2] = 0.5  # the answer, where it should be
    scores[2, 5] = 0.55  # a near rival far down the plan, whose own row has a better answer
    chosen = np.zeros_like(scores, dtype=bool)
    chosen[[0, 1, 3, 4, 5], [0, 1, 3, 4, 5]] = True
    chosen[2, 5] = True
    out = reorder(chosen, scores, np.ones_like(chosen))
    assert out[2, 2] and not out[2, 5]
    assert (out.sum(axis=1) == 1).all()  # which plan row answers, never whether


def test_order_leaves_anchors_unforbidden_pairs_and_plans_that_do_not_follow_alone():
    scores = _diagonal(6, 6)
    scores[2, 2], scores[2, 5] = 0.5, 0.55
    chosen = np.zeros_like(scores, dtype=bool)
    chosen[2, 5] = True
    forbidden = np.ones_like(chosen)
    forbidden[2, 2] = False
    assert (reorder(chosen, scores, forbidden) == chosen).all()  # no allowed pair in order: kept
    shuffled = np.random.default_rng(3).permutation(6)
    loose = scores[:, shuffled]
    loose_chosen = chosen[:, shuffled]
    assert follows(anchors(loose)) < 0.5
    assert (reorder(loose_chosen, loose, np.ones_like(chosen)) == loose_chosen).all()
    anchor_moved = np.zeros_like(chosen)
    anchor_moved[4, 4] = True
    assert (reorder(anchor_moved, scores, np.ones_like(chosen)) == anchor_moved).all()


def test_a_second_answer_out_of_order_goes_and_a_row_s_only_answer_stays():
    scores = _diagonal(6, 6)
    scores[2, 5] = 0.55  # far down the plan, where row 5 is answered
    chosen = np.zeros_like(scores, dtype=bool)
    chosen[2, [2, 5]] = True  # row 2 split over its answer and the stray
    chosen[3, 5] = True  # row 3's only pair, out of order; its place in order is ruled out
    allowed = np.ones_like(chosen)
    allowed[3, 3] = False
    out = reorder(chosen, scores, allowed)
    assert out[2, 2] and not out[2, 5]
    assert out[3, 5]
