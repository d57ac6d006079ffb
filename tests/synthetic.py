"""Synthetic plans built from the corpus rows: long ones for size tests and benchmarks,
short ones whose merged cells meet a page break for the PDF reader's tests."""

from __future__ import annotations

import itertools
import random
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HEADER = ("№ п/п", "Наименование мероприятия", "Сроки исполнения", "Ответственный исполнитель", "Результат")
ROWS_PER_PAGE = 2.5  # corpus rows are long: LibreOffice prints about 2.5 of them on an A4 page


def corpus_rows() -> list[tuple[str, str, str, str]]:
    """Title, deadline, responsible and result of the numbered corpus plan rows (txt forms)."""
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) >= 4 and cells[0].strip()[:1].isdigit() and len(cells[1]) > 20:
                title, deadline, responsible, result = (cells + [""] * 5)[1:5]
                rows.append((title, deadline, responsible, result))
    return rows


def build_long_plan(folder: Path, pages: int, pdf: bool = True) -> tuple[Path, Path | None]:
    """An order with a plan table of about `pages` printed pages, as .docx and (if asked) .pdf."""
    document = docx.Document()
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("от 01.09.2021 № 100")
    document.add_paragraph("Об утверждении плана мероприятий («дорожной карты») на 2021-2022 учебный год")
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    source = corpus_rows()
    for index in range(round(pages * ROWS_PER_PAGE)):
        values = (f"{index + 1}.", *source[index % len(source)])
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    docx_path = folder / f"plan_{pages}_pages.docx"
    document.save(docx_path)
    if not pdf:
        return docx_path, None
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return docx_path, docx_path.with_suffix(".pdf")


# --- plans whose merged cells meet a page break ------------------------------------------

BREAK_HEADER = ("№ п/п", "Наименование мероприятия", "Срок", "Ответственные", "Ожидаемый результат")
BREAK_WIDTHS_CM = (1.5, 6.0, 2.5, 4.0, 3.5)
ROW_CM = 2.0  # every row at least this high, with text short enough to fit it
HEADER_CM = 1.0
ROWS_ON_PAGE = 12  # (25.7 cm of A4 between 2 cm margins - a 1 cm header) // 2 cm rows


@dataclass(frozen=True)
class Merge:
    """A cell merged over the data rows `first`..`last` (0-based, the header not counted)."""

    column: int
    first: int
    last: int
    text: str
    align: WD_CELL_VERTICAL_ALIGNMENT | None = None


def short_rows(count: int, seed: int = 0) -> list[list[str]]:
    """`count` numbered plan rows made of the corpus rows, cut to fit a `ROW_CM` row each."""
    source = [row for row in corpus_rows() if all(row) and "<" not in "".join(row)]
    random.Random(seed).shuffle(source)
    limits = (60, 18, 40, 45)
    rows = []
    for index, cells in enumerate(itertools.islice(itertools.cycle(source), count)):
        rows.append(
            [f"{index + 1}.", *(_words(text, limit) for text, limit in zip(cells, limits, strict=True))]
        )
    return rows


def _words(text: str, limit: int) -> str:
    """The leading words of `text` that fit in `limit` characters (at least one)."""
    words = " ".join(text.split()).split(" ")
    kept = words[:1]
    for word in words[1:]:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;:")


def build_merged_plan(path: Path, rows: Sequence[Sequence[str]], merges: Sequence[Merge] = ()) -> Path:
    """A .docx order whose plan table has a repeated header, rows at least `ROW_CM` high
    (so data row k lands on page k // ROWS_ON_PAGE + 1) and real vertical merges."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(10)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.0), Cm(1.0)
    table = document.add_table(rows=len(rows) + 1, cols=len(BREAK_HEADER))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, BREAK_WIDTHS_CM, strict=True):
        column.width = Cm(width)
    for row, height in zip(table.rows, [HEADER_CM] + [ROW_CM] * len(rows), strict=True):
        row.height, row.height_rule = Cm(height), WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell, width in zip(row.cells, BREAK_WIDTHS_CM, strict=True):
            cell.width = Cm(width)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cells, values in zip(table.rows, [BREAK_HEADER, *rows], strict=True):
        for cell, text in zip(cells.cells, values, strict=True):
            cell.text = text
    for merge in merges:
        cell = table.cell(merge.first + 1, merge.column).merge(table.cell(merge.last + 1, merge.column))
        cell.text = merge.text
        if merge.align is not None:
            cell.vertical_alignment = merge.align
    document.save(path)
    return path
