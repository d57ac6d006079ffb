"""Cell and paragraph text clean-up shared by every structure rule."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_SPACE = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Strip HTML tags and entities, fold line breaks and runs of spaces to one space."""
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text.replace("\u00ad", "")).strip()


def fold(text: str) -> str:
    """Lower case, ё as е, outer spaces dropped: the form the vocabularies are written in."""
    return text.lower().replace("ё", "е").strip()


def join_text(head: str, tail: str) -> str:
    """Join a cell with its continuation (a row split by a page break) with one space."""
    if not head:
        return tail
    if not tail:
        return head
    return f"{head} {tail}"
