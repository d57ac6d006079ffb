"""Accounts, roles and personal API tokens, kept in the store beside the documents.

Passwords are argon2 hashes (argon2-cffi); a token is shown once when issued and stored as
its SHA-256 (tokens are 256 random bits, so a fast hash suffices), and can be revoked. A
token's account is remembered in the process for `TOKEN_CACHE_SECONDS` (so an API request
costs no database lookup for it); revoking a token or disabling an account forgets every
remembered token of the process at once, and a change made by another process (the CLI) is
seen within those seconds. Five wrong passwords in a row lock an account for `LOCK_MINUTES`.
Every login failure, lockout and account or token change goes to the audit log. The app's
sign-ins that outlive a page reload are `store.app_sessions`; their table is here, so that
disabling an account or changing its password ends them at once.

Roles (`ROLES`): admin (everything, accounts, the audit log), methodist (the whole region:
uploads, comparisons, reviews), municipal (a municipal specialist: uploads and sees the
documents, comparisons and reviews of their own municipality, and the regional templates),
analyst (read-only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from store.audit import AuditLog
from store.records import DocumentRecord
from store.schema import Base, utcnow
from store.store import Store

ROLES: dict[str, str] = {
    "admin": "администратор",
    "methodist": "региональный методист",
    "municipal": "муниципальный специалист",
    "analyst": "аналитик",
}
WRITERS = frozenset({"admin", "methodist", "municipal"})
REVIEWERS = frozenset({"admin", "methodist"})
MAX_FAILURES = 5
LOCK_MINUTES = 15
TOKEN_PREFIX = "rm_"
TOKEN_CACHE_SECONDS = 3.0
"""How long a token's account is remembered: a revocation made by another process is honoured
within this time (one made in this process at once)."""
TOKEN_CACHE_SIZE = 10_000
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("не пароль")  # verified for unknown logins, so they take as long


class UserRow(Base):
    """An account: login, argon2 hash, role, the municipality of a municipal specialist."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    municipality: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class TokenRow(Base):
    """A personal API token: only its SHA-256 is kept; `revoked_at` set once revoked."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AppSessionRow(Base):
    """A sign-in to the app kept across reloads (see `store.app_sessions`): only the SHA-256 of
    its cookie's token and of the one-time code that hands the token to the browser are kept."""

    __tablename__ = "app_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    handoff_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_why: Mapped[str | None] = mapped_column(String(20))


class AccountError(ValueError):
    """A refused account operation; the message is the Russian reason for the user."""


class LoginError(AccountError):
    """A refused login: wrong login or password, a disabled or a locked account."""


@dataclass(frozen=True)
class User:
    """An account as handed out (never its hash)."""

    id: int
    login: str
    role: str
    municipality: str | None
    active: bool
    locked_until: dt.datetime | None
    created_at: dt.datetime

    @classmethod
    def of(cls, row: UserRow) -> User:
        return cls(
            row.id, row.login, row.role, row.municipality, row.active, row.locked_until, row.created_at
        )

    @property
    def can_write(self) -> bool:
        """May upload documents and save comparisons (every role but the analyst)."""
        return self.role in WRITERS

    @property
    def can_review(self) -> bool:
        """May take review decisions and set a review's status (the methodist and the admin)."""
        return self.role in REVIEWERS

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def sees(self, document: DocumentRecord) -> bool:
        """Whether this user may read `document`: a municipal specialist sees their own
        municipality's documents and the regional ones (the templates); others see all."""
        if self.role != "municipal":
            return True
        return document.municipality == self.municipality or (
            document.municipality is None and document.level == "regional"
        )

    def may_delete(self, document: DocumentRecord) -> bool:
        """Whether this user may delete `document`: the admin and a methodist any, a municipal
        specialist their own municipality's (not the regional templates), the analyst none."""
        if self.role == "municipal":
            return document.municipality is not None and document.municipality == self.municipality
        return self.role in ("admin", "methodist")


