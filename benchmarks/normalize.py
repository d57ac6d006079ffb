"""Normalizer quality and speed beside general-purpose libraries, one section per field.

Deadlines: every "Сроки" cell of the corpus gold plus the labelled cells below (forms the
corpus lacks), read by `normalizer.when.parse_when`, by Natasha's DatesExtractor and by
dateparser. The libraries find single dates; their finds are mapped to a `When` as a reader
would: a day is a date, a month or a year the span of it, two finds joined by a dash one
span, "до" before the first find a deadline, a missing year taken from the plan period. A
cell is exact when kind and intervals both agree with the label. Speed: 10,000 activities'
deadlines on one core, our parser beside the libraries on a sample (models load once).

Persons: every responsible cell and order point of the corpus gold, the set of people read
by `normalizer.responsible` (the points in their order, as `normalize_document` reads them:
a sub-point "6.1" with the people of its point "6") beside Natasha's NER + NamesExtractor; a
text is exact when the sets agree. Speed: the whole normalizer stage (`normalize_document`)
on 10,000 activities.

Gold: the raw cells of every gold set (the corpus, the devset of other regions and the held-out
compare documents, where `../shared` is present) through `normalize_document` with the gold
plan period and date, scored against the gold `when`, `persons` and `orgs` of activities and
order points: the normalizer measured apart from table reading.

Topics: the share of gold activity titles `normalizer.topics` gives a topic, per topic (the
taxonomy has no gold labels: a description, not a score), and its cost per title beside the
bare pymorphy3 analyses of the same words, from empty caches and warm.

Run from the project root:

    .venv/bin/python -m benchmarks.normalize [--section deadlines|persons|gold|topics] [--activities 10000]

A section is a function taking the parsed arguments; add one to `SECTIONS`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from model import Interval, PlanPeriod, When
from normalizer.when import parse_when
from tests.gold import GOLD, gold_deadlines

D = dt.date

PLANS = {
    "2021": PlanPeriod(start=D(2021, 1, 1), end=D(2021, 12, 31)),
    "2020-2021": PlanPeriod(start=D(2020, 1, 1), end=D(2021, 12, 31)),
    "2020/21": PlanPeriod(start=D(2020, 9, 1), end=D(2021, 8, 31)),
    "2022/23": PlanPeriod(start=D(2022, 9, 1), end=D(2023, 8, 31)),
    None: None,
}

# (cell, plan period, document date, kind, intervals "start..end" with an empty side for
# an open end), labelled by hand for what a methodist reading the plan understands.
LABELLED: list[tuple[str, str | None, str | None, str, list[str]]] = [
    ("I квартал 2021", "2021", None, "period", ["2021-01-01..2021-03-31"]),
    ("II полугодие", "2021", None, "period", ["2021-07-01..2021-12-31"]),
    ("II полугодие", "2020/21", None, "period", ["2021-01-01..2021-05-31"]),
    ("до конца 2021 года", "2021", None, "deadline", ["..2021-12-31"]),
    ("с 01.09.2021 по 30.09.2021", "2021", None, "period", ["2021-09-01..2021-09-30"]),
    ("1-15 сентября", "2020/21", None, "period", ["2020-09-01..2020-09-15"]),
    ("декабрь 2020 – январь 2021", "2020/21", None, "period", ["2020-12-01..2021-01-31"]),
    ("ежеквартально", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("по итогам четверти", "2020/21", None, "recurring", ["2020-09-01..2021-08-31"]),
    ("2021-2022 уч. год", "2021", None, "period", ["2021-09-01..2022-08-31"]),
    ("постоянно", "2020-2021", None, "continuous", ["2020-01-01..2021-12-31"]),
    ("в течение всего периода", "2020/21", None, "continuous", ["2020-09-01..2021-08-31"]),
    ("20.05.2021 г.", "2021", None, "date", ["2021-05-20..2021-05-20"]),
    ("май-июнь", "2020/21", None, "period", ["2021-05-01..2021-06-30"]),
    ("01.04. 2021", "2021", None, "date", ["2021-04-01..2021-04-01"]),
    ("2О21", "2020-2021", None, "period", ["2021-01-01..2021-12-31"]),
    ("до 2О.12.2О21", "2021", None, "deadline", ["..2021-12-20"]),
    ("III квартал 2022 г.", "2022/23", None, "period", ["2022-07-01..2022-09-30"]),
    ("1 полугодие 2021 года", "2020/21", None, "period", ["2021-01-01..2021-06-30"]),
    ("в I полугодии 2021-2022 учебного года", "2021", None, "period", ["2021-09-01..2021-12-31"]),
    ("ноябрь 2020 г.", "2020/21", None, "period", ["2020-11-01..2020-11-30"]),
    ("сентябрь-октябрь", "2020/21", None, "period", ["2020-09-01..2020-10-31"]),
    ("январь-март", "2020/21", None, "period", ["2021-01-01..2021-03-31"]),
    ("апрель, октябрь", "2021", None, "period", ["2021-04-01..2021-04-30", "2021-10-01..2021-10-31"]),
    ("в течение 2021 года", "2020-2021", None, "continuous", ["2021-01-01..2021-12-31"]),
    ("ежемесячно до 5 числа", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("2 раза в год", "2020/21", None, "recurring", ["2020-09-01..2021-08-31"]),
    ("по мере необходимости", "2021", None, "as_needed", []),
    ("по согласованию с ОО", "2021", None, "as_needed", []),
    ("по отдельному графику", "2021", None, "by_schedule", []),
    ("в соответствии с планом работы управления образования", "2021", None, "by_schedule", []),
    ("", "2021", None, "unspecified", []),
    ("до 1 сентября 2021 г.", "2021", None, "deadline", ["..2021-09-01"]),
    ("не позднее 15.06.2021", "2021", None, "deadline", ["..2021-06-15"]),
    ("к 1 октября", "2021", None, "deadline", ["..2021-10-01"]),
    ("с 1 по 10 ноября 2021 г.", "2021", None, "period", ["2021-11-01..2021-11-10"]),
    ("10-20.09.2021", "2021", None, "period", ["2021-09-10..2021-09-20"]),
    ("01.09 - 15.09.2021", "2021", None, "period", ["2021-09-01..2021-09-15"]),
    ("весна 2021", "2021", None, "period", ["2021-03-01..2021-05-31"]),
    ("летний период", "2020/21", None, "period", ["2021-06-01..2021-08-31"]),
    ("август 2021 г.", "2020/21", None, "period", ["2021-08-01..2021-08-31"]),
    ("в течение учебного года", "2022/23", None, "continuous", ["2022-09-01..2023-08-31"]),
    ("ежегодно", "2020-2021", None, "recurring", ["2020-01-01..2021-12-31"]),
    ("еженедельно (по понедельникам)", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("1 раз в месяц", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("раз в квартал", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    (
        "март 2021 г., октябрь 2021 г.",
        "2021",
        None,
        "period",
        ["2021-03-01..2021-03-31", "2021-10-01..2021-10-31"],
    ),
    ("до 25 числа каждого месяца", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("по итогам полугодия", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("в течение 2020-2021 учебного года", "2020-2021", None, "continuous", ["2020-09-01..2021-08-31"]),
    ("2020 год", "2020-2021", None, "period", ["2020-01-01..2020-12-31"]),
    ("2021 г.", "2021", None, "period", ["2021-01-01..2021-12-31"]),
    ("ежегодно, в сентябре", "2020/21", None, "recurring", ["2020-09-01..2021-08-31"]),
    ("в ходе реализации программы", "2021", None, "continuous", ["2021-01-01..2021-12-31"]),
    ("в период действия дорожной карты", "2021", None, "continuous", ["2021-01-01..2021-12-31"]),
    ("по графику проведения ГИА", "2021", None, "by_schedule", []),
    ("27.08.2021", "2020/21", None, "date", ["2021-08-27..2021-08-27"]),
    ("31 августа 2021 года", "2020/21", None, "date", ["2021-08-31..2021-08-31"]),
    (
        "15.09.2020, 15.12.2020, 15.03.2021",
        "2020/21",
        None,
        "date",
        ["2020-09-15..2020-09-15", "2020-12-15..2020-12-15", "2021-03-15..2021-03-15"],
    ),
    ("до 01.10.2020, до 01.03.2021", "2020/21", None, "deadline", ["..2020-10-01", "..2021-03-01"]),
    ("октябрь 2020 – май 2021", "2020/21", None, "period", ["2020-10-01..2021-05-31"]),
    ("ноябрь–декабрь", "2020-2021", "2020-07-20", "period", ["2020-11-01..2020-12-31"]),
    ("февраль", "2020-2021", "2020-07-20", "period", ["2021-02-01..2021-02-28"]),
    ("сентябрь", None, "2021-03-29", "period", ["2021-09-01..2021-09-30"]),
    ("2 квартал 2021 г.", "2021", None, "period", ["2021-04-01..2021-06-30"]),
    ("IV кв. 2021", "2021", None, "period", ["2021-10-01..2021-12-31"]),
    ("в течение месяца после утверждения", "2021", None, "as_needed", []),
    ("по запросу министерства", "2021", None, "as_needed", []),
    ("ежедневно", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("в течение года (ежемесячно)", "2021", None, "continuous", ["2021-01-01..2021-12-31"]),
    (
        "до 10 числа месяца, следующего за отчетным кварталом",
        "2021",
        None,
        "recurring",
        ["2021-01-01..2021-12-31"],
    ),
    ("2021-2023 гг.", "2021", None, "period", ["2021-01-01..2023-12-31"]),
    ("с сентября 2020 года", "2020/21", None, "period", ["2020-09-01..2021-08-31"]),
    ("сентябрь 2020 г. – май 2021 г.", "2020/21", None, "period", ["2020-09-01..2021-05-31"]),
    ("Май 2021г.", "2021", None, "period", ["2021-05-01..2021-05-31"]),
    ("до 15.09", "2020/21", None, "deadline", ["..2020-09-15"]),
    ("01-10 октября 2020", "2020/21", None, "period", ["2020-10-01..2020-10-10"]),
    ("по четвергам", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("в конце каждой четверти", "2020/21", None, "recurring", ["2020-09-01..2021-08-31"]),
    ("не реже 1 раза в четверть", "2020/21", None, "recurring", ["2020-09-01..2021-08-31"]),
    ("в течение I полугодия 2021 года", "2021", None, "continuous", ["2021-01-01..2021-06-30"]),
    ("в срок до 20 декабря", "2021", None, "deadline", ["..2021-12-20"]),
    ("апрель – май 2021 года (по отдельному графику)", "2021", None, "period", ["2021-04-01..2021-05-31"]),
    ("первая декада сентября", "2020/21", None, "period", ["2020-09-01..2020-09-10"]),
    ("конец августа 2021", "2020/21", None, "period", ["2021-08-21..2021-08-31"]),
    ("до 15 числа", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("ежемесячно до 5 числа", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("не позднее 10-го числа каждого месяца", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("до 20-го числа последнего месяца квартала", "2021", None, "recurring", ["2021-01-01..2021-12-31"]),
    ("до 10-го числа апреля 2021 г.", "2021", None, "deadline", ["..2021-04-10"]),
    ("15.03.2021 в 10.05", "2021", None, "date", ["2021-03-15..2021-03-15"]),
    ("25 марта 2021 г. в 11.10", "2021", None, "date", ["2021-03-25..2021-03-25"]),
    ("в 10.00", "2021", None, "unspecified", []),
    ("10.05 - 12.00", "2021", None, "unspecified", []),
    ("10.05", "2021", None, "date", ["2021-05-10..2021-05-10"]),
]


@dataclass(frozen=True)
class Case:
    """A deadline cell with the plan period and document date it is read against."""

    text: str | None
    plan: PlanPeriod | None
    doc_date: dt.date | None
    kind: str
    intervals: tuple[tuple[str | None, str | None], ...]
    source: str


def gold_cases() -> list[Case]:
    return [
        Case(
            text,
            plan,
            date,
            when["kind"],
            tuple((i["start"], i["end"]) for i in when["intervals"]),
            "corpus gold",
        )
        for text, plan, date, when in gold_deadlines()
    ]


def labelled_cases() -> list[Case]:
    cases = []
    for text, plan, date, kind, spans in LABELLED:
        pairs = tuple(tuple(side or None for side in span.split("..")) for span in spans)
        doc_date = D.fromisoformat(date) if date else None
        cases.append(Case(text, PLANS[plan], doc_date, kind, pairs, "labelled here"))  # type: ignore[arg-type]
    return cases


# --- mapping single-date finds to a When ---------------------------------------------------


@dataclass(frozen=True)
class Find:
    """A date a library found: where, and how much of it is known."""

    start: int
    stop: int
    year: int | None
    month: int | None
    day: int | None


def _year_for(month: int | None, plan: PlanPeriod | None, doc_date: dt.date | None) -> int | None:
    if plan:
        academic = plan.start.month == 9
        return plan.start.year if (not academic or (month or 1) >= 9) else plan.end.year
    return doc_date.year if doc_date else None


def finds_to_when(text: str, finds: list[Find], plan: PlanPeriod | None, doc_date: dt.date | None) -> When:
    """A reader's mapping of single-date finds to kind and intervals (see module docstring)."""
    spans: list[tuple[Find, dt.date, dt.date]] = []
    for find in finds:
        year = find.year or _year_for(find.month, plan, doc_date)
        if year is None:
            continue
        month = find.month or 12
        try:
            first = D(year, find.month or 1, find.day or 1)
            last = find_last = D(year, month, find.day) if find.day else D(year, month, 28)
            while find.day is None and (find_last + dt.timedelta(days=1)).month == month:
                find_last += dt.timedelta(days=1)
                last = find_last
        except ValueError:
            continue
        spans.append((find, first, last))
    merged: list[tuple[dt.date, dt.date]] = []
    for index, (find, first, last) in enumerate(spans):
        gap = text[spans[index - 1][0].stop : find.start] if index else ""
        if merged and re.fullmatch(r"\s*[-–—]\s*", gap):
            merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    if not merged:
        return When(kind="unspecified")
    deadline = bool(finds and re.search(r"(?:до|не позднее)\s*$", text[: finds[0].start].lower()))
    if deadline:
        return When(kind="deadline", intervals=[Interval(start=None, end=s[0]) for s in merged])
    kind = "date" if merged[0][0] == merged[0][1] else "period"
    return When(kind=kind, intervals=[Interval(start=a, end=b) for a, b in merged])


