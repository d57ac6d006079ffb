"""Matched texts with the words they share marked, so a person sees what a match rests on."""

from __future__ import annotations

import re
from collections.abc import Iterable

from compare.text import lemma
from ui.markup import plain

_WORD = re.compile(r"[А-ЯЁа-яёA-Za-z0-9]+")


def shared_lemmas(shared_words: Iterable[str]) -> set[str]:
    """The single lemmas of a match's shared words and phrases ("эффективный режим" -> both)."""
    return {word for phrase in shared_words for word in re.split(r"[\s_]+", phrase.lower()) if word}


def highlight(text: str, lemmas: set[str]) -> str:
    """`text` as Markdown-escaped markup (see `ui.markup.plain`), each word whose lemma is in
    `lemmas` wrapped in <mark>."""
    out: list[str] = []
    last = 0
    for m in _WORD.finditer(text):
        out.append(plain(text[last : m.start()]))
        word = m.group()
        if lemma(word.lower()) in lemmas:
            out.append(f"<mark>{plain(word)}</mark>")
        else:
            out.append(plain(word))
        last = m.end()
    out.append(plain(text[last:]))
    return "".join(out)
