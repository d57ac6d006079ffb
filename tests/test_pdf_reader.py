"""The .pdf reader: plans printed by LibreOffice, tables cut by page breaks, cell text, bad files."""

from __future__ import annotations

import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from PIL import Image, ImageDraw

from corpus.make_renditions import convert_to_pdf, render_docx
from extractor import extract
from extractor.errors import CorruptFileError, EncryptedFileError, ScannedDocumentError
from extractor.readers import read
from extractor.readers.pdf_breaks import PagePart, join_page_parts
from extractor.readers.pdf_layout import Line, Word, join_lines
from extractor.readers.pdf_tables import TablePart, cell_text
from model import Table
from tests.conftest import CORPUS
from tests.scans import raw_pdf
from tests.synthetic import ROWS_ON_PAGE, Merge, build_merged_plan, corpus_rows, short_rows

FIELDS = ("number", "title", "section", "deadline_raw", "responsible_raw", "result_raw")
SAMPLE_PDF = CORPUS / "000_e1a1ce5ee80185a8.pdf"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
needs_qpdf = pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")


# --- a generated plan printed to PDF reads as its text does -------------------------------


def generated_plan(seed: int) -> str:
    """An order with a sectioned plan whose deadline and responsible cells repeat over runs
    of rows (the renderer merges those vertically), long enough to run over many pages."""
    rng = random.Random(seed)
    rows = corpus_rows()
    rng.shuffle(rows)
    lines = [
        "ПРИКАЗ",
        "от 01.09.2022 № 57",
        "Об утверждении плана мероприятий («дорожной карты») на 2022-2023 учебный год",
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план мероприятий (приложение).",
        "План мероприятий («дорожная карта») на 2022-2023 учебный год",
        "№ п/п\tНаименование мероприятия\tСрок исполнения\tОтветственные\tОжидаемый результат",
    ]
    taken = iter(rows)
    for section in range(1, 4):
        lines.append(f"{section}.\tРаздел {section}. {next(taken)[0][:60]}")
        shared_deadline, shared_responsible, run = "", "", 0
        for item in range(1, rng.randint(6, 9) + 1):
            title, deadline, responsible, result = next(taken)
            if run == 0:
                run = rng.randint(1, 5)
                shared_deadline, shared_responsible = deadline or "в течение года", responsible or "МОУО"
            run -= 1
            cells = [f"{section}.{item}.", title, shared_deadline, shared_responsible, result or "Отчёт"]
            lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def printed_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("printed")
    txt = folder / "plan.txt"
    txt.write_text(generated_plan(seed=7), encoding="utf-8")
    convert_to_pdf([render_docx(txt)], folder)
    return txt, txt.with_suffix(".pdf")


def fields(activity) -> list[str | None]:
    return [getattr(activity, name) for name in FIELDS]


@needs_soffice
def test_generated_plan_reads_from_pdf_as_from_its_text(printed_plan: tuple[Path, Path]) -> None:
    txt, pdf = printed_plan
    expected = extract(txt, normalize=False).activities
    got = extract(pdf, normalize=False).activities
    assert len(expected) >= 18
    assert [[getattr(a, f) for f in FIELDS] for a in got] == [
        [getattr(a, f) for f in FIELDS] for a in expected
    ]


@needs_soffice
def test_generated_plan_runs_over_pages_as_one_table(printed_plan: tuple[Path, Path]) -> None:
    raw = read(printed_plan[1])
    plan_tables = [t for t in raw.tables if t.width == 5]
    assert len(plan_tables) == 1
    pages = {row.page for row in plan_tables[0].rows}
    assert len(pages) >= 3
    headers = [row for row in plan_tables[0].rows if row.is_header]
    assert len(headers) == len(pages) - 1


# --- merged cells and rows cut exactly at a page break -----------------------------------

