"""Accounts, tokens and the audit log in the store (SQLite and PostgreSQL), and the
`roadmap users` commands."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import text, update
from typer.testing import CliRunner

from roadmap.cli import app as cli
from store import open_store
from store.audit import AuditLog
from store.users import MAX_FAILURES, AccountError, Accounts, LoginError, UserRow
from tests.test_store_server import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as url, open_store(url) as opened:
        yield opened


def test_passwords_and_tokens_are_kept_only_as_hashes(store) -> None:
    accounts = Accounts(store)
    accounts.add("metod", "секрет-1", "methodist")
    token = accounts.issue_token("metod")
    with store.engine.connect() as connection:
        [stored_hash] = connection.execute(text("SELECT password_hash FROM users")).scalars()
        [token_hash] = connection.execute(text("SELECT token_hash FROM tokens")).scalars()
    assert stored_hash.startswith("$argon2id$") and "секрет-1" not in stored_hash
    assert token not in token_hash and len(token_hash) == 64
    assert accounts.token_user(token).login == "metod"
    assert accounts.authenticate("metod", "секрет-1").role == "methodist"


def test_accounts_refuse_what_makes_no_sense(store) -> None:
    accounts = Accounts(store)
    accounts.add("a", "p", "analyst")
    for args, reason in [
        (("a", "p", "analyst"), "уже есть"),
        (("b", "p", "boss"), "неизвестная роль"),
        (("c", "p", "municipal"), "муниципалитет"),
        (("", "p", "analyst"), "пустыми"),
    ]:
        with pytest.raises(AccountError, match=reason):
            accounts.add(*args)


def test_the_first_admin_is_made_once(store) -> None:
    accounts = Accounts(store)
    password = accounts.ensure_admin()
    assert password and accounts.ensure_admin() is None
    assert accounts.authenticate("admin", password).is_admin


def test_wrong_passwords_tried_at_once_all_count_towards_the_lock(store) -> None:
    """Guesses sent in parallel (threads of one server, or several server processes) each
    count: none is lost to another read at the same time, so they lock the account as soon as
    the same guesses one by one would."""
    accounts = Accounts(store)
    accounts.add("metod", "секрет-1", "methodist")
    start = threading.Barrier(MAX_FAILURES)

    def guess(n: int) -> str:
        start.wait()
        with pytest.raises(LoginError) as refused:
            Accounts(store).authenticate("metod", f"не тот пароль {n}")
        return str(refused.value)

    with ThreadPoolExecutor(MAX_FAILURES) as pool:
        reasons = list(pool.map(guess, range(MAX_FAILURES)))
    assert sum("заблокирована" in reason for reason in reasons) >= 1
    assert accounts.user("metod").locked_until is not None
    with pytest.raises(LoginError, match="заблокирована"):
        accounts.authenticate("metod", "секрет-1")


def test_a_lock_lasts_its_time_and_a_disabled_account_cannot_sign_in(store) -> None:
    accounts = Accounts(store)
    accounts.add("m", "верный", "methodist")
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginError):
            accounts.authenticate("m", "неверный")
    with pytest.raises(LoginError, match="заблокирована"):
        accounts.authenticate("m", "верный")
    with store.sessions() as session:  # the lock's time has passed
        session.execute(update(UserRow).values(locked_until=dt.datetime(2000, 1, 1)))
        session.commit()
    assert accounts.authenticate("m", "верный").login == "m"
    accounts.set_active("m", False)
    with pytest.raises(LoginError, match="отключена"):
        accounts.authenticate("m", "верный")
    with pytest.raises(LoginError, match="неверный логин"):
        accounts.authenticate("никто", "верный")
    refused = AuditLog(store).entries(outcome="refused")
    assert len(refused) == MAX_FAILURES + 3


def test_users_commands_add_list_disable_and_issue_tokens(tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'roadmap.db'}"]
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "kozelsk", "-r", "municipal", "-m", "Козельский район", *db],
                          input="пароль\nпароль\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    refused = runner.invoke(cli, ["users", "add", "x", "-r", "municipal", "--password", "p", *db])
    assert refused.exit_code == 1 and "Ошибка: для муниципального специалиста" in refused.output
    listed = runner.invoke(cli, ["users", "list", *db], env={"COLUMNS": "200"})
    assert "kozelsk" in listed.output and "Козельский район" in listed.output
    token = runner.invoke(cli, ["users", "token", "kozelsk", *db]).output.strip()
    with open_store(db[1]) as store:
        accounts = Accounts(store)
        assert accounts.token_user(token).municipality == "Козельский район"
        [issued] = accounts.tokens("kozelsk")
    assert runner.invoke(cli, ["users", "token", "--revoke", str(issued.id), *db]).exit_code == 0
    assert runner.invoke(cli, ["users", "disable", "kozelsk", *db]).exit_code == 0
    with open_store(db[1]) as store:
        assert Accounts(store).token_user(token) is None
        assert not Accounts(store).user("kozelsk").active
        assert [e.action for e in AuditLog(store).entries()][:3] == [
            "user_disable",
            "token_revoke",
            "token_issue",
        ]
