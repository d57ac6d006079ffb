"""Texts (lists of terms) as sparse [text, term] matrices over a vocabulary: where each text's
distinct terms are, so weights are filled in one array operation rather than cell by cell."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from itertools import chain, repeat

import numpy as np


def known_terms(
    texts: Sequence[Collection[str]], vocabulary: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(text index, vocabulary index) of every term of every text that `vocabulary` has, repeats
    included, in the order of the texts and of their terms: every term looked up in one pass."""
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=len(texts))
    found = map(vocabulary.get, chain.from_iterable(texts), repeat(-1))
    terms = np.fromiter(found, dtype=np.intp, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(texts), dtype=np.intp), lengths)
    known = terms >= 0
    return rows[known], terms[known]


def occurrences(texts: list[list[str]], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, vocabulary index) of every distinct term of every text that `vocabulary`
    has, texts in order: where a [text, term] matrix of them is nonzero."""
    return known_terms(list(map(set, texts)), vocabulary)


def by_depth(rows: np.ndarray, terms: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """`count` texts given as (text index, term index) pairs, each text's pairs consecutive and the
    texts in order, laid out term position by term position: (order, at_depth, reach), `order`
    the texts longest first (stable), `at_depth[k, d]` the `d`-th term of text `order[k]` (0 past
    its end), `reach[d]` how many texts have a `d`-th term: those texts are the first `reach[d]`
    of `order`, so a pass over one position reads and writes a leading slice, never scattered rows."""
    lengths = np.bincount(rows, minlength=count)
    depths = np.arange(len(rows), dtype=np.intp) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    at_depth = np.zeros((count, int(lengths.max(initial=0))), dtype=np.intp)
    at_depth[rows, depths] = terms
    order = np.argsort(-lengths, kind="stable")
    return order, at_depth[order], np.bincount(depths, minlength=at_depth.shape[1]).tolist()
