"""Calendar plans («план-график», «циклограмма»), built here: a column per period (quarters,
months of a school year, years of a multi-year plan) with a mark in the cell when the
activity happens, in .docx and .xlsx, under a header of one row or two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl
import pytest

from extractor import extract
from model import Activity
from tests.test_plan_forms import _docx as plan_table_docx

D = dt.date
QUARTERS = ["I квартал", "II квартал", "III квартал", "IV квартал"]
SCHOOL_MONTHS = ["Сентябрь", "Октябрь", "Ноябрь", "Декабрь", "Январь", "Февраль", "Март", "Апрель", "Май"]


def _docx(
    path: Path, title: str, rows: Sequence[Sequence[str]], merges: Sequence[tuple[int, int, int, int]] = ()
) -> Path:
    """A .docx with `title` and one table (`tests.test_plan_forms._docx`)."""
    return plan_table_docx(path, rows, merges, title=title)


def _intervals(activity: Activity) -> list[tuple[dt.date | None, dt.date | None]]:
    assert activity.when is not None
    return [(i.start, i.end) for i in activity.when.intervals]


def test_quarter_columns_give_each_row_the_quarters_it_marks(tmp_path: Path) -> None:
    rows = [
        ["№", "Мероприятие", *QUARTERS, "Ответственный", "Результат"],
        ["1", "Входная диагностика обучающихся", "+", "", "", "", "Заместитель директора", "Справка"],
        ["2", "Семинар для учителей математики", "", "+", "", "+", "Руководитель ШМО", "Протокол"],
        ["3", "Анализ пробных экзаменов", "", "", "", "", "Заместитель директора", "Справка"],
    ]
    title = "План мероприятий («дорожная карта») по повышению качества образования на 2025 год"
    activities = extract(_docx(tmp_path / "plan.docx", title, rows)).activities
    assert [(a.number, a.deadline_raw, a.responsible_raw, a.result_raw) for a in activities] == [
        ("1", "I квартал", "Заместитель директора", "Справка"),
        ("2", "II квартал, IV квартал", "Руководитель ШМО", "Протокол"),
        ("3", None, "Заместитель директора", "Справка"),
    ]
    first, second, unmarked = activities
    assert _intervals(first) == [(D(2025, 1, 1), D(2025, 3, 31))]
    assert _intervals(second) == [(D(2025, 4, 1), D(2025, 6, 30)), (D(2025, 10, 1), D(2025, 12, 31))]
    assert unmarked.when is not None and (unmarked.when.kind, unmarked.when.intervals) == ("unspecified", [])


def test_months_of_a_school_year_take_the_year_of_their_half(tmp_path: Path) -> None:
    rows = [
        ["№ п/п", "Содержание работы", *SCHOOL_MONTHS, "Ответственный"],
        ["1.", "Диагностика предметных дефицитов", "х", "", "", "", "Х", "", "", "", "", "Заместитель"],
        ["2.", "Заседание ШМО учителей", "", "", "", "✓", "", "", "", "", "✓", "Руководитель ШМО"],
    ]
    title = "Циклограмма мероприятий по повышению качества образования на 2025/2026 учебный год"
    first, second = extract(_docx(tmp_path / "plan.docx", title, rows)).activities
    assert (first.deadline_raw, second.deadline_raw) == ("Сентябрь, Январь", "Декабрь, Май")
    assert _intervals(first) == [(D(2025, 9, 1), D(2025, 9, 30)), (D(2026, 1, 1), D(2026, 1, 31))]
    assert _intervals(second) == [(D(2025, 12, 1), D(2025, 12, 31)), (D(2026, 5, 1), D(2026, 5, 31))]


def test_a_date_written_in_a_period_cell_is_that_date(tmp_path: Path) -> None:
    rows = [
        ["№", "Мероприятие", *QUARTERS, "Ответственный"],
        ["1", "Совещание с руководителями школ", "+", "", "", "15.10.2025", "Отдел образования"],
        ["2", "Мониторинг посещаемости занятий", "в течение квартала", "+", "", "", "Отдел образования"],
    ]
    title = "План-график мероприятий на 2025 год"
    first, second = extract(_docx(tmp_path / "plan.docx", title, rows)).activities
    assert first.deadline_raw == "I квартал, 15.10.2025"
    assert _intervals(first) == [(D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 10, 15), D(2025, 10, 15))]
    assert second.deadline_raw == "I квартал, II квартал"


def test_quarters_under_a_spanning_deadline_header_are_one_deadline(tmp_path: Path) -> None:
    rows = [
        ["№", "Мероприятие", "Срок проведения", "", "", "", "Ответственный"],
        ["", "", "I кв.", "II кв.", "III кв.", "IV кв.", ""],
        ["1", "Курсы повышения квалификации учителей", "", "+", "+", "", "Руководители ОО"],
        ["2", "Муниципальный семинар по итогам ГИА", "", "", "+", "", "МКУ «ИМЦ»"],
    ]
    # «Срок проведения» spans the four quarters; the other header cells span both rows.
    merges = [(0, 2, 0, 5), (0, 0, 1, 0), (0, 1, 1, 1), (0, 6, 1, 6)]
    title = "План мероприятий («дорожная карта») на 2025 год"
    activities = extract(_docx(tmp_path / "plan.docx", title, rows, merges)).activities
    assert [(a.number, a.deadline_raw, a.responsible_raw) for a in activities] == [
        ("1", "II кв., III кв.", "Руководители ОО"),
        ("2", "III кв.", "МКУ «ИМЦ»"),
    ]
    assert _intervals(activities[1]) == [(D(2025, 7, 1), D(2025, 9, 30))]


def _workbook(path: Path, title: str, rows: Sequence[Sequence[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    sheet["A1"] = title
    sheet.append([])
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


def test_year_columns_of_a_multi_year_plan_in_a_workbook(tmp_path: Path) -> None:
    rows = [
        ["№", "Наименование мероприятия", 2025, 2026, 2027, "Исполнитель", "Результат"],
        ["1", "Обновление программы развития школы", "X", None, None, "Директор школы", "Программа"],
        ["2", "Стажировки учителей в школах-лидерах", None, "X", "X", "Заместитель директора", "Отчёт"],
        ["3", "Аудит материально-технической базы", None, None, None, "Директор школы", "Акт"],
    ]
    title = "Дорожная карта перехода школы в эффективный режим работы на 2025-2027 годы"
    activities = extract(_workbook(tmp_path / "plan.xlsx", title, rows)).activities
    assert [(a.number, a.deadline_raw, a.responsible_raw) for a in activities] == [
        ("1", "2025", "Директор школы"),
        ("2", "2026, 2027", "Заместитель директора"),
        ("3", None, "Директор школы"),
    ]
    assert _intervals(activities[1]) == [(D(2026, 1, 1), D(2026, 12, 31)), (D(2027, 1, 1), D(2027, 12, 31))]


def test_year_columns_holding_figures_are_no_calendar(tmp_path: Path) -> None:
    rows = [
        ["№", "Мероприятие", "2025 год", "2026 год", "Ответственный"],
        ["1", "Повышение квалификации учителей", "12", "15", "Руководители ОО"],
        ["2", "Проведение диагностических работ", "4", "6", "МКУ «ИМЦ»"],
    ]
    title = "План мероприятий на 2025-2026 годы"
    activities = extract(_workbook(tmp_path / "plan.xlsx", title, rows)).activities
    assert [(a.number, a.deadline_raw) for a in activities] == [("1", None), ("2", None)]


def test_half_years_under_years_carry_their_year(tmp_path: Path) -> None:
    halves = ["I полугодие", "II полугодие"]
    rows = [
        ["№", "Мероприятие", "2025", "", "2026", "", "Ответственный"],
        ["", "", *halves, *halves, ""],
        ["1", "Мониторинг образовательных результатов", "", "+", "+", "", "МКУ «ИМЦ»"],
        ["2", "Стажировка учителей в школах-лидерах", "+", "", "", "+", "Руководители ОО"],
    ]
    merges = [(0, 2, 0, 3), (0, 4, 0, 5), (0, 0, 1, 0), (0, 1, 1, 1), (0, 6, 1, 6)]
    title = "План мероприятий («дорожная карта») на 2025-2026 годы"
    first, second = extract(_docx(tmp_path / "plan.docx", title, rows, merges)).activities
    assert (first.deadline_raw, second.deadline_raw) == (
        "II полугодие 2025, I полугодие 2026",
        "I полугодие 2025, II полугодие 2026",
    )
    assert _intervals(first) == [(D(2025, 7, 1), D(2025, 12, 31)), (D(2026, 1, 1), D(2026, 6, 30))]


SCHOOL_MONTH_NUMBERS = ["9", "10", "11", "12", "1", "2", "3", "4", "5"]
SCHOOL_YEAR = "Циклограмма мероприятий по повышению качества образования на 2025/2026 учебный год"
MARKED_ROWS = [
    ["1.", "Диагностика предметных дефицитов", "+", "", "", "", "+", "", "", "", "", "Заместитель директора"],
    ["2.", "Заседание ШМО учителей", "", "", "", "+", "", "", "", "", "+", "Руководитель ШМО"],
]
MONTHS_SPANNED = [(0, 2, 0, 10), (0, 0, 1, 0), (0, 1, 1, 1), (0, 11, 1, 11)]
"""«Месяц» (or a year) spans the nine month columns; the other header cells span both rows."""


@pytest.mark.parametrize(
    ("rows", "merges"),
    [
        ([["№", "Мероприятие", *(f"{int(m):02d}" for m in SCHOOL_MONTH_NUMBERS), "Ответственный"]], []),
        ([["№", "Мероприятие", *SCHOOL_MONTH_NUMBERS, "Ответственный"]], []),
        (
            [
                ["№", "Мероприятие", "Месяц проведения", *[""] * 8, "Ответственный"],
                ["", "", *SCHOOL_MONTH_NUMBERS, ""],
            ],
            MONTHS_SPANNED,
        ),
    ],
    ids=["two digits", "one digit, December to January", "under «Месяц»"],
)
def test_months_written_as_numbers_are_months_of_the_school_year(
    tmp_path: Path, rows: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> None:
    first, second = extract(
        _docx(tmp_path / "plan.docx", SCHOOL_YEAR, [*rows, *MARKED_ROWS], merges)
    ).activities
    assert (first.deadline_raw, second.deadline_raw) == ("Сентябрь, Январь", "Декабрь, Май")
    assert _intervals(first) == [(D(2025, 9, 1), D(2025, 9, 30)), (D(2026, 1, 1), D(2026, 1, 31))]
    assert _intervals(second) == [(D(2025, 12, 1), D(2025, 12, 31)), (D(2026, 5, 1), D(2026, 5, 31))]


def test_month_numbers_under_years_and_months_with_their_year(tmp_path: Path) -> None:
    under_years = [
        ["№", "Мероприятие", "2025", "", "", "", "2026", "", "", "", "", "Ответственный"],
        ["", "", *SCHOOL_MONTH_NUMBERS, ""],
    ]
    merges = [(0, 2, 0, 5), (0, 6, 0, 10), (0, 0, 1, 0), (0, 1, 1, 1), (0, 11, 1, 11)]
    first, second = extract(
        _docx(tmp_path / "years.docx", SCHOOL_YEAR, [*under_years, *MARKED_ROWS], merges)
    ).activities
    assert (first.deadline_raw, second.deadline_raw) == (
        "Сентябрь 2025, Январь 2026",
        "Декабрь 2025, Май 2026",
    )
    dated = [
        [
            "№",
            "Мероприятие",
            "09.2025",
            "10.2025",
            "11.2025",
            "12.2025",
            "01.2026",
            "02.2026",
            "Ответственный",
        ]
    ]
    rows = [*dated, *(r[:8] + r[-1:] for r in MARKED_ROWS)]
    first, _ = extract(_docx(tmp_path / "dated.docx", SCHOOL_YEAR, rows)).activities
    assert first.deadline_raw == "09.2025, 01.2026"
    assert _intervals(first) == [(D(2025, 9, 1), D(2025, 9, 30)), (D(2026, 1, 1), D(2026, 1, 31))]


def test_numbers_under_a_cell_naming_months_need_not_cross_the_new_year(tmp_path: Path) -> None:
    rows = [
        ["№", "Мероприятие", "Сроки (по месяцам)", "", "", "", "Ответственный"],
        ["", "", "1", "2", "3", "4", ""],
        ["1", "Пробное тестирование обучающихся 9 классов", "", "+", "", "+", "Заместитель директора"],
    ]
    merges = [(0, 2, 0, 5), (0, 0, 1, 0), (0, 1, 1, 1), (0, 6, 1, 6)]
    (activity,) = extract(
        _docx(tmp_path / "plan.docx", "План-график мероприятий на 2026 год", rows, merges)
    ).activities
    assert activity.deadline_raw == "Февраль, Апрель"
    assert _intervals(activity) == [(D(2026, 2, 1), D(2026, 2, 28)), (D(2026, 4, 1), D(2026, 4, 30))]


def test_a_row_numbering_the_columns_is_no_calendar(tmp_path: Path) -> None:
    rows = [
        ["№", "Мероприятие", "Срок", "Ответственный", "Результат"],
        ["1", "2", "3", "4", "5"],
        ["1", "Семинар для учителей математики", "март 2026 г.", "МКУ «ИМЦ»", "Программа"],
    ]
    (activity,) = extract(_docx(tmp_path / "plan.docx", "План мероприятий на 2026 год", rows)).activities
    assert (activity.number, activity.deadline_raw, activity.result_raw) == ("1", "март 2026 г.", "Программа")


def test_a_calendar_with_only_its_period_row_reads_the_other_columns_by_content(tmp_path: Path) -> None:
    rows = [
        ["", "", "I кв.", "II кв.", "III кв.", "IV кв.", ""],
        ["1", "Курсы повышения квалификации учителей математики", "", "+", "+", "", "Руководители ОО"],
        ["2", "Муниципальный семинар по итогам ГИА для учителей", "", "", "+", "", "МКУ «ИМЦ»"],
        ["3", "Мониторинг посещаемости занятий обучающимися", "+", "", "", "", "Отдел образования"],
    ]
    activities = extract(_docx(tmp_path / "plan.docx", "План мероприятий на 2025 год", rows)).activities
    assert [(a.number, a.deadline_raw, a.responsible_raw) for a in activities] == [
        ("1", "II кв., III кв.", "Руководители ОО"),
        ("2", "III кв.", "МКУ «ИМЦ»"),
        ("3", "I кв.", "Отдел образования"),
    ]
    assert _intervals(activities[1]) == [(D(2025, 7, 1), D(2025, 9, 30))]


def test_months_under_a_school_year_fall_in_its_two_years(tmp_path: Path) -> None:
    rows = [
        ["№", "Мероприятие", "2025/2026 учебный год", *[""] * 8, "Ответственный"],
        ["", "", *SCHOOL_MONTH_NUMBERS, ""],
        *MARKED_ROWS,
    ]
    title = "Циклограмма мероприятий по повышению качества образования"
    first, _ = extract(_docx(tmp_path / "plan.docx", title, rows, MONTHS_SPANNED)).activities
    assert _intervals(first) == [(D(2025, 9, 1), D(2025, 9, 30)), (D(2026, 1, 1), D(2026, 1, 31))]


def _two_tables_docx(
    path: Path, title: str, header: Sequence[Sequence[str]], rows: Sequence[Sequence[str]]
) -> Path:
    """A .docx whose plan table is split in two: the header rows alone, then (after an empty
    paragraph, as Word leaves between tables) the rows in a table of their own."""
    document = docx.Document()
    document.add_paragraph(title)
    for index, part in enumerate((header, rows)):
        if index:
            document.add_paragraph("")
        table = document.add_table(rows=0, cols=len(header[0]))
        for values in part:
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = value
    document.save(path)
    return path


def _marks(*months: int) -> list[str]:
    """The cells of `SCHOOL_MONTHS`, marked in the months at those positions."""
    return ["+" if k in months else "" for k in range(len(SCHOOL_MONTHS))]


@pytest.mark.parametrize(
    "header",
    [
        [["№ п/п", "Мероприятие", *SCHOOL_MONTHS, "Ответственный"]],
        [
            ["№ п/п", "Мероприятие", "Срок проведения", *[""] * 8, "Ответственный"],
            ["", "", *SCHOOL_MONTHS, ""],
        ],
    ],
    ids=["one header row", "months under a spanning cell"],
)
def test_a_calendar_header_standing_alone_reads_the_marks_of_the_next_table(
    tmp_path: Path, header: list[list[str]]
) -> None:
    """The header has no rows to show marks under its months; the rows in the next table do,
    and they read as they would under the header in one table."""
    rows = [
        ["1.", "Диагностика предметных дефицитов учителей", *_marks(0, 4), "Заместитель"],
        ["2.", "Заседание ШМО учителей математики", *_marks(3, 8), "Руководитель ШМО"],
        ["3.", "Пробный экзамен по математике в 9 классах", *_marks(6), "Заместитель"],
    ]
    title = "План-график мероприятий по повышению качества образования на 2025/2026 учебный год"
    split = extract(_two_tables_docx(tmp_path / "split.docx", title, header, rows)).activities
    whole = extract(_docx(tmp_path / "whole.docx", title, [*header, *rows])).activities
    assert [(a.number, a.deadline_raw, a.responsible_raw) for a in split] == [
        ("1", "Сентябрь, Январь", "Заместитель"),
        ("2", "Декабрь, Май", "Руководитель ШМО"),
        ("3", "Март", "Заместитель"),
    ]
    assert [(a.title, a.deadline_raw, _intervals(a)) for a in split] == [
        (a.title, a.deadline_raw, _intervals(a)) for a in whole
    ]
    assert _intervals(split[2]) == [(D(2026, 3, 1), D(2026, 3, 31))]


@pytest.mark.parametrize(("marked_columns", "is_plan"), [(4, True), (1, False)])
def test_a_calendar_without_any_header_is_a_plan_whose_marks_name_no_period(
    tmp_path: Path, marked_columns: int, is_plan: bool
) -> None:
    """No header row at all: the marks say each row is dated, though not when, so the table is
    a plan with no deadlines. One column of marks is a checklist, not a calendar: no plan."""
    marks = [["+", "", "", "+"], ["", "+", "", ""], ["", "", "+", ""], ["+", "+", "+", "+"]]
    rows = [
        ["1.", "Проведение диагностики профессиональных дефицитов учителей", "Методический центр"],
        ["2.", "Организация курсов повышения квалификации для педагогов", "Управление образования"],
        ["3.", "Проведение совещания с руководителями школ по итогам ВПР", "Иванова О.В., начальник отдела"],
        ["4.", "Мониторинг реализации антирисковых программ", "Петров И.И., методист"],
    ]
    rows = [[*row, *mark[:marked_columns]] for row, mark in zip(rows, marks, strict=True)]
    title = "План мероприятий («дорожная карта») по повышению качества образования на 2025 год"
    activities = extract(_docx(tmp_path / "plan.docx", title, rows)).activities
    if not is_plan:
        assert activities == []
        return
    assert [(a.number, a.responsible_raw, a.deadline_raw) for a in activities] == [
        (row[0].rstrip("."), row[2], None) for row in rows
    ]
    assert [a.title for a in activities] == [row[1] for row in rows]