class NatashaDates:
    """Natasha's DatesExtractor (a yargy grammar), loaded once."""

    name = "natasha DatesExtractor"

    def __init__(self) -> None:
        from natasha import DatesExtractor, MorphVocab

        self.extractor = DatesExtractor(MorphVocab())

    def __call__(self, text: str | None, plan: PlanPeriod | None, doc_date: dt.date | None) -> When:
        text = text or ""
        finds = [Find(m.start, m.stop, m.fact.year, m.fact.month, m.fact.day) for m in self.extractor(text)]
        return finds_to_when(text, finds, plan, doc_date)


class Dateparser:
    """dateparser's search_dates, each find's precision from DateDataParser."""

    name = "dateparser"

    def __init__(self) -> None:
        from dateparser.date import DateDataParser
        from dateparser.search import search_dates

        self.search = search_dates
        self.settings = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first"}
        self.parser = DateDataParser(languages=["ru"], settings=self.settings)

    def __call__(self, text: str | None, plan: PlanPeriod | None, doc_date: dt.date | None) -> When:
        text = text or ""
        found = self.search(text, languages=["ru"], settings=self.settings) or []
        finds, cursor = [], 0
        for substring, value in found:
            start = text.find(substring, cursor)
            cursor = start + len(substring) if start >= 0 else cursor
            period = self.parser.get_date_data(substring).period or "day"
            has_year = bool(re.search(r"\d{4}", substring))
            finds.append(
                Find(
                    max(start, 0),
                    cursor,
                    value.year if has_year else None,
                    value.month if period in ("day", "month") else None,
                    value.day if period == "day" else None,
                )
            )
        return finds_to_when(text, finds, plan, doc_date)


