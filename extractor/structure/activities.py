"""Plan tables -> activities.

Which tables are plans, and which column plays which role, is told by `columns` (header
wording and cell content together). A plan may be split into several tables (page breaks,
headings between parts, a repeated header on each page). The parts are read as one stream
of rows under the column roles of the header that opened the plan; on that stream:

- noise rows are dropped: repeated headers, column-number rows ("1 2 3 4"), separator
  rows ("-----"), page numbers;
- section headings (a row with a title and nothing to do: «1.», «I.», «Задача 1. …», an
  unnumbered merged row; a paragraph between parts; a context column such as «Направление»)
  set the section of the rows under them;
- a row continuing the one before it across a page break is joined to it cell by cell;
- every other row is an activity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from extractor.structure.columns import (
    ColumnRoles,
    Role,
    assign_roles,
    calendar_spans,
    cell_pattern,
    checked_calendar,
    guess_roles,
    header_spans,
    is_header_like,
    is_header_row,
    is_period_header,
    is_stamp,
    reads_as_plan,
)
from extractor.structure.lines import strip_markup
from extractor.structure.text import clean_text, join_text
from model import Activity, Paragraph, RawDocument, Row, Table

_NUMBER = re.compile(r"^(\d{1,3}(?:\s*\.\s*\d{1,3})*\)?|[а-яёa-z]\)|[IVXLC]{1,6})\s*\.*$")
_LABEL = cell_pattern("label").pattern
_LEADING_NUMBER = re.compile(
    rf"^(?:(?:{_LABEL})\s*)?(\d{{1,2}}(?:\.\d{{1,2}})*|[IVXLC]{{1,6}})[.)]?\s+(?=\S)(?!\d)", re.I
)
_LABELLED = re.compile(rf"^(?:{_LABEL})\s*(\d|[IVXLC])", re.I)
_MAX_GAP = 400
"""Characters of running text between two tables that still let the second continue the first
(page numbers, a running head, a caption); more than that and it must show it is a plan itself."""
_COLUMN_NUMBER = re.compile(r"\d{1,2}\.?")
_SEPARATOR = re.compile(r"^[-–—_=.*\s]*$")
_PAGE_NUMBER = re.compile(r"^(-\s*)?\d{1,3}(\s*-)?$|^(стр\.?|страница)\s*\d+$|^\d+\s*(из|/)\s*\d+$", re.I)
_DATA_ROLES = (Role.DEADLINE, Role.RESPONSIBLE, Role.RESULT, Role.STATUS)


@dataclass
class _Heading:
    number: str | None
    title: str


@dataclass
class _Line:
    """One cleaned table row seen through the plan's column roles."""

    number: str | None
    cells: dict[Role, str]
    page: int | None
    text_cells: list[str] = field(default_factory=list)
    merged: bool = False
    """The number cell held a whole heading («Задача 1. …», «I. …») with the title cell empty."""

    def get(self, role: Role) -> str:
        return self.cells.get(role, "")

    @property
    def has_data(self) -> bool:
        return any(self.get(role) for role in _DATA_ROLES)


