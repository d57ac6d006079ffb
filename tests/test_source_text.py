"""The document page's source text (ui/source_text.py): read back from where the store says
the file was, but shown only when the bytes there are the ones ingested, so a location made
from a name a user gave (an API upload keeps the bare name) never shows another server file."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from store import open_store
from tests.accounts import KOZELSK, REGION, build_order
from ui.source_text import source_text


@pytest.fixture
def store(tmp_path: Path):
    with open_store(f"sqlite:///{tmp_path / 'roadmap.db'}") as opened:
        yield opened


def _shown(store, document_id: int) -> str | None:
    record = store.record(document_id)
    return source_text(record.location, record.file_name, record.content_hash)


def test_a_stored_file_and_an_archive_member_are_read_back(store, tmp_path: Path) -> None:
    plan = build_order(tmp_path / "план.docx", KOZELSK, rows=3)
    [stored] = store.ingest_many([plan]).results
    text = _shown(store, stored.document_id)
    assert text is not None and "КОЗЕЛЬСКИЙ РАЙОН" in text and " | " in text
    archive = tmp_path / "пакет.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.write(build_order(tmp_path / "шаблон.docx", REGION, rows=2, seed=5), "вложено/шаблон.docx")
    [member] = store.ingest_many([archive]).results
    assert store.record(member.document_id).location.endswith("!/вложено/шаблон.docx")
    assert "МИНИСТЕРСТВО ОБРАЗОВАНИЯ" in _shown(store, member.document_id)


def test_a_name_given_by_an_uploader_does_not_open_the_server_file_of_that_name(
    store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = tmp_path / "server"
    server.mkdir()
    build_order(server / "приказ.docx", REGION, rows=4, seed=9)  # a server file the uploader names
    monkeypatch.chdir(server)
    uploaded = build_order(tmp_path / "загружен.docx", KOZELSK, rows=2).read_bytes()
    [result] = store.ingest_upload("приказ.docx", uploaded)  # as the API stores it: the bare name
    assert store.record(result.document_id).location == "приказ.docx"
    assert _shown(store, result.document_id) is None


def test_a_file_changed_or_replaced_after_ingestion_is_not_shown(store, tmp_path: Path) -> None:
    plan = build_order(tmp_path / "план.docx", KOZELSK, rows=3)
    [stored] = store.ingest_many([plan]).results
    build_order(plan, REGION, rows=3, seed=4)  # another document under the same path
    assert _shown(store, stored.document_id) is None
    plan.unlink()
    os.mkfifo(plan)  # would block a plain open() for reading
    assert _shown(store, stored.document_id) is None
    assert source_text(str(plan), "план.docx", None) is None


def test_a_damaged_or_missing_archive_member_is_not_shown(store, tmp_path: Path) -> None:
    archive = tmp_path / "пакет.zip"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.write(build_order(tmp_path / "шаблон.docx", REGION, rows=2), "шаблон.docx")
    [member] = store.ingest_many([archive]).results
    record = store.record(member.document_id)
    elsewhere = record.location.replace("шаблон", "другой")
    assert source_text(elsewhere, "другой.docx", record.content_hash) is None
    archive.write_bytes(archive.read_bytes()[:-40])  # the central directory cut off
    assert _shown(store, member.document_id) is None
