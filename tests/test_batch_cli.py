"""The `roadmap ingest`, `batch` and `failures` commands, run in-process."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.store_command import shorten
from store import open_store
from store.writer import write_refusal
from tests.test_batch import variants

runner = CliRunner()


def test_ingest_then_failures_list_the_bad_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    good = variants(tmp_path / "in", 1)[0]
    bad = tmp_path / "in" / "сломанный.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(app, ["ingest", str(good), str(bad), "--db", db])
    assert result.exit_code == 1
    assert "сохранено 1, ошибок 1, пропущено 0" in result.output
    listed = runner.invoke(app, ["failures", "--db", db], env={"COLUMNS": "300"})
    assert listed.exit_code == 0
    assert "сломанный.docx" in listed.output and "extract" in listed.output
    again = runner.invoke(app, ["ingest", str(good), "--db", db])
    assert again.exit_code == 0 and "пропущено 1" in again.output


def test_batch_command_on_a_dask_scheduler_address(tmp_path: Path) -> None:
    from distributed import LocalCluster

    db = f"sqlite:///{tmp_path / 'dask.db'}"
    folder = tmp_path / "in"
    variants(folder, 4)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        result = runner.invoke(app, ["batch", str(folder), "--dask", cluster.scheduler_address, "--db", db])
    assert result.exit_code == 0, result.output
    assert "сохранено 4, ошибок 0, пропущено 0" in result.output


def test_batch_retry_failed_extracts_a_failed_file_again(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'retry.db'}"
    folder = tmp_path / "in"
    variants(folder, 1)
    (folder / "сломанный.docx").write_bytes(b"PK\x03\x04 not really a zip")
    first = runner.invoke(app, ["batch", str(folder), "--workers", "1", "--db", db])
    assert "сохранено 1, ошибок 1, пропущено 0" in first.output
    plain = runner.invoke(app, ["batch", str(folder), "--workers", "1", "--db", db])
    assert "сохранено 0, ошибок 0, пропущено 2" in plain.output
    retried = runner.invoke(app, ["batch", str(folder), "--workers", "1", "--retry-failed", "--db", db])
    assert retried.exit_code == 0, retried.output
    assert "сохранено 0, ошибок 1, пропущено 1" in retried.output
    listed = runner.invoke(app, ["failures", "--db", db, "--format", "json"])
    assert [row["file_name"] for row in json.loads(listed.output)] == ["сломанный.docx"]


def test_failures_show_the_technical_detail_cut_in_the_table_and_whole_in_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'detail.db'}"
    bad = tmp_path / "сломанный.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    runner.invoke(app, ["ingest", str(bad), "--db", db])
    long_detail = "ValueError: " + " ".join(f"[part{n}]" for n in range(100))
    with open_store(db) as store:
        write_refusal(
            store.sessions, "архив.zip!/длинный.txt", "длинный.txt", "файл повреждён", "archive", long_detail
        )
        [stored] = [f for f in store.failures() if f.file_name == "сломанный.docx"]
    assert stored.error_detail and re.match(r"[A-Za-z]+: ", stored.error_detail)

    listed = runner.invoke(app, ["failures", "--db", db], env={"COLUMNS": "400"})
    assert listed.exit_code == 0
    assert "Подробности" in listed.output and stored.error_detail in listed.output
    assert "[part0]" in listed.output and "[part99]" not in listed.output and "…" in listed.output

    as_json = runner.invoke(app, ["failures", "--db", db, "--format", "json"])
    assert as_json.exit_code == 0
    rows = {row["file_name"]: row for row in json.loads(as_json.output)}
    assert rows["длинный.txt"]["detail"] == long_detail
    assert rows["сломанный.docx"]["detail"] == stored.error_detail
    assert rows["сломанный.docx"]["reason"] == stored.error and rows["сломанный.docx"]["stage"] == "extract"


def test_failures_json_of_a_clean_store_is_an_empty_list(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["failures", "--db", f"sqlite:///{tmp_path / 'clean.db'}", "--format", "json"]
    )
    assert result.exit_code == 0 and json.loads(result.output) == []


@pytest.mark.parametrize(
    ("text", "width", "shown"),
    [("short", 10, "short"), ("a  b\nc", 10, "a b c"), ("abcdefghijkl", 6, "abcde…")],
)
def test_shorten_keeps_one_line_within_width(text: str, width: int, shown: str) -> None:
    assert shorten(text, width) == shown