def normalize_number(text: str) -> str | None:
    """ "1.1." -> "1.1", "2.." -> "2", "1. 2" -> "1.2"; None if `text` is not an item number."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    return re.sub(r"\s+", "", match.group(1))


def _starts_lower(text: str) -> bool:
    """True where a cell starts mid-sentence: the tail of a row split by a page break."""
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch in "-–—,;:)":
            return True
        if ch.isdigit() or ch in '«"(':
            return False
    return False


def _plan_parts(
    raw: RawDocument,
) -> Iterator[tuple[ColumnRoles, list[Paragraph], Table, list[list[str]], int]]:
    """Yield (roles, paragraphs between it and the previous part it continues, table, its
    cleaned cells, first data row).

    A table opens a new plan when it has a plan header of its own, or, with no header, when
    its content alone reads as a plan; a table with the same columns as the plan before it
    (headed again or not) continues that plan. Tables that read as no plan (stamps, lists,
    passports, indicators, text in other languages) give nothing.
    """
    roles: ColumnRoles | None = None
    pending: list[Paragraph] = []
    for block in raw.blocks:
        if isinstance(block, Paragraph):
            pending.append(block)
            continue
        rows = [_clean_cells(row) for row in block.rows]
        start = _header_index(rows)
        continues = False
        if start is not None:
            repeated = roles is not None and tuple(rows[start]) == roles.header_row
            # A header repeated on the next page keeps the roles the plan was read with.
            found, data = (roles, _data_rows(rows, start, roles)) if repeated else _read_header(rows, start)
            # A header standing alone (its rows follow in the next table) is taken at its word.
            alone = not data and found is not None and found.is_plan
            if found is not None and (repeated or alone or reads_as_plan(data, found, headed=True)):
                continues = roles is not None and found.columns == roles.columns
                roles = found
            else:
                roles = None
            start += 1
        elif roles is not None and block.width == roles.width and _continues_plan(rows, roles, pending):
            start, continues = 0, True
        else:
            start, roles = 0, guess_roles(rows)
        if roles is not None:
            yield roles, (pending if continues else []), block, rows, start
        pending = []


def _clean_cells(row: Row) -> list[str]:
    cells = [clean_text(c) for c in row.cells]
    return [strip_markup(c) if "*" in c else c for c in cells]


def _read_header(rows: list[list[str]], start: int) -> tuple[ColumnRoles | None, list[list[str]]]:
    """Roles from the header at `start` (two rows where the next is its sub-headings; one row
    whose run of period columns is a calendar) and the data rows under it as those roles read
    them."""
    spans = header_spans(rows[start], rows[start + 1]) if start + 1 < len(rows) else None
    if spans is not None:
        body = [r for r in rows[start + 2 :] if not _is_column_numbers(r)]
        spans = checked_calendar(spans, body)
    else:
        body = _data_rows(rows, start, None)
        spans = calendar_spans(rows[start], body)
        if spans is None:
            return assign_roles(rows[start], body), body
    data = [spans.read(r) for r in body]
    found = assign_roles(spans.header, data, calendar=spans.periods)
    width = max(len(r) for r in rows)
    return (replace(found, width=width, spans=spans) if found is not None else None), data


def _data_rows(rows: list[list[str]], start: int, roles: ColumnRoles | None) -> list[list[str]]:
    body = [r for r in rows[start + 1 :] if not _is_column_numbers(r)]
    if roles is None or roles.spans is None:
        return body
    return [roles.view(r) for r in body if tuple(r) != roles.spans.second]


def _is_column_numbers(cells: list[str]) -> bool:
    """«1 | 2 | 3 | 4 | 5»: a second header row numbering the columns."""
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(len(c) <= 3 and _COLUMN_NUMBER.fullmatch(c) for c in filled)


def _header_index(rows: list[list[str]]) -> int | None:
    """The first of the table's first three rows that is its header, if any."""
    return next(
        (
            index
            for index, cells in enumerate(rows[:3])
            if is_header_row(cells) or is_period_header(cells, rows[index + 1 :])
        ),
        None,
    )


def _continues_plan(rows: list[list[str]], roles: ColumnRoles, between: list[Paragraph]) -> bool:
    """A headless table of the plan's width goes on with it when little text stands between
    them (a page break) or its rows read as the plan's rows."""
    if is_stamp(rows):
        return False
    gap = sum(len(p.text) for p in between)
    return gap <= _MAX_GAP or reads_as_plan(rows, roles, headed=True)


def _line(cells: list[str], row: Row, roles: ColumnRoles) -> _Line:
    values = {role: cells[col] if col < len(cells) else "" for role, col in roles.columns.items()}
    number_text = values.pop(Role.NUMBER, "")
    number = normalize_number(number_text)
    merged = False
    if number is None and number_text and not values.get(Role.TITLE):
        # A heading or a merged cell written across the number column: "4. Развитие кадров".
        match = _LEADING_NUMBER.match(number_text)
        number = match.group(1) if match else None
        values[Role.TITLE] = number_text[match.end() :] if match else number_text
        merged = match is not None
    elif (
        number is None
        and not any(values.get(r) for r in _DATA_ROLES)
        and (labelled := _labelled_heading(values.get(Role.TITLE, "")))
    ):
        # «Задача 1. …» in the title cell of a row with nothing to do.
        number, values[Role.TITLE] = labelled
        merged = True
    filled = [c for c in cells if c]
    return _Line(number=number, cells=values, page=row.page, text_cells=filled, merged=merged)


