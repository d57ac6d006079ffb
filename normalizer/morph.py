"""The shared pymorphy3 analyzer (created once per process) and small inflection helpers."""

from __future__ import annotations

from functools import cache, lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse


@cache
def morph() -> pymorphy3.MorphAnalyzer:
    """The process-wide `MorphAnalyzer` (its dictionaries load once)."""
    return pymorphy3.MorphAnalyzer()


def parses(word: str) -> list[Parse]:
    """All analyses of `word` (lower-cased), best first; the list is shared, do not change it."""
    return _parses(word.lower())


@lru_cache(maxsize=200_000)
def _parses(word: str) -> list[Parse]:
    return morph().parse(word)


def lemma(word: str) -> str:
    """The dictionary form of `word`'s most likely analysis."""
    return parses(word)[0].normal_form


def match_case(word: str, pattern: str) -> str:
    """Spell `word` with the capitalisation of `pattern` (upper, capitalised per hyphen part, lower),
    and with "е" for the dictionary's "ё" unless `pattern` writes "ё"."""
    if "ё" not in pattern.lower():
        word = word.replace("ё", "е")
    if pattern.isupper() and len(pattern) > 1:
        return word.upper()
    parts, shape = word.split("-"), pattern.split("-")
    out = []
    for i, part in enumerate(parts):
        ref = shape[min(i, len(shape) - 1)]
        out.append(part[:1].upper() + part[1:] if ref[:1].isupper() else part)
    return "-".join(out)
