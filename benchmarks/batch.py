"""Batch ingestion and full-text search, SQLite and PostgreSQL side by side.

    .venv/bin/python benchmarks/batch.py [--documents 500] [--activities 100000] [--plan-mb 1 4 16]

0. Write: one plan of each `--plan-mb` megabytes of activity text (the corpus's activities
   recombined, their persons and organisations kept), extracted in memory, then written by
   `write_extracted` into a fresh database: seconds, and seconds per 1,000 activities (flat
   when writes are linear), the largest plan's figure over the smallest's; the same in CPU
   seconds of this process (SQLite's whole work; PostgreSQL's server is not counted), which a
   loaded machine disturbs less than wall time.
1. Batch: `--documents` files made from the corpus renditions (.txt, .docx, .pdf), each copy
   with a small variation so every hash differs (.txt and .docx get a closing paragraph, .pdf
   a trailing comment). Ingested with a process pool of 1 and of 2 workers into a fresh
   database: documents/s, the speed-up of 2 over 1, the peak memory of each worker, the CPU
   seconds of the writer (this process) and of the workers, and the cores used on average
   (on a shared machine fewer than the workers: then the speed-up is the machine's limit).
2. Search: `--activities` activities synthesized from the corpus's (titles, results and
   responsibles recombined), answer time of `Store.search` (top 50; median and slowest, the
   slowest query named) and of counting all matches, beside a baseline in the same run: a
   `LIKE '%word%'` scan over the same rows. The bulk insert is followed by VACUUM ANALYZE,
   as autovacuum would do on a settled database.

PostgreSQL runs on a throwaway server started like the tests do (skipped if not installed).
The machine may be shared: figures are of this run only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import docx
from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract  # noqa: E402
from model import Document  # noqa: E402
from store import open_store  # noqa: E402
from store.fulltext import lemmatize, search_text  # noqa: E402
from store.schema import ActivityRow, DocumentRow  # noqa: E402
from store.work import Extracted  # noqa: E402
from store.writer import write_extracted  # noqa: E402
from tests.test_store_server import PostgresServer, postgres_bin  # noqa: E402

QUERIES = [
    "семинар руководителей",
    "мониторинг",
    "повышение квалификации учителей",
    "школы с низкими результатами",
    "методическое сопровождение",
    "анкетирование родителей",
    "олимпиада",
    "совещание",
]


def make_documents(folder: Path, count: int) -> list[Path]:
    """`count` corpus renditions, each a little different from every other."""
    sources = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in {".txt", ".docx", ".pdf"})
    made = []
    for n in range(count):
        source = sources[n % len(sources)]
        path = folder / f"{source.stem}_{n:04d}{source.suffix}"
        note = f"Редакция {n}."
        if source.suffix == ".txt":
            path.write_text(source.read_text(encoding="utf-8") + f"\n{note}\n", encoding="utf-8")
        elif source.suffix == ".docx":
            document = docx.Document(str(source))
            document.add_paragraph(note)
            document.save(str(path))
        else:
            path.write_bytes(source.read_bytes() + f"\n% {n}\n".encode())
        made.append(path)
    return made


@contextmanager
def databases(folder: Path):
    """URL factories by backend: SQLite files in `folder`, databases on a throwaway server."""
    urls = {"sqlite": lambda name: f"sqlite:///{folder / name}.db"}
    server = None
    bin_dir = postgres_bin()
    if bin_dir is not None:
        server = PostgresServer(bin_dir)
        server.start()
        from sqlalchemy import create_engine, text

        admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")

        def postgres(name: str) -> str:
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            return server.url(name)

        urls["postgresql"] = postgres
    else:
        print("PostgreSQL binaries not found: PostgreSQL columns skipped")
    try:
        yield urls
    finally:
        if server is not None:
            admin.dispose()
            server.stop()


def batch_figures(url: str, files: list[Path], workers: int) -> dict[str, float]:
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open_store(url) as store, pool:
        started, cpu = time.perf_counter(), time.process_time()
        summary = store.ingest_many(files, pool)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    peak = max(summary.worker_peak_kb.values()) / 1024
    return {
        "docs/s": len(files) / seconds,
        "seconds": seconds,
        "ok": summary.ok,
        "peak MB": peak,
        "writer CPU s": cpu,
        "workers CPU s": workers_cpu,
        "cores used": (cpu + workers_cpu) / seconds,
    }


def text_bytes(document: Document) -> int:
    """Bytes (UTF-8) of the activities' cell texts: the size of a plan's text."""
    cells = (
        (a.number, a.section_title, a.title, a.deadline_raw, a.responsible_raw, a.result_raw)
        for a in document.activities
    )
    return sum(len(c.encode()) for row in cells for c in row if c)


def synthetic_plan(megabytes: float, seed: int = 11) -> Document:
    """A plan of about `megabytes` of activity text: the corpus's activities recombined and
    numbered anew, each keeping the persons and organisations of its responsible cell."""
    sources = [extract(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    pool = [a for d in sources for a in d.activities]
    rng = random.Random(seed)
    activities, size, limit = [], 0, megabytes * 2**20
    while size < limit:
        base = rng.choice(pool)
        n = len(activities) + 1
        activity = base.model_copy(update={"number": str(n), "title": f"{base.title} (этап {n})"})
        activities.append(activity)
        size += text_bytes(Document(doc_id="x", source="x", format="txt", activities=[activity]))
    return sources[0].model_copy(update={"doc_id": f"plan{megabytes}", "activities": activities})


def write_figures(url_for, sizes: list[float]) -> dict[str, dict[str, float]]:
    rows = {}
    for megabytes in sizes:
        document = synthetic_plan(megabytes)
        lemmas = [lemmatize(search_text(a)) for a in document.activities]
        item = Extracted(
            f"plan{megabytes}.txt", f"plan{megabytes}.txt", f"{megabytes:064}", 1, document, lemmas
        )
        with open_store(url_for(f"write{str(megabytes).replace('.', '_')}")) as store:
            started, cpu = time.perf_counter(), time.process_time()
            result = write_extracted(store.sessions, item)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert result.status == "ok", result
        count = len(document.activities)
        rows[f"{megabytes:g} MB"] = {
            "text MB": text_bytes(document) / 2**20,
            "activities": count,
            "seconds": seconds,
            "s per 1000": seconds / count * 1000,
            "CPU s per 1000": cpu / count * 1000,
        }
    return rows


def synthesize_activities(url: str, count: int, seed: int = 7) -> None:
    """Fill a fresh store with `count` activities recombined from the corpus's own."""
    with open_store(url) as store:
        store.ingest_many(sorted((ROOT / "corpus").glob("*.txt")))
        pieces = [(a.title, a.result_raw or "", a.responsible_raw or "") for a in store.activities()]
        rng = random.Random(seed)
        with store.sessions() as session:
            document = DocumentRow(key="synthetic", file_name="synthetic", location="synthetic", status="ok")
            session.add(document)
            session.flush()
            lemma_cache: dict[str, str] = {}
            batch = []
            for n in range(count):
                title = rng.choice(pieces)[0]
                result, responsible = rng.choice(pieces)[1], rng.choice(pieces)[2]
                searched = " ".join((title, responsible, result))
                if searched not in lemma_cache:
                    lemma_cache[searched] = lemmatize(searched)
                batch.append(
                    {
                        "document_id": document.id,
                        "position": n + 1,
                        "title": title,
                        "result_raw": result,
                        "responsible_raw": responsible,
                        "persons": [],
                        "orgs": [],
                        "person_mentions": [],
                        "org_mentions": [],
                        "search_text": searched,
                        "lemmas": lemma_cache[searched],
                    }
                )
                if len(batch) == 5000:
                    session.execute(insert(ActivityRow), batch)
                    batch = []
            if batch:
                session.execute(insert(ActivityRow), batch)
            session.commit()
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(
                "VACUUM ANALYZE activities" if store.dialect == "postgresql" else "ANALYZE"
            )


