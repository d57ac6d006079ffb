"""Calendar plans: a column per period («I квартал», «Сентябрь», «2026») instead of one «Срок».

A run of two or more adjacent header cells that each name a period (`data/periods.tsv`), whose
cells below hold marks (`data/marks.tsv`: «+», «х», «✓», «в течение месяца»), is one deadline:
a row's deadline is written from the headers of its marked cells («II квартал, IV квартал»),
in the words of the plan, for the normalizer to read against the plan period. A cell that
holds a date of its own instead of a mark («15.10.2025») gives that date. A run whose cells
hold figures (indicator values per year) is no calendar.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from extractor.structure.text import fold

_DATA = Path(__file__).resolve().parent.parent / "data"
_MIN_RUN = 2
_DATE = re.compile(
    r"\d{1,2}[./]\d{1,2}|(19|20)\d\d|январ|феврал|март|апрел|ма[йя]\b|июн|июл|август|сентябр|октябр|ноябр|декабр"
)
"""A cell with a date of its own: a day and month, a year or a month word."""


def _patterns(name: str, column: int) -> re.Pattern[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    entries = [line.split("\t")[column].strip() for line in lines if line.strip() and line[0] != "#"]
    return re.compile("|".join(f"(?:{p})" for p in entries))


@cache
def _period() -> re.Pattern[str]:
    return _patterns("periods.tsv", 1)


@cache
def _mark() -> re.Pattern[str]:
    return _patterns("marks.tsv", 0)


def is_period(cell: str) -> bool:
    """A header cell naming one period: «I квартал», «II кв.», «Сентябрь», «2026 год»."""
    return bool(_period().fullmatch(fold(cell)))


def is_mark(cell: str) -> bool:
    """A cell saying the activity happens in its column's period: «+», «Х», «✓», «в течение месяца»."""
    return bool(_mark().fullmatch(fold(cell)))


def period_run(header: Sequence[str]) -> tuple[int, ...] | None:
    """The columns of the longest run of adjacent period headers (at least two), or None."""
    best: tuple[int, ...] = ()
    run: list[int] = []
    for col, cell in enumerate([*header, ""]):
        if cell and is_period(cell):
            run.append(col)
            continue
        if len(run) > len(best):
            best = tuple(run)
        run = []
    return best if len(best) >= _MIN_RUN else None


def holds_marks(rows: Sequence[Sequence[str]], columns: Sequence[int]) -> bool:
    """Do the cells of `columns` read as a calendar: some marks, and marks in at least half the
    filled cells (a table of figures per year is no calendar)?"""
    filled = [r[c].strip() for r in rows for c in columns if c < len(r) and r[c].strip()]
    marks = sum(1 for c in filled if is_mark(c))
    return marks > 0 and 2 * marks >= len(filled)


def read_marks(labels: Sequence[str], cells: Sequence[str]) -> str:
    """A row's deadline from its period cells: the label of each marked cell, the cell itself
    where it holds a date, «label: cell» for other words; "" where nothing is marked."""
    parts = []
    for label, cell in zip(labels, cells, strict=True):
        cell = cell.strip()
        if not cell:
            continue
        if is_mark(cell):
            parts.append(label)
        elif _DATE.search(fold(cell)):
            parts.append(cell)
        else:
            parts.append(f"{label}: {cell}")
    return ", ".join(dict.fromkeys(parts))
