"""Only regular files are read: a FIFO, a device, a folder or a symlink gets its own reason in
the CLI, the batch and `read()` (never a hang or a MemoryError); text that is no document (a
web page, a PDF cut to its first byte) is refused; UTF-16 text is read; an Office package
without its body is a failed document, not an archive; reasons stay on one line."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extractor import extract
from extractor.errors import ExtractionError
from extractor.readers import read
from store import open_store
from store.work import extract_item
from tests.hostile import plain_docx

ROOT = Path(__file__).resolve().parent.parent
ORDER = "ПРИКАЗ\nОб утверждении плана\n№\tМероприятие\tСрок\n1.\tПровести мониторинг\tдо 01.09.2021\n"


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from roadmap.cli import app; app()", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with open_store(f"sqlite:///{tmp_path / 'roadmap.db'}") as store:
        yield store


def test_cli_refuses_a_fifo_a_device_a_folder_and_a_symlink_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    order = tmp_path / "order.txt"
    order.write_text(ORDER, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(order)
    done = cli("extract", str(fifo), "/dev/zero", str(tmp_path), str(link), str(order), "--format", "csv")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines == [
        "Ошибка: pipe.docx: это именованный канал (FIFO), а не файл: не читается",
        "Ошибка: zero: это устройство, а не файл: не читается",
        f"Ошибка: {tmp_path.name}: это папка, а не файл",
        "Ошибка: link.txt: символическая ссылка не обрабатывается",
    ]
    assert "Провести мониторинг" in done.stdout


def test_read_names_the_kind_of_a_file_that_is_not_regular(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    for path, reason in (
        (fifo, "именованный канал"),
        (tmp_path, "папка"),
        (Path("/dev/zero"), "устройство"),
        (tmp_path / "gone.pdf", "файл не найден"),
    ):
        with pytest.raises(ExtractionError) as caught:
            extract(path)
        assert reason in caught.value.reason


def test_ingest_records_a_device_and_a_fifo_in_a_folder(sqlite_store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "order.txt").write_text(ORDER, encoding="utf-8")
    os.mkfifo(folder / "pipe.docx")
    results = sqlite_store.ingest_many([folder, Path("/dev/zero")]).results
    by_name = {Path(r.location).name: r for r in results}
    assert by_name["order.txt"].status == "ok"
    assert by_name["pipe.docx"].status == "failed" and "именованный канал" in by_name["pipe.docx"].reason
    assert by_name["zero"].status == "failed" and "устройство" in by_name["zero"].reason
    assert {Path(f.location).name for f in sqlite_store.failures()} == {"pipe.docx", "zero"}


@pytest.mark.parametrize("command", ["ingest", "batch"])
def test_a_fifo_named_to_ingest_or_batch_does_not_hang(tmp_path: Path, command: str) -> None:
    fifos = [tmp_path / "pipe.pdf", tmp_path / "pipe.zip"]
    for fifo in fifos:
        os.mkfifo(fifo)
    done = cli(command, *map(str, fifos), "--db", f"sqlite:///{tmp_path / 'roadmap.db'}")
    assert "Traceback" not in done.stderr + done.stdout
    assert (done.stdout + done.stderr).count("именованный канал") == 2  # batch reports on stderr


def test_an_office_package_without_its_body_is_a_failed_document_not_an_archive(
    sqlite_store, tmp_path: Path
) -> None:
    source = plain_docx(tmp_path / "source.docx")
    broken = tmp_path / "in" / "план.docx"
    broken.parent.mkdir()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for info in original.infolist():
            if info.filename != "word/document.xml":
                copy.writestr(info, original.read(info))
    [result] = sqlite_store.ingest_many([broken.parent]).results
    assert result.location == str(broken)
    assert result.status == "failed" and "word/document.xml" in result.reason
    assert [d.status for d in sqlite_store.documents()] == ["failed"]


def test_an_archive_member_with_a_name_over_255_bytes_is_extracted() -> None:
    name = "дорожная_карта_" * 12 + ".txt"
    assert len(name.encode()) > 255
    result = extract_item(f"archive.zip!/{name}", name, ORDER.encode())
    assert result.reason is None and result.document is not None
    assert len(result.document.activities) == 1


def test_utf16_text_is_read_as_text(tmp_path: Path) -> None:
    for encoding in ("utf-16", "utf-16-be"):
        path = tmp_path / f"order-{encoding}.txt"
        data = ORDER.encode(encoding)
        path.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
        document = extract(path)
        assert [a.title for a in document.activities] == ["Провести мониторинг"]


def test_a_web_page_named_doc_is_read_as_one_and_a_lone_percent_named_pdf_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "приказ.doc"
    page.write_text("<!DOCTYPE html>\n<html><body><p>ПРИКАЗ</p></body></html>", encoding="utf-8")
    cut = tmp_path / "план.pdf"
    cut.write_bytes(b"%")
    assert read(page).format == "html" and [b.text for b in read(page).blocks] == ["ПРИКАЗ"]
    with pytest.raises(ExtractionError) as caught:
        extract(cut)
    assert "повреждённый PDF" in caught.value.reason


def test_a_parser_message_with_line_breaks_gives_a_one_line_reason(tmp_path: Path, monkeypatch) -> None:
    import docx

    def choke(_package: object) -> None:
        raise ValueError("Input is not proper UTF-8, indicate encoding !\nBytes: 0xFF 0xFE")

    order = plain_docx(tmp_path / "order.docx")
    monkeypatch.setattr(docx, "Document", choke)
    with pytest.raises(ExtractionError) as caught:
        extract(order)
    assert "indicate encoding ! Bytes: 0xFF" in caught.value.reason
    assert "\n" not in caught.value.reason and "\n" not in str(caught.value)


def test_extract_says_on_stderr_that_a_scan_was_cut_at_the_page_limit(tmp_path: Path, monkeypatch) -> None:
    from typer.testing import CliRunner

    import roadmap.cli
    from model import OcrInfo

    order = tmp_path / "скан.pdf"
    order.write_text(ORDER, encoding="utf-8")
    scanned = extract(order).model_copy(
        update={
            "ocr": OcrInfo(
                engine="tesseract",
                language="rus",
                dpi=300,
                pages_recognized=30,
                pages_total=45,
                note="распознаны только первые страницы: 30 из 45",
            )
        }
    )
    monkeypatch.setattr(roadmap.cli, "extract_bounded", lambda _path, bounds: scanned)
    done = CliRunner().invoke(roadmap.cli.app, ["extract", str(order)])
    assert done.exit_code == 0
    assert "скан.pdf" in done.stderr and "распознаны только первые страницы: 30 из 45" in done.stderr
