"""What the HTTP API adds: requests per second for a .docx upload and an activity search on
a store of 100,000 activities, with 1 and 4 concurrent clients, beside the same calls made
in Python on the same store in the same run.

The store is a fresh SQLite file filled as `benchmarks/batch.py` fills it (activities
recombined from the corpus's own). `roadmap serve` runs as a real uvicorn process on a
loopback port (127.0.0.1 only); clients are threads with their own `httpx.Client` and a
bounded number of requests each. The Python baseline calls what the routes call:
`Store.activities(text=…, limit=50)` with `Store.count_activities(text=…)`, and
`Store.ingest_upload` of a generated order (every upload's content is new, so each is read
and stored, not skipped). The API checks the bearer token of every request as for any client
(its account is remembered for `store.users.TOKEN_CACHE_SECONDS`, then looked up again). The
machine is shared: one client makes the Python and the API call in turn, call by call, and the
overhead is the median of their ratio; four clients are timed in alternated rounds, best of
`ROUNDS`. Run from the project root:

    .venv/bin/python -m benchmarks.api [--activities 100000] [--searches 40] [--uploads 8]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from benchmarks.batch import QUERIES, synthesize_activities
from store import open_store
from store.users import Accounts
from tests.accounts import KOZELSK, build_order

ROOT = Path(__file__).resolve().parent.parent
ROWS = 30  # rows of each uploaded order: a typical municipal road map
ROUNDS = 3


def serve(url: str, port: int, log: Path) -> subprocess.Popen:
    """`roadmap serve` on 127.0.0.1:`port` over the store at `url`, answering /health."""
    roadmap = str(Path(sys.executable).parent / "roadmap")
    command = [roadmap, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", url]
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


def timed(call: Callable[[int], None], calls: int) -> list[float]:
    """Seconds of each of `calls` calls."""
    seconds = []
    for n in range(calls):
        started = time.perf_counter()
        call(n)
        seconds.append(time.perf_counter() - started)
    return seconds


def paired(calls: int, python_call: Callable[[int], None], api_call: Callable[[int], None]):
    """One client: the Python and the API call made in turn `calls` times (so the machine's
    load falls on both alike); req/s of the median call of each, and the median of the
    API's time over Python's, per pair, minus one."""
    python_seconds, api_seconds = [], []
    for n in range(calls):
        python_seconds += timed(lambda _n, n=n: python_call(n), 1)
        api_seconds += timed(lambda _n, n=n: api_call(n), 1)
    ratios = [a / p for a, p in zip(api_seconds, python_seconds, strict=True)]
    return (
        1 / statistics.median(python_seconds),
        1 / statistics.median(api_seconds),
        statistics.median(ratios) - 1,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=40, help="searches per client")
    parser.add_argument("--uploads", type=int, default=8, help="uploads per client")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roadmap-bench-") as folder_name:
        folder = Path(folder_name)
        url = f"sqlite:///{folder / 'roadmap.db'}"
        started = time.perf_counter()
        synthesize_activities(url, args.activities)
        store = open_store(url)
        accounts = Accounts(store)
        accounts.add("bench", "bench-password", "methodist")
        headers = {"Authorization": f"Bearer {accounts.issue_token('bench')}"}
        total = store.stats()["activities"]
        print(f"store: {total} activities, {time.perf_counter() - started:.1f} s to build")

        each = ROUNDS * (1 + 4) * args.uploads  # uploads per side: 1 client, then 4 in each round
        orders = [
            build_order(folder / "order.docx", KOZELSK, ROWS, seed=n).read_bytes() for n in range(2 * each)
        ]
        python_orders, api_orders = iter(orders[:each]), iter(orders[each:])

        def python_search(n: int) -> None:
            query = QUERIES[n % len(QUERIES)]
            store.activities(text=query, limit=50)
            store.count_activities(text=query)

        def python_upload(_n: int) -> None:
            assert store.ingest_upload("приказ.docx", next(python_orders))[0].status == "ok"

        server = serve(url, args.port, folder / "serve.log")
        base = f"http://127.0.0.1:{args.port}"
        local = {}  # one httpx.Client per thread

        def client() -> httpx.Client:
            key = threading.get_ident()
            if key not in local:
                local[key] = httpx.Client(base_url=base, headers=headers, timeout=600)
            return local[key]

        def api_search(n: int) -> None:
            answer = client().get("/activities", params={"text": QUERIES[n % len(QUERIES)], "limit": 50})
            answer.raise_for_status()

        def api_upload(_n: int) -> None:
            files = {"file": ("приказ.docx", next(api_orders))}
            client().post("/documents", files=files).raise_for_status()

        try:
            for n in range(len(QUERIES)):  # warm the lemmatizer and the database caches on both sides
                python_search(n)
                api_search(n)
            rows = []
            for name, calls, python_call, api_call in (
                ("search (top 50 + count)", args.searches, python_search, api_search),
                (f"upload .docx, {ROWS} rows", args.uploads, python_upload, api_upload),
            ):
                rows.append((name, 1, *paired(ROUNDS * calls, python_call, api_call)))
                python_rates, api_rates = [], []
                for _ in range(ROUNDS):  # alternated, best of each: the machine is shared
                    python_rates.append(rate(4, calls, python_call))
                    api_rates.append(rate(4, calls, api_call))
                best_python, best_api = max(python_rates), max(api_rates)
                rows.append((name, 4, best_python, best_api, best_python / best_api - 1))
            floor = statistics.median(timed(lambda _n: client().get("/health").raise_for_status(), 50))
        finally:
            server.terminate()
            server.wait(timeout=30)
            for opened in local.values():
                opened.close()
            store.close()

    print(f"\n{'call':<26}{'clients':>8}{'Python req/s':>14}{'API req/s':>12}{'API adds':>10}")
    for name, clients, python_rate, api_rate, adds in rows:
        print(f"{name:<26}{clients:>8}{python_rate:>14.2f}{api_rate:>12.2f}{adds:>10.1%}")
    print(
        "1 client: calls interleaved one by one, req/s from the median call, API adds the median of "
        f"API/Python per pair minus one; 4 clients: best of {ROUNDS} alternated rounds. "
        f"The floor of any HTTP call here (GET /health, median): {floor * 1000:.1f} ms."
    )


if __name__ == "__main__":
    main()
