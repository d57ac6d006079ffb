"""A comparison as an .xlsx workbook a methodist can print: Сводка, Соответствия, Пробелы, Замечания."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from compare.model import Comparison

GRADES = {"same": "полное", "partial": "частичное"}
SEVERITIES = {"error": "ошибка", "warning": "предупреждение", "info": "сведения"}


def sheet_table(sheet: Worksheet, header: list[str], rows: list[list], widths: list[int]) -> None:
    """`rows` under `header` in the house style of the workbooks: header in bold, frozen,
    filtered; wrapped cells; column widths; landscape A4 fit to width."""
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for k, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(sheet.max_row, 1)}"
    print_setup(sheet)


def print_setup(sheet: Worksheet) -> None:
    """Landscape A4, fit to the page width, the header row repeated on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _summary(sheet: Worksheet, comparison: Comparison) -> None:
    c = comparison.coverage
    rows = [
        ["Шаблон", Path(comparison.template_source).name],
        ["План", Path(comparison.plan_source).name],
        ["Мероприятий шаблона", c.total],
        ["Отражено в плане", c.covered],
        ["из них полностью", c.same],
        ["из них частично", c.partial],
        ["Доля отражённых", f"{c.share:.0%}"],
        ["Пробелов", len(comparison.gaps)],
        ["Собственных мероприятий плана", len(comparison.additions)],
        ["Замечаний", len(comparison.findings)],
        [],
        ["Раздел шаблона", "Мероприятий", "Отражено", "Частично", "Доля"],
    ]
    rows += [
        [s.title or s.section or "без раздела", s.total, s.covered, s.partial, f"{s.share:.0%}"]
        for s in c.sections
    ]
    for row in rows:
        sheet.append(row)
    for row in (1, 12):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for k, width in enumerate((45, 40, 12, 12, 10), 1):
        sheet.column_dimensions[get_column_letter(k)].width = width
    print_setup(sheet)


def write_xlsx(comparison: Comparison, path: Path) -> Path:
    """Write the workbook to `path` and return it."""
    book = Workbook()
    summary = book.active
    summary.title = "Сводка"
    _summary(summary, comparison)
    sheet_table(
        book.create_sheet("Соответствия"),
        [
            "№ в шаблоне",
            "Мероприятие шаблона",
            "№ в плане",
            "Мероприятие плана",
            "Соответствие",
            "Балл",
            "Общие слова",
            "Почему частично",
        ],
        [
            [
                m.template,
                m.template_title,
                m.plan,
                m.plan_title,
                GRADES[m.grade],
                m.score,
                ", ".join(m.shared_words),
                m.reason,
            ]
            for m in comparison.matches
        ],
        [10, 60, 10, 60, 14, 8, 40, 50],
    )
    sheet_table(
        book.create_sheet("Пробелы"),
        ["№ в шаблоне", "Раздел", "Мероприятие шаблона", "Срок", "Ответственные"],
        [
            [
                g.ref,
                g.section_title or g.section or "",
                g.title,
                g.deadline_raw or "",
                g.responsible_raw or "",
            ]
            for g in comparison.gaps
        ],
        [10, 30, 70, 20, 30],
    )
    sheet_table(
        book.create_sheet("Замечания"),
        ["Правило", "Важность", "№ в шаблоне", "№ в плане", "Замечание", "Исходный текст"],
        [
            [
                f.rule,
                SEVERITIES[f.severity],
                f.template or "",
                f.plan or "",
                f.message,
                "; ".join(f"{k}: {v}" for k, v in f.evidence.items() if v),
            ]
            for f in comparison.findings
        ],
        [22, 16, 10, 10, 60, 60],
    )
    path = Path(path)
    book.save(path)
    return path
