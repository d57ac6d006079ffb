"""Acts a document cites: "приказа департамента образования Белгородской области от 11.04.2017
г. № 1079" -> приказ / департамент образования Белгородской области / 2017-04-11 / 1079."""

from __future__ import annotations

import re
from bisect import bisect_left

from model import Reference
from normalizer.dates import find_dates
from normalizer.geo import nominative

_ACT = re.compile(
    r"(?<![а-яё])(?:(?:федеральн|областн|региональн)[а-яё]*\s+закон[а-яё]*|приказ(?!ыва)[а-яё]*|распоряжени[а-яё]*"
    r"|постановлени[а-яё]*|письм(?:о|а|ом|е)|решени[а-яё]*|указ(?:а|ом|у|е)?|закон[а-яё]*|протокол[а-яё]*)(?![а-яё])",
    re.IGNORECASE,
)
_NUMBER = r"(?P<number>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё./\\-]*[0-9A-Za-zА-Яа-яЁё]|\d)"
# «№», or «N» before a digit as legal databases print it («от 15.06.2018 N 682»)
_NO = r"(?:№|N(?=\s*\d))"
_NUMBER_AFTER = re.compile(rf"\s*{_NO}\s*{_NUMBER}")
_NUMBER_BEFORE = re.compile(rf"{_NO}\s*{_NUMBER}\s+от\s*$")
_FROM_BEFORE = re.compile(r"(?<![а-яё])от\s*$", re.IGNORECASE)
_LAW_NUMBER = re.compile(
    rf"(?P<act>федеральн[а-яё]*\s+закон[а-яё]*)\s+(?:{_NO}\s*)?(?P<number>ФЗ-\d+|\d+-ФЗ)", re.IGNORECASE
)
# The incoming letter a letter answers: "на № 02-07/311 от 14.01.2025", "на исх. № ... от ...".
_REPLY = re.compile(rf"(?<![А-ЯЁа-яё])на\s+(?:(?:исх|вх)\.\s*)?{_NO}\s*{_NUMBER}\s+от\s*$", re.IGNORECASE)
_WINDOW = 250
_MAX_AUTHORITY = 200


class _QuoteDepth:
    """How deep inside «quotes» each offset of one text lies, counted once for the text (an
    unmatched » at depth 0 is ignored)."""

    def __init__(self, text: str) -> None:
        self.marks: list[int] = []
        self.depths: list[int] = []
        depth = 0
        for mark in re.finditer("[«»]", text):
            depth = depth + 1 if mark.group() == "«" else max(depth - 1, 0)
            self.marks.append(mark.start())
            self.depths.append(depth)

    def at(self, end: int) -> int:
        """The depth of text[:end]."""
        before = bisect_left(self.marks, end)
        return self.depths[before - 1] if before else 0


def _act_before(text: str, start: int, end: int) -> tuple[str, str | None] | None:
    """(doc type, authority) for the act named last in text[start:end], right before its date."""
    acts = list(_ACT.finditer(text, start, end))
    if not acts:
        return None
    act = acts[-1]
    doc_type = nominative(act.group()).lower()
    between = re.sub(r"\s+", " ", text[act.end() : end]).strip(" ,")
    if not between or between.startswith("«") or len(between) > _MAX_AUTHORITY:
        return doc_type, None
    return doc_type, nominative(between)


def find_references(text: str) -> list[Reference]:
    """Every act `text` cites with a date and a number, or a federal law by its number, and the
    letter a reply answers ("на № ... от ..."); acts named inside a quoted title are part of that
    title and are not listed."""
    found: list[tuple[int, Reference]] = []
    quotes = _QuoteDepth(text)
    last_end = 0
    for date in find_dates(text):
        # the patterns before a date are anchored at it: look back a window, not the whole text
        offset = max(0, date.start - _WINDOW)
        before = text[offset : date.start]
        after = _NUMBER_AFTER.match(text, date.end)
        numbered = _NUMBER_BEFORE.search(before)
        dated = _FROM_BEFORE.search(before)
        if dated and after:
            number, start, end = after.group("number"), offset + dated.start(), after.end()
        elif numbered:
            number, start, end = numbered.group("number"), offset + numbered.start(), date.end
        else:
            continue
        if quotes.at(start):
            continue
        reply = _REPLY.search(before)
        if reply and numbered:
            raw = re.sub(r"\s+", " ", text[offset + reply.start() : end]).strip()
            found.append(
                (offset + reply.start(), Reference(doc_type="письмо", date=date.date, number=number, raw=raw))
            )
            last_end = end
            continue
        act = _act_before(text, max(last_end, start - _WINDOW), start)
        if act is None:
            continue
        act_start = [m for m in _ACT.finditer(text, max(last_end, start - _WINDOW), start)][-1].start()
        raw = re.sub(r"\s+", " ", text[act_start:end]).strip()
        found.append(
            (act_start, Reference(authority=act[1], doc_type=act[0], date=date.date, number=number, raw=raw))
        )
        last_end = end
    for m in _LAW_NUMBER.finditer(text):
        if quotes.at(m.start()) or any(r.number == m.group("number") for _, r in found):
            continue
        doc_type = nominative(m.group("act")).lower()
        found.append((m.start(), Reference(doc_type=doc_type, number=m.group("number"), raw=m.group())))
    return [r for _, r in sorted(found, key=lambda x: x[0])]
