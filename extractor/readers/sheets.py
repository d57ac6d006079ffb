"""A spreadsheet's sheet laid out as a document: the lines above and below its table become
paragraphs, the table becomes a `Table`, as the .docx reader would give them.

A sheet has no paragraphs, only cells, so the layout is read from where text stands. Rows are
cut into runs at blank rows (hidden rows neither count nor cut). In each run, the rows holding
one cell at most at its top and bottom are lines of text (a title, «Приложение к приказу …»,
a signature); what lies between is a table. A table with at least two rows of three cells or
more is a data table on the sheet's columns (the same for every table of the sheet, so a plan
cut by a blank row goes on with the same columns); a smaller one (an approval stamp of two
columns, a signature line) keeps only its own columns, as a layout table in Word would.

Merged cells are laid out as the .docx reader lays them: a range's text stands in its first
visible column, the other columns are empty, and every visible row of it repeats the text
(as a line of text it is said once). Hidden rows and columns and columns without text are left out.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field

from extractor.errors import PackageLimitError
from model import Block, Paragraph, Row, Table

DATA_CELLS = 3  # a row of a data table has this many cells with text
DATA_ROWS = 2  # and a data table has this many such rows
MAX_SPREAD = 2_000_000  # cells that merged ranges may cover, all of a sheet's together


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive, as Excel counts rows and columns."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass
class Grid:
    """The text of one sheet: cell texts by (row, column), 1-based; merged ranges; hidden rows
    and columns."""

    cells: dict[tuple[int, int], str]
    merges: list[Merge] = field(default_factory=list)
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()


def sheet_blocks(grid: Grid, where: str = "") -> list[Block]:
    """The paragraphs and tables of the sheet `grid` in reading order (see the module
    docstring); `where` names the file in a `PackageLimitError` for merges past `MAX_SPREAD`."""
    cells, repeated = _spread(grid, where)
    columns = sorted({c for _, c in cells})
    index = {c: k for k, c in enumerate(columns)}
    rows: dict[int, list[str]] = {}
    for (r, c), text in cells.items():
        rows.setdefault(r, [""] * len(columns))[index[c]] = text
    lone = {r: _lone_text(r, row, columns, repeated) for r, row in rows.items()}
    blocks: list[Block] = []
    for run in _runs(sorted(rows), sorted(grid.hidden_rows)):
        start, end = 0, len(run)
        while start < end and _filled(rows[run[start]]) <= 1:
            start += 1
        while end > start and _filled(rows[run[end - 1]]) <= 1:
            end -= 1
        blocks += _paragraphs(lone[r] for r in run[:start])
        if start < end:
            blocks.append(_table([rows[r] for r in run[start:end]]))
        blocks += _paragraphs(lone[r] for r in run[end:])
    return blocks


def _spread(grid: Grid, where: str) -> tuple[dict[tuple[int, int], str], set[tuple[int, int]]]:
    """The visible cells with text, each merged range's text spread over its rows; and the
    cells holding a repeated copy of it."""
    hidden_rows, hidden_columns = grid.hidden_rows, grid.hidden_columns
    cells = {
        (r, c): text
        for (r, c), text in grid.cells.items()
        if text and r not in hidden_rows and c not in hidden_columns
    }
    if not cells:
        return {}, set()
    last_row, last_col = max(r for r, _ in cells), max(c for _, c in cells)
    repeated: set[tuple[int, int]] = set()
    covered = 0
    for merge in grid.merges:
        text = grid.cells.get((merge.min_row, merge.min_col), "")
        max_row, max_col = min(merge.max_row, last_row), min(merge.max_col, last_col)
        covered += max(max_row - merge.min_row + 1, 0) * max(max_col - merge.min_col + 1, 0)
        if covered > MAX_SPREAD:
            raise PackageLimitError(
                where, f"превышен лимит размера: объединённые ячейки покрывают больше {MAX_SPREAD} ячеек"
            )
        visible_rows = [r for r in range(merge.min_row, max_row + 1) if r not in hidden_rows]
        visible_cols = [c for c in range(merge.min_col, max_col + 1) if c not in hidden_columns]
        for r in visible_rows:
            for c in visible_cols:
                cells.pop((r, c), None)
        if not text or not visible_rows or not visible_cols:
            continue
        for r in visible_rows:
            cells[r, visible_cols[0]] = text
            if r != visible_rows[0]:
                repeated.add((r, visible_cols[0]))
    return cells, repeated


def _runs(rows: list[int], hidden: list[int]) -> Iterator[list[int]]:
    """`rows` (sorted row numbers with text) cut where a visible blank row stands between two."""
    run: list[int] = []
    for r in rows:
        if run:
            between = r - run[-1] - 1
            hidden_between = bisect.bisect_left(hidden, r) - bisect.bisect_right(hidden, run[-1])
            if between > hidden_between:
                yield run
                run = []
        run.append(r)
    if run:
        yield run


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c)


def _lone_text(r: int, cells: list[str], columns: list[int], repeated: set[tuple[int, int]]) -> str:
    """The text of a row read as a line: its cells joined, a merged range's repeated copy left out."""
    return " ".join(text for text, c in zip(cells, columns, strict=True) if text and (r, c) not in repeated)


def _paragraphs(texts: Iterator[str]) -> list[Block]:
    return [Paragraph(text=text) for text in texts if text]


def _table(rows: list[list[str]]) -> Table:
    """A data table on the sheet's columns, or a small layout table on its own columns."""
    if sum(1 for row in rows if _filled(row) >= DATA_CELLS) < DATA_ROWS:
        used = [k for k in range(len(rows[0])) if any(row[k] for row in rows)]
        rows = [[row[k] for k in used] for row in rows]
    return Table(rows=[Row(cells=row) for row in rows])
