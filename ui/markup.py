"""Document text shown as text: Streamlit renders the strings of headers, alerts and markdown
as Markdown (with HTML, LaTeX, emoji and colour directives), so text that comes from a document
or a user (a title, an order point, a file name, an error) is escaped first; an image link
planted in a title is then shown as characters, never fetched by a viewer's browser."""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")


def plain(text: object) -> str:
    """`text` escaped for Markdown: every ASCII punctuation character backslash-escaped (which
    CommonMark renders as the character itself), line breaks made spaces."""
    return _PUNCTUATION.sub(r"\\\1", re.sub(r"[\r\n]+", " ", str(text)))
