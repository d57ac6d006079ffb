"""Deadlines of plan activities ("Сроки исполнения") as a `When`: kind, intervals, recurrence.

The rules of `corpus/gold/README.md` (section "when"), in the order `parse_when` applies them:

1. Clean the cell: lower case, one kind of dash, OCR noise in numbers ("2О21" -> "2021",
   "01.04. 2021" -> "01.04.2021"), citations of other acts and times of day dropped ("(приказ
   ... от 26 апреля 2023 г. № 391)", "15.03.2021 в 10.05", "10.05 - 12.00", "в 9.30 ч."), so
   that their numbers are not read as deadlines; "15 числа марта" read as "15 марта".
2. Find the phrases that are not dates: repetitions ("ежемесячно", "1 раз в три месяца",
   "по итогам четверти"; a day of no named month, "до 15 числа", repeats monthly, "до 20 числа
   последнего месяца квартала" quarterly), continuous work ("в течение года", "постоянно"),
   work on demand ("по мере необходимости") and work by another plan ("по плану работы ЦДО");
   the phrases of the last two kinds, and of school holidays, are data
   (`data/deadline_phrases.tsv`).
3. Find the calendar expressions ("01.04.2021", "27 апреля 2023 г.", "1-15 сентября",
   "август 2020", "I квартал 2021", "II полугодие", "лето", "2020-2021", "2021-2022 уч. год")
   and the words around them: "до", "не позднее", "до конца" make a deadline, "с ... по ..."
   and a dash make a span, "в течение" makes a continuous span.
4. Give every month without a year one: the year written further right in the cell ("август-
   сентябрь, декабрь 2021"), else the year that puts it inside the plan period (for an
   academic-year plan September-December take the first year, January-August the second),
   else the year nearest the document's date.
5. The kind is that of the first thing the cell says; every span gives an interval. A
   repetition or continuous work spans the span the cell names, else the plan period; work
   on demand, by another plan or an empty cell has no interval.

Natasha's DatesExtractor (a yargy grammar) reads single dates and months but not ranges,
parts of a year, repetitions or vague terms, and is a hundred times slower than these
regular expressions; `benchmarks/normalize.py` prints both side by side.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from model import Interval, PlanPeriod, When
from normalizer import calendar_words as cw

# --- 1. cleaning ---------------------------------------------------------------------------

_DASHES = re.compile(r"\s*[‐‑‒–—―−-]+\s*")
_OCR_NUMBER = re.compile(r"(?<!\w)(?=[\dOoОоlI.]*\d[\dOoОоlI.]*\d)[\dOoОоlI.]+(?!\w)")
_OCR_DIGITS = str.maketrans("OoОоlI", "000011")
_SPACED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\s?\.\s?(\d{1,2})\s?\.\s?(\d{4}|\d{2}(?!\d))")
_CITATION = re.compile(
    r"\([^()]*(?:№|приказ|постановлени|распоряжени|письм|решени)[^()]*\)"
    r"|(?<![а-я])от\s+[^№()]{4,40}?№\s*[\w/.-]+"
    r"|№\s*[\w/.-]+"
)
# Specks OCR reads from dust and table rules ("до < 25.12.2025", "до| 20.05"): no deadline uses them.
_OCR_SPECKS = re.compile(r"[<>|_`~^]")
# A dash right after a preposition joins nothing ("в течение — года" from a speck): it is dropped.
_DASH_AFTER_PREPOSITION = re.compile(r"(?<![а-я])(до|течение|позднее|к|с|по) - ")
_CLOCK = r"(?:[01]?\d|2[0-3])[.:][0-5]\d"
_CLOCK_JOIN = re.compile(r"(?: - | до )")
_CLOCKS = re.compile(rf"(?<![\d.]){_CLOCK}(?:{_CLOCK_JOIN.pattern}{_CLOCK})?(?!\.?\d)")
_DAY_BEFORE = re.compile(
    rf"(?:(?<![\d.])\d{{1,2}}\.\d{{1,2}}|\d{{4}}|{cw.MONTH_WORD})(?:\s*(?:г\.?|года))?,?\s+в\s+$"
)
_TIME_UNIT = re.compile(r"\s*(?:ч|час|часа|часов|мин|минут)\.?(?![а-я])")
_DAY_WORD = r"(?<![\d.])(?P<day>\d{1,2})(?: - (?:го|ого|е|ое))?\s+числ[а-я]*"
_DAY_OF_NAMED_MONTH = re.compile(rf"{_DAY_WORD}\s+(?={cw.MONTH_WORD})")


def _drop_times(text: str) -> str:
    """`text` without its times of day: "в 10.05" right after a day ("15.03.2021 в 10.05",
    "25 марта в 14.30"), a time with its unit ("9.30 ч.") or a span of times one end of which
    is no day ("10.05 - 12.00", "с 10.05 до 12.30"). "10.05" alone stays a day."""

    def drop(m: re.Match[str]) -> str:
        ends = _CLOCK_JOIN.split(m.group())
        if (
            _DAY_BEFORE.search(text, max(m.start() - _LOOK_BACK, 0), m.start())
            or _TIME_UNIT.match(text, m.end())
            or not all(_could_be_day(end) for end in ends)
        ):
            return " "
        return m.group()

    return _CLOCKS.sub(drop, text)


def _could_be_day(clock: str) -> bool:
    """Whether "10.05" may be a day (10 May) rather than a time: a dot and a month number."""
    day, sep, month = clock.partition(".")
    return bool(sep) and 1 <= int(month) <= 12 and 1 <= int(day) <= 31


def clean(text: str) -> str:
    """The cell text as the rules read it: lower case, "-" for every dash, no OCR noise in
    numbers or specks between words, no citations of other acts, runs of spaces folded."""
    text = _OCR_NUMBER.sub(lambda m: m.group().translate(_OCR_DIGITS), text)
    text = text.lower().replace("ё", "е").replace("і", "i")
    text = _SPACED_DATE.sub(r"\1.\2.\3", text)
    text = _CITATION.sub(" ", text)
    text = _OCR_SPECKS.sub(" ", text)
    text = _DASHES.sub(" - ", text)
    text = _DASH_AFTER_PREPOSITION.sub(r"\1 ", text)
    text = _drop_times(text)
    if "числ" in text:
        text = _DAY_OF_NAMED_MONTH.sub(r"\g<day> ", text)
    return " ".join(text.split())


# --- 2. phrases that are not dates ---------------------------------------------------------


@dataclass
class Piece:
    """One thing a cell says, where it says it: a kind, spans and a recurrence."""

    position: int
    kind: str
    spans: list[Span] = field(default_factory=list)
    recurrence: str | None = None
    times_a_year: float | None = None
    scope: str = "plan"


_EVERY = r"(?<![а-я])кажд(?:ый|ую|ое|ого|ой|ые|ых|ом)"
_RECURRING = (
    re.compile(r"еже(?P<unit>дневн|недельн|декадн|месячн|квартальн|полугодов|полугодн|годн|годов)[а-я]*"),
    re.compile(
        rf"(?<![а-я])(?:(?P<n>\d+|{cw.NUMBER_WORD})\s+)?раза?\s+в\s+"
        rf"(?:(?P<m>\d+(?: - \d+)?|{cw.NUMBER_WORD})\s+)?(?P<unit>{cw.UNIT_WORD})"
    ),
    re.compile(rf"(?P<n>однажды|дважды|трижды)\s+в\s+(?P<unit>{cw.UNIT_WORD})"),
    re.compile(rf"{_EVERY}\s+(?:(?P<m>\d+|{cw.NUMBER_WORD})\s+)?(?P<unit>{cw.UNIT_WORD}|{cw.WEEKDAY_WORD})"),
    re.compile(rf"(?<![а-я])по\s+(?P<unit>{cw.WEEKDAY_WORD})"),
    re.compile(
        r"по\s+(?:итогам|окончании|завершении)\s+(?:каждо[йгм]о?\s+)?"
        r"(?P<unit>(?:учебного\s+)?(?:четверт|триместр|полугоди|квартал|месяц|года)[а-я]*)"
    ),
    re.compile(rf"за\s+(?:каждый\s+)?отчетн[а-я]+\s+(?P<unit>{cw.UNIT_WORD})"),
    re.compile(r"регулярно|периодически"),
)
_CONTINUOUS = (
    re.compile(
        r"(?:в\s+течени[еяи]|на\s+протяжении|в\s+период|весь|на\s+весь)\s+(?:всего\s+)?"
        r"(?:(?:текущего|календарного|отчетного|учебного|данного|этого)\s+)*"
        r"(?:года|год|периода|период|срока|срок|учебного\s+года)(?![а-я])"
    ),
    re.compile(r"весь\s+(?:учебный\s+)?год(?![а-я])"),
    re.compile(r"в\s+(?:ходе|период|рамках|процессе)\s+(?:реализации|действия|выполнения)"),
    re.compile(r"в\s+течени[еяи]\s+(?:срока|периода)\s+(?:действия|реализации)"),
    re.compile(r"постоянно|систематически|непрерывно|круглогодично|на\s+постоянной\s+основе"),
    re.compile(r"в\s+постоянном\s+режиме|в\s+течени[еяи]\s+всего"),
)
# Placeholders the patterns of `data/deadline_phrases.tsv` may use: a word naming a time ahead
# ("по итогам четверти" is a rhythm, "по итогам мониторинга" is on demand) and a number word.
_PLACEHOLDERS = {
    "{TIME_AHEAD}": r"(?:[а-я]+\s+)?(?:четверт|триместр|полугоди|квартал|месяц|года|i|v|\d)",
    "{NUMBER_WORD}": cw.NUMBER_WORD,
}


def _load_phrases() -> list[tuple[str, str | None, re.Pattern[str]]]:
    """The (kind, recurrence, pattern) rows of `data/deadline_phrases.tsv`, in file order."""
    rows = []
    path = Path(__file__).parent / "data" / "deadline_phrases.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, recurrence, pattern = line.split("\t")
            for placeholder, value in _PLACEHOLDERS.items():
                pattern = pattern.replace(placeholder, value)
            rows.append((kind, None if recurrence == "-" else recurrence, re.compile(pattern)))
    return rows


_DATA_PHRASES = _load_phrases()


def _recurring_piece(m: re.Match[str]) -> Piece:
    groups = m.groupdict()
    unit = groups.get("unit")
    if unit is None:
        return Piece(m.start(), "recurring")
    if re.match(cw.WEEKDAY_WORD, unit):
        times = 52.0
    else:
        every = groups.get("m") or "1"
        if " - " in every:
            low, high = every.split(" - ")
            every_n = (int(low) + int(high)) / 2
        else:
            every_n = cw.number_of(every)
        times = cw.number_of(groups.get("n")) * cw.per_year(unit) / max(every_n, 1)
    return Piece(m.start(), "recurring", recurrence=cw.recurrence_of(times), times_a_year=times)


_DAY_OF_MONTH = re.compile(rf"{_DAY_WORD}(?P<whose>(?:\s+[а-я]+){{0,4}})")
_LONGER_UNIT = re.compile(r"(?<![а-я])(?P<unit>квартал|полугоди|год)[а-я]*")


def _day_of_month_piece(m: re.Match[str]) -> Piece:
    """ "До 15 числа": a day of no named month comes every month, or every quarter, half-year or
    year when the words after it say whose ("числа последнего месяца квартала")."""
    unit = _LONGER_UNIT.search(m.group("whose"))
    times = cw.per_year(unit.group("unit")) if unit else cw.per_year("месяц")
    return Piece(m.start(), "recurring", recurrence=cw.recurrence_of(times), times_a_year=times)


def _phrase_pieces(text: str) -> list[Piece]:
    pieces = []
    for pattern in _RECURRING:
        pieces += [_recurring_piece(m) for m in pattern.finditer(text)]
    if not pieces:
        pieces = [_day_of_month_piece(m) for m in _DAY_OF_MONTH.finditer(text)]
    for pattern in _CONTINUOUS:
        for m in pattern.finditer(text):
            scope = "academic" if "учебн" in m.group() else "year" if "год" in m.group() else "plan"
            pieces.append(Piece(m.start(), "continuous", scope=scope))
    for kind, recurrence, pattern in _DATA_PHRASES:
        pieces += [Piece(m.start(), kind, recurrence=recurrence) for m in pattern.finditer(text)]
    return pieces


# --- 3. calendar expressions ---------------------------------------------------------------


@dataclass
class Point:
    """A day, a month or a year, maybe without its year yet."""

    year: int | None
    month: int | None = None
    day: int | None = None
    year_written: bool = field(init=False)

    def __post_init__(self) -> None:
        self.year_written = self.year is not None

    def first(self) -> dt.date:
        if self.year is None:
            raise ValueError("no year")
        return dt.date(self.year, self.month or 1, min(self.day or 1, self._days()))

    def last(self) -> dt.date:
        if self.year is None:
            raise ValueError("no year")
        month = self.month or 12
        return dt.date(self.year, month, min(self.day or 31, self._days(month)))

    def _days(self, month: int | None = None) -> int:
        return calendar.monthrange(self.year or 2000, month or self.month or 1)[1]

    def low(self) -> tuple[int, int, int]:
        """Sort key of the point's first day (a missing year counts as the same year)."""
        return (self.year or 0, self.month or 1, self.day or 1)

    def high(self) -> tuple[int, int, int]:
        """Sort key of the point's last day."""
        return (self.year or 0, self.month or 12, self.day or 31)


