"""Stored documents are compared through the statements kept at ingest, on SQLite and on
PostgreSQL: no morphology runs, the result is the one of comparing the files, and statements
missing (a document stored before migration 0013) or made under other settings are made once
and kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, update
from sqlalchemy.orm import sessionmaker
from typer.testing import CliRunner

import compare.core
import compare.text
import normalizer.morph
from compare import compare as compare_documents
from compare.core import document_statements, statements_from_json, statements_json
from compare.text import statements_version
from extractor import extract
from roadmap.cli import app
from store import open_store
from store.comparing import compare_stored
from store.database import _config, create_store_engine, migrate
from store.schema import StatementsRow
from store.work import extract_item
from store.writer import write_extracted
from tests.test_store_server import BACKENDS, fresh_database

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEMPLATE = CORPUS / "001_ff4c9489b29d190a.txt"
PLAN = CORPUS / "000_e1a1ce5ee80185a8.txt"


def _no_morphology(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every way into the lemmatizer and the statements raises from now on."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("morphology ran while comparing stored documents")

    for module, name in (
        (compare.text, "lemma"),
        (compare.text, "parses"),
        (compare.text, "statement"),
        (normalizer.morph, "parses"),
        (normalizer.morph, "_parses"),
        (compare.core, "document_statements"),
        (compare.core, "statement"),
    ):
        monkeypatch.setattr(module, name, refuse)


def _same(left, right) -> bool:
    skip = {"template_source", "plan_source"}
    return left.model_dump(exclude=skip) == right.model_dump(exclude=skip)


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as found:
        yield found


def test_ingest_keeps_the_statements_and_comparing_stored_documents_does_no_morphology(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_files = compare_documents(extract(TEMPLATE), extract(PLAN))
    with open_store(url) as store:
        template_id, plan_id = (store.ingest(p).document_id for p in (TEMPLATE, PLAN))
        with store.sessions() as session:
            row = session.get(StatementsRow, plan_id)
            assert row.version == statements_version()
            assert statements_from_json(row.statements) == document_statements(extract(PLAN))
        _no_morphology(monkeypatch)
        saved = compare_stored(store, template_id, plan_id)
    assert from_files.matches and from_files.gaps
    assert _same(saved.comparison, from_files)


def test_the_cli_compares_stored_documents_without_morphology(url: str, monkeypatch) -> None:
    with open_store(url) as store:
        template_id, plan_id = (store.ingest(p).document_id for p in (TEMPLATE, PLAN))
    from_files = CliRunner().invoke(app, ["compare", str(TEMPLATE), str(PLAN)])
    _no_morphology(monkeypatch)
    stored = CliRunner().invoke(app, ["compare", f"db:{template_id}", f"db:{plan_id}", "--db", url])
    assert from_files.exit_code == 0 and stored.exit_code == 0, stored.output
    assert stored.output.count('"template":') == from_files.output.count('"template":') > 0


def test_statements_of_other_settings_are_made_again_and_kept(url: str, monkeypatch) -> None:
    with open_store(url) as store:
        template_id, plan_id = (store.ingest(p).document_id for p in (TEMPLATE, PLAN))
        first = compare_stored(store, template_id, plan_id).comparison
        with store.sessions() as session:
            stale = [["устаревший"], ["устаревший"]]
            session.execute(
                update(StatementsRow)
                .where(StatementsRow.document_id == plan_id)
                .values(version="old", statements=[[stale]] * 3)
            )
            session.commit()
        again = compare_stored(store, template_id, plan_id).comparison
        with store.sessions() as session:
            row = session.get(StatementsRow, plan_id)
            assert row.version == statements_version()
            assert row.statements == statements_json(document_statements(extract(PLAN)))
        _no_morphology(monkeypatch)
        assert _same(compare_stored(store, template_id, plan_id).comparison, first)
        assert store.delete_document(plan_id) is not None
        with store.sessions() as session:
            assert [r.document_id for r in session.scalars(select(StatementsRow))] == [template_id]
    assert _same(again, first)


def test_documents_stored_before_the_migration_get_their_statements_on_first_comparison(
    url: str, monkeypatch
) -> None:
    from_files = compare_documents(extract(TEMPLATE), extract(PLAN))
    before = ScriptDirectory.from_config(_config()).get_revision("0013").down_revision
    engine = create_store_engine(url)
    migrate(engine, before)
    engine.dispose()
    ids = []
    engine = create_store_engine(url)
    sessions = sessionmaker(engine, expire_on_commit=False)
    for path in (TEMPLATE, PLAN):
        item = extract_item(path.name, path.name, path.read_bytes())
        item.statements = None
        ids.append(write_extracted(sessions, item).document_id)
    engine.dispose()
    with open_store(url) as store:
        with store.sessions() as session:
            assert session.scalars(select(StatementsRow)).all() == []
        first = compare_stored(store, *ids).comparison
        with store.sessions() as session:
            kept = {row.document_id: row.version for row in session.scalars(select(StatementsRow))}
        assert kept == dict.fromkeys(ids, statements_version())
        _no_morphology(monkeypatch)
        assert _same(compare_stored(store, *ids).comparison, first)
    assert _same(first, from_files)
