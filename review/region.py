"""The region at a glance: each municipality's latest plan against a template, what the region
misses, the practices several municipalities add, and what falls due.

Pure functions over what the caller hands in (`store/region.py` reads it from the store):

    plans = latest(candidates)                       # one compared plan per (municipality, template)
    coverage_matrix(plans, template_rows)            # municipalities × template sections
    weak_activities(plans, template_rows)            # template rows most often missing or partial
    recurring_additions(plans)                       # plans' own rows that recur in several municipalities
    falling_due(plans, today)                        # dated activities, the overdue ones marked

Everything is read through the methodist's decisions where a review exists (`review.reviewed`):
a match she rejected is a gap, a gap she accepted is not missing, a row she regraded counts
with her grade. Additions of two municipalities say the same thing when compare's own
calibrated matcher pairs them (`review.alike`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from compare.model import Comparison
from review.alike import matched_across
from review.apply import reviewed
from review.model import STATUSES, Decision, Reviewed

DATA = Path(__file__).resolve().parent / "data"
UNREVIEWED = "не проверен"
_WORD = re.compile(r"[а-яёa-z]+")
_NOT_DONE = "[не выполнено]"


@dataclass(frozen=True)
class Compared:
    """A stored comparison of a plan with a template, with what ranks the plan among its
    municipality's: the plan's date and when it was stored (its id grows with time)."""

    comparison_id: int
    template_id: int
    plan_id: int
    plan_name: str
    municipality: str | None
    plan_date: dt.date | None
    compared_at: dt.datetime


@dataclass(frozen=True)
class TemplateRow:
    """A template activity as a comparison names it (`ref`), with its section."""

    ref: str
    title: str
    section: str | None = None
    section_title: str | None = None


@dataclass(frozen=True)
class PlanActivity:
    """A plan activity with its deadline span and the status column's text."""

    ref: str
    title: str
    deadline_raw: str | None = None
    when_start: dt.date | None = None
    when_end: dt.date | None = None
    status_raw: str | None = None
    responsible_raw: str | None = None


@dataclass(frozen=True)
class RegionPlan:
    """A municipality's latest plan against a template: its comparison, its review's status
    (None: not reviewed) and decisions, its activities."""

    municipality: str
    template_id: int
    plan_id: int
    plan_name: str
    plan_date: dt.date | None
    comparison: Comparison
    status: str | None = None
    decisions: tuple[Decision, ...] = ()
    activities: tuple[PlanActivity, ...] = ()

    @property
    def status_label(self) -> str:
        """The review's status in Russian, «не проверен» when there is no review."""
        return STATUSES.get(self.status or "", UNREVIEWED)

    def confirmed(self) -> Reviewed:
        """The comparison with the methodist's decisions applied (none: as compare found it)."""
        return reviewed(self.comparison, list(self.decisions))


@dataclass(frozen=True)
class Section:
    """A template section: its number and title as the template prints them."""

    key: str | None
    title: str | None

    @property
    def label(self) -> str:
        if self.key and self.title:
            return f"{self.key}. {self.title}"
        return self.title or (f"Раздел {self.key}" if self.key else "Без раздела")


@dataclass(frozen=True)
class CoverageRow:
    """One municipality's latest plan: its overall share of template rows answered and the
    share per template section (by `Section.key`)."""

    municipality: str
    plan_id: int
    plan_name: str
    plan_date: dt.date | None
    status: str
    share: float
    shares: dict[str | None, float]


@dataclass(frozen=True)
class WeakActivity:
    """A template activity and the municipalities whose latest plan misses it or answers it
    only in part."""

    ref: str
    title: str
    section: str
    missing: tuple[str, ...]
    partial: tuple[str, ...]


@dataclass(frozen=True)
class AdditionGroup:
    """Plan rows answering no template row that say the same thing, in several municipalities:
    the most common wording, every wording, and the municipalities."""

    title: str
    titles: tuple[str, ...]
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class DueActivity:
    """A dated activity of a latest plan: when it falls due (the end of its deadline) and
    whether it is overdue (due before today and its status not «выполнено»)."""

    municipality: str
    plan_name: str
    ref: str
    title: str
    deadline_raw: str | None
    due: dt.date
    status_raw: str | None
    responsible_raw: str | None
    overdue: bool


