"""A comparison with a methodist's decisions applied, and which decisions still apply once
compare has run again (on a new calibration, or after the documents were read again)."""

from __future__ import annotations

from compare.model import ActivityRef, Comparison, Match
from review.model import Decision, Reviewed

METHODIST_SIGNAL = "methodist"  # the signal of a match the methodist added by hand


def _rows(comparison: Comparison) -> tuple[dict[str, str], dict[str, str]]:
    """Template and plan activity titles of the comparison by reference."""
    template = {m.template: m.template_title for m in comparison.matches}
    template.update((g.ref, g.title) for g in comparison.gaps)
    plan = {m.plan: m.plan_title for m in comparison.matches}
    plan.update((a.ref, a.title) for a in comparison.additions)
    return template, plan


def _finding_keys(comparison: Comparison) -> set[str]:
    return {
        Decision(kind="finding", verdict="dismissed", rule=f.rule, template=f.template, plan=f.plan).key
        for f in comparison.findings
    }


def carried(decisions: list[Decision], comparison: Comparison) -> tuple[list[Decision], list[Decision]]:
    """The decisions that still apply to `comparison` and those that do not: a decision is
    kept while every row it names is still in the comparison; a dismissed finding while the
    same finding is raised (a partial coverage names its plan rows as one list, "10, 11")."""
    template, plan = _rows(comparison)
    findings = _finding_keys(comparison)
    kept: list[Decision] = []
    dropped: list[Decision] = []
    for decision in decisions:
        rows_exist = (decision.template is None or decision.template in template) and (
            decision.plan is None or decision.plan in plan
        )
        applies = decision.key in findings if decision.kind == "finding" else rows_exist
        (kept if applies else dropped).append(decision)
    return kept, dropped


def reviewed(comparison: Comparison, decisions: list[Decision]) -> Reviewed:
    """`comparison` as the methodist confirmed it with `decisions` (those that no longer
    apply, see `carried`, are left out)."""
    decisions, _ = carried(decisions, comparison)
    template, plan = _rows(comparison)
    on_matches = {(d.template, d.plan): d for d in decisions if d.kind == "match"}
    on_gaps = {d.template: d for d in decisions if d.kind == "gap"}
    matches: list[Match] = []
    for match in comparison.matches:
        decision = on_matches.get((match.template, match.plan))
        if decision is not None and decision.verdict == "rejected":
            continue
        if decision is not None and decision.verdict == "regraded":
            match = match.model_copy(update={"grade": decision.grade})
        matches.append(match)
    found = {(m.template, m.plan) for m in matches}
    added = [d for d in decisions if d.kind == "match" and d.verdict != "rejected"]
    added += [d for d in on_gaps.values() if d.verdict == "covered"]
    for decision in added:
        if (decision.template, decision.plan) not in found:
            found.add((decision.template, decision.plan))
            matches.append(_by_hand(decision, template, plan))
    matched = {m.template for m in matches}
    unmatched = [ActivityRef(ref=m.template, title=m.template_title) for m in comparison.matches]
    open_gaps = _unique([g for g in [*comparison.gaps, *unmatched] if g.ref not in matched])
    answering = {m.plan for m in matches}
    left = [ActivityRef(ref=m.plan, title=m.plan_title) for m in comparison.matches]
    additions = _unique([a for a in [*comparison.additions, *left] if a.ref not in answering])
    accepted = [g for g in open_gaps if getattr(on_gaps.get(g.ref), "verdict", None) == "accepted"]
    dismissed = {d.key for d in decisions if d.kind == "finding"}
    findings = [
        f
        for f in comparison.findings
        if Decision(kind="finding", verdict="dismissed", rule=f.rule, template=f.template, plan=f.plan).key
        not in dismissed
    ]
    return Reviewed(
        matches=matches,
        confirmed=sorted(d.key for d in decisions if d.kind == "match" and d.verdict != "rejected"),
        gaps=[g for g in open_gaps if g not in accepted],
        accepted=accepted,
        additions=additions,
        findings=findings,
        remarks=[d for d in decisions if d.kind == "remark"],
    )


def _by_hand(decision: Decision, template: dict[str, str], plan: dict[str, str]) -> Match:
    """The match a methodist added: no score of the tool's, her grade (same unless she said)."""
    return Match(
        template=decision.template or "",
        plan=decision.plan or "",
        grade=decision.grade or "same",
        score=1.0,
        signals={METHODIST_SIGNAL: 1.0},
        shared_words=[],
        template_title=template.get(decision.template or "", ""),
        plan_title=plan.get(decision.plan or "", ""),
    )


def _unique(rows: list[ActivityRef]) -> list[ActivityRef]:
    seen: set[str] = set()
    return [r for r in rows if not (r.ref in seen or seen.add(r.ref))]
