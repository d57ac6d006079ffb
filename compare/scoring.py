"""Score every template activity against every plan activity at once (numpy matrices).

Eight signals, each in [0, 1]:
- `lexical`: cosine of IDF-weighted sets of terms (shared lemmas; rare ones count more);
- `semantic`: cosine of IDF-weighted mean navec vectors, centred on the pair of documents so that
  what every row of the genre talks about ("школы с низкими результатами") does not count;
- `head`: the same cosine on the heads only (`text.head_phrase`): what is done (семинар,
  мониторинг, разработка методических рекомендаций), which decides whether two rows are one activity;
- `joint`: geometric mean of `head` and the better of `lexical` and `semantic`: high only when
  both what is done and what it is about agree (two "Разработка методических рекомендаций"
  on different subjects are not one activity, nor are a seminar and a monitoring of one subject);
- `cover_template`, `cover_plan`: soft word alignment (`align.coverage`), how much of the
  template text the plan text answers word by word through navec, and the other way round
  (a narrower plan row covers little of its template row but is covered by it);
- `soft`: their mean, the paraphrase-proof similarity;
- `head_soft`: the same mean of soft alignments on the heads alone (what is done, word by word).
The combined score is their weighted mean with the given weights; the decision
(`matching.select`) reads them all through `features`.

An activity is scored as its whole title and as each of its sub-items (`text.sub_items`): the
signals are computed between all these texts, and the score of two activities is the best combined
score of any text of one against any text of the other.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeVar

import numpy as np

from compare.align import TermCover, coverage_and_terms, mean_coverage, term_cover
from compare.bags import occurrences
from compare.text import Statement
from compare.vectors import text_vectors

SIGNALS = ("lexical", "semantic", "head", "joint", "cover_template", "cover_plan", "soft", "head_soft")
CENTRE_PRIOR = 10
T = TypeVar("T")


def segment_max(matrix: np.ndarray, starts: np.ndarray, axis: int) -> np.ndarray:
    """`np.maximum.reduceat(matrix, starts, axis)` for segments of at least one row (axis=0) or
    column (axis=1): the first of each segment, then the second of those that have one, and so
    on, so that the usual activity of one text costs one copy and not a reduction of its own.
    Columns are taken as the rows of the transposed matrix (gathering whole rows is the faster
    copy), the result made contiguous again."""
    if axis == 1:
        return np.ascontiguousarray(_row_segment_max(np.ascontiguousarray(matrix.T), starts).T)
    return _row_segment_max(matrix, starts)


def _row_segment_max(matrix: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """`segment_max` over rows (axis=0)."""
    lengths = np.diff(starts, append=matrix.shape[0])
    out = matrix[starts]
    for depth in range(1, int(lengths.max(initial=1))):
        longer = np.flatnonzero(lengths > depth)
        out[longer] = np.maximum(out[longer], matrix[starts[longer] + depth])
    return out


def _read_only(matrix: np.ndarray) -> np.ndarray:
    matrix.flags.writeable = False
    return matrix


@dataclass
class Signals:
    """The per-signal score matrices between the texts of the template activities (rows) and of
    the plan activities (columns); `template_starts`/`plan_starts`: index of each activity's first
    text (an activity's texts are consecutive, its whole title first); `template_terms`/
    `plan_terms`: the terms of each activity's whole title (what the grade reads word by word,
    `grading.split_rest`); `text_cover`: `align.term_cover` of the template texts by the plan
    texts, what `cover_template` is made of. The activity matrices and weighted scores are
    computed once per signal or weights and handed out read-only."""

    lexical: np.ndarray
    semantic: np.ndarray
    head: np.ndarray
    joint: np.ndarray
    cover_template: np.ndarray
    cover_plan: np.ndarray
    soft: np.ndarray
    head_soft: np.ndarray
    idf: dict[str, float]
    template_starts: np.ndarray
    plan_starts: np.ndarray
    template_terms: list[list[str]] = field(default_factory=list)
    plan_terms: list[list[str]] = field(default_factory=list)
    text_cover: TermCover | None = field(default=None, repr=False, compare=False)
    _computed: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)

    def _once(self, key: tuple, make: Callable[[], T]) -> T:
        if key not in self._computed:
            self._computed[key] = make()
        return self._computed[key]

    def _text_scores(self, weights: dict[str, float]) -> np.ndarray:
        """Weighted mean of the signals (weights by signal name), text against text."""

        def make() -> np.ndarray:
            total = sum(weights.values())
            out = np.zeros_like(self.semantic, dtype=np.float32)
            term = np.empty_like(out)
            for name, weight in weights.items():
                if weight:
                    out += np.multiply(getattr(self, name), np.float32(weight / total), out=term)
            return out

        return self._once(("text", *weights.items()), make)

    def _activities(self, matrix: np.ndarray) -> np.ndarray:
        return segment_max(segment_max(matrix, self.template_starts, 0), self.plan_starts, 1)

    def combined(self, weights: dict[str, float]) -> np.ndarray:
        """Activity against activity: the best text-against-text score of the two."""
        key = ("combined", *weights.items())
        return self._once(key, lambda: _read_only(self._activities(self._text_scores(weights))))

    def activity(self, name: str) -> np.ndarray:
        """One signal activity against activity: its best value over the two activities' texts."""
        return self._once(("activity", name), lambda: _read_only(self._activities(getattr(self, name))))

    def title_cover(self) -> TermCover:
        """`align.term_cover` of the template titles by the plan titles (`template_terms`,
        `plan_terms`), computed once: the titles' rows and columns of `text_cover` (a title is
        its activity's first text), or computed anew without it."""

        def make() -> TermCover:
            if self.text_cover is None:
                return term_cover(self.template_terms, self.plan_terms, self.idf)
            terms, weights, best = self.text_cover
            titled = list(dict.fromkeys(t for title in self.template_terms for t in title))
            place = {t: k for k, t in enumerate(terms)}
            kept = np.array([place[t] for t in titled], dtype=np.intp)
            return titled, weights[np.ix_(self.template_starts, kept)], best[np.ix_(kept, self.plan_starts)]

        return self._once(("title_cover",), make)

    def at_pairs(self, i: np.ndarray, j: np.ndarray, weights: dict[str, float]) -> dict[str, np.ndarray]:
        """Each signal (by name) at the best pair of texts (the highest weighted mean, the first of
        equal ones) of each pair of template activity `i[k]` and plan activity `j[k]`. The
        blocks of texts of all pairs are read at once: their cells laid end to end, row by row
        as `argmax` reads a block, each block's maximum one `reduceat` and its first cell there."""
        scores = self._text_scores(weights)
        rows, columns = self.template_starts[i], self.plan_starts[j]
        if len(rows):
            heights = np.diff(self.template_starts, append=scores.shape[0])[i]
            widths = np.diff(self.plan_starts, append=scores.shape[1])[j]
            sizes = heights * widths
            firsts = np.cumsum(sizes) - sizes
            pair = np.repeat(np.arange(len(rows)), sizes)
            r, c = np.divmod(np.arange(int(sizes.sum())) - firsts[pair], widths[pair])
            values = scores[rows[pair] + r, columns[pair] + c]
            top = np.flatnonzero(values == np.maximum.reduceat(values, firsts)[pair])
            first = top[np.searchsorted(pair[top], np.arange(len(rows)))]
            rows, columns = rows + r[first], columns + c[first]
        return {name: getattr(self, name)[rows, columns] for name in SIGNALS}