@dataclass
class Span:
    """From the first day of `start` to the last day of `end`; no start = a deadline; an end
    read "до сентября" stops at the first day of the named month (`end_at_first`)."""

    start: Point | None
    end: Point | None
    end_at_first: bool = False


_Y = r"(?:19|20)\d\d"
_YEAR_MARK = r"(?:\s*(?:годы|годов|года|году|годом|год|гг|г)(?![а-я])\.?)"
_ACADEMIC_MARK = r"(?:\s*(?:уч\.|учебн[а-я]*|уч(?![а-я]))(?:\s*(?:год[а-я]*|гг?\.?))?)"
_DAYS = r"\d{1,2}(?:\s?(?: - |,|и|по)\s?\d{1,2}){0,12}"
_ATOM = re.compile(
    rf"(?P<iso>(?<![\d.])(?P<iso_y>{_Y}) - (?P<iso_m>\d\d) - (?P<iso_d>\d\d)(?!\d))"
    rf"|(?P<mnum>(?<![\d.])(?P<mnum_m>\d{{1,2}})\.(?P<mnum_y>{_Y})(?![\d.]))"
    rf"|(?P<numdays>(?<![\d.])(?P<numdays_a>\d{{1,2}})(?: - | по )(?P<numdays_b>\d{{1,2}})"
    rf"\.(?P<numdays_m>\d{{1,2}})(?:\.(?P<numdays_y>\d{{4}}|\d\d))?(?![\d]))"
    rf"|(?P<num>(?<![\d.])(?P<num_d>\d{{1,2}})[./](?P<num_m>\d{{1,2}})(?:[./](?P<num_y>\d{{4}}|\d\d))?(?![\d]))"
    rf"|(?P<days>(?<![\d.])(?P<days_d>{_DAYS})\s*(?P<days_m>{cw.MONTH_WORD})"
    rf"(?:\s*(?P<days_y>{_Y}){_YEAR_MARK}?)?)"
    rf"|(?P<part>(?<![а-я\d])(?P<part_n>{cw.NUMERAL})(?:\s*(?: - |,|и)\s*(?P<part_n2>{cw.NUMERAL}))?"
    rf"\s*(?P<part_w>{cw.PART_WORD})(?:\s*(?P<part_y>{_Y})(?: - (?P<part_y2>{_Y}|\d\d))?"
    rf"(?P<part_acad>{_ACADEMIC_MARK})?{_YEAR_MARK}?)?)"
    rf"|(?P<season>(?<![а-я])(?P<season_w>{cw.SEASON_WORD})(?:\s+(?:период|каникул)[а-я]*)?"
    rf"(?:\s*(?P<season_y>{_Y}){_YEAR_MARK}?)?)"
    rf"|(?P<month>(?:(?P<month_part>{cw.MONTH_PART_WORD})\s+)?(?P<month_w>{cw.MONTH_WORD})"
    rf"(?:\s*(?P<month_y>{_Y})(?:\s*(?: - |/)\s*(?P<month_y2>{_Y}|\d\d)(?!\d)(?:{_ACADEMIC_MARK})?)?"
    rf"{_YEAR_MARK}?)?)"
    rf"|(?P<years>(?<!\d)(?P<years_a>{_Y})\s*(?: - |/)\s*(?P<years_b>{_Y}|\d\d)(?!\d)"
    rf"(?P<years_acad>{_ACADEMIC_MARK})?(?P<years_mark>{_YEAR_MARK})?)"
    rf"|(?P<year>(?<![\d.])(?P<year_y>{_Y})(?!\d|\.\d)(?P<year_mark>{_YEAR_MARK})?)"
    rf"|(?P<yearword>(?:(?:текущего|календарного|(?P<yearword_acad>учебного))\s+)?года(?![а-я]))"
)
_BEFORE_END = re.compile(r"(?:до|к|не\s+позднее|не\s+позже)\s+(?:конца|концу|окончания|окончанию)\s*$")
_BEFORE = re.compile(r"(?:(?<![а-я])до|(?<![а-я])к|не\s+позднее|не\s+позже|(?<![а-я])по)\s*$")
_FROM = re.compile(r"(?:(?<![а-я])с|(?<![а-я])со|начиная\s+с|после)\s*$")
_THROUGHOUT = re.compile(r"(?:в\s+течени[еяи]|на\s+протяжении|в\s+период|весь|всего)\s*$")
_YEAR_LIST = re.compile(r"(?:19|20)\d\d(?:\s*(?:,|;|и)\s*(?:19|20)\d\d)+")
"""A cell of bare years and nothing else («2025, 2027», the marked years of a calendar plan)."""
_YEAR_CONTEXT = re.compile(r"(?:(?<![а-я])(?:в|на|до|к|с|по|за|конца|начала|течение|течении)|^)\s*$")
_YEAR_EDGE = re.compile(r"(?<![а-я])(?P<edge>начал[оеау]|кон(?:ец|це|ца)|окончани[еия])\s*$")
_LOOK_BACK = 40  # characters before a calendar expression where its preposition may stand
_RANGE_GAP = re.compile(r"\.?\s*(?:-|по|/)\s*")
_UNTIL_GAP = re.compile(r"\.?\s*(?:до|-|по)\s*")


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _second_year(first: int, text: str) -> int:
    year = int(text)
    return year if year >= 100 else first // 100 * 100 + year


