"""Test documents and accounts the API and app tests share: generated orders of two
municipalities and of the region, and one account of each role."""

from __future__ import annotations

from pathlib import Path

import docx
from streamlit.testing.v1 import AppTest

from store import Store
from store.users import Accounts
from tests.synthetic import corpus_rows

APP = Path(__file__).resolve().parent.parent / "ui" / "app.py"
HEADER = ("№ п/п", "Наименование мероприятия", "Срок", "Ответственные", "Ожидаемый результат")
REGION = ("МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛУЖСКОЙ ОБЛАСТИ",)
KOZELSK = (
    "КАЛУЖСКАЯ ОБЛАСТЬ",
    "ОТДЕЛ ОБРАЗОВАНИЯ",
    "АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО РАЙОНА",
    '"КОЗЕЛЬСКИЙ РАЙОН"',
)
ZHUKOV = (
    "КАЛУЖСКАЯ ОБЛАСТЬ",
    "ОТДЕЛ ОБРАЗОВАНИЯ",
    "АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО РАЙОНА",
    '"ЖУКОВСКИЙ РАЙОН"',
)
PASSWORD = "верный пароль 1"
ROLE_LOGINS = {"admin": "admin", "methodist": "metod", "analyst": "analyst"}
MUNICIPAL_LOGINS = {"Козельский район": "kozelsk", "Жуковский район": "zhukov"}


def build_order(path: Path, letterhead: tuple[str, ...], rows: int = 12, seed: int = 0) -> Path:
    """A .docx order of the authority in `letterhead` with a plan table of `rows` corpus rows."""
    document = docx.Document()
    for line in letterhead:
        document.add_paragraph(line)
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph(f"от 01.09.2021 № {100 + seed}")
    document.add_paragraph("Об утверждении плана мероприятий («дорожной карты») на 2021-2022 учебный год")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    source = corpus_rows()
    for index in range(rows):
        values = (f"{index + 1}.", *source[(index + seed) % len(source)])
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(path)
    return path


def add_accounts(store: Store) -> dict[str, str]:
    """One account of each role (municipal: one per municipality), all with `PASSWORD`;
    their API tokens by login."""
    accounts = Accounts(store)
    for role, login in ROLE_LOGINS.items():
        accounts.add(login, PASSWORD, role)
    for municipality, login in MUNICIPAL_LOGINS.items():
        accounts.add(login, PASSWORD, "municipal", municipality)
    return {u.login: accounts.issue_token(u.login) for u in accounts.users()}


def open_app(login: str, page: str | None = None, password: str = PASSWORD, timeout: int = 180) -> AppTest:
    """The app (on the database of `ROADMAP_DB_URL`) signed in through its login form as
    `login`, on `page` (a file of ui/views without .py) if given."""
    app = AppTest.from_file(str(APP), default_timeout=timeout).run()
    sign_in(app, login, password)
    assert not app.exception, [e.value for e in app.exception]
    if page is not None:
        app.switch_page(f"views/{page}.py").run()
        assert not app.exception, [e.value for e in app.exception]
    return app


def sign_in(app: AppTest, login: str, password: str = PASSWORD) -> AppTest:
    """Fill in and send the login form."""
    app.text_input(key="login_name").input(login)
    app.text_input(key="login_password").input(password)
    return next(b for b in app.button if b.label == "Войти").click().run()
