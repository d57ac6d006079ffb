"""The app's sign-ins kept across reloads (store.app_sessions) on SQLite and PostgreSQL, the
routes that set and clear their cookie (ui/signin_routes.py), and `roadmap users sessions`
and `roadmap users password`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from starlette.applications import Starlette
from starlette.testclient import TestClient
from typer.testing import CliRunner

from roadmap.cli import app as cli
from store import open_store
from store.app_sessions import HANDOFF_SECONDS, AppSessions, SessionError, SessionPolicy
from store.audit import AuditLog
from store.database import MIGRATIONS, create_store_engine, migrate
from store.users import Accounts, AppSessionRow
from tests.test_store_server import BACKENDS, fresh_database
from ui import signin_routes

PASSWORD = "верный пароль 1"
HASHES = "SELECT handoff_hash, token_hash FROM app_sessions"


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as url, open_store(url) as opened:
        Accounts(opened).add("metod", PASSWORD, "methodist")
        yield opened


def _signed_in(store, login: str = "metod") -> tuple[int, str]:
    """A sign-in of `login` whose code was traded for a cookie token: its id and the token."""
    sessions = AppSessions(store)
    session_id, code = sessions.open(Accounts(store).authenticate(login, PASSWORD))
    token = sessions.redeem(code)
    assert token is not None
    return session_id, token


def _age(store, session_id: int, **columns: dt.timedelta) -> None:
    """Move a sign-in's timestamps `columns` back by the spans given."""
    with store.sessions() as session:
        row = session.get(AppSessionRow, session_id)
        for column, span in columns.items():
            setattr(row, column, getattr(row, column) - span)
        session.commit()


def test_a_code_is_traded_once_for_a_token_and_only_hashes_are_kept(store) -> None:
    sessions = AppSessions(store)
    session_id, code = sessions.open(Accounts(store).user("metod"))
    with store.engine.connect() as connection:
        [(handoff, token_hash)] = connection.execute(text(HASHES))
    assert code not in handoff and len(handoff) == 64 and token_hash is None
    token = sessions.redeem(code)
    assert token and sessions.redeem(code) is None  # once only
    with store.engine.connect() as connection:
        [(handoff, token_hash)] = connection.execute(text(HASHES))
    assert handoff is None and len(token_hash) == 64 and token not in token_hash
    assert not sessions.awaits_handover(session_id)
    assert sessions.resume(token)[0] == session_id and sessions.resume(token)[1].login == "metod"
    assert sessions.check(session_id).role == "methodist"
    assert sessions.redeem("") is None and sessions.redeem("выдуманный код") is None
    with pytest.raises(SessionError, match="сеанс не найден"):
        sessions.resume("выдуманный токен")


def test_a_late_code_is_refused(store) -> None:
    sessions = AppSessions(store)
    session_id, code = sessions.open(Accounts(store).user("metod"))
    assert sessions.awaits_handover(session_id)
    _age(store, session_id, created_at=dt.timedelta(seconds=HANDOFF_SECONDS + 1))
    assert not sessions.awaits_handover(session_id)
    assert sessions.redeem(code) is None


def test_an_ended_sign_in_awaits_no_handover(store) -> None:
    sessions = AppSessions(store)
    session_id, code = sessions.open(Accounts(store).user("metod"))
    sessions.close(session_id)
    assert not sessions.awaits_handover(session_id) and sessions.redeem(code) is None


def test_a_sign_in_expires_when_idle_and_at_its_lifetime(store) -> None:
    policy = SessionPolicy(idle=dt.timedelta(minutes=30), lifetime=dt.timedelta(hours=8))
    sessions = AppSessions(store, policy)
    idle, idle_token = _signed_in(store)
    _age(store, idle, last_seen_at=dt.timedelta(minutes=29))
    assert sessions.resume(idle_token)[1].login == "metod"  # used now: the idle clock restarts
    _age(store, idle, last_seen_at=dt.timedelta(minutes=31))
    with pytest.raises(SessionError, match="не пользовались дольше 30 мин"):
        sessions.resume(idle_token)
    old, _ = _signed_in(store)
    _age(store, old, created_at=dt.timedelta(hours=8, minutes=1))
    with pytest.raises(SessionError, match="не дольше 8 ч"):
        sessions.check(old)
    assert [s.id for s in sessions.list()] == []
    assert {s.id for s in sessions.list(ended=True)} == {idle, old}