@dataclass
class _Context:
    """What a cell's words are read against: the plan period and the document's date."""

    plan: PlanPeriod | None
    doc_date: dt.date | None

    @property
    def academic(self) -> bool:
        plan = self.plan
        return bool(plan and (plan.start.month, plan.start.day, plan.end.month) == (9, 1, 8))

    def infer_year(self, month: int) -> int | None:
        """The year of a month written without one (rule 4)."""
        plan, doc = self.plan, self.doc_date
        if plan:
            inside = [
                y
                for y in range(plan.start.year, plan.end.year + 1)
                if dt.date(y, month, 1) <= plan.end and Point(y, month).last() >= plan.start
            ]
            if len(inside) == 1 or (inside and not doc):
                return inside[0]
            if inside:
                return self._nearest(inside, month)
        if doc:
            return self._nearest([doc.year - 1, doc.year, doc.year + 1], month)
        return plan.start.year if plan else None

    def _nearest(self, years: list[int], month: int) -> int:
        """The first year whose `month` has not ended two months before the document's date."""
        assert self.doc_date is not None
        horizon = self.doc_date - dt.timedelta(days=61)
        return next((y for y in years if Point(y, month).last() >= horizon), years[-1])

    def current_year(self, academic: bool) -> Span | None:
        """ "Текущий (учебный) год": the plan's year, else the document's."""
        plan, doc = self.plan, self.doc_date
        if academic:
            if self.academic and plan:
                return Span(Point(plan.start.year, 9), Point(plan.end.year, 8))
            if doc:
                first = doc.year if doc.month >= 9 else doc.year - 1
                return Span(Point(first, 9), Point(first + 1, 8))
            return None
        if plan and (plan.start.year == plan.end.year or not doc):
            return Span(Point(plan.start.year), Point(plan.start.year))
        return Span(Point(doc.year), Point(doc.year)) if doc else None

    def scope(self, scope: str) -> Interval | None:
        """The span of a repetition or continuous work when the cell names none."""
        if self.plan:
            return Interval(start=self.plan.start, end=self.plan.end)
        if scope == "plan":
            return None
        span = self.current_year(academic=scope == "academic")
        return Interval(start=span.start.first(), end=span.end.last()) if span and span.start else None


