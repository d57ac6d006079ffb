"""Extraction speed per format on one core, beside a plain-library baseline in the same run.

Builds a 20-page road map (.docx with python-docx, .pdf from it with LibreOffice) from the
corpus rows (`tests/synthetic.py`), then times `extractor.extract` and a plain walk of the
same file (python-docx paragraphs and cells; pdfplumber text and tables) on it and on every
corpus rendition. Run from the project root:

    .venv/bin/python -m benchmarks.extract [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx
import pdfplumber

from extractor import extract
from extractor.readers import read
from tests.synthetic import build_long_plan

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def plain_docx(path: Path) -> int:
    document = docx.Document(path)
    chars = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        chars += sum(len(cell.text) for row in table.rows for cell in row.cells)
    return chars


def plain_pdf(path: Path) -> int:
    chars = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            chars += sum(len(c or "") for t in page.extract_tables() for r in t for c in r)
    return chars


def best_time(function: Callable[[Path], object], path: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    baselines = {"docx": plain_docx, "pdf": plain_pdf}
    with tempfile.TemporaryDirectory() as tmp:
        long_docx, long_pdf = build_long_plan(Path(tmp), pages=20)
        files = [
            long_docx,
            long_pdf,
            *sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".docx", ".pdf"}),
        ]
        columns = ("pages", "chars", "ours s", "docs/s", "chars/s", "plain s", "ratio")
        print(f"{'file':34}", *(f"{c:>8}" for c in columns))
        totals: dict[str, list[float]] = {}
        for path in files:
            raw = read(path)
            ours = best_time(extract, path, args.repeat)
            fmt = raw.format
            baseline = baselines.get(fmt)
            plain = best_time(baseline, path, args.repeat) if baseline else float("nan")
            chars = raw.char_count
            totals.setdefault(fmt, [0, 0.0, 0])
            totals[fmt][0] += 1
            totals[fmt][1] += ours
            totals[fmt][2] += chars
            print(
                f"{path.name:34} {raw.page_count or 0:>8} {chars:>8} {ours:>8.3f} {1 / ours:>8.1f} "
                f"{chars / ours:>8.0f} {plain:>8.3f} {ours / plain:>8.2f}"
            )
        print()
        for fmt, (count, seconds, chars) in sorted(totals.items()):
            print(
                f"{fmt:5} {count / seconds:7.1f} documents/s  {chars / seconds:10.0f} characters/s (one core)"
            )


if __name__ == "__main__":
    main()