# --- the deadline section ------------------------------------------------------------------


def when_key(when: When) -> tuple[str, tuple[tuple[str | None, str | None], ...]]:
    spans = tuple(
        (i.start.isoformat() if i.start else None, i.end.isoformat() if i.end else None)
        for i in when.intervals
    )
    return when.kind, spans


def score(reader: Callable[..., When], cases: Iterable[Case]) -> tuple[float, float]:
    """Share of cases with the right kind, and with the right kind and intervals."""
    kind = exact = total = 0
    for case in cases:
        got_kind, got_spans = when_key(reader(case.text, case.plan, case.doc_date))
        total += 1
        kind += got_kind == case.kind
        exact += (got_kind, got_spans) == (case.kind, case.intervals)
    return kind / total, exact / total


def seconds_for(reader: Callable[..., When], cases: list[Case], count: int) -> float:
    start = time.perf_counter()
    for index in range(count):
        case = cases[index % len(cases)]
        reader(case.text, case.plan, case.doc_date)
    return time.perf_counter() - start


def deadlines_section(args: argparse.Namespace) -> None:
    """Deadline accuracy of our parser beside Natasha and dateparser, then speed."""
    gold, labelled = gold_cases(), labelled_cases()
    readers: list[tuple[str, Callable[..., When]]] = [("ours (normalizer.when)", parse_when)]
    for library in (NatashaDates, Dateparser):
        start = time.perf_counter()
        reader = library()
        readers.append((f"{library.name} (load {time.perf_counter() - start:.2f} s)", reader))
    print(f"Deadlines: {len(gold)} corpus gold cells, {len(labelled)} labelled here")
    header = ("gold kind", "gold exact", "own kind", "own exact", "all kind", "all exact")
    print(f"{'parser':42}", *(f"{h:>10}" for h in header))
    for name, reader in readers:
        figures = [*score(reader, gold), *score(reader, labelled), *score(reader, gold + labelled)]
        print(f"{name:42}", *(f"{f:>10.3f}" for f in figures))
    print()
    cases = gold + labelled
    ours = seconds_for(parse_when, cases, args.activities)
    print(f"speed, one core: {args.activities} activities' deadlines")
    print(f"{'ours (normalizer.when)':42} {ours:8.2f} s  ({args.activities / ours:9.0f} cells/s)")
    sample = min(args.sample, args.activities)
    for name, reader in readers[1:]:
        seconds = seconds_for(reader, cases, sample)
        estimate = seconds * args.activities / sample
        print(
            f"{name.split(' (')[0]:42} {estimate:8.2f} s  ({sample / seconds:9.0f} cells/s, "
            f"timed on {sample}, scaled)"
        )


