"""Bounded extraction: peak memory and time of every file, and of hostile ones, in its child.

For each file of `../shared/wild/files` (real files from other projects; skipped when absent)
and for bombs built here (a .docx whose body or picture inflates to GiBs of zeros, a PDF with a
flate-bombed content stream), `extractor.isolation` extracts it under the default budget; the
child's peak RSS comes from `wait4`. The baseline, in the same run, is the same extraction
inline (no child, no limit) for the wild files: its time, so the cost of the isolation shows.
The bombs are not run inline (that is what took 8 GB before). Run from the project root:

    .venv/bin/python -m benchmarks.bounded [--bomb-gib 4 (0: none)] [--wild FOLDER] [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from pathlib import Path

from extractor import extract
from extractor.isolation import Bounds, run_bounded
from tests.hostile import GiB, body_bomb_docx, flate_bomb_pdf, image_bomb_docx

WILD = Path(__file__).resolve().parent.parent.parent / "shared" / "wild" / "files"  # ../shared


def bounded(path: Path, bounds: Bounds) -> tuple[str, int, float]:
    """Outcome ("ok" or the error's class), child peak RSS (KiB) and seconds of one file."""
    started = time.perf_counter()
    try:
        peak = run_bounded(extract, path, bounds=bounds).peak_rss_kb
        outcome = "ok"
    except Exception as exc:  # a typed error, or a reader's bug (ChildFailure): both are counted
        peak, outcome = getattr(exc, "peak_rss_kb", 0), type(exc).__name__
    return outcome, peak, time.perf_counter() - started


def inline_seconds(path: Path) -> float:
    started = time.perf_counter()
    with contextlib.suppress(Exception):
        extract(path)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-gib", type=float, default=4.0)
    parser.add_argument("--wild", type=Path, default=WILD, help="folder of real files (skipped if absent)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N wild files")
    args = parser.parse_args()
    bounds = Bounds.from_env()
    print(f"budget: {bounds.memory_bytes // 2**20} MB, {bounds.seconds:g} s")
    with tempfile.TemporaryDirectory() as folder:
        size = int(args.bomb_gib * GiB)
        for bomb in (
            ()
            if not size
            else (
                body_bomb_docx(Path(folder), size),
                image_bomb_docx(Path(folder), size),
                flate_bomb_pdf(Path(folder) / "flate_bomb.pdf", size),
            )
        ):
            outcome, peak, seconds = bounded(bomb, bounds)
            print(
                f"{bomb.name} ({bomb.stat().st_size / 2**20:.1f} MB, inflates to {args.bomb_gib:g} GiB): "
                f"{outcome}, peak {peak // 1024} MB, {seconds:.1f} s"
            )
    wild = args.wild
    if not wild.is_dir():
        print(f"no wild files at {wild}")
        return
    files = sorted(p for p in wild.rglob("*") if p.is_file() and not p.is_symlink())
    files = files[: args.limit] if args.limit else files
    rows = []
    for path in files:
        outcome, peak, seconds = bounded(path, bounds)
        rows.append((path, outcome, peak, seconds, inline_seconds(path)))
    print(f"wild files: {len(rows)}, ok {sum(1 for r in rows if r[1] == 'ok')}")
    limited = [r for r in rows if r[1] in ("MemoryLimitError", "TimeLimitError")]
    print(f"over the budget: {len(limited)} {[str(r[0].relative_to(wild)) for r in limited]}")
    for path, outcome, peak, seconds, _inline in sorted(rows, key=lambda row: -row[2])[:5]:
        print(f"  peak {peak // 1024} MB, {seconds:.1f} s, {outcome}: {path.relative_to(wild)}")
    total_bounded, total_inline = sum(r[3] for r in rows), sum(r[4] for r in rows)
    print(
        f"time: bounded {total_bounded:.1f} s, inline baseline {total_inline:.1f} s, "
        f"overhead {(total_bounded - total_inline) / len(rows) * 1000:.0f} ms a file"
    )


if __name__ == "__main__":
    main()
