"""Readings of the gold annotations shared by tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import json
from typing import NamedTuple

from extractor.model import PlanPeriod
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