FIRST, SECOND = ROWS_ON_PAGE, 2 * ROWS_ON_PAGE  # the first data rows printed on pages 2 and 3
RESPONSIBLE = "Иванов И.И., методист МЦОКО"
LONG_RESPONSIBLE = (
    "Иванов И.И., методист МЦОКО; Петров П.П., заместитель начальника управления образования; "
    "Сидорова С.С., ведущий специалист отдела; руководители общеобразовательных организаций "
    "района; кураторы проекта «500+»"
)
LONG_TITLE = " ".join(
    f"{n}) проведение методических семинаров для учителей школ с низкими результатами обучения;"
    for n in range(1, 13)
)
CENTRE = WD_CELL_VERTICAL_ALIGNMENT.CENTER


@dataclass(frozen=True)
class BreakCase:
    """A plan whose data rows `changes` ((row, column) -> text) and `merges` meet a page
    break; `printed` says which words the printout must have on which page (0-based) for
    the break to fall where the case needs it."""

    merges: tuple[Merge, ...] = ()
    changes: tuple[tuple[int, int, str], ...] = ()
    printed: tuple[tuple[int, str], ...] = ((0, f"{FIRST}."), (1, f"{FIRST + 1}."))

    def rows(self) -> list[list[str]]:
        rows = short_rows(3 * ROWS_ON_PAGE - 6, seed=1)
        for row, column, text in self.changes:
            rows[row][column] = text
        return rows


SPLIT_LONG_ROW = ((FIRST - 1, 1, LONG_TITLE),)
BREAK_CASES = {
    "merged over one row on each side": BreakCase((Merge(3, FIRST - 1, FIRST, RESPONSIBLE),)),
    "two columns merged over one row on each side": BreakCase(
        (Merge(2, FIRST - 1, FIRST, "в течение года"), Merge(3, FIRST - 1, FIRST, RESPONSIBLE))
    ),
    "merged over one row on each side, centred": BreakCase(
        (Merge(3, FIRST - 1, FIRST, RESPONSIBLE, CENTRE),)
    ),
    "merged over three rows, two before the break": BreakCase((Merge(3, FIRST - 2, FIRST, RESPONSIBLE),)),
    "merged over three rows, two after the break, centred": BreakCase(
        (Merge(3, FIRST - 1, FIRST + 1, RESPONSIBLE, CENTRE),)
    ),
    "merged at two breaks": BreakCase(
        (Merge(3, FIRST - 1, FIRST, RESPONSIBLE), Merge(2, SECOND - 1, SECOND, "ежемесячно")),
        printed=((0, f"{FIRST}."), (1, f"{FIRST + 1}."), (1, f"{SECOND}."), (2, f"{SECOND + 1}.")),
    ),
    "merged text running over the break": BreakCase(
        (Merge(3, FIRST - 1, FIRST, LONG_RESPONSIBLE),), printed=((0, "Иванов"), (1, "кураторы"))
    ),
    "merged text from two rows running over the break": BreakCase(
        (Merge(3, FIRST - 2, FIRST, LONG_RESPONSIBLE),), printed=((0, "Иванов"), (1, "кураторы"))
    ),
    "row split by the break": BreakCase(changes=SPLIT_LONG_ROW, printed=((0, f"{FIRST}."), (1, "12)"))),
    "row split by the break, merged with the next": BreakCase(
        (Merge(3, FIRST - 1, FIRST, RESPONSIBLE),),
        SPLIT_LONG_ROW,
        printed=((0, f"{FIRST}."), (1, "12)"), (1, f"{FIRST + 1}.")),
    ),
    "empty cells the plan has elsewhere too": BreakCase(
        changes=((3, 3, ""), (FIRST, 3, ""), (SECOND - 2, 3, ""))
    ),
    "the same text in the rows on both sides": BreakCase(
        changes=((FIRST - 1, 3, RESPONSIBLE), (FIRST, 3, RESPONSIBLE))
    ),
}


