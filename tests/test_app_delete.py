"""Deleting a document from its page in the app: a methodist deletes it after saying yes (gone
with its activities, logged), an analyst is not offered the button."""

from __future__ import annotations

from pathlib import Path

import pytest

from store import open_store
from store.audit import AuditLog
from tests.accounts import KOZELSK, add_accounts, build_order, open_app


@pytest.fixture
def stored_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("ROADMAP_DB_URL", f"sqlite:///{tmp_path / 'roadmap.db'}")
    monkeypatch.setenv("ROADMAP_UPLOAD_DIR", str(tmp_path / "uploads"))
    with open_store() as store:
        add_accounts(store)
        return store.ingest(build_order(tmp_path / "лишний план.docx", KOZELSK, rows=5)).document_id


def test_a_methodist_deletes_a_document_after_saying_yes(stored_plan: int) -> None:
    app = open_app("metod", "documents")
    app.selectbox(key="document_id").set_value(stored_plan).run()
    button = app.button(key=f"delete_{stored_plan}")
    assert button.disabled
    app.checkbox(key=f"delete_sure_{stored_plan}").check().run()
    app.button(key=f"delete_{stored_plan}").click().run()
    assert not app.exception, [e.value for e in app.exception]
    with open_store() as store:
        assert store.record(stored_plan) is None and store.activities(document_id=stored_plan) == []
        [entry] = [e for e in AuditLog(store).entries() if e.action == "delete"]
    assert (entry.actor, entry.outcome, entry.detail) == ("metod", "ok", "лишний план.docx")


def test_an_analyst_is_not_offered_to_delete(stored_plan: int) -> None:
    app = open_app("analyst", "documents")
    app.selectbox(key="document_id").set_value(stored_plan).run()
    assert not app.exception and not [b for b in app.button if b.key == f"delete_{stored_plan}"]
