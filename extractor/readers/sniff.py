"""Tell a file's real format from its first bytes, not from its extension."""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from extractor.errors import CorruptFileError, EmptyFileError, EncryptedFileError, UnsupportedFormatError
from extractor.readers.impostors import is_html, is_utf16_text, refuse_impostor
from model import Format

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF = b"{\\rtf"
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG, JPEG, TIFF both ways
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ODS_MIMETYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)
_WORD_FIB_IDENT = 0xA5EC
_WORD_FIB_ENCRYPTED = 0x0100
_PDF_HEADER_WINDOW = 1024  # readers accept "%PDF-" anywhere in the first KB (banners before it)
_RELS, _CONTENT_TYPES = "_rels/.rels", "[Content_Types].xml"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_STRICT = "http://purl.oclc.org/ooxml/"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    _STRICT + "officeDocument/relationships/officeDocument",
)
_MAX_PACKAGE_XML = 1 << 20
_ZIP_ENCRYPTED = 0x1  # general purpose flag bit 0 of a zip member: encrypted


def sniff_format(path: Path) -> Format:
    """Return the format of `path` ("docx", "doc", "rtf", "odt", "pdf", "html", "txt", "xlsx", "xls",
    "ods" or "image": a scan as a picture), or raise a typed error saying why it is unreadable."""
    with path.open("rb") as stream:
        head = stream.read(8192)
    if not head:
        raise EmptyFileError(path)
    if _starts_pdf(head):
        return "pdf"
    if head.startswith(b"PK"):
        return _sniff_zip(path)
    if head.startswith(_OLE2):
        return _sniff_ole2(path, _read_all(path))
    if head.startswith(_RTF):
        return "rtf"
    if head.startswith(_IMAGES):
        return "image"
    if is_utf16_text(head):
        return "html" if is_html(head) else "txt"
    if _looks_like_text(head):
        if is_html(head):
            return "html"
        refuse_impostor(path, head)
        return "txt"
    raise UnsupportedFormatError(
        path,
        "неизвестный формат файла (ожидается .docx, .doc, .rtf, .odt, .pdf, .html, .txt, "
        ".xlsx, .xls, .ods или скан .jpg, .png, .tif)",
    )


def may_be_document(head: bytes) -> bool:
    """Whether a file whose first bytes are `head` may be a .pdf, an Office zip or OLE2 file,
    RTF, plain text or a scan as a picture.

    A cheap test for files met without an extension, before anything is read in full."""
    starts_known = head.startswith((b"PK", _OLE2, _RTF, *_IMAGES))
    return _starts_pdf(head) or starts_known or (bool(head) and _looks_like_text(head))


def _starts_pdf(head: bytes) -> bool:
    """Whether "%PDF-" opens the file, or opens a line in its first KB after a banner of text
    (a converter's notice), as PDF readers accept it."""
    if head.lstrip(b"\r\n\t \x00\xef\xbb\xbf")[:5] == b"%PDF-":
        return True
    if head.startswith((b"PK", _OLE2, _RTF)):
        return False
    start = head.find(b"%PDF-", 0, _PDF_HEADER_WINDOW)
    return start > 0 and head[start - 1 : start] in (b"\n", b"\r") and _looks_like_text(head[:start])


def _read_all(path: Path) -> bytes:
    return path.read_bytes()


