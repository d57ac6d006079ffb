"""What the HTTP API adds: requests per second for a .docx upload and an activity search on
a store of 100,000 activities, with 1 and 4 concurrent clients, beside the same calls made
in Python on the same store in the same run.

The store is a fresh SQLite file filled as `benchmarks/batch.py` fills it (activities
recombined from the corpus's own), in a child process: this process stays as small as the
server, so the fork of each extraction costs the same on both sides. `roadmap serve` runs
as a real uvicorn process on a loopback port (127.0.0.1 only); clients are threads, each
with its own connection, and a bounded number of requests each. The Python baseline makes
the store calls the routes make: `Store.activities(text=…, limit=50)` with
`Store.count_activities(text=…)`, and `Store.ingest_upload` of a generated order (every
upload's content is new, so each is read and stored, not skipped) with the route's audit
entry and `Store.record`. The API checks the bearer token of every request as for any
client (its account is remembered for `store.users.TOKEN_CACHE_SECONDS`, then looked up
again). The machine is shared: one client makes the Python and the API call in turn, call
by call, and the overhead is the median of their ratio; four clients are timed in
alternated rounds, best of `ROUNDS`. Four clients are timed twice: against `roadmap serve` in
one process, whose four request threads take turns at one interpreter lock as the four Python
threads do, and against `roadmap serve --workers N` (`--workers`, default the number of cores),
as a server for several clients at once is run.

Two figures for each: what the API adds to the wall time of a call (what a client waits for),
and to its CPU time (this process's CPU for the Python call; for the API call this process's
plus the server's, read from /proc). On a shared machine the wall figure carries the waits of
the four hand-offs an HTTP call makes that a Python call does not (client to server, event
loop to worker thread and back, server to client): each is a wait for a core while other
processes run. The CPU figure is the work the API adds, which sharing disturbs much less.
The search client is the standard library's `http.client` on a kept-alive connection, as
lean as a client gets, so the figure is the API's and not a client library's; the same search
through `httpx` (the upload client) is printed beside it. Run from the project root:

    .venv/bin/python -m benchmarks.api [--activities 100000] [--searches 40] [--uploads 8] [--workers N]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import httpx

from benchmarks.batch import QUERIES, synthesize_activities
from store import open_store
from store.audit import AuditLog
from store.users import Accounts
from tests.accounts import KOZELSK, build_order

ROOT = Path(__file__).resolve().parent.parent
ROWS = 30  # rows of each uploaded order: a typical municipal road map
ROUNDS = 3


def serve(url: str, port: int, log: Path, workers: int = 1) -> subprocess.Popen:
    """`roadmap serve --workers WORKERS` on 127.0.0.1:`port` over the store at `url`, answering
    /health."""
    roadmap = str(Path(sys.executable).parent / "roadmap")
    command = [roadmap, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", url]
    command += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"roadmap serve exited: {log.read_text(encoding='utf-8')[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    raise TimeoutError("roadmap serve did not answer")


def rate(clients: int, calls: int, call: Callable[[int], None]) -> float:
    """Calls per second of `clients` threads making `calls` calls each (`call(n)`, n unique)."""
    counter = itertools.count()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        work = [pool.submit(lambda: [call(next(counter)) for _ in range(calls)]) for _ in range(clients)]
        for future in work:
            future.result()
    return clients * calls / (time.perf_counter() - started)


def cpu_seconds() -> float:
    """CPU seconds this process and its ended children (each extraction's fork) have used."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds process `pid`, its ended children and its running ones (a server's worker
    processes) have used (in clock-tick steps)."""
    children = []
    for thread in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):  # a thread that ended meanwhile
            children += map(int, (thread / "children").read_text().split())
    total = 0
    for process in (pid, *children):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a child that ended meanwhile: its time is in its parent's now
            continue
        total += sum(map(int, fields[11:15]))
    return total / os.sysconf("SC_CLK_TCK")


def timed(call: Callable[[int], None], calls: int) -> list[float]:
    """Seconds of each of `calls` calls."""
    seconds = []
    for n in range(calls):
        started = time.perf_counter()
        call(n)
        seconds.append(time.perf_counter() - started)
    return seconds


def paired(calls: int, python_call: Callable[[int], None], api_call: Callable[[int], None], server: int):
    """One client: the Python and the API call made in turn `calls` times (so the machine's
    load falls on both alike). The median call of each in seconds, what the API adds to the
    wall time (the median of API/Python per pair, minus one) and to the CPU time (this
    process's and the `server` process's over the API calls against this process's over the
    Python calls, minus one; the server idles while a Python call runs). As a row: req/s and
    ms of the median call of each, then the two."""
    python_seconds, api_seconds, python_cpu, api_cpu = [], [], 0.0, 0.0
    for n in range(calls):
        started = cpu_seconds()
        python_seconds += timed(lambda _n, n=n: python_call(n), 1)
        python_cpu += cpu_seconds() - started
        server_started, started = process_cpu_seconds(server), cpu_seconds()  # reads of /proc not counted
        api_seconds += timed(lambda _n, n=n: api_call(n), 1)
        api_cpu += cpu_seconds() - started + process_cpu_seconds(server) - server_started
    ratios = [a / p for a, p in zip(api_seconds, python_seconds, strict=True)]
    python_median, api_median = statistics.median(python_seconds), statistics.median(api_seconds)
    wall, cpu = statistics.median(ratios) - 1, api_cpu / python_cpu - 1
    return 1 / python_median, 1 / api_median, python_median * 1000, api_median * 1000, wall, cpu


def alternated(clients: int, calls: int, python_call, api_call, server: int):
    """`clients` clients in `ROUNDS` alternated rounds of Python then API calls: the best
    req/s of each and what the API adds to the wall time (best against best) and to the CPU
    time (this process's and the server's over all API rounds against this process's over
    all Python rounds). As a row: req/s of each, no ms, then the two."""
    python_rates, api_rates, python_cpu, api_cpu = [], [], 0.0, 0.0
    for _ in range(ROUNDS):
        started = cpu_seconds()
        python_rates.append(rate(clients, calls, python_call))
        python_cpu += cpu_seconds() - started
        server_started, started = process_cpu_seconds(server), cpu_seconds()  # reads of /proc not counted
        api_rates.append(rate(clients, calls, api_call))
        api_cpu += cpu_seconds() - started + process_cpu_seconds(server) - server_started
    best_python, best_api = max(python_rates), max(api_rates)
    return best_python, best_api, None, None, best_python / best_api - 1, api_cpu / python_cpu - 1


class LeanClient:
    """GET requests over one kept-alive `http.client` connection per thread, reopened when the
    server has closed an idle one (uvicorn does after 5 s)."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.port, self.headers, self.local = port, headers, threading.local()

    def get(self, path: str) -> bytes:
        for attempt in (1, 2):
            if not hasattr(self.local, "connection"):
                self.local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
            connection = self.local.connection
            try:
                connection.request("GET", path, headers=self.headers)
                answer = connection.getresponse()
                body = answer.read()
            except (http.client.RemoteDisconnected, ConnectionError):
                connection.close()
                del self.local.connection
                if attempt == 2:
                    raise
                continue
            if answer.status != 200:
                raise RuntimeError(f"GET {path}: {answer.status} {body[:200]!r}")
            return body
        raise AssertionError("unreachable")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=40, help="searches per client")
    parser.add_argument("--uploads", type=int, default=8, help="uploads per client")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="server processes of the second 4-client run"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as folder_name:
        folder = Path(folder_name)
        url = f"sqlite:///{folder / 'roadmap.db'}"
        started = time.perf_counter()
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as builder:
            builder.submit(synthesize_activities, url, args.activities).result()
        store = open_store(url)
        accounts = Accounts(store)
        accounts.add("bench", "bench-password", "methodist")
        headers = {"Authorization": f"Bearer {accounts.issue_token('bench')}"}
        total = store.stats()["activities"]
        print(f"store: {total} activities, {time.perf_counter() - started:.1f} s to build")

        # per side: a warm-up for each server; in each round 1 client, 4, and 4 on several processes
        servers = sorted({1, args.workers})
        each = len(servers) + ROUNDS * (1 + 4 * len(servers)) * args.uploads
        orders = [
            build_order(folder / "order.docx", KOZELSK, ROWS, seed=n).read_bytes() for n in range(2 * each)
        ]
        python_orders, api_orders = iter(orders[0::2]), iter(orders[1::2])  # alike documents on both sides

        def python_search(n: int) -> None:
            query = QUERIES[n % len(QUERIES)]
            store.activities(text=query, limit=50)
            store.count_activities(text=query)

        def python_upload(_n: int) -> None:  # what the route does: ingest, log, the stored record
            [result] = store.ingest_upload("приказ.docx", next(python_orders))
            AuditLog(store).record("bench", "upload", "ok", result.location, result.reason)
            assert result.status == "ok" and store.record(result.document_id) is not None

        base = f"http://127.0.0.1:{args.port}"
        local = {}  # one httpx.Client per thread, for the server now running

        def client() -> httpx.Client:
            key = threading.get_ident()
            if key not in local:
                local[key] = httpx.Client(base_url=base, headers=headers, timeout=600)
            return local[key]

        lean = LeanClient(args.port, headers)
        searches = [f"/activities?{urlencode({'text': query, 'limit': 50})}" for query in QUERIES]

        def api_search(n: int) -> None:
            lean.get(searches[n % len(searches)])

        def httpx_search(n: int) -> None:
            client().get(searches[n % len(searches)]).raise_for_status()

        def api_upload(_n: int) -> None:
            files = {"file": ("приказ.docx", next(api_orders))}
            client().post("/documents", files=files).raise_for_status()

        calls = (
            ("search (top 50 + count)", args.searches, python_search, api_search),
            (f"upload .docx, {ROWS} rows", args.uploads, python_upload, api_upload),
        )
        rows = []
        for workers in servers:
            server = serve(url, args.port, folder / f"serve-{workers}.log", workers)
            try:
                for n in range(len(QUERIES) * workers):  # warm the lemmatizer and the caches on both sides
                    python_search(n)
                    api_search(n)
                python_upload(0)  # and the extractor's imports and models
                api_upload(0)
                for name, count, python_call, api_call in calls:
                    if workers == 1:
                        rows.append((name, 1, 1, *paired(ROUNDS * count, python_call, api_call, server.pid)))
                    rows.append((name, 4, workers, *alternated(4, count, python_call, api_call, server.pid)))
                    if workers == 1 and api_call is api_search:
                        row = paired(ROUNDS * count, python_call, httpx_search, server.pid)
                        rows.append(("search, httpx client", 1, 1, *row))
                if workers == 1:
                    floor = statistics.median(timed(lambda _n: lean.get("/health"), 50))
            finally:
                server.terminate()
                server.wait(timeout=30)
                for opened in local.values():
                    opened.close()
                local.clear()  # the next server's clients connect anew (`lean` reconnects by itself)
        store.close()

    print(
        f"\n{'call':<26}{'clients':>8}{'processes':>10}{'Python req/s':>14}{'API req/s':>11}"
        f"{'Python ms':>11}{'API ms':>8}{'API adds: wall':>16}{'CPU':>8}"
    )
    for name, clients, processes, python_rate, api_rate, python_ms, api_ms, wall, cpu in rows:
        ms = f"{python_ms:>11.1f}{api_ms:>8.1f}" if python_ms is not None else " " * 19
        print(
            f"{name:<26}{clients:>8}{processes:>10}{python_rate:>14.2f}{api_rate:>11.2f}{ms}{wall:>16.1%}{cpu:>8.1%}"
        )
    print(
        "1 client: calls interleaved one by one, req/s and ms from the median call, wall: the median of "
        f"API/Python per pair minus one; 4 clients: best of {ROUNDS} alternated rounds. CPU: this process's "
        "and the server's CPU seconds for the API calls over this process's for the Python calls, minus one. "
        f"The floor of any HTTP call here (GET /health, median): {floor * 1000:.1f} ms."
    )


if __name__ == "__main__":
    main()
