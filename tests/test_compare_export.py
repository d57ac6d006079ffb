"""The compare command and its xlsx/docx exports, opened and read back."""

from __future__ import annotations

import json

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from tests.conftest import CORPUS

TEMPLATE = CORPUS / "001_ff4c9489b29d190a.txt"
PLAN = CORPUS / "000_e1a1ce5ee80185a8.txt"
runner = CliRunner()


def _json_result() -> dict:
    result = runner.invoke(app, ["compare", str(TEMPLATE), str(PLAN), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_has_matches_gaps_additions_findings_coverage():
    data = _json_result()
    assert {"matches", "gaps", "additions", "findings", "coverage"} <= data.keys()
    assert data["matches"] and all(
        {"template", "plan", "grade", "score", "shared_words"} <= m.keys() for m in data["matches"]
    )
    assert data["coverage"]["total"] == 29
    assert len(data["gaps"]) == 29 - data["coverage"]["covered"]


def test_xlsx_export(tmp_path):
    out = tmp_path / "report.xlsx"
    result = runner.invoke(app, ["compare", str(TEMPLATE), str(PLAN), "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = _json_result()
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Сводка", "Соответствия", "Пробелы", "Замечания"]
    matches = book["Соответствия"]
    assert matches.max_row == len(data["matches"]) + 1
    assert matches.auto_filter.ref.startswith("A1:")
    assert matches.column_dimensions["B"].width >= 40
    assert matches["B2"].alignment.wrap_text
    assert matches.page_setup.orientation == "landscape"
    gaps = book["Пробелы"]
    assert [gaps.cell(row=r, column=1).value for r in range(2, gaps.max_row + 1)] == [
        g["ref"] for g in data["gaps"]
    ]
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Мероприятий шаблона"] == 29
    assert summary["Пробелов"] == len(data["gaps"])
    assert book["Замечания"].max_row == len(data["findings"]) + 1


def test_docx_export(tmp_path):
    out = tmp_path / "letter.docx"
    result = runner.invoke(app, ["compare", str(TEMPLATE), str(PLAN), "--format", "docx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = _json_result()
    text = "\n".join(p.text for p in docx.Document(out).paragraphs)
    c = data["coverage"]
    assert (
        f"Из {c['total']} мероприятий регионального плана в муниципальном плане отражено {c['covered']}"
        in text
    )
    for gap in data["gaps"]:
        assert f"{gap['ref']}. {gap['title']}" in text


def test_unreadable_plan_is_one_russian_line(tmp_path):
    bad = tmp_path / "empty.docx"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["compare", str(TEMPLATE), str(bad)])
    assert result.exit_code == 1
    assert "empty.docx" in result.output and "Traceback" not in result.output


def _stored(tmp_path) -> str:
    db = f"sqlite:///{tmp_path / 'compare.db'}"
    broken = tmp_path / "сломанный.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    runner.invoke(app, ["ingest", str(TEMPLATE), str(PLAN), str(broken), "--db", db])
    return db


def test_stored_documents_compare_like_their_files(tmp_path):
    db = _stored(tmp_path)
    listed = runner.invoke(app, ["documents", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    ids = {d["file_name"]: d["id"] for d in json.loads(listed.stdout)}
    assert set(ids) == {TEMPLATE.name, PLAN.name}
    stored = runner.invoke(app, ["compare", f"db:{ids[TEMPLATE.name]}", f"db:{ids[PLAN.name]}", "--db", db])
    assert stored.exit_code == 0, stored.output
    from_files = _json_result()
    pairs = {(m["template"], m["plan"], m["grade"]) for m in json.loads(stored.stdout)["matches"]}
    assert pairs == {(m["template"], m["plan"], m["grade"]) for m in from_files["matches"]}


def test_unknown_or_failed_stored_document_is_a_clear_error(tmp_path):
    db = _stored(tmp_path)
    failed = next(d for d in _failures(db) if d["file_name"] == "сломанный.docx")
    unknown = runner.invoke(app, ["compare", "db:999", str(PLAN), "--db", db])
    assert unknown.exit_code == 1 and "db:999" in unknown.stderr and "нет в базе" in unknown.stderr
    broken = runner.invoke(app, ["compare", str(TEMPLATE), f"db:{failed['id']}", "--db", db])
    assert broken.exit_code == 1 and "не загружен" in broken.stderr


def _failures(db: str) -> list[dict]:
    return json.loads(runner.invoke(app, ["failures", "--db", db, "--format", "json"]).stdout)


@pytest.mark.parametrize("output", ["json", "xlsx", "docx"])
@pytest.mark.parametrize("where", ["нет/папки/отчёт", "папка"])
def test_an_unwritable_out_is_one_line_naming_it(tmp_path, output, where):
    plan = tmp_path / "план.txt"
    plan.write_text(
        "План мероприятий\n№\tМероприятие\tСрок\tОтветственный\n"
        "1.\tПровести мониторинг качества образования\tсентябрь 2024 г.\tОтдел образования\n",
        encoding="utf-8",
    )  # a plan with one activity: compared with itself, only writing the report can fail
    (tmp_path / "папка").mkdir()
    out = tmp_path / where
    result = runner.invoke(app, ["compare", str(plan), str(plan), "--format", output, "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Ошибка: {out}: не удалось записать файл"), result.output
