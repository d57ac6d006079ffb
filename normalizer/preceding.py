"""What the text before a name says of it: whether a school is named after the person ("МОБУ СОШ
№ 8 им. А.Г. Ломакина") and the case the words of its clause govern ("возложить на ..." takes the
accusative, "поручить ..." the dative).

`Preceding` reads a text once (clause starts, governing words) and then answers for any name in
it by lookups, so a text of one very long line costs time linear in its length rather than in
its length times the names it holds (each name used to rescan all the text before it).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from normalizer.morph import parses

_NAMED_AFTER = re.compile(r"(?:им\.|имени)\s*$", re.IGNORECASE)
# A clause ends at ";", ":" or a full stop that is not an abbreviation's ("г. Таганрога").
_CLAUSE_START = re.compile(r"(?:[;:!?]|(?<![\s.][А-ЯЁа-яё])(?<![\s.][а-яё]{2})\.)\s|^")
# Words after which a name stands in the accusative or in the dative.
_ACCUSATIVE = re.compile(
    r"(?<![а-яё])(?:на|назначить|наградить|включить|освободить|обязать|утвердить|уволить)(?![а-яё])",
    re.IGNORECASE,
)
_DATIVE = re.compile(
    r"(?<![а-яё])(?:поручить|предложить|рекомендовать|объявить|выразить|предоставить)(?![а-яё])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[А-ЯЁа-яё]+")


class _Matches:
    """A pattern's matches in a text, asked for the last one inside a span."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        found = list(pattern.finditer(text))
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]

    def last_end(self, start: int, end: int) -> int:
        """The end of the last match within `start`..`end`, or -1."""
        index = bisect_right(self.ends, end) - 1
        return self.ends[index] if index >= 0 and self.starts[index] >= start else -1


class Preceding:
    """The text before each name of one text, read once.

    A position asked about is where a name starts, after a non-letter (as `persons.PERSON`
    matches) or at the end of the text: no governing word can run into it, so the words found
    in the whole text are those found in the text before the name."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._clause_starts = [0, *(m.end() for m in _CLAUSE_START.finditer(text) if m.end())]
        self._accusative = _Matches(_ACCUSATIVE, text)
        self._dative = _Matches(_DATIVE, text)
        self._first_words: dict[int, re.Match[str] | None] = {}

    def _trimmed_end(self, position: int) -> int:
        """`position` moved back over the whitespace before it."""
        while position and self.text[position - 1].isspace():
            position -= 1
        return position

    def named_after(self, position: int) -> bool:
        """Whether "им." or "имени" stands right before `position`."""
        end = self._trimmed_end(position)
        return bool(_NAMED_AFTER.search(self.text, max(end - 5, 0), position))

    def case(self, position: int) -> str | None:
        """The case the words before `position` govern in its clause: "accs", "datv" or None (a
        name in brackets is in the nominative: "Муниципальному центру ... (Закурдаева О.Б.)")."""
        end = self._trimmed_end(position)
        if end and self.text[end - 1] == "(":
            return None
        index = bisect_right(self._clause_starts, position) - 1
        clause = self._clause_starts[index]
        accusative = self._accusative.last_end(clause, position)
        dative = self._dative.last_end(clause, position)
        if accusative >= 0 or dative >= 0:
            return "accs" if accusative > dative else "datv"
        word = self._first_word(index)
        if word is None or word.start() >= position:
            return None
        first_word = self.text[word.start() : min(word.end(), position)]
        if all(p.tag.case == "datv" for p in parses(first_word) if p.tag.POS in ("NOUN", "ADJF")):
            return "datv" if parses(first_word)[0].tag.case == "datv" else None
        return None

    def _first_word(self, index: int) -> re.Match[str] | None:
        """The first word of the clause `index`, looked for once and only within that clause."""
        if index not in self._first_words:
            start = self._clause_starts[index]
            stop = self._clause_starts[index + 1] if index + 1 < len(self._clause_starts) else len(self.text)
            self._first_words[index] = _WORD.search(self.text, start, stop)
        return self._first_words[index]
