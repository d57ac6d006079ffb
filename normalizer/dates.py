"""Dates as orders print them, and the period a plan covers.

`find_dates` knows "20.07.2020", "19.02. 2021", "«20» июля 2020 г.", "«16» 02 2023 г." and
"20 июля 2020 года"; `find_plan_period` knows "на 2020-2021 годы", "на 2019-2020 учебный год",
"в 2022-2023 учебном году" and "в 2021 году".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH_WORD = (
    r"(?:январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[йя]|июн[яь]|июл[яь]|августа?"
    r"|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
)
_YEAR_TAIL = r"(?:\s*(?:года|год|г\.|г(?![а-яё])))?"
_OPEN = "«\"“„'"
_CLOSE = "»\"”'"

_DATE = re.compile(
    rf"(?<![\d.])(?P<d1>\d{{1,2}})\s?\.\s?(?P<m1>\d{{1,2}})\s?\.(?P<y1>\s?\d{{4}}|\d{{2}})(?![\d])"
    rf"|[{_OPEN}]\s?(?P<d2>\d{{1,2}})\s?[{_CLOSE}]\s*(?P<m2>{_MONTH_WORD}|\d{{1,2}})\s+(?P<y2>\d{{4}})"
    rf"|(?<![\d.])(?P<d3>\d{{1,2}})\s+(?P<m3>{_MONTH_WORD})\s+(?P<y3>\d{{4}})",
    re.IGNORECASE,
)
_TAIL = re.compile(_YEAR_TAIL, re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, with the text it was read from."""

    start: dt.date
    end: dt.date
    raw: str


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: its value, the text as printed and where it stands."""

    date: dt.date
    raw: str
    start: int
    end: int


def month_number(word: str) -> int | None:
    """1..12 for a month name in any case form ("июля", "Февраль") or a number ("02")."""
    if word.isdigit():
        n = int(word)
        return n if 1 <= n <= 12 else None
    word = word.lower()
    for stem, n in MONTHS.items():
        if word.startswith(stem) and (stem != "ма" or word in ("май", "мая")):
            return n
    return None


def _year(text: str) -> int:
    year = int(text.strip())
    return year + 2000 if year < 100 else year


def find_dates(text: str) -> list[DateMatch]:
    """Every printed date in `text`, in order; impossible dates are skipped."""
    found = []
    for m in _DATE.finditer(text):
        day, month, year = next(
            (m.group(f"d{k}"), m.group(f"m{k}"), m.group(f"y{k}")) for k in (1, 2, 3) if m.group(f"d{k}")
        )
        number = month_number(month)
        if number is None:
            continue
        try:
            value = dt.date(_year(year), number, int(day))
        except ValueError:
            continue
        end = m.end() + len(_TAIL.match(text, m.end()).group())
        found.append(DateMatch(value, text[m.start() : end].strip(), m.start(), end))
    return found


def parse_date(text: str) -> dt.date | None:
    """The first date printed in `text`, or None."""
    found = find_dates(text)
    return found[0].date if found else None


_DASH = r"\s*[-–—/]\s*"
_ACADEMIC = re.compile(
    rf"(?:(?:на|в)\s+)?(?P<a>20\d\d){_DASH}(?P<b>(?:20)?\d\d)\s*(?:уч\.|учебн\w*)\s*(?:год\w*|г\.|гг\.)",
    re.IGNORECASE,
)
_YEARS = re.compile(rf"(?:на|в)\s+(?P<a>20\d\d){_DASH}(?P<b>20\d\d)\s*(?:год\w*|гг\.|г\.)", re.IGNORECASE)
_YEAR = re.compile(r"(?:на|в)\s+(?P<a>20\d\d)\s*(?:год[ау]?|г\.)(?![а-яё])", re.IGNORECASE)


def find_plan_period(text: str) -> Period | None:
    """The period a plan covers, as its title or heading states it, or None."""
    candidates = []
    for pattern, kind in ((_ACADEMIC, "academic"), (_YEARS, "years"), (_YEAR, "year")):
        m = pattern.search(text)
        if m:
            candidates.append((m.start(), kind, m))
    if not candidates:
        return None
    _, kind, m = min(candidates, key=lambda c: c[0])
    first = int(m.group("a"))
    raw = m.group().strip()
    if kind == "year":
        return Period(start=dt.date(first, 1, 1), end=dt.date(first, 12, 31), raw=raw)
    last = int(m.group("b"))
    if last < 100:
        last += first // 100 * 100
    if last < first:
        return None
    if kind == "academic":
        return Period(start=dt.date(first, 9, 1), end=dt.date(last, 8, 31), raw=raw)
    return Period(start=dt.date(first, 1, 1), end=dt.date(last, 12, 31), raw=raw)


def year_period(year: int) -> Period:
    """The calendar year `year` as a period."""
    return Period(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), raw=str(year))
