"""The `roadmap ingest`, `batch` and `failures` commands, run in-process."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from roadmap.cli import app
from roadmap.store_command import shorten
from store import open_store
from store.writer import write_refusal
from tests.conftest import ROOT
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
    assert first.exit_code == 1 and "сохранено 1, ошибок 1, пропущено 0" in first.output
    plain = runner.invoke(app, ["batch", str(folder), "--workers", "1", "--db", db])
    assert plain.exit_code == 0 and "сохранено 0, ошибок 0, пропущено 2" in plain.output
    retried = runner.invoke(app, ["batch", str(folder), "--workers", "1", "--retry-failed", "--db", db])
    assert retried.exit_code == 1, retried.output
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


def test_a_locked_database_gives_one_line_while_reads_go_on(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "busy.db"
    db = f"sqlite:///{path}"
    [good, other] = variants(tmp_path / "in", 2)
    assert runner.invoke(app, ["ingest", str(good), "--db", db]).exit_code == 0
    monkeypatch.setattr("store.database.BUSY_SECONDS", 0.5)
    writer = sqlite3.connect(path, isolation_level=None)  # another process's long write
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO organisations (name) VALUES ('пишется')")
    try:
        listed = runner.invoke(app, ["documents", "--db", db, "--format", "json"])
        assert listed.exit_code == 0, listed.output
        assert [row["file_name"] for row in json.loads(listed.stdout)] == [good.name]
        busy = runner.invoke(app, ["ingest", str(other), "--db", db])
        account = runner.invoke(
            app,
            ["users", "add", "metod", "--role", "methodist", "--password", "пароль-длинный-1", "--db", db],
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert busy.exit_code == 2
    lines = [line for line in busy.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "база данных занята" in lines[0], busy.output
    assert account.exit_code == 2 and account.output.strip().count("\n") == 0, account.output
    again = runner.invoke(app, ["ingest", str(other), "--db", db])
    assert again.exit_code == 0 and "сохранено 1" in again.output


def _pool_workers(parent: int) -> list[int]:
    """Pids of the process-pool workers of `parent` (spawned children, not the resource tracker)."""
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    workers = []
    for pid in map(int, children):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in command and b"resource_tracker" not in command:
            workers.append(pid)
    return workers


def test_batch_with_a_worker_killed_from_outside_accounts_for_every_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kill.db'}"
    folder = tmp_path / "in"
    files = variants(folder, 30)
    command = [sys.executable, "-c", "from roadmap.cli import app; app()", "batch", str(folder)]
    batch = subprocess.Popen(
        [*command, "--workers", "2", "--db", db], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 180
    killed = None
    while killed is None and batch.poll() is None and time.monotonic() < deadline:
        workers = _pool_workers(batch.pid)
        stored = _stored(db)
        if workers and stored >= 3:
            killed = workers[0]
            os.kill(killed, signal.SIGKILL)
        time.sleep(0.1)
    out, err = batch.communicate(timeout=600)
    assert killed is not None, "the batch should have been caught with workers running"
    assert batch.returncode == 0, err.decode()[-2000:]
    output = out.decode()
    assert "Traceback" not in output + err.decode()
    found = re.search(r"Сверка: входов (\d+) = сохранено (\d+) \+ ошибок (\d+) \+ пропущено (\d+)", output)
    assert found, output
    inputs, ok, failed, skipped = map(int, found.groups())
    assert inputs == len(files) == ok + failed + skipped and skipped == 0
    with open_store(db) as store:
        assert sorted(d.location for d in store.documents()) == sorted(str(p) for p in files)


def _stored(db: str) -> int:
    try:
        with open_store(db) as store:
            return len(store.documents())
    except Exception:
        return 0
