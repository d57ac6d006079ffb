"""What the grade reads about a match: whether the plan row answers all of its template row.

A partial answer is, in this genre, a plan row that does one part of the template row (develops
the individual routes but does not accompany them; analyses ВПР where the template names ВПР, ОГЭ
and ЕГЭ), a narrower version (young teachers where the template names young and newly arrived
ones), one school's share of an activity for all of them, or one piece of a template row the plan
splits over several rows. The grade regression reads, beside how the pair of documents stands
as a whole (how closely the plan follows the template, how many of its rows name one school):
- `cover_template_to_typical`, `cover_plan_to_typical`: how much of the template row the plan row
  answers word by word and the other way round (`align.coverage`), against the pair's typical
  match (the median over mutual best pairs), since a paraphrasing plan covers less of every row;
- `narrower`: the plan row lies inside the template row more than the template row lies inside
  it (log of the ratio of the two coverages, 0 when the plan row is not the narrower);
- `split_rest`: how much more of the template row's words (IDF-weighted) another plan row
  answers that has this template row as its best one: a piece of a split.
Every feature is a [template activity, plan activity] matrix computed for all pairs at once.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import numpy as np

from compare.features import feature_names as match_feature_names
from compare.scoring import Signals
from compare.text import readable

PAIR_FEATURES = (
    "soft_closeness",
    "soft_mutual_share",
    "base_closeness",
    "base_mutual_share",
    "plan_school_share",
    "plan_names_school",
)
OWN = ("cover_template_to_typical", "cover_plan_to_typical", "narrower", "split_rest")
RATIO_FLOOR = 0.05
ANSWERED = 0.5
SHOWN_WORDS = 4


def feature_names() -> list[str]:
    """Names of the grade's feature columns, in order."""
    return [*PAIR_FEATURES, *OWN]


def _typical(scores: np.ndarray, mutual: np.ndarray) -> np.float32:
    """The median of `scores` over the mutual best pairs (none: 0), what `*_to_typical` subtracts."""
    return np.float32(np.median(scores[mutual]) if mutual.any() else 0.0)


def narrower(cover_template: np.ndarray, cover_plan: np.ndarray) -> np.ndarray:
    """How much more of the plan row the template row covers than the other way round, as a
    log ratio of the two coverages (floored at `RATIO_FLOOR`); 0 where the plan row is not the
    narrower one."""
    ratio = np.log((cover_template + RATIO_FLOOR) / (cover_plan + RATIO_FLOOR))
    return np.minimum(ratio, 0.0)


def split_rest(weights: np.ndarray, best: np.ndarray, soft: np.ndarray) -> np.ndarray:
    """[i, j]: the most that another plan row whose best template row (by `soft`) is `i` adds to
    what plan row `j` answers of template row `i`: the IDF-weighted share of `i`'s words, each
    at its best partner in either plan row. `weights`, `best`: `align.term_cover` of the titles.

    The plan rows are grouped by their best template row: its words are looked up once, and
    the gains of all the rows of a group are one stacked product (each row's the same
    vector-matrix product it would be alone)."""
    out = np.zeros(soft.shape, dtype=np.float32)
    if soft.size == 0 or not weights.size:
        return out
    covered = weights @ best
    others = np.flatnonzero(soft.max(axis=0) > 0)
    targets = soft[:, others].argmax(axis=0)
    order = np.argsort(targets, kind="stable")
    rows, starts = np.unique(targets[order], return_index=True)
    for i, group in zip(rows.tolist(), np.split(others[order], starts[1:]), strict=True):
        words = np.flatnonzero(weights[i])
        if not words.size:
            continue
        best_of_words = best[words]  # [word, plan row]; below, [other row, word, plan row]
        gains = weights[i, words] @ np.maximum(best_of_words, best_of_words[:, group].T[:, :, None])
        gains -= covered[i]
        gains[np.arange(len(group)), group] = 0.0
        np.maximum(out[i], gains.max(axis=0), out=out[i])
    return out


def columns(found: Signals, match_columns: list[np.ndarray]) -> list[np.ndarray]:
    """Each grade feature as a [template activity, plan activity] matrix, in the order of
    `feature_names`; `match_columns`: `features.columns` of the same pair."""
    return _columns(found, match_columns, lambda matrix: matrix)


def at_pairs(
    found: Signals, match_columns: list[np.ndarray], rows: np.ndarray, columns: np.ndarray
) -> list[np.ndarray]:
    """Each grade feature (as `columns` computes it) at the pairs of template activity `rows[k]`
    and plan activity `columns[k]` alone: what the grade of the chosen pairs reads, without
    the features of the other cells (those of the whole pair of documents are still read whole)."""
    return _columns(found, match_columns, lambda matrix: matrix[rows, columns])


