"""The batch runner: sources -> executor (extraction) -> one writer (the database).

Any `concurrent.futures.Executor` does the extraction: a `ProcessPoolExecutor` locally or the
executor of a Dask distributed `Client` (`client.get_executor()`), so there is one code path;
with no executor the work runs inline. The submitting process hashes each file first and skips
content already stored, keeps a bounded number of tasks in flight (bounded memory), and writes
each outcome in its own transaction: a batch killed at any point is resumed by running it again.

A worker that dies (the OOM killer, kill -9, a file that crashes the parser) breaks a process
pool: the pool is rebuilt (from the factory given instead of an executor, else as a process
pool of the same size), every item that was in flight is extracted again alone, and one that
breaks the pool a second time is stored as failed with `CRASHED`, so a resumed batch passes
over it instead of dying on it again. A Dask cluster retries a task whose worker died by
itself and then gives up with `KilledWorker`: that item is stored as failed the same way. Every
input ends stored, stored as a failure, or skipped: `BatchSummary.inputs` counts them all.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from store.records import IngestResult
from store.sources import DEFAULT_LIMITS, Item, Limits, iter_items
from store.work import Extracted, content_hash, exception_text, extract_item
from store.writer import content_key, stored_status, write_extracted, write_refusal

ResultCallback = Callable[[IngestResult], None]
ExecutorFactory = Callable[[], Executor]

CRASHED = "процесс разбора завершился аварийно (остановлен системой, например из-за нехватки памяти)"
FAILED_TASK = "внутренняя ошибка пакетной загрузки"
_WORKER_DIED = ("BrokenExecutor", "BrokenProcessPool", "KilledWorker")  # Dask's, by name: no import


@dataclass
class BatchSummary:
    """Counts of a batch, every per-item result, and the peak memory (KiB) of each worker.

    `inputs` counts every item met (files, archive members, refusals, missing paths): each
    has one result, so `inputs == ok + failed + skipped` (`reconciled`). `restarts` counts
    the process pools rebuilt after a worker died."""

    results: list[IngestResult] = field(default_factory=list)
    worker_peak_kb: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    inputs: int = 0
    restarts: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> int:
        return self.count("ok")

    @property
    def failed(self) -> int:
        return self.count("failed")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def reconciled(self) -> bool:
        return self.inputs == self.ok + self.failed + self.skipped


def process_pool(workers: int) -> ExecutorFactory:
    """A factory of process pools of `workers` (spawned: no state forked from the writer)."""
    return lambda: ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


class _Pool:
    """The batch's executor, rebuilt when a dead worker breaks it."""

    def __init__(self, executor: Executor | ExecutorFactory | None) -> None:
        given = isinstance(executor, Executor) or executor is None
        self.factory: ExecutorFactory | None = None if given else executor
        self.executor: Executor | None = executor if given else executor()
        self.owned = not given
        self.restarts = 0

    def submit(self, item: Item) -> Future[Extracted]:
        return self.executor.submit(extract_item, item.location, item.file_name, item.data)

    def rebuild(self) -> None:
        broken, self.restarts = self.executor, self.restarts + 1
        # A broken pool only sends its live workers SIGTERM: one that turns it into a clean
        # stop of its bounded extraction then blocks writing to a result pipe nobody reads,
        # and the interpreter waits for it at exit. SIGKILL leaves nothing behind.
        for process in list((getattr(broken, "_processes", None) or {}).values()):
            process.kill()
        broken.shutdown(wait=False, cancel_futures=True)
        if self.factory is None:
            self.factory = process_pool(getattr(broken, "_max_workers", None) or 1)
        self.executor, self.owned = self.factory(), True

    def close(self) -> None:
        if self.owned and self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


