"""The unit of work a batch sends to an executor: extract one file's bytes into a `Document`.

`extract_item` is a top-level function of plain arguments and a picklable result, so any
`concurrent.futures.Executor` runs it: a local process pool or a Dask cluster's executor on
other machines (the bytes travel with the task; nothing is read from the submitter's disk).
Lemmas for full-text search and the activities' matching statements (`compare.core`) are
computed here too, in parallel, not by the single writer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
from dataclasses import dataclass, field

from compare.core import document_statements, statements_json
from compare.text import statements_version
from extractor import ExtractionError, extract
from extractor.isolation import BUG_REASON, ChildFailure, failure_detail, run_bounded_data
from model import Document
from store.fulltext import lemmatize, search_text


@dataclass
class Extracted:
    """One file after extraction: the document, its activities' lemmas and their matching
    statements (JSON, made under `statements_version`), or the failure.

    `peak_rss_kb` and `pid` tell the memory high-water mark of the process that did the work."""

    location: str
    file_name: str
    content_hash: str
    size: int
    document: Document | None = None
    lemmas: list[str] = field(default_factory=list)
    statements: list | None = None
    statements_version: str | None = None
    reason: str | None = None
    detail: str | None = None
    stage: str | None = None
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    pid: int = 0
    peak_rss_kb: int = 0


def content_hash(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes: the identity the store deduplicates on."""
    return hashlib.sha256(data).hexdigest()


def exception_text(exc: BaseException) -> str:
    """An exception's type and message, as stored in `error_detail`."""
    return f"{type(exc).__name__}: {exc}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def extract_item(location: str, file_name: str, data: bytes) -> Extracted:
    """Extract the document in `data` (named `file_name`, found at `location`) in a bounded
    child process (`extractor.isolation`). Expected failures, running out of the memory or
    time budget among them, come back as `reason` (Russian), `stage` and the technical
    `detail` (the exception behind it); nothing is raised."""
    result = Extracted(location, file_name, content_hash(data), len(data), started_at=_now())
    child_peak_kb = 0
    try:
        measured = run_bounded_data(extract, file_name, data)
        document, child_peak_kb = measured.value, measured.peak_rss_kb
        result.document = document
        result.lemmas = [lemmatize(search_text(a)) for a in document.activities]
        result.statements = statements_json(document_statements(document))
        result.statements_version = statements_version()
    except ExtractionError as exc:
        result.reason, result.stage = exc.reason, "extract"
        result.detail = failure_detail(exc)
        child_peak_kb = getattr(exc, "peak_rss_kb", 0)
    except MemoryError:
        result.reason, result.stage = "не хватило памяти для разбора файла", "extract"
    except Exception as exc:  # an unexpected bug must not stop the batch; the detail is kept
        result.reason, result.stage = BUG_REASON, "extract"
        result.detail = str(exc) if isinstance(exc, ChildFailure) else exception_text(exc)
    result.finished_at = _now()
    result.pid = os.getpid()
    result.peak_rss_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, child_peak_kb)
    return result
