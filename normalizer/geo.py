"""Regions and municipalities: found in any case form, returned in the nominative.

"Белгородской области" -> "Белгородская область", "Красненского района" -> "Красненский район",
"г. Таганрога" -> "г. Таганрог", "муниципального района «Козельский район»" -> "Козельский район".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pymorphy3.analyzer import Parse

from normalizer.morph import match_case, parses

_DATA = Path(__file__).parent / "data" / "regions.txt"
_FEDERAL = Path(__file__).parent / "data" / "federal.txt"
_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*\.?")
_ADJECTIVE = {"ADJF", "PRTF"}


@dataclass(frozen=True)
class Place:
    """A region or municipality: its nominative name, the text as printed and where it stands."""

    name: str
    raw: str
    start: int
    end: int


def _agrees(adjective: Parse, noun: Parse) -> bool:
    a, n = adjective.tag, noun.tag
    if a.case != n.case or a.number != n.number:
        return False
    return n.number == "plur" or "ms-f" in n or n.gender is None or a.gender == n.gender


def _noun_parse(noun: list[Parse], adjectives: list[list[Parse]]) -> Parse:
    agreeing = [p for p in noun if all(any(_agrees(a, p) for a in adj) for adj in adjectives)]
    candidates = agreeing or noun
    return max(candidates, key=lambda p: (p.tag.number == "sing", p.score))


def _indeclinable(word: str, noun: list[Parse]) -> bool:
    """Fixed forms, and "мин-" abbreviations ending in a genitive ("Минпросвещения", "минобразования")."""
    word = word.lower()
    return any("Fixd" in p.tag for p in noun) or (word.startswith("мин") and word.endswith(("ия", "ки")))


def inflect_head(phrase: str, case: str) -> str:
    """`phrase` (a noun group: adjectives, a head noun, then anything) with its head put in `case`.

    Only the leading adjectives and the first noun change; what follows the head noun (genitive
    attributes, names in quotes) is kept as printed.
    """
    words = [m for m in _WORD.finditer(phrase) if not m.group().endswith(".")]
    adjectives: list[tuple[re.Match[str], list[Parse]]] = []
    head: tuple[re.Match[str], list[Parse]] | None = None
    for i, m in enumerate(words):
        analyses = parses(m.group())
        adjective = [p for p in analyses if p.tag.POS in _ADJECTIVE]
        noun = [p for p in analyses if p.tag.POS == "NOUN"]
        if adjective and (i + 1 < len(words) or not noun):
            adjectives.append((m, adjective))
            continue
        if noun:
            head = (m, noun)
        break
    if head is None:
        return phrase
    if _indeclinable(head[0].group(), head[1]):
        return phrase
    noun = _noun_parse(head[1], [a for _, a in adjectives])
    if noun.tag.case == case:
        return phrase
    replacements = [(head[0], noun.inflect({case}))]
    for m, adjective in adjectives:
        agreeing = [a for a in adjective if _agrees(a, noun)] or adjective
        target = {case, noun.tag.number or "sing"}
        if noun.tag.number != "plur" and noun.tag.gender is not None:
            target.add(noun.tag.gender)
        replacements.append((m, agreeing[0].inflect(target)))
    out = phrase
    for m, parse in sorted(replacements, key=lambda r: r[0].start(), reverse=True):
        if parse is not None:
            out = out[: m.start()] + match_case(parse.word, m.group()) + out[m.end() :]
    return out


@lru_cache(maxsize=4096)  # a document names its region on many lines, in the same few forms
def nominative(phrase: str) -> str:
    """`phrase` with its head in the nominative: "департамента образования Белгородской области"
    -> "департамент образования Белгородской области", "Красненского района" -> "Красненский район"."""
    return inflect_head(phrase, "nomn")


def genitive(phrase: str) -> str:
    """`phrase` with its head in the genitive: "Администрация Красненского района" ->
    "Администрации Красненского района"."""
    return inflect_head(phrase, "gent")


@cache
def regions() -> dict[str, str]:
    """Lower-cased region names and short forms -> the canonical nominative name."""
    table: dict[str, str] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, _, canonical = (x.strip() for x in line.partition("="))
        table[alias.lower()] = canonical or alias
    return table


_REGION = re.compile(
    r"(?<![А-ЯЁа-яё-])(?:"
    r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?(?:\s+народн\w+)?\s+(?:автономн\w+\s+)?(?:област|кра[йяюе]|округ|республик)[а-яё]*"
    r"|республик[а-яё]*\s+[А-ЯЁ][А-ЯЁа-яё]+(?:\s+(?:Эл|ЭЛ))?(?:\s+[А-ЯЁ][а-яё]+)?"
    r"|(?:г\.\s?|город[а-яё]*\s+)?(?:москв|санкт-петербург|севастопол)[а-яё]*"
    r")(?![А-ЯЁа-яё])",
    re.IGNORECASE,
)


def _region_matches(text: str) -> list[re.Match[str]]:
    """Candidate matches; after one that names no region the search goes on from its second word,
    so "района Республики Марий Эл" still finds "Республики Марий Эл"."""
    out, pos = [], 0
    while (m := _REGION.search(text, pos)) is not None:
        out.append(m)
        second = re.search(r"\s\S", m.group())
        pos = m.start() + second.start() + 1 if second else m.end()
    return out


def find_regions(text: str) -> list[Place]:
    """Every federal subject named in `text` ("Белгородской области", "Республики Татарстан")."""
    found: list[Place] = []
    table = regions()
    for m in _region_matches(text):
        if found and m.start() < found[-1].end:
            continue
        raw = m.group()
        candidates = [nominative(raw), raw]
        words = raw.split()
        if len(words) > 2:
            candidates.append(nominative(" ".join(words[:2])))
        for candidate in candidates:
            name = table.get(re.sub(r"^(?:г\.\s?|город\s+)", "", candidate, flags=re.IGNORECASE).lower())
            name = name or table.get(candidate.lower())
            if name:
                found.append(Place(name, raw, m.start(), m.end()))
                break
    return found


@cache
def _federal() -> re.Pattern[str]:
    words = [x.strip() for x in _FEDERAL.read_text(encoding="utf-8").splitlines()]
    alternatives = "|".join(re.escape(w) for w in words if w and not w.startswith("#"))
    return re.compile(rf"(?<![А-ЯЁа-яё])(?:{alternatives})", re.IGNORECASE)


def is_federal(authority: str) -> bool:
    """Whether `authority` is a federal body ("Министерство просвещения Российской Федерации",
    "Рособрнадзор", "Правительство Российской Федерации"); the words are in data/federal.txt."""
    return bool(_federal().search(authority))


_QUOTED = re.compile(
    r"(?:муниципальн\w+\s+(?:район\w*|округ\w*|образовани\w+)|городск\w+\s+(?:округ\w*|поселени\w+)"
    r"|сельск\w+\s+поселени\w+)\s*[«\"“](?P<name>[^»\"”]+)[»\"”]",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"(?<![А-ЯЁа-яё-])(?P<name>(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+)+"
    r"(?:(?:муниципальн|городск)[а-яё]+\s+)?(?:район|округ)(?:а|у|ом|е|ы|ов|ам|ами|ах)?)(?![А-ЯЁа-яё])"
)
_CITY = re.compile(r"(?<![А-ЯЁа-яё])(?:г\.|города|город)\s?(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*)")


def find_municipality(text: str) -> Place | None:
    """The first municipality named in `text` (a district, urban okrug or city), nominative."""
    found: list[Place] = []
    for pattern in (_QUOTED, _NAMED, _CITY):
        for m in pattern.finditer(text):
            raw = m.group("name").strip()
            start = m.start()
            if pattern is _NAMED:
                words = raw.split()
                while words and not any(p.tag.POS == "ADJF" for p in parses(words[0])):
                    words = words[1:]
                if len(words) < 2:
                    continue
                start = m.end() - len(" ".join(words))
                raw = " ".join(words)
            if pattern is _CITY:
                name = f"г. {nominative(raw)}"
            elif pattern is _NAMED:
                name = nominative(raw)
            else:
                name = re.sub(r"\s+", " ", raw).strip()
            if name.lower().removeprefix("г. ") in regions():
                continue
            found.append(Place(name, text[start : m.end()], start, m.end()))
            break
    return min(found, key=lambda p: p.start) if found else None