@pytest.mark.parametrize(
    ("end", "reason"),
    [
        (lambda store, sid: AppSessions(store).close(sid), "был выполнен выход"),
        (lambda store, sid: AppSessions(store).revoke(sid, by="admin"), "администратором"),
        (lambda store, sid: Accounts(store).set_active("metod", False), "отключена"),
        (lambda store, sid: Accounts(store).set_password("metod", "новый пароль"), "пароль изменён"),
    ],
    ids=["sign-out", "admin", "disabled", "password"],
)
def test_an_ended_sign_in_lets_nobody_in_and_says_why(store, end, reason) -> None:
    session_id, token = _signed_in(store)
    other_id, _ = _signed_in(store)
    end(store, session_id)
    sessions = AppSessions(store)
    for attempt in (lambda: sessions.check(session_id), lambda: sessions.resume(token)):
        with pytest.raises(SessionError, match=reason):
            attempt()
    live = [s.id for s in sessions.list("metod")]
    of_one_tab = reason in ("был выполнен выход", "администратором")  # the others end them all
    assert session_id not in live and (other_id in live) == of_one_tab


def test_sign_ins_and_sign_outs_are_in_the_audit_log_once_each(store) -> None:
    session_id, token = _signed_in(store)
    other_id, _ = _signed_in(store)
    sessions = AppSessions(store)
    sessions.close(session_id)
    sessions.close(token=token)  # the page ends it by its cookie too: not a second sign-out
    sessions.revoke(other_id, by="admin")  # logged as the admin's revocation, not a sign-out
    events = [(e.actor, e.action, e.outcome, e.target, e.detail) for e in reversed(AuditLog(store).entries())]
    assert [e for e in events if e[1] in {"login", "sign_out", "session_revoke"}] == [
        ("metod", "login", "ok", "app", None),
        ("metod", "login", "ok", "app", None),
        ("metod", "sign_out", "ok", "app", f"сеанс {session_id}"),
        ("admin", "session_revoke", "ok", str(other_id), None),
    ]


def test_enabling_an_account_again_does_not_bring_its_sign_ins_back(store) -> None:
    accounts = Accounts(store)
    session_id, _ = _signed_in(store)
    accounts.set_active("metod", False)
    accounts.set_active("metod", True)
    with pytest.raises(SessionError, match="отключена"):
        AppSessions(store).check(session_id)
    accounts.set_password("metod", "новый пароль", by="admin")
    assert accounts.authenticate("metod", "новый пароль").login == "metod"
    actions = {(e.actor, e.action, e.target) for e in AuditLog(store).entries()}
    assert ("admin", "password_change", "metod") in actions


def test_the_policy_comes_from_the_environment() -> None:
    assert SessionPolicy.from_env({}) == SessionPolicy()
    policy = SessionPolicy.from_env({"ROADMAP_SESSION_IDLE_MINUTES": "15", "ROADMAP_SESSION_HOURS": "0,5"})
    assert policy == SessionPolicy(dt.timedelta(minutes=15), dt.timedelta(minutes=30))
    for bad in ("0", "-3", "час", "inf"):
        with pytest.raises(ValueError, match="ROADMAP_SESSION_HOURS"):
            SessionPolicy.from_env({"ROADMAP_SESSION_HOURS": bad})


