"""Ruled tables of a PDF page: pdfplumber finds the grid, words are poured into its cells."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from pdfplumber.page import Page
from pdfplumber.table import Row as PlumberRow
from pdfplumber.table import Table as PlumberTable

from extractor.readers.pdf_layout import Line, Word, group_lines, is_word, join_lines, rejoins

_LEADING_LETTERS = re.compile(r"^\w+")
_DATE_HEAD = re.compile(r"(?<!\S)\d{1,2}\.\d{0,2}\.?\d{0,3}$")
_DATE_TAIL = re.compile(r"^[\d.]+(?![\d.])")
_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})")
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}

BBox = tuple[float, float, float, float]


@dataclass
class TablePart:
    """The rows of one table as printed on one page, with the part's vertical extent.

    `edges` are the x of the column boundaries, the table's own edges included. `spans`
    maps the (row, column) of a cell merged over several rows to the rows it covers, its
    own first; the cell's text is copied to each of them, as a reader of the printed table
    applies one "Ответственные" cell to every row beside it. `across` holds the rows with a
    cell merged over several columns (a section heading written across the plan).
    """

    top: float
    bottom: float
    rows: list[list[str]]
    edges: tuple[float, ...] = ()
    spans: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    across: set[int] = field(default_factory=set)


@dataclass
class _Grid:
    """Cell boxes of a pdfplumber table and the grid slots each box covers."""

    xs: list[float]
    ys: list[float]
    owner: dict[tuple[int, int], tuple[int, int]]
    boxes: dict[tuple[int, int], BBox]
    spans: dict[tuple[int, int], list[int]]
    width: int
    height: int

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        row, col = bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1
        return self.owner.get((row, col))


def ruled_tables(
    page: Page, words: Sequence[Word], rules: Sequence[dict] | None = None
) -> tuple[list[TablePart], list[Word]]:
    """Tables drawn with ruling lines on `page`, and the words that lie outside them.

    `rules` are ruling lines found elsewhere (in the bitmap of a scanned page), as pdfplumber
    line objects; given, they stand for the page's own lines and rectangles.
    """
    settings = _SETTINGS if rules is None else _explicit(rules)
    if settings is None or (rules is None and not (page.lines or page.rects)):
        return [], list(words)
    grids = [g for g in (_grid(t) for t in page.find_tables(settings)) if g.width >= 2]
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


def _explicit(rules: Sequence[dict]) -> dict | None:
    """Table settings that build cells from `rules` only; None without two lines each way."""
    vertical = [r for r in rules if r["x0"] == r["x1"]]
    horizontal = [r for r in rules if r["top"] == r["bottom"]]
    if len(vertical) < 2 or len(horizontal) < 2:
        return None
    return {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": vertical,
        "explicit_horizontal_lines": horizontal,
    }


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
    return _Grid(xs, ys, owner, boxes, _row_spans(rows, ys, boxes), width, len(rows))


def _row_spans(
    rows: Sequence[PlumberRow], ys: list[float], boxes: dict[tuple[int, int], BBox]
) -> dict[tuple[int, int], list[int]]:
    """The rows each cell merged over several rows covers (rows start where its top is)."""
    starts = [ys.index(row.bbox[1]) for row in rows]
    spans: dict[tuple[int, int], list[int]] = {}
    for (r, c), box in boxes.items():
        first, last = ys.index(box[1]), ys.index(box[3])
        covered = [r2 for r2, start in enumerate(starts) if first <= start < last]
        if len(covered) > 1:
            spans[r, c] = covered
    return spans


def _part(grid: _Grid, cells: dict[tuple[int, int], list[Word]]) -> TablePart:
    lines = {slot: group_lines(words) for slot, words in cells.items()}
    pad = max(0.0, min(ln.x0 - grid.boxes[slot][0] for slot, ls in lines.items() for ln in ls))
    rows = [["" for _ in range(grid.width)] for _ in range(grid.height)]
    for (r, c), cell_lines in lines.items():
        box = grid.boxes[r, c]
        rows[r][c] = cell_text(cell_lines, box[0] + pad, box[2] - pad)
    for (r, c), covered in grid.spans.items():
        for r2 in covered:
            rows[r2][c] = rows[r][c]
    across = {r for (r, _), box in grid.boxes.items() if grid.xs.index(box[2]) - grid.xs.index(box[0]) > 1}
    return TablePart(grid.ys[0], grid.ys[-1], rows, tuple(grid.xs), grid.spans, across)


def cell_text(lines: Sequence[Line], left: float, right: float) -> str:
    """The text of a cell whose text runs between `left` and `right`, lines joined with newlines.

    A word or a date too long for the cell, broken without a hyphen where it hit the cell's
    right edge, is joined back together (see `_forced_break`); hyphens as in `join_lines`.
    """
    text = ""
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None and _forced_break(prev, line, left, right):
            text += line.text
        else:
            text = join_lines(text, line.text, sep="\n")
    return text.rstrip()


def _cut_date(head: str, tail: str) -> bool:
    """A date too wide for its cell, cut at the edge: «01.02.20» + «25», «15.03.» + «2025»."""
    first, rest = _DATE_HEAD.search(head), _DATE_TAIL.match(tail)
    return bool(first and rest and _DATE.fullmatch(first.group() + rest.group()))


def _forced_break(prev: Line, line: Line, left: float, right: float) -> bool:
    """`prev` ends with a word or a date cut at the cell's edge and `line` starts with the rest of it.

    The layout breaks a word only when it is wider than the cell, so the first piece must
    fill its line to the edge, and the two pieces must make a date, or not fit the cell's
    width together and make a word of the dictionary together.
    """
    if prev.x1 < right - prev.height:
        return False
    if _cut_date(prev.text, line.text):
        return True
    if not (len(prev.words) == 1 and prev.text[-1].isalpha() and line.text[0].islower()):
        return False
    rest = _LEADING_LETTERS.match(line.text)
    too_wide = prev.width + line.words[0].width > right - left
    return rejoins(prev.text, line.text) or (
        too_wide and rest is not None and is_word(prev.text + rest.group())
    )
