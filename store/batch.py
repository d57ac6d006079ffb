"""The batch runner: sources -> executor (extraction) -> one writer (the database).

Any `concurrent.futures.Executor` does the extraction: a `ProcessPoolExecutor` locally or the
executor of a Dask distributed `Client` (`client.get_executor()`), so there is one code path;
with no executor the work runs inline. The submitting process hashes each file first and skips
content already stored, keeps a bounded number of tasks in flight (bounded memory), and writes
each outcome in its own transaction: a batch killed at any point is resumed by running it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from store.records import IngestResult
from store.sources import DEFAULT_LIMITS, Item, Limits, iter_items
from store.work import Extracted, content_hash, extract_item
from store.writer import content_key, stored_status, write_extracted, write_refusal

ResultCallback = Callable[[IngestResult], None]


@dataclass
class BatchSummary:
    """Counts of a batch, every per-item result, and the peak memory (KiB) of each worker."""

    results: list[IngestResult] = field(default_factory=list)
    worker_peak_kb: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

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


def run_batch(
    sessions: sessionmaker,
    paths: Iterable[Path],
    executor: Executor | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    in_flight: int = 8,
    on_result: ResultCallback | None = None,
    on_discovered: Callable[[int], None] | None = None,
    labels: dict[Path, str] | None = None,
    retry_failed: bool = False,
) -> BatchSummary:
    """Ingest every file, folder and archive of `paths`; see the module docstring.
    `retry_failed`: content whose extraction failed before is extracted again (e.g. after
    an extractor fix) and its stored failure replaced by the new outcome."""
    summary = BatchSummary()
    started = time.perf_counter()
    pending: set[Future[Extracted]] = set()

    def record(result: IngestResult) -> None:
        summary.results.append(result)
        if on_result is not None:
            on_result(result)

    def collect(done: Iterable[Future[Extracted]]) -> None:
        for future in done:
            extracted = future.result()
            summary.worker_peak_kb[extracted.pid] = max(
                summary.worker_peak_kb.get(extracted.pid, 0), extracted.peak_rss_kb
            )
            record(write_extracted(sessions, extracted, replace_failed=retry_failed))

    items = iter_items(list(paths), limits, on_discovered or (lambda _n: None), labels or {})
    for item in items:
        result = _precheck(sessions, item, retry_failed)
        if result is not None:
            record(result)
            continue
        if executor is None:
            collect([_done(extract_item(item.location, item.file_name, item.data))])
            continue
        pending.add(executor.submit(extract_item, item.location, item.file_name, item.data))
        if len(pending) >= in_flight:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            collect(done)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        collect(done)
    summary.seconds = time.perf_counter() - started
    return summary


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


def _done(value: Extracted) -> Future[Extracted]:
    future: Future[Extracted] = Future()
    future.set_result(value)
    return future