@pytest.fixture(scope="module")
def break_plans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each of `BREAK_CASES` as a .docx, printed to .pdf beside it by LibreOffice."""
    folder = tmp_path_factory.mktemp("breaks")
    paths = {
        name: build_merged_plan(folder / f"plan_{index}.docx", case.rows(), case.merges)
        for index, (name, case) in enumerate(BREAK_CASES.items())
    }
    convert_to_pdf(list(paths.values()), folder)
    return paths


def printed_words(pdf: Path) -> list[set[str]]:
    with pdfplumber.open(pdf) as document:
        return [set((page.extract_text() or "").split()) for page in document.pages]


@needs_soffice
@pytest.mark.parametrize("name", BREAK_CASES)
def test_table_cut_at_a_page_break_reads_from_pdf_as_from_docx(
    break_plans: dict[str, Path], name: str
) -> None:
    docx_path, pdf_path = break_plans[name], break_plans[name].with_suffix(".pdf")
    pages = printed_words(pdf_path)
    for page, word in BREAK_CASES[name].printed:
        assert word in pages[page], f"{word!r} is not printed on page {page + 1}: the break moved"
    expected = extract(docx_path, normalize=False).activities
    got = extract(pdf_path, normalize=False).activities
    assert len(expected) == 3 * ROWS_ON_PAGE - 6
    assert [fields(a) for a in got] == [fields(a) for a in expected]


# --- bad files --------------------------------------------------------------------------------


def one_page_pdf(content: bytes) -> bytes:
    """A valid one-page A4 PDF whose page draws `content` (a content stream) and nothing else."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    return raw_pdf(objects)


def test_pdf_of_a_page_image_is_a_scan_read_by_ocr(tmp_path: Path) -> None:
    image = Image.new("L", (827, 1169), "white")
    draw = ImageDraw.Draw(image)
    draw.text((80, 80), "ПРИКАЗ № 12", fill="black")
    draw.rectangle((60, 300, 760, 900), outline="black", width=3)
    path = tmp_path / "скан.pdf"
    image.save(path, resolution=100)
    document = read(path)
    assert document.ocr is not None and document.ocr.pages_recognized == 1


def test_page_of_drawn_table_rules_without_text_is_a_scan(tmp_path: Path) -> None:
    grid = b"".join(b"50 %d m 545 %d l S " % (y, y) for y in range(200, 701, 100))
    grid += b"".join(b"%d 200 m %d 700 l S " % (x, x) for x in (50, 150, 350, 545))
    path = tmp_path / "бланк.pdf"
    path.write_bytes(one_page_pdf(b"1 w " + grid + b"100 750 200 40 re f"))
    with pytest.raises(ScannedDocumentError):
        read(path)


@needs_qpdf
def test_pdf_with_an_open_password_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "закрытый.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "secret", "owner", "256", "--", str(SAMPLE_PDF), str(path)], check=True
    )
    with pytest.raises(EncryptedFileError) as caught:
        read(path)
    assert "закрытый.pdf" in str(caught.value) and "парол" in caught.value.reason


@needs_qpdf
def test_pdf_with_only_a_permissions_password_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ограниченный.pdf"
    subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--", str(SAMPLE_PDF), str(path)], check=True)
    restricted = extract(path, normalize=False).activities
    plain = extract(SAMPLE_PDF, normalize=False).activities
    assert restricted and [a.title for a in restricted] == [a.title for a in plain]


