"""Data for analysts on SQLite and PostgreSQL: the `activities_flat` view, `Store.activities_frame`
with the app's filters, `Store.documents_frame` and `roadmap export` in csv, xlsx and parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from extractor import extract
from roadmap.cli import app
from store import open_store
from tests.conftest import corpus_files
from tests.test_store_server import BACKENDS, fresh_database

DOCUMENTS = corpus_files(".docx")


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request, tmp_path_factory: pytest.TempPathFactory):
    """A store of the corpus, with its URL, on each backend."""
    with fresh_database(request.param, tmp_path_factory.mktemp("flat")) as url, open_store(url) as store:
        for path in DOCUMENTS:
            assert store.ingest(path).status == "ok"
        yield url, store


@pytest.fixture(scope="module")
def extracted() -> dict[str, object]:
    return {path.name: extract(path) for path in DOCUMENTS}


def test_view_has_a_row_per_activity_with_its_documents_requisites(loaded, extracted) -> None:
    _url, store = loaded
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM activities_flat")).mappings().all()
    assert len(rows) == sum(len(d.activities) for d in extracted.values())
    for name, document in extracted.items():
        mine = sorted((r for r in rows if r["file_name"] == name), key=lambda r: r["position"])
        assert [r["title"] for r in mine] == [a.title for a in document.activities]
        assert {r["authority"] for r in mine} == {document.meta.authority}
        for row, activity in zip(mine, document.activities, strict=True):
            assert (row["persons"] or "") == "; ".join(sorted(set(activity.persons)))
            assert (row["orgs"] or "") == "; ".join(sorted(set(activity.orgs)))


def test_frame_filters_as_the_store_does(loaded) -> None:
    _url, store = loaded
    everything = store.activities_frame()
    assert len(everything) == store.count_activities()
    assert isinstance(everything["when_start"].dropna().iloc[0], dt.date)
    region = everything["region"].dropna().iloc[0]
    person = next(p for p in everything["persons"].dropna() if p).split("; ")[0]
    for filters in ({"region": region}, {"person": person}, {"year": 2021}, {"text": "мониторинг"}):
        frame = store.activities_frame(**filters)
        expected = store.activities(**filters)
        assert sorted(frame["activity_id"]) == sorted(a.id for a in expected), filters
        assert 0 < len(frame) < len(everything), filters
    with pytest.raises(TypeError):
        store.activities_frame(colour="red")


def test_documents_frame_lists_every_document(loaded) -> None:
    _url, store = loaded
    frame = store.documents_frame()
    assert sorted(frame["file_name"]) == sorted(p.name for p in DOCUMENTS)
    assert (frame["status"] == "ok").all() and frame["activity_count"].sum() == store.count_activities()


@pytest.mark.parametrize("output", ["csv", "xlsx", "parquet"])
def test_export_writes_the_filtered_table(loaded, tmp_path: Path, output: str) -> None:
    url, store = loaded
    region = store.activities_frame()["region"].dropna().iloc[0]
    out = tmp_path / f"activities.{output}"
    result = CliRunner().invoke(
        app, ["export", "--format", output, "--out", str(out), "--region", region, "--db", url]
    )
    assert result.exit_code == 0, result.output
    if output == "csv":
        frame = pd.read_csv(out)
    elif output == "xlsx":
        frame = pd.read_excel(out)
        assert openpyxl.load_workbook(out).sheetnames == ["Мероприятия"]
    else:
        frame = pd.read_parquet(out)
    assert len(frame) == store.count_activities(region=region) > 0
    assert set(frame["region"]) == {region}
    assert f"Выгружено мероприятий: {len(frame)}" in result.output


def test_export_to_a_folder_that_does_not_exist_is_one_line(loaded, tmp_path: Path) -> None:
    url, _store = loaded
    out = tmp_path / "нет" / "a.csv"
    result = CliRunner().invoke(app, ["export", "--out", str(out), "--db", url])
    assert result.exit_code == 1
    assert "не удалось записать файл" in result.output and len(result.output.strip().splitlines()) == 1
