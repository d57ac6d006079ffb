"""The `roadmap ingest`, `batch` and `failures` commands, run in-process."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from roadmap.cli import app
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
    listed = runner.invoke(app, ["failures", "--db", db], terminal_width=300)
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
    listed = runner.invoke(app, ["failures", "--db", db], terminal_width=300)
    assert listed.output.count("сломанный.docx") == 1