@dataclass(frozen=True)
class FallingDue:
    """The dated activities of the latest plans by due date, and how many have no date."""

    activities: list[DueActivity] = field(default_factory=list)
    undated: int = 0

    def per_month(self) -> list[tuple[dt.date, int, int]]:
        """(first day of the month, activities due, of them overdue), by month."""
        due = Counter(a.due.replace(day=1) for a in self.activities)
        late = Counter(a.due.replace(day=1) for a in self.activities if a.overdue)
        return [(month, due[month], late[month]) for month in sorted(due)]

    @property
    def overdue(self) -> list[DueActivity]:
        return [a for a in self.activities if a.overdue]


def latest(candidates: list[Compared]) -> list[Compared]:
    """The latest comparison of each municipality's latest plan per template: a pair compared
    more than once counts by its newest run; of a municipality's plans compared with the
    template the newest by date wins, an undated one ranking below the dated, then the one
    stored last (as `store.reviews` links a review to the earlier plan's). A plan with no
    municipality stands alone."""
    runs: dict[tuple[int, int], Compared] = {}
    for c in candidates:
        held = runs.get((c.template_id, c.plan_id))
        if held is None or (c.compared_at, c.comparison_id) > (held.compared_at, held.comparison_id):
            runs[(c.template_id, c.plan_id)] = c
    chosen: dict[tuple[int, str], Compared] = {}
    for c in runs.values():
        author = c.municipality or f"#{c.plan_id}"
        held = chosen.get((c.template_id, author))
        if held is None or _newness(c) > _newness(held):
            chosen[(c.template_id, author)] = c
    return sorted(chosen.values(), key=lambda c: (c.template_id, c.municipality or "", c.plan_id))


def _newness(c: Compared) -> tuple[bool, dt.date, int]:
    return (c.plan_date is not None, c.plan_date or dt.date.min, c.plan_id)


def municipality_label(municipality: str | None, plan_name: str) -> str:
    """How a plan's author is shown: the municipality, else the file with a note."""
    return municipality or f"{plan_name} (муниципалитет не указан)"


def sections(rows: list[TemplateRow]) -> list[Section]:
    """The template's sections in the order they first appear."""
    found: dict[str | None, Section] = {}
    for row in rows:
        found.setdefault(row.section, Section(row.section, row.section_title))
    return list(found.values())


def coverage_matrix(plans: list[RegionPlan], rows: list[TemplateRow]) -> list[CoverageRow]:
    """Municipalities × template sections: the share of each section's template rows the
    latest plan answers (after the methodist's decisions), by municipality."""
    members: dict[str | None, list[str]] = {}
    for row in rows:
        members.setdefault(row.section, []).append(row.ref)
    out = []
    for plan in sorted(plans, key=lambda p: p.municipality):
        answered = {m.template for m in plan.confirmed().matches}
        shares = {key: _share(answered, refs) for key, refs in members.items()}
        out.append(
            CoverageRow(
                plan.municipality,
                plan.plan_id,
                plan.plan_name,
                plan.plan_date,
                plan.status_label,
                _share(answered, [r.ref for r in rows]),
                shares,
            )
        )
    return out


def _share(answered: set[str], refs: list[str]) -> float:
    return round(sum(r in answered for r in refs) / len(refs), 4) if refs else 0.0


def weak_activities(plans: list[RegionPlan], rows: list[TemplateRow]) -> list[WeakActivity]:
    """Template activities that latest plans miss (an open gap after the decisions; one the
    methodist accepted is not missing) or answer only in part (every match partial), most
    municipalities first, then missing before partial, then in template order."""
    missing: dict[str, list[str]] = {}
    partial: dict[str, list[str]] = {}
    titles = {r.ref: r.title for r in rows}
    labels = {s.key: s.label for s in sections(rows)}
    section_of = {r.ref: labels[r.section] for r in rows}
    for plan in sorted(plans, key=lambda p: p.municipality):
        confirmed = plan.confirmed()
        for gap in confirmed.gaps:
            missing.setdefault(gap.ref, []).append(plan.municipality)
            titles.setdefault(gap.ref, gap.title)
        grades: dict[str, set[str]] = {}
        for match in confirmed.matches:
            grades.setdefault(match.template, set()).add(match.grade)
        for ref, found in grades.items():
            if found == {"partial"}:
                partial.setdefault(ref, []).append(plan.municipality)
    order = {r.ref: k for k, r in enumerate(rows)}
    refs = sorted(
        set(missing) | set(partial),
        key=lambda r: (
            -len(missing.get(r, ())) - len(partial.get(r, ())),
            -len(missing.get(r, ())),
            order.get(r, len(order)),
            r,
        ),
    )
    return [
        WeakActivity(
            r,
            titles.get(r, ""),
            section_of.get(r, ""),
            tuple(missing.get(r, ())),
            tuple(partial.get(r, ())),
        )
        for r in refs
    ]


