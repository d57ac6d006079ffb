"""Compare quality per labelled pair beside two single-threshold baselines, and speed on 1,000 x 1,000.

Quality: every labelled pair `compare.calibrate` knows (corpus pairs, the development set when it is
on this machine, a methodist's stored pairs). For each pair, three matchers:
- `ours (LOPO)`: the decision fitted on the other pairs only (`compare.calibrate.leave_one_pair_out`),
  beside `ours (in-sample)`, fitted on all pairs (the shipped calibration);
- `token_set`: rapidfuzz token_set_ratio on raw titles; each plan row matched to its best template
  row when the score reaches one threshold, graded `same` from a second one;
- `soft`: the navec soft word alignment (`align.coverage`, mean of both directions) in the same way.
Each baseline's two thresholds are the single ones best over all pairs (mean match F1, then mean
grade accuracy): in-sample, which favours the baselines. Figures as `score_compare.py` defines them.

Speed: a template and a plan of 1,000 activities each, built from corpus titles recombined, matched
on one core (BLAS threads pinned to 1); wall time and peak memory (ru_maxrss) are printed, beside
rapidfuzz's cdist alone in the same process.

    .venv/bin/python -m benchmarks.compare
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from compare import compare  # noqa: E402
from compare.calibrate import GoldPair, fit, leave_one_pair_out, load_pairs, pair_figures, predict  # noqa: E402
from compare.features import feature_names  # noqa: E402
from compare.vectors import navec  # noqa: E402
from extractor import extract  # noqa: E402
from model import Activity, Document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GRID = tuple(round(x, 2) for x in np.arange(0.1, 1.0, 0.02))


def token_set(pair: GoldPair) -> np.ndarray:
    scores = process.cdist(pair.template_titles, pair.plan_titles, scorer=fuzz.token_set_ratio, workers=1)
    return scores.astype(np.float32) / np.float32(100.0)


def soft(pair: GoldPair) -> np.ndarray:
    return pair.features[..., feature_names().index("soft")]


def single_threshold(pair: GoldPair, scores: np.ndarray, match: float, same: float) -> dict:
    """Each plan row to its best template row when the score reaches `match`; `same` from `same`."""
    best = scores >= scores.max(axis=0, keepdims=True)
    chosen = best & (scores >= match)
    return {
        (pair.template_refs[i], pair.plan_refs[j]): "same" if scores[i, j] >= same else "partial"
        for i, j in zip(*np.nonzero(chosen), strict=True)
    }


def best_thresholds(pairs: list[GoldPair], matrices: list[np.ndarray]) -> tuple[float, float]:
    def figures(match: float, same: float) -> list[dict]:
        return [
            pair_figures(p.gold, single_threshold(p, s, match, same), p.template_refs)
            for p, s in zip(pairs, matrices, strict=True)
        ]

    match = max(GRID, key=lambda t: np.mean([f["match_f1"] for f in figures(t, 2.0)]))
    same = max(GRID, key=lambda t: np.mean([f["grade_accuracy"] for f in figures(match, t)]))
    return match, same


def quality() -> None:
    pairs = load_pairs()
    held_out = leave_one_pair_out(pairs)
    shipped = fit(pairs)
    baselines = {"token_set": [token_set(p) for p in pairs], "soft": [soft(p) for p in pairs]}
    thresholds = {name: best_thresholds(pairs, m) for name, m in baselines.items()}
    for name, (match, same) in thresholds.items():
        print(f"{name}: best single thresholds over all pairs: match >= {match}, same >= {same}")
    print(f"{'pair':<44} {'method':<17} {'match_f1':>8} {'grade_acc':>9} {'gap_f1':>7}")
    wins = 0
    for k, pair in enumerate(pairs):
        rows = {
            "ours (LOPO)": held_out[pair.name],
            "ours (in-sample)": pair_figures(pair.gold, predict(pair, shipped), pair.template_refs),
        }
        for name, (match, same) in thresholds.items():
            found = single_threshold(pair, baselines[name][k], match, same)
            rows[name] = pair_figures(pair.gold, found, pair.template_refs)
        for method, f in rows.items():
            print(
                f"{pair.name:<44} {method:<17} {f['match_f1']:>8} {f['grade_accuracy']:>9} {f['gap_f1']:>7}"
            )
        ours = rows["ours (LOPO)"]
        wins += all(
            ours["match_f1"] + ours["gap_f1"] >= rows[b]["match_f1"] + rows[b]["gap_f1"] for b in baselines
        )
    print(f"ours (LOPO) at or above both baselines in match F1 + gap F1 on {wins} of {len(pairs)} pairs")


def synthetic(titles: list[str], n: int, rng: random.Random, prefix: str) -> Document:
    """`n` activities, each a corpus title with the tail of another one appended."""
    activities = []
    for k in range(n):
        head, tail = rng.choice(titles), rng.choice(titles).split()
        title = f"{head} {' '.join(tail[len(tail) // 2 :])}"
        activities.append(Activity(number=f"{k + 1}", title=title, responsible_raw="Руководители ОО"))
    return Document(doc_id=prefix, source=f"{prefix}.txt", format="txt", activities=activities)


def speed(n: int = 1000) -> None:
    titles = sorted({a.title for p in sorted(CORPUS.glob("*.txt")) for a in extract(p).activities})
    rng = random.Random(1)
    template, plan = synthetic(titles, n, rng, "template"), synthetic(titles, n, rng, "plan")
    navec()  # the model loads once per process; not part of matching
    start, cpu = time.perf_counter(), time.process_time()
    result = compare(template, plan)
    ours, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    process.cdist(
        [a.title for a in template.activities],
        [a.title for a in plan.activities],
        scorer=fuzz.token_set_ratio,
        workers=1,
    )
    plain, plain_cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n} x {n} activities: ours {ours:.2f} s wall / {ours_cpu:.2f} s CPU "
        f"({len(result.matches)} matches), "
        f"baseline token_set cdist alone {plain:.2f} s wall / {plain_cpu:.2f} s CPU, "
        f"peak memory {peak:.0f} MB (one core; on a shared machine the CPU time is the steadier figure)"
    )


if __name__ == "__main__":
    quality()
    speed()
