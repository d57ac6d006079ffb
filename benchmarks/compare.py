"""Compare quality on the gold pairs beside a plain baseline, and speed on 1,000 x 1,000 activities.

Quality: for every gold pair (`corpus/gold/pairs`, documents from their `corpus/*.txt` form), our
`compare.compare` beside the baseline "rapidfuzz token_set_ratio on raw titles, every pair at or
above one threshold", with the single threshold that is best for the baseline over all pairs.
Figures are those of `score_compare.py` (match F1, grade accuracy, gap F1).

Speed: a template and a plan of 1,000 activities each, built from corpus titles recombined, matched
on one core (BLAS threads pinned to 1); wall time and peak memory (ru_maxrss) are printed.

    .venv/bin/python -m benchmarks.compare
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

from compare import activity_refs, compare  # noqa: E402
from compare.calibrate import pair_figures  # noqa: E402
from compare.vectors import navec  # noqa: E402
from extractor import extract  # noqa: E402
from model import Activity, Document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def gold_pairs() -> list[tuple[str, Document, Document, dict[tuple[str, str], str]]]:
    out = []
    for path in sorted((CORPUS / "gold" / "pairs").glob("*__*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        gold = {(str(m["template"]), str(m["plan"])): m["grade"] for m in data["matches"]}
        template = extract(CORPUS / f"{data['template']}.txt")
        plan = extract(CORPUS / f"{data['plan']}.txt")
        out.append((path.stem, template, plan, gold))
    return out


def baseline(template: Document, plan: Document, threshold: float) -> dict[tuple[str, str], str]:
    scores = process.cdist(
        [a.title for a in template.activities],
        [a.title for a in plan.activities],
        scorer=fuzz.token_set_ratio,
    )
    t_refs, p_refs = activity_refs(template), activity_refs(plan)
    return {(t_refs[i], p_refs[j]): "same" for i, j in zip(*np.nonzero(scores >= threshold), strict=True)}


def quality() -> None:
    pairs = gold_pairs()
    best = max(
        range(30, 101),
        key=lambda t: sum(
            pair_figures(g, baseline(tm, pl, t), activity_refs(tm))["match_f1"] for _, tm, pl, g in pairs
        ),
    )
    print(f"baseline: token_set_ratio on raw titles, best single threshold {best}")
    print(f"{'pair':<45} {'method':<9} {'match_f1':>8} {'grade_acc':>9} {'gap_f1':>7}")
    for name, template, plan, gold in pairs:
        ours = {(m.template, m.plan): m.grade for m in compare(template, plan).matches}
        for method, predicted in (("ours", ours), ("baseline", baseline(template, plan, best))):
            f = pair_figures(gold, predicted, activity_refs(template))
            print(f"{name:<45} {method:<9} {f['match_f1']:>8} {f['grade_accuracy']:>9} {f['gap_f1']:>7}")


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
    start = time.perf_counter()
    result = compare(template, plan)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    process.cdist(
        [a.title for a in template.activities],
        [a.title for a in plan.activities],
        scorer=fuzz.token_set_ratio,
        workers=1,
    )
    plain = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{n} x {n} activities: ours {ours:.2f} s ({len(result.matches)} matches), "
        f"baseline cdist alone {plain:.2f} s, peak memory {peak:.0f} MB (one core)"
    )


if __name__ == "__main__":
    quality()
    speed()
