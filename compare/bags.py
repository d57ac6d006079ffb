"""Texts (lists of terms) as sparse [text, term] matrices over a vocabulary: where each text's
distinct terms are, so weights are filled in one array operation rather than cell by cell."""

from __future__ import annotations

import numpy as np


def occurrences(texts: list[list[str]], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, vocabulary index) of every distinct term of every text that `vocabulary`
    has, texts in order: where a [text, term] matrix of them is nonzero."""
    distinct = [set(terms) for terms in texts]
    columns = np.array([vocabulary.get(t, -1) for terms in distinct for t in terms], dtype=np.intp)
    rows = np.repeat(np.arange(len(texts), dtype=np.intp), [len(terms) for terms in distinct])
    known = columns >= 0
    return rows[known], columns[known]
