"""The .docx reader: text, Word numbering, table grids, wrappers, corpus renditions, bad files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from extractor.errors import CorruptFileError
from extractor.readers.docx import format_number, read_docx
from extractor.readers.txt import read_txt
from model import Paragraph, RawDocument, Table
from tests.conftest import CORPUS

NAMESPACES = nsdecls("w", "r") + "".join(
    f' xmlns:{prefix}="{uri}"'
    for prefix, uri in [
        ("v", "urn:schemas-microsoft-com:vml"),
        ("mc", "http://schemas.openxmlformats.org/markup-compatibility/2006"),
    ]
)


def make_docx(
    path: Path, body: str, numbering: str = "", styles: str = "", header: str | None = None
) -> Path:
    """A .docx whose body holds `body` (WordprocessingML), with extra list and style definitions."""
    document = docx.Document()
    section_properties = document.element.body.find(qn("w:sectPr"))
    for element in list(parse_xml(f"<w:body {NAMESPACES}>{body}</w:body>")):
        section_properties.addprevious(element)
    if numbering:
        root = document.part.numbering_part.element
        first_num = root.find(qn("w:num"))
        for element in list(parse_xml(f"<w:numbering {NAMESPACES}>{numbering}</w:numbering>")):
            if element.tag == qn("w:abstractNum"):
                first_num.addprevious(element)
            else:
                root.append(element)
    for element in list(parse_xml(f"<w:styles {NAMESPACES}>{styles}</w:styles>")):
        document.styles.element.append(element)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = header
    document.save(path)
    return path


def p(text: str = "", num: tuple[int, int] | None = None, style: str | None = None) -> str:
    """A paragraph, optionally numbered (numId, ilvl) or styled."""
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        props += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p><w:pPr>{props}</w:pPr>{run}</w:p>"


def lvl(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def abstract(key: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{key}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, starts: dict[int, int] | None = None) -> str:
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
        for k, v in (starts or {}).items()
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def tc(text: str = "", props: str = "", paragraphs: str | None = None) -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs if paragraphs is not None else p(text)}</w:tc>"


def tbl(*rows: str, grid: int = 3) -> str:
    cols = '<w:gridCol w:w="2000"/>' * grid
    return f"<w:tbl><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def texts(document: RawDocument) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


def cells(table: Table) -> list[list[str]]:
    return [row.cells for row in table.rows]


OUTLINE = abstract(100, lvl(0, "%1."), lvl(1, "%1.%2."), lvl(2, "%1.%2.%3."))


def test_run_text_links_tabs_breaks_and_what_is_not_body_text(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t>Срок:</w:t><w:tab/><w:t xml:space="preserve">до </w:t></w:r>'
        '<w:hyperlink r:id="x">'
        "<w:r><w:t>01.04.2021</w:t></w:r></w:hyperlink>"
        "<w:r><w:br/><w:t>вторая строка</w:t></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>скрытый</w:t></w:r>"
        "<w:del><w:r><w:delText>удалённый</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>, вставка</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>, 7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>надпись</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r>'
        "<w:t>надпись</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice></mc:AlternateContent></w:r>"
        "</w:p>"
        "<w:p/>"
        '<w:sdt><w:sdtPr><w:alias w:val="Поле"/></w:sdtPr><w:sdtContent>'
        f"{p('В элементе управления')}</w:sdtContent></w:sdt>"
    )
    document = read_docx(make_docx(tmp_path / "text.docx", body, header="Колонтитул"))
    assert document.format == "docx"
    assert texts(document) == ["Срок: до 01.04.2021\nвторая строка, вставка, 7", "В элементе управления"]


def test_multilevel_numbers_with_lower_levels_reset(tmp_path: Path) -> None:
    items = [("Раздел", 0), ("Первый", 1), ("Второй", 1), ("Глубже", 2), ("Ещё", 0), ("Снова", 1)]
    body = "".join(p(text, (100, level)) for text, level in items)
    document = read_docx(make_docx(tmp_path / "outline.docx", body, OUTLINE + num(100, 100)))
    expected = ["1. Раздел", "1.1. Первый", "1.2. Второй", "1.2.1. Глубже", "2. Ещё", "2.1. Снова"]
    assert texts(document) == expected


def test_number_formats_start_values_and_bullets(tmp_path: Path) -> None:
    definitions = (
        abstract(101, lvl(0, "%1)", "lowerLetter"))
        + abstract(102, lvl(0, "%1.", "upperRoman", start=3))
        + abstract(103, lvl(0, "%1)", "russianLower", start=9))
        + abstract(104, lvl(0, "\uf0b7", "bullet"))
        + abstract(105, lvl(0, "–", "bullet"))
        + num(101, 101)
        + num(102, 102)
        + num(103, 103)
        + num(104, 104)
        + num(105, 105)
    )
    body = (
        p("а", (101, 0))
        + p("б", (101, 0))
        + p("римская", (102, 0))
        + p("русская", (103, 0))
        + p("русская", (103, 0))
        + p("точка", (104, 0))
        + p("тире", (105, 0))
    )
    document = read_docx(make_docx(tmp_path / "formats.docx", body, definitions))
    assert texts(document) == [
        "a) а",
        "b) б",
        "III. римская",
        "и) русская",
        "к) русская",
        "- точка",
        "- тире",
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (4, "lowerRoman", "iv"),
        (1994, "upperRoman", "MCMXCIV"),
        (27, "lowerLetter", "aa"),
        (29, "russianUpper", "АА"),
        (7, "decimalZero", "07"),
        (12, "ordinalText", "12"),
    ],
)
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_instances_share_counters_and_start_override_restarts(tmp_path: Path) -> None:
    definitions = OUTLINE + num(100, 100) + num(101, 100) + num(102, 100, {0: 1}) + num(103, 100, {1: 5})
    body = (
        p("a", (100, 0))
        + p("b", (101, 0))
        + p("c", (101, 1))
        + p("d", (102, 0))
        + p("e", (102, 1))
        + p("f", (103, 1))
        + p("g", (103, 1))
        + p("h", (100, 0))
    )
    document = read_docx(make_docx(tmp_path / "restart.docx", body, definitions))
    assert texts(document) == ["1. a", "2. b", "2.1. c", "1. d", "1.1. e", "1.5. f", "1.6. g", "2. h"]


def test_unused_upper_level_shows_its_start(tmp_path: Path) -> None:
    document = read_docx(make_docx(tmp_path / "deep.docx", p("x", (100, 1)), OUTLINE + num(100, 100)))
    assert texts(document) == ["1.1. x"]


def test_lvl_restart_zero_keeps_counting_across_sections(tmp_path: Path) -> None:
    definitions = abstract(106, lvl(0, "Раздел %1."), lvl(1, "%2)", extra='<w:lvlRestart w:val="0"/>'))
    body = p("a", (106, 1)) + p("b", (106, 0)) + p("c", (106, 1))
    document = read_docx(make_docx(tmp_path / "norestart.docx", body, definitions + num(106, 106)))
    assert texts(document) == ["1) a", "Раздел 2. b", "2) c"]  # the skipped level counts, as in Word


def test_numbering_through_paragraph_style_and_its_base(tmp_path: Path) -> None:
    styles = (
        '<w:style w:type="paragraph" w:styleId="Plan"><w:name w:val="Plan"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="100"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="PlanBold"><w:name w:val="Plan Bold"/>'
        '<w:basedOn w:val="Plan"/></w:style>'
    )
    body = p("a", (100, 0)) + p("b", style="Plan") + p("c", style="PlanBold") + p("d", style="Normal")
    document = read_docx(make_docx(tmp_path / "styled.docx", body, OUTLINE + num(100, 100), styles))
    assert texts(document) == ["1. a", "1.1. b", "1.2. c", "d"]


def test_python_docx_list_styles(tmp_path: Path) -> None:
    document = docx.Document()
    for text, style in [("Первый", "List Number"), ("Второй", "List Number"), ("пункт", "List Bullet")]:
        document.add_paragraph(text, style=style)
    path = tmp_path / "lists.docx"
    document.save(path)
    assert texts(read_docx(path)) == ["1. Первый", "2. Второй", "- пункт"]


def test_numbers_in_cells_count_with_the_document(tmp_path: Path) -> None:
    header = tr(tc("№"), tc("Мероприятие"), tc("Срок"), props="<w:tblHeader/>")
    body = (
        p("Раздел", (100, 0))
        + tbl(
            header,
            tr(tc(paragraphs=p(num=(100, 1))), tc("Выявление"), tc("август 2020")),
            tr(tc(paragraphs=p(num=(100, 1))), tc(paragraphs=p("Создание") + p("комиссии")), tc("")),
            tr(
                tc(paragraphs=p(num=(100, 0))),
                tc(paragraphs=p("первое", (107, 0)) + p("второе", (107, 0))),
                tc(),
            ),
        )
        + p("После таблицы", (100, 1))
    )
    definitions = OUTLINE + abstract(107, lvl(0, "-", "bullet")) + num(100, 100) + num(107, 107)
    document = read_docx(make_docx(tmp_path / "cells.docx", body, definitions))
    table = document.tables[0]
    assert cells(table) == [
        ["№", "Мероприятие", "Срок"],
        ["1.1.", "Выявление", "август 2020"],
        ["1.2.", "Создание\nкомиссии", ""],
        ["2.", "- первое\n- второе", ""],
    ]
    assert [row.is_header for row in table.rows] == [True, False, False, False]
    assert texts(document) == ["1. Раздел", "2.1. После таблицы"]


def test_grid_spans_gaps_and_vertical_merges(tmp_path: Path) -> None:
    body = tbl(
        tr(tc("1."), tc("Организационные мероприятия", '<w:gridSpan w:val="3"/>')),
        tr(tc("1.1."), tc("Выявление"), tc("МЦОКО", '<w:vMerge w:val="restart"/>'), tc("итог")),
        tr(tc("1.2."), tc("Создание"), tc("", "<w:vMerge/>"), tc("порядок")),
        tr(tc("1.3."), tc("Разработка"), tc("", '<w:vMerge w:val="continue"/>'), tc("")),
        tr(tc("Подпись"), props='<w:gridBefore w:val="1"/><w:gridAfter w:val="2"/>'),
        tr(tc("Раздел 2", '<w:gridSpan w:val="4"/>')),
        grid=4,
    )
    document = read_docx(make_docx(tmp_path / "grid.docx", body))
    assert cells(document.tables[0]) == [
        ["1.", "Организационные мероприятия", "", ""],
        ["1.1.", "Выявление", "МЦОКО", "итог"],
        ["1.2.", "Создание", "МЦОКО", "порядок"],
        ["1.3.", "Разработка", "МЦОКО", ""],
        ["", "Подпись", "", ""],
        ["Раздел 2", "", "", ""],
    ]


def test_rows_and_cells_in_content_controls(tmp_path: Path) -> None:
    body = tbl(
        tr(tc("a"), tc("b")),
        f"<w:sdt><w:sdtContent>{tr(tc('c'), tc('d'))}</w:sdtContent></w:sdt>",
        tr(tc("e"), f"<w:sdt><w:sdtContent>{tc('f')}</w:sdtContent></w:sdt>"),
        grid=2,
    )
    document = read_docx(make_docx(tmp_path / "sdt.docx", body))
    assert cells(document.tables[0]) == [["a", "b"], ["c", "d"], ["e", "f"]]


def test_nested_table_is_flattened_into_its_cell(tmp_path: Path) -> None:
    inner = tbl(tr(tc("МЦОКО"), tc("Закурдаева О.Б.")), tr(tc("ОУ района"), tc("")), grid=2)
    body = tbl(tr(tc("1."), tc("Мероприятие"), tc(paragraphs=p("Ответственные:") + inner + p())))
    document = read_docx(make_docx(tmp_path / "nested.docx", body))
    assert len(document.tables) == 1
    flattened = "Ответственные:\nМЦОКО; Закурдаева О.Б.\nОУ района"
    assert cells(document.tables[0]) == [["1.", "Мероприятие", flattened]]


def test_single_cell_layout_table_is_unwrapped(tmp_path: Path) -> None:
    plan = tbl(tr(tc("№"), tc("Мероприятие")), tr(tc("1."), tc("Совещание")), grid=2)
    body = p("Приложение") + tbl(tr(tc(paragraphs=p("ПЛАН") + plan + p())), grid=1) + p("Конец")
    document = read_docx(make_docx(tmp_path / "wrapped.docx", body))
    assert [type(b).__name__ for b in document.blocks] == ["Paragraph", "Paragraph", "Table", "Paragraph"]
    assert texts(document) == ["Приложение", "ПЛАН", "Конец"]
    assert cells(document.tables[0]) == [["№", "Мероприятие"], ["1.", "Совещание"]]


def test_pages_from_rendered_page_breaks(tmp_path: Path) -> None:
    def after_break(text: str) -> str:
        return f"<w:p><w:r><w:lastRenderedPageBreak/><w:t>{text}</w:t></w:r></w:p>"

    body = p("первая") + after_break("вторая") + tbl(tr(tc("a")), tr(tc(paragraphs=after_break("b"))), grid=1)
    document = read_docx(make_docx(tmp_path / "pages.docx", body))
    assert [b.page for b in document.blocks] == [1, 2, 2]
    assert [row.page for row in document.tables[0].rows] == [2, 3]
    assert document.page_count == 3


def test_pages_unknown_without_rendered_breaks(tmp_path: Path) -> None:
    document = read_docx(make_docx(tmp_path / "nopages.docx", p("текст")))
    assert document.blocks[0].page is None and document.page_count is None


def test_truncated_docx_is_corrupt(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "full.docx", p("текст"))
    path = tmp_path / "обрезанный.docx"
    path.write_bytes(source.read_bytes()[:1500])
    with pytest.raises(CorruptFileError) as info:
        read_docx(path)
    assert info.value.path == path and "обрезанный.docx" in str(info.value)
    assert info.value.reason.startswith("повреждённый файл .docx")


def test_broken_document_xml_is_corrupt(tmp_path: Path) -> None:
    source = make_docx(tmp_path / "full.docx", p("текст"))
    path = tmp_path / "сломанный.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as broken:
        for item in original.infolist():
            data = original.read(item)
            broken.writestr(item, data[:-40] if item.filename == "word/document.xml" else data)
    with pytest.raises(CorruptFileError) as info:
        read_docx(path)
    assert "сломанный.docx" in str(info.value)


CORPUS_DOCX = sorted(CORPUS.glob("*.docx"))


def _fold(text: str) -> str:
    """Cell text as the txt rendering has it: tags and emphasis marks gone, whitespace folded."""
    return re.sub(r"\s+", " ", re.sub(r"</?[a-zA-Z][^>]*>", " ", text).replace("*", "")).strip()


@pytest.mark.parametrize("path", CORPUS_DOCX, ids=lambda p: p.name)
def test_corpus_rendition_keeps_every_block_row_and_number(path: Path) -> None:
    expected = read_txt(path.with_suffix(".txt"))
    document = read_docx(path)
    assert [type(b) for b in document.blocks] == [type(b) for b in expected.blocks]
    for got, want in zip(document.blocks, expected.blocks, strict=True):
        if isinstance(want, Paragraph):
            assert _fold(got.text) == _fold(want.text)
            continue
        assert len(got.rows) == len(want.rows)
        for got_row, want_row in zip(got.rows, want.rows, strict=True):
            padded = want_row.cells + [""] * (len(got_row.cells) - len(want_row.cells))
            assert got_row.cells[0] == padded[0].strip()
            assert [_fold(c) for c in got_row.cells] == [_fold(c) for c in padded]


@pytest.mark.parametrize("path", CORPUS_DOCX, ids=lambda p: p.name)
def test_corpus_rendition_marks_a_header_row(path: Path) -> None:
    document = read_docx(path)
    headers = [row for table in document.tables for row in table.rows if row.is_header]
    assert headers and all(not re.match(r"\d", row.cells[0]) for row in headers)
