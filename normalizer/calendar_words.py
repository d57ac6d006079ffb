"""Calendar words of Russian plans: months, seasons, parts of a year, counts and units of time.

The regex fragments are plain strings without groups, written for lower-case text, to be
embedded in the patterns of `normalizer.when`; the lookups take a matched word in any case
form ("сентября", "сент.", "полугодии", "четвертой").
"""

from __future__ import annotations

import math

MONTH_WORD = (
    r"(?<![а-я])(?:(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)(?:ь|я|е|ю|ем)"
    r"|(?:март|август)(?:а|е|у|ом)?|ма(?:й|я|е|ю|ем)"
    r"|(?:янв|фев|февр|мар|апр|авг|сен|сент|окт|ноя|нояб|дек)\.)(?![а-я])"
)
_MONTH_STEMS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
}

SEASON_WORD = (
    r"(?:лет(?:о|а|ом|е|н(?:ий|ее|его|ем|ие|их|ей|юю|яя))"
    r"|осен(?:ь|и|ью|н(?:ий|ее|его|ем|ие|их|ей|юю|яя))"
    r"|весн(?:а|ой|у|е|ы)|весен(?:н(?:ий|ее|его|ем|ие|их|ей|юю|яя))"
    r"|зим(?:а|ой|у|е|ы|н(?:ий|ее|его|ем|ие|их|ей|юю|яя)))(?![а-я])"
)
# Months (first, last) of each season; winter runs from December of the year before.
_SEASONS = {"лет": (6, 8), "осе": (9, 11), "вес": (3, 5), "зим": (12, 2)}

# School holidays as they usually fall: (month, day) of the first and the last day.
_HOLIDAYS = {
    "осе": ((10, 26), (11, 8)),
    "зим": ((12, 28), (1, 10)),
    "вес": ((3, 20), (3, 31)),
    "лет": ((6, 1), (8, 31)),
}

# Parts of a month ("начало сентября", "вторая половина мая"): first and last day, None = the
# month's last day.
MONTH_PART_WORD = (
    r"(?:начал[оаеу]|середин[аеуы]|кон(?:ец|ца|це)"
    r"|(?:перв|втор)(?:ая|ой|ую)\s+(?:половин|декад)[аеуы]|трет(?:ья|ьей|ью)\s+декад[аеуы])"
)
_MONTH_PARTS = (
    ("начал", (1, 10)),
    ("середин", (11, 20)),
    ("кон", (21, None)),
    ("первая половин", (1, 15)),
    ("вторая половин", (16, None)),
    ("первая декад", (1, 10)),
    ("вторая декад", (11, 20)),
    ("третья декад", (21, None)),
)

NUMBERS = {
    "один": 1,
    "одна": 1,
    "одну": 1,
    "одного": 1,
    "два": 2,
    "две": 2,
    "двух": 2,
    "три": 3,
    "трех": 3,
    "четыре": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "шести": 6,
    "десять": 10,
    "десяти": 10,
    "двенадцать": 12,
    "однажды": 1,
    "дважды": 2,
    "трижды": 3,
}
NUMBER_WORD = "(?:" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")"

# Stems of units of time and how many of each fit in a year; a longer stem comes before
# any stem it starts with.
_UNITS_PER_YEAR = (
    ("полгод", 2.0),
    ("полугод", 2.0),
    ("недел", 52.0),
    ("декад", 36.0),
    ("месяц", 12.0),
    ("месяч", 12.0),
    ("мес", 12.0),
    ("квартал", 4.0),
    ("четверт", 4.0),
    ("триместр", 3.0),
    ("год", 1.0),
    ("ден", 365.0),
    ("дн", 365.0),
)
UNIT_WORD = (
    r"(?:(?:учебн[а-я]*\s+|календарн[а-я]*\s+)?(?:"
    + "|".join(stem for stem, _ in _UNITS_PER_YEAR)
    + r")[а-я]*\.?)"
)
WEEKDAY_WORD = (
    r"(?:(?:понедельник|вторник|четверг)(?:ам|и|а|у)?"
    r"|(?:сред|пятниц|суббот)(?:ам|ы|у|а)|воскресень(?:ям|я|е))(?![а-я])"
)

# Recurrence names and how many times a year each one happens.
RECURRENCES = (
    ("weekly", 52.0),
    ("biweekly", 26.0),
    ("monthly", 12.0),
    ("quarterly", 4.0),
    ("semiannual", 2.0),
    ("annual", 1.0),
)
_DAILY = 200.0

