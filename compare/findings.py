"""Rules over a comparison. Each finding names its rule, a severity, says in Russian what is wrong
and keeps the raw texts it rests on. Deadline rules read `activity.when` (filled by the
normalizer) and stay silent where it is missing.

| rule | severity | fires when |
|---|---|---|
| gap | error | a template activity no plan activity answers |
| partial_coverage | warning | a template activity answered only partially |
| late_deadline | warning | a matched plan activity ends later than its template activity |
| vague_deadline | warning | the plan's deadline is "в течение года"-like where the template's is specific |
| no_responsible | warning | a plan activity names nobody responsible |
| no_person | info | the responsible cell names organisations or roles but no person |
| deadline_before_document | warning | a plan deadline ends before the plan's own date |
| deadline_after_period | warning | a plan deadline ends after the plan period |
| addition | info | a plan activity that answers no template activity |
| empty_template | error | no activity in the template: nothing to check against (`compare.emptiness`) |
| empty_plan | error | no activity in the plan (an order without its table, a wrong file): all gaps |
"""

from __future__ import annotations

import datetime as dt

from compare.emptiness import EMPTY_TEMPLATE, empty_plan_reason
from compare.model import ActivityRef, Finding, Match
from model import Activity, Document, When
from normalizer.persons import find_persons

SPECIFIC_KINDS = {"date", "deadline", "period"}
VAGUE_KINDS = {"continuous", "as_needed", "by_schedule", "unspecified", "recurring"}


TITLE_START = 60  # characters of an activity's title a finding quotes after its number


def named(ref: str, title: str | None) -> str:
    """An activity as a finding names it: its number and the start of its title,
    "2.1 «Проведение диагностики профессиональных дефицитов…»"."""
    text = " ".join((title or "").split())
    if not text:
        return ref
    if len(text) > TITLE_START:
        text = text[:TITLE_START].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    return f"{ref} «{text}»"


def last_day(when: When | None) -> dt.date | None:
    """The latest end among the intervals of `when`, or None."""
    if when is None:
        return None
    ends = [i.end for i in when.intervals if i.end is not None]
    return max(ends) if ends else None


def _names_person(activity: Activity) -> bool:
    return bool(activity.persons or activity.person_mentions or find_persons(activity.responsible_raw or ""))


def empty_findings(template: Document, plan: Document) -> list[Finding]:
    """An error for a side in which no activity was found, naming its file."""
    reasons = {
        "empty_template": (template, EMPTY_TEMPLATE),
        "empty_plan": (plan, empty_plan_reason(template)),
    }
    return [
        Finding(
            rule=rule,
            severity="error",
            message=reason[:1].upper() + reason[1:],
            evidence={"file": document.source, "title": document.meta.title},
        )
        for rule, (document, reason) in reasons.items()
        if not document.activities
    ]


def gap_findings(gaps: list[ActivityRef]) -> list[Finding]:
    return [
        Finding(
            rule="gap",
            severity="error",
            message=f"Мероприятие шаблона {named(g.ref, g.title)} не отражено в плане",
            template=g.ref,
            evidence={"template_title": g.title},
        )
        for g in gaps
    ]


def partial_findings(matches: list[Match]) -> list[Finding]:
    by_template: dict[str, list[Match]] = {}
    for m in matches:
        by_template.setdefault(m.template, []).append(m)
    out = []
    for ref, group in by_template.items():
        if all(m.grade == "partial" for m in group):
            plans = ", ".join(m.plan for m in group)
            reasons = "; ".join(
                f"{m.plan}: {m.reason}" if len(group) > 1 else m.reason for m in group if m.reason
            )
            out.append(
                Finding(
                    rule="partial_coverage",
                    severity="warning",
                    message=(
                        f"Мероприятие шаблона {named(ref, group[0].template_title)} отражено в плане "
                        f"частично (мероприятия {plans})" + (f": {reasons}" if reasons else "")
                    ),
                    template=ref,
                    plan=plans,
                    evidence={
                        "template_title": group[0].template_title,
                        "plan_titles": " | ".join(m.plan_title for m in group),
                    },
                )
            )
    return out


def deadline_findings(match: Match, template: Activity, plan: Activity) -> list[Finding]:
    """Late or vague plan deadline against the template activity it answers."""
    evidence = {"template_deadline": template.deadline_raw, "plan_deadline": plan.deadline_raw}
    out = []
    template_end, plan_end = last_day(template.when), last_day(plan.when)
    if template_end and plan_end and plan_end > template_end:
        out.append(
            Finding(
                rule="late_deadline",
                severity="warning",
                message=(
                    f"Срок мероприятия {named(match.plan, plan.title)}"
                    f" («{plan.deadline_raw}») позже срока шаблона "
                    f"{match.template} («{template.deadline_raw}»)"
                ),
                template=match.template,
                plan=match.plan,
                evidence=evidence,
            )
        )
    if template.when and plan.when and template.when.kind in SPECIFIC_KINDS and plan.when.kind in VAGUE_KINDS:
        out.append(
            Finding(
                rule="vague_deadline",
                severity="warning",
                message=(
                    f"Срок мероприятия {named(match.plan, plan.title)}"
                    f" не конкретен («{plan.deadline_raw or 'не указан'}»), "
                    f"в шаблоне {match.template} — «{template.deadline_raw}»"
                ),
                template=match.template,
                plan=match.plan,
                evidence=evidence,
            )
        )
    return out


def plan_activity_findings(ref: str, activity: Activity, plan: Document) -> list[Finding]:
    """Responsible and deadline-bounds rules for one plan activity."""
    out = []
    responsible = (activity.responsible_raw or "").strip()
    if not responsible:
        out.append(
            Finding(
                rule="no_responsible",
                severity="warning",
                message=f"У мероприятия {named(ref, activity.title)} не указан ответственный",
                plan=ref,
                evidence={"plan_title": activity.title},
            )
        )
    elif not _names_person(activity):
        out.append(
            Finding(
                rule="no_person",
                severity="info",
                message=(
                    f"Ответственный мероприятия {named(ref, activity.title)} («{responsible}») "
                    "не называет конкретное лицо"
                ),
                plan=ref,
                evidence={"responsible": responsible},
            )
        )
    end = last_day(activity.when)
    if end and plan.meta.date and end < plan.meta.date:
        out.append(
            Finding(
                rule="deadline_before_document",
                severity="warning",
                message=(
                    f"Срок мероприятия {named(ref, activity.title)}"
                    f" («{activity.deadline_raw}») истекает раньше даты документа "
                    f"({plan.meta.date:%d.%m.%Y})"
                ),
                plan=ref,
                evidence={"plan_deadline": activity.deadline_raw, "document_date": plan.meta.date_raw},
            )
        )
    period = plan.meta.plan_period
    if end and period and end > period.end:
        out.append(
            Finding(
                rule="deadline_after_period",
                severity="warning",
                message=(
                    f"Срок мероприятия {named(ref, activity.title)}"
                    f" («{activity.deadline_raw}») выходит за период плана "
                    f"(до {period.end:%d.%m.%Y})"
                ),
                plan=ref,
                evidence={"plan_deadline": activity.deadline_raw, "plan_period": plan.meta.plan_period_raw},
            )
        )
    return out


def addition_findings(additions: list[ActivityRef]) -> list[Finding]:
    return [
        Finding(
            rule="addition",
            severity="info",
            message=(
                f"Мероприятие плана {named(a.ref, a.title)}"
                " не имеет соответствия в шаблоне (собственное мероприятие)"
            ),
            plan=a.ref,
            evidence={"plan_title": a.title},
        )
        for a in additions
    ]
