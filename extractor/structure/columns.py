"""Column roles of a plan table, from its header wording and its cells' content together.

Every column is scored for every role twice: by its header cell against the vocabulary of
`data/headers.tsv`, and by what its cells hold (`data/cells.tsv`: dates and periods, positions
and bodies, short item numbers, long action phrases). The roles are then assigned jointly, one
column per role, by the assignment of largest total score (`scipy.optimize.linear_sum_assignment`);
a column that fits no role well is left out, as are the extra columns the vocabulary names
(«Участники», «Примечание», ...). A header of two rows whose upper cells span sub-columns
(«Сроки» over «начало | окончание») is read as one column per spanning cell (`HeaderSpans`).
`reads_as_plan` then asks whether the rows under those roles
read as actions with deadlines or responsible parties.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

from extractor.structure import periods
from extractor.structure.text import fold

_DATA = Path(__file__).resolve().parent.parent / "data"


class Role(StrEnum):
    NUMBER = "number"
    TITLE = "title"
    DEADLINE = "deadline"
    RESPONSIBLE = "responsible"
    RESULT = "result"
    STATUS = "status"
    CONTEXT = "context"
    """A column giving the section of the rows beside it: «Направление» next to «Мероприятия»."""


_EXTRA = "extra"
_ROLES = tuple(Role)
_HEADER_WEIGHT = 2.0
"""A header cell naming a role counts twice what the cells below it say."""
_NONE_SCORE = 0.3
"""What a column scores for playing no role: a role must fit it better than that."""
_MAX_HEADER_CELL = 80
_MAX_HEADER_WORDS = 6
"""A header cell is a few words; a row whose cells say «мероприятие» or «срок» at length is data."""
_ITEM_NUMBER = re.compile(r"^(\d{1,3}(\s*\.\s*\d{1,3})*\.*\)?|[а-яёa-z]\)|[IVXLC]{1,6}\.?)$")
_INITIALS = re.compile(r"\b[А-ЯЁ]\.\s?[А-ЯЁ]\.|\b[А-ЯЁ][а-яё]+\s[А-ЯЁ]\.\s?[А-ЯЁ]?")
_TOKEN = re.compile(r"[а-яёa-z0-9]+(?:[./][а-яёa-z0-9]+)*")
_SAMPLE_ROWS = 60
"""Rows of a long table that its roles and its reading as a plan are judged on."""
_SAMPLE_CHARS = 4000
_YEAR = re.compile(r"^(19|20)\d\d$")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")


def _load(name: str, weighted: bool) -> dict[str, list[tuple[float, re.Pattern[str]]]]:
    entries: dict[str, list[tuple[float, re.Pattern[str]]]] = defaultdict(list)
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if weighted:
            key, weight, pattern = line.split("\t", 2)
        else:
            (key, pattern), weight = line.split("\t", 1), "1"
        entries[key].append((float(weight), re.compile(pattern.strip())))
    return entries


@cache
def _headers() -> dict[str, list[tuple[float, re.Pattern[str]]]]:
    return _load("headers.tsv", weighted=True)


@cache
def _cells() -> dict[str, re.Pattern[str]]:
    """One alternation per kind of cell wording."""
    return {
        kind: re.compile("|".join(f"(?:{p.pattern})" for _, p in entries))
        for kind, entries in _load("cells.tsv", weighted=False).items()
    }


def cell_pattern(kind: str) -> re.Pattern[str]:
    """The cell vocabulary of one kind (`label`, `stamp`, ...) as one pattern."""
    return _cells()[kind]


@dataclass(frozen=True)
class HeaderSpans:
    """A header whose cells group grid columns into one read column each: a first row whose
    cells span sub-columns of the second («Сроки» over «начало | окончание», «Ответственные»
    over «исполнитель | соисполнители»), or a run of period columns of a calendar plan
    («I квартал | II квартал | …», under a spanning «Срок» or not): each group names one field,
    read from its sub-columns joined. A one-row header has `second` equal to `first`."""

    first: tuple[str, ...]
    second: tuple[str, ...]
    groups: tuple[tuple[int, ...], ...]
    """The grid columns each column is read from, left to right."""
    ranges: frozenset[int]
    """Read columns whose two sub-columns are a start and an end, joined as «начало – конец»."""
    periods: frozenset[int] = frozenset()
    """Read columns whose sub-columns are periods, read as the periods marked (`periods`)."""
    months: dict[int, str] = field(default_factory=dict)
    """Grid columns headed by a month's number («09», «1»), with the month named («Сентябрь»)."""

    @property
    def header(self) -> list[str]:
        """One header cell per read column: the spanning cell, or the cell with its sub-heading;
        the periods of a calendar run with no spanning cell («I квартал – IV квартал»)."""
        cells = []
        for index, cols in enumerate(self.groups):
            top, below = self.first[cols[0]], self.second[cols[0]]
            if index in self.periods and (not top or periods.is_period(top)):
                cells.append(f"{self._period(cols[0], cols)} – {self._period(cols[-1], cols)}")
            else:
                cells.append(top if len(cols) > 1 or below in ("", top) else f"{top} {below}")
        return cells

    def read(self, cells: Sequence[str]) -> list[str]:
        """A row of the grid as read: the cells of each group joined («01.02.2025 – 31.12.2025»),
        the periods marked in a calendar run («II квартал, IV квартал»)."""
        read = []
        for index, cols in enumerate(self.groups):
            if index in self.periods:
                values = [cells[c] if c < len(cells) else "" for c in cols]
                read.append(periods.read_marks([self._period(c, cols) for c in cols], values))
                continue
            parts = dict.fromkeys(cells[c] for c in cols if c < len(cells) and cells[c])
            read.append((" – " if index in self.ranges else "; ").join(parts))
        return read

    def _period(self, col: int, cols: tuple[int, ...]) -> str:
        """The period a calendar column names: its sub-heading, with the year above it where a
        year spans it («I полугодие 2025»)."""
        label = self.months.get(col, self.second[col])
        if self.first == self.second:
            return label
        tops = [self.first[c] for c in cols if c <= col and self.first[c]]
        top = tops[-1] if tops else ""
        return f"{label} {top}" if top and top != label and periods.is_period(top) else label