@pytest.mark.parametrize("share", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_corrupt(tmp_path: Path, share: float) -> None:
    data = SAMPLE_PDF.read_bytes()
    path = tmp_path / "обрезанный.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    with pytest.raises(CorruptFileError) as caught:
        read(path)
    assert caught.value.path == path


def test_pdf_header_over_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "мусор.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(CorruptFileError):
        read(path)


# --- tables cut by page breaks ------------------------------------------------------------

EDGES = (50.0, 100.0, 300.0, 400.0)
HEADER = ["№", "Мероприятие", "Ответственные"]


def page_part(page: int, rows: list[list[str]], spans=None, edges=EDGES, header: bool = True) -> PagePart:
    part = PagePart(TablePart(0.0, 500.0, [HEADER, *rows] if header else rows, edges, spans or {}), page)
    if header and page > 1:
        part.table.rows[0].is_header = True
    return part


def cells(tables: list[Table]) -> list[list[list[str]]]:
    return [[row.cells for row in table.rows] for table in tables]


def test_parts_on_successive_pages_make_one_table() -> None:
    first = page_part(1, [["1.", "Совещание", "Иванов И.И."]])
    second = page_part(2, [["2.", "Семинар", "Петров П.П."]])
    [table] = join_page_parts([first, second])
    assert [row.cells for row in table.rows if not row.is_header] == [
        HEADER,
        ["1.", "Совещание", "Иванов И.И."],
        ["2.", "Семинар", "Петров П.П."],
    ]
    assert [row.page for row in table.rows] == [1, 1, 2, 2]


def test_tables_with_other_columns_or_on_one_page_stay_apart() -> None:
    moved = tuple(x + 40 for x in EDGES)
    parts = [page_part(1, [["1.", "А", "Б"]]), page_part(2, [["2.", "В", "Г"]], edges=moved)]
    assert len(join_page_parts(parts)) == 2
    assert len(join_page_parts([page_part(1, [["1.", "А", "Б"]]), page_part(1, [["2.", "В", "Г"]])])) == 2


def test_row_split_by_a_page_break_is_joined() -> None:
    first = page_part(1, [["1.", "Разработка программ\nпо", "Иванов И.И.,"]])
    second = page_part(2, [["", "математике", "Петров П.П."], ["2.", "Семинар", "Сидоров С.С."]])
    [table] = join_page_parts([first, second])
    data = [row.cells for row in table.rows if not row.is_header][1:]
    assert data == [
        ["1.", "Разработка программ\nпо\nматематике", "Иванов И.И.,\nПетров П.П."],
        ["2.", "Семинар", "Сидоров С.С."],
    ]


def test_unnumbered_heading_row_after_a_page_break_is_not_joined() -> None:
    first = page_part(1, [["1.", "Совещание", "Иванов И.И."]])
    second = page_part(2, [["", "Раздел 2. Кадры", ""], ["2.1.", "Семинар", "Петров П.П."]])
    [table] = join_page_parts([first, second])
    assert len([row for row in table.rows if not row.is_header]) == 4


def test_capitalised_rest_of_a_row_is_joined_where_headings_are_merged_cells() -> None:
    first = page_part(1, [["1.", "Раздел 1", ""], ["1.1.", "Семинар. Подведение итогов", "Иванов И.И."]])
    first.scan.across = {1}
    second = page_part(2, [["", "Сборник материалов", ""], ["1.2.", "Отчёт", "Петров П.П."]])
    [table] = join_page_parts([first, second])
    titles = [row.cells[1] for row in table.rows if not row.is_header][1:]
    assert titles == ["Раздел 1", "Семинар. Подведение итогов\nСборник материалов", "Отчёт"]


def test_merged_cell_empty_after_the_break_carries_its_text() -> None:
    same = "Иванов И.И."
    first = page_part(1, [["1.", "Совещание", same], ["2.", "Семинар", same]], {(1, 2): [1, 2]})
    rows = [["3.", "Конкурс", ""], ["4.", "Отчёт", ""], ["5.", "Приказ", "Петров П.П."]]
    second = page_part(2, rows, {(1, 2): [1, 2]})
    [table] = join_page_parts([first, second])
    responsible = [row.cells[2] for row in table.rows if not row.is_header][1:]
    assert responsible == [same, same, same, same, "Петров П.П."]


def test_merge_ending_on_the_first_row_after_the_break_reaches_it() -> None:
    same = "Иванов И.И."
    first = page_part(1, [["1.", "Совещание", same], ["2.", "Семинар", same]], {(1, 2): [1, 2]})
    second = page_part(2, [["3.", "Конкурс", ""], ["4.", "Отчёт", ""]])
    [table] = join_page_parts([first, second])
    assert [row.cells[2] for row in table.rows if not row.is_header][1:] == [same, same, same, ""]


def responsibles(table: Table) -> list[str]:
    return [row.cells[2] for row in table.rows if not row.is_header][1:]


def test_one_row_pieces_of_a_merged_cell_on_both_sides_of_a_break_are_one_cell() -> None:
    same = "Иванов И.И."
    first = page_part(1, [["1.", "Совещание", "Петров П.П."], ["2.", "Семинар", same]])
    second = page_part(2, [["3.", "Конкурс", ""], ["4.", "Отчёт", "Сидоров С.С."]])
    [table] = join_page_parts([first, second])
    assert responsibles(table) == ["Петров П.П.", same, same, "Сидоров С.С."]


def test_merged_cell_printed_after_the_break_reaches_the_row_before_it() -> None:
    same = "Иванов И.И."
    first = page_part(1, [["1.", "Совещание", "Петров П.П."], ["2.", "Семинар", ""]])
    second = page_part(2, [["3.", "Конкурс", same], ["4.", "Отчёт", "Сидоров С.С."]])
    [table] = join_page_parts([first, second])
    assert responsibles(table) == ["Петров П.П.", same, same, "Сидоров С.С."]


def test_empty_cell_at_a_break_stays_empty_where_rows_like_it_elsewhere_are_empty() -> None:
    first = page_part(1, [["1.", "Совещание", ""], ["2.", "Семинар", "Иванов И.И."]])
    second = page_part(2, [["3.", "Конкурс", ""], ["4.", "Отчёт", "Сидоров С.С."]])
    [table] = join_page_parts([first, second])
    assert responsibles(table) == ["", "Иванов И.И.", "", "Сидоров С.С."]


def test_heading_row_after_a_break_gets_nothing_of_the_row_before() -> None:
    edges = (50.0, 80.0, 200.0, 260.0, 340.0, 420.0)
    row = ["1.1.", "Семинар", "май", "Иванов И.И.", "Программа"]
    first = page_part(1, [row], edges=edges, header=False)
    second = page_part(
        2,
        [["2.", "Кадры", "", "", ""], ["2.1.", "Отчёт", "июнь", "МОУО", "Отчёт"]],
        edges=edges,
        header=False,
    )
    [table] = join_page_parts([first, second])
    assert [row.cells for row in table.rows][1] == ["2.", "Кадры", "", "", ""]


def test_merged_cell_text_running_over_the_break_goes_to_every_row() -> None:
    first = page_part(1, [["1.", "Анализ программ\nшкол", "КОПО, ЛОИРО,\nруководители"]])
    second = page_part(2, [["", "района", "МОУО"], ["2.", "Сессии", ""]], {(1, 2): [1, 2]})
    [table] = join_page_parts([first, second])
    responsible = [row.cells[2] for row in table.rows if not row.is_header][1:]
    assert responsible == ["КОПО, ЛОИРО,\nруководители\nМОУО"] * 2


# --- cell and line text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "tail", "joined"),
    [
        ("2020-", "2021", "2020-2021"),
        ("Февраль-", "март 2021", "Февраль-март 2021"),
        ("педагог- ", "психолог", "педагог- психолог"),
        ("Разработка меро-", "приятий", "Разработка мероприятий"),
        ("руководители МОУ №", "№ 2, 7, 14", "руководители МОУ №№ 2, 7, 14"),
        ("Ноябрь –", "декабрь", "Ноябрь – декабрь"),
        ("в соответствии с планом–", "графиком", "в соответствии с планом–графиком"),
        ("Ростов-на-", "Дону", "Ростов-на-Дону"),
        ("методических рекомендаций", ", решения", "методических рекомендаций, решения"),
    ],
)
def test_lines_of_a_cell_are_joined_as_printed(head: str, tail: str, joined: str) -> None:
    assert join_lines(head, tail, sep=" ") == joined


def line(text: str, x0: float, top: float, char: float = 6.0) -> Line:
    words, x = [], x0
    for piece in text.split():
        words.append(Word(piece, x, x + char * len(piece), top, top + 10))
        x += char * (len(piece) + 1)
    return Line(tuple(words))


def test_word_too_long_for_its_cell_is_rejoined() -> None:
    lines = [line("комиссия по", 10, 0), line("сопровожден", 10, 12), line("ию «слабых", 10, 24)]
    assert cell_text(lines, left=10, right=80) == "комиссия по\nсопровождению «слабых"


def test_short_word_ending_a_line_is_not_glued_to_the_next() -> None:
    lines = [line("экспертная", 10, 0), line("комиссия", 10, 12)]
    assert cell_text(lines, left=10, right=72) == "экспертная\nкомиссия"
