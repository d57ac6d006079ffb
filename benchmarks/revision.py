"""How well `review.revision.pair_rows` pairs the rows of two versions of a plan, and what it
costs beside compare in the same run.

There are no labelled plan revisions, so the devset's pairs stand in: a close copy (plans 301,
306: the template row by row, a few rows dropped or added, local names) is the nearest thing to a
corrected plan, and its gold matches are the rows that must pair; the paraphrased, school-level
and weak plans check that rows which are not one activity do not pair. The thresholds
(`SAME_NUMBER`, `MOVED`) are set by hand, not fitted, so the figure is out of sample; `--sweep`
prints the same counts for other thresholds (in sample, to show how sensitive they are).
Run from the project root:

    .venv/bin/python -m benchmarks.revision [--sweep]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from compare import compare
from extractor import extract
from review import revision
from tests.gold import shared_dir


def _pairs(devset: Path) -> list[tuple[str, object, object, set[tuple[str, str]]]]:
    out = []
    for gold in sorted((devset / "gold" / "pairs").glob("*.json")):
        template, plan = gold.stem.split("__")
        truth = {(m["template"], m["plan"]) for m in json.loads(gold.read_text(encoding="utf-8"))["matches"]}
        out.append((plan[:3], extract(devset / f"{template}.docx"), extract(devset / f"{plan}.docx"), truth))
    return out


def _counts(pairs) -> str:
    cells = []
    for name, template, plan, truth in pairs:
        found = {(p.earlier, p.corrected) for p in revision.pair_rows(template, plan)}
        cells.append(f"{name}: {len(found & truth)}/{len(found)} of {len(truth)}")
    return "; ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="counts for other thresholds (in sample)")
    args = parser.parse_args()
    shared = shared_dir()
    if shared is None:
        raise SystemExit("../shared/devset не найден")
    pairs = _pairs(shared / "devset" / "compare")
    print("correct/paired of gold matches, per plan:")
    print(f"  SAME_NUMBER={revision.SAME_NUMBER} MOVED={revision.MOVED}: {_counts(pairs)}")
    if args.sweep:
        chosen = revision.SAME_NUMBER, revision.MOVED
        for moved in (0.6, 0.65, 0.7, 0.8):
            revision.MOVED = moved
            print(f"  MOVED={moved}: {_counts(pairs)}")
        revision.SAME_NUMBER, revision.MOVED = chosen
    _, template, plan, _ = pairs[0]
    started = time.perf_counter()
    compare(template, plan)
    compared = time.perf_counter() - started
    started = time.perf_counter()
    revision.pair_rows(template, plan)
    paired = time.perf_counter() - started
    print(
        f"time on {len(plan.activities)} x {len(template.activities)} rows: compare {compared:.3f} s, "
        f"pair_rows {paired:.3f} s ({paired / compared:.2f}x)"
    )


if __name__ == "__main__":
    main()
