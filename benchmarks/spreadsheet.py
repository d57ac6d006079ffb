"""Spreadsheet reading speed beside two baselines in the same run: openpyxl's own read-only
walk of the values of the same workbook, and the .docx reader on the same plan.

Builds a road map of `--rows` corpus rows (`tests/synthetic.py`) as an .xlsx (openpyxl) and as
a .docx (python-docx), then prints the best of `--repeat` times of each and their ratios. Run
from the project root:

    .venv/bin/python -m benchmarks.spreadsheet [--rows 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import openpyxl

from benchmarks.extract import best_time
from extractor.readers import read
from tests.synthetic import HEADER, build_long_plan, corpus_rows
from tests.synthetic import ROWS_PER_PAGE as DOCX_ROWS_PER_PAGE


def build_workbook(path: Path, rows: int) -> Path:
    """A plan sheet of `rows` numbered corpus rows under a title and a header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["План мероприятий («дорожная карта») на 2021-2022 учебный год"])
    sheet.append([])
    sheet.append(list(HEADER))
    source = corpus_rows()
    for index in range(rows):
        sheet.append([f"{index + 1}.", *source[index % len(source)]])
    book.save(path)
    return path


def plain_openpyxl(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    chars = sum(len(str(v)) for s in book.worksheets for r in s.iter_rows(values_only=True) for v in r if v)
    book.close()
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workbook = build_workbook(Path(folder) / "plan.xlsx", args.rows)
        document, _ = build_long_plan(Path(folder), round(args.rows / DOCX_ROWS_PER_PAGE), pdf=False)
        ours = best_time(read, workbook, args.repeat)
        walk = best_time(plain_openpyxl, workbook, args.repeat)
        word = best_time(read, document, args.repeat)
    print(f"{args.rows} rows, best of {args.repeat}")
    print(f"  read(.xlsx)            {ours:7.3f} s")
    print(f"  openpyxl values walk   {walk:7.3f} s   reader / walk  = {ours / walk:.2f}")
    print(f"  read(.docx), same plan {word:7.3f} s   .xlsx / .docx  = {ours / word:.2f}")


if __name__ == "__main__":
    main()
