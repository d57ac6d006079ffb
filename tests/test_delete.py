"""Taking a document out of the store (SQLite and PostgreSQL): its activities, comparisons and
reviews go with it, the registry forgets whom only it named, other documents stay whole, and
`roadmap delete` asks, logs who deleted what, and names an unknown id on one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from review import Decision
from roadmap.cli import app as cli
from store import open_store
from store.audit import AuditLog
from store.comparing import compare_stored
from store.reviews import Reviews
from store.users import Accounts
from tests.accounts import KOZELSK, REGION, build_order
from tests.test_store_server import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


def test_a_deleted_plan_takes_what_rests_on_it_and_leaves_the_template(database, tmp_path: Path) -> None:
    with open_store(database) as store:
        template = store.ingest(build_order(tmp_path / "шаблон.docx", REGION, rows=6)).document_id
        plan = store.ingest(build_order(tmp_path / "план.docx", KOZELSK, rows=8, seed=3)).document_id
        compare_stored(store, template, plan)
        review = Reviews(store).open(template, plan)
        Reviews(store).decide(
            review.id, Decision(kind="gap", verdict="accepted", template="1", comment="нет"), by="metod"
        )
        people_before = {p.name for p in store.registry()}
        template_people = {n for a in store.activities(document_id=template) for n in a.persons}
        deleted = store.delete_document(plan)
        assert deleted.id == plan and store.record(plan) is None
        assert store.activities(document_id=plan) == [] and store.comparisons() == []
        assert Reviews(store).get(review.id) is None and Reviews(store).decisions(review.id) == []
        assert store.count_activities() == 6 == len(store.activities(document_id=template))
        people_after = {p.name for p in store.registry()}
        assert template_people <= people_after < people_before
        assert all(a.document_id == template for a in store.activities(text="мониторинг"))
        assert store.delete_document(plan) is None


def test_who_may_delete_what(database, tmp_path: Path) -> None:
    with open_store(database) as store:
        template = store.record(store.ingest(build_order(tmp_path / "t.docx", REGION, rows=4)).document_id)
        plan = store.record(
            store.ingest(build_order(tmp_path / "p.docx", KOZELSK, rows=4, seed=1)).document_id
        )
        accounts = Accounts(store)
        for login, role, municipality in [
            ("metod", "methodist", None),
            ("kozelsk", "municipal", plan.municipality),
            ("zhukov", "municipal", "Жуковский район"),
            ("analyst", "analyst", None),
        ]:
            accounts.add(login, "пароль", role, municipality=municipality)
        may = {u.login: (u.may_delete(template), u.may_delete(plan)) for u in accounts.users()}
    assert may == {
        "metod": (True, True),
        "kozelsk": (False, True),
        "zhukov": (False, False),
        "analyst": (False, False),
    }


def test_roadmap_delete_asks_logs_and_refuses_an_unknown_id(database, tmp_path: Path) -> None:
    with open_store(database) as store:
        plan = store.ingest(build_order(tmp_path / "план.docx", KOZELSK, rows=4)).document_id
    runner = CliRunner()
    kept = runner.invoke(cli, ["delete", str(plan), "--db", database], input="n\n")
    assert kept.exit_code == 1
    unknown = runner.invoke(cli, ["delete", str(plan), "999", "--db", database, "--yes"])
    assert (
        unknown.exit_code == 2 and "999" in unknown.output and len(unknown.output.strip().splitlines()) == 1
    )
    done = runner.invoke(cli, ["delete", str(plan), "--db", database, "--yes", "--by", "admin"])
    assert done.exit_code == 0 and "Удалён" in done.output
    with open_store(database) as store:
        assert store.record(plan) is None
        [entry] = [e for e in AuditLog(store).entries() if e.action == "delete"]
        assert (entry.actor, entry.target, entry.detail) == ("admin", f"document:{plan}", "план.docx")
