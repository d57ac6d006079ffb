"""`compare(template, plan)`: which template activities the plan answers, how well, and what is wrong."""

from __future__ import annotations

from dataclasses import fields

import numpy as np

from compare.bags import occurrences
from compare.calibration import Calibration, calibration
from compare.coverage import coverage
from compare.findings import (
    addition_findings,
    deadline_findings,
    empty_findings,
    gap_findings,
    partial_findings,
    plan_activity_findings,
)
from compare.grading import partial_reason, per_pair, unanswered_words
from compare.matching import select
from compare.model import ActivityRef, Comparison, Match
from compare.order import ORDER_SIGNAL
from compare.risks import risk_findings
from compare.scope import school_scope
from compare.scoring import signals
from compare.text import Statement, glossary_of, readable, statement, sub_items
from model import Activity, Document

Statements = list[list[Statement]]


def activity_refs(document: Document) -> list[str]:
    """Each activity's reference: its number without the trailing dot, or `#k` (1-based)."""
    return [
        a.number.strip().rstrip(".") if a.number and a.number.strip() else f"#{k}"
        for k, a in enumerate(document.activities, 1)
    ]


def document_statements(document: Document) -> Statements:
    """The statements of every activity: its whole title, then each of its sub-items;
    abbreviations expanded through the document's glossary."""
    glossary = glossary_of((g.abbreviation, g.expansion) for g in document.meta.glossary)
    return [
        [statement(text, glossary) for text in [a.title, *sub_items(a.title)]] for a in document.activities
    ]


_FIELDS = [f.name for f in fields(Statement)]


def statements_json(statements: Statements) -> list[list[list]]:
    """Statements as plain JSON, what the store keeps: per activity, per statement, its fields
    in order (`statements_from_json` reads them back)."""
    return [[[getattr(s, name) for name in _FIELDS] for s in activity] for activity in statements]


def statements_from_json(data: list[list[list]]) -> Statements:
    """The statements `statements_json` wrote."""
    return [[Statement(*row) for row in activity] for activity in data]


def activity_ref(ref: str, activity: Activity) -> ActivityRef:
    """The activity `activity` as a comparison names it, under its reference `ref`."""
    return ActivityRef(
        ref=ref,
        section=activity.section,
        section_title=activity.section_title,
        title=activity.title,
        deadline_raw=activity.deadline_raw,
        responsible_raw=activity.responsible_raw,
    )


def word_order(idf: dict[str, float]) -> dict[str, int]:
    """Each term's place when the terms of `idf` are listed rarest first, then alphabetically."""
    return {t: k for k, t in enumerate(sorted(idf, key=lambda t: (-idf[t], t)))}


def shared_words(left: list[str], right: list[str], order: dict[str, int]) -> list[str]:
    """Terms both texts use in `word_order` (rarest first), as a person reads them."""
    return [readable(t) for t in sorted(set(left) & set(right), key=order.__getitem__)]


def pairs_shared_words(
    template: list[list[str]],
    plan: list[list[str]],
    rows: np.ndarray,
    columns: np.ndarray,
    order: dict[str, int],
) -> list[list[str]]:
    """`shared_words` of each pair of texts `template[rows[k]]` and `plan[columns[k]]` (their
    terms all in `order`), found at once: the texts as rows of a [text, term] matrix whose
    columns are in `word_order`, each pair's shared terms the nonzero columns of both rows."""
    names = [readable(t) for t in order]

    def marks(texts: list[list[str]]) -> np.ndarray:
        out = np.zeros((len(texts), len(order)), dtype=bool)
        out[occurrences(texts, order)] = True
        return out

    pair, term = np.nonzero(marks(template)[rows] & marks(plan)[columns])
    return per_pair(names, pair, term, len(rows))


def rounded(values: np.ndarray) -> list[float]:
    """float32 `values` rounded to 3 decimals, as `round(float(v), 3)` rounds each: a float32
    times 1000 is exact in float64, so numpy's scale-round-divide rounds the same value."""
    return np.round(np.asarray(values, dtype=np.float32).astype(np.float64), 3).tolist()


