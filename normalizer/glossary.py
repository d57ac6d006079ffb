"""Abbreviations and what they stand for.

Two sources, the document's own first: the definitions a document prints (a list "КОПО –
комитет общего и профессионального образования Ленинградской области;" or an inline
"... информационной системой мониторинга электронных дорожных карт (далее – ИС МЭДК)"), then a
built-in glossary of common education abbreviations (`data/glossary.tsv`).

    >>> expand("СОШ")
    ['средняя общеобразовательная школа']
    >>> Glossary.from_document(document).expand("КОПО")
    ['комитет общего и профессионального образования Ленинградской области']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from normalizer.morph import morph, parses
from normalizer.orgs import nominative_phrase

if TYPE_CHECKING:
    from model import Document

_DATA = Path(__file__).parent / "data" / "glossary.tsv"
# One to three capital words, the last maybe in quotes: "МЦОКО", "ИС МЭДК", "ГАУ ДПО ТОИУУ",
# "МКУ «ИМЦ»", "ГКУ ТО «ЦОКО»".
_ABBREVIATION = r"[А-ЯЁA-Z][А-ЯЁA-Z0-9]{1,9}(?:\s[А-ЯЁA-Z]{2,9}){0,2}(?:\s«[А-ЯЁA-Z][А-ЯЁA-Z0-9]{1,9}»)?"
# A dash, or a hyphen with a space on at least one side: "ППМС-центры" is one compound word.
_DASH = r"(?:\s*[–—]\s*|\s+-\s*|-\s+)"
_LIST_ENTRY = re.compile(
    rf"^\s*(?P<abbr>{_ABBREVIATION}){_DASH}(?P<expansion>[А-ЯЁа-яё«][^;]{{3,300}}?)\s*[;.]?\s*$"
)
_LATER = re.compile(r"\(\s*далее\s*[–—-]?\s*(?P<abbr>[^()]{2,40}?)\s*\)", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"[«»\"]?([А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*)[«»\"]?\s*$")
# A character `_WORD_BEFORE` takes before its trailing spaces.
_MAY_SPELL = re.compile(r"[«»\"А-ЯЁа-яё-]")
_FUNCTION_WORDS = frozenset({"и", "в", "во", "по", "для", "с", "со", "на", "о", "об", "к", "при", "из"})
_TOKEN = re.compile(r"(?<![А-ЯЁA-Za-zа-яё])[А-ЯЁA-Z]{2,}[А-ЯЁA-Z0-9]*(?![А-ЯЁA-Za-zа-яё])")


@dataclass(frozen=True)
class Definition:
    """An abbreviation defined in a text, with the words it stands for and the text read."""

    abbreviation: str
    expansion: str
    raw: str


def key(abbreviation: str) -> str:
    """The form abbreviations are looked up by: upper case, "Е" for "Ё", single spaces."""
    return re.sub(r"\s+", " ", abbreviation.strip()).upper().replace("Ё", "Е")


def _is_abbreviation(text: str) -> bool:
    return bool(re.fullmatch(_ABBREVIATION, text)) and sum(c.isupper() for c in text) >= 2


def _is_capitalised_word(text: str) -> bool:
    """ "ПЛАН" of "ПЛАН-ГРАФИК («ДОРОЖНАЯ КАРТА»)": a common word in capitals, no abbreviation."""
    if " " in text or len(text) < 4:
        return False
    analyses = parses(text)
    return morph().word_is_known(text.lower()) and "Abbr" not in analyses[0].tag


def _starts_with_verb(text: str) -> bool:
    """ "ОУ - обеспечить выполнение": an instruction to a unit, not a definition."""
    first = re.match(r"[А-ЯЁа-яё]+", text)
    return bool(first) and parses(first.group())[0].tag.POS in ("INFN", "VERB")


def _word_before(text: str, end: int) -> re.Match[str] | None:
    """`_WORD_BEFORE` in `text` up to `end`, searched from where the last word there begins (a
    match holds no space but its trailing ones), so not along all the text before it."""
    start = end
    while start and text[start - 1].isspace():
        start -= 1
    while start and _MAY_SPELL.match(text, start - 1):
        start -= 1
    return _WORD_BEFORE.search(text, start, end)


def _spelled_out(text: str, end: int, abbreviation: str) -> str | None:
    """The words right before `end` ("(далее – ABBR)") whose first letters spell ABBR, or None."""
    letters = [c for c in abbreviation.upper() if c.isalpha()]
    start = end
    while letters:
        m = _word_before(text, start)
        if not m:
            return None
        word = m.group(1)
        start = m.start()
        if word.lower() in _FUNCTION_WORDS:
            continue
        # "Информационно-методический" spells "ИМ" or just "И".
        parts = [part[0].upper() for part in word.split("-")]
        if len(parts) > 1 and letters[-len(parts) :] == parts:
            del letters[-len(parts) :]
        elif word[0].upper() == letters[-1]:
            letters.pop()
        else:
            return None
    return _balanced(re.sub(r"\s+", " ", text[start:end]).strip(' "'))


def _balanced(text: str) -> str:
    """`text` without a quote mark whose partner lies outside it, or quotes around all of it."""
    if text.startswith("«") and text.endswith("»") and text.count("«") == 1:
        return text[1:-1]
    if text.endswith("»") and text.count("»") > text.count("«"):
        text = text[:-1]
    if text.startswith("«") and text.count("«") > text.count("»"):
        text = text[1:]
    return text


def find_definitions(text: str) -> list[Definition]:
    """Abbreviations `text` defines: a glossary line "ABBR – expansion;" or "... (далее – ABBR)"."""
    found = []
    m = _LIST_ENTRY.match(text)
    if (
        m
        and _is_abbreviation(m.group("abbr"))
        and not _is_capitalised_word(m.group("abbr"))
        and not _starts_with_verb(m.group("expansion"))
    ):
        found.append(Definition(m.group("abbr"), m.group("expansion").strip(), text.strip()))
    for m in _LATER.finditer(text):
        abbr = m.group("abbr").strip(' "')
        if abbr.startswith("«") and abbr.endswith("»") and abbr.count("«") == 1:
            abbr = abbr[1:-1]
        if not _is_abbreviation(abbr):
            continue
        spelled = _spelled_out(text, m.start(), abbr)
        if spelled:
            found.append(Definition(abbr, nominative_phrase(spelled), f"{spelled} {m.group()}"))
    return found


class Glossary:
    """Abbreviations with their readings, looked up case- and "ё"-insensitively."""

    def __init__(self, entries: Mapping[str, Sequence[str]] | None = None) -> None:
        self._entries: dict[str, list[str]] = {}
        self._phrases: list[str] = []
        for abbreviation, expansions in (entries or {}).items():
            self.add(abbreviation, *expansions)

    def add(self, abbreviation: str, *expansions: str) -> None:
        """Add readings of `abbreviation` after those it already has."""
        if " " in key(abbreviation) and key(abbreviation) not in self._entries:
            self._phrases.append(key(abbreviation))
        readings = self._entries.setdefault(key(abbreviation), [])
        readings.extend(e for e in expansions if e not in readings)

    def expand(self, abbreviation: str) -> list[str]:
        """Every reading of `abbreviation`, the document's own first; [] when unknown."""
        return list(self._entries.get(key(abbreviation), []))

    def expand_text(self, text: str) -> dict[str, list[str]]:
        """Readings of the abbreviations `text` uses, by abbreviation as written: those of
        several words a document defines ("ГАУ ДПО ТОИУУ", "МКУ «ИМЦ»") first, then each word."""
        found = {}
        folded = key(text)
        for phrase in self._phrases:
            at = folded.find(phrase)
            if at >= 0 and _TOKEN.fullmatch(phrase.split()[0]) and _bounded(folded, at, len(phrase)):
                found[text[at : at + len(phrase)]] = self.expand(phrase)
        for m in _TOKEN.finditer(text):
            readings = self.expand(m.group())
            if readings:
                found[m.group()] = readings
        return found

    def __contains__(self, abbreviation: str) -> bool:
        return key(abbreviation) in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def builtin(cls) -> Glossary:
        """The built-in glossary of common education abbreviations."""
        return cls(_builtin_entries())

    @classmethod
    def from_definitions(cls, definitions: Iterable[Definition], fallback: bool = True) -> Glossary:
        """Definitions first, then (with `fallback`) the built-in readings."""
        glossary = cls()
        for d in definitions:
            glossary.add(d.abbreviation, d.expansion)
        if fallback:
            for abbreviation, expansions in _builtin_entries().items():
                glossary.add(abbreviation, *expansions)
        return glossary

    @classmethod
    def from_document(cls, document: Document, fallback: bool = True) -> Glossary:
        """The abbreviations `document` defines (its `meta.glossary`), then the built-in ones."""
        return cls.from_definitions(
            (Definition(e.abbreviation, e.expansion, e.raw) for e in document.meta.glossary), fallback
        )


def _bounded(text: str, start: int, length: int) -> bool:
    """Whether text[start : start + length] stands as whole words."""
    before = text[start - 1 : start]
    after = text[start + length : start + length + 1]
    return not before.isalnum() and not after.isalnum()


@cache
def _builtin_entries() -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        abbreviation, expansion = line.split("\t")
        entries.setdefault(key(abbreviation), []).append(expansion.strip())
    return entries


def builtin_entries() -> dict[str, list[str]]:
    """The built-in glossary: readings by abbreviation (upper case, "Е" for "Ё")."""
    return {k: list(v) for k, v in _builtin_entries().items()}


def expand(abbreviation: str) -> list[str]:
    """The built-in readings of `abbreviation` ([] when unknown)."""
    return list(_builtin_entries().get(key(abbreviation), []))
