"""The app's sign-ins that outlive a page reload.

A sign-in starts when the login form accepts a password (`AppSessions.open`): a row with a
one-time hand-over code, which the page sends to the app's own route at once
(`ui/signin_routes.py`); the route trades it (`redeem`) for a random token set as an HttpOnly
cookie. Only SHA-256 hashes of the code and the token are kept (both are 256 random bits, so a
fast hash suffices, as for API tokens). A sign-in ends on «Выйти», when its account is disabled
or its password changed (`store.users.end_app_sessions`), when an admin revokes it, after
`SessionPolicy.idle` without use and after `SessionPolicy.lifetime` in any case.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from store.audit import AuditLog
from store.schema import utcnow
from store.store import Store
from store.users import AccountError, AppSessionRow, User, UserRow

IDLE_ENV = "ROADMAP_SESSION_IDLE_MINUTES"
LIFETIME_ENV = "ROADMAP_SESSION_HOURS"
DEFAULT_IDLE_MINUTES = 60
DEFAULT_LIFETIME_HOURS = 12
HANDOFF_SECONDS = 60
"""How long the one-time code of a new sign-in may be traded for its cookie."""
TOUCH_SECONDS = 60
"""A sign-in's last use is written at most this often (not on every rerun of a page)."""

ENDED = {
    "sign_out": "сеанс завершён: был выполнен выход",
    "disabled": "учётная запись отключена",
    "password": "пароль изменён, войдите с новым паролем",
    "admin": "сеанс завершён администратором",
}


class SessionError(AccountError):
    """A sign-in that no longer lets its user in; the message is the Russian reason."""


@dataclass(frozen=True)
class SessionPolicy:
    """How long a sign-in lasts: `idle` without use, `lifetime` in any case."""

    idle: dt.timedelta = dt.timedelta(minutes=DEFAULT_IDLE_MINUTES)
    lifetime: dt.timedelta = dt.timedelta(hours=DEFAULT_LIFETIME_HOURS)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> SessionPolicy:
        """The policy of `ROADMAP_SESSION_IDLE_MINUTES` and `ROADMAP_SESSION_HOURS` (positive
        numbers; the defaults when unset); ValueError naming the variable otherwise."""
        environ = os.environ if environ is None else environ
        idle = _positive(environ, IDLE_ENV, DEFAULT_IDLE_MINUTES)
        lifetime = _positive(environ, LIFETIME_ENV, DEFAULT_LIFETIME_HOURS)
        return cls(dt.timedelta(minutes=idle), dt.timedelta(hours=lifetime))


@dataclass(frozen=True)
class AppSession:
    """A sign-in as listed: whose, when made and last used, whether and why it ended."""

    id: int
    login: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_why: str | None


