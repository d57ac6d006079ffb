"""What the regional summary reads from the store, in six SELECTs whatever the number of plans:
the stored comparisons (without their results), the results of the latest ones, the template
rows, the reviews and their decisions, the latest plans' activities. `review.region` does the
rest; `change_mark` tells a cache when any of it may have changed.

Which template a plan implements is the template it was compared with; of a municipality's
plans compared with a template the latest (`review.region.latest`) stands for it. A template
without activities implements nothing: comparisons with one, saved before such a template was
refused, are left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from compare.model import Comparison
from review.model import Decision
from review.region import Compared, PlanActivity, RegionPlan, TemplateRow, latest, municipality_label
from store.reviews import DecisionRow, ReviewRow
from store.schema import ActivityRow, ComparisonRow, DocumentRow
from store.store import Store


@dataclass(frozen=True)
class Template:
    """A template some plan was compared with: its id, file, title and date."""

    id: int
    file_name: str
    title: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Region:
    """The latest plans of every template with their comparisons, reviews and activities,
    and each template's rows."""

    templates: list[Template]
    rows: dict[int, list[TemplateRow]]
    plans: list[RegionPlan]

    def of(self, template_id: int) -> list[RegionPlan]:
        """The latest plans compared with `template_id`."""
        return [p for p in self.plans if p.template_id == template_id]


def region(store: Store) -> Region:
    """Every template's latest compared plans, read in six SELECTs."""
    plan, template = aliased(DocumentRow), aliased(DocumentRow)
    compared = (
        select(
            ComparisonRow.id,
            ComparisonRow.template_id,
            ComparisonRow.plan_id,
            ComparisonRow.created_at,
            plan.file_name,
            plan.municipality,
            plan.doc_date,
            template.file_name,
            template.title,
            template.doc_date,
        )
        .join(plan, plan.id == ComparisonRow.plan_id)
        .join(template, template.id == ComparisonRow.template_id)
        .where(plan.status == "ok", template.status == "ok", ComparisonRow.result.is_not(None))
        .where(template.activity_count > 0)  # saved before such a template was refused
    )
    with store.sessions() as connection:
        found = connection.execute(compared).all()
        chosen = latest([Compared(r[0], r[1], r[2], r[4], r[5], r[6], r[3]) for r in found])
        templates = {r[1]: Template(r[1], r[7], r[8], r[9]) for r in found}
        results = dict(
            connection.execute(
                select(ComparisonRow.id, ComparisonRow.result).where(
                    ComparisonRow.id.in_([c.comparison_id for c in chosen])
                )
            ).all()
        )
        used = sorted({c.template_id for c in chosen})
        rows = _template_rows(connection, used)
        plan_ids = sorted({c.plan_id for c in chosen})
        reviews = {
            (t, p): (review_id, status)
            for review_id, t, p, status in connection.execute(
                select(ReviewRow.id, ReviewRow.template_id, ReviewRow.plan_id, ReviewRow.status).where(
                    ReviewRow.plan_id.in_(plan_ids)
                )
            )
        }
        decisions = _decisions(connection, [review_id for review_id, _ in reviews.values()])
        activities = _activities(connection, plan_ids)
    plans = []
    for c in chosen:
        review_id, status = reviews.get((c.template_id, c.plan_id), (None, None))
        plans.append(
            RegionPlan(
                municipality=municipality_label(c.municipality, c.plan_name),
                template_id=c.template_id,
                plan_id=c.plan_id,
                plan_name=c.plan_name,
                plan_date=c.plan_date,
                comparison=Comparison.model_validate({**results[c.comparison_id], "findings": []}),
                status=status,
                decisions=tuple(decisions.get(review_id, ())),
                activities=tuple(activities.get(c.plan_id, ())),
            )
        )
    return Region([templates[t] for t in used], rows, plans)


def _ref(number: str | None, position: int) -> str:
    """An activity's reference as compare names it: its number without the trailing dot, or `#k`."""
    return number.strip().rstrip(".") if number and number.strip() else f"#{position}"


def _template_rows(connection: Session, template_ids: list[int]) -> dict[int, list[TemplateRow]]:
    query = (
        select(
            ActivityRow.document_id,
            ActivityRow.position,
            ActivityRow.number,
            ActivityRow.title,
            ActivityRow.section,
            ActivityRow.section_title,
        )
        .where(ActivityRow.document_id.in_(template_ids))
        .order_by(ActivityRow.document_id, ActivityRow.position)
    )
    out: dict[int, list[TemplateRow]] = {t: [] for t in template_ids}
    for document_id, position, number, title, section, section_title in connection.execute(query):
        out[document_id].append(TemplateRow(_ref(number, position), title, section, section_title))
    return out


def _decisions(connection: Session, review_ids: list[int]) -> dict[int, list[Decision]]:
    query = select(DecisionRow).where(DecisionRow.review_id.in_(review_ids)).order_by(DecisionRow.id)
    out: dict[int, list[Decision]] = {}
    for row in connection.scalars(query):
        out.setdefault(row.review_id, []).append(row.as_decision())
    return out


def _activities(connection: Session, plan_ids: Iterable[int]) -> dict[int, list[PlanActivity]]:
    query = (
        select(
            ActivityRow.document_id,
            ActivityRow.position,
            ActivityRow.number,
            ActivityRow.title,
            ActivityRow.deadline_raw,
            ActivityRow.when_start,
            ActivityRow.when_end,
            ActivityRow.status_raw,
            ActivityRow.responsible_raw,
        )
        .where(ActivityRow.document_id.in_(list(plan_ids)))
        .order_by(ActivityRow.document_id, ActivityRow.position)
    )
    out: dict[int, list[PlanActivity]] = {}
    for document_id, position, number, *rest in connection.execute(query):
        out.setdefault(document_id, []).append(PlanActivity(_ref(number, position), *rest))
    return out


def change_mark(store: Store) -> tuple:
    """What changes whenever anything the summary reads changes (a document, a comparison
    saved or replaced, a review's status, a decision taken or withdrawn): one SELECT, for a
    cache key."""
    measures = [
        func.count(DocumentRow.id),
        func.max(DocumentRow.id),
        func.count(ComparisonRow.id),
        func.max(ComparisonRow.created_at),
        func.count(ReviewRow.id),
        func.max(ReviewRow.status_at),
        func.count(DecisionRow.id),
        func.max(DecisionRow.decided_at),
    ]
    query = select(*(select(m).scalar_subquery() for m in measures))
    with store.engine.connect() as connection:
        return tuple(str(v) for v in connection.execute(query).one())
