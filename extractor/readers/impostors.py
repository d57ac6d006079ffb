"""Text files that are not plain text, told from their first bytes: a web page (HTML, whatever
its name: Word's "save as web page" too) is read as one, and a PDF cut before its header (`%`
alone, named .pdf) is refused instead of being read as plain text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from extractor.errors import CorruptFileError

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HTML = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)


def is_utf16_text(head: bytes) -> bool:
    """Whether `head` starts a UTF-16 text (with its byte order mark)."""
    return head.startswith(UTF16_BOMS)


def is_html(head: bytes) -> bool:
    """Whether a text file whose first bytes are `head` is a web page."""
    return bool(_HTML.match(head[:4096]))


def refuse_impostor(path: Path, head: bytes) -> None:
    """Raise a typed error if the text file `path` (first bytes `head`) is a PDF with its
    header missing."""
    if path.suffix.lower() == ".pdf" and head.lstrip().startswith(b"%"):
        raise CorruptFileError(path, "повреждённый PDF: файл обрезан, нет заголовка %PDF-")