def recurring_additions(
    plans: list[RegionPlan],
    least: int = 2,
    matcher: Callable[[list[list[str]]], set[tuple[int, int]]] | None = None,
) -> list[AdditionGroup]:
    """Plans' own rows (additions after the decisions) that say the same thing in at least
    `least` municipalities, most municipalities first. The same wording in several plans is
    one practice at once; different wordings are when compare's matcher pairs them (`matcher`,
    by default `matched_across`; a caller may hand in a cached one), each wording read under
    the first municipality that has it, so a copied row is matched once. A group is one
    wording and every wording paired with it, taken greedily from the wording that reaches
    most municipalities, so that a chain of loose pairs never makes one group."""
    where: dict[str, set[str]] = {}  # wording -> municipalities whose plans have it
    for plan in sorted(plans, key=lambda p: p.municipality):
        for addition in plan.confirmed().additions:
            title = " ".join(addition.title.split())
            if title:
                where.setdefault(title, set()).add(plan.municipality)
    first: dict[str, list[str]] = {}  # each wording under the first municipality that has it
    for title, municipalities in where.items():
        first.setdefault(min(municipalities), []).append(title)
    wordings = [first[m] for m in sorted(first)]
    texts = [t for group in wordings for t in group]
    partners: dict[int, set[int]] = {k: set() for k in range(len(texts))}
    for k, other in (matcher or matched_across)(wordings):
        partners[k].add(other)
        partners[other].add(k)

    def reach(members: list[int]) -> set[str]:
        return set().union(*(where[texts[m]] for m in members))

    used: set[int] = set()
    groups = []
    for k in sorted(range(len(texts)), key=lambda k: (-len(reach([k, *partners[k]])), texts[k])):
        if k in used:
            continue
        members = [k, *sorted(other for other in partners[k] if other not in used)]
        used.update(members)
        municipalities = sorted(reach(members))
        if len(municipalities) >= least:
            groups.append(AdditionGroup(texts[k], tuple(texts[m] for m in members), tuple(municipalities)))
    return sorted(groups, key=lambda g: (-len(g.municipalities), g.title))


def falling_due(plans: list[RegionPlan], today: dt.date) -> FallingDue:
    """The dated activities of `plans` by due date (the end of the deadline, else its start);
    overdue: due before `today` and the status column (where the plan has one) not saying
    «выполнено» (`is_done`)."""
    due: list[DueActivity] = []
    undated = 0
    for plan in plans:
        for activity in plan.activities:
            end = activity.when_end or activity.when_start
            if end is None:
                undated += 1
                continue
            due.append(
                DueActivity(
                    plan.municipality,
                    plan.plan_name,
                    activity.ref,
                    activity.title,
                    activity.deadline_raw,
                    end,
                    activity.status_raw,
                    activity.responsible_raw,
                    end < today and not is_done(activity.status_raw),
                )
            )
    due.sort(key=lambda a: (a.due, a.municipality, a.ref))
    return FallingDue(due, undated)


@cache
def done_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words that say an activity is done, words that take it back), from
    `data/done_status.txt`."""
    done: set[str] = set()
    negating: set[str] = set()
    target = done
    for line in (DATA / "done_status.txt").read_text(encoding="utf-8").splitlines():
        word = line.strip().lower()
        if not word or word.startswith("#"):
            continue
        if word == _NOT_DONE:
            target = negating
            continue
        target.add(word.replace("ё", "е"))
    return frozenset(done), frozenset(negating)


def is_done(status_raw: str | None) -> bool:
    """Whether a status cell says the activity is done: «Выполнено», «исполнено», «проведены»,
    not «не выполнено» or «выполнено частично»."""
    if not status_raw:
        return False
    done, negating = done_words()
    words = set(_WORD.findall(status_raw.lower().replace("ё", "е")))
    return bool(words & done) and not words & negating