def run_batch(
    sessions: sessionmaker,
    paths: Iterable[Path],
    executor: Executor | ExecutorFactory | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    in_flight: int = 8,
    on_result: ResultCallback | None = None,
    on_discovered: Callable[[int], None] | None = None,
    labels: dict[Path, str] | None = None,
    retry_failed: bool = False,
) -> BatchSummary:
    """Ingest every file, folder and archive of `paths`; see the module docstring.
    `executor`: an executor, or a factory of them (the runner then owns and rebuilds it).
    `retry_failed`: content whose extraction failed before is extracted again (e.g. after
    an extractor fix) and its stored failure replaced by the new outcome."""
    summary = BatchSummary()
    started = time.perf_counter()
    pool = _Pool(executor)
    pending: dict[Future[Extracted], Item] = {}
    suspects: list[Item] = []

    def record(result: IngestResult) -> None:
        summary.results.append(result)
        if on_result is not None:
            on_result(result)

    def store(extracted: Extracted) -> None:
        summary.worker_peak_kb[extracted.pid] = max(
            summary.worker_peak_kb.get(extracted.pid, 0), extracted.peak_rss_kb
        )
        record(write_extracted(sessions, extracted, replace_failed=retry_failed))

    def collect(done: Iterable[Future[Extracted]]) -> None:
        for future in done:
            item = pending.pop(future)
            try:
                extracted = future.result()
            except BrokenExecutor:
                suspects.append(item)
                continue
            except Exception as exc:  # the task itself failed (Dask gave up on it, a pickling error)
                record(_fail(sessions, item, exc, retry_failed))
                continue
            store(extracted)

    def recover() -> None:
        """Retry alone, in a rebuilt pool, each item that was in flight when the pool broke."""
        collect(wait(pending).done)
        pool.rebuild()
        while suspects:
            item = suspects.pop(0)
            try:
                extracted = pool.submit(item).result()
            except BrokenExecutor as exc:
                record(_fail(sessions, item, exc, retry_failed))
                pool.rebuild()
                continue
            except Exception as exc:
                record(_fail(sessions, item, exc, retry_failed))
                continue
            store(extracted)

    try:
        items = iter_items(list(paths), limits, on_discovered or (lambda _n: None), labels or {})
        for item in items:
            summary.inputs += 1
            result = _precheck(sessions, item, retry_failed)
            if result is not None:
                record(result)
                continue
            if pool.executor is None:
                store(extract_item(item.location, item.file_name, item.data))
                continue
            try:
                pending[pool.submit(item)] = item
            except BrokenExecutor:
                suspects.append(item)
            if len(pending) >= in_flight:
                collect(wait(pending, return_when=FIRST_COMPLETED).done)
            if suspects:
                recover()
        while pending:
            collect(wait(pending, return_when=FIRST_COMPLETED).done)
            if suspects:
                recover()
    finally:
        pool.close()
    summary.restarts = pool.restarts
    summary.seconds = time.perf_counter() - started
    return summary


def _fail(sessions: sessionmaker, item: Item, exc: BaseException, retry_failed: bool) -> IngestResult:
    """Store the failure of an item whose task died: its worker (`CRASHED`) or the task."""
    died = any(type(exc).__name__ == name for name in _WORKER_DIED)
    failure = Extracted(
        item.location,
        item.file_name,
        content_hash(item.data),
        len(item.data),
        reason=CRASHED if died else FAILED_TASK,
        detail=exception_text(exc),
        stage="extract",
    )
    return write_extracted(sessions, failure, replace_failed=retry_failed)


def _precheck(sessions: sessionmaker, item: Item, retry_failed: bool) -> IngestResult | None:
    """The result of an item that needs no extraction: a file that is not a document, a
    refusal, or content already stored (a stored failure too, unless `retry_failed`)."""
    if item.skip is not None:
        return IngestResult(item.location, "skipped", reason=item.skip, stage=item.stage)
    if item.refusal is not None:
        return write_refusal(sessions, item.location, item.file_name, item.refusal, item.stage, item.detail)
    with sessions() as session:
        existing = stored_status(session, content_key(content_hash(item.data)))
    if existing is None or (retry_failed and existing[1] == "failed"):
        return None
    return IngestResult(item.location, "skipped", document_id=existing[0])
