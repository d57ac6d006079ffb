"""Who is calling and what they may do: bearer tokens (checked before a request is routed or
its body read), roles, refusals into the audit log, and the request-body limit that keeps an
oversized upload from being read at all."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
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


OPEN_PATHS = frozenset({"/health", "/tokens", "/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json"})
"""The only paths served without a token: health, the password form that issues one, the docs."""


class RequireToken:
    """ASGI middleware: a request to any path but `OPEN_PATHS` is answered 401 with the Russian
    reason (and logged) unless it carries a valid bearer token; before it is routed and before
    its body is read, so an anonymous caller learns nothing of the routes and cannot make the
    server parse an upload or a JSON body. The caller's account goes to `request.state.user`.
    A token remembered by `Accounts` costs neither a worker thread nor a query; the database
    is asked in a worker thread."""

    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app, self.accounts = app, Accounts(store)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "").removeprefix(scope.get("root_path", "")) or "/"
        if scope["type"] != "http" or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        scheme, _, token = (Headers(scope=scope).get("authorization") or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            user, reason = None, "нужен токен: заголовок Authorization: Bearer <токен>"
        else:
            user = self.accounts.remembered_token_user(token) or await run_in_threadpool(
                self.accounts.token_user, token
            )
            reason = "токен недействителен или отозван"
        if user is None:
            await _answer(scope, send, 401, reason, actor=None)
            return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)


async def current_user(
    request: Request, _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> User:
    """The account of the bearer token, which `RequireToken` has checked (the scheme is
    declared here so that OpenAPI shows which routes need it)."""
    return request.state.user


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
        await _answer(scope, send, 413, f"запрос больше допустимого размера ({megabytes} МБ)", actor=None)


async def _answer(scope: Scope, send: Send, status: int, reason: str, *, actor: str | None) -> None:
    """Log the refusal of the request of `scope` and answer it `status` with `detail`: reason."""
    store = scope["app"].state.store
    target = f"{scope['method']} {scope['path']}"
    await run_in_threadpool(AuditLog(store).record, actor, "api", "refused", target, reason)
    body = json.dumps({"detail": reason}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    """A chunked request body passed the limit."""
