"""Excel (.xlsx, .xlsm) reader: each visible sheet, in order, as paragraphs and tables
(`extractor.readers.sheets` lays them out).

openpyxl reads the cells in read-only mode (streamed, with the values Excel last computed for
formulas); what that mode does not keep (merged ranges, hidden rows and columns) is read from
the sheet's XML in one streamed pass (lxml) before openpyxl opens the file, which also counts
the rows and cells against `MAX_ELEMENTS`: a sheet claiming a million rows costs what it holds,
and a workbook holding more is refused before openpyxl reads it. The package's sizes are checked first, every
member of it (a sheet's part may have any name). A cell reads as Excel shows it: a date as
«15.03.2025» (a month format as «март 2025»), a number with the decimals its format gives.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
from lxml import etree
from openpyxl.utils.cell import range_boundaries

from extractor.errors import CorruptFileError, PackageLimitError
from extractor.readers.package import MB, PackageBudget, check_package
from extractor.readers.sheets import Grid, Merge, sheet_blocks
from extractor.readers.sniff import ooxml_main_part, small_xml
from model import Block, RawDocument

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

SPREADSHEET_BUDGET = PackageBudget(max_total_bytes=64 * MB)
"""A plan's workbook unpacks to a few MB of XML; a spreadsheet's shared strings are held whole."""
MAX_ELEMENTS = 500_000
"""Rows and cells of all sheets together (a plan has a few thousand)."""
MAX_WORKBOOK_XML = 8 * MB  # the workbook part and its relationships: sheet names, defined names
MAX_COLUMN = 16_384  # Excel's last column, XFD
MONTHS = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DECIMALS = re.compile(r"0\.(0+)")


def read_xlsx(path: Path) -> RawDocument:
    """Read the workbook `path` into blocks, sheet after sheet (hidden sheets are skipped)."""
    check_package(path, SPREADSHEET_BUDGET, kind="xlsx", read_by=lambda name: True)
    counted = ElementBudget(MAX_ELEMENTS)
    with zipfile.ZipFile(path) as archive:
        layouts = {
            name: read_layout(archive, part, counted, path) for name, part in visible_sheets(path, archive)
        }
    blocks: list[Block] = []
    with warnings.catch_warnings(), path.open("rb") as stream:
        warnings.simplefilter("ignore")  # openpyxl warns of every extension it does not read
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
        try:
            for sheet in workbook.worksheets:
                layout = layouts.get(sheet.title)
                if layout is None:  # hidden, or a chart sheet
                    continue
                cells = _cell_texts(sheet, layout.last_row)
                grid = Grid(cells, layout.merges, layout.hidden_rows, layout.hidden_columns)
                blocks += sheet_blocks(grid, str(path))
        finally:
            workbook.close()
    return RawDocument(path=path, format="xlsx", blocks=blocks)


def visible_sheets(path: Path, archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """The name and part of each visible worksheet of the workbook, in order, as its
    relationships name them (openpyxl finds them the same way)."""
    main = ooxml_main_part(path)
    workbook = None if main is None else small_xml(archive, main.name, MAX_WORKBOOK_XML)
    if main is None or workbook is None:
        raise CorruptFileError(path, "повреждённый файл .xlsx: не найден список листов книги")
    folder, base = posixpath.split(main.name)
    rels = small_xml(archive, posixpath.join(folder, "_rels", f"{base}.rels"), MAX_WORKBOOK_XML)
    targets = {}
    for relationship in rels.iter("{*}Relationship") if rels is not None else ():
        target = relationship.get("Target", "")
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        targets[relationship.get("Id")] = posixpath.normpath(name)
    names = set(archive.namelist())
    sheets = []
    for sheet in workbook.iter("{*}sheet"):
        state = sheet.get("state", "visible")
        part = targets.get(next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None))
        if state == "visible" and part in names:
            sheets.append((sheet.get("name", ""), part))
    return sheets


class ElementBudget:
    """Rows and cells read so far, against a limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def add(self, count: int, path: Path) -> None:
        self.count += count
        if self.count > self.limit:
            raise PackageLimitError(
                path, f"превышен лимит размера: в таблице больше {self.limit} строк и ячеек"
            )


