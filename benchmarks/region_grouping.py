"""How well Сводка по региону finds the same activity written by two municipalities, on the
labelled pairs of the compare devset (`devset/compare/gold/pairs`).

Each devset template is implemented by four plans of one region (a close copy, a strong
paraphrase, a school's plan, a weak routine plan). Every two plans of one template are handed
to `review.alike.matched_across` as two municipalities' rows; a pair of rows it returns is
right when the gold matches both rows to one template row, wrong when the gold matches them
to different rows or only one of them to any, and unknown when the gold matches neither (two
additions: what the page groups, but the devset does not label them). Recall is over every
pair of rows the gold matches to one template row. Exact wording (what grouping by strings
would find) is printed beside it.

The matcher's calibration was fitted on these devset pairs as template-vs-plan pairs, so the
texts are not unseen: the plan-vs-plan pairs scored here were never labelled or fitted on, but
read the figures as in-sample for the calibration. Run from the project root:

    .venv/bin/python -m benchmarks.region_grouping [--devset /work/shared/devset/compare]
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter, defaultdict
from pathlib import Path

from review.alike import matched_across

DEVSET = Path("/work/shared/devset/compare")


def _rows(gold: Path, name: str) -> list[tuple[str, str]]:
    """(reference, title) of a plan's activities (printed number without the dot, or `#k`)."""
    activities = json.loads((gold / f"{name}.json").read_text(encoding="utf-8"))["activities"]
    return [
        ((a["number"] or "").strip().rstrip(".") or f"#{k}", a["title"]) for k, a in enumerate(activities, 1)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET)
    args = parser.parse_args()
    gold = args.devset / "gold"
    answers: dict[str, dict[str, set[str]]] = {}  # plan -> row -> template rows it answers
    plans: dict[str, list[str]] = defaultdict(list)  # template -> its plans
    for path in sorted((gold / "pairs").glob("*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        answered: dict[str, set[str]] = defaultdict(set)
        for match in pair["matches"]:
            answered[match["plan"]].add(match["template"])
        answers[pair["plan"]] = answered
        plans[pair["template"]].append(pair["plan"])
    found, exact = Counter(), Counter()
    for names in plans.values():
        for left, right in itertools.combinations(sorted(names), 2):
            rows = [_rows(gold, left), _rows(gold, right)]
            labels = [answers[left], answers[right]]
            for (ra, ta), (rb, tb) in itertools.product(*rows):
                if labels[0].get(ra, set()) & labels[1].get(rb, set()):
                    found["positives"] += 1
                    exact["right"] += ta == tb
            for k, other in matched_across([[t for _, t in rows[0]], [t for _, t in rows[1]]]):
                a, b = labels[0].get(rows[0][k][0]), labels[1].get(rows[1][other - len(rows[0])][0])
                if a and b:
                    found["right" if a & b else "wrong"] += 1
                else:
                    found["unknown" if not a and not b else "wrong"] += 1
    labelled = found["right"] + found["wrong"]
    print(f"pairs of rows of two plans answering one template row (gold): {found['positives']}")
    print(
        f"compare's matcher: {labelled + found['unknown']} pairs found, {found['right']} right, "
        f"{found['wrong']} wrong, {found['unknown']} between two unlabelled rows; "
        f"precision {found['right'] / max(labelled, 1):.2f}, recall {found['right'] / found['positives']:.2f}"
    )
    print(f"same wording: recall {exact['right'] / found['positives']:.2f}")


if __name__ == "__main__":
    main()