def _columns(
    found: Signals, match_columns: list[np.ndarray], cells: Callable[[np.ndarray], np.ndarray]
) -> list[np.ndarray]:
    """The grade features at `cells` of the [template, plan] matrices (all of them, or some pairs)."""
    names = match_feature_names()
    cover_template, cover_plan = found.activity("cover_template"), found.activity("cover_plan")
    soft = found.activity("soft")
    mutual = (soft >= soft.max(axis=1, keepdims=True)) & (soft >= soft.max(axis=0, keepdims=True))
    typical = _typical(cover_template, mutual), _typical(cover_plan, mutual)
    cover_template, cover_plan = cells(cover_template), cells(cover_plan)
    out = [cells(match_columns[names.index(name)]) for name in PAIR_FEATURES]
    out += [
        cover_template - typical[0],
        cover_plan - typical[1],
        narrower(cover_template, cover_plan),
        cells(split_rest(*found.title_cover()[1:], soft)),
    ]
    return [np.asarray(np.broadcast_to(c, cover_template.shape), dtype=np.float32) for c in out]


def matrix(found: Signals, match_features: np.ndarray) -> np.ndarray:
    """[template, plan, feature] in the order of `feature_names`; `match_features`:
    `features.matrix` of the same pair."""
    return np.stack(columns(found, list(np.moveaxis(match_features, -1, 0))), axis=-1)


def _rarest_first(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(words, real): [template text, k] the term index of each text's k-th word, rarest first
    (the highest weight, then in the order of the terms), padded with 0 where `real` is False."""
    rows, terms = np.nonzero(weights)
    order = np.lexsort((terms, -weights[rows, terms], rows))
    rows, terms = rows[order], terms[order]
    lengths = np.bincount(rows, minlength=len(weights))
    depths = np.arange(len(rows), dtype=np.intp) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    words = np.zeros((len(weights), int(lengths.max(initial=0))), dtype=np.intp)
    words[rows, depths] = terms
    return words, np.arange(words.shape[1]) < lengths[:, None]


def unanswered_words(found: Signals, rows: np.ndarray, columns: np.ndarray) -> list[list[str]]:
    """For each pair of template activity `rows[k]` and plan activity `columns[k]`: the words of
    the template title that the plan title does not answer (best similarity under `ANSWERED`),
    rarest first (then in the order of the title), at most `SHOWN_WORDS`, as a person reads them.
    Each title's words are ranked once; a pair keeps those its plan title leaves unanswered."""
    terms, weights, best = found.title_cover()
    rows, columns = np.asarray(rows, dtype=np.intp), np.asarray(columns, dtype=np.intp)
    if not best.size or not rows.size:
        return [[] for _ in rows]
    words, real = _rarest_first(weights)
    words, missing = words[rows], real[rows]
    missing &= best[words, columns[:, None]] < ANSWERED
    missing &= np.cumsum(missing, axis=1) <= SHOWN_WORDS
    pair, place = np.nonzero(missing)
    shown = words[pair, place]
    return per_pair([readable(t) for t in terms], pair, shown, len(rows))


def per_pair(names: list[str], pair: np.ndarray, term: np.ndarray, pairs: int) -> list[list[str]]:
    """For each of `pairs` pairs, `names[term[k]]` of every `k` where `pair[k]` is that pair
    (`pair` ascending, as `np.nonzero` gives it): one gather of the names, then a slice each."""
    words = np.array(names, dtype=object)[term].tolist()
    bounds = [0, *np.cumsum(np.bincount(pair, minlength=pairs)).tolist()]
    return [words[start:end] for start, end in pairwise(bounds)]


def partial_reason(split_with: list[str], one_school: bool, missing: list[str]) -> str:
    """Why a match is partial, in Russian: the template row is split over several plan rows
    (`split_with`: the others' references), the plan row acts for one school, and what of the
    template row it leaves out (`missing`: `unanswered_words` of the pair)."""
    parts = []
    if split_with:
        parts.append(f"мероприятие шаблона разделено в плане, вместе с {', '.join(split_with)}")
    if one_school:
        parts.append("мероприятие одной школы")
    if missing:
        parts.append("не отражено: " + ", ".join(f"«{w}»" for w in missing))
    return "; ".join(parts) or "мероприятие плана уже или шире мероприятия шаблона"
