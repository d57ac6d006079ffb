"""Calibrate the matching weights and thresholds on the gold pairs; print the result and write it.

    python -m compare.calibrate [--write]

For every gold pair in `corpus/gold/pairs` the template and the plan are extracted from their
`corpus/*.txt` form and scored once. Then every weighting of the signals and every margin is
tried on a coarse grid of (`partial`, `mutual`) thresholds, and the winner's thresholds are
refined on the fine grid around them. The aim is the best worst pair, each pair's figure being
the mean of its match F1 and gap F1, ties broken by the mean over all pairs: the same
parameters for every pair, never per file. Among equally good thresholds the middle ones are
kept. The `same` threshold is then the one that grades the correctly found pairs best; since it
also decides which activities a copy settles (`matching.select`), the search is run again with
it until it no longer moves.
With `--write` the result goes to `compare/data/calibration.json`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from compare.calibration import CALIBRATION_FILE, Calibration
from compare.core import activity_refs, document_statements
from compare.matching import select
from compare.scoring import SIGNALS, Signals, signals
from extractor import extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
WEIGHT_STEPS = (0.0, 0.5, 1.0, 2.0)
# The combined score always keeps some rapidfuzz and some word-vector evidence.
REQUIRED = {"fuzzy", "semantic"}
MARGINS = (0.0, 0.03, 0.06)
FINE = 0.01
COARSE = 0.03
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.15, 0.9, FINE))


@dataclass
class GoldPair:
    """A gold pair with its extracted documents' references and signal matrices."""

    name: str
    template_refs: list[str]
    plan_refs: list[str]
    gold: dict[tuple[str, str], str]
    signals: Signals


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp == fp == fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def pair_figures(
    gold: dict[tuple[str, str], str], predicted: dict[tuple[str, str], str], template_refs: list[str]
) -> dict[str, float]:
    """match F1, grade accuracy and gap F1, defined as in `score_compare.py`."""
    tp_pairs = gold.keys() & predicted.keys()
    tp = len(tp_pairs)
    gold_gaps = set(template_refs) - {t for t, _ in gold}
    predicted_gaps = set(template_refs) - {t for t, _ in predicted}
    gap_tp = len(gold_gaps & predicted_gaps)
    return {
        "match_f1": round(_f1(tp, len(predicted) - tp, len(gold) - tp), 4),
        "grade_accuracy": round(sum(gold[k] == predicted[k] for k in tp_pairs) / tp, 4) if tp else 0.0,
        "gap_f1": round(
            _f1(gap_tp, len(predicted_gaps) - gap_tp, len(gold_gaps) - gap_tp),
            4,
        ),
    }