@dataclass(frozen=True)
class ColumnRoles:
    """Which column plays which role; a role maps to at most one column. Under a two-row
    header (`spans`) the columns are those of the rows as `spans` reads them."""

    columns: dict[Role, int]
    width: int
    header: tuple[str, ...] = ()
    spans: HeaderSpans | None = None

    def get(self, role: Role) -> int | None:
        return self.columns.get(role)

    def view(self, cells: list[str]) -> list[str]:
        """A row's cells as the roles index them."""
        return self.spans.read(cells) if self.spans else cells

    @property
    def header_row(self) -> tuple[str, ...]:
        """The table's first header row as printed, to know it when a page repeats it."""
        return self.spans.first if self.spans else self.header

    @property
    def is_plan(self) -> bool:
        """A plan names activities and says when or by whom they are done."""
        has = self.columns.__contains__
        return has(Role.TITLE) and (has(Role.DEADLINE) or has(Role.RESPONSIBLE))


# ---------------------------------------------------------------- header wording


@lru_cache(maxsize=4096)
def _header_scores(cell: str) -> dict[str, float]:
    """Role (or `extra`) -> how strongly a header cell names it."""
    folded = fold(cell)
    if not folded or len(folded) > _MAX_HEADER_CELL:
        return {}
    scores: dict[str, float] = {}
    for role, entries in _headers().items():
        for weight, pattern in entries:
            if pattern.search(folded):
                scores[role] = max(scores.get(role, 0.0), weight)
    return scores


def label_role(text: str) -> str | None:
    """The role (or `extra`) a field label names in full («Срок исполнения» -> `deadline`,
    «Источник финансирования» -> `extra`), read by the header vocabulary; None for no label."""
    named = {k: w for k, w in _header_scores(text).items() if w >= 1 and k in {*_ROLES, _EXTRA}}
    return max(named, key=named.__getitem__) if named else None


@cache
def _any_header() -> re.Pattern[str]:
    """Every full-weight header entry in one pattern, to tell a header row at a glance."""
    roles = {*_ROLES, _EXTRA}
    return re.compile(
        "|".join(f"(?:{p.pattern})" for r, e in _headers().items() if r in roles for w, p in e if w >= 1)
    )


def _reads_as_data(cell: str) -> bool:
    """A cell no header holds: a deadline phrase, a month, a date, or initials that are not
    the «Ф.И.О.» of a header."""
    folded = fold(cell)
    if _INITIALS.search(cell) and not _any_header().search(folded):
        return True
    kinds = _cells()
    if kinds["phrase"].search(folded):
        return True
    return any(kinds["date"].search(t) and not _YEAR.match(t) for t in _TOKEN.findall(folded))


