"""Archives and files that lie: zip headers declaring a smaller size than the data unpacks to
(a zip bomb in disguise, with the true or a forged checksum), member names that climb out of
the archive, and extensions that do not match the content."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from store import Limits, open_store
from store.sources import MB, iter_items, misnamed
from tests.conftest import corpus_files

LOCAL_HEADER, CENTRAL_HEADER = b"PK\x03\x04", b"PK\x01\x02"


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with open_store(f"sqlite:///{tmp_path / 'roadmap.db'}") as store:
        yield store


def lying_zip(payload: bytes, declared: int, *, forge_crc: bool, good: Path) -> bytes:
    """A zip of `bomb.txt` (`payload`, deflated) whose local and central headers both declare
    `declared` bytes, with the checksum of the whole payload or, if `forge_crc`, of the first
    `declared` bytes (what a reader that stops at the declared size would check), followed by
    the document `good` as `хороший.txt`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", payload)
        archive.write(good, "хороший.txt")
    data = bytearray(buffer.getvalue())
    crc = zlib.crc32(payload[:declared]) if forge_crc else zlib.crc32(payload)
    local = data.index(LOCAL_HEADER)  # bomb.txt is the first member
    struct.pack_into("<I", data, local + 14, crc)
    struct.pack_into("<I", data, local + 22, declared)
    central = data.index(CENTRAL_HEADER)
    struct.pack_into("<I", data, central + 16, crc)
    struct.pack_into("<I", data, central + 24, declared)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as check:
        assert check.getinfo("bomb.txt").file_size == declared
    return bytes(data)


@pytest.mark.parametrize(
    ("size", "forge_crc", "expected"),
    [
        (5 * MB, False, "файл в архиве больше, чем указано в его заголовке, и больше предела 1 МБ"),
        (5 * MB, True, "файл в архиве больше, чем указано в его заголовке, и больше предела 1 МБ"),
        (300_000, False, "не совпадает с распакованным (300000 Б): архив повреждён или подделан"),
        (300_000, True, "контрольная сумма не сходится"),
    ],
    ids=["over-limit", "over-limit-forged-crc", "under-limit", "under-limit-forged-crc"],
)
def test_a_header_understating_the_size_is_refused_and_the_rest_goes_in(
    sqlite_store, tmp_path: Path, size: int, forge_crc: bool, expected: str
) -> None:
    good = corpus_files(".txt")[0]
    path = tmp_path / "обманный.zip"
    path.write_bytes(lying_zip(b"0" * size, 1000, forge_crc=forge_crc, good=good))

    summary = sqlite_store.ingest_many([path], limits=Limits(max_file_bytes=1 * MB))
    results = {r.location.rsplit("!/", 1)[-1]: r for r in summary.results}
    bomb, kept = results["bomb.txt"], results["хороший.txt"]
    assert bomb.status == "failed" and bomb.stage == "archive", bomb
    assert expected in bomb.reason, bomb.reason
    assert kept.status == "ok" and kept.activities > 0
    [failure] = sqlite_store.failures()
    assert failure.file_name == "bomb.txt" and failure.error == bomb.reason
    assert [d.file_name for d in sqlite_store.documents(status="ok")] == ["хороший.txt"]


def test_a_header_mismatch_names_both_sizes(tmp_path: Path) -> None:
    path = tmp_path / "обманный.zip"
    path.write_bytes(lying_zip(b"0" * 300_000, 1000, forge_crc=False, good=corpus_files(".txt")[0]))
    bomb, kept = iter_items([path])
    assert bomb.data is None and "(1000 Б)" in bomb.refusal and "(300000 Б)" in bomb.refusal
    assert "SizeMismatch" in bomb.detail and "1000" in bomb.detail
    assert kept.data == corpus_files(".txt")[0].read_bytes()


