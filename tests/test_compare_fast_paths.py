"""The vectorised computations of compare give exactly what the plain ones they replace give:
maxima over each activity's texts, the best pair of texts of a match, IDF-weighted text vectors,
the rest of a split template row, the Kendall's tau of the anchors."""

from __future__ import annotations

import numpy as np
import pytest

from compare.align import _best_per_text
from compare.grading import split_rest
from compare.order import follows
from compare.scoring import SIGNALS, segment_max, signals
from compare.text import statement, sub_items
from compare.vectors import term_vector, text_vectors


def _segments(rng: np.random.Generator, size: int) -> np.ndarray:
    cuts = rng.choice(np.arange(1, size), size=size // 3, replace=False)
    return np.sort(np.concatenate([[0], cuts])).astype(np.intp)


@pytest.mark.parametrize("axis", [0, 1])
def test_segment_max_is_the_reduction_over_each_segment(axis: int) -> None:
    rng = np.random.default_rng(7)
    matrix = rng.random((40, 37), dtype=np.float32)
    starts = _segments(rng, matrix.shape[axis])
    assert np.array_equal(segment_max(matrix, starts, axis), np.maximum.reduceat(matrix, starts, axis=axis))


def _pairwise_tau(anchored: np.ndarray) -> float:
    rows, columns = np.nonzero(anchored)
    later = rows[None, :] > rows[:, None]
    with np.errstate(invalid="ignore"):
        return float(np.sign(columns[None, :] - columns[:, None])[later].sum() / later.sum())


@pytest.mark.parametrize("density", [0.002, 0.02, 0.3])
def test_follows_is_the_sign_sum_over_every_pair_of_anchors_in_two_rows(density: float) -> None:
    rng = np.random.default_rng(3)
    anchored = rng.random((60, 50)) < density  # rows and columns with several anchors, ties in both
    assert follows(anchored) == _pairwise_tau(anchored)


def test_follows_of_anchors_all_in_one_row_is_undefined() -> None:
    anchored = np.zeros((3, 4), dtype=bool)
    anchored[1, [0, 2]] = True
    assert np.isnan(follows(anchored)) and np.isnan(_pairwise_tau(anchored))


def test_the_signals_of_a_match_are_those_of_its_best_pair_of_texts() -> None:
    titles = [
        "Проведение семинара для руководителей. Разработка методических рекомендаций по наставничеству",
        "Мониторинг объективности оценочных процедур",
        "Организация курсов повышения квалификации: - для учителей математики; - для учителей физики",
    ]
    plans = [
        "Семинар для руководителей школ",
        "Курсы повышения квалификации учителей физики",
        "Контроль объективности ВПР. Анализ результатов ВПР",
    ]

    def texts(title: str) -> list:
        return [statement(t) for t in [title, *sub_items(title)]]

    found = signals([texts(t) for t in titles], [texts(p) for p in plans])
    weights = {name: 1.0 for name in SIGNALS}
    i, j = np.repeat(np.arange(3), 3), np.tile(np.arange(3), 3)
    total = np.zeros_like(found.lexical)
    for name in SIGNALS:
        total += np.float32(1 / len(SIGNALS)) * getattr(found, name)
    t_ends = [*found.template_starts[1:], total.shape[0]]
    p_ends = [*found.plan_starts[1:], total.shape[1]]
    values = found.at_pairs(i, j, weights)
    for k in range(len(i)):
        at = {name: float(values[name][k]) for name in SIGNALS}
        rows = slice(found.template_starts[i[k]], t_ends[i[k]])
        columns = slice(found.plan_starts[j[k]], p_ends[j[k]])
        block = total[rows, columns]
        r, c = np.unravel_index(int(block.argmax()), block.shape)
        expected = {name: float(getattr(found, name)[rows, columns][r, c]) for name in SIGNALS}
        assert at == expected, (i[k], j[k])
    assert (found.template_starts[1:] - found.template_starts[:-1] > 1).any()


def test_text_vectors_are_the_weighted_sums_of_their_terms() -> None:
    texts = [["школа", "учитель", "школа", "нетслова"], [], ["нетслова"], ["семинар", "руководитель"]]
    idf = {"школа": 1.5, "учитель": 2.0, "семинар": 1.2}
    expected = np.zeros((len(texts), 300), dtype=np.float32)
    for row, terms in enumerate(texts):
        for term in terms:
            vector = term_vector(term)
            if vector is not None:
                expected[row] += idf.get(term, 1.0) * vector
    norms = np.linalg.norm(expected, axis=1, keepdims=True)
    expected = np.divide(expected, norms, out=np.zeros_like(expected), where=norms > 0)
    assert np.array_equal(text_vectors(texts, idf), expected)
    assert not expected[1].any() and not expected[2].any() and expected[0].any()


def test_each_terms_best_similarity_in_a_text_is_its_maximum_over_the_texts_terms() -> None:
    rng = np.random.default_rng(3)
    vocabulary = {f"t{k}": k for k in range(9)}
    similarity = rng.random((5, len(vocabulary)), dtype=np.float32)
    texts = [["t1", "t4", "t1", "t8"], [], ["t0"], ["t3", "t2", "t7", "t5", "t6"]]
    expected = np.zeros((5, len(texts)), dtype=np.float32)
    for j, terms in enumerate(texts):
        if terms:
            expected[:, j] = similarity[:, [vocabulary[t] for t in terms]].max(axis=1)
    assert np.array_equal(_best_per_text(similarity, texts, vocabulary), expected)


def plain_split_rest(weights: np.ndarray, best: np.ndarray, soft: np.ndarray) -> np.ndarray:
    """`grading.split_rest` one plan row at a time."""
    out = np.zeros(soft.shape, dtype=np.float32)
    if soft.size == 0 or not weights.size:
        return out
    covered = weights @ best
    pointers = np.flatnonzero(soft.max(axis=0) > 0)
    for other, i in zip(pointers, soft[:, pointers].argmax(axis=0), strict=True):
        words = np.flatnonzero(weights[i])
        if not words.size:
            continue
        rows = best[words]
        gain = weights[i, words] @ np.maximum(rows, rows[:, [other]]) - covered[i]
        gain[other] = 0.0
        np.maximum(out[i], gain, out=out[i])
    return out


@pytest.mark.parametrize("seed", range(40))
def test_the_rest_of_a_split_is_that_of_each_plan_row_alone(seed: int) -> None:
    rng = np.random.default_rng(seed)
    templates, plans, terms = (int(n) for n in rng.integers(1, 70, size=3))
    weights = rng.random((templates, terms), dtype=np.float32) * (rng.random((templates, terms)) < 0.2)
    sums = weights.sum(axis=1, keepdims=True)
    weights = np.divide(weights, sums, out=weights, where=sums > 0)
    best = rng.random((terms, plans), dtype=np.float32)
    soft = np.round(rng.random((templates, plans), dtype=np.float32) * 4) / 4  # ties of the best row
    soft *= rng.random((templates, plans)) < 0.7
    assert np.array_equal(split_rest(weights, best, soft), plain_split_rest(weights, best, soft))
