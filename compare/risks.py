"""Rules over one document's risk directions, with no template: a risk it names must be answered
by activities that say when and who.

| rule | severity | fires when |
|---|---|---|
| risk_without_activities | error | a risk direction the document names has no activity under it |
| risk_no_deadline | warning | activities under a risk direction name no deadline |
| risk_no_responsible | warning | activities under a risk direction name nobody responsible |

A compare run adds them to the plan's findings; the document page shows them for any document.
"""

from __future__ import annotations

from compare.findings import named
from compare.model import Finding
from model import Activity, Document


def _ref(activity: Activity, position: int) -> str:
    """As `compare.core.activity_refs` names it: the number without its dot, or `#k`."""
    number = (activity.number or "").strip()
    return number.rstrip(".") if number else f"#{position}"


def _no_deadline(activity: Activity) -> bool:
    return not (activity.deadline_raw or "").strip() or (
        activity.when is not None and activity.when.kind == "unspecified"
    )


def _no_responsible(activity: Activity) -> bool:
    return not (activity.responsible_raw or "").strip()


def _risk_name(title: str, number: str | None) -> str:
    return f"«{title}»" if number is None else f"{number} «{title}»"


def risk_findings(document: Document) -> list[Finding]:
    """The findings of each risk direction of `document` (its `meta.risks`, activities' `risk`)."""
    out: list[Finding] = []
    positioned = list(enumerate(document.activities, start=1))
    for risk in document.meta.risks:
        under = [(n, a) for n, a in positioned if a.risk == risk.title]
        name = _risk_name(risk.title, risk.number)
        evidence = {"risk": risk.title, "risk_raw": risk.raw, "profile": risk.profile}
        if not under:
            out.append(
                Finding(
                    rule="risk_without_activities",
                    severity="error",
                    message=f"По рисковому направлению {name} в документе нет ни одного мероприятия",
                    evidence=evidence,
                )
            )
            continue
        for rule, lacks, what in (
            ("risk_no_deadline", _no_deadline, "не указан срок"),
            ("risk_no_responsible", _no_responsible, "не указан ответственный"),
        ):
            missing = [(n, a) for n, a in under if lacks(a)]
            if not missing:
                continue
            refs = ", ".join(_ref(a, n) for n, a in missing)
            titles = "; ".join(named(_ref(a, n), a.title) for n, a in missing)
            out.append(
                Finding(
                    rule=rule,
                    severity="warning",
                    message=(
                        f"По рисковому направлению {name} у {len(missing)} из {len(under)} мероприятий "
                        f"{what}: {titles}"
                    ),
                    plan=refs,
                    evidence={**evidence, "plan_titles": " | ".join(a.title for _, a in missing)},
                )
            )
    return out
