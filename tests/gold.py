"""Readings of the gold annotations shared by tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import NamedTuple

from rapidfuzz.fuzz import ratio

from model import PlanPeriod
from tests.conftest import GOLD


class GoldDeadline(NamedTuple):
    """A gold deadline cell, the plan period and document date it is read against, its `when`."""

    text: str | None
    plan: PlanPeriod | None
    doc_date: dt.date | None
    when: dict


def gold_deadlines() -> list[GoldDeadline]:
    """Every activity's deadline in the gold files, in document order."""
    cases = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        meta = gold["meta"]
        plan = PlanPeriod(**meta["plan_period"]) if meta.get("plan_period") else None
        date = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
        cases += [GoldDeadline(a["deadline_raw"], plan, date, a["when"]) for a in gold["activities"]]
    return cases


def normalized(value: object) -> str:
    """A cell as the scorer compares it: tags dropped, quotes, dashes and ё folded, spaces
    collapsed, trailing punctuation cut."""
    text = re.sub(r"<[^>]+>", " ", str(value or ""))
    text = text.translate(str.maketrans({"«": '"', "»": '"', "–": "-", "—": "-", "ё": "е"}))
    return re.sub(r"\s+", " ", text).strip().rstrip(" .;,")


def align_activities(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Pair activities in order by title similarity (each predicted one used once)."""
    pairs, start = [], 0
    for g in gold:
        for j in range(start, len(pred)):
            if ratio(normalized(g["title"]), normalized(pred[j]["title"])) >= 80:
                pairs.append((g, pred[j]))
                start = j + 1
                break
    return pairs
