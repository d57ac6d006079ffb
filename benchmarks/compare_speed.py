"""Compare speed: stored documents (statements kept at ingest) beside documents just read.

Three figures, each beside its baseline run in the same process, on one core (BLAS threads
pinned to 1), the navec model and the morphology dictionaries loaded beforehand (once per
process, not part of a comparison) and frozen out of the garbage collector's reach, as
`roadmap app` and `roadmap serve` do once warmed (`gc.freeze`; the documents are made after,
so the collector walks them as it walks a server's), the freed memory kept for the next run as
they keep it (`compare.heap.keep_freed_arrays`), CPU seconds (the steadier figure on a shared machine) and
wall seconds, the best of `REPEAT` runs:
- 1,000 x 1,000 activities (corpus titles recombined, as `benchmarks.compare`): `compare` given
  the stored statements, beside `compare` of the same documents just read (statements made now,
  the lemma caches emptied first, as for documents nobody compared before); the word-vector
  cache is emptied before every run of both;
- the same through the store (`compare_stored` on a SQLite file: both documents read from the
  database, the comparison and its findings saved), beside the stored-statements figure above;
- a template of 30 activities against ten plans of 30, each through `compare_stored` (what the
  app's comparison page calls), beside the ten compared just read;
and the peak memory: the process's high-water mark (ru_maxrss, with the models) and the peak
of Python allocations during one 1,000 x 1,000 comparison from stored statements (tracemalloc).

    .venv/bin/python -m benchmarks.compare_speed
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import hashlib  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402

from benchmarks.compare import CORPUS, synthetic  # noqa: E402
from compare import compare, text  # noqa: E402
from compare.core import document_statements, statements_from_json, statements_json  # noqa: E402
from compare.heap import settle_loaded  # noqa: E402
from compare.text import statements_version  # noqa: E402
from compare.vectors import navec, term_vector  # noqa: E402
from extractor import extract  # noqa: E402
from model import Document  # noqa: E402
from normalizer import morph  # noqa: E402
from store import open_store  # noqa: E402
from store.comparing import compare_stored  # noqa: E402
from store.fulltext import lemmatize, search_text  # noqa: E402
from store.work import Extracted  # noqa: E402
from store.writer import write_extracted  # noqa: E402

REPEAT = 3


def cold_words() -> None:
    """Empty the lemma and analysis caches (the analyzer itself stays loaded)."""
    text.lemma.cache_clear()
    morph._parses.cache_clear()


def timed(run: Callable[[], object], before: Callable[[], None] = lambda: None) -> tuple[float, float]:
    """(best CPU seconds, best wall seconds) of `REPEAT` runs, `before` untimed before each."""
    cpu, wall = [], []
    for _ in range(REPEAT):
        before()
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(cpu), min(wall)


def figure(seconds: tuple[float, float]) -> str:
    return f"{seconds[0]:.3f} s CPU / {seconds[1]:.3f} s wall"


def store_document(store, document: Document) -> int:
    """Write `document` as a batch would, its statements made as at ingest."""
    digest = hashlib.sha256(document.model_dump_json().encode()).hexdigest()
    item = Extracted(
        location=document.source,
        file_name=document.source,
        content_hash=digest,
        size=1,
        document=document,
        lemmas=[lemmatize(search_text(a)) for a in document.activities],
        statements=statements_json(document_statements(document)),
        statements_version=statements_version(),
    )
    return write_extracted(store.sessions, item).document_id


def main(n: int = 1000, rows: int = 30, plans: int = 10) -> None:
    navec()
    morph.morph()
    settle_loaded()
    titles = sorted({a.title for p in sorted(CORPUS.glob("*.txt")) for a in extract(p).activities})
    rng = random.Random(1)
    template, plan = synthetic(titles, n, rng, "template"), synthetic(titles, n, rng, "plan")
    kept = [statements_from_json(statements_json(document_statements(d))) for d in (template, plan)]
    files = timed(lambda: compare(template, plan), lambda: (cold_words(), term_vector.cache_clear()))
    stored = timed(lambda: compare(template, plan, None, *kept), term_vector.cache_clear)
    result = compare(template, plan, None, *kept)
    assert result == compare(template, plan), "stored statements must give the same comparison"
    print(
        f"{n} x {n} activities ({len(result.matches)} matches): from stored statements {figure(stored)}; "
        f"baseline, documents just read (statements made now): {figure(files)}"
    )
    with tempfile.TemporaryDirectory() as folder, open_store(f"sqlite:///{folder}/bench.db") as store:
        ids = [store_document(store, d) for d in (template, plan)]
        through = timed(lambda: compare_stored(store, *ids), term_vector.cache_clear)
        print(
            f"{n} x {n} through the store (compare_stored: read both, compare, save): {figure(through)}; "
            f"baseline, compare from stored statements alone: {figure(stored)}"
        )
        small_template = synthetic(titles, rows, rng, "small_template")
        small_plans = [synthetic(titles, rows, rng, f"plan_{k}") for k in range(plans)]
        template_id = store_document(store, small_template)
        plan_ids = [store_document(store, p) for p in small_plans]
        app = timed(
            lambda: [compare_stored(store, template_id, p) for p in plan_ids], term_vector.cache_clear
        )
        read = timed(
            lambda: [compare(small_template, p) for p in small_plans],
            lambda: (cold_words(), term_vector.cache_clear()),
        )
        print(
            f"template of {rows} against {plans} stored plans of {rows} (the app's compare_stored): "
            f"{figure(app)}; baseline, the same just read: {figure(read)}"
        )
    term_vector.cache_clear()
    tracemalloc.start()
    compare(template, plan, None, *kept)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory: process {rss:.0f} MB (ru_maxrss, with navec and the dictionaries); "
        f"Python allocations during one {n} x {n} comparison from stored statements {peak / 2**20:.0f} MB "
        "(tracemalloc)"
    )


if __name__ == "__main__":
    main()
