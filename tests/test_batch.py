"""Batch ingestion: folders and nested archives with cp866/utf-8 names, hostile archives refused
with their reason, process pools and a Dask cluster on one code path, and a batch killed with
SIGKILL then resumed, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import stat
import subprocess
import sys
import time
import zipfile
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from store import Limits, open_store
from store.schema import ActivityRow, DocumentRow
from store.sources import MB, iter_items, member_name, unsafe_path
from tests.conftest import ROOT, corpus_files
from tests.test_store_server import BACKENDS, fresh_database


class Cp866Info(zipfile.ZipInfo):
    """A member name written the way Windows' own zip does: cp866 bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):  # zipfile's private hook for the name's bytes
        return self.filename.encode("cp866"), self.flag_bits & ~0x800


def variants(folder: Path, count: int) -> list[Path]:
    """`count` text documents made from the corpus, each with a different closing line."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = corpus_files(".txt")
    made = []
    for n in range(count):
        source = sources[n % len(sources)]
        path = folder / f"{source.stem}_{n:03d}.txt"
        path.write_text(source.read_text(encoding="utf-8") + f"\nРедакция {n}.\n", encoding="utf-8")
        made.append(path)
    return made


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with open_store(f"sqlite:///{tmp_path / 'roadmap.db'}") as store:
        yield store


def test_member_names_in_cp866_and_utf8_are_read_as_written(tmp_path: Path) -> None:
    path = tmp_path / "архив.zip"
    text_source = corpus_files(".txt")[0]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(Cp866Info("Приказы/план района.txt"), text_source.read_bytes())
        archive.writestr("Письма/письмо № 5.txt", text_source.read_bytes() + b"\n")
    with zipfile.ZipFile(path) as archive:
        names = sorted(member_name(info) for info in archive.infolist())
        raw_flags = sorted(info.flag_bits & 0x800 for info in archive.infolist())
    assert raw_flags == [0, 0x800]
    assert names == ["Письма/письмо № 5.txt", "Приказы/план района.txt"]


def test_folders_and_nested_archives_are_walked(sqlite_store, tmp_path: Path) -> None:
    folder = tmp_path / "архив приказов"
    loose = variants(folder / "2021" / "март", 2)
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(corpus_files(".docx")[0], "вложенный/план.docx")
    with zipfile.ZipFile(folder / "пакет.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(inner, "вложение.zip")
        archive.writestr(Cp866Info("Приказ.txt"), corpus_files(".txt")[2].read_bytes())
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.txt").write_text("скрытый", encoding="utf-8")

    summary = sqlite_store.ingest_many([folder])
    locations = sorted(r.location for r in summary.results)
    outer = f"{folder}/пакет.zip"
    assert locations == sorted(
        [str(p) for p in loose] + [f"{outer}!/Приказ.txt", f"{outer}!/вложение.zip!/вложенный/план.docx"]
    )
    assert (summary.ok, summary.failed, summary.skipped) == (4, 0, 0)
    names = {d.file_name for d in sqlite_store.documents()}
    assert names == {p.name for p in loose} | {"Приказ.txt", "план.docx"}


def _hostile_archive(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * (30 * MB))
        archive.writestr("../../etc/cron.d/evil.txt", b"x")
        archive.writestr("/abs/path.txt", b"x")
        archive.writestr("C:\\Windows\\evil.txt", b"x")
        link = zipfile.ZipInfo("ссылка.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.write(corpus_files(".txt")[0], "хороший.txt")


def test_hostile_archive_members_are_refused_and_the_rest_goes_on(sqlite_store, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.zip"
    _hostile_archive(hostile)
    big = tmp_path / "большой.txt"
    big.write_bytes(b"a" * (2 * MB))
    (tmp_path / "link.txt").symlink_to(corpus_files(".txt")[1])
    good = variants(tmp_path / "good", 1)[0]
    paths = [hostile, big, tmp_path / "link.txt", good]

    summary = sqlite_store.ingest_many(paths, limits=Limits(max_file_bytes=1 * MB))
    by_name = {r.location.rsplit("/", 1)[-1]: r for r in summary.results}
    reasons = {name: r.reason for name, r in by_name.items() if r.status == "failed"}
    assert "zip-бомба" in reasons["bomb.txt"] or "слишком большой" in reasons["bomb.txt"]
    for member in ("../../etc/cron.d/evil.txt", "/abs/path.txt", "C:\\Windows\\evil.txt"):
        [result] = [r for r in summary.results if r.location.endswith("!/" + member)]
        assert result.status == "failed" and "недопустимый путь" in result.reason
    assert "символическая ссылка" in reasons["ссылка.txt"]
    assert "символическая ссылка" in reasons["link.txt"]
    assert "слишком большой" in reasons["большой.txt"]
    assert {by_name["хороший.txt"].status, by_name[good.name].status} == {"ok"}
    stored = {(f.location, f.stage, f.error) for f in sqlite_store.failures()}
    assert len(stored) == summary.failed == 7
    rerun = sqlite_store.ingest_many(paths, limits=Limits(max_file_bytes=1 * MB))
    assert rerun.skipped == len(rerun.results) and len(sqlite_store.failures()) == 7


def test_zip_bomb_by_ratio_is_refused_with_default_limits(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (40 * MB))
    [item] = list(iter_items([path]))
    assert item.data is None and "zip-бомба" in item.refusal and item.stage == "archive"


def test_archive_limits_on_member_count_total_size_and_depth(tmp_path: Path) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for n in range(6):
            archive.writestr(f"{n}.txt", os.urandom(300_000))
    nested = tmp_path / "nested.zip"
    payload = many.read_bytes()
    for depth in range(3):
        level = tmp_path / f"level{depth}.zip"
        with zipfile.ZipFile(level, "w") as archive:
            archive.writestr("inner.zip", payload)
        payload = level.read_bytes()
    nested.write_bytes(payload)

    [count] = list(iter_items([many], Limits(max_archive_members=5)))
    assert "больше предела 5" in count.refusal
    [size] = list(iter_items([many], Limits(max_archive_bytes=1 * MB)))
    assert "zip-бомба" in size.refusal
    [deep] = list(iter_items([nested], Limits(max_depth=2)))
    assert "вложен слишком глубоко" in deep.refusal
    assert len(list(iter_items([nested], Limits(max_depth=4)))) == 6


@pytest.mark.parametrize(
    ("name", "unsafe"),
    [("../x.txt", True), ("a/../../x.txt", True), ("/etc/x", True), ("C:/x", True), ("a/b..c.txt", False)],
)
def test_unsafe_member_paths(name: str, unsafe: bool) -> None:
    assert unsafe_path(name) is unsafe


def test_process_pool_and_inline_runs_store_the_same(tmp_path: Path) -> None:
    files = variants(tmp_path / "in", 6) + corpus_files(".docx")[:2]
    stored = []
    for name, executor in (
        ("inline", None),
        ("pool", ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))),
    ):
        with open_store(f"sqlite:///{tmp_path / name}.db") as store:
            summary = store.ingest_many(files, executor)
            if executor is not None:
                executor.shutdown()
                assert len(summary.worker_peak_kb) >= 1 and min(summary.worker_peak_kb.values()) > 0
            assert summary.ok == len(files)
            stored.append(sorted((d.location, d.activity_count) for d in store.documents()))
    assert stored[0] == stored[1]


def test_dask_cluster_runs_the_same_batch(sqlite_store, tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    files = variants(tmp_path / "in", 5)
    with (
        LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        summary = sqlite_store.ingest_many(files, client.get_executor())
    assert summary.ok == 5
    stored = sum(d.activity_count for d in sqlite_store.documents())
    assert stored == sum(r.activities for r in summary.results) > 0


def _stored_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(DocumentRow))
    except Exception:
        return 0
    finally:
        engine.dispose()


def _batch(url: str, folder: Path) -> subprocess.Popen:
    command = [sys.executable, "-c", "from roadmap.cli import app; app()", "batch", str(folder)]
    return subprocess.Popen(
        [*command, "--workers", "2", "--db", url],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_batch_killed_midway_resumes_with_every_file_once(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    files = variants(folder, 40) + [
        _copy_with_note(p, folder, n) for n, p in enumerate(corpus_files(".pdf") * 2)
    ]
    with open_store(db_url):
        pass  # migrate first, so the count below can be read from the start
    first = _batch(db_url, folder)
    deadline = time.monotonic() + 120
    while _stored_count(db_url) < 5 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    interrupted = _stored_count(db_url)
    assert 0 < interrupted < len(files), "the batch should be killed midway"
    _assert_consistent(db_url)

    second = _batch(db_url, folder)
    assert second.wait(timeout=600) == 0
    _assert_consistent(db_url)
    with open_store(db_url) as store:
        documents = store.documents()
    locations = sorted(d.location for d in documents)
    assert locations == sorted(str(p) for p in files)
    assert all(d.status == "ok" for d in documents)


def _copy_with_note(source: Path, folder: Path, n: int) -> Path:
    path = folder / f"{source.stem}_{n:03d}.pdf"
    path.write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
    return path


def _assert_consistent(url: str) -> None:
    engine = create_engine(url)
    with engine.connect() as connection:
        counted = dict(
            connection.execute(
                select(ActivityRow.document_id, func.count()).group_by(ActivityRow.document_id)
            ).all()
        )
        declared = dict(connection.execute(select(DocumentRow.id, DocumentRow.activity_count)).all())
        assert {k: v for k, v in declared.items() if v} == counted
        if engine.dialect.name == "sqlite":
            assert connection.scalar(text("PRAGMA integrity_check")) == "ok"
            connection.execute(text("INSERT INTO activity_fts(activity_fts) VALUES ('integrity-check')"))
    engine.dispose()


def test_stray_files_in_folders_and_archives_are_skipped_but_named_files_are_read(
    sqlite_store, tmp_path: Path
) -> None:
    folder = tmp_path / "папка"
    [document] = variants(folder, 1)
    (folder / "README.md").write_text("# Описание архива\n", encoding="utf-8")
    (folder / "meta.json").write_text('{"region": "Белгородская область"}', encoding="utf-8")
    (folder / "схема.GIF").write_bytes(b"GIF89a" + os.urandom(64))
    (folder / "приказ").write_bytes(corpus_files(".txt")[1].read_bytes())
    (folder / "blob").write_bytes(b"\x00\x01\x02" + os.urandom(64))
    (folder / f"~${document.name[2:]}").write_bytes(b"\x05metod" + b" " * 156)  # Word's lock file
    with zipfile.ZipFile(folder / "пакет.zip", "w") as archive:
        archive.writestr("фото.heic", b"\x00\x00\x00\x18ftypheic" + os.urandom(64))
        archive.writestr("План.PDF", corpus_files(".pdf")[0].read_bytes())
        archive.writestr(".~lock.План.PDF#", b",metod,host,01.12.2026 10:00,file:///home/metod;")

    summary = sqlite_store.ingest_many([folder])
    by_name = {r.location.rsplit("/", 1)[-1]: r for r in summary.results}
    passed = {name for name, r in by_name.items() if r.status == "skipped"}
    locks = {f"~${document.name[2:]}", ".~lock.План.PDF#"}
    assert passed == {"README.md", "meta.json", "схема.GIF", "blob", "фото.heic", *locks}
    assert "не документ (.md)" in by_name["README.md"].reason
    assert all("файл-блокировка" in by_name[name].reason for name in locks)
    assert "без расширения" in by_name["blob"].reason
    assert {by_name[n].status for n in (document.name, "приказ", "План.PDF")} == {"ok"}
    assert {d.file_name for d in sqlite_store.documents()} == {document.name, "приказ", "План.PDF"}

    [named] = sqlite_store.ingest_many([folder / "README.md"]).results
    assert named.status != "skipped" and named.reason is None


def test_retry_failed_extracts_stored_failures_again(db_url: str, tmp_path: Path, monkeypatch) -> None:
    import store.work
    from extractor import ExtractionError

    [path] = variants(tmp_path / "in", 1)
    working_extract = store.work.extract

    def broken_extract(file: Path):
        raise ExtractionError(file, "ошибка разборщика")

    monkeypatch.setenv("ROADMAP_MEMORY_LIMIT_MB", "0")  # inline: the patched function is seen
    with open_store(db_url) as store_:
        monkeypatch.setattr(store.work, "extract", broken_extract)
        [first] = store_.ingest_many([path]).results
        assert first.status == "failed" and first.reason == "ошибка разборщика"
        monkeypatch.setattr(store.work, "extract", working_extract)
        [again] = store_.ingest_many([path]).results
        assert again.status == "skipped" and len(store_.failures()) == 1

        [retried] = store_.ingest_many([path], retry_failed=True).results
        assert retried.status == "ok" and retried.activities > 0
        assert store_.failures() == []
        assert [d.status for d in store_.documents()] == ["ok"]
        [after] = store_.ingest_many([path], retry_failed=True).results
        assert after.status == "skipped" and after.document_id == retried.document_id


def test_failure_reasons_are_russian_with_the_technical_detail_kept_apart(
    sqlite_store, tmp_path: Path
) -> None:
    broken = tmp_path / "сломанный.docx"
    broken.write_bytes(b"PK\x03\x04" + os.urandom(200))
    truncated = tmp_path / "обрезанный.docx"
    truncated.write_bytes(corpus_files(".docx")[0].read_bytes()[:-3000])
    summary = sqlite_store.ingest_many([broken, truncated])
    assert summary.failed == 2
    for failure in sqlite_store.failures():
        assert failure.error.startswith(("повреждённый", "не удалось прочитать")), failure.error
        assert not re.search("[A-Za-z]", failure.error.replace(".docx", "")), failure.error
        assert re.match(r"[A-Za-z]+: \S", failure.error_detail), failure.error_detail


POISON = "яд"  # a file whose name has this kills the worker process that reads it


def _poisoned_worker() -> None:
    """Pool initializer: the task of a file named with `POISON` kills the worker process
    itself, as the OOM killer or a crashing native parser would (the pool looks its task
    function up by name in the worker, so the patched one runs)."""
    import store.work

    extract_item = store.work.extract_item

    def dying_extract_item(location: str, file_name: str, data: bytes):
        if POISON in file_name:
            os.kill(os.getpid(), signal.SIGKILL)
        return extract_item(location, file_name, data)

    store.work.extract_item = dying_extract_item


def _poisoned_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        2, mp_context=multiprocessing.get_context("spawn"), initializer=_poisoned_worker
    )


def test_a_file_that_kills_its_worker_is_recorded_and_the_batch_finishes(
    sqlite_store, tmp_path: Path
) -> None:
    from store.batch import CRASHED

    files = variants(tmp_path / "in", 6)
    poison = tmp_path / "in" / f"{POISON}.txt"
    poison.write_text(corpus_files(".txt")[0].read_text(encoding="utf-8") + "\nяд\n", encoding="utf-8")
    summary = sqlite_store.ingest_many([tmp_path / "in"], _poisoned_pool)
    outcome = {Path(r.location).name: r for r in summary.results}
    assert summary.inputs == len(files) + 1 and summary.reconciled
    assert outcome[poison.name].status == "failed" and outcome[poison.name].reason == CRASHED
    assert all(outcome[p.name].status == "ok" for p in files)
    assert summary.restarts >= 2  # the first break, then the retry alone breaks it again
    [failure] = sqlite_store.failures()
    assert failure.file_name == poison.name and "BrokenProcessPool" in failure.error_detail

    again = sqlite_store.ingest_many([tmp_path / "in"], _poisoned_pool)
    assert again.skipped == again.inputs == len(files) + 1 and again.restarts == 0


def test_a_worker_killed_from_outside_loses_nothing(sqlite_store, tmp_path: Path) -> None:
    files = variants(tmp_path / "in", 12)
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    killed: list[int] = []
    broken_pool: list[int] = []

    def kill_a_worker(_result) -> None:
        if not killed:
            broken_pool.extend(pool._processes)  # the pool's own record of its worker pids
            killed.append(broken_pool[0])
            os.kill(killed[0], signal.SIGKILL)

    with pool:
        summary = sqlite_store.ingest_many(files, pool, on_result=kill_a_worker)
    assert killed and summary.restarts >= 1
    assert summary.reconciled and summary.inputs == len(files)
    assert sorted(d.location for d in sqlite_store.documents()) == sorted(str(p) for p in files)
    assert summary.ok + summary.failed == len(files)
    assert all(r.reason is None or "аварийно" in r.reason for r in summary.results)
    assert [pid for pid in broken_pool if _running(pid)] == [], "no worker of the broken pool is left"


def _running(pid: int) -> bool:
    """Whether process `pid` is alive (not gone, not a zombie waiting to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


class _FailingExecutor(Executor):
    """An executor whose every task fails with `error`, as a Dask cluster's does when it gives
    up on a task whose workers kept dying (`KilledWorker`)."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def submit(self, fn, /, *args, **kwargs):
        future = Future()
        future.set_exception(self.error)
        return future


def _killed_worker() -> Exception:
    from types import SimpleNamespace

    from distributed import KilledWorker

    return KilledWorker("extract_item-1", SimpleNamespace(address="tcp://127.0.0.1:1"), allowed_failures=3)


@pytest.mark.parametrize(
    ("error", "reason", "detail"),
    [
        (lambda: RuntimeError("task lost"), "FAILED_TASK", "RuntimeError: task lost"),
        (_killed_worker, "CRASHED", "KilledWorker: "),
    ],
    ids=["task-error", "dask-killed-worker"],
)
def test_a_task_that_fails_in_the_executor_is_recorded(
    sqlite_store, tmp_path: Path, error, reason: str, detail: str
) -> None:
    import store.batch

    files = variants(tmp_path / "in", 2)
    summary = sqlite_store.ingest_many(files, _FailingExecutor(error()))
    assert summary.failed == 2 and summary.reconciled
    assert {f.error for f in sqlite_store.failures()} == {getattr(store.batch, reason)}
    assert all(f.error_detail.startswith(detail) for f in sqlite_store.failures())
