"""Soft word alignment: how much of one text each word of the other answers, through navec vectors.

Every term of a template text looks for its closest term in a plan text (cosine of their navec
vectors, 1 for the same term or synonym group); the text's coverage is the IDF-weighted mean of
those best cosines. So "Проведение мониторинга объективности" and "Организация контроля за
объективностью" cover each other although they share one word. Cosines under `FLOOR` (what
any two words of the genre reach) count as nothing, the rest is stretched to [0, 1]. Words of one
derivational family («наставничество», «наставник»; «методический», «методика»), which navec
often keeps apart, share a long beginning (`same_family`) and count at least `FAMILY`.

The whole matrix is two matrix products: a term-against-term cosine matrix, its maxima per text
of the other side (over the other side's term occurrences), then the IDF weights of each text
times those maxima.
"""

from __future__ import annotations

import re
from itertools import chain, repeat

import numpy as np

from compare.bags import by_depth, occurrences
from compare.vectors import DIM, term_vector

FLOOR = 0.3
FAMILY = 0.8
STEM = 5
STEM_SHARE = 0.6


def _vocabulary(texts: list[list[str]]) -> dict[str, int]:
    return {term: k for k, term in enumerate(dict.fromkeys(chain.from_iterable(texts)))}


def _unit_vectors(vocabulary: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(vocabulary), DIM), dtype=np.float32)
    for term, k in vocabulary.items():
        vector = term_vector(term)
        if vector is not None:
            out[k] = vector
    return out


def _parts(term: str) -> list[str]:
    return [p for p in re.split(r"[-_]", term) if len(p) >= STEM]


def same_family(left: str, right: str) -> bool:
    """Whether two words (or a part of each compound) begin alike for at least `STEM` letters and
    `STEM_SHARE` of the shorter one: «наставничество» and «наставник», not «программа» and «проект»."""
    for a in _parts(left):
        for b in _parts(right):
            shorter = min(len(a), len(b))
            common = next((k for k in range(shorter) if a[k] != b[k]), shorter)
            if common >= STEM and common >= STEM_SHARE * shorter:
                return True
    return False


def _families(left: dict[str, int], right: dict[str, int]) -> list[tuple[int, int]]:
    """(left index, right index) of every pair of terms of one family; terms are bucketed by the
    first `STEM` letters of their parts, so only likely pairs are tried."""
    buckets: dict[str, list[tuple[str, int]]] = {}
    for term, j in right.items():
        for part in _parts(term):
            buckets.setdefault(part[:STEM], []).append((term, j))
    out = set()
    for term, k in left.items():
        for part in _parts(term):
            for other, j in buckets.get(part[:STEM], ()):
                if same_family(term, other):
                    out.add((k, j))
    return sorted(out)


def _term_similarity(left: dict[str, int], right: dict[str, int]) -> np.ndarray:
    """Stretched cosine between every left and right term; at least `FAMILY` for one family,
    1 for the same term."""
    cosine = _unit_vectors(left) @ _unit_vectors(right).T
    out = np.clip((cosine - FLOOR) / (1.0 - FLOOR), 0.0, 1.0)
    family = _families(left, right)
    if family:
        rows, columns = np.array(family).T
        out[rows, columns] = np.maximum(out[rows, columns], FAMILY)
    for term, k in left.items():
        j = right.get(term)
        if j is not None:
            out[k, j] = 1.0
    return out


Places = tuple[np.ndarray, np.ndarray]


def _weights(
    texts: list[list[str]], vocabulary: dict[str, int], idf: dict[str, float], places: Places | None = None
) -> np.ndarray:
    """Rows of IDF weights over `vocabulary`, each row summing to 1 (zeros for a text without terms);
    `places`: `bags.occurrences` of the texts, when already found."""
    out = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    rows, columns = occurrences(texts, vocabulary) if places is None else places
    term_weights = np.fromiter(map(idf.get, vocabulary, repeat(1.0)), np.float32, len(vocabulary))
    out[rows, columns] = term_weights[columns]
    sums = out.sum(axis=1, keepdims=True)
    return np.divide(out, sums, out=out, where=sums > 0)  # a row without terms stays 0