class AppSessions:
    """The app's sign-ins of a store under a `SessionPolicy` (from the environment by default)."""

    def __init__(self, store: Store, policy: SessionPolicy | None = None) -> None:
        self.sessions = store.sessions
        self.policy = policy or SessionPolicy.from_env()
        self.audit = AuditLog(store)

    def open(self, user: User) -> tuple[int, str]:
        """Start a sign-in of `user` (whose password was just checked): its id and the one-time
        code, in clear, that `redeem` trades for the cookie's token within `HANDOFF_SECONDS`."""
        code = secrets.token_urlsafe(32)
        with self.sessions() as session:
            row = AppSessionRow(user_id=user.id, handoff_hash=_hash(code))
            session.add(row)
            session.commit()
            return row.id, code

    def redeem(self, code: str) -> str | None:
        """The new cookie token of the sign-in whose hand-over code this is, once: None for an
        unknown, used, late or ended one. The token is kept as its hash only."""
        token = secrets.token_urlsafe(32)
        late = utcnow() - dt.timedelta(seconds=HANDOFF_SECONDS)
        with self.sessions() as session:
            traded = session.execute(
                update(AppSessionRow)
                .where(
                    AppSessionRow.handoff_hash == _hash(code),
                    AppSessionRow.token_hash.is_(None),
                    AppSessionRow.revoked_at.is_(None),
                    AppSessionRow.created_at > late,
                )
                .values(token_hash=_hash(token), handoff_hash=None)
            )
            session.commit()
        return token if traded.rowcount == 1 else None

    def awaits_handover(self, session_id: int) -> bool:
        """Whether the sign-in's one-time code may still be traded: not traded yet, not ended,
        not older than `HANDOFF_SECONDS`."""
        late = utcnow() - dt.timedelta(seconds=HANDOFF_SECONDS)
        with self.sessions() as session:
            return (
                session.execute(
                    select(AppSessionRow.id).where(
                        AppSessionRow.id == session_id,
                        AppSessionRow.handoff_hash.is_not(None),
                        AppSessionRow.revoked_at.is_(None),
                        AppSessionRow.created_at > late,
                    )
                ).first()
                is not None
            )

    def check(self, session_id: int) -> User:
        """The user of a live sign-in, which counts as used now; SessionError (Russian reason)
        for one ended, expired or unknown."""
        return self._live(AppSessionRow.id == session_id)[1]

    def resume(self, token: str) -> tuple[int, User]:
        """The id and user of the live sign-in a cookie token belongs to (used now), which
        lets a new tab or a reload in, so it goes to the audit log as a login to the app by
        cookie; SessionError otherwise."""
        session_id, user = self._live(AppSessionRow.token_hash == _hash(token))
        self.audit.record(user.login, "login", target="app", detail=f"по cookie, сеанс {session_id}")
        return session_id, user

    def close(
        self, session_id: int | None = None, *, token: str | None = None, why: str = "sign_out"
    ) -> None:
        """End a sign-in, named by its id or by its cookie token (nothing if it is unknown or
        already ended). A sign-out («Выйти», `why` "sign_out") goes to the audit log under the
        sign-in's login; the other endings are logged by what caused them (revoke, account)."""
        where = AppSessionRow.id == session_id if token is None else AppSessionRow.token_hash == _hash(token)
        with self.sessions() as session:
            live = session.execute(
                select(AppSessionRow.id, UserRow.login)
                .join(UserRow, UserRow.id == AppSessionRow.user_id)
                .where(where, AppSessionRow.revoked_at.is_(None))
            ).first()
            if live is None:
                return
            ended = session.execute(
                update(AppSessionRow)
                .where(AppSessionRow.id == live.id, AppSessionRow.revoked_at.is_(None))
                .values(revoked_at=utcnow(), revoked_why=why)
            )
            session.commit()
        if why == "sign_out" and ended.rowcount == 1:
            self.audit.record(live.login, "sign_out", target="app", detail=f"сеанс {live.id}")

    def revoke(self, session_id: int, *, by: str | None = None) -> None:
        """End a sign-in by its id (from `list`) as an admin does; AccountError if there is none."""
        with self.sessions() as session:
            if session.get(AppSessionRow, session_id) is None:
                raise AccountError(f"сеанса {session_id} нет")
        self.close(session_id, why="admin")
        self.audit.record(by, "session_revoke", target=str(session_id))

    def list(self, login: str | None = None, *, ended: bool = False) -> list[AppSession]:
        """Sign-ins, newest first: the live ones (not expired, not ended), every one with `ended`;
        of one account if `login` is given."""
        query = select(AppSessionRow, UserRow.login).join(UserRow, UserRow.id == AppSessionRow.user_id)
        if login is not None:
            query = query.where(UserRow.login == login)
        if not ended:
            now = utcnow()
            query = query.where(
                AppSessionRow.revoked_at.is_(None),
                AppSessionRow.created_at > now - self.policy.lifetime,
                AppSessionRow.last_seen_at > now - self.policy.idle,
            )
        with self.sessions() as session:
            return [
                AppSession(r.id, owner, r.created_at, r.last_seen_at, r.revoked_at, r.revoked_why)
                for r, owner in session.execute(query.order_by(AppSessionRow.id.desc()))
            ]

    def _live(self, where) -> tuple[int, User]:
        now = utcnow()
        with self.sessions() as session:
            found = session.execute(
                select(AppSessionRow, UserRow).join(UserRow, UserRow.id == AppSessionRow.user_id).where(where)
            ).first()
            if found is None:
                raise SessionError("сеанс не найден")
            row, user = found
            if row.revoked_at is not None:
                raise SessionError(ENDED.get(row.revoked_why or "", "сеанс завершён"))
            if not user.active:
                raise SessionError(ENDED["disabled"])
            if now - row.created_at > self.policy.lifetime:
                raise SessionError(f"сеанс истёк: вход действует не дольше {_hours(self.policy.lifetime)} ч")
            if now - row.last_seen_at > self.policy.idle:
                minutes = round(self.policy.idle.total_seconds() / 60)
                raise SessionError(f"сеанс истёк: приложением не пользовались дольше {minutes} мин.")
            if now - row.last_seen_at > dt.timedelta(seconds=TOUCH_SECONDS):
                row.last_seen_at = now
                session.commit()
            return row.id, User.of(user)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _hours(span: dt.timedelta) -> str:
    return f"{span.total_seconds() / 3600:g}"


def _positive(environ, name: str, default: float) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = 0
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name}={raw!r}: нужно положительное число")
    return value
