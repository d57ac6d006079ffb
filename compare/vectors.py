"""Word vectors from the navec model that Natasha ships (offline), for the semantic signal.

A text is the IDF-weighted mean of its terms' vectors; a synonym group name ("школа_низкий_результат")
is the mean of its words. Terms navec does not know contribute nothing.
"""

from __future__ import annotations

from functools import cache
from itertools import chain, repeat
from pathlib import Path

import natasha
import numpy as np
from navec import Navec

from compare.bags import by_depth, known_terms
from compare.text import JOIN

DIM = 300


@cache
def navec() -> Navec:
    """The navec model bundled with natasha (loaded once per process)."""
    path = next((Path(natasha.__file__).parent / "data" / "emb").glob("navec_*.tar"))
    return Navec.load(path)


@cache
def term_vector(term: str) -> np.ndarray | None:
    """Unit vector of a term, or None when navec knows none of its words."""
    model = navec()
    words = [w for w in term.split(JOIN) if w in model]
    if not words:
        return None
    vector = np.mean([model[w] for w in words], axis=0)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


def text_vectors(texts: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    """Unit rows: the IDF-weighted mean term vector of each text (zeros for a text with none).

    The sums run over all texts at once, one term position at a time (every text's first
    known term, then every second one..., `bags.by_depth`), in the order a loop over each text
    would add them."""
    known = {}
    for term in dict.fromkeys(chain.from_iterable(texts)):
        vector = term_vector(term)
        if vector is not None:
            known[term] = vector
    vocabulary = {t: k for k, t in enumerate(known)}
    vectors = np.array(list(known.values()), dtype=np.float32).reshape(len(known), DIM)
    weighted = np.fromiter(map(idf.get, known, repeat(1.0)), np.float32, len(known))[:, None] * vectors
    rows, terms = known_terms(texts, vocabulary)
    order, at_depth, reach = by_depth(rows, terms, len(texts))
    summed = np.zeros((len(texts), DIM), dtype=np.float32)  # texts in `order`
    for depth, count in enumerate(reach):
        summed[:count] += weighted[at_depth[:count, depth]]
    out = np.empty_like(summed)
    out[order] = summed
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)