def _best_per_text(
    similarity: np.ndarray, texts: list[list[str]], vocabulary: dict[str, int], places: Places | None = None
) -> np.ndarray:
    """[term, text]: the best similarity of the term to any term of the text (0 for an empty text).
    Taken one term position at a time over all texts (every text's first term, then every
    second one..., `bags.by_depth`), gathering rows of the transposed similarity: one pass over
    the texts' terms; `places`: `bags.occurrences` of the texts, when already found."""
    rows, terms = occurrences(texts, vocabulary) if places is None else places
    order, at_depth, reach = by_depth(rows, terms, len(texts))
    by_term = np.ascontiguousarray(similarity.T)
    out = np.zeros((len(texts), similarity.shape[0]), dtype=np.float32)
    gathered = np.empty_like(out)
    for depth, count in enumerate(reach):
        np.take(by_term, at_depth[:count, depth], axis=0, out=out[:count] if depth == 0 else gathered[:count])
        if depth:
            np.maximum(out[:count], gathered[:count], out=out[:count])
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    return np.ascontiguousarray(out[back].T)


TermCover = tuple[list[str], np.ndarray, np.ndarray]


def term_cover(template: list[list[str]], plan: list[list[str]], idf: dict[str, float]) -> TermCover:
    """(terms, weights, best): the template side's terms; [template text, term] the IDF weights
    of each template text's terms (summing to 1); [term, plan text] each term's best similarity
    in each plan text. `weights @ best` is the template side of `coverage`, kept apart to see
    which words a plan text answers."""
    left, right = _vocabulary(template), _vocabulary(plan)
    similarity = _term_similarity(left, right)
    return list(left), _weights(template, left, idf), _best_per_text(similarity, plan, right)


def _both_ways(
    template: list[list[str]], plan: list[list[str]], idf: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, TermCover]:
    """(template covered by plan, [plan text, template text] plan covered by template, the
    `term_cover`), from one term-against-term similarity."""
    left, right = _vocabulary(template), _vocabulary(plan)
    similarity = _term_similarity(left, right)
    on_left, on_right = occurrences(template, left), occurrences(plan, right)  # each side read once
    weights = _weights(template, left, idf, on_left)
    best = _best_per_text(similarity, plan, right, on_right)
    back = _best_per_text(similarity.T, template, left, on_left)
    plan_covered = _weights(plan, right, idf, on_right) @ back
    return weights @ best, plan_covered, (list(left), weights, best)


def coverage_and_terms(
    template: list[list[str]], plan: list[list[str]], idf: dict[str, float]
) -> tuple[np.ndarray, np.ndarray, TermCover]:
    """`coverage` and `term_cover` of the same texts, from one term-against-term similarity
    (the template side of `coverage` is `weights @ best` of the `term_cover`)."""
    template_covered, plan_covered, cover = _both_ways(template, plan, idf)
    # rows read faster than columns
    return template_covered, np.ascontiguousarray(plan_covered.T), cover


def coverage(
    template: list[list[str]], plan: list[list[str]], idf: dict[str, float]
) -> tuple[np.ndarray, np.ndarray]:
    """(template covered by plan, plan covered by template): [i, j] is how much of template text
    `i` plan text `j` answers, and the other way round."""
    return coverage_and_terms(template, plan, idf)[:2]


def mean_coverage(template: list[list[str]], plan: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    """The mean of the two `coverage` matrices, made in the template side's matrix (the plan
    side is added as it comes, transposed, not copied first)."""
    out, plan_covered, _ = _both_ways(template, plan, idf)
    np.add(out, plan_covered.T, out=out)
    return np.divide(out, 2, out=out)
