"""People as orders name them ("С.Харланова", "Л.М. Миннулина", "Закурдаеву О.Б.", "Ивановой
Ольге Викторовне") in the canonical form "Фамилия И.О.": surname in the nominative, initials
with dots and no spaces.

Initials-and-surname forms are read by a regular expression; full names with a patronymic by
Natasha's `NamesExtractor`. The surname goes to the nominative by pymorphy3, with the gender
told by the first name where there is one, by the case the context governs ("возложить на ..."
takes the accusative, "поручить ..." the dative) and by the names already seen in the nominative
in the same document (`known`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Collection
from dataclasses import dataclass, field

from normalizer.morph import match_case, parses
from normalizer.name_windows import find_full_names
from normalizer.preceding import Preceding

_NAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_CAPS = r"[А-ЯЁ]{2,}(?:-[А-ЯЁ]{2,})?"
_SURNAME = rf"{_NAME}|{_CAPS}"
# A capitalised word before initials is a surname unless a name follows ("КОПО Л.Г. Михайлюк").
_LEAD_SURNAME = rf"{_NAME}|{_CAPS}(?=\s?[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?(?!\s?[А-ЯЁ]))"
_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?"
_TAIL_INITIALS = r"[А-ЯЁ]\.\s?(?:[А-ЯЁ](?:\.|(?![а-яёА-ЯЁ])))?"
PERSON = re.compile(
    rf"(?<![А-ЯЁа-яё])(?:(?P<i1>{_INITIALS})\s?(?P<s1>{_SURNAME})(?![а-яёА-ЯЁ.])"
    rf"|(?P<s2>{_LEAD_SURNAME})\s(?P<i2>{_TAIL_INITIALS}))"
)
_PATRONYMIC = re.compile(r"[А-ЯЁ][а-яё]+(?:ович|евич|ич|овн|евн|ичн|инич)[а-яё]*")
_INDECLINABLE = ("ых", "их", "ко", "аго", "яго", "ово", "ие")
_POSSESSIVE_SURNAME = ("ов", "ев", "ин", "ын")
# Endings of an oblique surname the dictionary does not know, with the nominative ending by case.
_OBLIQUE_ENDINGS = (
    ("ского", {None: "ский"}),
    ("скому", {None: "ский"}),
    ("цкого", {None: "цкий"}),
    ("цкому", {None: "цкий"}),
    ("ским", {None: "ский"}),
    ("цким", {None: "цкий"}),
    ("ской", {None: "ская"}),
    ("цкой", {None: "цкая"}),
    ("скую", {None: "ская"}),
    ("цкую", {None: "цкая"}),
    ("ым", {None: ""}),
    ("ой", {None: "а"}),
    ("у", {None: "", "accs": "а"}),
)


@dataclass(frozen=True)
class PersonMatch:
    """A person named in text: canonical form, the text as printed and where it stands.

    `surname_first` tells "Фамилия И.О." (a position may follow) from "И.О. Фамилия" (the
    unit it belongs to may stand before); `alternatives` are the other nominatives an oblique
    surname could come from ("Закурдаеву" -> "Закурдаев" or "Закурдаева")."""

    name: str
    raw: str
    start: int
    end: int
    surname_first: bool = True
    alternatives: tuple[str, ...] = field(default=(), compare=False)


def _can_be_nominative(word: str) -> bool:
    if word.lower().endswith(_INDECLINABLE):
        return True
    analyses = parses(word)
    if any(
        p.tag.case == "nomn" and ("Surn" in p.tag or "Name" in p.tag or "Patr" in p.tag) for p in analyses
    ):
        return True
    surnames = [p for p in analyses if "Surn" in p.tag]
    if any(_feminine_of(p.normal_form) == word.lower().replace("ё", "е") for p in surnames):
        return True
    return not surnames and any(p.tag.case == "nomn" for p in analyses)


def _feminine_of(masculine: str) -> str | None:
    """The feminine nominative of a possessive-type surname ("кротов" -> "кротова"), which is
    also its masculine genitive: a dictionary that knows only the man's lexeme reads "Кротова"
    as his genitive, but a name no word governs is in the nominative."""
    masculine = masculine.replace("ё", "е")
    return masculine + "а" if masculine.endswith(_POSSESSIVE_SURNAME) else None


def _nominatives(word: str, case: str | None, gender: str | None) -> list[str]:
    """Nominative forms `word` can come from, most likely first."""
    analyses = [p for p in parses(word) if "Surn" in p.tag and p.tag.number != "plur"]
    if gender:
        analyses = [p for p in analyses if gender in p.tag or "ms-f" in p.tag] or analyses
    if case:
        analyses = sorted(analyses, key=lambda p: p.tag.case != case)
    forms: list[str] = []
    if not analyses:
        lower = word.lower()
        for ending, by_case in _OBLIQUE_ENDINGS:
            if lower.endswith(ending) and len(lower) > len(ending) + 2:
                forms.append(lower[: -len(ending)] + by_case.get(case, by_case[None]))
                break
    for p in analyses:
        inflected = p.inflect({"nomn", "sing"})
        form = inflected.word if inflected else word.lower()
        if form not in forms:
            forms.append(form)
    return [match_case(f, word.capitalize()) for f in forms] or [match_case(word.lower(), word.capitalize())]


def nominative_surname(word: str, case: str | None = None, gender: str | None = None) -> list[str]:
    """`word` as a nominative surname, with the other readings after the first: kept when it can
    already be one (and the context governs no other case), else inflected."""
    shaped = match_case(word.lower(), word.capitalize()) if word.isupper() else word
    if (case in (None, "nomn") or word.lower().endswith(_INDECLINABLE)) and _can_be_nominative(word):
        return [shaped]
    forms = _nominatives(word, case, gender)
    return forms


def _initials(text: str) -> str:
    return "".join(f"{c}." for c in re.findall(r"[А-ЯЁ]", text))


def canonical(surname: str, initials: str, case: str | None = None, gender: str | None = None) -> str:
    """ "Фамилия И.О." from a surname in any case and initials in any spacing."""
    return f"{nominative_surname(surname, case, gender)[0]} {_initials(initials)}"


def governed_case(before: str) -> str | None:
    """The case the words before a name govern in its clause: "accs", "datv" or None (a name
    in brackets is in the nominative: "Муниципальному центру ... (Закурдаева О.Б.)")."""
    return Preceding(before).case(len(before))


def _choose(forms: list[str], initials: str, known: Collection[str]) -> tuple[str, tuple[str, ...]]:
    names = [f"{f} {initials}" for f in forms]
    chosen = next((n for n in names if n in known), names[0])
    return chosen, tuple(n for n in names if n != chosen)


def _overlaps(start: int, stop: int, taken: list[tuple[int, int]]) -> bool:
    """Whether `start`..`stop` overlaps one of `taken`, spans in order that do not overlap."""
    index = bisect_right(taken, (start, start))
    return any(a < stop and start < b for a, b in taken[max(index - 1, 0) : index + 1])


def _full_names(text: str, taken: list[tuple[int, int]], known: Collection[str]) -> list[PersonMatch]:
    """Full names with a first name and patronymic ("Иванова Ольга Викторовна"), by Natasha."""
    found = []
    for start, stop, fact in find_full_names(text):
        if len(fact.first) < 2:
            continue
        if _overlaps(start, stop, taken):
            continue
        first = parses(fact.first)[0]
        gender = first.tag.gender if "Name" in first.tag else None
        case = first.tag.case if "Name" in first.tag else None
        initials = f"{fact.first[0].upper()}.{fact.middle[0].upper()}."
        forms = nominative_surname(fact.last, case, gender)
        name, others = _choose(forms, initials, known)
        found.append(PersonMatch(name, text[start:stop], start, stop, True, others))
    return found


def find_persons(text: str, known: Collection[str] = ()) -> list[PersonMatch]:
    """Every person named in `text` ("И.О. Фамилия", "Фамилия И.О.", "Фамилия Имя Отчество"), in
    order; `known` canonical names settle an oblique surname that two nominatives could give."""
    found = []
    preceding = Preceding(text)
    for m in PERSON.finditer(text):
        if preceding.named_after(m.start()):
            continue
        lead = bool(m.group("s2"))
        surname, initials = (m.group("s2"), m.group("i2")) if lead else (m.group("s1"), m.group("i1"))
        forms = nominative_surname(surname, preceding.case(m.start()))
        name, others = _choose(forms, _initials(initials), known)
        found.append(PersonMatch(name, m.group().strip(), m.start(), m.end(), lead, others))
    if _PATRONYMIC.search(text):
        found.extend(_full_names(text, [(p.start, p.end) for p in found], known))
        found.sort(key=lambda p: p.start)
    return found


def canonical_person(text: str) -> str | None:
    """The canonical form of the first person named in `text`, or None."""
    found = find_persons(text)
    return found[0].name if found else None