def _atom_spans(m: re.Match[str], text: str, context: _Context) -> list[Span]:
    """The spans one calendar expression names (several for "5, 12 мая")."""
    kind = m.lastgroup
    g = m.groupdict()
    if kind == "iso":
        return [_day_span(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))]
    if kind == "num":
        return [_day_span(_year_of(g["num_y"]), int(g["num_m"]), int(g["num_d"]))]
    if kind == "numdays":
        return _days_spans(
            f"{g['numdays_a']} - {g['numdays_b']}", int(g["numdays_m"]), _year_of(g["numdays_y"])
        )
    if kind == "mnum":
        month = int(g["mnum_m"])
        return [_month_span(int(g["mnum_y"]), month)] if 1 <= month <= 12 else []
    if kind == "days":
        return _days_spans(g["days_d"], cw.month_of(g["days_m"]), _year_of(g["days_y"]))
    if kind == "part":
        return _part_spans(g, context)
    if kind == "season":
        year = _year_of(g["season_y"])
        if "каникул" in m.group():
            (first_month, first_day), (last_month, last_day) = cw.holiday_days(g["season_w"])
            return [Span(Point(year, first_month, first_day), Point(year, last_month, last_day))]
        first, last = cw.season_months(g["season_w"])
        return [Span(Point(year, first), Point(year, last))]
    if kind == "month":
        month, year = cw.month_of(g["month_w"]), _year_of(g["month_y"])
        if year and g["month_y2"] and _second_year(year, g["month_y2"]) == year + 1:
            # «январь 2025/2026 учебного года»: the school year's autumn is in its first year
            year = year if month >= 9 else year + 1
        first_day, last_day = cw.month_part_days(g["month_part"]) if g["month_part"] else (None, None)
        return [Span(Point(year, month, first_day), Point(year, month, last_day))]
    if kind == "years":
        first = int(g["years_a"])
        last = _second_year(first, g["years_b"])
        if not first <= last <= first + 10:
            return []
        academic = bool(g["years_acad"]) or (not g["years_mark"] and last == first + 1 and context.academic)
        if academic:
            return [Span(Point(first, 9), Point(last, 8))]
        return [Span(Point(first), Point(last))]
    if kind == "year":
        alone = len(m.group()) >= len(text.strip(" .,;:()-")) or bool(_YEAR_LIST.fullmatch(text.strip(" .;")))
        if not (
            g["year_mark"] or alone or _YEAR_CONTEXT.search(text[max(m.start() - _LOOK_BACK, 0) : m.start()])
        ):
            return []
        year = int(g["year_y"])
        return [Span(Point(year), Point(year))]
    if kind == "yearword":
        return _year_word_spans(
            text[max(m.start() - _LOOK_BACK, 0) : m.start()], bool(g["yearword_acad"]), context
        )
    return []