# --- the persons section -------------------------------------------------------------------


@dataclass(frozen=True)
class NamedCase:
    """A responsible cell or an order's point with the people its gold names."""

    kind: str
    text: str
    persons: frozenset[str]
    known: frozenset[str]
    doc_id: str = ""
    number: str = ""


def named_cases() -> list[NamedCase]:
    from normalizer.pipeline import nominative_names

    cases = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        texts = [a["responsible_raw"] or "" for a in gold["activities"]] + [
            d["text"] for d in gold["directives"]
        ]
        known = frozenset(nominative_names(texts))
        for a in gold["activities"]:
            cases.append(NamedCase("cell", a["responsible_raw"] or "", frozenset(a["persons"]), known))
        for d in gold["directives"]:
            cases.append(
                NamedCase("point", d["text"], frozenset(d["persons"]), known, path.stem, d["number"])
            )
    return cases


@cache
def _points_read(doc_id: str) -> dict[str, frozenset[str]]:
    """The people of each order point of a gold document, read in order by `normalize_document`."""
    from model import Activity, Directive, Document
    from normalizer.pipeline import normalize_document

    gold = json.loads((GOLD / f"{doc_id}.json").read_text(encoding="utf-8"))
    document = Document(
        doc_id=doc_id,
        source=f"{doc_id}.txt",
        format="txt",
        activities=[
            Activity(title=a["title"], responsible_raw=a["responsible_raw"]) for a in gold["activities"]
        ],
        directives=[Directive(number=d["number"], text=d["text"]) for d in gold["directives"]],
    )
    return {d.number: frozenset(d.persons) for d in normalize_document(document).directives}


