"""Approval blocks above a plan or programme: who approved it, when, and by which act.

СОГЛАСОВАНО                          <- agreed: neither signatory nor identity
Директор МБУ «... методический кабинет»
_____ Р.А. Ефимова
УТВЕРЖДАЮ                            <- stamp: signatory, date (or the order written in it)
Руководитель отдела образования ...  <- its unit is the issuing body where nothing else names one
_____ В.Г. Ямбаршева
«15» января 2025 г.

УТВЕРЖДЕН приказом Управления образования ... от 27.09.2024 № 412   <- the approving act:
Приложение к приказу министерства ... от 14.03.2024 № 145-11-05        date, number, authority
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.structure.lines import Line, plain
from normalizer.dates import DateMatch, find_dates
from normalizer.geo import nominative
from normalizer.persons import PersonMatch, find_persons

_STAMP = re.compile(r"У\s?Т\s?В\s?Е\s?Р\s?Ж\s?Д\s?А\s?Ю(?![А-ЯЁа-яё])", re.IGNORECASE)
_ACT_LINE = re.compile(
    r"(?:УТВЕРЖД[ЕЁ]Н[АОЫ]?|Утвержд[её]н[аоы]?|ПРИЛОЖЕНИЕ|Приложение)(?![А-ЯЁа-яё])(?!\s*:)"
)
_AGREED = re.compile(
    r"(?:СОГЛАСОВАН[АОЫ]?|Согласован[аоы]?|ПРИНЯТ[АОЫ]?|Принят[аоы]?|РАССМОТРЕН[АОЫ]?|Рассмотрен[аоы]?"
    r"|ОДОБРЕН[АОЫ]?|Одобрен[аоы]?)(?![А-ЯЁа-яё])"
)
_ACT = re.compile(
    r"(?<![а-яё])(?:приказ|распоряжени|постановлени|решени|указ)[а-яё]*(?![а-яё])", re.IGNORECASE
)
_NUMBER = re.compile(r"\s*(?:г\.|года)?\s*№\s*(?P<number>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё./\\-]*)")
_FROM = re.compile(r"(?<![а-яё])от\s*$", re.IGNORECASE)
# "приказом директора МБОУ ...", "Руководитель отдела образования ...": the position before the unit.
_POSITION = re.compile(
    r"(?:И\.\s?о\.\s*|Врио\s+|Первый\s+)?(?:заместител[а-яё]*\s+)?(?:директор|начальник|руководител|министр|глав"
    r"|председател|заведующ|ректор|управляющ)[а-яё]*(?![а-яё])\s*",
    re.IGNORECASE,
)
_DECORATION = re.compile(r"[_/]+|\(?подпись\)?|м\.\s?п\.", re.IGNORECASE)
_MAX_LINES = 8


@dataclass(frozen=True)
class Approval:
    """One block: `kind` is "stamp" (УТВЕРЖДАЮ), "act" (УТВЕРЖДЕН приказом / Приложение к
    приказу) or "agreed" (СОГЛАСОВАНО, Принята на заседании); lines `start`..`end` (exclusive)."""

    kind: str
    start: int
    end: int
    text: str
    date: DateMatch | None = None
    number: str | None = None
    signatory: PersonMatch | None = None
    authority: str | None = None


def opens_block(text: str) -> str | None:
    """The kind of approval block line `text` opens, or None."""
    for kind, pattern in (("stamp", _STAMP), ("act", _ACT_LINE), ("agreed", _AGREED)):
        if pattern.match(text):
            return kind
    return None


def _act_date(text: str) -> tuple[DateMatch, str | None, int] | None:
    """The first "от <date> [№ <number>]" in `text`: date, number and where "от" stands."""
    for date in find_dates(text):
        before = _FROM.search(text[: date.start])
        if before:
            number = _NUMBER.match(text, date.end)
            return date, number.group("number").rstrip(".") if number else None, before.start()
    return None


def _body(name: str) -> str | None:
    """A unit named in the genitive after a position or an act word, in the nominative."""
    name = re.sub(r"\s+", " ", name).strip(" ,")
    position = _POSITION.match(name)
    if position:
        name = name[position.end() :].strip(" ,")
    if len(name.split()) < 2 and "«" not in name:
        return None
    name = nominative(name)
    return name[:1].upper() + name[1:]


def _parse(kind: str, start: int, end: int, text: str) -> Approval:
    keyword = (_STAMP if kind == "stamp" else _ACT_LINE if kind == "act" else _AGREED).match(text)
    rest = text[keyword.end() if keyword else 0 :].strip(" :")
    if kind == "agreed":
        return Approval(kind, start, end, text)
    found = _act_date(rest)
    if kind == "act":
        if found is None:
            return Approval(kind, start, end, text)
        date, number, at = found
        acts = list(_ACT.finditer(rest, 0, at))
        authority = _body(rest[acts[-1].end() : at]) if acts else None
        return Approval(kind, start, end, text, date, number, None, authority)
    head = rest[: _ACT.search(rest).start()] if _ACT.search(rest) else rest
    date = found[0] if found else next(iter(find_dates(head)), None)
    if date is not None and not found:
        head = head[: date.start]
    head = _DECORATION.sub(" ", plain(head))
    persons = find_persons(head)
    signatory = persons[-1] if persons else None
    authority = _body(head[: signatory.start]) if signatory else None
    return Approval(kind, start, end, text, date, found[1] if found else None, signatory, authority)


def find_approvals(lines: list[Line], end: int) -> list[Approval]:
    """The approval blocks among lines[:end], in order."""
    blocks: list[Approval] = []
    i = 0
    while i < end:
        kind = opens_block(lines[i].text) if lines[i].table is None else None
        if kind is None:
            i += 1
            continue
        j, texts = i, []
        while j < min(end, i + _MAX_LINES) and lines[j].table is None:
            if j > i and opens_block(lines[j].text):
                break
            texts.append(lines[j].text)
            j += 1
            if find_dates(texts[-1]):
                break
        blocks.append(_parse(kind, i, j, " ".join(texts)))
        i = j
    return blocks
