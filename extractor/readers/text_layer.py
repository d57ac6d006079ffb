"""Whether a PDF page's text layer can be read, or decodes to garbage and needs OCR instead.

A font without a usable character map decodes to glyph ids pdfminer prints as "(cid:N)", to
private-use or replacement characters, or to letters of the wrong alphabet shifted by a fixed
offset (a Cyrillic font encoded as Latin gives "Jhkkbb" for «России»: mixed case and symbols
inside words). Such a page has text that no reader can use: it is read by OCR, like a scan.
"""

from __future__ import annotations

import re
import unicodedata

_GLYPH_ID = re.compile(r"\(cid:\d+\)")
_UNDECODED_CATEGORIES = {"Co", "Cs", "Cn", "Cc"}
_LETTER = r"A-Za-zА-Яа-яЁё"
# Inside a word, a lowercase letter followed by a capital, or a letter touching a symbol no
# word holds: how text of a Cyrillic font decoded as Latin reads.
_NOT_A_WORD = re.compile(rf"[a-zа-яё][A-ZА-ЯЁ]|[{_LETTER}][<>@\\^`{{}}|~\[\]]|[<>@\\^`{{}}|~\[\]][{_LETTER}]")
UNREADABLE_SHARE = 0.75
"""A page is garbage when this share of its characters is undecoded or in no-word tokens..."""
UNDECODED_SHARE = 0.2
"""...and at least this share is plainly undecoded (glyph ids, private-use, replacement)."""


def unreadable(text: str) -> bool:
    """Whether `text` (a page's words) is mostly characters no font map decoded, with the
    rest in tokens that read as no word, so the page has no usable text layer."""
    total = sum(1 for ch in text if not ch.isspace())
    if not total:
        return False
    undecoded = sum(len(match) for match in _GLYPH_ID.findall(text))
    rest = _GLYPH_ID.sub(" ", text)
    undecoded += sum(
        1
        for ch in rest
        if ch == "\ufffd" or (unicodedata.category(ch) in _UNDECODED_CATEGORIES and not ch.isspace())
    )
    odd = sum(len(token) for token in rest.split() if _NOT_A_WORD.search(token))
    return undecoded >= UNDECODED_SHARE * total and undecoded + odd >= UNREADABLE_SHARE * total