def _year_word_spans(before: str, academic: bool, context: _Context) -> list[Span]:
    """ "До конца года" (the whole year; the deadline takes its end), "начало учебного года"
    (its first month), "конец года" (its last month; May for a school year)."""
    span = context.current_year(academic)
    if span is None or span.start is None or span.end is None:
        return []
    if _BEFORE_END.search(before):
        return [span]
    edge = _YEAR_EDGE.search(before)
    if not edge:
        return []
    if edge.group("edge").startswith("начал"):
        return [
            Span(Point(span.start.year, span.start.month or 1), Point(span.start.year, span.start.month or 1))
        ]
    last = Point(span.end.year, 5 if academic else 12)
    return [Span(last, Point(last.year, last.month))]


def _day_span(year: int | None, month: int, day: int) -> Span:
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return Span(None, None)
    return Span(Point(year, month, day), Point(year, month, day))


def _month_span(year: int | None, month: int) -> Span:
    return Span(Point(year, month), Point(year, month))


def _days_spans(days: str, month: int | None, year: int | None) -> list[Span]:
    spans = []
    for group in re.split(r"\s*(?:,|и)\s*", days):
        ends = [int(d) for d in re.split(r"\s*(?:-|по)\s*", group) if d]
        if not ends or month is None or not 1 <= month <= 12 or not all(1 <= d <= 31 for d in ends):
            continue
        spans.append(Span(Point(year, month, ends[0]), Point(year, month, ends[-1])))
    return spans


