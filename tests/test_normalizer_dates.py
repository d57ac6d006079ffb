"""Document dates and plan periods as orders print them."""

from __future__ import annotations

import datetime as dt

import pytest

from normalizer.dates import find_dates, find_plan_period, month_number, parse_date


@pytest.mark.parametrize(
    ("text", "value", "raw"),
    [
        ("«20» июля 2020 г.", dt.date(2020, 7, 20), "«20» июля 2020 г."),
        ("от 29.03.2021 № 104", dt.date(2021, 3, 29), "29.03.2021"),
        ("от 19.02. 2021 №398/2", dt.date(2021, 2, 19), "19.02. 2021"),
        ("«16» 02 2023 г.", dt.date(2023, 2, 16), "«16» 02 2023 г."),
        ("приказ от 26 апреля 2023 года № 391", dt.date(2023, 4, 26), "26 апреля 2023 года"),
        ('"1" сентября 2021 г.', dt.date(2021, 9, 1), '"1" сентября 2021 г.'),
        ("от 20.07.20 № 5", dt.date(2020, 7, 20), "20.07.20"),
    ],
)
def test_printed_dates(text: str, value: dt.date, raw: str) -> None:
    found = find_dates(text)
    assert [(d.date, d.raw) for d in found] == [(value, raw)]
    assert text[found[0].start : found[0].end] == raw


@pytest.mark.parametrize(
    "text", ["п.2.1. 2021", "31.02.2021", "6.1. Организовать", "тел. 2-22-68", "«__» ____ 2021"]
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_month_names_in_any_form() -> None:
    assert [month_number(w) for w in ("января", "Февраль", "мая", "май", "марта", "12", "13", "маяк")] == [
        1,
        2,
        5,
        5,
        3,
        12,
        None,
        None,
    ]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Об утверждении комплекса мер на 2020-2021 годы", dt.date(2020, 1, 1), dt.date(2021, 12, 31)),
        ("Комплекс мер ... на 2019-2020 учебный год", dt.date(2019, 9, 1), dt.date(2020, 8, 31)),
        ("дорожная карта в 2022-2023 учебном году", dt.date(2022, 9, 1), dt.date(2023, 8, 31)),
        ("План на 2021/22 уч. год", dt.date(2021, 9, 1), dt.date(2022, 8, 31)),
        ("мероприятия «500+» в 2021 году", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        ("план работы на 2024 год", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ],
)
def test_plan_periods(text: str, start: dt.date, end: dt.date) -> None:
    period = find_plan_period(text)
    assert period is not None
    assert (period.start, period.end) == (start, end)
    assert period.raw and period.raw in text


@pytest.mark.parametrize(
    "text", ["По результатам ГИА 2019 года", "программа развития до 2025 года", "на 2022-2020 годы"]
)
def test_no_plan_period(text: str) -> None:
    assert find_plan_period(text) is None