def is_header_row(cells: Sequence[str]) -> bool:
    """A header names at least two roles in full, in short cells, and holds no item number
    and nothing that reads as data; a run of period columns («I квартал | II квартал | …»)
    names the deadline, and a period spanning sub-columns («2025/2026 учебный год») is no data."""
    run = periods.period_run(cells) or ()
    rest = [c for col, c in enumerate(cells) if col not in run]
    data = [c for c in rest if c.strip() and not periods.is_period(c)]
    if any(_ITEM_NUMBER.match(c.strip()) or _reads_as_data(c) for c in data):
        return False
    named = _any_header()
    hits = sum(
        1
        for c in cells
        if len(c) <= _MAX_HEADER_CELL and len(c.split()) <= _MAX_HEADER_WORDS and named.search(fold(c))
    )
    if run and not any(named.search(fold(cells[col])) for col in run):
        hits += 1
    return hits >= 2


def is_period_header(cells: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """A header row of nothing but a run of periods («| | I кв. | II кв. | |») over `rows` that
    hold marks under it: a calendar whose first header row, naming the other columns, is
    missing; those columns are read by their content."""
    run = periods.period_run(cells)
    if run is None or any(c.strip() for col, c in enumerate(cells) if col not in run):
        return False
    return periods.holds_marks(rows[:_SAMPLE_ROWS], run)


def _is_sub_heading(cell: str) -> bool:
    if periods.is_period(cell):
        return True
    short = len(cell) <= _MAX_HEADER_CELL and len(cell.split()) <= _MAX_HEADER_WORDS
    return short and not _ITEM_NUMBER.match(cell) and not _reads_as_data(cell)


def header_spans(first: Sequence[str], second: Sequence[str]) -> HeaderSpans | None:
    """The two-row header that `first` and `second` make, or None where `second` is no
    sub-heading row: a row of short header words with no number and no data, under a cell of
    `first` that spans (blank cells to its right) at least two of its cells."""
    width = max(len(first), len(second))
    top = [first[c] if c < len(first) else "" for c in range(width)]
    below = [second[c] if c < len(second) else "" for c in range(width)]
    months = periods.month_columns(below, top)
    filled = [c for col, c in enumerate(below) if c and col not in months]
    if not (filled or months) or not all(_is_sub_heading(c) for c in filled):
        return None

    def is_period(col: int) -> bool:
        return col in months or periods.is_period(below[col])

    groups: list[list[int]] = []
    for col in range(width):
        spanned = groups and not top[col] and below[col] and below[groups[-1][0]] and top[groups[-1][0]]
        if spanned:
            groups[-1].append(col)
        else:
            groups.append([col])
    if all(len(g) == 1 for g in groups):
        return None
    groups = _join_years(groups, top, is_period)
    scores = _header_scores
    ranges = frozenset(
        index
        for index, g in enumerate(groups)
        if len(g) == 2 and "range_start" in scores(below[g[0]]) and "range_end" in scores(below[g[1]])
    )
    calendar = frozenset(
        index for index, g in enumerate(groups) if len(g) > 1 and all(is_period(c) for c in g)
    )
    grid = tuple(tuple(g) for g in groups)
    return HeaderSpans(tuple(top), tuple(below), grid, ranges, calendar, months)


def _join_years(
    groups: list[list[int]], top: Sequence[str], is_period: Callable[[int], bool]
) -> list[list[int]]:
    """Groups of periods under periods side by side («2025» over «I кв. … IV кв.», «2026» over
    «I кв. … IV кв.») as one calendar run; `is_period` tells the sub-columns that name a period."""

    def under_period(group: list[int]) -> bool:
        return len(group) > 1 and periods.is_period(top[group[0]]) and all(is_period(c) for c in group)

    joined: list[list[int]] = []
    for group in groups:
        if joined and under_period(joined[-1]) and under_period(group):
            joined[-1] = joined[-1] + group
        else:
            joined.append(group)
    return joined


def calendar_spans(header: Sequence[str], rows: Sequence[Sequence[str]]) -> HeaderSpans | None:
    """The one-row header of a calendar plan, its run of period columns read as one deadline
    column; None where `header` has no such run or the rows hold no marks under it. A header
    with no rows under it (standing alone, its rows in the next table) is taken at its word."""
    run = periods.period_run(header)
    if run is None or (rows and not periods.holds_marks(rows[:_SAMPLE_ROWS], run)):
        return None
    width = max([len(header), *(len(r) for r in rows)])
    cells = tuple(header[c] if c < len(header) else "" for c in range(width))
    groups = [(c,) for c in range(run[0])] + [run] + [(c,) for c in range(run[-1] + 1, width)]
    months = periods.month_columns(cells)
    return HeaderSpans(cells, cells, tuple(groups), frozenset(), frozenset({run[0]}), months)


def checked_calendar(spans: HeaderSpans, rows: Sequence[Sequence[str]]) -> HeaderSpans:
    """`spans` keeping as calendar runs only the groups whose cells in the grid rows `rows`
    hold marks; the others are read as plain sub-columns. With no rows (a header standing alone,
    its rows in the next table) every run is kept, as `calendar_spans` takes it at its word."""
    if not rows:
        return spans
    kept = frozenset(i for i in spans.periods if periods.holds_marks(rows[:_SAMPLE_ROWS], spans.groups[i]))
    return spans if kept == spans.periods else replace(spans, periods=kept)


def is_header_like(cells: Sequence[str], roles: ColumnRoles) -> bool:
    """True for a repeated header row: its cells name the roles the plan's header named."""
    if not roles.header or not is_header_row(cells):
        return False
    same = sum(
        1
        for role, col in roles.columns.items()
        if col < len(cells) and _header_scores(cells[col]).get(role, 0) > 0
    )
    return same >= max(2, len(roles.columns) - 1)


# ---------------------------------------------------------------- cell content


@dataclass(frozen=True)
class _Cell:
    number: bool
    deadline: bool
    responsible: bool
    action: bool
    status: bool
    words: int
    length: int


@lru_cache(maxsize=65536)
def _cell(text: str) -> _Cell:
    folded = fold(text)
    tokens = _TOKEN.findall(folded)
    kinds = _cells()
    dates = sum(1 for t in tokens if kinds["date"].search(t))
    others = sum(1 for t in tokens if not kinds["date"].search(t) and not kinds["filler"].search(t))
    first = tokens[0] if tokens else ""
    return _Cell(
        number=bool(_ITEM_NUMBER.match(text.strip())),
        deadline=(bool(kinds["phrase"].search(folded)) and others <= 6) or (dates > 0 and others <= 3),
        responsible=bool(_INITIALS.search(text) or kinds["responsible"].search(folded)),
        action=bool(kinds["action"].search(first)) and len(tokens) >= 2,
        status=bool(kinds["status"].search(folded)),
        words=len(tokens),
        length=len(text),
    )


def _column(rows: Sequence[Sequence[str]], col: int) -> list[str]:
    return [r[col].strip() if col < len(r) else "" for r in rows]


def _content_scores(values: list[str]) -> dict[Role, float]:
    """Role -> how well the cells of one column fit it (0..1)."""
    filled = [v for v in values if v]
    if not filled:
        return {}
    cells = [_cell(v) for v in filled]
    n = len(cells)
    counts = dict.fromkeys(("number", "deadline", "responsible", "action", "status", "text"), 0)
    for c in cells:
        counts["number"] += c.number
        counts["deadline"] += c.deadline
        counts["responsible"] += c.responsible
        counts["action"] += c.action
        counts["status"] += c.status
        counts["text"] += c.words >= 2 and not (c.number or c.deadline or c.responsible)

    def share(attr: str) -> float:
        return counts[attr] / n

    mean_words = sum(c.words for c in cells) / n
    long_text = min(1.0, mean_words / 8) * (1 - share("number"))
    repeats = sum(1 for a, b in itertools.pairwise(values) if a and a == b) / max(1, n - 1)
    return {
        Role.NUMBER: share("number"),
        Role.TITLE: 0.5 * long_text + 0.5 * share("action"),
        Role.DEADLINE: share("deadline"),
        Role.RESPONSIBLE: share("responsible") * (1 - share("deadline") / 2),
        Role.RESULT: 0.6 * share("text") * (1 - share("action") / 2),
        Role.STATUS: share("status"),
        Role.CONTEXT: repeats * long_text,
    }


# ---------------------------------------------------------------- assignment


def assign_roles(
    header: Sequence[str] | None, rows: Sequence[Sequence[str]], calendar: Collection[int] = ()
) -> ColumnRoles | None:
    """Roles of a table's columns from its header cells (None: no header row) and data rows;
    the columns in `calendar` are runs of period columns, whose header names the deadline."""
    width = max([len(r) for r in rows] + [len(header or ())], default=0)
    rows = rows[:_SAMPLE_ROWS]
    if width < 2:
        return None
    roles = len(_ROLES)
    score = np.zeros((width, roles + width))
    for col in range(width):
        named = _header_scores(header[col]) if header and col < len(header) else {}
        if col in calendar:
            named = {**named, Role.DEADLINE: 1.0}
        content = _content_scores(_column(rows, col))
        for index, role in enumerate(_ROLES):
            score[col, index] = _HEADER_WEIGHT * named.get(role, 0.0) + content.get(role, 0.0)
        score[col, roles:] = _NONE_SCORE + _HEADER_WEIGHT * named.get(_EXTRA, 0.0)
    if header is None:
        # Without a header an item number stands in the first column.
        score[1:, _ROLES.index(Role.NUMBER)] = 0.0
    picked_cols, picked_roles = linear_sum_assignment(score, maximize=True)
    columns = {
        _ROLES[r]: int(c)
        for c, r in zip(picked_cols, picked_roles, strict=True)
        if r < roles and score[c, r] > _NONE_SCORE
    }
    if Role.CONTEXT in columns and Role.TITLE not in columns:
        columns[Role.TITLE] = columns.pop(Role.CONTEXT)
    return ColumnRoles(columns=columns, width=width, header=tuple(header or ()))


def guess_roles(rows: Sequence[Sequence[str]]) -> ColumnRoles | None:
    """Roles for a table with no header row, from its content alone; None unless it has at
    least two rows and three columns and reads as a plan."""
    if len(rows) < 2 or max((len(r) for r in rows), default=0) < 3:
        return None
    roles = assign_roles(None, rows)
    return roles if roles is not None and reads_as_plan(rows, roles, headed=False) else None


def is_russian(rows: Sequence[Sequence[str]]) -> bool:
    """Most letters of the table (of its first rows, in a long one) are Cyrillic."""
    text = fold(" ".join(c for r in rows[:_SAMPLE_ROWS] for c in r)[:_SAMPLE_CHARS])
    cyrillic, latin = len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))
    return cyrillic >= 20 and cyrillic >= 2 * latin


