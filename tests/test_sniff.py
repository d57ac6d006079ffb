"""Formats told by what a file holds: an Office package by its relationships and content types
(any main part name, Strict Open XML, presentations), a PDF behind a banner."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from extractor import extract
from extractor.errors import UnsupportedFormatError
from extractor.readers import read
from extractor.readers.sniff import ooxml_main_part, sniff_format
from model import Paragraph, Table
from tests.conftest import CORPUS

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
TRANSITIONAL_TO_STRICT = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
        "http://purl.oclc.org/ooxml/officeDocument/relationships"
    ),
}
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"


def small_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("ПРИКАЗ")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("№", "Мероприятие", "Срок"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1.", "Провести совещание", "март 2024"), strict=True):
        cell.text = text
    document.save(path)
    return path


def rezip(source: Path, target: Path, edit) -> Path:
    """Copy the package `source` to `target`, each member as `edit(name, data)` returns it
    (a new name and data, or None to drop the member)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            edited = edit(info.filename, old.read(info.filename))
            if edited is not None:
                new.writestr(edited[0], edited[1])
    return target


def texts(path: Path) -> list[object]:
    return [b.text if isinstance(b, Paragraph) else [r.cells for r in b.rows] for b in read(path).blocks]


def test_docx_whose_main_part_has_another_name_is_read(tmp_path: Path) -> None:
    source = small_docx(tmp_path / "plain.docx")

    moved = {
        "word/document.xml": "word/main2.xml",
        "word/_rels/document.xml.rels": "word/_rels/main2.xml.rels",
    }

    def rename(name: str, data: bytes) -> tuple[str, bytes]:
        if name in ("[Content_Types].xml", "_rels/.rels"):
            data = data.replace(b"word/document.xml", b"word/main2.xml")
        return moved.get(name, name), data

    renamed = rezip(source, tmp_path / "renamed.docx", rename)
    with zipfile.ZipFile(renamed) as archive:
        assert "word/document.xml" not in archive.namelist()
    assert ooxml_main_part(renamed).name == "word/main2.xml"
    assert texts(renamed) == texts(source)


@needs_soffice
def test_strict_open_xml_docx_is_read_through_libreoffice(tmp_path: Path) -> None:
    source = small_docx(tmp_path / "plain.docx")

    def strict(name: str, data: bytes) -> tuple[str, bytes]:
        if name.endswith((".xml", ".rels")):
            for transitional, iso in TRANSITIONAL_TO_STRICT.items():
                data = data.replace(transitional.encode(), iso.encode())
        return name, data

    converted = rezip(source, tmp_path / "strict.docx", strict)
    main = ooxml_main_part(converted)
    assert main is not None and main.strict and sniff_format(converted) == "docx"
    document = read(converted)
    assert document.format == "docx"
    assert texts(converted) == texts(source)
    assert isinstance(document.blocks[1], Table)


@pytest.mark.parametrize(
    ("content_type", "reason"),
    [
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "презентации"),
        ("application/vnd.ms-excel.sheet.binary.macroEnabled.main", "двоичные книги Excel"),
    ],
)
def test_presentation_and_binary_workbook_say_what_they_are(
    tmp_path: Path, content_type: str, reason: str
) -> None:
    path = tmp_path / "slides.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{CONTENT_TYPES}">'
            f'<Override PartName="/main/deck.xml" ContentType="{content_type}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Target="main/deck.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>",
        )
        archive.writestr("main/deck.xml", "<deck/>")
    with pytest.raises(UnsupportedFormatError, match=reason) as caught:
        read(path)
    assert "архив" not in caught.value.reason


def test_pdf_behind_a_banner_is_read_as_the_pdf(tmp_path: Path) -> None:
    source = CORPUS / "000_e1a1ce5ee80185a8.pdf"
    path = tmp_path / "banner.pdf"
    banner = b"GPL Ghostscript 10.02.0 (2023-09-13)\nCopyright (C) 2023 Artifex Software, Inc.\n"
    path.write_bytes(banner + source.read_bytes())
    assert sniff_format(path) == "pdf"
    assert [a.title for a in extract(path).activities] == [a.title for a in extract(source).activities]


def test_text_that_mentions_the_pdf_header_mid_line_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Файлы формата %PDF-1.7 принимаются.\n", encoding="utf-8")
    assert sniff_format(path) == "txt"


@pytest.mark.parametrize(
    ("mimetype", "reason"),
    [
        ("application/vnd.oasis.opendocument.presentation", "презентации OpenDocument"),
        ("application/vnd.oasis.opendocument.graphics", "только тексты"),
    ],
)
def test_opendocument_presentation_and_drawing_say_what_they_are(
    tmp_path: Path, mimetype: str, reason: str
) -> None:
    path = tmp_path / "file.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnsupportedFormatError, match=reason):
        read(path)
