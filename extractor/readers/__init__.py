"""Readers: one per format, each turning a file into a `RawDocument`."""

from __future__ import annotations

from pathlib import Path

from extractor.errors import CorruptFileError, ExtractionError, FileTooLargeError
from extractor.readers.regular import not_regular
from extractor.readers.sniff import ooxml_main_part, sniff_format
from model import RawDocument

MAX_FILE_BYTES = 100 * 1024 * 1024
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
"""The file name endings of scans sent as pictures (read by `image.read_image`)."""
DOCUMENT_SUFFIXES = (
    ".docx", ".doc", ".rtf", ".odt", ".pdf", ".html", ".htm", ".txt", ".xlsx", ".xlsm", ".xls", ".ods",
    *IMAGE_SUFFIXES,
)  # fmt: skip
"""The file name endings of the formats read (a file is read by its content; these only pick
which files of a folder are documents)."""


def read(path: Path | str, max_bytes: int = MAX_FILE_BYTES) -> RawDocument:
    """Read `path` with the reader its content calls for (not its extension).

    Every failure is an `ExtractionError` naming the file and the reason (Russian): a parser
    that chokes on a hostile or broken file reports it as corrupt instead of crashing the
    caller, its exception chained as the error's `__cause__` for the technical detail.
    """
    path = Path(path)
    refusal = not_regular(path)
    if refusal:
        raise ExtractionError(path, refusal)
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(
            path, f"файл слишком большой: {size // 2**20} МБ (предел {max_bytes // 2**20} МБ)"
        )
    fmt = sniff_format(path)
    try:
        if fmt == "docx" and not _strict(path):
            from extractor.readers.docx import read_docx

            return read_docx(path)
        if fmt == "xlsx" and not _strict(path):
            from extractor.readers.spreadsheet import read_xlsx

            return read_xlsx(path)
        if fmt in ("docx", "doc", "rtf", "odt", "xlsx", "xls", "ods"):
            from extractor.readers.office import read_office

            return read_office(path, fmt)
        if fmt == "pdf":
            from extractor.readers.pdf import read_pdf

            return read_pdf(path)
        if fmt == "image":
            from extractor.readers.image import read_image

            return read_image(path)
        if fmt == "html":
            from extractor.readers.html import read_html

            return read_html(path)
        from extractor.readers.txt import read_txt

        return read_txt(path)
    except ExtractionError:
        raise
    except Exception as exc:
        raise CorruptFileError(path, f"не удалось прочитать файл .{fmt}: файл повреждён") from exc


def _strict(path: Path) -> bool:
    """Whether the .docx or .xlsx is Strict Open XML, which python-docx and openpyxl cannot
    open (LibreOffice reads it)."""
    main = ooxml_main_part(path)
    return main is not None and main.strict
