"""A sign-in that outlives a reload, through `AppTest`: a live sign-in cookie lets its user in
without the password; an expired, ended or disabled one does not and says why in Russian; a
tab whose sign-in ends elsewhere is signed out; «Выйти» ends it. AppTest cannot send cookies,
so the cookie the browser would present is put in `ui.auth.presented_token`; the cookie's
own round trip is tests/test_e2e_browser.py's."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import open_store
from store.app_sessions import AppSessions
from store.audit import AuditLog
from store.users import Accounts, AppSessionRow
from tests.accounts import APP, PASSWORD, open_app
from ui import auth

TIMEOUT = 180


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty database with the account `metod` (the app caches per database URL, so this
    one is new)."""
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    monkeypatch.setenv("ROADMAP_DB_URL", url)
    monkeypatch.setenv("ROADMAP_UPLOAD_DIR", str(tmp_path / "uploads"))
    with open_store(url) as store:
        Accounts(store).add("metod", PASSWORD, "methodist")
    return url


@pytest.fixture
def cookie(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The sign-in cookie the browser presents to the app's runs: `cookie["token"]` once set."""
    jar: dict[str, str] = {}
    monkeypatch.setattr(auth, "presented_token", lambda: jar.get("token"))
    return jar


def _cookie_of(database: str) -> tuple[int, str]:
    """A sign-in of `metod` traded for its cookie, as the login form and the route make one."""
    with open_store(database) as store:
        sessions = AppSessions(store)
        session_id, code = sessions.open(Accounts(store).authenticate("metod", PASSWORD))
        return session_id, sessions.redeem(code)


def _run() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _posted(app: AppTest) -> list[tuple[str, str]]:
    """(route, body) of every request the page's scripts send to the app's own routes."""
    found = []
    for html in app.sidebar.get("html"):
        match = re.search(r"fetch\((\"[^\"]*\"), \{.*body: (\"[^\"]*\")", html.proto.body)
        if match:
            found.append((json.loads(match[1]), json.loads(match[2])))
    return found


def test_a_live_sign_in_cookie_lets_the_user_in_without_a_password(database: str, cookie) -> None:
    session_id, cookie["token"] = _cookie_of(database)
    app = _run()
    assert [t.value for t in app.title] != ["Вход"] and not app.text_input
    assert "metod" in app.sidebar.caption[0].value
    assert app.session_state[auth.SIGN_IN_KEY] == session_id
    assert not _posted(app)  # the cookie is there already


def _expire(store, session_id: int) -> None:
    with store.sessions() as session:
        row = session.get(AppSessionRow, session_id)
        row.last_seen_at -= dt.timedelta(hours=2)
        session.commit()


@pytest.mark.parametrize(
    ("end", "reason"),
    [
        (_expire, "сеанс истёк: приложением не пользовались дольше 60 мин."),
        (lambda store, sid: AppSessions(store).close(sid), "сеанс завершён: был выполнен выход"),
        (lambda store, sid: AppSessions(store).revoke(sid, by="admin"), "сеанс завершён администратором"),
        (lambda store, sid: Accounts(store).set_active("metod", False), "учётная запись отключена"),
        (lambda store, sid: Accounts(store).set_password("metod", "новый"), "пароль изменён"),
    ],
    ids=["expired", "signed-out", "revoked", "disabled", "password"],
)
def test_an_ended_sign_in_cookie_asks_for_the_password_and_says_why(
    database: str, cookie, monkeypatch, end, reason
) -> None:
    monkeypatch.delenv("ROADMAP_SESSION_IDLE_MINUTES", raising=False)
    session_id, cookie["token"] = _cookie_of(database)
    with open_store(database) as store:
        end(store, session_id)
    app = _run()
    assert [t.value for t in app.title] == ["Вход"]
    [warning] = app.warning
    assert warning.value.startswith("Нужно войти снова: ") and reason in warning.value


def test_the_login_form_starts_a_sign_in_and_hands_its_code_to_the_route(database: str, cookie) -> None:
    app = open_app("metod", timeout=TIMEOUT)
    [(route, code)] = _posted(app)
    assert route == "/_roadmap/signin"
    first_script = app.sidebar.get("html")[0].proto.body
    app.run()  # a rerun before the browser ran the script (or sent the code) posts it again
    assert _posted(app) == [(route, code)]
    assert app.sidebar.get("html")[0].proto.body != first_script  # so the browser runs it anew
    with open_store(database) as store:
        sessions = AppSessions(store)
        [live] = sessions.list("metod")
        assert live.id == app.session_state[auth.SIGN_IN_KEY]
        token = sessions.redeem(code)
        assert token and sessions.resume(token)[0] == live.id
    app.run()
    assert not _posted(app)  # traded: no more posts


def test_a_tab_is_signed_out_when_its_sign_in_is_ended_elsewhere(database: str, cookie) -> None:
    app = open_app("metod", timeout=TIMEOUT)
    with open_store(database) as store:
        Accounts(store).set_active("metod", False)
    app.run()
    assert [t.value for t in app.title] == ["Вход"]
    assert "учётная запись отключена" in app.warning[0].value


def test_sign_out_ends_the_sign_in_and_has_the_page_clear_the_cookie(database: str, cookie) -> None:
    app = open_app("metod", timeout=TIMEOUT)
    session_id = app.session_state[auth.SIGN_IN_KEY]
    app.switch_page("views/sign_out.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.title] == ["Вход"] and not app.warning
    assert _posted(app) == [("/_roadmap/signout", "")]
    with open_store(database) as store:
        [ended] = AppSessions(store).list("metod", ended=True)
        events = [(e.actor, e.action, e.target) for e in AuditLog(store).entries()]
    assert ended.id == session_id and ended.revoked_why == "sign_out"
    assert events[:2] == [("metod", "sign_out", "app"), ("metod", "login", "app")]


def test_sign_out_of_a_tab_let_in_by_its_cookie_asks_for_the_password_without_a_warning(
    database: str, cookie
) -> None:
    session_id, cookie["token"] = _cookie_of(database)  # the tab keeps the cookie it connected with
    app = _run()
    app.switch_page("views/sign_out.py").run()
    assert [t.value for t in app.title] == ["Вход"] and not app.warning
    with open_store(database) as store:
        [ended] = AppSessions(store).list("metod", ended=True)
        events = [(e.actor, e.action, e.target, e.detail) for e in AuditLog(store).entries()]
    assert ended.id == session_id and ended.revoked_why == "sign_out"
    # the tab let in by its cookie is a login of its own in the audit log
    assert events[:2] == [
        ("metod", "sign_out", "app", f"сеанс {session_id}"),
        ("metod", "login", "app", f"по cookie, сеанс {session_id}"),
    ]
