"""Table rows and cells cut by a page break, put back together.

A table that runs over a page break is printed as one part per page, each usually under
a repeated header. Two things are cut at the break:

- a cell merged over several rows ("Ответственные" for a group of activities) goes on
  past the break: its text is printed where it falls (often all of it on the first page,
  the rest of the cell empty; sometimes, centred, all of it on the second), and on each
  page the piece is one cell spanning the rows it covers there. Every row it covers gets
  the whole text;
- a row split by the break goes on at the top of the next page as a row of its own with
  an empty number cell; it is joined to the row it continues, cell by cell.

A merged cell cut down to one row on each side of the break looks like two cells, one of
them empty. It is read as one merged cell where the table has no other row like the one
with the empty cell that leaves that column empty: a column the plan always fills is not
left empty by chance exactly at a page break (see `_carries`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from extractor.readers.pdf_layout import join_lines
from extractor.readers.pdf_tables import TablePart
from model import Row, Table

_EDGE_TOLERANCE = 3.0


@dataclass
class PagePart:
    """A table as printed on one page: what was read of it and the rows it gives."""

    scan: TablePart
    page: int

    @cached_property
    def table(self) -> Table:
        return Table(rows=[Row(cells=cells, page=self.page) for cells in self.scan.rows], page=self.page)

    def goes_on_in(self, part: PagePart) -> bool:
        """`part` is this table going on on the next page: the same column edges."""
        edges, other = self.scan.edges, part.scan.edges
        return (
            part.page == self.page + 1
            and len(edges) == len(other)
            and all(abs(a - b) <= _EDGE_TOLERANCE for a, b in zip(edges, other, strict=True))
        )

    def span_through(self, row: int, column: int) -> list[int]:
        """The rows of the part that the cell at (`row`, `column`) covers ([`row`] if not merged)."""
        for (_, c), rows in self.scan.spans.items():
            if c == column and row in rows:
                return rows
        return [row]


@dataclass
class _Cut:
    """A page break inside a table: the last row before it and the first row after it."""

    prev: PagePart
    part: PagePart
    last: int
    first: int

    @property
    def rows(self) -> tuple[Row, Row]:
        return self.prev.table.rows[self.last], self.part.table.rows[self.first]

    def headings(self) -> bool:
        """Either row is a heading written across the table."""
        return self.last in self.prev.scan.across or self.first in self.part.scan.across

    def fill(self, column: int, text: str) -> None:
        """Give every row the cell at the break covers, on both pages, `text`."""
        for r in self.prev.span_through(self.last, column):
            self.prev.table.rows[r].cells[column] = text
        for r in self.part.span_through(self.first, column):
            self.part.table.rows[r].cells[column] = text


def join_page_parts(run: Sequence[PagePart]) -> list[Table]:
    """The tables of `run` (parts with no text between them), each part going on across
    a page break joined to the one before it and mended where the break cut it."""
    tables: list[Table] = []
    cuts: list[list[_Cut]] = []
    merged_headings = any(part.scan.across for part in run)
    for prev, part in itertools.pairwise([None, *run]):
        if prev is None or not prev.goes_on_in(part):
            tables.append(part.table)
            cuts.append([])
            continue
        cut = _cut(prev, part)
        joined = None
        if cut is not None and _continues_row(cut, merged_headings):
            joined = _join_split_row(cut)
        elif cut is not None:
            cuts[-1].append(cut)
        tables[-1].rows.extend(row for row in part.table.rows if row is not joined)
    for table, table_cuts in zip(tables, cuts, strict=True):
        _mend_merged_cells(table, table_cuts)
    return [table for table in tables if table.rows]


def _cut(prev: PagePart, part: PagePart) -> _Cut | None:
    first = next((r for r, row in enumerate(part.table.rows) if not row.is_header), None)
    if first is None or not prev.table.rows:
        return None
    return _Cut(prev, part, len(prev.table.rows) - 1, first)


def _continues_row(cut: _Cut, merged_headings: bool) -> bool:
    """The first row after the break is the rest of the last one: no number of its own,
    not a heading.

    In a table whose headings are cells merged across columns, a heading is such a row;
    elsewhere, a row of one cell of text starting with a capital letter.
    """
    last, row = cut.rows
    if not last.cells[0].strip() or row.cells[0].strip() or cut.first in cut.part.scan.across:
        return False
    texts = [cell.strip() for cell in row.cells if cell.strip()]
    if not texts:
        return False
    return merged_headings or not (len(texts) == 1 and texts[0][0].isupper())


def _join_split_row(cut: _Cut) -> Row:
    """Join the rest of a split row to it; a merged cell through it gets the joined text."""
    last, row = cut.rows
    for column, (head, tail) in enumerate(zip(last.cells, row.cells, strict=True)):
        text = head if not tail or tail == head else join_lines(head, tail, sep="\n")
        cut.fill(column, text)
    return row


def _mend_merged_cells(table: Table, cuts: list[_Cut]) -> None:
    """Fill the empty piece of each merged cell that a break in `table` cut in two, break
    after break (a cell may run over a whole page and past the next break too)."""
    at_breaks = {id(row) for cut in cuts for row in cut.rows}
    others = [row for row in table.rows if not row.is_header and id(row) not in at_breaks]
    for cut in cuts:
        if cut.headings():
            continue
        pairs = enumerate(zip(*(row.cells for row in cut.rows), strict=True))
        fills = [
            (column, head or tail)
            for column, (head, tail) in pairs
            if bool(head) != bool(tail) and _carries(cut, column, others)
        ]
        for column, text in fills:
            cut.fill(column, text)


def _carries(cut: _Cut, column: int, others: list[Row]) -> bool:
    """The empty cell at the break is the rest of the filled one across it.

    It is when either is merged over several rows: the merged cell reaches the break, and
    an empty cell there is its piece. Else, when the row with the empty cell keeps at least
    as much text of its own past the number as it lacks (a heading row does not), and no
    other row filled where it is leaves the column empty.
    """
    if len(cut.prev.span_through(cut.last, column)) > 1 or len(cut.part.span_through(cut.first, column)) > 1:
        return True
    last, first = cut.rows
    row = last if not last.cells[column] else first
    own = [bool(cell) for cell in row.cells]
    if sum(own[1:]) < own.count(False):
        return False
    return not any(
        not other.cells[column]
        and all(filled or not mine for filled, mine in zip(map(bool, other.cells), own, strict=True))
        for other in others
    )
