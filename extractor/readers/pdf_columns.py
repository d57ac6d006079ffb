"""Tables drawn without ruling lines, found from the columns of the text.

A run of lines is a table when vertical gutters (x-ranges no word of the run touches)
cross all of it, at least three of its lines have text on both sides of a gutter, and the
text after each gutter starts at one x (a column's left edge), which running text with
stretched spaces never does. Rows start where a column gets new text: after an empty
line of that column, after a line that ended short, or after a wide vertical gap.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Sequence

from extractor.readers.pdf_layout import Line, Word, group_lines
from extractor.readers.pdf_tables import TablePart, cell_text

Gap = tuple[float, float]

_MIN_GUTTER = 0.6
_MAX_STEP = 2.5
_MIN_LINES = 3
_ALIGNED_SHARE = 0.6


def unruled_tables(lines: Sequence[Line]) -> tuple[list[TablePart], list[Line]]:
    """Split a page's lines into tables laid out in columns and the remaining lines."""
    parts: list[TablePart] = []
    rest: list[Line] = []
    start = 0
    while start < len(lines):
        end, gutters = _grow(lines, start)
        region = lines[start:end]
        if gutters and _is_table(region, gutters):
            parts.append(_part(region, gutters))
            start = end
        else:
            rest.append(lines[start])
            start += 1
    return parts, rest


def _grow(lines: Sequence[Line], start: int) -> tuple[int, list[Gap]]:
    """The longest run of lines from `start` that every gutter of its first line crosses."""
    first = lines[start]
    gutters = _wide(_inner_gaps(first), first.height)
    end = start + 1
    while gutters and end < len(lines):
        line, prev = lines[end], lines[end - 1]
        if line.top - prev.top > _MAX_STEP * max(line.height, prev.height):
            break
        narrowed = _wide(_subtract(gutters, line.words), first.height)
        if len(narrowed) < len(gutters):
            break
        gutters, end = narrowed, end + 1
    return end, gutters


def _inner_gaps(line: Line) -> list[Gap]:
    return [(a.x1, b.x0) for a, b in itertools.pairwise(line.words)]


def _wide(gaps: list[Gap], height: float) -> list[Gap]:
    return [(a, b) for a, b in gaps if b - a >= _MIN_GUTTER * height]


def _subtract(gaps: list[Gap], words: Sequence[Word]) -> list[Gap]:
    """The parts of `gaps` that no word covers."""
    for word in words:
        cut: list[Gap] = []
        for a, b in gaps:
            if word.x1 <= a or word.x0 >= b:
                cut.append((a, b))
                continue
            if word.x0 > a:
                cut.append((a, word.x0))
            if word.x1 < b:
                cut.append((word.x1, b))
        gaps = cut
    return gaps


def _is_table(region: Sequence[Line], gutters: list[Gap]) -> bool:
    cells = [_split(line, gutters) for line in region]
    spread = sum(1 for row in cells if sum(1 for c in row if c) >= 2)
    if len(region) < _MIN_LINES or spread < _MIN_LINES:
        return False
    return all(_aligned([row[col] for row in cells if row[col]]) for col in range(1, len(gutters) + 1))


def _aligned(column: list[list[Word]]) -> bool:
    """Most lines of a column start at one x (left-aligned) or end at one x (right-aligned)."""
    if len(column) < 2:
        return False
    for edge in ([ws[0].x0 for ws in column], [ws[-1].x1 for ws in column]):
        if max(sum(1 for x in edge if abs(x - c) <= 1.5) for c in edge) >= _ALIGNED_SHARE * len(column):
            return True
    return False


def _split(line: Line, gutters: list[Gap]) -> list[list[Word]]:
    """The words of `line` in each column between `gutters`."""
    bounds = [(a + b) / 2 for a, b in gutters]
    columns: list[list[Word]] = [[] for _ in range(len(gutters) + 1)]
    for word in line.words:
        columns[bisect_right(bounds, (word.x0 + word.x1) / 2)].append(word)
    return columns


def _part(region: Sequence[Line], gutters: list[Gap]) -> TablePart:
    cells = [_split(line, gutters) for line in region]
    columns = range(len(gutters) + 1)
    lefts = [min((w.x0 for row in cells for w in row[col]), default=0.0) for col in columns]
    rights = [max((w.x1 for row in cells for w in row[col]), default=0.0) for col in columns]
    rows: list[list[list[Word]]] = []
    for index, words in enumerate(cells):
        if not rows or _new_row(region, cells, index, rights):
            rows.append([[] for _ in words])
        for col, column_words in enumerate(words):
            rows[-1][col].extend(column_words)
    texts = [
        [cell_text(group_lines(words), lefts[col], rights[col]) for col, words in enumerate(row)]
        for row in rows
    ]
    edges = (min(lefts), *((a + b) / 2 for a, b in gutters), max(rights))
    return TablePart(top=region[0].top, bottom=region[-1].bottom, rows=texts, edges=edges)


def _new_row(region: Sequence[Line], cells: list[list[list[Word]]], index: int, rights: list[float]) -> bool:
    """A row starts at line `index` after a wide gap or where a column gets new text."""
    line, prev = region[index], region[index - 1]
    if line.top - prev.top > 1.6 * max(line.height, prev.height):
        return True
    for col, words in enumerate(cells[index]):
        above = cells[index - 1][col]
        if words and (not above or rights[col] - above[-1].x1 > words[0].width + 0.6 * line.height):
            return True
    return False
