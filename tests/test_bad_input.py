"""Bad input: each case raises a typed error naming the file; the CLI prints one line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from extractor import extract, isolation
from extractor.errors import (
    CorruptFileError,
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    UnsupportedFormatError,
)
from extractor.readers import read
from roadmap.cli import app
from tests.conftest import CORPUS


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "пустой.docx"
    path.touch()
    with pytest.raises(EmptyFileError) as info:
        extract(path)
    assert "пустой.docx" in str(info.value)


def test_truncated_zip_container(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>" * 1000)
    path = tmp_path / "обрезан.docx"
    path.write_bytes(buffer.getvalue()[:200])
    with pytest.raises(CorruptFileError) as info:
        extract(path)
    assert info.value.path == path


def test_docx_with_broken_xml_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(CorruptFileError):
        extract(path)


def test_plain_zip_is_unsupported_and_a_workbook_without_its_parts_is_corrupt(tmp_path: Path) -> None:
    for name, member, error in (
        ("архив.docx", "readme.txt", UnsupportedFormatError),
        ("таблица.pdf", "xl/workbook.xml", CorruptFileError),
    ):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(member, "x")
        with pytest.raises(error):
            extract(path)


def test_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "картинка.pdf"
    path.write_bytes(b"GIF89a" + bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFormatError) as info:
        extract(path)
    assert "картинка.pdf" in str(info.value)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("старый.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("письмо.rtf", b"{\\rtf1\\ansi Hello"),
    ],
)
def test_broken_doc_and_rtf_are_corrupt(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CorruptFileError) as info:
        extract(path)
    assert name in str(info.value) and "повреждён" in info.value.reason


def test_encrypted_word_document(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    marker = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + marker + b"\x00" * 100)
    with pytest.raises(EncryptedFileError):
        extract(path)


def test_wrong_extension_is_read_by_content(tmp_path: Path) -> None:
    source = CORPUS / "003_b7c16ea3d3e8fa77.txt"
    disguised = tmp_path / "план.pdf"
    shutil.copy(source, disguised)
    assert read(disguised).format == "txt"
    assert len(extract(disguised).activities) == len(extract(source).activities) > 0


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(FileTooLargeError):
        read(path, max_bytes=1024)


def test_document_without_a_plan_keeps_its_text(make_txt) -> None:
    path = make_txt(
        "ПРИКАЗ\n\nот 01.02.2021 № 5\n\nО проведении совещания\n\nПРИКАЗЫВАЮ:\n\n1. Провести совещание.\n"
    )
    document = extract(path)
    assert document.activities == []
    assert document.source == path.name


def test_cli_prints_one_line_and_exits_nonzero(tmp_path: Path) -> None:
    path = tmp_path / "пустой.pdf"
    path.touch()
    roadmap = Path(sys.executable).parent / "roadmap"
    result = subprocess.run([roadmap, "extract", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "пустой.pdf" in lines[0] and "Traceback" not in result.stderr


def test_cli_error_stays_on_one_line_however_long_when_stderr_is_a_pipe(tmp_path: Path) -> None:
    path = tmp_path / ("очень-длинное-имя-файла-приказа-об-утверждении-дорожной-карты-" * 2 + ".docx")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document><unclosed>\n\n<more>")
    roadmap = Path(sys.executable).parent / "roadmap"
    result = subprocess.run([roadmap, "extract", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) > 80 and path.name in lines[0], result.stderr


def test_a_reason_with_line_breaks_is_one_line() -> None:
    error = CorruptFileError(
        "план.docx", "повреждённый файл .docx:\nline 1\r\n  column 5 [Content_Types].xml"
    )
    assert error.reason == "повреждённый файл .docx: line 1 column 5 [Content_Types].xml"
    assert "\n" not in str(error)


def _with_encrypted_members(data: bytes) -> bytes:
    """`data` (a zip file) with every member flagged encrypted, as `zip -P` leaves them."""
    flagged = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = flagged.find(signature)
        while start >= 0:
            flagged[start + offset] |= 1
            start = flagged.find(signature, start + 4)
    return bytes(flagged)


@pytest.mark.parametrize("name", ["защищён.docx", "защищён.xlsx"])
def test_password_zip_package_is_encrypted_not_a_crash(tmp_path: Path, name: str) -> None:
    buffer = io.BytesIO()
    if name.endswith(".docx"):
        docx.Document().save(buffer)
    else:
        openpyxl.Workbook().save(buffer)
    path = tmp_path / name
    path.write_bytes(_with_encrypted_members(buffer.getvalue()))
    with pytest.raises(EncryptedFileError) as info:
        extract(path)
    assert name in str(info.value) and "паролем" in info.value.reason


def _reader_bug(path: Path, normalize: bool = True) -> None:
    raise RuntimeError("a reader's unexpected failure")


@pytest.mark.parametrize("command", ["extract", "compare"])
def test_a_reader_bug_is_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setattr(isolation, "extract", _reader_bug)  # what the bounded child runs
    path = tmp_path / "план.txt"
    path.write_text("1. Провести мониторинг\n", encoding="utf-8")
    result = CliRunner().invoke(app, [command, str(path)] + ([str(path)] if command == "compare" else []))
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (
        "Ошибка: план.txt: внутренняя ошибка разборщика (RuntimeError: a reader's unexpected failure)"
    )
