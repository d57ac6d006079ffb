"""Plans in forms officials also use and the devset lacks, built here: three-level numbering
under «Раздел» rows, two-row headers, plans written as numbered paragraphs, dates cut by a
narrow PDF column."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx

from extractor import extract
from extractor.readers.pdf_layout import Line, Word
from extractor.readers.pdf_tables import cell_text

SPANNING_HEADER = [
    ["№ п/п", "Наименование мероприятия", "Сроки", "", "Ответственные", "", "Ожидаемый результат"],
    ["", "", "начало", "окончание", "исполнитель", "соисполнители", ""],
]


def _docx(
    path: Path,
    rows: Sequence[Sequence[str]],
    merges: Sequence[tuple[int, int, int, int]] = (),
    title: str = "План мероприятий («дорожная карта») на 2025 год",
) -> Path:
    """A .docx with the heading `title` and one table; `merges` are (top, left, bottom, right)
    spans whose text is that of their first cell, merged the way Word merges them."""
    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, values in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    for top, left, bottom, right in merges:
        text = table.cell(top, left).text
        table.cell(top, left).merge(table.cell(bottom, right)).text = text
    document.save(path)
    return path


def test_item_after_a_subsection_goes_back_to_the_section_it_is_numbered_in(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "№ п/п\tМероприятие\tСрок\tОтветственный\tРезультат",
                "Раздел 1. Организационно-управленческие меры\t\t\t\t",
                "1.1.\tНормативное обеспечение\t\t\t",
                "1.1.1.\tРазработка программы поддержки ШНОР\tянварь 2025 г.\tУправление образования\tприказ",
                "1.1.2.\tУтверждение состава рабочей группы\tфевраль 2025 г.\tУправление образования\tприказ",
                "1.2.\tСовещание с руководителями ОО\tмарт 2025 г.\tИванова Н.П.\tпротокол",
                "1.3.\tМетодическое сопровождение\t\t\t",
                "1.3.1.\tСеминар для заместителей директоров\tапрель 2025 г.\tМКУ «ИМЦ»\tпрограмма",
                "2.\tРабота с педагогами\t\t\t",
                "2.1.\tКурсы для учителей математики\tIV квартал 2025 г.\tруководители ОО\tудостоверения",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [(a.number, a.section, a.section_title) for a in activities] == [
        ("1.1.1", "1.1", "Нормативное обеспечение"),
        ("1.1.2", "1.1", "Нормативное обеспечение"),
        ("1.2", "1", "Организационно-управленческие меры"),
        ("1.3.1", "1.3", "Методическое сопровождение"),
        ("2.1", "2", "Работа с педагогами"),
    ]


def test_header_cells_spanning_sub_columns_give_one_field_each(tmp_path: Path) -> None:
    rows = [
        *SPANNING_HEADER,
        [
            "1.",
            "Анализ результатов ВПР",
            "март 2025",
            "апрель 2025",
            "Отдел образования",
            "руководители ОО",
            "справка",
        ],
        ["2.", "Сопровождение учителей", "01.02.2025", "31.12.2025", "МКУ «ИМЦ»", "Сидорова А.В.", "план"],
        ["3.", "Семинар для заместителей директоров", "сентябрь 2025", "", "МКУ «ИМЦ»", "", "протокол"],
    ]
    # «Сроки» and «Ответственные» span two columns; the other header cells span both rows.
    merges = [(0, 2, 0, 3), (0, 4, 0, 5), (0, 0, 1, 0), (0, 1, 1, 1), (0, 6, 1, 6)]
    activities = extract(_docx(tmp_path / "plan.docx", rows, merges)).activities
    assert [(a.number, a.deadline_raw, a.responsible_raw, a.result_raw) for a in activities] == [
        ("1", "март 2025 – апрель 2025", "Отдел образования; руководители ОО", "справка"),
        ("2", "01.02.2025 – 31.12.2025", "МКУ «ИМЦ»; Сидорова А.В.", "план"),
        ("3", "сентябрь 2025", "МКУ «ИМЦ»", "протокол"),
    ]
    first, second, _ = activities
    span = [(i.start.isoformat(), i.end.isoformat()) for i in first.when.intervals]
    assert span == [("2025-03-01", "2025-04-30")]
    assert (second.persons, second.orgs) == (["Сидорова А.В."], ["МКУ «ИМЦ»"])


def test_two_row_header_repeated_on_the_next_page_is_no_activity(make_txt) -> None:
    header = ["\t".join(r) for r in SPANNING_HEADER]
    doc = make_txt(
        "\n".join(
            [
                "План мероприятий на 2025 год",
                *header,
                "1.\tАнализ результатов ВПР в школах\tмарт 2025\tапрель 2025\tОтдел образования\t\tсправка",
                "2.\tСопровождение учителей математики\t01.02.2025\t31.12.2025\tМКУ «ИМЦ»\t\tплан",
                "2",
                *header,
                "\tи информатики\t\t\t\t\tи отчёт",
                "3.\tСеминар для заместителей директоров\tсентябрь 2025\tоктябрь 2025\tМКУ «ИМЦ»\t\tпротокол",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [(a.number, a.title, a.deadline_raw, a.result_raw) for a in activities] == [
        ("1", "Анализ результатов ВПР в школах", "март 2025 – апрель 2025", "справка"),
        ("2", "Сопровождение учителей математики и информатики", "01.02.2025 – 31.12.2025", "план и отчёт"),
        ("3", "Семинар для заместителей директоров", "сентябрь 2025 – октябрь 2025", "протокол"),
    ]


def test_sub_headings_that_are_no_range_join_with_a_semicolon(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "№\tМероприятие\tСрок\tОтветственный\tОтметка о выполнении\t",
                "\t\t\t\tдата\tрезультат",
                "1\tАнализ результатов ВПР в школах\tмарт 2025\tОтдел образования\t15.03.2025\tпроведено",
                "2\tСопровождение учителей математики\tв течение года\tМКУ «ИМЦ»\t\t",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [(a.deadline_raw, a.status_raw) for a in activities] == [
        ("март 2025", "15.03.2025; проведено"),
        ("в течение года", None),
    ]


ORDER = [
    "ПРИКАЗ",
    "от 12.02.2025 № 45",
    "Об утверждении плана мероприятий по повышению качества образования на 2025 год",
    "ПРИКАЗЫВАЮ:",
    "1. Утвердить план мероприятий (приложение).",
    "2. Руководителям ОО представить отчёты. Срок: до 01.04.2025.",
    "3. Контроль за исполнением приказа оставляю за собой.",
    "Начальник управления образования О.В. Петрова",
]
PARAGRAPH_PLAN = [
    "Приложение к приказу от 12.02.2025 № 45",
    "План мероприятий на 2025 год",
    "1. Организационные мероприятия",
    "1.1. Анализ результатов ВПР в школах. Срок: март 2025 г. Ответственный: отдел общего образования. "
    "Результат: аналитическая справка.",
    "1.2. Семинар «Причины низких результатов». Срок исполнения – апрель 2025 г.; "
    "Ответственные – МКУ «ИМЦ» (Сидорова А.В.); Источник финансирования: не требуется.",
    "2. Работа с педагогами",
    "2.1. Курсы повышения квалификации для учителей математики",
    "Срок: в течение 2025 года.",
    "Ответственный: руководители ОО.",
    "Результат: удостоверения.",
]


def _paragraphs(path: Path, lines: Sequence[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def test_plan_written_as_numbered_paragraphs_with_inline_fields(tmp_path: Path, make_txt) -> None:
    expected = [
        (
            "1.1",
            "1",
            "Анализ результатов ВПР в школах",
            "март 2025 г.",
            "отдел общего образования",
            "аналитическая справка",
        ),
        (
            "1.2",
            "1",
            "Семинар «Причины низких результатов»",
            "апрель 2025 г.",
            "МКУ «ИМЦ» (Сидорова А.В.)",
            None,
        ),
        (
            "2.1",
            "2",
            "Курсы повышения квалификации для учителей математики",
            "в течение 2025 года",
            "руководители ОО",
            "удостоверения",
        ),
    ]
    for path in (
        _paragraphs(tmp_path / "plan.docx", ORDER + PARAGRAPH_PLAN),
        make_txt("\n\n".join(ORDER + PARAGRAPH_PLAN)),
    ):
        document = extract(path)
        got = [
            (a.number, a.section, a.title, a.deadline_raw, a.responsible_raw, a.result_raw)
            for a in document.activities
        ]
        assert got == expected, path.name
        assert document.activities[0].section_title == "Организационные мероприятия"
        assert document.activities[1].persons == ["Сидорова А.В."]
        # The order's own point with a deadline stays a directive.
        assert [d.number for d in document.directives] == ["1", "2", "3"]


def test_order_whose_points_name_deadlines_has_no_paragraph_plan(tmp_path: Path) -> None:
    lines = [
        *ORDER[:4],
        "1. Руководителям ОО обеспечить участие педагогов в семинаре. Срок: март 2025 г.",
        "2. МКУ «ИМЦ» провести мониторинг. Срок исполнения: до 01.06.2025. Ответственный: Сидорова А.В.",
        "3. Контроль за исполнением приказа оставляю за собой.",
        ORDER[-1],
        # After the signature, text whose words before a colon read as a label mid-sentence.
        "Перечень проверяемых вопросов",
        "1. Состояние хранения, учета, выдачи и использования",
        "бланков строгой отчетности: лицензий, протоколов.",
    ]
    document = extract(_paragraphs(tmp_path / "order.docx", lines))
    assert document.activities == []
    assert [d.number for d in document.directives] == ["1", "2", "3"]


def _pdf_line(text: str, x0: float, top: float, char: float = 6.0) -> Line:
    words, x = [], x0
    for piece in text.split():
        words.append(Word(piece, x, x + char * len(piece), top, top + 10))
        x += char * (len(piece) + 1)
    return Line(tuple(words))


def test_date_cut_at_a_narrow_pdf_cell_edge_is_joined_back() -> None:
    # «01.02.20» fills the 48-point cell; LibreOffice and Word put «25» on the next line.
    lines = [_pdf_line("01.02.20", 10, 0), _pdf_line("25", 10, 12)]
    assert cell_text(lines, left=10, right=58) == "01.02.2025"
    lines = [_pdf_line("до 15.03.", 10, 0), _pdf_line("2025 г.", 10, 12)]
    assert cell_text(lines, left=10, right=64) == "до 15.03.2025 г."
    # A line that stops short of the edge, or a whole date, is a line of its own.
    assert (
        cell_text([_pdf_line("01.02.20", 10, 0), _pdf_line("25", 10, 12)], left=10, right=90)
        == "01.02.20\n25"
    )
    lines = [_pdf_line("31.12.2025", 10, 0), _pdf_line("2026", 10, 12)]
    assert cell_text(lines, left=10, right=70) == "31.12.2025\n2026"