def our_persons(case: NamedCase) -> set[str]:
    from normalizer.responsible import parse_responsible

    if case.kind == "point":
        return set(_points_read(case.doc_id)[case.number])
    return {p.person.name for p in parse_responsible(case.text, case.known).persons}


class NatashaNames:
    """Natasha's news NER (PER spans), each span normalized and read by its NamesExtractor into
    "Фамилия И.О."."""

    name = "natasha NER + NamesExtractor"

    def __init__(self) -> None:
        from natasha import (
            MorphVocab,
            NamesExtractor,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            Segmenter,
        )

        embedding = NewsEmbedding()
        self.segmenter, self.vocab = Segmenter(), MorphVocab()
        self.morph, self.ner = NewsMorphTagger(embedding), NewsNERTagger(embedding)
        self.names = NamesExtractor(self.vocab)

    def __call__(self, case: NamedCase) -> set[str]:
        from natasha import Doc

        doc = Doc(case.text)
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph)
        doc.tag_ner(self.ner)
        found = set()
        for span in doc.spans:
            if span.type != "PER":
                continue
            span.normalize(self.vocab)
            span.extract_fact(self.names)
            fact = span.fact.as_dict if span.fact else {}
            last = fact.get("last") or span.normal.split()[-1]
            initials = "".join(
                f"{part[0].upper()}." for part in (fact.get("first"), fact.get("middle")) if part
            )
            found.add(f"{last.capitalize()} {initials}".strip())
        return found


