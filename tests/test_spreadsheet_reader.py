"""Road maps kept as spreadsheets (.xlsx built here with openpyxl; .xls and .ods converted from
them by LibreOffice Calc) are read as the .docx reader reads a plan: the title and approval
lines as paragraphs, the table with its merged section rows, dates as the normalizer reads
them; hidden sheets, rows and columns are not read, and hostile workbooks are refused on one
Russian line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from extractor import extract
from extractor.errors import CorruptFileError, ExtractionError, PackageLimitError
from extractor.readers import read
from extractor.readers.spreadsheet import MAX_ELEMENTS, cell_text
from model import Paragraph, Table
from roadmap.cli import app
from store import open_store
from tests.synthetic import corpus_rows

HEADER = ("№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственный", "Ожидаемый результат")
DEADLINES = [dt.date(2025, 3, 15), dt.date(2025, 4, 1), dt.date(2025, 9, 30), dt.date(2025, 12, 20)]


def full_rows(count: int, skip: int = 0) -> list[tuple[str, str, str, str]]:
    """`count` corpus plan rows that name their responsible and result."""
    return [r for r in corpus_rows() if r[2].strip() and r[3].strip()][skip : skip + count]


def plan_sheet(sheet, rows: list[tuple[str, str, str, str]], first_section: int = 1) -> list[str]:
    """A plan as methodists lay it out in Excel: approval lines at the right, a title merged
    across, a header, sections as merged rows, item numbers «1.1», deadlines as date cells (the
    second of each section as a month), a responsible merged down two rows; the numbers given."""
    sheet["E1"] = "УТВЕРЖДЁН"
    sheet["E2"] = "приказом управления образования"
    sheet["E3"] = "от 10.01.2025 № 15"
    sheet.merge_cells("A5:E5")
    sheet["A5"] = "План мероприятий («дорожная карта») по повышению качества образования на 2025 год"
    sheet.append([])
    sheet.append(HEADER)
    numbers = []
    for index, (title, _, responsible, result) in enumerate(rows):
        section, item = divmod(index, 2)
        if item == 0:
            sheet.append([f"{first_section + section}. Раздел {first_section + section}"])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=5)
        number = f"{first_section + section}.{item + 1}"
        sheet.append(
            [number, title, DEADLINES[index % len(DEADLINES)], responsible if item == 0 else None, result]
        )
        date = sheet.cell(sheet.max_row, 3)
        date.number_format = "DD.MM.YYYY" if item == 0 else "MMMM YYYY"
        if item == 1:
            sheet.merge_cells(
                start_row=sheet.max_row - 1, start_column=4, end_row=sheet.max_row, end_column=4
            )
        numbers.append(number)
    sheet.append([])
    sheet.append(["Начальник управления", None, None, "И.И. Петров"])
    return numbers


def workbook_file(path: Path, *sheets: list[tuple[str, str, str, str]]) -> list[str]:
    """A workbook with one plan sheet for each list of rows; the item numbers of all."""
    book = openpyxl.Workbook()
    numbers: list[str] = []
    for index, rows in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(f"План {index + 1}")
        numbers += plan_sheet(sheet, rows, first_section=len(numbers) // 2 + 1)
    book.save(path)
    return numbers


def deadline_text(index: int) -> str:
    day = DEADLINES[index % len(DEADLINES)]
    months = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь")
    months += ("октябрь", "ноябрь", "декабрь")
    return day.strftime("%d.%m.%Y") if index % 2 == 0 else f"{months[day.month - 1]} {day.year}"


def test_a_plan_sheet_gives_its_activities_with_sections_dates_and_merged_responsible(tmp_path: Path) -> None:
    rows = full_rows(6)
    path = tmp_path / "план.xlsx"
    numbers = workbook_file(path, rows)
    raw = read(path)
    assert raw.format == "xlsx"
    texts = [b.text for b in raw.blocks if isinstance(b, Paragraph)]
    assert texts[:3] == ["УТВЕРЖДЁН", "приказом управления образования", "от 10.01.2025 № 15"]
    assert texts[3].startswith("План мероприятий («дорожная карта»)")
    plan, signature = [b for b in raw.blocks if isinstance(b, Table)]
    assert plan.rows[0].cells == list(HEADER) and plan.rows[1].cells == ["1. Раздел 1", "", "", "", ""]
    assert [r.cells for r in signature.rows] == [["Начальник управления", "И.И. Петров"]]
    document = extract(path)
    activities = document.activities
    assert [a.number for a in activities] == numbers == ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2"]
    assert [a.title for a in activities] == [" ".join(r[0].split()) for r in rows]
    assert [a.deadline_raw for a in activities] == [deadline_text(i) for i in range(6)]
    assert [a.section for a in activities] == ["1", "1", "2", "2", "3", "3"]
    # the responsible merged down two rows is each row's
    assert activities[1].responsible_raw == activities[0].responsible_raw == " ".join(rows[0][2].split())
    assert activities[0].when.kind == "date" and activities[0].when.intervals[0].end == dt.date(2025, 3, 15)
    assert activities[1].when.kind == "period" and activities[1].when.intervals[0].end == dt.date(2025, 4, 30)


def test_sheets_are_read_in_order_and_a_hidden_sheet_row_or_column_is_not(tmp_path: Path) -> None:
    rows = full_rows(8)
    path = tmp_path / "два листа.xlsx"
    numbers = workbook_file(path, rows[:4], rows[4:])
    book = openpyxl.load_workbook(path)
    hidden = book.create_sheet("Черновик", 1)
    plan_sheet(hidden, full_rows(4, skip=20), first_section=7)
    hidden.sheet_state = "hidden"
    second = book["План 2"]
    second.row_dimensions[9].hidden = True  # the first item of the second sheet
    second.column_dimensions["E"].hidden = True  # its results
    book.save(path)
    activities = extract(path).activities
    assert [a.number for a in activities] == [n for n in numbers if n != "3.1"]
    assert [a.title for a in activities[:4]] == [" ".join(r[0].split()) for r in rows[:4]]
    assert all(a.result_raw for a in activities[:4]) and not any(a.result_raw for a in activities[4:])


def test_a_budget_workbook_gives_no_activities(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Смета расходов на 2025 год"])
    sheet.append([])
    sheet.append(["Код", "Статья расходов", "Сумма, руб.", "Доля, %"])
    for code, item, amount in (("211", "Заработная плата", 1250000.5), ("212", "Прочие выплаты", 35000)):
        sheet.append([code, item, amount, amount / 1285000.5])
        sheet.cell(sheet.max_row, 3).number_format = "#,##0.00"
        sheet.cell(sheet.max_row, 4).number_format = "0.0%"
    sheet.append(["", "Итого", "=SUM(C4:C5)"])
    path = tmp_path / "смета.xlsx"
    book.save(path)
    raw = read(path)
    [table] = raw.tables
    assert table.rows[1].cells == ["211", "Заработная плата", "1250000.50", "97.3%"]
    # a formula openpyxl wrote has no value computed: «Итого» stands alone below the table
    assert [p.text for p in raw.paragraphs] == ["Смета расходов на 2025 год", "Итого"]
    assert extract(path).activities == []


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (1.1, "General", "1.1"),
        (3.0, "General", "3"),
        (0.1 + 0.2, "General", "0.3"),
        (1.1, "0.00", "1.10"),
        (0.25, "0%", "25%"),
        (dt.datetime(2025, 3, 15), "mm-dd-yy", "15.03.2025"),
        (dt.datetime(2025, 9, 1), "[$-419]MMMM YYYY;@", "сентябрь 2025"),
        (dt.datetime(2025, 9, 1), "yyyy", "2025"),
        (dt.datetime(2025, 9, 1, 9, 30), "dd.mm.yyyy h:mm", "01.09.2025 09:30"),
        (" до 15.03.2025\r\n", "@", "до 15.03.2025"),
    ],
)
def test_a_cell_reads_as_excel_shows_it(value: object, number_format: str, text: str) -> None:
    assert cell_text(value, number_format) == text


def soffice_convert(source: Path, suffix: str, folder: Path) -> Path:
    """`source` converted by LibreOffice Calc to `suffix`; the test is skipped without Calc."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", suffix, "--outdir", str(folder), str(source)],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = folder / f"{source.stem}.{suffix}"
    if not converted.is_file():
        pytest.skip("LibreOffice Calc is not installed")
    return converted


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_old_excel_and_opendocument_workbooks_are_read_through_calc(tmp_path: Path, suffix: str) -> None:
    rows = full_rows(4)
    numbers = workbook_file(tmp_path / "plan.xlsx", rows)
    path = soffice_convert(tmp_path / "plan.xlsx", suffix, tmp_path / "out")
    document = extract(path)
    assert document.format == suffix
    assert [a.number for a in document.activities] == numbers
    assert [a.deadline_raw for a in document.activities] == [deadline_text(i) for i in range(4)]