def _labelled_heading(text: str) -> tuple[str, str] | None:
    """«Задача 1. Выявить …» -> ("1", "Выявить …"): a section label before its number."""
    if not _LABELLED.match(text):
        return None
    match = _LEADING_NUMBER.match(text)
    return (match.group(1), text[match.end() :]) if match else None


def _is_noise(line: _Line, cells: list[str], row: Row, roles: ColumnRoles) -> bool:
    if row.is_header or not line.text_cells or all(_SEPARATOR.match(c) for c in cells):
        return True
    if roles.spans is not None and tuple(cells) == roles.spans.second:
        return True
    if _is_column_numbers(cells):
        return True
    if len(line.text_cells) == 1 and _PAGE_NUMBER.match(line.text_cells[0]) and not line.get(Role.TITLE):
        return True
    return bool(roles.header) and is_header_like(roles.view(cells), roles)


def _style(number: str) -> str:
    """How an item number is written: "roman", "letter" («а)»), "paren" («1)») or "dotted"."""
    if number[0] in "IVXLC":
        return "roman"
    if not number[0].isdigit():
        return "letter"
    return "paren" if number.endswith(")") else "dotted"


def _heading_paragraphs(paragraphs: list[Paragraph]) -> _Heading | None:
    texts = [strip_markup(clean_text(p.text)) for p in paragraphs]
    texts = [t for t in texts if t and not _PAGE_NUMBER.match(t) and not _SEPARATOR.match(t)]
    if not texts or sum(len(t) for t in texts) > _MAX_GAP:
        return None
    return _parse_heading(" ".join(texts))


def _parse_heading(text: str) -> _Heading:
    """«2. Работа с обучающимися» -> section "2" titled «Работа с обучающимися»."""
    match = _LEADING_NUMBER.match(text)
    if match:
        return _Heading(number=match.group(1), title=text[match.end() :])
    return _Heading(number=None, title=text)


