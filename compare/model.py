"""The result of comparing a plan with a template: matches, gaps, additions, findings, coverage.

Activities are named as in `corpus/gold/pairs`: by their printed number (trailing dot dropped),
or by `#k`, their 1-based position, where the row has none.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Grade = Literal["same", "partial"]
Severity = Literal["error", "warning", "info"]


class ActivityRef(BaseModel):
    """An activity as a person finds it in the document: reference, section and title."""

    ref: str
    section: str | None = None
    section_title: str | None = None
    title: str
    deadline_raw: str | None = None
    responsible_raw: str | None = None


class Match(BaseModel):
    """A plan activity answering a template activity, with what the decision rests on; `reason`:
    why a partial match is partial (in Russian), empty for a `same` one."""

    template: str
    plan: str
    grade: Grade
    score: float
    signals: dict[str, float]
    shared_words: list[str]
    template_title: str
    plan_title: str
    reason: str = ""


class Finding(BaseModel):
    """A rule that fired: its id, how serious, a Russian message and the raw texts it rests on."""

    rule: str
    severity: Severity
    message: str
    template: str | None = None
    plan: str | None = None
    evidence: dict[str, str | None] = Field(default_factory=dict)


class SectionCoverage(BaseModel):
    section: str | None
    title: str | None
    total: int
    covered: int
    partial: int
    share: float


class Coverage(BaseModel):
    """Share of template activities covered (by any match) overall and per template section."""

    total: int
    covered: int
    same: int
    partial: int
    share: float
    sections: list[SectionCoverage]


class Comparison(BaseModel):
    template_source: str
    plan_source: str
    template_title: str | None = None
    plan_title: str | None = None
    matches: list[Match]
    gaps: list[ActivityRef]
    additions: list[ActivityRef]
    findings: list[Finding]
    coverage: Coverage