def rewritten(source: Path, target: Path, part: str, edit) -> Path:
    """A copy of the workbook `source` as `target` with its member `part` passed through `edit`."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as packed:
        for info in original.infolist():
            data = original.read(info)
            packed.writestr(info.filename, edit(data) if info.filename == part else data)
    return target


def test_a_truncated_workbook_or_one_of_too_many_cells_is_refused_on_one_russian_line(tmp_path: Path) -> None:
    path = tmp_path / "план.xlsx"
    workbook_file(path, full_rows(4))
    cut = tmp_path / "обрезан.xlsx"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CorruptFileError) as caught:
        read(cut)
    assert str(caught.value).startswith("обрезан.xlsx: повреждённый")
    rows = b"".join(
        b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(2, MAX_ELEMENTS // 2 + 2)
    )
    big = rewritten(
        path,
        tmp_path / "огромная.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"</sheetData>", rows + b"</sheetData>"),
    )
    with pytest.raises(PackageLimitError) as caught:
        read(big)
    assert "превышен лимит размера" in caught.value.reason and "\n" not in str(caught.value)


def test_a_sheet_claiming_a_million_rows_costs_what_it_holds_and_a_bomb_is_refused(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    path = tmp_path / "план.xlsx"
    book.save(path)

    def claim(xml: bytes) -> bytes:
        # the whole sheet as its size, a styled empty cell in its last row, a merge over all of it
        xml = xml.replace(b'<dimension ref="A1:E1"/>', b'<dimension ref="A1:XFD1048576"/>')
        last = b'<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>'
        return xml.replace(b"</sheetData>", last).replace(
            b"</worksheet>",
            b'<mergeCells count="1"><mergeCell ref="A3:XFD1048576"/></mergeCells></worksheet>',
        )

    claiming = rewritten(path, tmp_path / "миллион.xlsx", "xl/worksheets/sheet1.xml", claim)
    with zipfile.ZipFile(claiming) as archive:
        assert b"A1:XFD1048576" in archive.read("xl/worksheets/sheet1.xml")
    [table] = read(claiming).blocks
    assert [r.cells for r in table.rows] == [list(HEADER)]
    padded = rewritten(
        path,
        tmp_path / "бомба.xlsx",
        "xl/styles.xml",
        lambda xml: xml + b"<!--" + b" " * (64 << 20) + b"-->",
    )
    with pytest.raises(PackageLimitError) as caught:
        read(padded)
    assert "zip-бомба" in caught.value.reason


def test_extract_prints_a_workbooks_plan_as_json_and_the_store_keeps_its_format(tmp_path: Path) -> None:
    path = tmp_path / "план.xlsx"
    numbers = workbook_file(path, full_rows(4))
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    printed = printed[0] if isinstance(printed, list) else printed
    assert [a["number"] for a in printed["activities"]] == numbers
    macro = tmp_path / "план.xlsm"
    shutil.copyfile(path, macro)
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        [stored] = store.ingest_upload("план.xlsx", path.read_bytes())
        assert (stored.status, stored.activities, stored.note) == ("ok", 4, None)
        assert store.record(stored.document_id).format == "xlsx"
        assert store.ingest(macro).note is None  # an .xlsm is an .xlsx with macros: not misnamed


def test_a_broken_workbook_says_so_in_russian(tmp_path: Path) -> None:
    path = tmp_path / "таблица.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook>")
    with pytest.raises(ExtractionError) as caught:
        read(path)
    assert caught.value.reason.startswith(("повреждённый", "не удалось прочитать"))
