"""People as orders name them ("С.Харланова", "Л.М. Миннулина", "Закурдаеву О.Б.") in the
canonical form "Фамилия И.О.": surname in the nominative, initials with dots and no spaces."""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizer.morph import match_case, parses

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


@dataclass(frozen=True)
class PersonMatch:
    """A person named in text: canonical form, the text as printed and where it stands."""

    name: str
    raw: str
    start: int
    end: int


def nominative_surname(word: str) -> str:
    """`word` as a nominative surname: kept when it can already be one, else inflected."""
    analyses = parses(word)
    if any("nomn" in p.tag for p in analyses):
        return match_case(word.lower(), word.capitalize()) if word.isupper() else word
    surnames = [p for p in analyses if "Surn" in p.tag] or analyses
    inflected = surnames[0].inflect({"nomn"})
    return match_case(inflected.word if inflected else word.lower(), word.capitalize())


def canonical(surname: str, initials: str) -> str:
    """ "Фамилия И.О." from a surname in any case and initials in any spacing."""
    letters = re.findall(r"[А-ЯЁ]", initials)
    return f"{nominative_surname(surname)} {''.join(f'{c}.' for c in letters)}"


def find_persons(text: str) -> list[PersonMatch]:
    """Every "И.О. Фамилия" / "Фамилия И.О." in `text`, in order."""
    found = []
    for m in PERSON.finditer(text):
        lead = bool(m.group("s2"))
        surname, initials = (m.group("s2"), m.group("i2")) if lead else (m.group("s1"), m.group("i1"))
        found.append(PersonMatch(canonical(surname, initials), m.group().strip(), m.start(), m.end()))
    return found


def canonical_person(text: str) -> str | None:
    """The canonical form of the first person named in `text`, or None."""
    found = find_persons(text)
    return found[0].name if found else None
