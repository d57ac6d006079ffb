"""Downloads of a table as csv (UTF-8 with BOM, so Excel reads Cyrillic) and as xlsx."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MAX_WIDTH = 60


def to_csv(frame: pd.DataFrame) -> bytes:
    """`frame` as csv bytes; lists and tuples joined with "; "."""
    return _printable(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "Мероприятия") -> bytes:
    """`frame` as an xlsx workbook: bold frozen header, filters, wrapped text, fitted widths."""
    table = _printable(frame)
    book = Workbook()
    page = book.active
    page.title = sheet[:31]
    page.append([str(c) for c in table.columns])
    for row in table.itertuples(index=False):
        page.append([None if pd.isna(v) else v for v in row])
    for cell in page[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column_cells in page.iter_cols(min_row=1, max_row=page.max_row):
        longest = max((len(str(c.value)) for c in column_cells if c.value is not None), default=8)
        page.column_dimensions[get_column_letter(column_cells[0].column)].width = min(MAX_WIDTH, longest + 2)
        for cell in column_cells[1:]:
            cell.alignment = wrap
    page.freeze_panes = "A2"
    page.auto_filter.ref = page.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _printable(frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.copy()
    for column in table.columns:
        if table[column].map(lambda v: isinstance(v, list | tuple)).any():
            table[column] = table[column].map(lambda v: "; ".join(v) if isinstance(v, list | tuple) else v)
    return table