def persons_section(args: argparse.Namespace) -> None:
    """People in canonical form: our reader beside Natasha's NER and NamesExtractor, then the
    speed of the whole normalizer stage on 10,000 activities."""
    cases = named_cases()
    start = time.perf_counter()
    natasha = NatashaNames()
    load = time.perf_counter() - start
    print(f"Persons: {len(cases)} responsible cells and order points of the corpus gold")
    print(f"{'reader':42}", *(f"{h:>10}" for h in ("exact", "precision", "recall", "F1", "seconds")))
    for name, reader in (
        ("ours (normalizer.responsible, pipeline)", our_persons),
        (f"{natasha.name} (load {load:.2f} s)", natasha),
    ):
        start = time.perf_counter()
        found = [reader(case) for case in cases]
        seconds = time.perf_counter() - start
        tp = sum(len(f & c.persons) for f, c in zip(found, cases, strict=True))
        fp = sum(len(f - c.persons) for f, c in zip(found, cases, strict=True))
        fn = sum(len(c.persons - f) for f, c in zip(found, cases, strict=True))
        exact = sum(f == c.persons for f, c in zip(found, cases, strict=True)) / len(cases)
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        print(f"{name:42}", *(f"{x:>10.3f}" for x in (exact, precision, recall, f1)), f"{seconds:>10.2f}")
    print()
    from extractor import extract
    from normalizer.pipeline import normalize_document

    corpus = GOLD.parent
    documents = [extract(path, normalize=False) for path in sorted(corpus.glob("*.txt"))]
    activities = [a for d in documents for a in d.activities]
    big = documents[0].model_copy(
        update={"activities": [activities[i % len(activities)] for i in range(args.activities)]}
    )
    normalize_document(documents[0])
    start = time.perf_counter()
    normalize_document(big)
    seconds = time.perf_counter() - start
    print(f"speed, one core: normalize_document on {args.activities} activities (when, persons, orgs)")
    print(
        f"{'ours (normalizer.pipeline)':42} {seconds:8.2f} s  ({args.activities / seconds:9.0f} activities/s)"
    )


# --- the gold section ----------------------------------------------------------------------