def _part_spans(g: dict[str, str | None], context: _Context) -> list[Span]:
    stem = cw.part_stem(g["part_w"] or "")
    first_n = cw.numeral_of(g["part_n"] or "")
    last_n = cw.numeral_of(g["part_n2"]) if g["part_n2"] else first_n
    year = _year_of(g["part_y"])
    second = _second_year(year, g["part_y2"]) if year and g["part_y2"] else None
    school = bool(second or g["part_acad"]) or (year is None and context.academic)
    first = cw.part_months(stem, first_n, school)
    last = cw.part_months(stem, last_n, school)
    if not first or not last:
        return []
    if second:
        return [
            Span(
                Point(year if first[0] >= 9 else second, first[0]),
                Point(year if last[1] >= 9 else second, last[1]),
            )
        ]
    return [Span(Point(year, first[0]), Point(year, last[1]))]


def _date_pieces(text: str, context: _Context) -> list[Piece]:
    """Calendar expressions with the words around them (rule 3), in the order written."""
    atoms = [(m, _atom_spans(m, text, context)) for m in _ATOM.finditer(text)]
    atoms = [(m, spans) for m, spans in atoms if spans and all(s.start or s.end for s in spans)]
    pieces: list[Piece] = []
    consumed = 0
    i = 0
    while i < len(atoms):
        m, spans = atoms[i]
        before = text[max(consumed, m.start() - _LOOK_BACK) : m.start()]
        end = m.end()
        if _BEFORE_END.search(before):
            piece = Piece(m.start(), "deadline", [Span(None, s.end) for s in spans])
        elif _BEFORE.search(before):
            piece = Piece(m.start(), "deadline", [Span(None, s.start, end_at_first=True) for s in spans])
        else:
            starts_from = bool(_FROM.search(before))
            following = atoms[i + 1] if i + 1 < len(atoms) else None
            gap = _UNTIL_GAP if starts_from else _RANGE_GAP
            if following and gap.fullmatch(text[end : following[0].start()]):
                spans = [Span(spans[0].start, following[1][-1].end)]
                end = following[0].end()
                i += 1
            elif starts_from and spans[0].start == spans[0].end:
                spans = [Span(spans[0].start, None)]
            kind = "continuous" if _THROUGHOUT.search(before) else "period"
            piece = Piece(m.start(), kind, spans)
        pieces.append(piece)
        consumed = end
        i += 1
    return pieces


