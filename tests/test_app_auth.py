"""The app's login through `AppTest`: no page without signing in, the first-start admin, a
wrong password told in Russian, the lockout, pages by role, the admin's audit page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store import open_store
from store.audit import AuditLog
from store.users import MAX_FAILURES, Accounts
from tests.accounts import APP, KOZELSK, PASSWORD, REGION, ZHUKOV, build_order, open_app, sign_in

TIMEOUT = 180


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty database and upload folder (the app caches per database URL, so this one is new)."""
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    monkeypatch.setenv("ROADMAP_DB_URL", url)
    monkeypatch.setenv("ROADMAP_UPLOAD_DIR", str(tmp_path / "uploads"))
    return url


def test_first_start_creates_the_admin_and_prints_its_password(database: str, capsys) -> None:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not app.exception, [e.value for e in app.exception]
    assert [t.value for t in app.title] == ["Вход"]
    assert not app.dataframe  # nothing is shown before signing in
    printed = capsys.readouterr().out
    password = printed.split("пароль: ", 1)[1].split()[0]
    with open_store(database) as store:
        assert [(u.login, u.role) for u in Accounts(store).users()] == [("admin", "admin")]
    app = open_app("admin", "audit", password=password, timeout=TIMEOUT)
    assert [t.value for t in app.title] == ["Журнал действий"]
    actions = set(app.dataframe[0].value["Действие"])
    assert {"user_add", "login"} <= actions


def test_a_wrong_password_is_told_in_russian_and_five_lock_the_account(database: str) -> None:
    with open_store(database) as store:
        Accounts(store).add("metod", PASSWORD, "methodist")
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    sign_in(app, "metod", "неверный")
    assert [e.value for e in app.error] == ["Вход не выполнен: неверный логин или пароль"]
    for attempt in range(MAX_FAILURES - 1):
        sign_in(app, "metod", f"неверный {attempt}")
    assert "заблокирована" in app.error[0].value
    sign_in(app, "metod", PASSWORD)
    assert "заблокирована" in app.error[0].value and [t.value for t in app.title] == ["Вход"]
    with open_store(database) as store:
        refused = AuditLog(store).entries(outcome="refused")
    assert len(refused) == MAX_FAILURES + 1 and {(e.actor, e.action) for e in refused} == {("metod", "login")}


def test_pages_follow_the_role(database: str) -> None:
    with open_store(database) as store:
        accounts = Accounts(store)
        accounts.add("analyst", PASSWORD, "analyst")
        accounts.add("metod", PASSWORD, "methodist")
    analyst = open_app("analyst")
    with pytest.raises(ValueError, match=r"upload\.py"):  # not in an analyst's navigation
        analyst.switch_page("views/upload.py").run()
    analyst.switch_page("views/comparison.py").run()  # compares (nothing saved) and reads reviews
    assert [t.value for t in analyst.title] == ["Сравнение плана с шаблоном"]
    assert "аналитик" in analyst.sidebar.caption[0].value
    methodist = open_app("metod", "upload")
    assert [t.value for t in methodist.title] == ["Загрузка документов"]
    with pytest.raises(ValueError, match=r"audit\.py"):  # the audit log is the admin's only
        methodist.switch_page("views/audit.py").run()


def test_a_municipal_specialist_sees_their_municipality_and_the_regional_templates(
    database: str, tmp_path: Path
) -> None:
    with open_store(database) as store:
        Accounts(store).add("kozelsk", PASSWORD, "municipal", "Козельский район")
        for key, letterhead in (("region", REGION), ("kozelsk", KOZELSK), ("zhukov", ZHUKOV)):
            store.ingest(build_order(tmp_path / f"{key}.docx", letterhead, seed=len(key)))
        municipalities = {d.municipality for d in store.documents()}
    assert {"Козельский район", "Жуковский район"} <= municipalities
    app = open_app("kozelsk", "documents")
    shown = set(app.dataframe[0].value["Файл"])
    assert {"region.docx", "kozelsk.docx"} <= shown and "zhukov.docx" not in shown
    app.switch_page("views/activities.py").run()
    assert not app.exception, [e.value for e in app.exception]
    table = next(t.value for t in app.dataframe if "Муниципалитет" in t.value.columns)
    with open_store(database) as store:
        own = store.count_activities(municipality="Козельский район")
    assert set(table["Муниципалитет"]) == {"Козельский район"} and len(table) == own > 0