def gold_section(args: argparse.Namespace) -> None:
    """The normalizer alone on the raw cells of every gold set: the corpus it was built on, the
    devset of other regions, and the compare documents (held out: never tuned on)."""
    from tests.gold import f1, normalizer_scores, shared_dir

    sets = [("corpus gold (seeds)", GOLD)]
    shared = shared_dir()
    if shared is not None:
        sets += [
            ("devset/extract gold", shared / "devset" / "extract" / "gold"),
            ("devset/compare gold (held out)", shared / "devset" / "compare" / "gold"),
        ]
    print("Gold raw cells through normalize_document (when, persons, orgs; exact names after folding)")
    header = ("cells", "when kind", "when exact", "persons F1", "orgs F1", "dir pers F1", "dir orgs F1")
    print(f"{'gold set':34}", *(f"{h:>11}" for h in header))
    for name, folder in sets:
        score = normalizer_scores(folder)
        figures = (
            score.when_kind / max(score.activities, 1),
            score.when_exact / max(score.activities, 1),
            f1(score.persons),
            f1(score.orgs),
            f1(score.directive_persons),
            f1(score.directive_orgs),
        )
        print(f"{name:34}", f"{score.activities:>11}", *(f"{f:>11.3f}" for f in figures))


# --- the topics section --------------------------------------------------------------------


def topics_section(args: argparse.Namespace) -> None:
    """How many gold activity titles get a topic, per topic, and what `find_topics` costs per
    title beside the pymorphy3 analyses of the same words alone (the floor of any lemma match),
    both from empty caches and once the words are known."""
    from normalizer import morph
    from normalizer import topics as topic_module
    from tests.gold import shared_dir

    folders = [GOLD]
    shared = shared_dir()
    if shared is not None:
        folders += [shared / "devset" / "extract" / "gold", shared / "devset" / "compare" / "gold"]
    titles = [
        a["title"]
        for folder in folders
        for path in sorted(folder.glob("*.json"))
        for a in json.loads(path.read_text(encoding="utf-8")).get("activities", [])
    ]
    labels = topic_module.topic_labels()
    marks = [topic_module.find_topics(t) for t in titles]
    print(f"Topics of {len(titles)} gold activity titles (corpus, devset/extract, devset/compare)")
    print(f"{'with a topic':42} {sum(bool(m) for m in marks) / len(titles):8.3f}")
    print(f"{'topics per title (mean)':42} {sum(len(m) for m in marks) / len(titles):8.2f}")
    for code, label in labels.items():
        share = sum(any(x.code == code for x in m) for m in marks) / len(titles)
        print(f"  {label:40} {share:8.3f}")
    sample = [titles[i % len(titles)] for i in range(args.activities)]

    def analyses() -> None:
        for title in sample:
            for word in topic_module._WORD.findall(title):
                morph.parses(word)

    def topics() -> None:
        for title in sample:
            topic_module.find_topics(title)

    print(f"\nspeed, one core: {args.activities} titles")
    for name, run, caches in (
        ("pymorphy3 analyses of the words (baseline)", analyses, (morph._parses,)),
        ("find_topics (normalizer.topics)", topics, (morph._parses, topic_module._word_lemmas)),
    ):
        for cached in caches:
            cached.cache_clear()
        start = time.perf_counter()
        run()
        cold = time.perf_counter() - start
        start = time.perf_counter()
        run()
        warm = time.perf_counter() - start
        per_title = (cold * 1e3 / len(sample), warm * 1e3 / len(sample))
        print(f"{name:42} cold {per_title[0]:6.3f} ms/title   warm {per_title[1]:6.3f} ms/title")


SECTIONS: dict[str, Callable[[argparse.Namespace], None]] = {
    "deadlines": deadlines_section,
    "persons": persons_section,
    "gold": gold_section,
    "topics": topics_section,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--section", choices=sorted(SECTIONS), action="append", help="default: all")
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=500, help="cells timed for the slower libraries")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    warnings.filterwarnings("ignore")
    for index, name in enumerate(args.section or SECTIONS):
        if index:
            print()
        SECTIONS[name](args)


if __name__ == "__main__":
    main()