class _PlanBuilder:
    """Accumulates activities from the row stream of one document's plans."""

    def __init__(self) -> None:
        self.activities: list[Activity] = []
        self.headings: list[_Heading | None] = []
        self.heading: _Heading | None = None
        self.open: list[_Heading] = []
        """The numbered headings the current one is nested in, outermost first, itself last."""
        self.numbered = False
        self.context = ""

    def feed(self, line: _Line, next_number: str | None) -> None:
        title = line.get(Role.TITLE)
        last = self.activities[-1] if self.activities else None
        context = line.get(Role.CONTEXT)
        if context and context != self.context:
            # A context column («Направление», «Задача» beside the activity) gives the section.
            self.context = context
            self.enter(_parse_heading(context))
        if self._is_heading(line, next_number):
            self.enter(_Heading(number=line.number, title=title or " ".join(line.text_cells)))
            return
        if last is not None and self._continues(line, last):
            self._join(last, line)
            return
        self.numbered = self.numbered or line.number is not None
        if line.number is not None:
            self._leave_for(line.number)
        self.activities.append(
            Activity(
                number=line.number,
                title=title,
                deadline_raw=line.get(Role.DEADLINE) or None,
                responsible_raw=line.get(Role.RESPONSIBLE) or None,
                result_raw=line.get(Role.RESULT) or None,
                status_raw=line.get(Role.STATUS) or None,
                page=line.page,
            )
        )
        self.headings.append(self.heading)

    def enter(self, heading: _Heading) -> None:
        """Open a section; the open sections it is not nested in close («1.2» closes «1.1»)."""
        number = heading.number
        self.open = [h for h in self.open if number and h.number and _within(number, h.number)]
        self.open.append(heading)
        self.heading = heading

    def _leave_for(self, number: str) -> None:
        """An item numbered «1.2» under subsection «1.1» belongs to the section «1» it is in."""
        current = self.heading.number if self.heading else None
        if current is None or _within(number, current):
            return
        for depth in range(len(self.open) - 2, -1, -1):
            outer = self.open[depth].number
            if outer and _within(number, outer):
                del self.open[depth + 1 :]
                self.heading = self.open[depth]
                return

    def _is_heading(self, line: _Line, next_number: str | None) -> bool:
        title = line.get(Role.TITLE) or " ".join(line.text_cells)
        if line.has_data or not title:
            return False
        if line.number is not None:
            if line.merged or _style(line.number) == "roman" or next_number is None:
                return line.merged or _style(line.number) == "roman"
            # «1.» over «1.1», or over items numbered another way («1)», «а)»).
            nested = next_number.startswith(line.number + ".")
            return nested or _style(next_number) != _style(line.number)
        return not _starts_lower(title) and len(line.text_cells) == 1

    def _continues(self, line: _Line, last: Activity) -> bool:
        title = line.get(Role.TITLE)
        if line.number == last.number and title == last.title:
            # Sub-rows of one activity whose number and title cells span them all.
            return True
        if line.number is not None:
            # "14. | успеха» для ШНОР" after a page break finishes an unnumbered row above it.
            return self.numbered and last.number is None and bool(title) and _starts_lower(title)
        if not title or _starts_lower(title):
            return True
        if self.numbered and last.number is not None:
            # A row with an empty number cell in a numbered plan that says neither when nor who:
            # the tail of the row before it, split by a page break.
            return not (line.get(Role.DEADLINE) or line.get(Role.RESPONSIBLE))
        return not line.has_data

    @staticmethod
    def _join(last: Activity, line: _Line) -> None:
        if line.number is not None and last.number is None:
            last.number = line.number
        if line.get(Role.TITLE) != last.title:
            last.title = join_text(last.title, line.get(Role.TITLE))
        for role, name in (
            (Role.DEADLINE, "deadline_raw"),
            (Role.RESPONSIBLE, "responsible_raw"),
            (Role.RESULT, "result_raw"),
            (Role.STATUS, "status_raw"),
        ):
            text, before = line.get(role), getattr(last, name) or ""
            if text and text != before:
                setattr(last, name, join_text(before, text))

    def finish(self) -> list[Activity]:
        """Attach section numbers and titles, inferring a heading's number from its rows."""
        for activity, heading in zip(self.activities, self.headings, strict=True):
            if heading is None:
                continue
            activity.section_title = heading.title
            activity.section = heading.number or _section_from_rows(heading, self)
        return self.activities


def _within(number: str, section: str) -> bool:
    """«1.2.3» is numbered within section «1.2» and «1», not within «1.3» or itself."""
    return number.startswith(section + ".")


def _section_from_rows(heading: _Heading, builder: _PlanBuilder) -> str | None:
    prefixes = {
        a.number.split(".")[0]
        for a, h in zip(builder.activities, builder.headings, strict=True)
        if h is heading and a.number and "." in a.number
    }
    return prefixes.pop() if len(prefixes) == 1 else None


def _row_stream(raw: RawDocument) -> Iterator[_Line | _Heading]:
    for roles, between, table, rows, start in _plan_parts(raw):
        if between and (heading := _heading_paragraphs(between)):
            yield heading
        for row, cells in zip(table.rows[start:], rows[start:], strict=True):
            line = _line(roles.view(cells), row, roles)
            if not _is_noise(line, cells, row, roles):
                yield line


def extract_activities(raw: RawDocument) -> list[Activity]:
    """Every activity of every plan table in `raw`, in document order."""
    stream = list(_row_stream(raw))
    # The number of the next numbered row after each item, found in one backward pass.
    following: list[str | None] = [None] * len(stream)
    upcoming: str | None = None
    for index in range(len(stream) - 1, -1, -1):
        following[index] = upcoming
        item = stream[index]
        if isinstance(item, _Line) and item.number:
            upcoming = item.number
    builder = _PlanBuilder()
    for item, next_number in zip(stream, following, strict=True):
        if isinstance(item, _Heading):
            builder.enter(item)
            continue
        builder.feed(item, next_number)
    return builder.finish()
