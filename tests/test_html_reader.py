"""Orders saved as web pages (Word's "save as web page", a portal's printable page) are read
as paragraphs and plan tables, in the charset the page declares; spans are laid on the grid as
in .docx, and nothing of a script, a style or the head becomes text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extractor import extract
from extractor.readers import read
from model import Paragraph, Table
from store import open_store
from tests.synthetic import corpus_rows

HEADER = ("№ п/п", "Наименование мероприятия", "Срок", "Ответственные", "Ожидаемый результат")


def web_order(rows: list[tuple[str, ...]]) -> str:
    """A Word-like web page of an order with a plan table: a header of `th`, a section row
    spanning the table, the last column's first cell spanning two rows."""
    cells = []
    for index, (title, deadline, responsible, result) in enumerate(rows):
        spanned = '<td rowspan="2">' + result + "</td>" if index % 2 == 0 else ""
        cells.append(
            f"<tr><td>{index + 1}.</td><td><p>{title}</p></td><td>{deadline}</td>"
            f"<td>{responsible}<br>тел. 8-800</td>{spanned}</tr>"
        )
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        "<title>ненужный заголовок</title><style>p { margin:0 }</style>"
        "<script>document.write('скрипт')</script></head><body>"
        "<p>МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛУЖСКОЙ ОБЛАСТИ</p><p>ПРИКАЗ</p>"
        "<p>от 01.09.2021 <span>№ 100</span></p>"
        "<p><b>Об утверждении плана мероприятий («дорожной карты»)</b> на 2021-2022 учебный год</p>"
        "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr></thead><tbody>"
        '<tr><td colspan="5">1. Методическое сопровождение</td></tr>' + "".join(cells) + "</tbody></table>"
        "<p>Министр&nbsp;образования<br>А.С. Аникеев</p></body></html>"
    )


def test_a_web_page_order_in_windows_1251_gives_its_plan(tmp_path: Path) -> None:
    rows = [tuple(r[:4]) for r in corpus_rows()[:6]]
    path = tmp_path / "приказ.htm"
    path.write_bytes(web_order(rows).encode("cp1251", errors="replace"))
    raw = read(path)
    texts = [b.text for b in raw.blocks if isinstance(b, Paragraph)]
    assert "ненужный заголовок" not in " ".join(texts) and "скрипт" not in " ".join(texts)
    assert texts[:2] == ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛУЖСКОЙ ОБЛАСТИ", "ПРИКАЗ"]
    assert texts[-2:] == ["Министр образования", "А.С. Аникеев"]
    [table] = [b for b in raw.blocks if isinstance(b, Table)]
    assert table.rows[0].is_header and table.rows[1].cells == [
        "1. Методическое сопровождение",
        "",
        "",
        "",
        "",
    ]
    assert table.rows[3].cells[4] == table.rows[2].cells[4] == rows[0][3]
    document = extract(path)
    assert [a.title for a in document.activities] == [r[0] for r in rows]
    assert [a.deadline_raw or "" for a in document.activities] == [r[1] for r in rows]
    assert document.meta.number == "100" and str(document.meta.date) == "2021-09-01"


def test_a_nested_table_is_part_of_its_cell_and_bad_spans_do_not_break_the_grid(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><body><table><tr><td>Срок<table><tr><td>до 01.10.2021</td></tr></table></td>"
        '<td colspan="x">Мероприятие</td><td rowspan="100000">Итог</td></tr>'
        "<tr><td>Сентябрь</td><td>Мониторинг</td></tr></table></body></html>",
        encoding="utf-8",
    )
    [table] = read(path).blocks
    assert [r.cells for r in table.rows] == [
        ["Срок\nдо 01.10.2021", "Мероприятие", "Итог"],
        ["Сентябрь", "Мониторинг", "Итог"],
    ]


def test_a_stored_web_page_is_not_noted_as_misnamed(tmp_path: Path) -> None:
    path = tmp_path / "приказ.htm"
    path.write_bytes(web_order([tuple(r[:4]) for r in corpus_rows()[:5]]).encode("cp1251", errors="replace"))
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        result = store.ingest(path)
        assert (result.status, result.activities, result.note) == ("ok", 5, None)
        assert store.record(result.document_id).format == "html"


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("bom.html", lambda page: codecs.BOM_UTF8 + page.replace("windows-1251", "utf-8").encode("utf-8")),
        ("unicode.htm", lambda page: page.replace("windows-1251", "unicode").encode("utf-16")),
        ("head_only.html", lambda page: page.replace("<html><head>", "").encode("cp1251", errors="replace")),
        # a byte order mark says the encoding even where the <meta> names another
        ("lying_meta.html", lambda page: codecs.BOM_UTF8 + page.encode("utf-8")),
    ],
    ids=["UTF-8 with BOM", "UTF-16 (Word's Unicode web page)", "opening with <meta>", "BOM over <meta>"],
)
def test_a_web_page_in_any_encoding_or_opening_is_read_as_a_page(tmp_path: Path, name: str, encode) -> None:
    rows = [tuple(r[:4]) for r in corpus_rows()[:3]]
    path = tmp_path / name
    path.write_bytes(encode(web_order(rows)))
    raw = read(path)
    texts = [b.text for b in raw.blocks if isinstance(b, Paragraph)]
    assert raw.format == "html" and texts[:2] == ["МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛУЖСКОЙ ОБЛАСТИ", "ПРИКАЗ"]
    assert not any("<" in text for text in texts)
    assert [a.title for a in extract(path).activities] == [r[0] for r in rows]


def test_text_in_utf16_that_is_no_page_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "order.txt"
    path.write_bytes("ПРИКАЗ\nот 01.09.2021 № 100\n<не тег> и 2 < 3\n".encode("utf-16"))
    raw = read(path)
    assert raw.format == "txt" and [b.text for b in raw.blocks][-1] == "<не тег> и 2 < 3"
