"""The audit log: who did what, when, and whether it was allowed.

Every write the app or the API makes on a person's behalf (uploads, comparisons saved, account
and token changes) and every refusal (a wrong password, a locked account, a missing or revoked
token, a role without the right, another municipality's document) is one `audit` row. The rows
are only ever added, never changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from store.schema import Base, utcnow
from store.store import Store


class AuditRow(Base):
    """One event: `actor` (a login, None when anonymous), `action` (e.g. "upload", "login"),
    `outcome` ("ok", "failed" or "refused"), what it was done to and a Russian detail."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40), index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    target: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True)
class AuditEntry:
    """An audit row as handed out."""

    id: int
    at: dt.datetime
    actor: str | None
    action: str
    outcome: str
    target: str | None
    detail: str | None


class AuditLog:
    """The audit table of a store."""

    def __init__(self, store: Store) -> None:
        self.sessions = store.sessions

    def record(
        self,
        actor: str | None,
        action: str,
        outcome: str = "ok",
        target: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Append one event, committed at once (a refusal is logged even if the caller fails next)."""
        with self.sessions() as session:
            session.add(AuditRow(actor=actor, action=action, outcome=outcome, target=target, detail=detail))
            session.commit()

    def entries(
        self, *, actor: str | None = None, outcome: str | None = None, limit: int = 500, offset: int = 0
    ) -> list[AuditEntry]:
        """Events newest first, optionally of one actor or one outcome."""
        query = select(AuditRow).order_by(AuditRow.id.desc())
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        if outcome is not None:
            query = query.where(AuditRow.outcome == outcome)
        with self.sessions() as session:
            return [
                AuditEntry(r.id, r.at, r.actor, r.action, r.outcome, r.target, r.detail)
                for r in session.scalars(query.limit(limit).offset(offset))
            ]
