"""Readings of the gold annotations shared by tests and benchmarks."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import NamedTuple

from rapidfuzz.fuzz import ratio

from model import PlanPeriod
from tests.conftest import GOLD, ROOT


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


def shared_dir() -> Path | None:
    """The shared data folder (`../shared` beside the main checkout, or beside a worktree's
    parent), or None where it is absent."""
    for candidate in (ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if (candidate / "devset").is_dir():
            return candidate
    return None


class NormalizerScore(NamedTuple):
    """The normalizer on gold raw cells: counts behind each figure of `normalizer_scores`."""

    activities: int
    when_kind: int
    when_exact: int
    persons: tuple[int, int, int]
    orgs: tuple[int, int, int]
    directive_persons: tuple[int, int, int]
    directive_orgs: tuple[int, int, int]


def f1(counts: tuple[int, int, int]) -> float:
    """F1 of (true positives, false positives, false negatives); 1.0 when there is nothing."""
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def _folded(values: list[str]) -> set[str]:
    return {normalized(v).lower() for v in values}


def _add(counts: tuple[int, int, int], gold: list[str], got: list[str]) -> tuple[int, int, int]:
    g, p = _folded(gold), _folded(got)
    return counts[0] + len(g & p), counts[1] + len(p - g), counts[2] + len(g - p)


def normalizer_scores(gold_dir: Path) -> NormalizerScore:
    """Feed each gold document's raw cells (deadline_raw, responsible_raw, directive texts, with
    the gold plan period and date) through `normalize_document` and count agreement with the gold
    `when`, `persons` and `orgs`: the normalizer measured apart from table reading. Names compare
    exactly after the scorer's folding (quotes, dashes, ё, case)."""
    from model import Activity, Directive, Document, DocumentMeta
    from normalizer.pipeline import normalize_document

    n = kind = exact = 0
    zero = (0, 0, 0)
    persons, orgs, d_persons, d_orgs = zero, zero, zero, zero
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        meta = gold["meta"]
        document = Document(
            doc_id=path.stem,
            source=f"{path.stem}.txt",
            format="txt",
            meta=DocumentMeta(
                plan_period=PlanPeriod(**meta["plan_period"]) if meta.get("plan_period") else None,
                date=dt.date.fromisoformat(meta["date"]) if meta.get("date") else None,
            ),
            activities=[
                Activity(
                    title=a["title"], deadline_raw=a["deadline_raw"], responsible_raw=a["responsible_raw"]
                )
                for a in gold["activities"]
            ],
            directives=[Directive(number=d["number"], text=d["text"]) for d in gold["directives"]],
        )
        read = normalize_document(document)
        for expected, got in zip(gold["activities"], read.activities, strict=True):
            want = expected["when"]
            have = got.when.model_dump(mode="json") if got.when else {"kind": None, "intervals": []}
            spans = [(i["start"], i["end"]) for i in want["intervals"]]
            got_spans = [(i["start"], i["end"]) for i in have["intervals"]]
            n += 1
            kind += have["kind"] == want["kind"]
            exact += (have["kind"], got_spans) == (want["kind"], spans)
            persons = _add(persons, expected["persons"], got.persons)
            orgs = _add(orgs, expected["orgs"], got.orgs)
        for expected, got in zip(gold["directives"], read.directives, strict=True):
            d_persons = _add(d_persons, expected["persons"], got.persons)
            d_orgs = _add(d_orgs, expected["orgs"], got.orgs)
    return NormalizerScore(n, kind, exact, persons, orgs, d_persons, d_orgs)