def _sniff_zip(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as archive:
            encrypted = any(info.flag_bits & _ZIP_ENCRYPTED for info in archive.infolist())
            names = set(archive.namelist())
            main = None if encrypted else _ooxml_main_part(archive, names)
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFileError(path, "повреждённый архив документа") from exc
    if encrypted:  # zipfile cannot read a member without the password: say so, not a reader's bug
        raise EncryptedFileError(path, "архив файла защищён паролем: снимите защиту и загрузите снова")
    if main is not None:
        kind = main.content_type
        if "wordprocessingml" in kind:
            return "docx"
        if "presentationml" in kind:
            raise UnsupportedFormatError(path, "презентации PowerPoint (.pptx) не поддерживаются")
        if "sheet.binary" in kind:
            raise UnsupportedFormatError(
                path, "двоичные книги Excel (.xlsb) не читаются: сохраните как .xlsx"
            )
        if "spreadsheetml" in kind or "ms-excel.sheet" in kind:
            return "xlsx"
        raise UnsupportedFormatError(
            path, f"документ Office этого вида не поддерживается ({kind or 'без типа'})"
        )
    if "word/document.xml" in names:
        return "docx"
    if "mimetype" in names:
        mimetype = _archive_mimetype(path)
        if mimetype == _ODT_MIMETYPE:
            return "odt"
        if mimetype.startswith(b"application/vnd.oasis.opendocument.presentation"):
            raise UnsupportedFormatError(path, "презентации OpenDocument (.odp) не поддерживаются")
        if mimetype in _ODS_MIMETYPES:
            return "ods"
        raise UnsupportedFormatError(
            path, "из документов OpenDocument читаются только тексты (.odt) и таблицы (.ods)"
        )
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormatError(path, "презентации PowerPoint (.pptx) не поддерживаются")
    if "[Content_Types].xml" in names:
        reason = "повреждённый документ Office: в нём нет основной части (word/document.xml)"
        raise CorruptFileError(path, reason)
    raise UnsupportedFormatError(path, "это zip-архив, а не документ: загрузите его как архив")


@dataclass(frozen=True)
class MainPart:
    """The main part of an Office Open XML package, as its relationships and content types name it."""

    name: str
    content_type: str
    strict: bool


def ooxml_main_part(path: Path) -> MainPart | None:
    """The main part of the OOXML package at `path`, or None where it is not one (or is broken)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _ooxml_main_part(archive, set(archive.namelist()))
    except (zipfile.BadZipFile, OSError):
        return None


def _ooxml_main_part(archive: zipfile.ZipFile, names: set[str]) -> MainPart | None:
    """The part `_rels/.rels` points to as the office document (transitional or Strict), with
    its type from `[Content_Types].xml` (an override for it, else the default for its
    extension); None where either file is missing or unreadable, or no such part is there."""
    if _RELS not in names or _CONTENT_TYPES not in names:
        return None
    rels = small_xml(archive, _RELS)
    types = small_xml(archive, _CONTENT_TYPES)
    if rels is None or types is None:
        return None
    for relationship in rels.iter(f"{_PACKAGE_RELS}Relationship"):
        kind = relationship.get("Type", "")
        if kind not in _OFFICE_DOCUMENT:
            continue
        name = posixpath.normpath(relationship.get("Target", "").lstrip("/"))
        if name not in names:
            continue
        return MainPart(name, _content_type(types, name), strict=kind.startswith(_STRICT))
    return None


def small_xml(archive: zipfile.ZipFile, name: str, limit: int = _MAX_PACKAGE_XML) -> etree._Element | None:
    """A package member of at most `limit` bytes parsed safely (no entities, no network), None
    if it is missing, too big or broken."""
    try:
        if archive.getinfo(name).file_size > limit:
            return None
    except KeyError:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with archive.open(name) as member:
            return etree.fromstring(member.read(limit), parser)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return None


def _content_type(types: etree._Element, name: str) -> str:
    part = "/" + name
    for override in types.iter(f"{_CONTENT_TYPES_NS}Override"):
        if override.get("PartName", "").lower() == part.lower():
            return override.get("ContentType", "")
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    for default in types.iter(f"{_CONTENT_TYPES_NS}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType", "")
    return ""


def _archive_mimetype(path: Path) -> bytes:
    """The `mimetype` member of an OpenDocument package (its first bytes only)."""
    with zipfile.ZipFile(path) as archive, archive.open("mimetype") as member:
        return member.read(100).strip()


def _sniff_ole2(path: Path, data: bytes) -> Format:
    """An OLE2 compound file: Word 97-2003 is "doc", Excel 97-2003 (or 5.0/95) "xls"; encrypted
    or other Office files are refused.

    A file whose directory cannot be made out is taken for a .doc, so that the converter
    says whether it is readable."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedFileError(path, "документ Office защищён паролем")
    if _ole2_stream(data, "Workbook") is not None or _ole2_stream(data, "Book") is not None:
        return "xls"
    if _ole2_stream(data, "PowerPoint Document") is not None:
        raise UnsupportedFormatError(path, "презентации PowerPoint (.ppt) не поддерживаются")
    start = _ole2_stream(data, "WordDocument")
    if start is not None:
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        fib = (start + 1) << shift
        if len(data) >= fib + 12:
            ident, flags = struct.unpack_from("<H8xH", data, fib)  # FibBase: wIdent .. flags at 0x0A
            if ident == _WORD_FIB_IDENT and flags & _WORD_FIB_ENCRYPTED:
                raise EncryptedFileError(path, "документ Word защищён паролем")
    return "doc"


def _ole2_stream(data: bytes, name: str) -> int | None:
    """The first sector of the stream `name` in an OLE2 file, or None if it has none.

    Directory entries are 128 bytes, aligned to 128 in the file: the entry is found by its
    UTF-16 name at such an offset, with the name length and stream type it must have."""
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    position = data.find(encoded)
    while position != -1:
        if position % 128 == 0 and len(data) >= position + 128:
            length, kind = struct.unpack_from("<HB", data, position + 0x40)
            if length == len(encoded) and kind == 2:
                return struct.unpack_from("<I", data, position + 0x74)[0]
        position = data.find(encoded, position + 1)
    return None


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