def load_pairs(pairs_dir: Path = CORPUS / "gold" / "pairs") -> list[GoldPair]:
    """Every gold pair, its documents extracted from `corpus/<doc>.txt` and scored."""
    out = []
    for path in sorted(pairs_dir.glob("*__*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        template = extract(CORPUS / f"{data['template']}.txt")
        plan = extract(CORPUS / f"{data['plan']}.txt")
        gold = {
            (str(m["template"]).rstrip("."), str(m["plan"]).rstrip(".")): m["grade"] for m in data["matches"]
        }
        found = signals(document_statements(template), document_statements(plan))
        out.append(GoldPair(path.stem, activity_refs(template), activity_refs(plan), gold, found))
    return out


def predict(
    pair: GoldPair, params: Calibration, scores: np.ndarray | None = None
) -> dict[tuple[str, str], str]:
    """The pair's predicted matches under `params` (`scores`: its combined matrix, if known)."""
    scores = pair.signals.combined(params.weights) if scores is None else scores
    return {(pair.template_refs[i], pair.plan_refs[j]): g for i, j, g in select(scores, params)}


def _objective(pairs: list[GoldPair], scores: list[np.ndarray], params: Calibration) -> tuple[float, float]:
    """(worst, mean) over the pairs of each pair's mean of match F1 and gap F1: the figures must
    hold on every pair, so the worst pair comes first and the mean breaks ties."""
    figures = [
        pair_figures(p.gold, predict(p, params, s), p.template_refs)
        for p, s in zip(pairs, scores, strict=True)
    ]
    per_pair = [(f["match_f1"] + f["gap_f1"]) / 2 for f in figures]
    return round(min(per_pair), 4), round(float(np.mean(per_pair)), 4)


def _middle(values: list[float]) -> float:
    return values[len(values) // 2]


def _best_thresholds(
    pairs: list[GoldPair], params: Calibration, partials: list[float], mutuals: list[float]
) -> tuple[tuple[float, float], Calibration]:
    """The best (`partial`, `mutual`) of the grid for the weights, `same` and margin of `params`;
    among ties the middle `partial`, then the middle `mutual` at it."""
    scores = [p.signals.combined(params.weights) for p in pairs]
    results = [
        (_objective(pairs, scores, replace(params, partial=t, mutual=m)), t, m)
        for t in partials
        for m in mutuals
        if m <= t
    ]
    top = max(r for r, _, _ in results)
    tied = [(t, m) for r, t, m in results if r == top]
    partial = _middle(sorted({t for t, _ in tied}))
    mutual = _middle([m for t, m in tied if t == partial])
    return top, replace(params, partial=partial, mutual=mutual)


def _around(value: float) -> list[float]:
    return [t for t in THRESHOLDS if abs(t - value) <= COARSE + 1e-9]


def search(pairs: list[GoldPair], same: float) -> tuple[Calibration, tuple[float, float]]:
    """The best weights, margin and (`partial`, `mutual`) thresholds with the `same` threshold
    given (it decides which activities a copy settles): every weighting on the coarse grid of
    thresholds, then the winner's thresholds refined to the fine grid around it."""
    coarse = list(THRESHOLDS[:: round(COARSE / FINE)])
    best: tuple[tuple[float, float], Calibration] | None = None
    for steps in itertools.product(WEIGHT_STEPS, repeat=len(SIGNALS)):
        weights = dict(zip(SIGNALS, steps, strict=True))
        if any(not weights[name] for name in REQUIRED):
            continue
        for margin in MARGINS:
            found = _best_thresholds(pairs, Calibration(weights, 0.0, same, margin, 0.0), coarse, coarse)
            if best is None or found[0] > best[0]:
                best = found
    assert best is not None
    params = best[1]
    return _best_thresholds(pairs, params, _around(params.partial), _around(params.mutual))[::-1]


def same_threshold(pairs: list[GoldPair], params: Calibration) -> float:
    """The `same` threshold that grades the correctly found pairs best (middle of the best run)."""
    found = []
    for p in pairs:
        scores = p.signals.combined(params.weights)
        for i, j, _ in select(scores, params):
            key = (p.template_refs[i], p.plan_refs[j])
            if key in p.gold:
                found.append((float(scores[i, j]), p.gold[key]))
    candidates = [round(x, 2) for x in np.arange(params.partial, 1.01, 0.01)]
    accuracy = [(sum((s >= t) == (g == "same") for s, g in found), t) for t in candidates]
    top = max(a for a, _ in accuracy)
    return _middle([t for a, t in accuracy if a == top])


def calibrate(rounds: int = 4) -> tuple[Calibration, list[GoldPair]]:
    """Search with no `same` grade first, then set `same` from the grades and search again with
    it, until `same` no longer moves (at most `rounds` searches)."""
    pairs = load_pairs()
    same = 2.0
    for _ in range(rounds):
        params, _ = search(pairs, same)
        found = same_threshold(pairs, params)
        params = Calibration(params.weights, params.partial, found, params.margin, params.mutual)
        if found == same:
            break
        same = found
    return params, pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help=f"write {CALIBRATION_FILE.name}")
    args = parser.parse_args(argv)
    params, pairs = calibrate()
    print(f"gold pairs: {', '.join(p.name for p in pairs)}")
    print(f"weights: {params.weights}")
    print(
        f"partial >= {params.partial}  mutual >= {params.mutual}  "
        f"same >= {params.same}  margin = {params.margin}"
    )
    for p in pairs:
        figures = pair_figures(p.gold, predict(p, params), p.template_refs)
        print(p.name, " ".join(f"{k}={v}" for k, v in figures.items()))
    if args.write:
        CALIBRATION_FILE.write_text(json.dumps(params.to_json(), indent=1) + "\n", encoding="utf-8")
        print(f"written {CALIBRATION_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