def search_figures(url: str) -> dict[str, float]:
    with open_store(url) as store:
        store.search(QUERIES[0])  # warm caches and the lemmatizer
        top, counts, scans, hits = [], [], [], []
        for query in QUERIES:
            started = time.perf_counter()
            store.search(query, limit=50)
            top.append(time.perf_counter() - started)
            started = time.perf_counter()
            hits.append(store.count_activities(text=query))
            counts.append(time.perf_counter() - started)
            word = query.split()[0][:6]
            with store.sessions() as session:
                started = time.perf_counter()
                session.scalar(
                    select(func.count())
                    .select_from(ActivityRow)
                    .where(ActivityRow.search_text.ilike(f"%{word}%"))
                )
                scans.append(time.perf_counter() - started)
        total = store.stats()["activities"]
        slowest = max(range(len(QUERIES)), key=top.__getitem__)
        print(
            f"{store.dialect}: slowest top-50 search {top[slowest] * 1000:.1f} ms for "
            f"«{QUERIES[slowest]}» ({hits[slowest]} hits)"
        )
    return {
        "activities": total,
        "top-50 median ms": statistics.median(top) * 1000,
        "top-50 max ms": max(top) * 1000,
        "count-all median ms": statistics.median(counts) * 1000,
        "LIKE scan median ms": statistics.median(scans) * 1000,
        "hits median": statistics.median(hits),
    }


