"""Reviews kept in the store: one per (template, plan) pair of stored documents, with the
methodist's decisions and the review's status.

A review belongs to the two documents, not to one run of compare, so compare may run again (a
new calibration) and the decisions stay; `review.carried` says which still apply. A plan of
the same municipality compared with the same template later (a corrected plan) gets its own
review, linked to the earlier one by `previous_id`.

Each decision is its own row, unique per (review, `Decision.key`): two methodists deciding on
the same comparison at once write different rows, and neither overwrites the other's; deciding
on the same target again replaces it. Every write is committed at once and logged in the audit.

A decision carried over from the earlier plan's review (`Reviews.carry`) keeps its author and time;
who carried it and when is its audit entry (`CARRY_ACTION`). A carried row is one whose time is
not later than its carry entry: deciding on the target again stamps it now, after the carry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, and_, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, aliased, mapped_column

from review.model import STATUSES, Decision, ReviewStatus
from store.audit import AuditLog, AuditRow
from store.schema import Base, DocumentRow, utcnow
from store.store import Store

CARRY_ACTION = "review_carry"  # the audit action of a decision carried over from an earlier review


class ReviewRow(Base):
    """The review of a plan against a template: status, who set it and when, the review of
    the municipality's earlier plan against the same template (`previous_id`)."""

    __tablename__ = "reviews"
    __table_args__ = (Index("ux_reviews_pair", "template_id", "plan_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    status_by: Mapped[str | None] = mapped_column(String(100))
    status_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("reviews.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DecisionRow(Base):
    """One decision of a review, unique by its `key` (see `review.Decision.key`)."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ux_review_decisions_key", "review_id", "key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    verdict: Mapped[str] = mapped_column(String(20))
    template_ref: Mapped[str | None] = mapped_column(Text)
    plan_ref: Mapped[str | None] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(50))
    grade: Mapped[str | None] = mapped_column(String(10))
    comment: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    def as_decision(self) -> Decision:
        return Decision(
            kind=self.kind,
            verdict=self.verdict,
            template=self.template_ref,
            plan=self.plan_ref,
            rule=self.rule,
            grade=self.grade,
            comment=self.comment,
            decided_by=self.decided_by,
            decided_at=self.decided_at,
        )


class ReviewError(ValueError):
    """A refused review operation; the message is the Russian reason."""


@dataclass(frozen=True)
class ReviewRecord:
    """A review as handed out."""

    id: int
    template_id: int
    plan_id: int
    status: ReviewStatus
    status_by: str | None
    status_at: dt.datetime | None
    previous_id: int | None
    created_at: dt.datetime

    @classmethod
    def of(cls, row: ReviewRow) -> ReviewRecord:
        return cls(
            row.id,
            row.template_id,
            row.plan_id,
            row.status,
            row.status_by,
            row.status_at,
            row.previous_id,
            row.created_at,
        )

    @property
    def status_label(self) -> str:
        """The status in Russian: черновик, на доработке, одобрено."""
        return STATUSES[self.status]


class Reviews:
    """The reviews of a store, with the audit log their changes go to."""

    def __init__(self, store: Store) -> None:
        self.sessions = store.sessions
        self.audit = AuditLog(store)

    def open(self, template_id: int, plan_id: int) -> ReviewRecord:
        """The review of `plan_id` against `template_id`, made (as a draft) if there is none;
        a new one is linked to the latest review of the same municipality's earlier plan
        against the same template. ReviewError when either is not a stored document."""
        for attempt in range(2):
            with self.sessions() as session:
                row = session.scalar(
                    select(ReviewRow).where(
                        ReviewRow.template_id == template_id, ReviewRow.plan_id == plan_id
                    )
                )
                if row is not None:
                    return ReviewRecord.of(row)
                plan = session.get(DocumentRow, plan_id)
                if plan is None or session.get(DocumentRow, template_id) is None:
                    raise ReviewError(f"документ {plan_id if plan is None else template_id} не найден в базе")
                row = ReviewRow(
                    template_id=template_id,
                    plan_id=plan_id,
                    previous_id=_previous(session, template_id, plan),
                )
                session.add(row)
                try:
                    session.commit()
                except IntegrityError:  # opened meanwhile by another methodist
                    session.rollback()
                    if attempt:
                        raise
                    continue
                return ReviewRecord.of(row)
        raise AssertionError("unreachable")

    def get(self, review_id: int) -> ReviewRecord | None:
        with self.sessions() as session:
            row = session.get(ReviewRow, review_id)
            return ReviewRecord.of(row) if row is not None else None

    def of_pair(self, template_id: int, plan_id: int) -> ReviewRecord | None:
        """The review of `plan_id` against `template_id`, or None if nobody opened one."""
        with self.sessions() as session:
            row = session.scalar(
                select(ReviewRow).where(ReviewRow.template_id == template_id, ReviewRow.plan_id == plan_id)
            )
            return ReviewRecord.of(row) if row is not None else None

    def all(self) -> list[ReviewRecord]:
        """Every review, newest first."""
        with self.sessions() as session:
            return [
                ReviewRecord.of(r) for r in session.scalars(select(ReviewRow).order_by(ReviewRow.id.desc()))
            ]

    def decisions(self, review_id: int) -> list[Decision]:
        """The decisions of a review in the order they were first taken; a carried one with
        who carried it and when."""
        with self.sessions() as session:
            rows = session.scalars(
                select(DecisionRow).where(DecisionRow.review_id == review_id).order_by(DecisionRow.id)
            ).all()
            carries = _carries(session, review_id)
            out = []
            for row in rows:
                decision = row.as_decision()
                carry = carries.get(row.key)
                if carry is not None and carry.at >= row.decided_at:
                    decision = decision.model_copy(update={"carried_by": carry.actor, "carried_at": carry.at})
                out.append(decision)
            return out

    def carried_keys(self, review_id: int) -> set[str]:
        """Keys of the decisions ever carried into review `review_id` (withdrawn ones among them)."""
        with self.sessions() as session:
            return set(_carries(session, review_id))

    def carry(self, review_id: int, decision: Decision, *, by: str | None, source: int) -> Decision | None:
        """Write `decision`, carried over from review `source`, into review `review_id` with its
        own author and time, and log `by` as the one who carried it; None (nothing written) when
        the review already decides on the target. ReviewError when it is unknown or approved."""
        self._writable(review_id)
        kept = decision.model_copy(
            update={"decided_at": decision.decided_at or utcnow(), "carried_by": None, "carried_at": None}
        )
        with self.sessions() as session:
            session.add(
                DecisionRow(
                    review_id=review_id,
                    key=kept.key,
                    kind=kept.kind,
                    verdict=kept.verdict,
                    template_ref=kept.template,
                    plan_ref=kept.plan,
                    rule=kept.rule,
                    grade=kept.grade,
                    comment=kept.comment,
                    decided_by=kept.decided_by,
                    decided_at=kept.decided_at,
                )
            )
            try:
                session.commit()
            except IntegrityError:  # decided on this review meanwhile: hers wins
                session.rollback()
                return None
        self.audit.record(
            by,
            CARRY_ACTION,
            target=f"review:{review_id}",
            detail=f"перенесено из проверки {source}: {kept.key}",
        )
        return kept.model_copy(update={"carried_by": by, "carried_at": utcnow()})

    def decide(self, review_id: int, decision: Decision, *, by: str | None) -> Decision:
        """Store `decision` (replacing an earlier one on the same target) as taken by `by`
        now; the stored decision. ReviewError when the review is unknown or approved, or the
        decision lacks the comment it needs (`Decision.missing_reason`)."""
        if decision.missing_reason:
            raise ReviewError(decision.missing_reason)
        self._writable(review_id)
        stamped = decision.model_copy(
            update={"decided_by": by, "decided_at": utcnow(), "carried_by": None, "carried_at": None}
        )
        for attempt in range(2):
            with self.sessions() as session:
                row = session.scalar(
                    select(DecisionRow).where(
                        DecisionRow.review_id == review_id, DecisionRow.key == decision.key
                    )
                )
                if row is None:
                    row = DecisionRow(review_id=review_id, key=decision.key)
                    session.add(row)
                row.kind, row.verdict, row.rule = stamped.kind, stamped.verdict, stamped.rule
                row.template_ref, row.plan_ref = stamped.template, stamped.plan
                row.grade, row.comment = stamped.grade, stamped.comment
                row.decided_by, row.decided_at = by, stamped.decided_at
                try:
                    session.commit()
                except IntegrityError:  # the same target decided meanwhile: replace it
                    session.rollback()
                    if attempt:
                        raise
                    continue
                break
        self.audit.record(by, "review_decision", target=f"review:{review_id}", detail=_described(stamped))
        return stamped

    def withdraw(self, review_id: int, key: str, *, by: str | None) -> bool:
        """Take back the decision on `key`; whether there was one."""
        self._writable(review_id)
        with self.sessions() as session:
            gone = session.execute(
                delete(DecisionRow).where(DecisionRow.review_id == review_id, DecisionRow.key == key)
            ).rowcount
            session.commit()
        if gone:
            self.audit.record(by, "review_decision", target=f"review:{review_id}", detail=f"отменено: {key}")
        return bool(gone)

    def set_status(self, review_id: int, status: ReviewStatus, *, by: str | None) -> ReviewRecord:
        """Set the review's status (draft, returned: remarks sent, approved) as `by`, now."""
        if status not in STATUSES:
            raise ReviewError(f"неизвестный статус «{status}»")
        with self.sessions() as session:
            row = session.get(ReviewRow, review_id)
            if row is None:
                raise ReviewError(f"проверка {review_id} не найдена")
            before = row.status
            row.status, row.status_by, row.status_at = status, by, utcnow()
            session.commit()
            record = ReviewRecord.of(row)
        self.audit.record(
            by,
            "review_status",
            target=f"review:{review_id}",
            detail=f"{STATUSES[before]} → {STATUSES[status]}",
        )
        return record

    def _writable(self, review_id: int) -> None:
        review = self.get(review_id)
        if review is None:
            raise ReviewError(f"проверка {review_id} не найдена")
        if review.status == "approved":
            raise ReviewError("план одобрен: чтобы изменить решения, верните проверку в черновик")


def _previous(session: Session, template_id: int, plan: DocumentRow) -> int | None:
    """The latest review of an earlier plan of `plan`'s municipality (or of an earlier version
    of the same file) against the template: earlier by the plan's date, else by when stored."""
    if plan.municipality is None and plan.previous_id is None:
        return None
    earlier = aliased(DocumentRow)
    if plan.municipality is not None:
        same_author = earlier.municipality == plan.municipality
    else:
        same_author = earlier.id == plan.previous_id
    stored_before = earlier.id < plan.id
    if plan.doc_date is not None:
        dated_before = or_(
            earlier.doc_date < plan.doc_date,
            and_(or_(earlier.doc_date.is_(None), earlier.doc_date == plan.doc_date), stored_before),
        )
    else:
        dated_before = stored_before
    query = (
        select(ReviewRow.id)
        .join(earlier, earlier.id == ReviewRow.plan_id)
        .where(ReviewRow.template_id == template_id, same_author, dated_before)
        .order_by(earlier.doc_date.desc().nulls_last(), earlier.id.desc())
        .limit(1)
    )
    return session.scalar(query)


@dataclass(frozen=True)
class _Carry:
    actor: str | None
    at: dt.datetime


def _carries(session: Session, review_id: int) -> dict[str, _Carry]:
    """The latest carry-over of each decision key into review `review_id`, from the audit."""
    rows = session.execute(
        select(AuditRow.detail, AuditRow.actor, AuditRow.at)
        .where(AuditRow.action == CARRY_ACTION, AuditRow.target == f"review:{review_id}")
        .order_by(AuditRow.id)
    )
    return {detail.rsplit(": ", 1)[-1]: _Carry(actor, at) for detail, actor, at in rows if detail}


def _described(decision: Decision) -> str:
    rows = " = ".join(r for r in (decision.template, decision.plan) if r)
    rule = f" [{decision.rule}]" if decision.rule else ""
    grade = f" ({decision.grade})" if decision.grade else ""
    return f"{decision.kind}{rule} {rows}: {decision.verdict}{grade}"
