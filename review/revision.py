"""A corrected plan against the review of the earlier one: which plan rows stayed, moved, changed,
came or went; which of the earlier remarks the correction resolved; which earlier decisions
carry over to the new review, and why the others cannot.

    revision = revised(earlier_plan, earlier, decisions, corrected_plan, corrected)
    revision.resolved, revision.still_open, revision.added, revision.removed, revision.redated
    revision.carried, revision.not_carried   # decisions with the corrected plan's refs, or why not

Plan rows are paired by what they say, as compare reads them (`compare.core.document_statements`,
`compare.scoring.signals`): the similarity of two rows is the mean of their lexical cosine and
their soft word alignment. Identical titles pair first; then, best first, a row keeps its printed
number at `SAME_NUMBER` similarity or moves to another number at `MOVED` (and must be the best of
both rows). Both constants are set by hand, not fitted: a corrected plan is mostly a copy of the
earlier one, and two different rows of one plan rarely share more than half of their words.

A remark of the earlier review is what her letter says (`review.remarks.sent`, the rule the
letter uses): a template row still missing, a deadline or responsible finding she did not dismiss
on a match she did not reject, and her own remarks. An earlier decision carries when the rows it
names are still there: a match (or a gap covered by a plan row) while the plan row keeps its
wording, a dismissed finding while its row is unchanged and the finding is raised again, her own
remark while its plan row is unchanged (a changed row answers it: the remark counts as
resolved), a decision on a template row alone always (the template is the same). Plan
references are translated to the corrected plan's.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from compare.core import activity_ref, activity_refs, document_statements, shared_words, word_order
from compare.findings import named
from compare.model import ActivityRef, Comparison, Finding
from compare.scoring import signals
from model import Activity, Document
from model.labels import RULES, label
from review.apply import carried, reviewed
from review.model import Decision, Reviewed
from review.remarks import remark_key, sent

SAME_NUMBER = 0.5  # similarity at which a row at the same printed number is the same row
MOVED = 0.75  # similarity at which a row at another number is the same row, renumbered

REMARK_KINDS = {"gap": "missing", "remark": "own"}  # a check's kind as the letter's remark kind
Change = Literal["title", "deadline", "responsible"]
CHANGES: dict[str, str] = {"title": "формулировка", "deadline": "срок", "responsible": "ответственные"}


class RowPair(BaseModel):
    """A row of the earlier plan and the row of the corrected plan that is the same activity:
    both references and raw texts, how similar they are, the words they share, what changed
    and why they were paired (Russian)."""

    earlier: str
    corrected: str
    how: Literal["identical", "same_number", "moved"]
    similarity: float
    shared_words: list[str]
    changes: list[Change]
    reason: str
    earlier_row: ActivityRef
    corrected_row: ActivityRef

    @property
    def unchanged(self) -> bool:
        return not self.changes


class RemarkCheck(BaseModel):
    """One remark of the earlier review and whether the corrected plan resolves it: its kind
    (a gap, a finding's rule, her own remark), the rows (earlier plan ref, and the corrected
    plan's where the row is still there), what it said, and why it counts as resolved or open."""

    kind: Literal["gap", "finding", "remark"]
    rule: str | None = None
    template: str | None = None
    plan: str | None = None
    corrected_plan: str | None = None
    text: str
    resolved: bool
    reason: str
    evidence: dict[str, str | None] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        """The key of the letter's remark this checks (`review.remarks.Remark.key`)."""
        return remark_key(REMARK_KINDS.get(self.kind, self.rule or ""), self.template, self.plan)


class CarriedDecision(BaseModel):
    """An earlier decision and, when it carries, the same decision on the corrected plan's rows;
    `reason` says why it carries or why it cannot (Russian)."""

    earlier: Decision
    carried: Decision | None
    reason: str


class Revision(BaseModel):
    """The corrected plan against the earlier review."""

    pairs: list[RowPair]
    added: list[ActivityRef]
    removed: list[ActivityRef]
    resolved: list[RemarkCheck]
    still_open: list[RemarkCheck]
    carried: list[CarriedDecision]
    not_carried: list[CarriedDecision]

    @property
    def redated(self) -> list[RowPair]:
        """Rows whose deadline changed."""
        return [p for p in self.pairs if "deadline" in p.changes]

    @property
    def changed(self) -> list[RowPair]:
        """Rows whose wording or responsible changed (re-dated ones are in `redated`)."""
        return [p for p in self.pairs if p.changes and "deadline" not in p.changes]


def _plain(text: str | None) -> str:
    return " ".join((text or "").split()).strip(" .;").casefold()


def _changes(before: Activity, after: Activity) -> list[Change]:
    out: list[Change] = []
    if _plain(before.title) != _plain(after.title):
        out.append("title")
    if _plain(before.deadline_raw) != _plain(after.deadline_raw):
        out.append("deadline")
    if _plain(before.responsible_raw) != _plain(after.responsible_raw):
        out.append("responsible")
    return out


def pair_rows(earlier: Document, corrected: Document) -> list[RowPair]:
    """The rows of `earlier` and `corrected` that are one activity, in the corrected plan's order."""
    if not earlier.activities or not corrected.activities:
        return []
    old_statements, new_statements = document_statements(earlier), document_statements(corrected)
    found = signals(old_statements, new_statements)
    similarity = (found.activity("lexical") + found.activity("soft")) / 2
    row_best, column_best = similarity.max(axis=1), similarity.max(axis=0)
    before, after = activity_refs(earlier), activity_refs(corrected)
    identical = {
        (i, j)
        for i, old in enumerate(earlier.activities)
        for j, new in enumerate(corrected.activities)
        if _plain(old.title) == _plain(new.title)
    }
    order = sorted(
        ((i, j) for i in range(len(before)) for j in range(len(after))),
        key=lambda ij: ((ij not in identical), before[ij[0]] != after[ij[1]], -float(similarity[ij])),
    )
    rarest = word_order(found.idf)
    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs: list[tuple[int, RowPair]] = []
    for i, j in order:
        if i in used_i or j in used_j:
            continue
        score = float(similarity[i, j])
        if (i, j) in identical:
            how = "identical"
        elif before[i] == after[j] and score >= SAME_NUMBER:
            how = "same_number"
        elif score >= MOVED and score >= row_best[i] and score >= column_best[j]:
            how = "moved"
        else:
            continue
        used_i.add(i)
        used_j.add(j)
        old, new = earlier.activities[i], corrected.activities[j]
        words = shared_words(old_statements[i][0].terms, new_statements[j][0].terms, rarest)
        pairs.append(
            (
                j,
                RowPair(
                    earlier=before[i],
                    corrected=after[j],
                    how=how,
                    similarity=round(min(score, 1.0), 3),
                    shared_words=words,
                    changes=_changes(old, new),
                    reason=_pairing_reason(how, before[i], after[j], score, words),
                    earlier_row=activity_ref(before[i], old),
                    corrected_row=activity_ref(after[j], new),
                ),
            )
        )
    return [pair for _, pair in sorted(pairs, key=lambda jp: jp[0])]


def _pairing_reason(how: str, before: str, after: str, score: float, words: list[str]) -> str:
    shared = f"; общие слова: {', '.join(words[:8])}" if words else ""
    if how == "identical":
        where = "под тем же номером" if before == after else f"под номером {after} (было {before})"
        return f"та же формулировка {where}"
    if how == "same_number":
        return f"тот же номер {after}, схожая формулировка (сходство {score:.2f}{shared})"
    return (
        f"схожая формулировка под другим номером: было {before}, стало {after} (сходство {score:.2f}{shared})"
    )


def _parts(ref: str | None) -> list[str]:
    """The plan rows a reference names (a partial-coverage finding names several: "1, 2")."""
    return [r.strip() for r in (ref or "").split(",") if r.strip()]


def _changed(changes: set[str]) -> str:
    return ", ".join(CHANGES[c] for c in CHANGES if c in changes)


def _finding_key(rule: str, template: str | None, plan: str | None) -> str:
    return Decision(kind="finding", verdict="dismissed", rule=rule, template=template, plan=plan).key


def why_dropped(decision: Decision, comparison: Comparison) -> str:
    """Why `decision` no longer applies to `comparison` (see `review.carried`), in Russian."""
    template = {m.template for m in comparison.matches} | {g.ref for g in comparison.gaps}
    plan = {m.plan for m in comparison.matches} | {a.ref for a in comparison.additions}
    if decision.template is not None and decision.template not in template:
        return f"строки шаблона {decision.template} больше нет в сравнении"
    missing = [r for r in _parts(decision.plan) if r not in plan]
    if missing:
        return f"строки плана {', '.join(missing)} больше нет в сравнении"
    if decision.kind == "finding":
        rows = " = ".join(r for r in (decision.template, decision.plan) if r)
        return f"замечание «{label(RULES, decision.rule)}» ({rows}) больше не выдаётся"
    return "решение применимо"


def _by_ref(document: Document) -> dict[str, Activity]:
    """The activities of `document` by reference, in order (the first of a repeated number)."""
    out: dict[str, Activity] = {}
    for ref, activity in zip(activity_refs(document), document.activities, strict=True):
        out.setdefault(ref, activity)
    return out


class _Plans:
    """The earlier plan's rows, the corrected plan's, and the pairs between them by earlier ref."""

    def __init__(self, earlier: Document, corrected: Document, pairs: list[RowPair]) -> None:
        self.earlier = _by_ref(earlier)
        self.corrected = _by_ref(corrected)
        self.pairs: dict[str, RowPair] = {}
        for pair in pairs:
            self.pairs.setdefault(pair.earlier, pair)

    def named(self, ref: str) -> str:
        activity = self.earlier.get(ref)
        return named(ref, activity.title if activity else None)

    def gone(self, refs: list[str]) -> str | None:
        """Why rows `refs` of the earlier plan are not in the corrected one, or None."""
        for ref in refs:
            if ref not in self.earlier:
                return f"строки плана {ref} нет в прежнем плане"
            if ref not in self.pairs:
                return f"строка плана {self.named(ref)} удалена из исправленного плана"
        return None


def _carry(decision: Decision, plans: _Plans, corrected: Comparison) -> CarriedDecision:
    refs = _parts(decision.plan)
    gone = plans.gone(refs)
    if gone:
        return CarriedDecision(earlier=decision, carried=None, reason=gone)
    pairs = [plans.pairs[r] for r in refs]
    changes = {c for p in pairs for c in p.changes}
    moved = [f"{p.earlier} → {p.corrected}" for p in pairs if p.earlier != p.corrected]
    translated = decision.model_copy(update={"plan": ", ".join(p.corrected for p in pairs) or None})
    where = f"строка плана {', '.join(refs)}"
    refused = None
    if decision.kind in ("match", "gap") and "title" in changes:
        refused = f"{where}: изменена формулировка, решение нужно принять заново"
    elif decision.kind == "finding" and changes:
        refused = f"{where}: изменено ({_changed(changes)}), замечание проверяется заново"
    elif decision.kind == "remark" and changes:
        refused = f"{where}: изменено ({_changed(changes)}), замечание считается учтённым"
    if refused:
        return CarriedDecision(earlier=decision, carried=None, reason=refused)
    kept, _ = carried([translated], corrected)
    if not kept:
        return CarriedDecision(earlier=decision, carried=None, reason=why_dropped(translated, corrected))
    if not refs:
        reason = "решение по строке шаблона: шаблон тот же"
    elif moved:
        reason = f"строка перенумерована ({'; '.join(moved)}), формулировка та же"
    elif changes:
        reason = f"формулировка та же (изменено: {_changed(changes)})"
    else:
        reason = "строка плана не изменилась"
    return CarriedDecision(earlier=decision, carried=translated, reason=reason)


def _gap_check(gap: ActivityRef, state: Reviewed) -> RemarkCheck:
    answers = [m for m in state.matches if m.template == gap.ref]
    text = f"Мероприятие шаблона {named(gap.ref, gap.title)} не отражено в плане"
    if not answers:
        return RemarkCheck(
            kind="gap", template=gap.ref, text=text, resolved=False, reason="по-прежнему не отражено в плане"
        )
    found = "; ".join(
        named(m.plan, m.plan_title) + (" (частично)" if m.grade == "partial" else "") for m in answers
    )
    return RemarkCheck(
        kind="gap",
        template=gap.ref,
        corrected_plan=", ".join(m.plan for m in answers),
        text=text,
        resolved=True,
        reason=f"теперь отражено в плане: {found}",
        evidence={"template_title": gap.title, "plan_titles": " | ".join(m.plan_title for m in answers)},
    )


def _finding_check(finding: Finding, plans: _Plans, corrected: Comparison, state: Reviewed) -> RemarkCheck:
    check = RemarkCheck(
        kind="finding",
        rule=finding.rule,
        template=finding.template,
        plan=finding.plan,
        text=finding.message,
        resolved=True,
        reason="",
        evidence=dict(finding.evidence),
    )
    gone = plans.gone(_parts(finding.plan))
    if gone:
        return check.model_copy(update={"reason": gone})
    pairs = [plans.pairs[r] for r in _parts(finding.plan)]
    now = ", ".join(p.corrected for p in pairs) or None
    check = check.model_copy(update={"corrected_plan": now})
    # the letter's vague-deadline remark quotes the template's deadline: a concrete deadline
    # that is later still leaves it open
    rules = ("vague_deadline", "late_deadline") if finding.rule == "vague_deadline" else (finding.rule,)
    keys = {_finding_key(rule, finding.template, now) for rule in rules}
    raised = next((f for f in corrected.findings if _finding_key(f.rule, f.template, f.plan) in keys), None)
    if raised is not None:
        return check.model_copy(update={"resolved": False, "reason": f"по-прежнему: {raised.message}"})
    rows = [p.corrected_row for p in pairs]
    if finding.rule == "no_responsible":
        named_now = "; ".join(r.responsible_raw or "" for r in rows)
        return check.model_copy(update={"reason": f"ответственный теперь указан: «{named_now}»"})
    matched = {(m.template, m.plan) for m in state.matches}
    if finding.template is not None and now is not None and (finding.template, now) not in matched:
        reason = (
            f"строка плана {now} больше не сопоставлена со строкой шаблона {finding.template}: "
            "сроки сверять не с чем, проверьте сопоставление"
        )
        return check.model_copy(update={"resolved": False, "reason": reason})
    deadlines = "; ".join(r.deadline_raw or "не указан" for r in rows)
    template_deadline = finding.evidence.get("template_deadline")
    against = f" (в шаблоне «{template_deadline}»)" if template_deadline else ""
    return check.model_copy(update={"reason": f"срок теперь «{deadlines}»{against}"})


def _remark_check(remark: Decision, plans: _Plans) -> RemarkCheck:
    rows = " / ".join(r for r in (remark.template, remark.plan) if r)
    check = RemarkCheck(
        kind="remark",
        template=remark.template,
        plan=remark.plan,
        text=f"{rows}: {remark.comment}",
        resolved=False,
        reason=f"замечание к строке шаблона {remark.template} остаётся в силе",
    )
    if remark.plan is None:
        return check
    gone = plans.gone([remark.plan])
    if gone:
        return check.model_copy(update={"resolved": True, "reason": gone})
    pair = plans.pairs[remark.plan]
    update: dict[str, object] = {"corrected_plan": pair.corrected}
    if pair.changes:
        before, after = pair.earlier_row, pair.corrected_row
        texts = {
            "title": (before.title, after.title),
            "deadline": (before.deadline_raw, after.deadline_raw),
            "responsible": (before.responsible_raw, after.responsible_raw),
        }
        shown = "; ".join(
            f"{CHANGES[c]}: «{texts[c][0] or ''}» → «{texts[c][1] or ''}»" for c in pair.changes
        )
        update |= {"resolved": True, "reason": f"строка плана изменена ({shown})"}
    else:
        update["reason"] = "строка плана не изменилась"
    return check.model_copy(update=update)


def revised(
    earlier_plan: Document,
    earlier: Comparison,
    decisions: list[Decision],
    corrected_plan: Document,
    corrected: Comparison,
    decisions_now: list[Decision] | None = None,
) -> Revision:
    """The corrected plan (`corrected_plan`, compared with the template as `corrected`) against
    the earlier review (`earlier_plan` compared as `earlier`, with the methodist's `decisions`).
    The corrected plan's state is read with the decisions that carry over and those already
    taken on its own review (`decisions_now`, which win on the same target)."""
    pairs = pair_rows(earlier_plan, corrected_plan)
    plans = _Plans(earlier_plan, corrected_plan, pairs)
    answered = {p.corrected for p in pairs}
    removed = [activity_ref(r, a) for r, a in plans.earlier.items() if r not in plans.pairs]
    added = [activity_ref(r, a) for r, a in plans.corrected.items() if r not in answered]
    carries = [_carry(d, plans, corrected) for d in decisions]
    effective = {c.carried.key: c.carried for c in carries if c.carried is not None}
    effective.update({d.key: d for d in decisions_now or []})
    state = reviewed(corrected, list(effective.values()))
    letter = sent(earlier, decisions)
    checks = [_gap_check(g, state) for g in letter.gaps]
    checks += [_finding_check(f, plans, corrected, state) for f in letter.findings]
    checks += [_remark_check(r, plans) for r in letter.own]
    return Revision(
        pairs=pairs,
        added=added,
        removed=removed,
        resolved=[c for c in checks if c.resolved],
        still_open=[c for c in checks if not c.resolved],
        carried=[c for c in carries if c.carried is not None],
        not_carried=[c for c in carries if c.carried is None],
    )