def test_names_climbing_out_of_the_archive_are_refused_by_name(sqlite_store, tmp_path: Path) -> None:
    path = tmp_path / "пути.zip"
    good = corpus_files(".txt")[1]
    climbing = [
        "../../etc/passwd.txt",
        "/абсолютный/путь.txt",
        "папка/../../выше.txt",
        "C:\\Windows\\win.txt",
    ]
    with zipfile.ZipFile(path, "w") as archive:
        for name in climbing:
            archive.writestr(name, good.read_bytes())
        archive.writestr("папка/нормальный.txt", good.read_bytes())
    summary = sqlite_store.ingest_many([path])
    outcome = {r.location.split("!/", 1)[1]: r for r in summary.results}
    for name in climbing:
        assert outcome[name].status == "failed" and outcome[name].stage == "archive"
        assert outcome[name].reason == f"недопустимый путь в архиве (выход за пределы папки): {name}"
    assert outcome["папка/нормальный.txt"].status == "ok"
    assert {f.location for f in sqlite_store.failures()} == {f"{path}!/{n}" for n in climbing}


def _workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["№", "Мероприятие", "Срок"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_extensions_that_lie_are_read_by_content_and_said(sqlite_store, tmp_path: Path) -> None:
    pdf, docx, txt = corpus_files(".pdf")[0], corpus_files(".docx")[0], corpus_files(".txt")[0]
    files = {
        "pdf_as.docx": pdf.read_bytes(),
        "docx_as.pdf": docx.read_bytes(),
        "excel_as.docx": _workbook_bytes(),
        "picture_as.pdf": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    archive = tmp_path / "zip_as.pdf"
    with zipfile.ZipFile(archive, "w") as packed:
        packed.write(txt, "внутри.txt")

    summary = sqlite_store.ingest_many([*(tmp_path / n for n in files), archive])
    outcome = {Path(r.location.split("!/")[0]).name: r for r in summary.results}
    assert outcome["pdf_as.docx"].status == "ok" and outcome["pdf_as.docx"].activities > 0
    assert (
        outcome["pdf_as.docx"].note == "расширение .docx не соответствует содержимому: файл прочитан как PDF"
    )
    assert outcome["docx_as.pdf"].status == "ok"
    assert "прочитан как документ Word (.docx)" in outcome["docx_as.pdf"].note
    assert outcome["zip_as.pdf"].status == "ok" and outcome["zip_as.pdf"].location.endswith("!/внутри.txt")
    assert outcome["zip_as.pdf"].note == "«zip_as.pdf» — zip-архив, а не .pdf: загружены файлы из него"
    assert outcome["excel_as.docx"].status == "ok"
    assert outcome["excel_as.docx"].note == (
        "расширение .docx не соответствует содержимому: файл прочитан как книга Excel (.xlsx)"
    )
    picture = outcome["picture_as.pdf"]  # read as a scan by its content, and its bytes are noise
    assert picture.status == "failed" and "изображение повреждено" in picture.reason
    formats = {d.file_name: d.format for d in sqlite_store.documents(status="ok")}
    assert formats == {
        "pdf_as.docx": "pdf",
        "docx_as.pdf": "docx",
        "excel_as.docx": "xlsx",
        "внутри.txt": "txt",
    }


@pytest.mark.parametrize(
    ("location", "format", "note"),
    [
        ("папка/план.docx", "docx", None),
        ("папка/ПЛАН.DOCX", "docx", None),
        ("папка/план", "pdf", None),
        ("папка/план.docx", "txt", "расширение .docx не соответствует содержимому: файл прочитан как текст"),
        ("a.zip!/b/c.zip!/план.txt", "txt", None),
        ("a.zip!/b/c.rar!/план.txt", "txt", "«c.rar» — zip-архив, а не .rar: загружены файлы из него"),
        (
            "a.zip!/вложение!/план.pdf",
            None,
            "«вложение» — zip-архив, а не файл без расширения: загружены файлы из него",
        ),
    ],
)
def test_misnamed_notes(location: str, format: str | None, note: str | None) -> None:
    assert misnamed(location, format) == note
