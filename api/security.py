"""Who is calling and what they may do: bearer tokens, roles, refusals into the audit log, and
the request-body limit that keeps an oversized upload from being read at all."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store import DocumentRecord, Store
from store.audit import AuditLog
from store.users import Accounts, LoginError, User

_bearer = HTTPBearer(auto_error=False, description="Личный токен: roadmap users token LOGIN")


async def store_of(request: Request) -> Store:
    """The store the app was created over (async: no worker-thread hop for a lookup)."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]


def refuse(store: Store, actor: str | None, request: Request, status: int, reason: str) -> HTTPException:
    """Log the refusal and build the HTTP error (`detail`: the Russian reason) to raise."""
    AuditLog(store).record(actor, "api", "refused", f"{request.method} {request.url.path}", reason)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return HTTPException(status, detail=reason, headers=headers)


async def current_user(
    request: Request,
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The account of the bearer token; 401 when there is none, or it is revoked or unknown.
    Async: a token remembered by `Accounts` costs neither a worker thread nor a query; the
    database is asked (and a refusal logged) in a worker thread."""
    if credentials is None:
        reason = "нужен токен: заголовок Authorization: Bearer <токен>"
        raise await run_in_threadpool(refuse, store, None, request, 401, reason)
    accounts = Accounts(store)
    user = accounts.remembered_token_user(credentials.credentials) or await run_in_threadpool(
        accounts.token_user, credentials.credentials
    )
    if user is None:
        raise await run_in_threadpool(refuse, store, None, request, 401, "токен недействителен или отозван")
    return user


UserDep = Annotated[User, Depends(current_user)]


async def writer(request: Request, store: StoreDep, user: UserDep) -> User:
    """The caller if their role may write (upload, compare); 403 for an analyst."""
    if not user.can_write:
        raise await run_in_threadpool(
            refuse, store, user.login, request, 403, "роль «аналитик» только для чтения"
        )
    return user


async def reviewer(request: Request, store: StoreDep, user: UserDep) -> User:
    """The caller if they may review (decisions, status): the methodist or the admin; 403 otherwise."""
    if not user.can_review:
        reason = "решения по проверке принимают только методист и администратор"
        raise await run_in_threadpool(refuse, store, user.login, request, 403, reason)
    return user


async def admin(request: Request, store: StoreDep, user: UserDep) -> User:
    """The caller if an admin; 403 otherwise."""
    if not user.is_admin:
        raise await run_in_threadpool(refuse, store, user.login, request, 403, "только для администратора")
    return user


def password_user(
    request: Request,
    store: StoreDep,
    login: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form()] = None,
) -> User:
    """The account of the form's login and password (the lockout applies); 401 otherwise.
    A form rather than HTTP Basic, whose header cannot carry a Russian password."""
    if not login or password is None:
        raise refuse(store, None, request, 401, "нужны логин и пароль (поля формы login и password)")
    try:
        return Accounts(store).authenticate(login, password, via="api")
    except LoginError as exc:  # already in the audit log
        raise HTTPException(401, detail=str(exc)) from None


def visible(request: Request, store: Store, user: User, record: DocumentRecord | None, what: str) -> None:
    """Raise 404 unless `record` exists and `user` may see it (another municipality's document
    is answered as missing, so its existence does not leak; the refusal is logged)."""
    if record is None:
        raise HTTPException(404, detail=f"{what} не найден")
    if not user.sees(record):
        raise refuse(store, user.login, request, 404, f"{what} не найден (другой муниципалитет)")


class BodyLimit:
    """ASGI middleware: a request body over `max_bytes` is answered 413 with the Russian reason,
    by its Content-Length before anything is read, or as soon as a chunked body passes it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(scope, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._too_large(scope, send)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        megabytes = self.max_bytes // (1024 * 1024)
        reason = f"запрос больше допустимого размера ({megabytes} МБ)"
        store = scope["app"].state.store
        AuditLog(store).record(None, "api", "refused", f"{scope['method']} {scope['path']}", reason)
        body = json.dumps({"detail": reason}, ensure_ascii=False).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    """A chunked request body passed the limit."""
