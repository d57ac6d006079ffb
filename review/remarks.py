"""The remarks a methodist sends a municipality, from a comparison and her decisions: only what
she confirmed, grouped by the template section they belong to.

- missing activities: template rows still unanswered and not accepted (nor their gap finding
  dismissed), with the template's own text, deadline and responsible;
- later deadlines, vague deadlines, no one responsible: the findings of those rules she did not
  dismiss, on matches she did not reject (a deadline both vague and later is one remark; a
  plan row that answers several template rows has one deadline remark naming each of them);
- her own remarks, with the row they are written against.

A remark of a plan row is put under the section of the template row it answers; one that
answers none goes to a group of its own (`Section.outside`), last.
Every remark keeps the raw texts it rests on (`Remark.sources`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from compare.core import activity_refs
from compare.model import ActivityRef, Comparison, Finding
from model import Activity, Document
from review.apply import carried, reviewed
from review.model import Decision

RemarkKind = Literal["missing", "late_deadline", "vague_deadline", "no_responsible", "own"]
FINDING_RULES = ("late_deadline", "vague_deadline", "no_responsible")
DEADLINE_RULES = ("late_deadline", "vague_deadline")
KIND_ORDER = {"missing": 0, "late_deadline": 1, "vague_deadline": 2, "no_responsible": 3, "own": 4}


def remark_key(kind: str, template: str | None, plan: str | None) -> str:
    """What a remark is about: its kind and rows («missing:1.2:», «late_deadline:1.2:3»)."""
    return f"{kind}:{template or ''}:{plan or ''}"


class Remark(BaseModel):
    """One remark: what it is about, the sentence the letter says, the rows and the raw texts
    it rests on (titles, deadlines, responsible as written; the methodist's comment)."""

    kind: RemarkKind
    text: str
    template: str | None = None
    plan: str | None = None
    sources: dict[str, str | None] = Field(default_factory=dict)
    decided_by: str | None = None
    also: list[str] = Field(default_factory=list)
    """Further template rows the remark names (one plan row's deadline against several)."""

    @property
    def key(self) -> str:
        return remark_key(self.kind, self.template, self.plan)

    @property
    def keys(self) -> list[str]:
        """The key of each finding the remark says: its own, then one per row in `also`."""
        return [self.key, *(remark_key(self.kind, ref, self.plan) for ref in self.also)]


@dataclass(frozen=True)
class Sent:
    """What a letter says about a comparison, before it is worded: the template rows it names
    as missing, the findings it sends, the methodist's own remarks, and the template row each
    plan row answers (the first, by the confirmed matches; a plan row's remark goes under it)."""

    gaps: list[ActivityRef]
    findings: list[Finding]
    own: list[Decision]
    answers: dict[str, str]

    @property
    def count(self) -> int:
        """How many remarks the letter words from these (`_said_together` joins findings)."""
        return len(self.gaps) + len({_said_together(f) for f in self.findings}) + len(self.own)


def sent(comparison: Comparison, decisions: list[Decision]) -> Sent:
    """The remarks a letter sends on `comparison` under `decisions` (the rule in the module
    docstring); the one place that rule lives, so the letter and the check of a corrected
    plan (`review.revision`) name the same remarks."""
    result = reviewed(comparison, decisions)
    kept, _ = carried(decisions, comparison)
    dismissed_gaps = {d.template for d in kept if d.kind == "finding" and d.rule == "gap"}
    held = {(m.template, m.plan) for m in result.matches}
    vague = {(f.template, f.plan) for f in result.findings if f.rule == "vague_deadline"}
    findings = [
        f
        for f in result.findings
        if f.rule in FINDING_RULES
        and (f.template is None or (f.template, f.plan) in held)
        # a deadline both vague and later is one remark: the vague one quotes the template's
        and not (f.rule == "late_deadline" and (f.template, f.plan) in vague)
    ]
    gaps = [g for g in result.gaps if g.ref not in dismissed_gaps]
    answers: dict[str, str] = {}
    for m in result.matches:
        answers.setdefault(m.plan, m.template)
    return Sent(gaps=gaps, findings=findings, own=result.remarks, answers=answers)


class Section(BaseModel):
    """A template section (number and title as printed in the template; both None where the
    template has no sections) and its remarks; `outside`: the remarks on plan rows that answer
    no template row."""

    number: str | None
    title: str | None
    outside: bool = False
    remarks: list[Remark]


def _by_ref(document: Document) -> dict[str, Activity]:
    """A document's activities by reference (the first one, where a reference repeats)."""
    out: dict[str, Activity] = {}
    for ref, activity in zip(activity_refs(document), document.activities, strict=True):
        out.setdefault(ref, activity)
    return out


def requisites(document: Document) -> str:
    """A document as a letter cites it: «приказ от 01.09.2021 № 100 «Об утверждении …»»,
    with whatever of the kind, date, number and title its meta holds (the kind left out when the
    title starts with it: «Комплекс мер, направленных …» is not «комплекс мер «Комплекс мер …»»)."""
    meta = document.meta
    title = " ".join((meta.title or "").split())
    named = bool(meta.doc_type) and title.casefold().startswith(meta.doc_type.casefold())
    parts = ["" if named else meta.doc_type or ""]
    if meta.date is not None:
        parts.append(f"от {meta.date:%d.%m.%Y}")
    elif meta.date_raw:
        parts.append(f"от {meta.date_raw}")
    if meta.number:
        parts.append(f"№ {meta.number}")
    if title:
        parts.append(f"«{title}»")
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class _Rows:
    """The two documents' activities by reference."""

    template: dict[str, Activity]
    plan: dict[str, Activity]


def _quoted(text: str | None) -> str:
    return f"«{' '.join((text or '').split())}»"


def _row(ref: str | None, title: str | None, side: str) -> str:
    """A row as the letter names it: «1.2 регионального плана «Мониторинг …»»."""
    return f"{ref or ''} {side}" + (f" {_quoted(title)}" if title else "")


def _missing(ref: str, activity: Activity | None, title: str) -> Remark:
    title = activity.title if activity is not None else title
    deadline = activity.deadline_raw if activity is not None else None
    responsible = activity.responsible_raw if activity is not None else None
    details = [f"срок по шаблону — {_quoted(deadline)}" if deadline else None]
    details.append(f"ответственные по шаблону — {_quoted(responsible)}" if responsible else None)
    said = "; ".join(d for d in details if d)
    text = f"Не отражено мероприятие {_row(ref, title, 'регионального плана')}" + (
        f" ({said})." if said else "."
    )
    return Remark(
        kind="missing",
        text=text,
        template=ref,
        sources={"template_title": title, "template_deadline": deadline, "template_responsible": responsible},
    )


def _finding_remarks(findings: list[Finding], rows: _Rows) -> list[Remark]:
    """One remark per finding, but one per plan row and rule for the deadline rules: a plan row
    that answers several template rows is told of its deadline once, naming each of them."""
    groups: dict[tuple[str, str | None, str | None], list[Finding]] = {}
    for f in findings:
        groups.setdefault(_said_together(f), []).append(f)
    return [_finding_remark(group, rows) for group in groups.values()]


def _said_together(finding: Finding) -> tuple[str, str | None, str | None]:
    """The findings with one value are one remark: a deadline rule's by plan row, others alone."""
    merged = finding.rule in DEADLINE_RULES and finding.template is not None
    return finding.rule, finding.plan, None if merged else finding.template


def _finding_remark(group: list[Finding], rows: _Rows) -> Remark:
    """The remark of one finding, or of one plan row's deadline findings against several
    template rows (`group`, in the comparison's order)."""
    first = group[0]
    rule, plan, evidence = first.rule, first.plan, first.evidence
    plan_activity = rows.plan.get(plan or "")
    plan_title = plan_activity.title if plan_activity is not None else evidence.get("plan_title")
    templates = [f.template for f in group]
    template_titles = [getattr(rows.template.get(ref or ""), "title", None) for ref in templates]
    deadlines = [f.evidence.get("template_deadline") for f in group]
    sources = {
        **{k: v for k, v in evidence.items() if k != "plan_title"},
        "plan_title": plan_title,
        "template_title": " | ".join(t or "" for t in template_titles) if any(template_titles) else None,
    }
    if len(group) > 1:
        sources["template_deadline"] = " | ".join(d or "" for d in deadlines)
    row = f"мероприятия {_row(plan, plan_title, 'дорожной карты')}"
    if rule == "late_deadline":
        against = _listed([f"{ref} ({_quoted(d)})" for ref, d in zip(templates, deadlines, strict=True)])
        text = f"Срок {row} ({_quoted(evidence.get('plan_deadline'))}) позже " + (
            f"срока, установленного региональным планом для мероприятия {against}."
            if len(group) == 1
            else f"сроков, установленных региональным планом для мероприятий {against}."
        )
    elif rule == "vague_deadline":
        deadline = evidence.get("plan_deadline")
        vague = f"Срок {row} не конкретен ({_quoted(deadline) if deadline else 'не указан'}); "
        pairs = list(zip(templates, deadlines, strict=True))
        if len(group) == 1:
            set_by = f"для мероприятия {templates[0]} срок {_quoted(deadlines[0])}"
        else:
            set_by = "сроки " + _listed([f"для мероприятия {ref} — {_quoted(d)}" for ref, d in pairs])
        text = f"{vague}региональный план устанавливает {set_by}."
    else:
        text = f"Для {row} не указан ответственный исполнитель."
    return Remark(
        kind=rule,
        text=text,
        template=first.template,
        plan=plan,
        sources=sources,
        also=[t for t in templates[1:] if t],
    )


def _listed(items: list[str]) -> str:
    """«a», «a и b», «a, b и c»."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} и {items[-1]}"


def _own(decision: Decision, rows: _Rows) -> Remark:
    template = rows.template.get(decision.template or "")
    plan = rows.plan.get(decision.plan or "")
    against = []
    if decision.template:
        against.append(
            f"мероприятию {_row(decision.template, getattr(template, 'title', None), 'регионального плана')}"
        )
    if decision.plan:
        against.append(f"мероприятию {_row(decision.plan, getattr(plan, 'title', None), 'дорожной карты')}")
    comment = " ".join((decision.comment or "").split())
    return Remark(
        kind="own",
        text=f"К {' и '.join(against)}: {comment}",
        template=decision.template,
        plan=decision.plan,
        sources={
            "comment": decision.comment,
            "template_title": getattr(template, "title", None),
            "plan_title": getattr(plan, "title", None),
        },
        decided_by=decision.decided_by,
    )


def remarks(
    comparison: Comparison, decisions: list[Decision], template: Document, plan: Document
) -> list[Section]:
    """The confirmed remarks of `comparison` under `decisions`, by template section in the
    template's order (the remarks on plan rows answering no template row last); sections without
    remarks left out."""
    letter = sent(comparison, decisions)
    rows = _Rows(_by_ref(template), _by_ref(plan))
    found = [_missing(g.ref, rows.template.get(g.ref), g.title) for g in letter.gaps]
    found += _finding_remarks(letter.findings, rows)
    found += [_own(d, rows) for d in letter.own]
    return _grouped(found, template, rows, letter.answers)


def _grouped(found: list[Remark], template: Document, rows: _Rows, answers: dict[str, str]) -> list[Section]:
    """`found` by the section of its template row (a plan row's: of the row it answers)."""
    rank: dict[str | None, int] = {}
    titles: dict[str | None, str | None] = {}
    for activity in template.activities:
        rank.setdefault(activity.section, len(rank))
        titles.setdefault(activity.section, activity.section_title)
    position = {ref: k for k, ref in enumerate(activity_refs(template))}
    groups: dict[tuple[int, str | None], list[tuple[int, Remark]]] = {}
    for remark in found:
        ref = remark.template or answers.get(remark.plan or "")
        activity = rows.template.get(ref or "")
        where = (rank[activity.section], activity.section) if activity is not None else (len(rank), None)
        groups.setdefault(where, []).append((position.get(ref or "", len(position)), remark))
    return [
        Section(
            number=section,
            title=titles.get(section) if place < len(rank) else None,
            outside=place == len(rank),
            remarks=[r for _, r in sorted(members, key=lambda m: (m[0], KIND_ORDER[m[1].kind]))],
        )
        for (place, section), members in sorted(groups.items(), key=lambda g: g[0][0])
    ]
