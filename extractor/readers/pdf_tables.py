"""Ruled tables of a PDF page: pdfplumber finds the grid, words are poured into its cells."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from pdfplumber.page import Page
from pdfplumber.table import Table as PlumberTable

from extractor.readers.pdf_layout import Line, Word, group_lines, join_lines, rejoins

_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

BBox = tuple[float, float, float, float]


@dataclass
class TablePart:
    """The rows of one table as printed on one page, with the part's vertical extent."""

    top: float
    bottom: float
    rows: list[list[str]]


@dataclass
class _Grid:
    """Cell boxes of a pdfplumber table and the grid slots each box covers."""

    xs: list[float]
    ys: list[float]
    owner: dict[tuple[int, int], tuple[int, int]]
    boxes: dict[tuple[int, int], BBox]
    width: int
    height: int

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        row, col = bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1
        return self.owner.get((row, col))


def ruled_tables(page: Page, words: Sequence[Word]) -> tuple[list[TablePart], list[Word]]:
    """Tables drawn with ruling lines on `page`, and the words that lie outside them."""
    if not (page.lines or page.rects):
        return [], list(words)
    grids = [g for g in (_grid(t) for t in page.find_tables(_SETTINGS)) if g.width >= 2]
    if not grids:
        return [], list(words)
    cells: list[dict[tuple[int, int], list[Word]]] = [{} for _ in grids]
    rest: list[Word] = []
    for word in words:
        x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for grid, bucket in zip(grids, cells, strict=True):
            if (slot := grid.cell_at(x, y)) is not None:
                bucket.setdefault(slot, []).append(word)
                break
        else:
            rest.append(word)
    parts = [_part(grid, bucket) for grid, bucket in zip(grids, cells, strict=True) if bucket]
    return sorted(parts, key=lambda p: p.top), rest


def _grid(table: PlumberTable) -> _Grid:
    xs = sorted({x for box in table.cells for x in (box[0], box[2])})
    ys = sorted({y for box in table.cells for y in (box[1], box[3])})
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    boxes: dict[tuple[int, int], BBox] = {}
    rows = table.rows
    for r, row in enumerate(rows):
        for c, box in enumerate(row.cells):
            if box is None:
                continue
            boxes[r, c] = box
            for j in range(ys.index(box[1]), ys.index(box[3])):
                for i in range(xs.index(box[0]), xs.index(box[2])):
                    owner[j, i] = (r, c)
    width = max((len(row.cells) for row in rows), default=0)
    return _Grid(xs=xs, ys=ys, owner=owner, boxes=boxes, width=width, height=len(rows))


def _part(grid: _Grid, cells: dict[tuple[int, int], list[Word]]) -> TablePart:
    lines = {slot: group_lines(words) for slot, words in cells.items()}
    pad = max(0.0, min(ln.x0 - grid.boxes[slot][0] for slot, ls in lines.items() for ln in ls))
    rows = [["" for _ in range(grid.width)] for _ in range(grid.height)]
    for (r, c), cell_lines in lines.items():
        rows[r][c] = cell_text(cell_lines, grid.boxes[r, c][2] - pad)
    return TablePart(top=grid.ys[0], bottom=grid.ys[-1], rows=rows)


def cell_text(lines: Sequence[Line], inner_right: float) -> str:
    """The text of a cell, its lines joined with newlines.

    A word too long for the cell, broken without a hyphen where it hit the cell's right
    edge, is joined back together (see `rejoins`); hyphens as in `join_lines`.
    """
    text = ""
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None and _forced_break(prev, line, inner_right):
            text += line.text
        else:
            text = join_lines(text, line.text, sep="\n")
    return text


def _forced_break(prev: Line, line: Line, inner_right: float) -> bool:
    return (
        len(prev.words) == 1
        and prev.text[-1].isalpha()
        and line.text[0].islower()
        and prev.x1 >= inner_right - 0.5 * prev.height
        and rejoins(prev.text, line.text)
    )