@dataclass(frozen=True)
class Layout:
    """What read-only openpyxl does not give of a sheet: its merged ranges, hidden rows and
    columns, and the last row with a value in it (0 for none)."""

    merges: list[Merge]
    hidden_rows: frozenset[int]
    hidden_columns: frozenset[int]
    last_row: int


def read_layout(archive: zipfile.ZipFile, part: str, counted: ElementBudget, path: Path) -> Layout:
    """The `Layout` of the sheet stored as `part` of `archive`, streamed (rows and cells are
    counted on `counted`)."""
    merges: list[Merge] = []
    hidden_rows: set[int] = set()
    hidden_columns: set[int] = set()
    last_row = row_number = 0
    parser = dict(events=("end",), tag=("{*}row", "{*}col", "{*}mergeCell"), huge_tree=False)
    with archive.open(part) as source:
        for _, element in etree.iterparse(source, resolve_entities=False, no_network=True, **parser):
            name = etree.QName(element).localname
            if name == "row":
                counted.add(1 + len(element), path)
                row_number = _int(element.get("r"), row_number + 1)
                if _on(element.get("hidden")):
                    hidden_rows.add(row_number)
                if any(len(cell) or cell.text for cell in element):
                    last_row = row_number
            elif name == "col" and _on(element.get("hidden")):
                low = max(_int(element.get("min"), 1), 1)
                high = min(_int(element.get("max"), low), MAX_COLUMN)
                hidden_columns.update(range(low, high + 1))
            elif name == "mergeCell":
                merge = _merge(element.get("ref", ""))
                if merge is not None:
                    merges.append(merge)
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del element.getparent()[0]
    return Layout(merges, frozenset(hidden_rows), frozenset(hidden_columns), last_row)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _on(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true")


def _merge(ref: str) -> Merge | None:
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if None in (min_col, min_row, max_col, max_row):
        return None
    return Merge(min_row, min_col, max_row, max_col)


def _cell_texts(sheet: ReadOnlyWorksheet, last_row: int) -> dict[tuple[int, int], str]:
    """The text of every cell with a value, by (row, column), up to `last_row`."""
    texts: dict[tuple[int, int], str] = {}
    if not last_row:
        return texts
    sheet.reset_dimensions()  # the size a sheet claims is not trusted: rows are read as they come
    for r, row in enumerate(sheet.iter_rows(max_row=last_row), start=1):
        for c, cell in enumerate(row, start=1):
            if cell.value is not None:
                text = cell_text(cell.value, cell.number_format or "General")
                if text:
                    texts[r, c] = text
    return texts


def cell_text(value: object, number_format: str = "General") -> str:
    """A cell's value as Excel shows it under `number_format` (dates and decimals; other
    formatting, such as thousands separators, is left out)."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool):
        return "ИСТИНА" if value else "ЛОЖЬ"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return date_text(value, number_format)
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, int | float):
        return number_text(value, number_format)
    return str(value).strip()


def date_text(value: dt.datetime | dt.date | dt.time, number_format: str) -> str:
    """A date as «15.03.2025» (with the time if its format shows one), as «март 2025» under a
    format of month and year, «2025» under one of the year alone; a time as «09:30»."""
    shown = _LITERALS.sub("", number_format).lower()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    day, year = "d" in shown, "y" in shown
    if not (day or year or "m" in shown) and "h" in shown and isinstance(value, dt.datetime):
        return value.strftime("%H:%M")
    if year and not day and "m" in shown:
        return f"{MONTHS[value.month - 1]} {value.year}"
    if year and not day:
        return str(value.year)
    text = value.strftime("%d.%m.%Y")
    if isinstance(value, dt.datetime) and "h" in shown and value.time() != dt.time():
        text += value.strftime(" %H:%M")
    return text


def number_text(value: int | float, number_format: str) -> str:
    """A number with the decimals its format fixes («0.00», «#,##0.0», «0%»), else as short
    as it reads (1.1 stays «1.1», 3.0 is «3»)."""
    section = _LITERALS.sub("", number_format.split(";")[0])
    percent = "%" in section
    if percent:
        value *= 100
    decimals = _DECIMALS.search(section)
    if decimals:
        text = f"{value:.{len(decimals.group(1))}f}"
    elif "0" in section or percent:
        text = f"{value:.0f}"
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = format(value, ".15g")
    return text + "%" if percent else text