def _matches(
    template: Document,
    plan: Document,
    t_statements: Statements,
    p_statements: Statements,
    params: Calibration,
) -> list[tuple[int, int, Match]]:
    if not t_statements or not p_statements:
        return []
    t_refs, p_refs = activity_refs(template), activity_refs(plan)
    found = signals(t_statements, p_statements)
    scores = found.combined(params.base_weights)
    scope = school_scope(plan.activities)
    chosen = select(found, params, scope)
    answers: dict[int, list[str]] = {}
    for i, j, *_ in chosen:
        answers.setdefault(i, []).append(p_refs[j])
    rows, columns = (np.array([pair[k] for pair in chosen], dtype=np.intp) for k in (0, 1))
    at = found.at_pairs(rows, columns, params.base_weights)
    names = list(at)
    at_pair = zip(*(rounded(values) for values in at.values()), strict=True)
    score = rounded(scores[rows, columns])
    words = pairs_shared_words(
        [s[0].terms for s in t_statements],
        [s[0].terms for s in p_statements],
        rows,
        columns,
        word_order(found.idf),
    )
    partial = [k for k, pair in enumerate(chosen) if pair[2] != "same"]
    missing = dict(zip(partial, unanswered_words(found, rows[partial], columns[partial]), strict=True))
    out = []
    for k, ((i, j, grade, by_order), values) in enumerate(zip(chosen, at_pair, strict=True)):
        placed = {ORDER_SIGNAL: 1.0} if by_order else {}
        match = Match(
            template=t_refs[i],
            plan=p_refs[j],
            grade=grade,
            score=score[k],
            signals=dict(zip(names, values, strict=True)) | placed,
            shared_words=words[k],
            template_title=template.activities[i].title,
            plan_title=plan.activities[j].title,
            reason=""
            if grade == "same"
            else partial_reason([r for r in answers[i] if r != p_refs[j]], bool(scope[j]), missing[k]),
        )
        out.append((i, j, match))
    return out


def compare(
    template: Document,
    plan: Document,
    params: Calibration | None = None,
    template_statements: Statements | None = None,
    plan_statements: Statements | None = None,
) -> Comparison:
    """Compare a municipal `plan` with the regional `template` it must implement. The documents'
    statements (`document_statements`), when given, are used as they are: a stored document's,
    made at ingest, spare the morphology."""
    params = params or calibration()
    t_statements = document_statements(template) if template_statements is None else template_statements
    p_statements = document_statements(plan) if plan_statements is None else plan_statements
    pairs = _matches(template, plan, t_statements, p_statements, params)
    matches = [m for _, _, m in pairs]
    t_refs, p_refs = activity_refs(template), activity_refs(plan)
    covered = {i for i, _, _ in pairs}
    used = {j for _, j, _ in pairs}
    gaps = [
        activity_ref(r, a)
        for i, (r, a) in enumerate(zip(t_refs, template.activities, strict=True))
        if i not in covered
    ]
    additions = [
        activity_ref(r, a)
        for j, (r, a) in enumerate(zip(p_refs, plan.activities, strict=True))
        if j not in used
    ]
    findings = empty_findings(template, plan) + gap_findings(gaps) + partial_findings(matches)
    for i, j, match in pairs:
        findings += deadline_findings(match, template.activities[i], plan.activities[j])
    for ref, activity in zip(p_refs, plan.activities, strict=True):
        findings += plan_activity_findings(ref, activity, plan)
    findings += addition_findings(additions) + risk_findings(plan)
    return Comparison(
        template_source=template.source,
        plan_source=plan.source,
        template_title=template.meta.title,
        plan_title=plan.meta.title,
        matches=matches,
        gaps=gaps,
        additions=additions,
        findings=findings,
        coverage=coverage(template, t_refs, matches),
    )
