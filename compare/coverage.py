"""Coverage: the share of template activities the plan answers, overall and per template section."""

from __future__ import annotations

from compare.model import Coverage, Match, SectionCoverage
from model import Document


def _share(covered: int, total: int) -> float:
    return round(covered / total, 4) if total else 0.0


def coverage(template: Document, refs: list[str], matches: list[Match]) -> Coverage:
    """Covered = answered by at least one match; `same` counts those with a `same` match."""
    grades: dict[str, set[str]] = {}
    for m in matches:
        grades.setdefault(m.template, set()).add(m.grade)
    sections: dict[str | None, list[str]] = {}
    titles: dict[str | None, str | None] = {}
    for ref, activity in zip(refs, template.activities, strict=True):
        sections.setdefault(activity.section, []).append(ref)
        titles.setdefault(activity.section, activity.section_title)
    per_section = []
    for section, members in sections.items():
        covered = [r for r in members if r in grades]
        per_section.append(
            SectionCoverage(
                section=section,
                title=titles[section],
                total=len(members),
                covered=len(covered),
                partial=sum(1 for r in covered if "same" not in grades[r]),
                share=_share(len(covered), len(members)),
            )
        )
    covered = [r for r in refs if r in grades]
    same = sum(1 for r in covered if "same" in grades[r])
    return Coverage(
        total=len(refs),
        covered=len(covered),
        same=same,
        partial=len(covered) - same,
        share=_share(len(covered), len(refs)),
        sections=per_section,
    )