# Number of a part of a year: Roman or Arabic digits with an optional ending ("1-ое",
# "II"), or an ordinal word ("первое", "второй").
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4}
NUMERAL = (
    r"(?:(?:iv|i{1,3}|[1-4])(?:\s*-?\s*(?:ый|ой|ий|ое|ая|ого|го|ом|м|е|й|я)(?![а-я]))?"
    r"|(?:перв|втор|трет|четверт)(?:ый|ой|ий|ое|ая|ого|ом|ье|ья|ьего|ьем|ьей)(?![а-я]))"
)
PART_WORD = r"(?:квартал[а-я]*|кв\.|полугод[а-я]*|четверт[а-я]*|триместр[а-я]*)"

# Months (first, last) of the numbered parts of a year. Calendar parts count from January;
# school parts follow the academic year (September to May; summer is in no part).
CALENDAR_PARTS = {
    "квартал": ((1, 3), (4, 6), (7, 9), (10, 12)),
    "полугод": ((1, 6), (7, 12)),
}
SCHOOL_PARTS = {
    "полугод": ((9, 12), (1, 5)),
    "четверт": ((9, 10), (11, 12), (1, 3), (4, 5)),
    "триместр": ((9, 11), (12, 2), (3, 5)),
}


def month_of(word: str) -> int | None:
    """1..12 for a month name in any case form or abbreviation ("мая", "Сент."), else None."""
    word = word.lower()
    return _MONTH_STEMS.get(word[:3]) or _MONTH_STEMS.get(word[:2])


def season_months(word: str) -> tuple[int, int]:
    """Months (first, last) of a season named in any form ("летний", "осенью")."""
    return _SEASONS[word.lower()[:3]]


def holiday_days(word: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """(month, day) of the first and last day of the school holidays of a season ("осенние")."""
    return _HOLIDAYS[word.lower()[:3]]


def month_part_days(words: str) -> tuple[int, int | None]:
    """Days (first, last) of a part of a month ("конец", "вторая половина"); None = last day."""
    words = " ".join(words.lower().split())
    words = words.replace("ой ", "ая ").replace("ую ", "ая ").replace("ьей ", "ья ").replace("ью ", "ья ")
    return next(days for stem, days in _MONTH_PARTS if words.startswith(stem))


def number_of(word: str | None, default: int = 1) -> int:
    """The value of a count written in digits or words ("3", "три", "дважды")."""
    if not word:
        return default
    word = word.lower()
    return int(word) if word.isdigit() else NUMBERS.get(word, default)


def numeral_of(word: str) -> int:
    """The value of a part number: "3" -> 3, "II" -> 2, "1-ое" -> 1, "второе" -> 2."""
    word = word.lower().strip()
    head = word.split("-")[0].split()[0]
    digits = "".join(ch for ch in head if ch.isdigit())
    if digits:
        return int(digits)
    roman = "".join(ch for ch in head if ch in "iv")
    if roman in _ROMAN and roman == head[: len(roman)]:
        return _ROMAN[roman]
    return _ORDINALS.get(head[:4], 0)


def per_year(unit: str) -> float:
    """How many units ("недели", "учебный год", "месячно" of "ежемесячно") fit in a year."""
    word = unit.lower().split()[-1]
    return next((count for stem, count in _UNITS_PER_YEAR if word.startswith(stem)), 1.0)


def recurrence_of(times_a_year: float) -> str | None:
    """The named recurrence nearest (on a log scale) to a frequency; None for daily or none."""
    if times_a_year <= 0 or times_a_year >= _DAILY:
        return None
    return min(RECURRENCES, key=lambda item: abs(math.log(times_a_year / item[1])))[0]


def part_stem(word: str) -> str:
    """The stem naming a kind of part of a year ("кв." -> "квартал", "полугодии" -> "полугод")."""
    word = word.lower()
    if word.startswith("кв"):
        return "квартал"
    return next((s for s in ("полугод", "четверт", "триместр") if word.startswith(s)), "квартал")


def part_months(stem: str, number: int, school: bool) -> tuple[int, int] | None:
    """Months (first, last) of part `number` of a year ("квартал", "четверть"), or None.

    Quarters are always calendar ones; terms and trimesters always school ones; a half-year
    is a school one when `school` is true.
    """
    if stem in SCHOOL_PARTS and (school or stem not in CALENDAR_PARTS):
        parts = SCHOOL_PARTS[stem]
    else:
        parts = CALENDAR_PARTS.get(stem, ())
    return parts[number - 1] if 1 <= number <= len(parts) else None
