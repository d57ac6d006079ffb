"""The two small routes the app's own server adds beside Streamlit's (see `ui/asgi.py`) to keep
a sign-in across page reloads: Streamlit's Python side talks to the browser over a websocket
and cannot set an HttpOnly cookie, so the page posts the sign-in's one-time code here and gets
the cookie in the answer.

- `POST <base>/_roadmap/signin`, body the one-time code: sets the cookie (HttpOnly,
  SameSite=Strict, Secure over https or with `ROADMAP_COOKIE_SECURE=1`) holding a new random
  token; 403 with the Russian reason for an unknown, used or late code.
- `POST <base>/_roadmap/signout`: ends the sign-in of the cookie sent and clears the cookie.

Both refuse a request not sent from the app's own page (`Sec-Fetch-Site`, else `Origin`).
"""

from __future__ import annotations

import functools
import os
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from store import Store, open_store
from store.app_sessions import AppSessions
from store.database import database_url

COOKIE = "roadmap_session"
PREFIX = "_roadmap"
SECURE_ENV = "ROADMAP_COOKIE_SECURE"
MAX_BODY = 256  # a code is 43 characters


def url(name: str, base: str | None = None) -> str:
    """The path of route `name` under Streamlit's `server.baseUrlPath` (or `base`)."""
    if base is None:
        from streamlit import config

        base = config.get_option("server.baseUrlPath") or ""
    return "/" + "/".join(part for part in (base.strip("/"), PREFIX, name) if part)


def routes(base: str | None = None) -> list[Route]:
    """The sign-in and sign-out routes under `base` (Streamlit's base URL path by default)."""
    return [
        Route(url("signin", base), _signin, methods=["POST"]),
        Route(url("signout", base), _signout, methods=["POST"]),
    ]


async def _signin(request: Request) -> Response:
    if not _from_own_page(request):
        return _refused("запрос отправлен не со страницы приложения")
    code = await _small_body(request)
    sessions = AppSessions(_store())
    token = await run_in_threadpool(sessions.redeem, code) if code else None
    if token is None:
        return _refused("код входа недействителен или устарел; войдите снова")
    answer = Response(status_code=204)
    answer.set_cookie(
        COOKIE,
        token,
        max_age=int(sessions.policy.lifetime.total_seconds()),
        path=_cookie_path(request),
        secure=_secure(request),
        httponly=True,
        samesite="strict",
    )
    return answer


async def _signout(request: Request) -> Response:
    if not _from_own_page(request):
        return _refused("запрос отправлен не со страницы приложения")
    token = request.cookies.get(COOKIE)
    if token:
        await run_in_threadpool(AppSessions(_store()).close, token=token)
    answer = Response(status_code=204)
    answer.delete_cookie(
        COOKIE, path=_cookie_path(request), secure=_secure(request), httponly=True, samesite="strict"
    )
    return answer


@functools.cache
def _opened(database: str) -> Store:
    return open_store(database)


def _store() -> Store:
    return _opened(database_url())


def _from_own_page(request: Request) -> bool:
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    return origin is not None and urlsplit(origin).netloc == request.headers.get("host")


async def _small_body(request: Request) -> str:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return ""
    return body.decode("ascii", errors="replace").strip()


def _cookie_path(request: Request) -> str:
    return request.url.path.rsplit(f"/{PREFIX}/", 1)[0] or "/"


def _secure(request: Request) -> bool:
    forced = os.environ.get(SECURE_ENV, "").strip().lower() in ("1", "true", "yes")
    return forced or request.url.scheme == "https"


def _refused(reason: str) -> JSONResponse:
    return JSONResponse({"detail": reason}, status_code=403)
