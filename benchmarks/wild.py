"""Reading files met in the wild: `extractor.extract` over every file of a folder, with counts.

Each file is extracted in a worker process under a time limit (a hang is killed and counted,
the worker restarted), and the outcome counted: read (with or without any text), refused by
reason (the typed error's class), crashed (any other exception), hung. A refusal whose message
spans more than one line is counted too. By default the folder is the other projects' test
files in `../shared/wild/files` (or `$ROADMAP_WILD`). Run from the project root:

    .venv/bin/python -m benchmarks.wild [--folder DIR] [--timeout 180] [--list]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

from extractor import ExtractionError
from extractor.readers import read
from extractor.structure import build_document
from model import Paragraph
from normalizer.pipeline import normalize_document

WILD = Path(os.environ.get("ROADMAP_WILD", Path(__file__).resolve().parents[2] / "shared" / "wild" / "files"))
"""Other projects' test files, beside the project (or where `ROADMAP_WILD` says)."""
_RUSSIAN_WORD = re.compile(r"\b[А-Яа-яЁё]{3,}\b")


def outcome(path: Path) -> tuple[str, str, str]:
    """(kind, detail, message) of extracting `path` as `extractor.extract` does: kind is read,
    empty (read, not one word), refused or crashed."""
    try:
        raw = read(path)
        document = normalize_document(build_document(raw))
    except ExtractionError as exc:
        return "refused", type(exc).__name__, str(exc)
    except Exception as exc:  # the benchmark counts what the extractor must never do
        last = traceback.format_exception_only(exc)[-1].strip()
        return "crashed", type(exc).__name__, last
    text = " ".join(
        block.text if isinstance(block, Paragraph) else " ".join(c for r in block.rows for c in r.cells)
        for block in raw.blocks
    )
    words, russian = len(text.split()), len(_RUSSIAN_WORD.findall(text))
    summary = f"{words} words ({russian} Russian), {len(document.activities)} activities"
    return ("read" if words else "empty"), "", summary


def _serve(connection: Connection) -> None:
    while True:
        path = connection.recv()
        connection.send(outcome(Path(path)))


class Worker:
    """A process extracting one file at a time, killed and replaced when it outlasts a limit."""

    def __init__(self) -> None:
        self.connection, child = multiprocessing.Pipe()
        self.process = multiprocessing.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()

    def run(self, path: Path, timeout: float) -> tuple[str, str, str]:
        self.connection.send(str(path))
        if self.connection.poll(timeout):
            try:
                return self.connection.recv()
            except EOFError:
                self.restart()
                return "crashed", "died", f"worker exited with {self.process.exitcode}"
        self.restart()
        return "hung", "", f"more than {timeout:g} s"

    def restart(self) -> None:
        self.process.kill()
        self.process.join()
        self.__init__()

    def close(self) -> None:
        self.process.kill()
        self.process.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=WILD)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per file")
    parser.add_argument("--list", action="store_true", help="print every file's outcome")
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.is_file())
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    multiline = 0
    worker = Worker()
    start = time.perf_counter()
    try:
        for path in files:
            kind, detail, message = worker.run(path, args.timeout)
            counts[kind] += 1
            if kind in ("refused", "crashed"):
                reasons[f"{kind} {detail}"] += 1
            multiline += kind == "refused" and "\n" in message
            if args.list or kind in ("crashed", "hung", "empty"):
                one_line = message.replace("\n", "\\n")
                print(f"{kind:<8} {detail:<24} {path.relative_to(args.folder)}: {one_line}", flush=True)
    finally:
        worker.close()
    seconds = time.perf_counter() - start
    print(
        f"\n{len(files)} files in {seconds:.0f} s: " + ", ".join(f"{k} {n}" for k, n in counts.most_common())
    )
    for reason, n in reasons.most_common():
        print(f"  {reason}: {n}")
    print(f"  refusals on more than one line: {multiline}")


if __name__ == "__main__":
    main()