@dataclass(frozen=True)
class Token:
    """A token as listed: its id and name, whose it is, when made and revoked."""

    id: int
    login: str
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class Accounts:
    """Users and tokens of a store, with the audit log their changes and refusals go to."""

    def __init__(self, store: Store) -> None:
        self.sessions = store.sessions
        self.database = store.url
        self.audit = AuditLog(store)

    def add(
        self, login: str, password: str, role: str, municipality: str | None = None, *, by: str | None = None
    ) -> User:
        """Create an account; AccountError (Russian reason) for a taken login, an unknown role,
        a municipal specialist without a municipality or an empty password."""
        login = login.strip()
        if not login or not password:
            raise AccountError("логин и пароль не могут быть пустыми")
        if role not in ROLES:
            raise AccountError(f"неизвестная роль «{role}»; роли: {', '.join(ROLES)}")
        if role == "municipal" and not municipality:
            raise AccountError("для муниципального специалиста нужно указать муниципалитет")
        with self.sessions() as session:
            if session.scalar(select(UserRow.id).where(UserRow.login == login)) is not None:
                raise AccountError(f"пользователь «{login}» уже есть")
            row = UserRow(
                login=login,
                password_hash=_hasher.hash(password),
                role=role,
                municipality=municipality if role == "municipal" else None,
            )
            session.add(row)
            try:
                session.commit()
            except IntegrityError:  # the same login added meanwhile by another process
                raise AccountError(f"пользователь «{login}» уже есть") from None
            user = User.of(row)
        self.audit.record(by, "user_add", target=login, detail=ROLES[role])
        return user

    def ensure_admin(self) -> str | None:
        """On a store with no accounts, create `admin` with a random password and return that
        password (to be shown once); None when accounts exist."""
        with self.sessions() as session:
            if session.scalar(select(func.count()).select_from(UserRow)):
                return None
        password = secrets.token_urlsafe(12)
        try:
            self.add("admin", password, "admin", by="система")
        except AccountError:  # another process created it meanwhile
            return None
        return password

    def users(self) -> list[User]:
        """Every account, by login."""
        with self.sessions() as session:
            return [User.of(r) for r in session.scalars(select(UserRow).order_by(UserRow.login))]

    def user(self, login: str) -> User | None:
        with self.sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.login == login))
            return User.of(row) if row else None

    def set_active(self, login: str, active: bool, *, by: str | None = None) -> User:
        """Disable (or enable again) an account; a disabled account's tokens stop working and
        its app sign-ins end (enabling it again does not bring them back)."""
        with self.sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.login == login))
            if row is None:
                raise AccountError(f"пользователя «{login}» нет")
            row.active = active
            if active:
                row.failed_logins, row.locked_until = 0, None
            else:
                end_app_sessions(session, row.id, "disabled")
            session.commit()
            _remembered.forget()
            user = User.of(row)
        self.audit.record(by, "user_enable" if active else "user_disable", target=login)
        return user

    def set_password(self, login: str, password: str, *, by: str | None = None) -> None:
        """Give an account a new password; its app sign-ins end (its API tokens stay)."""
        if not password:
            raise AccountError("пароль не может быть пустым")
        with self.sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.login == login))
            if row is None:
                raise AccountError(f"пользователя «{login}» нет")
            row.password_hash = _hasher.hash(password)
            end_app_sessions(session, row.id, "password")
            session.commit()
        self.audit.record(by, "password_change", target=login)

    def authenticate(self, login: str, password: str, *, via: str = "app") -> User:
        """The account whose password this is; LoginError with the Russian reason otherwise.
        Each failure counts; the fifth in a row locks the account for `LOCK_MINUTES`."""
        now = utcnow()
        with self.sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.login == login))
            if row is None:
                _verify(_DUMMY_HASH, password)
                reason = "неверный логин или пароль"
            elif row.locked_until is not None and row.locked_until > now:
                reason = _locked_reason(row.locked_until)
            elif not _verify(row.password_hash, password):
                reason = "неверный логин или пароль"
                if _count_failure(session, row.id) >= MAX_FAILURES:
                    locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
                    locking = update(UserRow).where(UserRow.id == row.id)
                    session.execute(locking.values(failed_logins=0, locked_until=locked_until))
                    reason = _locked_reason(locked_until)
                session.commit()
            elif not row.active:
                reason = "учётная запись отключена"
            else:
                row.failed_logins, row.locked_until = 0, None
                if _hasher.check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher.hash(password)
                session.commit()
                user = User.of(row)
                self.audit.record(login, "login", target=via)
                return user
        self.audit.record(login, "login", "refused", target=via, detail=reason)
        raise LoginError(reason)

    def issue_token(self, login: str, name: str = "api", *, by: str | None = None) -> str:
        """A new personal token for `login`, returned once in clear (only its hash is kept)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.sessions() as session:
            row = session.scalar(select(UserRow).where(UserRow.login == login))
            if row is None:
                raise AccountError(f"пользователя «{login}» нет")
            session.add(TokenRow(user_id=row.id, name=name, token_hash=_token_hash(token)))
            session.commit()
        self.audit.record(by or login, "token_issue", target=login, detail=name)
        return token

    def tokens(self, login: str | None = None) -> list[Token]:
        """Tokens (newest first), of one account if `login` is given."""
        query = select(TokenRow, UserRow.login).join(UserRow, UserRow.id == TokenRow.user_id)
        if login is not None:
            query = query.where(UserRow.login == login)
        with self.sessions() as session:
            return [
                Token(t.id, user_login, t.name, t.created_at, t.revoked_at)
                for t, user_login in session.execute(query.order_by(TokenRow.id.desc()))
            ]

    def revoke_token(self, token_id: int, *, by: str | None = None) -> None:
        """Revoke a token by its id (from `tokens`); it is refused from then on."""
        with self.sessions() as session:
            row = session.get(TokenRow, token_id)
            if row is None:
                raise AccountError(f"токена {token_id} нет")
            row.revoked_at = row.revoked_at or utcnow()
            session.commit()
            _remembered.forget()
        self.audit.record(by, "token_revoke", target=str(token_id))

    def token_user(self, token: str) -> User | None:
        """The active account a valid, unrevoked token belongs to; None otherwise. Remembered
        for `TOKEN_CACHE_SECONDS` (see `remembered_token_user`)."""
        key = (self.database, _token_hash(token))
        user = _remembered.get(key)
        if user is not None:
            return user
        generation = _remembered.generation
        query = (
            select(UserRow)
            .join(TokenRow, TokenRow.user_id == UserRow.id)
            .where(TokenRow.token_hash == key[1], TokenRow.revoked_at.is_(None))
        )
        with self.sessions() as session:
            row = session.scalar(query)
            user = User.of(row) if row is not None and row.active else None
        if user is not None:
            _remembered.put(key, user, generation)
        return user

    def remembered_token_user(self, token: str) -> User | None:
        """The account `token_user` returned for `token` less than `TOKEN_CACHE_SECONDS` ago in
        this process and that nothing has withdrawn since; None otherwise. No database access,
        so an async caller may use it without a worker thread."""
        return _remembered.get((self.database, _token_hash(token)))


class _TokenCache:
    """(database, token hash) -> the token's account, for `TOKEN_CACHE_SECONDS`. `forget` drops
    every entry and bumps a generation, so a lookup that read the database before a revocation
    cannot store its answer after it."""

    def __init__(self) -> None:
        self.generation = 0
        self._entries: dict[tuple[str, str], tuple[User, float]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> User | None:
        entry = self._entries.get(key)
        return entry[0] if entry is not None and entry[1] > time.monotonic() else None

    def put(self, key: tuple[str, str], user: User, generation: int) -> None:
        with self._lock:
            if generation != self.generation:
                return
            if len(self._entries) >= TOKEN_CACHE_SIZE:
                self._entries.clear()
            self._entries[key] = (user, time.monotonic() + TOKEN_CACHE_SECONDS)

    def forget(self) -> None:
        with self._lock:
            self.generation += 1
            self._entries.clear()


_remembered = _TokenCache()


def end_app_sessions(session: Session, user_id: int, why: str) -> None:
    """Mark every open app sign-in of account `user_id` revoked for `why` (in `session`'s
    transaction; the caller commits)."""
    session.execute(
        update(AppSessionRow)
        .where(AppSessionRow.user_id == user_id, AppSessionRow.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_why=why)
    )


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _count_failure(session: Session, user_id: int) -> int:
    """Add one to the account's wrong passwords in a row, in the database itself (a read and
    a write would lose the guesses made at the same time); the new count."""
    counted = update(UserRow).where(UserRow.id == user_id).values(failed_logins=UserRow.failed_logins + 1)
    return session.execute(counted.returning(UserRow.failed_logins)).scalar_one()


def _locked_reason(until: dt.datetime) -> str:
    minutes = max(1, round((until - utcnow()).total_seconds() / 60))
    return (
        f"слишком много неудачных попыток входа; учётная запись заблокирована, повторите через {minutes} мин."
    )