def print_table(title: str, rows: dict[str, dict[str, float]]) -> None:
    columns = list(next(iter(rows.values())))
    print(f"\n{title}")
    print(f"{'':28}" + "".join(f"{c:>20}" for c in columns))
    for name, figures in rows.items():
        print(f"{name:28}" + "".join(f"{figures[c]:>20.2f}" for c in columns))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--plan-mb", type=float, nargs="*", default=[1, 4, 16])
    parser.add_argument("--no-batch", action="store_true", help="no batch figures")
    parser.add_argument("--no-search", action="store_true", help="no search figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as tmp:
        folder = Path(tmp)
        (folder / "docs").mkdir()
        files = make_documents(folder / "docs", args.documents)
        print(f"{len(files)} documents, {sum(p.stat().st_size for p in files) / 2**20:.1f} MB")
        with databases(folder) as urls:
            batch, search = {}, {}
            for backend, url_for in urls.items():
                if args.plan_mb:
                    written = write_figures(url_for, args.plan_mb)
                    print_table(f"{backend}: one plan written (write_extracted)", written)
                    for column in ("s per 1000", "CPU s per 1000"):
                        per = [row[column] for row in written.values()]
                        print(
                            f"{backend}: {column} activities, largest plan / smallest {per[-1] / per[0]:.2f}x"
                        )
                for workers in () if args.no_batch else (1, 2):
                    batch[f"{backend}, {workers} worker(s)"] = batch_figures(
                        url_for(f"batch{workers}"), files, workers
                    )
                if batch:
                    one, two = batch[f"{backend}, 1 worker(s)"], batch[f"{backend}, 2 worker(s)"]
                    print(f"{backend}: speed-up with 2 workers {two['docs/s'] / one['docs/s']:.2f}x")
                if args.no_search:
                    continue
                url = url_for("search")
                started = time.perf_counter()
                synthesize_activities(url, args.activities)
                seconds = time.perf_counter() - started
                print(f"{backend}: {args.activities} activities written in {seconds:.1f} s")
                search[backend] = search_figures(url)
            if batch:
                print_table("Batch ingestion (process pool, spawn; includes worker start-up)", batch)
            if search:
                print_table(
                    "Full-text search (Store.search top 50; count of all hits; LIKE scan baseline)", search
                )


if __name__ == "__main__":
    main()