def test_migration_0014_adds_and_removes_the_table(tmp_path: Path) -> None:
    engine = create_store_engine(f"sqlite:///{tmp_path / 'roadmap.db'}")
    migrate(engine, "0013")
    assert "app_sessions" not in inspect(engine).get_table_names()
    migrate(engine, "0014")
    assert "app_sessions" in inspect(engine).get_table_names()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0013")
    assert "app_sessions" not in inspect(engine).get_table_names()
    engine.dispose()


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The sign-in routes over a fresh SQLite store (`ROADMAP_DB_URL`), as the app's page calls
    them, and that store."""
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    monkeypatch.setenv("ROADMAP_DB_URL", url)
    monkeypatch.delenv("ROADMAP_COOKIE_SECURE", raising=False)
    with open_store(url) as store:
        Accounts(store).add("metod", PASSWORD, "methodist")
        app = Starlette(routes=signin_routes.routes(base=""))
        with TestClient(app, headers={"Sec-Fetch-Site": "same-origin"}) as test_client:
            yield test_client, store


def test_the_route_sets_an_http_only_strict_cookie_once(client) -> None:
    http, store = client
    session_id, code = AppSessions(store).open(Accounts(store).user("metod"))
    answer = http.post("/_roadmap/signin", content=code)
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie and f"Max-Age={12 * 3600}" in cookie
    token = answer.cookies[signin_routes.COOKIE]
    assert AppSessions(store).resume(token)[0] == session_id
    again = http.post("/_roadmap/signin", content=code)
    assert again.status_code == 403 and "недействителен" in again.json()["detail"]


def test_the_route_marks_the_cookie_secure_over_https(client, monkeypatch) -> None:
    http, store = client
    _, code = AppSessions(store).open(Accounts(store).user("metod"))
    assert "Secure" in http.post("https://testserver/_roadmap/signin", content=code).headers["set-cookie"]
    monkeypatch.setenv("ROADMAP_COOKIE_SECURE", "1")  # behind a proxy that ends TLS
    _, code = AppSessions(store).open(Accounts(store).user("metod"))
    assert "Secure" in http.post("/_roadmap/signin", content=code).headers["set-cookie"]


def test_the_routes_refuse_another_site_and_a_large_body(client) -> None:
    http, store = client
    _, code = AppSessions(store).open(Accounts(store).user("metod"))
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}):
        answer = http.post("/_roadmap/signin", content=code, headers=headers)
        assert answer.status_code == 403 and "не со страницы приложения" in answer.json()["detail"]
    assert http.post("/_roadmap/signin", content=code + "x" * 1000).status_code == 403
    assert http.post("/_roadmap/signin", content=code).status_code == 204  # still unused
    assert http.get("/_roadmap/signin").status_code == 405


def test_the_sign_out_route_ends_the_sign_in_and_clears_the_cookie(client) -> None:
    http, store = client
    _, code = AppSessions(store).open(Accounts(store).user("metod"))
    token = http.post("/_roadmap/signin", content=code).cookies[signin_routes.COOKIE]
    http.cookies.set(signin_routes.COOKIE, token)
    answer = http.post("/_roadmap/signout")
    assert answer.status_code == 204
    cleared = answer.headers["set-cookie"]
    assert 'roadmap_session=""' in cleared and "Max-Age=0" in cleared and "HttpOnly" in cleared
    with pytest.raises(SessionError, match="выход"):
        AppSessions(store).resume(token)


def test_routes_follow_the_base_url_path() -> None:
    assert [r.path for r in signin_routes.routes(base="/roadmap/")] == [
        "/roadmap/_roadmap/signin",
        "/roadmap/_roadmap/signout",
    ]


def test_users_sessions_lists_and_revokes_and_password_ends_them(store) -> None:
    session_id, _ = _signed_in(store)
    runner = CliRunner()
    listed = runner.invoke(cli, ["users", "sessions", "--db", store.url])
    assert listed.exit_code == 0 and "metod" in listed.output
    revoked = runner.invoke(cli, ["users", "sessions", "--revoke", str(session_id), "--db", store.url])
    assert revoked.exit_code == 0 and f"Вход {session_id} завершён" in revoked.output
    assert "metod" not in runner.invoke(cli, ["users", "sessions", "--db", store.url]).output
    assert "администратором" in runner.invoke(cli, ["users", "sessions", "--all", "--db", store.url]).output
    missing = runner.invoke(cli, ["users", "sessions", "--revoke", "999", "--db", store.url])
    assert missing.exit_code == 1 and "сеанса 999 нет" in missing.output
    other, _ = _signed_in(store)
    changed = runner.invoke(
        cli, ["users", "password", "metod", "--db", store.url], input="новый пароль\nновый пароль\n"
    )
    assert changed.exit_code == 0, changed.output
    with pytest.raises(SessionError, match="пароль изменён"):
        AppSessions(store).check(other)


def test_roadmap_app_refuses_a_wrong_sign_in_limit_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAP_SESSION_IDLE_MINUTES", "полчаса")
    answer = CliRunner().invoke(cli, ["app"])
    assert answer.exit_code == 1
    expected = "Ошибка: ROADMAP_SESSION_IDLE_MINUTES='полчаса': нужно положительное число"
    assert answer.output.strip() == expected