# --- 4. years ------------------------------------------------------------------------------


def _fill_years(spans: list[Span], context: _Context) -> None:
    """Give every point without a year one (rule 4), in place."""
    for span in spans:
        _within(span)
    carry: Point | None = None
    for span in reversed(spans):
        points = [p for p in (span.start, span.end) if p]
        if points and all(p.year is None for p in points) and carry is not None:
            year = carry.year
            if year is not None and points[-1].month and carry.month and points[-1].month > carry.month:
                year -= 1
            for p in points:
                p.year = year
            _within(span)
        written = [p for p in points if p.year is not None]
        if written:
            carry = written[0]
    previous: Point | None = None
    for span in spans:
        points = [p for p in (span.start, span.end) if p]
        for p in points:
            if p.year is None and p.month:
                p.year = context.infer_year(p.month)
            if p.year is None and previous is not None and previous.year is not None and p.month:
                p.year = previous.year + (1 if previous.month and p.month < previous.month else 0)
        _within(span)
        if points and points[-1].year is not None:
            previous = points[-1]


def _within(span: Span) -> None:
    """Share a year between the ends of a span and keep its start before its end."""
    start, end = span.start, span.end
    if not start or not end:
        return
    if start.year is None and end.year is not None:
        start.year = end.year - (start.low() > end.high())
    elif end.year is None and start.year is not None:
        end.year = start.year + (start.low() > end.high())
    elif start.year is not None and end.year is not None and start.low() > end.high():
        if not end.year_written:
            end.year = start.year
            end.year += start.low() > end.high()
        elif not start.year_written:
            start.year = end.year
            start.year -= start.low() > end.high()


