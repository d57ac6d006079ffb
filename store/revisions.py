"""A corrected plan's review against the earlier one, read from the store: the revision
(`review.revision.revised`) of a review linked to an earlier plan's review (`previous_id`), the
earlier decisions carried over into the new review on request, and, after compare ran again for
a reviewed pair, which decisions no longer apply and why.

Carrying over is explicit (the app's button, the CLI) and idempotent: a decision already taken on
the new review is never overwritten, and one carried before is not carried again (each carried
decision is logged in the audit, so a carried decision the methodist withdrew stays withdrawn).
A carried decision keeps who took it and when; the audit entry says who carried it over.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from compare import Comparison
from compare.emptiness import EmptyTemplateError
from model import Document
from review import carried
from review.model import Decision
from review.revision import CarriedDecision, Revision, revised, why_dropped
from store.comparing import compare_stored, comparison_method, saved_comparison
from store.reviews import ReviewError, ReviewRecord, Reviews
from store.schema import ComparisonRow
from store.store import Store


@dataclass(frozen=True)
class CarryOver:
    """What one carry-over did: decisions written into the new review, decisions that would carry
    but were left alone (the new review already decides on the target, or they were carried
    before), and those that cannot carry, with the reason."""

    written: list[Decision]
    left: list[Decision]
    not_carried: list[CarriedDecision]


def latest_comparison(store: Store, template_id: int, plan_id: int) -> Comparison:
    """The comparison of the pair stored with the current calibration, compared (and stored)
    now if there is none; LookupError (Russian) when either document is not stored,
    `EmptyTemplateError` when no activity was found in the template (also for a comparison
    saved before such a template was refused)."""
    with store.sessions() as session:
        saved_id = session.scalar(
            select(ComparisonRow.id)
            .where(
                ComparisonRow.template_id == template_id,
                ComparisonRow.plan_id == plan_id,
                ComparisonRow.method == comparison_method(),
            )
            .order_by(ComparisonRow.id.desc())
            .limit(1)
        )
    saved = saved_comparison(store, saved_id) if saved_id is not None else None
    if saved is None:
        return compare_stored(store, template_id, plan_id).comparison
    if not saved.comparison.coverage.total:  # the template's activities, none
        raise EmptyTemplateError(saved.comparison.template_source)
    return saved.comparison


def _previous(reviews: Reviews, review_id: int) -> tuple[ReviewRecord, ReviewRecord | None]:
    review = reviews.get(review_id)
    if review is None:
        raise ReviewError(f"проверка {review_id} не найдена")
    previous = reviews.get(review.previous_id) if review.previous_id is not None else None
    return review, previous


def _plan(store: Store, document_id: int) -> Document:
    detail = store.document(document_id)
    if detail is None:
        raise ReviewError(f"документ {document_id} не найден в базе")
    return detail.as_document()


def revision_of(store: Store, review_id: int) -> Revision | None:
    """The corrected plan of review `review_id` against the review of the earlier plan, or None
    when the review is not linked to an earlier one; ReviewError for an unknown review,
    `EmptyTemplateError` for one against a template without activities (opened before such a
    template was refused)."""
    reviews = Reviews(store)
    review, previous = _previous(reviews, review_id)
    if previous is None:
        return None
    return revised(
        _plan(store, previous.plan_id),
        latest_comparison(store, previous.template_id, previous.plan_id),
        reviews.decisions(previous.id),
        _plan(store, review.plan_id),
        latest_comparison(store, review.template_id, review.plan_id),
        reviews.decisions(review.id),
    )


def carry_over(store: Store, review_id: int, *, by: str | None) -> CarryOver:
    """Carry the decisions of the earlier plan's review that still apply into review `review_id`,
    each with its own author and time, `by` logged as the one who carried them (now); nothing is
    written when the review is not linked to an earlier one. ReviewError for an unknown or
    approved review, `EmptyTemplateError` as for `revision_of`."""
    revision = revision_of(store, review_id)
    if revision is None:
        return CarryOver([], [], [])
    reviews = Reviews(store)
    review = reviews.get(review_id)
    taken = {d.key for d in reviews.decisions(review_id)} | reviews.carried_keys(review_id)
    written, left = [], []
    for item in revision.carried:
        decision = item.carried
        stored = (
            None
            if decision.key in taken
            else reviews.carry(review_id, decision, by=by, source=review.previous_id)
        )
        taken.add(decision.key)
        (written if stored is not None else left).append(stored or decision)
    return CarryOver(written, left, revision.not_carried)


def not_carried_after_rerun(
    store: Store, review_id: int, comparison: Comparison | None = None
) -> list[CarriedDecision]:
    """The decisions of review `review_id` that no longer apply to its pair's comparison
    (`comparison`, else the latest stored one: after compare ran again on a new calibration),
    each with the Russian reason."""
    reviews = Reviews(store)
    review, _ = _previous(reviews, review_id)
    comparison = comparison or latest_comparison(store, review.template_id, review.plan_id)
    _, dropped = carried(reviews.decisions(review_id), comparison)
    return [CarriedDecision(earlier=d, carried=None, reason=why_dropped(d, comparison)) for d in dropped]
