"""Tell a file's real format from its first bytes, not from its extension."""

from __future__ import annotations

import zipfile
from pathlib import Path

from extractor.errors import CorruptFileError, EmptyFileError, EncryptedFileError, UnsupportedFormatError
from extractor.model import Format

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: Path) -> Format:
    """Return "docx", "pdf" or "txt" for `path`, or raise a typed error saying why it is unreadable."""
    with path.open("rb") as stream:
        head = stream.read(8192)
    if not head:
        raise EmptyFileError(path)
    if _starts_pdf(head):
        return "pdf"
    if head.startswith(b"PK"):
        return _sniff_zip(path)
    if head.startswith(_OLE2):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in _read_all(path):
            raise EncryptedFileError(path, "документ Word защищён паролем")
        raise UnsupportedFormatError(
            path, "формат .doc/.xls (OLE2) пока не поддерживается: сохраните файл как .docx"
        )
    if head.startswith(b"{\\rtf"):
        raise UnsupportedFormatError(path, "формат RTF пока не поддерживается: сохраните файл как .docx")
    if _looks_like_text(head):
        return "txt"
    raise UnsupportedFormatError(path, "неизвестный формат файла (ожидается .docx, .pdf или .txt)")


def may_be_document(head: bytes) -> bool:
    """Whether a file whose first bytes are `head` may be a .pdf, an Office zip or plain text.

    A cheap test for files met without an extension, before anything is read in full."""
    return _starts_pdf(head) or head.startswith(b"PK") or (bool(head) and _looks_like_text(head))


def _starts_pdf(head: bytes) -> bool:
    return head.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-"


def _read_all(path: Path) -> bytes:
    return path.read_bytes()


def _sniff_zip(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFileError(path, "повреждённый архив документа") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise UnsupportedFormatError(path, "таблицы Excel (.xlsx) пока не поддерживаются")
    raise UnsupportedFormatError(path, "это zip-архив, а не документ: загрузите его как архив")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1251"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start > len(head) - 4:
                return True
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
        return controls <= len(text) // 100
    return False