def inverse_document_frequency(texts: list[list[str]]) -> dict[str, float]:
    """Smoothed IDF of every term over `texts` (each text one document)."""
    df = Counter(chain.from_iterable(map(set, texts)))
    n = len(texts)
    return {term: math.log((n + 1) / (count + 1)) + 1.0 for term, count in df.items()}


def _bags(texts: list[list[str]], vocabulary: dict[str, int], idf: dict[str, float]) -> np.ndarray:
    """Rows of IDF weights over `vocabulary` (terms outside it are left out)."""
    out = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    rows, columns = occurrences(texts, vocabulary)
    out[rows, columns] = np.fromiter(map(idf.__getitem__, vocabulary), np.float32, len(vocabulary))[columns]
    return out


def _norms(texts: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    squared = {t: idf[t] ** 2 for t in idf}
    sums = (math.sqrt(sum(map(squared.__getitem__, set(terms)))) for terms in texts)
    return np.fromiter(sums, dtype=np.float32, count=len(texts))


def lexical_scores(template: list[list[str]], plan: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    """Cosine of IDF-weighted term sets; only terms both sides use enter the product."""
    shared = sorted(set(chain.from_iterable(template)).intersection(chain.from_iterable(plan)))
    vocabulary = {term: j for j, term in enumerate(shared)}
    dots = _bags(template, vocabulary, idf) @ _bags(plan, vocabulary, idf).T
    norms = np.outer(_norms(template, idf), _norms(plan, idf))
    return np.divide(dots, norms, out=dots, where=norms > 0)  # a text without terms has no dots


def _centred(vectors: np.ndarray, mean: np.ndarray) -> np.ndarray:
    out = vectors - mean
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)


def semantic_scores(template: list[list[str]], plan: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    """Cosine of IDF-weighted mean word vectors centred on both documents' mean, clipped at 0.
    The mean is shrunk towards zero for short documents (`CENTRE_PRIOR` pseudo-texts at the
    origin), so that two one-row documents are not centred into nothing."""
    left, right = text_vectors(template, idf), text_vectors(plan, idf)
    mean = np.vstack([left, right]).sum(axis=0) / (len(left) + len(right) + CENTRE_PRIOR)
    cosine = _centred(left, mean) @ _centred(right, mean).T
    return np.clip(cosine, 0.0, 1.0, out=cosine)


def head_scores(template: list[list[str]], plan: list[list[str]], idf: dict[str, float]) -> np.ndarray:
    """Cosine of the IDF-weighted mean word vectors of the heads, clipped at 0."""
    cosine = text_vectors(template, idf) @ text_vectors(plan, idf).T
    return np.clip(cosine, 0.0, 1.0, out=cosine)


def _joint(head: np.ndarray, lexical: np.ndarray, semantic: np.ndarray) -> np.ndarray:
    """sqrt(head * max(lexical, semantic)) in one new matrix (text against text, the largest kind)."""
    out = np.maximum(lexical, semantic)
    np.multiply(head, out, out=out)
    return np.sqrt(out, out=out)


def _mean(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """(left + right) / 2, in one new matrix."""
    out = np.add(left, right)
    return np.divide(out, 2, out=out)


def _flatten(activities: list[list[Statement]]) -> tuple[list[Statement], np.ndarray]:
    statements = [statement for statements in activities for statement in statements]
    starts = np.cumsum([0] + [len(statements) for statements in activities[:-1]], dtype=np.intp)
    return statements, starts


def signals(template: list[list[Statement]], plan: list[list[Statement]]) -> Signals:
    """All signal matrices for two lists of activities, each a list of statements (whole title
    first, then its sub-items); IDF is taken over the whole titles."""
    idf = inverse_document_frequency([statements[0].terms for statements in template + plan])
    left, template_starts = _flatten(template)
    right, plan_starts = _flatten(plan)
    left_terms, right_terms = [s.terms for s in left], [s.terms for s in right]
    lexical = lexical_scores(left_terms, right_terms, idf)
    semantic = semantic_scores(left_terms, right_terms, idf)
    head = head_scores([s.head for s in left], [s.head for s in right], idf)
    cover_template, cover_plan, text_cover = coverage_and_terms(left_terms, right_terms, idf)
    return Signals(
        lexical=lexical,
        semantic=semantic,
        head=head,
        joint=_joint(head, lexical, semantic),
        cover_template=cover_template,
        cover_plan=cover_plan,
        soft=_mean(cover_template, cover_plan),
        head_soft=mean_coverage([s.head for s in left], [s.head for s in right], idf),
        idf=idf,
        template_starts=template_starts,
        plan_starts=plan_starts,
        template_terms=[statements[0].terms for statements in template],
        plan_terms=[statements[0].terms for statements in plan],
        text_cover=text_cover,
    )
