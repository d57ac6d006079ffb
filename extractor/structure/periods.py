"""Calendar plans: a column per period («I квартал», «Сентябрь», «2026») instead of one «Срок».

A run of two or more adjacent header cells that each name a period (`data/periods.tsv`), whose
cells below hold marks (`data/marks.tsv`: «+», «х», «✓», «в течение месяца»), is one deadline:
a row's deadline is written from the headers of its marked cells («II квартал, IV квартал»),
in the words of the plan, for the normalizer to read against the plan period. A cell that
holds a date of its own instead of a mark («15.10.2025») gives that date. A run whose cells
hold figures (indicator values per year) is no calendar. Months written as numbers («09», «1»)
are read as the months they number («Сентябрь», «Январь») where the run is clearly a year's
(`month_columns`).
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


_MONTH_NUMBER = re.compile(r"0?[1-9]|1[0-2]")
_MONTHS = (
    "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
    "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
)  # fmt: skip
_MONTHS_KIND = "months"
"""The kind of periods.tsv entries naming the months below a cell, not a period."""


def _rows(name: str) -> list[list[str]]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and line[0] != "#"]


def _alternation(entries: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.strip()})" for p in entries))


@cache
def _period() -> re.Pattern[str]:
    return _alternation([row[1] for row in _rows("periods.tsv") if row[0] != _MONTHS_KIND])


@cache
def _months_above() -> re.Pattern[str]:
    return _alternation([row[1] for row in _rows("periods.tsv") if row[0] == _MONTHS_KIND])


@cache
def _mark() -> re.Pattern[str]:
    return _alternation([row[0] for row in _rows("marks.tsv")])


def is_period(cell: str) -> bool:
    """A header cell naming one period: «I квартал», «II кв.», «Сентябрь», «2026 год»."""
    return bool(_period().fullmatch(fold(cell)))


def _names_months(cell: str) -> bool:
    """A cell over month numbers that says they are months («Месяц») or names their year."""
    folded = fold(cell)
    return bool(_months_above().fullmatch(folded) or _period().fullmatch(folded))


def _clear_months(run: Sequence[int], cells: Sequence[str], above: Sequence[str]) -> bool:
    """Is a run of consecutive month numbers a year's months: one written with a leading zero,
    the run going on from December to January, or the run under cells spanning it that name
    months or a year (a row numbering the columns is none of these)?"""
    numbers = [cells[c].strip() for c in run]
    if any(n.startswith("0") for n in numbers) or any(int(a) == 12 for a in numbers[:-1]):
        return True
    tops = [above[c].strip() if c < len(above) else "" for c in range(run[0] + 1)]
    filled_left = [t for t in tops if t]
    inside = [above[c].strip() for c in run[1:] if c < len(above) and above[c].strip()]
    spans = len(inside) < len(run) - 1
    return bool(filled_left) and spans and all(_names_months(t) for t in [filled_left[-1], *inside])


def month_columns(cells: Sequence[str], above: Sequence[str] = ()) -> dict[int, str]:
    """The columns of a header row `cells` that number months («09», «1»), each with the month
    it names («Сентябрь»): runs of two or more adjacent consecutive months (December followed by
    January) that are clearly a year's months, `above` being the header row over `cells`."""
    found: dict[int, str] = {}
    run: list[int] = []
    for col, cell in enumerate([*cells, ""]):
        number = cell.strip()
        month = int(number) if _MONTH_NUMBER.fullmatch(number) else None
        follows = run and col == run[-1] + 1 and month == int(cells[run[-1]]) % 12 + 1
        if run and not follows:
            if len(run) >= _MIN_RUN and _clear_months(run, cells, above):
                found.update((c, _MONTHS[int(cells[c]) - 1]) for c in run)
            run = []
        if month is not None:
            run.append(col)
    return found


def is_mark(cell: str) -> bool:
    """A cell saying the activity happens in its column's period: «+», «Х», «✓», «в течение месяца»."""
    return bool(_mark().fullmatch(fold(cell)))


def period_run(header: Sequence[str]) -> tuple[int, ...] | None:
    """The columns of the longest run of adjacent period headers (at least two), or None."""
    best: tuple[int, ...] = ()
    run: list[int] = []
    months = month_columns(header)
    for col, cell in enumerate([*header, ""]):
        if cell and (is_period(cell) or col in months):
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