def is_stamp(rows: Sequence[Sequence[str]]) -> bool:
    """An approval or agreement stamp («СОГЛАСОВАНО», «УТВЕРЖДАЮ»): a table, never a plan."""
    stamp = cell_pattern("stamp")
    return any(stamp.search(fold(c)) for r in rows[:2] for c in r if c)


def _unnamed_calendar(rows: Sequence[Sequence[str]], roles: ColumnRoles) -> list[int]:
    """The columns of no role that read as a calendar («+», «х» in the periods of the activity),
    if there are at least two of them: in a table without a header, a row's mark says that it
    is dated although nothing names the period."""
    taken = set(roles.columns.values())
    marked = [c for c in range(roles.width) if c not in taken and periods.holds_marks(rows, [c])]
    return marked if len(marked) >= 2 else []


def reads_as_plan(rows: Sequence[Sequence[str]], roles: ColumnRoles, headed: bool) -> bool:
    """Do the rows under `roles` read as actions with deadlines or responsible parties?

    Under a plan header a third of the titled rows must say when or by whom, and a third of
    the titles read as actions unless half the rows carry a deadline (a list of schools with
    their curators is no plan); a table guessed from its content alone needs half of its rows
    to say when (in a deadline cell, or by a mark in columns that read as a calendar), and a
    third of its titles to read as actions.
    """
    if not roles.is_plan or not rows or not is_russian(rows) or is_stamp(rows):
        return False
    rows = rows[:_SAMPLE_ROWS]
    title = roles.columns[Role.TITLE]
    titled = [r for r in rows if title < len(r) and r[title].strip()]
    if not titled:
        return False

    def fits(row: Sequence[str], role: Role, attr: str) -> bool:
        col = roles.get(role)
        return col is not None and col < len(row) and getattr(_cell(row[col]), attr)

    calendar = [] if headed else _unnamed_calendar(titled, roles)
    when = sum(
        1
        for r in titled
        if fits(r, Role.DEADLINE, "deadline") or any(c < len(r) and periods.is_mark(r[c]) for c in calendar)
    )
    said = sum(
        1 for r in titled if fits(r, Role.DEADLINE, "deadline") or fits(r, Role.RESPONSIBLE, "responsible")
    )
    actions = sum(1 for r in titled if _cell(r[title]).action)
    if not headed:
        return when >= 0.5 * len(titled) and actions >= 0.3 * len(titled)
    return said >= max(1.0, len(titled) / 3) and (actions >= 0.3 * len(titled) or when >= 0.5 * len(titled))
