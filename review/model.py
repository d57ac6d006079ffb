"""Decisions a methodist takes on a comparison, the statuses of a review, and the comparison
as she confirmed it.

A decision names its target by the activity references of the comparison (`compare.model`:
printed number, or `#k`): a match is (template, plan), a gap its template row, a finding its
rule and rows, a remark the template or plan row it is written against. One decision per
target: deciding again replaces the earlier one (`Decision.key`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, model_validator

from compare.model import ActivityRef, Finding, Grade, Match

DecisionKind = Literal["match", "gap", "finding", "remark"]
Verdict = Literal["confirmed", "rejected", "regraded", "covered", "accepted", "dismissed", "remark"]
ReviewStatus = Literal["draft", "returned", "approved"]

STATUSES: dict[str, str] = {"draft": "черновик", "returned": "на доработке", "approved": "одобрено"}
VERDICTS: dict[str, frozenset[str]] = {
    "match": frozenset({"confirmed", "rejected", "regraded"}),
    "gap": frozenset({"covered", "accepted"}),
    "finding": frozenset({"dismissed"}),
    "remark": frozenset({"remark"}),
}
REASONED: dict[tuple[str, str], str] = {
    ("gap", "accepted"): "укажите, почему шаблон можно оставить без мероприятия плана",
    ("finding", "dismissed"): "укажите, почему замечание снято",
}
"""The decisions that need a comment, and what to ask for when it is missing."""


class Decision(BaseModel):
    """One decision: what it is about (`kind` and the rows), the verdict, and who took it when.

    - match (template, plan): confirmed, rejected, or regraded to `grade`;
    - gap (template): covered by plan row `plan` (a match the tool missed, with `grade`,
      default same), or accepted (the plan need not answer it; `comment` says why);
    - finding (rule, template, plan as in the finding): dismissed, `comment` says why;
    - remark (template or plan, or both): the methodist's own remark in `comment`.

    A decision carried over from the review of the municipality's earlier plan keeps who took it
    and when; `carried_by` and `carried_at` say who carried it over and when (None otherwise).
    """

    kind: DecisionKind
    verdict: Verdict
    template: str | None = None
    plan: str | None = None
    rule: str | None = None
    grade: Grade | None = None
    comment: str | None = None
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    carried_by: str | None = None
    carried_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Decision:
        if self.verdict not in VERDICTS[self.kind]:
            raise ValueError(f"решение «{self.verdict}» не подходит к «{self.kind}»")
        needs = {
            "match": self.template and self.plan,
            "gap": self.template and (self.plan or self.verdict != "covered"),
            "finding": self.rule,
            "remark": (self.template or self.plan) and (self.comment or "").strip(),
        }
        if not needs[self.kind]:
            raise ValueError(f"решению «{self.kind}/{self.verdict}» не хватает строки, правила или текста")
        if self.verdict == "regraded" and self.grade is None:
            raise ValueError("для переоценки нужна оценка same или partial")
        return self

    @property
    def missing_reason(self) -> str | None:
        """Why the decision cannot be taken without a comment (Russian), or None: accepting a gap
        and dismissing a finding each take something out of the letter, so they say why."""
        if (self.comment or "").strip() or (self.kind, self.verdict) not in REASONED:
            return None
        return REASONED[self.kind, self.verdict]

    @property
    def key(self) -> str:
        """What the decision is about; one decision per key in a review."""
        rows = {
            "match": (self.template, self.plan),
            "gap": (self.template,),
            "finding": (self.rule, self.template, self.plan),
            "remark": (self.template, self.plan),
        }[self.kind]
        return ":".join([self.kind, *("" if r is None else r for r in rows)])


class Reviewed(BaseModel):
    """The comparison as the methodist confirmed it: matches (the tool's that she did not
    reject, hers added, regraded ones with her grade), template rows still unanswered (a
    rejected match's row among them), those she accepted unanswered, plan rows answering no
    template row, findings not dismissed, her own remarks, and the matches she confirmed."""

    matches: list[Match]
    confirmed: list[str]
    gaps: list[ActivityRef]
    accepted: list[ActivityRef]
    additions: list[ActivityRef]
    findings: list[Finding]
    remarks: list[Decision]
