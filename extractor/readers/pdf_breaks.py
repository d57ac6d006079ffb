"""Table rows and cells cut by a page break, put back together.

A table that runs over a page break is printed as one part per page, each usually under
a repeated header. Two things are cut at the break:

- a cell merged over several rows ("Ответственные" for a group of activities) goes on
  past the break: its text is printed where it falls (often all of it on the first page,
  the rest of the cell empty), and on the next page it is one cell spanning the first
  rows under the header. Every row it covers gets the whole text;
- a row split by the break goes on at the top of the next page as a row of its own with
  an empty number cell; it is joined to the row it continues, cell by cell.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from extractor.model import Row, Table
from extractor.readers.pdf_layout import join_lines
from extractor.readers.pdf_tables import TablePart

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


def join_page_parts(run: Sequence[PagePart]) -> list[Table]:
    """The tables of `run` (parts with no text between them), each part going on across
    a page break joined to the one before it and mended where the break cut it."""
    tables: list[Table] = []
    merged_headings = any(part.scan.across for part in run)
    for prev, part in itertools.pairwise([None, *run]):
        if prev is None or not prev.goes_on_in(part):
            tables.append(part.table)
            continue
        joined = _mend(prev, part, merged_headings)
        tables[-1].rows.extend(row for row in part.table.rows if row is not joined)
    return [table for table in tables if table.rows]


def _mend(prev: PagePart, part: PagePart, merged_headings: bool) -> Row | None:
    """Mend `part` where the page break after `prev` cut it; return its row joined to `prev`."""
    first = next((r for r, row in enumerate(part.table.rows) if not row.is_header), None)
    if first is None or not prev.table.rows:
        return None
    last, row = prev.table.rows[-1], part.table.rows[first]
    continues = _continues_row(part, first, last, merged_headings)
    for column in range(part.table.width):
        _carry_merged_cell(prev, part, first, column, continues)
    if not continues:
        return None
    _join_rows(last, row)
    return row


def _continues_row(part: PagePart, first: int, last: Row, merged_headings: bool) -> bool:
    """Row `first` of `part` is the rest of `last`: no number of its own, not a heading.

    In a table whose headings are cells merged across columns, a heading is such a row;
    elsewhere, a row of one cell of text starting with a capital letter.
    """
    row = part.table.rows[first]
    if not last.cells[0].strip() or row.cells[0].strip() or first in part.scan.across:
        return False
    texts = [cell.strip() for cell in row.cells if cell.strip()]
    if not texts:
        return False
    return merged_headings or not (len(texts) == 1 and texts[0][0].isupper())


def _carry_merged_cell(prev: PagePart, part: PagePart, first: int, column: int, continues: bool) -> None:
    """Give every row a merged cell covers on both pages the cell's whole text.

    The cell goes on past the break when it spans several rows below it (the first of
    them an empty cell or the rest of a split row), or when, empty below it, it spans
    several rows above it down to the break. A merge that ends on one row on each side
    of the break looks like two cells and is left as printed.
    """
    last = len(prev.table.rows) - 1
    head, tail = prev.table.rows[last].cells[column], part.table.rows[first].cells[column]
    above = next((rows for (_, c), rows in prev.scan.spans.items() if c == column and last in rows), None)
    below = part.scan.spans.get((first, column))
    if not head or (tail and not continues) or not (below or (above and not tail)):
        return
    text = join_lines(head, tail, sep="\n")
    for r in above or [last]:
        prev.table.rows[r].cells[column] = text
    for r in below or [first]:
        part.table.rows[r].cells[column] = text


def _join_rows(last: Row, row: Row) -> None:
    for column, tail in enumerate(row.cells):
        if tail and tail != last.cells[column]:
            last.cells[column] = join_lines(last.cells[column], tail, sep="\n")
