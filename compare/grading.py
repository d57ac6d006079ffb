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


def _to_typical(scores: np.ndarray, mutual: np.ndarray) -> np.ndarray:
    """`scores` minus their median over the mutual best pairs (none: unchanged)."""
    typical = np.median(scores[mutual]) if mutual.any() else np.float32(0.0)
    return scores - np.float32(typical)


def narrower(cover_template: np.ndarray, cover_plan: np.ndarray) -> np.ndarray:
    """How much more of the plan row the template row covers than the other way round, as a
    log ratio of the two coverages (floored at `RATIO_FLOOR`); 0 where the plan row is not the
    narrower one."""
    ratio = np.log((cover_template + RATIO_FLOOR) / (cover_plan + RATIO_FLOOR))
    return np.minimum(ratio, 0.0)


def split_rest(weights: np.ndarray, best: np.ndarray, soft: np.ndarray) -> np.ndarray:
    """[i, j]: the most that another plan row whose best template row (by `soft`) is `i` adds to
    what plan row `j` answers of template row `i`: the IDF-weighted share of `i`'s words, each
    at its best partner in either plan row. `weights`, `best`: `align.term_cover` of the titles."""
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


def columns(found: Signals, match_columns: list[np.ndarray]) -> list[np.ndarray]:
    """Each grade feature as a [template activity, plan activity] matrix, in the order of
    `feature_names`; `match_columns`: `features.columns` of the same pair."""
    names = match_feature_names()
    cover_template, cover_plan = found.activity("cover_template"), found.activity("cover_plan")
    soft = found.activity("soft")
    mutual = (soft >= soft.max(axis=1, keepdims=True)) & (soft >= soft.max(axis=0, keepdims=True))
    out = [match_columns[names.index(name)] for name in PAIR_FEATURES]
    out += [
        _to_typical(cover_template, mutual),
        _to_typical(cover_plan, mutual),
        narrower(cover_template, cover_plan),
        split_rest(*found.title_cover()[1:], soft),
    ]
    return [np.asarray(np.broadcast_to(c, soft.shape), dtype=np.float32) for c in out]


def matrix(found: Signals, match_features: np.ndarray) -> np.ndarray:
    """[template, plan, feature] in the order of `feature_names`; `match_features`:
    `features.matrix` of the same pair."""
    return np.stack(columns(found, list(np.moveaxis(match_features, -1, 0))), axis=-1)


def unanswered_words(found: Signals, i: int, j: int) -> list[str]:
    """The words of template activity `i`'s title that plan activity `j`'s title does not answer
    (best similarity under `ANSWERED`), rarest first (then in the order of the title), as a
    person reads them."""
    terms, weights, best = found.title_cover()
    if not best.size:
        return []
    words = np.flatnonzero(weights[i])
    words = words[best[words, j] < ANSWERED]
    rarest = words[np.argsort(-weights[i, words], kind="stable")][:SHOWN_WORDS]
    return [readable(terms[k]) for k in rarest]


def partial_reason(found: Signals, i: int, j: int, split_with: list[str], one_school: bool) -> str:
    """Why the match of template activity `i` and plan activity `j` is partial, in Russian: the
    template row is split over several plan rows (`split_with`: the others' references), the
    plan row acts for one school, and what of the template row it leaves out."""
    parts = []
    if split_with:
        parts.append(f"мероприятие шаблона разделено в плане, вместе с {', '.join(split_with)}")
    if one_school:
        parts.append("мероприятие одной школы")
    missing = unanswered_words(found, i, j)
    if missing:
        parts.append("не отражено: " + ", ".join(f"«{w}»" for w in missing))
    return "; ".join(parts) or "мероприятие плана уже или шире мероприятия шаблона"
