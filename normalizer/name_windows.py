"""Natasha's `NamesExtractor` over a long text, piece by piece.

Natasha's parser costs some 40 µs a character and resolves its overlapping matches pairwise
(yargy's `resolve_spans`), so a one-line .txt of 500 KB took a minute. A text up to `WINDOW`
characters is read whole, as before. A longer one is cut after each character no name can hold
or run across (a comma, a bracket, a quote, a digit: `_SAFE_CUT`), and only the pieces that can
hold a full name (a word Natasha's dictionary reads as a patronymic, or an abbreviation read as a
first name before a full stop) are read, each on its own: the full names found are those the
whole text gives. A piece with no such cut for `LIMIT` characters (words and full stops only) is
cut after the next space or full stop past `WINDOW` instead, which may split a name.

The names of the last `CACHED` texts are kept: a document's directive text is read for names two
or three times (the names it knows, its points, its addressees), and Natasha is the slow part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from itertools import chain
from typing import Any

WINDOW = 10_000
LIMIT = 4 * WINDOW
CACHED = 16
# Characters Natasha's tokenizer reads as a token of their own that no name rule takes.
_SAFE_CUT = re.compile(r"[,;:!?()«»\"\d]")
_ANY_CUT = re.compile(r"[^А-ЯЁа-яёA-Za-z]")
# Natasha's Russian word, and one that can be an abbreviated first name ("Вл." in "Вл. И. Петров").
_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
_ABBREVIATION = re.compile(r"(?<![а-яё])[А-ЯЁ][а-яё]+(?=\s*\.)", re.IGNORECASE)


@cache
def _names_extractor():
    from natasha import MorphVocab, NamesExtractor

    return NamesExtractor(MorphVocab())


def _grammemes(word: str) -> set[str]:
    return {g for p in _names_extractor().parser.tokenizer.morph.raw.parse(word) for g in p.tag.grammemes}


def _may_hold_full_name(piece: str) -> bool:
    """Whether a name with a first name, patronymic and surname can be read in `piece`: Natasha's
    rules take the patronymic from a word it reads as one, or from an abbreviation after an
    abbreviated first name of two letters or more, before a full stop."""
    return any("Patr" in _grammemes(w) for w in _WORD.findall(piece)) or any(
        m.group()[0].isupper() and "Abbr" in _grammemes(m.group()) for m in _ABBREVIATION.finditer(piece)
    )


def pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of `text` in order, cut after each `_SAFE_CUT` character (and after a
    space or full stop past `WINDOW` characters in a piece that would be longer than `LIMIT`)."""
    start = 0
    for cut in chain(_SAFE_CUT.finditer(text), [None]):
        end = cut.end() if cut else len(text)
        while end - start > LIMIT and (forced := _ANY_CUT.search(text, start + WINDOW, end)):
            yield start, text[start : forced.end()]
            start = forced.end()
        if end > start:
            yield start, text[start:end]
        start = end


@lru_cache(maxsize=CACHED)
def find_full_names(text: str) -> tuple[tuple[int, int, Any], ...]:
    """(start, stop, fact) of each name with a first name, patronymic and surname that Natasha
    reads in `text`, in order; `fact` has `first`, `middle` and `last` (read only: it is shared
    by every caller of the same text)."""
    extractor = _names_extractor()
    if len(text) <= WINDOW:
        parts: Iterable[tuple[int, str]] = [(0, text)]
    else:
        parts = (part for part in pieces(text) if _may_hold_full_name(part[1]))
    return tuple(
        (offset + match.start, offset + match.stop, match.fact)
        for offset, part in parts
        for match in extractor(part)
        if match.fact.first and match.fact.middle and match.fact.last
    )
