"""Calibrate the matching weights and thresholds on the gold pairs; print the result and write it.

    python -m compare.calibrate [--write]

For every gold pair in `corpus/gold/pairs` the template and the plan are extracted from their
`corpus/*.txt` form and scored once; then a grid of signal weights, margins and `partial`
thresholds is searched for the best mean of match F1 and gap F1 over all pairs together (the
same parameters for every pair, never per file); among equally good thresholds the middle one is
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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from compare.calibration import CALIBRATION_FILE, Calibration
from compare.core import activity_refs, document_terms
from compare.matching import select
from compare.scoring import SIGNALS, Signals, signals
from extractor import extract

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
WEIGHT_STEPS = (0.0, 0.5, 1.0, 2.0)
# The combined score always keeps some rapidfuzz and some word-vector evidence.
REQUIRED = {"fuzzy", "semantic"}
MARGINS = (0.0, 0.03, 0.06)
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.15, 0.9, 0.01))


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
        found = signals(document_terms(template), document_terms(plan))
        out.append(GoldPair(path.stem, activity_refs(template), activity_refs(plan), gold, found))
    return out


def predict(pair: GoldPair, params: Calibration) -> dict[tuple[str, str], str]:
    scores = pair.signals.combined(params.weights)
    return {(pair.template_refs[i], pair.plan_refs[j]): g for i, j, g in select(scores, params)}


def _objective(pairs: list[GoldPair], params: Calibration) -> float:
    figures = [pair_figures(p.gold, predict(p, params), p.template_refs) for p in pairs]
    return float(np.mean([f["match_f1"] for f in figures]) + np.mean([f["gap_f1"] for f in figures])) / 2


def _middle(values: list[float]) -> float:
    return values[len(values) // 2]


def search(pairs: list[GoldPair], same: float) -> tuple[Calibration, float]:
    """The best weights, margin and `partial` threshold, then the best `mutual` threshold below it,
    with the `same` threshold given (it decides which activities a copy settles)."""
    best: tuple[float, Calibration] | None = None
    for steps in itertools.product(WEIGHT_STEPS, repeat=len(SIGNALS)):
        weights = dict(zip(SIGNALS, steps, strict=True))
        if any(not weights[name] for name in REQUIRED):
            continue
        for margin in MARGINS:
            results = [(_objective(pairs, Calibration(weights, t, same, margin, t)), t) for t in THRESHOLDS]
            top = max(r for r, _ in results)
            if best is None or top > best[0] + 1e-9:
                tied = [t for r, t in results if abs(r - top) < 1e-9]
                best = (top, Calibration(weights, _middle(tied), same, margin, _middle(tied)))
    assert best is not None
    params = best[1]
    results = [
        (_objective(pairs, Calibration(params.weights, params.partial, same, params.margin, m)), m)
        for m in THRESHOLDS
        if m <= params.partial
    ]
    top = max(r for r, _ in results)
    mutual = _middle([m for r, m in results if abs(r - top) < 1e-9])
    return Calibration(params.weights, params.partial, same, params.margin, mutual), top


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