def _interval(span: Span, context: _Context) -> Interval | None:
    """The days a span covers, or None when a year could not be told."""
    try:
        start = span.start.first() if span.start else None
        if span.end is None:
            plan_end = context.plan.end if context.plan else None
            end = plan_end if plan_end and start and plan_end >= start else None
        elif span.end_at_first:
            end = span.end.first()
        else:
            end = span.end.last()
    except (ValueError, OverflowError):
        return None
    if start is None and end is None:
        return None
    if start and end and start > end:
        return None
    return Interval(start=start, end=end)


# --- 5. the whole cell ---------------------------------------------------------------------


def parse_when(
    text: str | None, plan_period: PlanPeriod | None = None, doc_date: dt.date | None = None
) -> When:
    """The deadline a "Сроки" cell states, read against the plan period and the document's
    date (for the year of a month written without one)."""
    cleaned = clean(text or "")
    if not re.search(r"[0-9a-zа-я]", cleaned):
        return When(kind="unspecified")
    context = _Context(plan_period, doc_date)
    dated = _date_pieces(cleaned, context)
    pieces = sorted(_phrase_pieces(cleaned) + dated, key=lambda p: p.position)
    if not pieces:
        return When(kind="unspecified")
    _fill_years([s for p in dated for s in p.spans], context)
    first = pieces[0]
    recurrence = next((p.recurrence for p in pieces if p.recurrence), None)
    if first.kind in ("as_needed", "by_schedule"):
        return When(kind=first.kind, recurrence=recurrence)
    intervals = [iv for p in dated for s in p.spans if (iv := _interval(s, context))]
    if first.kind in ("recurring", "continuous"):
        intervals = [iv for iv in intervals if iv.start and iv.end and _holds(iv, first)]
        if not intervals:
            scope = context.scope(first.scope)
            intervals = [scope] if scope else []
    unique = []
    for interval in intervals:
        if interval not in unique:
            unique.append(interval)
    return When(
        kind=_date_kind(first, unique) if any(first is p for p in dated) else first.kind,
        intervals=unique,
        recurrence=recurrence,
    )


def _holds(interval: Interval, piece: Piece) -> bool:
    """Whether a repetition fits in a span at least twice (else it repeats over the plan)."""
    if not piece.times_a_year:
        return True
    assert interval.start and interval.end
    return (interval.end - interval.start).days + 1 >= 2 * 365 / piece.times_a_year


def _date_kind(piece: Piece, intervals: list[Interval]) -> str:
    if piece.kind != "period":
        return piece.kind
    first = intervals[0] if intervals else None
    if first and first.start is not None and first.start == first.end:
        return "date"
    if piece.spans and piece.spans[0].start is None:
        return "deadline"
    if piece.spans and _single_day(piece.spans[0]):
        return "date"
    return "period"


def _single_day(span: Span) -> bool:
    start, end = span.start, span.end
    return bool(start and end and start.day and start.day == end.day and start.month == end.month)
