"""Deadlines as `When`: examples per kind, properties over generated text, the corpus gold."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import PlanPeriod
from normalizer.when import clean, parse_when
from tests.gold import gold_deadlines

D = dt.date
CALENDAR_2021 = PlanPeriod(start=D(2021, 1, 1), end=D(2021, 12, 31))
YEARS_2020_2021 = PlanPeriod(start=D(2020, 1, 1), end=D(2021, 12, 31))
ACADEMIC_2020 = PlanPeriod(start=D(2020, 9, 1), end=D(2021, 8, 31))
GENITIVE = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


def spans(text: str, plan: PlanPeriod | None = CALENDAR_2021, doc_date: dt.date | None = None):
    when = parse_when(text, plan, doc_date)
    return when.kind, [(i.start, i.end) for i in when.intervals], when.recurrence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20.05.2021 г.", [(D(2021, 5, 20), D(2021, 5, 20))]),
        ("01.04. 2021", [(D(2021, 4, 1), D(2021, 4, 1))]),
        ("3 марта 2О21 года", [(D(2021, 3, 3), D(2021, 3, 3))]),
        ("2021-11-05", [(D(2021, 11, 5), D(2021, 11, 5))]),
        ("7 октября", [(D(2021, 10, 7), D(2021, 10, 7))]),
        ("9 и 16 июня 2021 г.", [(D(2021, 6, 9), D(2021, 6, 9)), (D(2021, 6, 16), D(2021, 6, 16))]),
    ],
)
def test_one_day_is_a_date(text, expected):
    assert spans(text) == ("date", expected, None)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("до 10.06.2021", D(2021, 6, 10)),
        ("в срок до 1 июля 2021 г.", D(2021, 7, 1)),
        ("не позднее 5 ноября", D(2021, 11, 5)),
        ("до конца 2021 года", D(2021, 12, 31)),
        ("до конца года", D(2021, 12, 31)),
        ("до конца III квартала", D(2021, 9, 30)),
        ("до октября 2021 г.", D(2021, 10, 1)),
    ],
)
def test_by_a_day_is_a_deadline(text, end):
    assert spans(text) == ("deadline", [(None, end)], None)


@pytest.mark.parametrize(
    ("text", "plan", "expected"),
    [
        ("I квартал 2021", CALENDAR_2021, (D(2021, 1, 1), D(2021, 3, 31))),
        ("II полугодие", CALENDAR_2021, (D(2021, 7, 1), D(2021, 12, 31))),
        ("II полугодие", ACADEMIC_2020, (D(2021, 1, 1), D(2021, 5, 31))),
        ("III четверть", ACADEMIC_2020, (D(2021, 1, 1), D(2021, 3, 31))),
        ("с 01.09.2021 по 30.09.2021", CALENDAR_2021, (D(2021, 9, 1), D(2021, 9, 30))),
        ("1-15 сентября", CALENDAR_2021, (D(2021, 9, 1), D(2021, 9, 15))),
        ("с 10 по 20 марта", ACADEMIC_2020, (D(2021, 3, 10), D(2021, 3, 20))),
        ("декабрь 2020 – январь 2021", ACADEMIC_2020, (D(2020, 12, 1), D(2021, 1, 31))),
        ("ноябрь – февраль", ACADEMIC_2020, (D(2020, 11, 1), D(2021, 2, 28))),
        ("май-июнь", ACADEMIC_2020, (D(2021, 5, 1), D(2021, 6, 30))),
        ("октябрь", ACADEMIC_2020, (D(2020, 10, 1), D(2020, 10, 31))),
        ("2021-2022 уч. год", CALENDAR_2021, (D(2021, 9, 1), D(2022, 8, 31))),
        ("2020-2021", YEARS_2020_2021, (D(2020, 1, 1), D(2021, 12, 31))),
        ("2020-2021", ACADEMIC_2020, (D(2020, 9, 1), D(2021, 8, 31))),
        ("в 2021 году", ACADEMIC_2020, (D(2021, 1, 1), D(2021, 12, 31))),
        ("вторая половина апреля", CALENDAR_2021, (D(2021, 4, 16), D(2021, 4, 30))),
        ("летний период 2021 г.", ACADEMIC_2020, (D(2021, 6, 1), D(2021, 8, 31))),
        ("03.2021", CALENDAR_2021, (D(2021, 3, 1), D(2021, 3, 31))),
        ("10-20.09.2021", CALENDAR_2021, (D(2021, 9, 10), D(2021, 9, 20))),
        ("01.09 - 15.09.2021", CALENDAR_2021, (D(2021, 9, 1), D(2021, 9, 15))),
        ("с 01 по 15.09.2021", CALENDAR_2021, (D(2021, 9, 1), D(2021, 9, 15))),
        ("осенние каникулы", ACADEMIC_2020, (D(2020, 10, 26), D(2020, 11, 8))),
        ("в начале учебного года", ACADEMIC_2020, (D(2020, 9, 1), D(2020, 9, 30))),
        ("конец учебного года", ACADEMIC_2020, (D(2021, 5, 1), D(2021, 5, 31))),
        ("январь 2020/2021 учебного года", CALENDAR_2021, (D(2021, 1, 1), D(2021, 1, 31))),
        ("октябрь 2020-2021 уч. г.", CALENDAR_2021, (D(2020, 10, 1), D(2020, 10, 31))),
        ("Май 2020-21 учебный год", None, (D(2021, 5, 1), D(2021, 5, 31))),
    ],
)
def test_span_is_a_period(text, plan, expected):
    assert spans(text, plan) == ("period", [expected], None)


def test_several_spans_give_several_intervals_and_share_the_last_year():
    kind, intervals, _ = spans("сентябрь-октябрь, декабрь 2020", YEARS_2020_2021)
    assert kind == "period"
    assert intervals == [(D(2020, 9, 1), D(2020, 10, 31)), (D(2020, 12, 1), D(2020, 12, 31))]


def test_a_cell_of_bare_years_gives_each_year():
    # «2020, 2021»: the marked years of a calendar plan; a bare year among other words is no year.
    kind, intervals, _ = spans("2020; 2021", YEARS_2020_2021)
    assert kind == "period"
    assert intervals == [(D(2020, 1, 1), D(2020, 12, 31)), (D(2021, 1, 1), D(2021, 12, 31))]
    assert spans("15 школ, 2021", YEARS_2020_2021)[1] == []


def test_kind_is_that_of_the_first_span():
    kind, intervals, _ = spans("до 15 мая, далее - в течение года")
    assert kind == "deadline"
    assert intervals == [(None, D(2021, 5, 15))]


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("ежеквартально", "quarterly"),
        ("ежегодно", "annual"),
        ("еженедельно, по пятницам", "weekly"),
        ("каждый понедельник", "weekly"),
        ("1 раз в месяц", "monthly"),
        ("раз в 2 недели", "biweekly"),
        ("не реже одного раза в полугодие", "semiannual"),
        ("дважды в год", "semiannual"),
        ("4 раза в год", "quarterly"),
        ("по итогам четверти", "quarterly"),
        ("до 5 числа каждого месяца", "monthly"),
        ("до 10 числа месяца, следующего за отчетным кварталом", "quarterly"),
        ("ежедневно", None),
    ],
)
def test_repetition_is_recurring_over_the_plan(text, recurrence):
    assert spans(text) == ("recurring", [(D(2021, 1, 1), D(2021, 12, 31))], recurrence)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("до 15 числа", "monthly"),
        ("не позднее 10-го числа", "monthly"),
        ("ежемесячно до 5 числа", "monthly"),
        ("не позднее 10-го числа каждого месяца", "monthly"),
        ("до 10 числа месяца, следующего за отчетным", "monthly"),
        ("до 20-го числа последнего месяца квартала", "quarterly"),
        ("ежеквартально, до 5 числа", "quarterly"),
    ],
)
def test_day_of_no_named_month_repeats(text, recurrence):
    assert spans(text) == ("recurring", [(D(2021, 1, 1), D(2021, 12, 31))], recurrence)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=D(2021, 1, 1), max_value=D(2021, 12, 31)), ordinal=st.sampled_from(["", "-го"]))
def test_day_of_a_named_month_is_a_deadline_not_a_repetition(day, ordinal):
    text = f"до {day.day}{ordinal} числа {GENITIVE[day.month - 1]} {day.year} г."
    assert spans(text) == ("deadline", [(None, day)], None)


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    printed=st.sampled_from(
        ["{d:%d.%m.%Y} в {t}", "{d:%d.%m.%Y} г. в {t}", "{d.day} {month} {d.year} года в {t}"]
    ),
)
def test_time_of_day_after_a_date_is_not_a_day(day, hour, minute, printed):
    text = printed.format(d=day, t=f"{hour}.{minute:02d}", month=GENITIVE[day.month - 1])
    assert spans(text) == ("date", [(day, day)], None), text


@pytest.mark.parametrize("text", ["в 10.00", "10.05 - 12.00", "в 9.30 ч.", "с 10.05 до 12.30"])
def test_times_of_day_alone_are_no_deadline(text):
    assert spans(text) == ("unspecified", [], None)


def test_two_days_are_not_taken_for_times():
    assert spans("15.03, 10.05")[1] == [(D(2021, 3, 15), D(2021, 3, 15)), (D(2021, 5, 10), D(2021, 5, 10))]
    assert spans("10.05 - 12.06")[1] == [(D(2021, 5, 10), D(2021, 6, 12))]


def test_repetition_over_a_span_the_cell_names():
    assert spans("ежемесячно с сентября по декабрь", ACADEMIC_2020) == (
        "recurring",
        [(D(2020, 9, 1), D(2020, 12, 31))],
        "monthly",
    )


@pytest.mark.parametrize(
    "text", ["постоянно", "в течение всего периода", "в течении учебного года", "весь период реализации"]
)
def test_continuous_work_spans_the_plan(text):
    assert spans(text, ACADEMIC_2020) == ("continuous", [(D(2020, 9, 1), D(2021, 8, 31))], None)


def test_continuous_without_a_plan_takes_the_documents_year():
    assert spans("в течение учебного года", None, D(2021, 2, 10)) == (
        "continuous",
        [(D(2020, 9, 1), D(2021, 8, 31))],
        None,
    )
    assert spans("в течение года", None, D(2021, 2, 10))[1] == [(D(2021, 1, 1), D(2021, 12, 31))]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("по мере необходимости", "as_needed"),
        ("при необходимости, но не реже 1 раза в год", "as_needed"),
        ("по запросу", "as_needed"),
        ("в течение 10 рабочих дней после получения запроса", "as_needed"),
        ("по плану работы методического центра", "by_schedule"),
        ("согласно утвержденному графику", "by_schedule"),
        ("в установленные сроки", "by_schedule"),
        ("согласно приказу управления образования", "by_schedule"),
        ("в сроки проведения ВПР", "by_schedule"),
        ("", "unspecified"),
        ("   ", "unspecified"),
        ("—", "unspecified"),
        (None, "unspecified"),
    ],
)
def test_terms_without_dates_have_no_interval(text, kind):
    when = parse_when(text, CALENDAR_2021)
    assert (when.kind, when.intervals) == (kind, [])


def test_month_without_year_or_plan_is_the_nearest_to_the_document():
    assert spans("сентябрь", None, D(2021, 3, 29))[1] == [(D(2021, 9, 1), D(2021, 9, 30))]
    assert spans("январь", None, D(2021, 11, 2))[1] == [(D(2022, 1, 1), D(2022, 1, 31))]
    assert spans("сентябрь", None, None) == ("period", [], None)


def test_citations_of_other_acts_are_not_deadlines():
    text = "Апрель 2021 г. (приказ министерства от 26 мая 2021 г. № 391)"
    assert spans(text)[1] == [(D(2021, 4, 1), D(2021, 4, 30))]


def test_ocr_noise_in_numbers_is_repaired():
    assert clean("до 2О.О5.2О21") == "до 20.05.2021"
    assert clean("01.04. 2021") == "01.04.2021"
    assert clean("II квартал") == "ii квартал"


# --- properties ----------------------------------------------------------------------------

WORDS = [
    "до",
    "с",
    "по",
    "в",
    "течение",
    "года",
    "ежемесячно",
    "раз",
    "в",
    "месяц",
    "квартал",
    "полугодие",
    "четверть",
    "учебного",
    "по",
    "мере",
    "необходимости",
    "плану",
    "конца",
    "сентябрь",
    "январь",
    "мая",
    "декабря",
    "лето",
    "I",
    "II",
    "IV",
    "1",
    "15",
    "31",
    "2020",
    "2021",
    "2022",
    "2О21",
    "01.04.2021",
    "31.02.2021",
    "-",
    "–",
    ",",
    ".",
    "г.",
    "года",
    "гг",
    "уч.",
    "3-4",
    "недели",
]
plans = st.sampled_from([None, CALENDAR_2021, YEARS_2020_2021, ACADEMIC_2020])
doc_dates = st.one_of(st.none(), st.dates(min_value=D(2015, 1, 1), max_value=D(2030, 12, 31)))
calendar_text = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), calendar_text), plan=plans, doc_date=doc_dates)
def test_never_raises_and_every_interval_is_ordered(text, plan, doc_date):
    when = parse_when(text, plan, doc_date)
    for interval in when.intervals:
        assert interval.start is not None or interval.end is not None
        if interval.start and interval.end:
            assert interval.start <= interval.end


@settings(max_examples=300, deadline=None)
@given(text=calendar_text, plan=plans, doc_date=doc_dates)
def test_iso_rendering_of_every_parsed_day_reads_back(text, plan, doc_date):
    for interval in parse_when(text, plan, doc_date).intervals:
        for day in (interval.start, interval.end):
            if day is not None:
                assert spans(day.isoformat(), plan, doc_date) == ("date", [(day, day)], None)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31)), plan=plans, doc_date=doc_dates)
def test_printed_date_reads_back_as_itself(day, plan, doc_date):
    for printed in (
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        f"{day.strftime('%d.%m.%Y')} г.",
        f"{day.day} {GENITIVE[day.month - 1]} {day.year} года",
    ):
        assert spans(printed, plan, doc_date) == ("date", [(day, day)], None), printed


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=D(1990, 1, 1), max_value=D(2099, 12, 31)))
def test_deadline_reads_back_as_its_day(day):
    assert spans(f"до {day.strftime('%d.%m.%Y')}") == ("deadline", [(None, day)], None)


# --- the corpus gold -----------------------------------------------------------------------


def test_gold_deadlines_are_read_as_annotated():
    cases = gold_deadlines()
    assert len(cases) > 100
    kind_right = exact = 0
    for text, plan, date, gold in cases:
        when = parse_when(text, plan, date).model_dump(mode="json")
        ours = (when["kind"], [(i["start"], i["end"]) for i in when["intervals"]])
        theirs = (gold["kind"], [(i["start"], i["end"]) for i in gold["intervals"]])
        kind_right += ours[0] == theirs[0]
        exact += ours == theirs
    assert kind_right / len(cases) >= 0.98
    assert exact / len(cases) >= 0.95


ACADEMIC_2022 = PlanPeriod(start=D(2022, 9, 1), end=D(2023, 8, 31))
YEARS_2022_2023 = PlanPeriod(start=D(2022, 1, 1), end=D(2023, 12, 31))


@pytest.mark.parametrize(
    ("text", "plan", "kind", "spans", "recurrence"),
    [
        ("в каникулярное время", ACADEMIC_2022, "recurring", [(D(2022, 9, 1), D(2023, 8, 31))], None),
        ("во время каникул", YEARS_2022_2023, "recurring", [(D(2022, 1, 1), D(2023, 12, 31))], None),
        ("в период зимних каникул", ACADEMIC_2022, "continuous", [(D(2022, 12, 28), D(2023, 1, 10))], None),
        ("еженедельно (среда)", ACADEMIC_2022, "recurring", [(D(2022, 9, 1), D(2023, 8, 31))], "weekly"),
        ("3 раза в неделю", ACADEMIC_2022, "recurring", [(D(2022, 9, 1), D(2023, 8, 31))], "weekly"),
        (
            "по окончании каждого триместра",
            ACADEMIC_2022,
            "recurring",
            [(D(2022, 9, 1), D(2023, 8, 31))],
            "quarterly",
        ),
        ("в сроки, установленные Минпросвещения России", ACADEMIC_2022, "by_schedule", [], None),
        ("по графику РЦОИ", ACADEMIC_2022, "by_schedule", [], None),
        (
            "ежеквартально, до 15 числа месяца, следующего за отчетным",
            YEARS_2022_2023,
            "recurring",
            [(D(2022, 1, 1), D(2023, 12, 31))],
            "quarterly",
        ),
        (
            "II квартал 2022 г., II квартал 2023 г.",
            YEARS_2022_2023,
            "period",
            [(D(2022, 4, 1), D(2022, 6, 30)), (D(2023, 4, 1), D(2023, 6, 30))],
            None,
        ),
        ("с 10.01.2023 по 20.05.2023", ACADEMIC_2022, "period", [(D(2023, 1, 10), D(2023, 5, 20))], None),
        ("ноябрь-декабрь", ACADEMIC_2022, "period", [(D(2022, 11, 1), D(2022, 12, 31))], None),
        (
            "апрель, октябрь 2023 г.",
            YEARS_2022_2023,
            "period",
            [(D(2023, 4, 1), D(2023, 4, 30)), (D(2023, 10, 1), D(2023, 10, 31))],
            None,
        ),
    ],
)
def test_school_rhythms_and_lists_of_parts(text, plan, kind, spans, recurrence) -> None:
    when = parse_when(text, plan)
    assert when.kind == kind
    assert [(i.start, i.end) for i in when.intervals] == spans
    assert when.recurrence == recurrence


@pytest.mark.parametrize(
    ("text", "kind", "spans"),
    [
        ("до < 20.11.2022", "deadline", [(None, D(2022, 11, 20))]),
        ("до| 01.12.2022", "deadline", [(None, D(2022, 12, 1))]),
        ("в течение — года", "continuous", [(D(2022, 1, 1), D(2023, 12, 31))]),
        ("с — 05.09.2022 по 30.09.2022", "period", [(D(2022, 9, 5), D(2022, 9, 30))]),
    ],
)
def test_ocr_specks_between_words_are_ignored(text, kind, spans) -> None:
    when = parse_when(text, YEARS_2022_2023)
    assert (when.kind, [(i.start, i.end) for i in when.intervals]) == (kind, spans)
