"""Text files that are not plain text, told from their first bytes: a web page (HTML, whatever
its name: Word's "save as web page" too) is read as one, and a PDF cut before its header (`%`
alone, named .pdf) is refused instead of being read as plain text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from extractor.errors import CorruptFileError

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# A page opens with its doctype, <html>, <head> or <body>, or (a converter's fragment, Aspose's
# "save as HTML") straight with the <meta> or <title> of its head.
_HTML = re.compile(
    r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)[\s>/]", re.I | re.S
)
_HEAD_BYTES = 4096


def is_utf16_text(head: bytes) -> bool:
    """Whether `head` starts a UTF-16 text (with its byte order mark)."""
    return head.startswith(UTF16_BOMS)


def is_html(head: bytes) -> bool:
    """Whether a text file whose first bytes are `head` is a web page: in UTF-16 (Word's
    "save as web page" in Unicode) or an 8-bit charset, after a byte order mark or not."""
    if is_utf16_text(head):
        text = head[: _HEAD_BYTES * 2].decode("utf-16", errors="ignore")
    else:
        text = head[:_HEAD_BYTES].decode("latin-1").removeprefix("\xef\xbb\xbf")
    return bool(_HTML.match(text))


def refuse_impostor(path: Path, head: bytes) -> None:
    """Raise a typed error if the text file `path` (first bytes `head`) is a PDF with its
    header missing."""
    if path.suffix.lower() == ".pdf" and head.lstrip().startswith(b"%"):
        raise CorruptFileError(path, "повреждённый PDF: файл обрезан, нет заголовка %PDF-")
