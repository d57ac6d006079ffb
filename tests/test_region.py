"""Сводка по региону: the latest plan of each municipality per template, coverage per section
and review status, the template rows the region misses, recurring additions grouped by
compare's text similarity, what falls due and what is overdue — pure functions, the store's
queries on SQLite and PostgreSQL, and the page through AppTest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from compare.model import ActivityRef, Comparison, Coverage, Match
from review import Decision
from review.region import (
    Compared,
    PlanActivity,
    RegionPlan,
    TemplateRow,
    coverage_matrix,
    falling_due,
    is_done,
    latest,
    recurring_additions,
    weak_activities,
)
from store import open_store
from store.comparing import compare_stored
from store.region import change_mark, region
from store.reviews import Reviews
from store.users import Accounts
from tests.accounts import KOZELSK, PASSWORD, REGION, ZHUKOV, open_app
from tests.synthetic import corpus_rows
from tests.test_store_server import BACKENDS, fresh_database
from ui.region_view import build_tables

STATUS_HEADER = ("№ п/п", "Наименование мероприятия", "Срок", "Ответственные", "Информация о выполнении")


def _match(template: str, plan: str, grade: str = "same") -> Match:
    return Match(
        template=template,
        plan=plan,
        grade=grade,
        score=0.9,
        signals={},
        shared_words=[],
        template_title=f"шаблон {template}",
        plan_title=f"план {plan}",
    )


def _comparison(matches: list[Match], gaps: list[str], additions: list[str] = ()) -> Comparison:
    return Comparison(
        template_source="t",
        plan_source="p",
        matches=matches,
        gaps=[ActivityRef(ref=g, title=f"шаблон {g}") for g in gaps],
        additions=[ActivityRef(ref=f"д{k}", title=t) for k, t in enumerate(additions, 1)],
        findings=[],
        coverage=Coverage(total=4, covered=0, same=0, partial=0, share=0.0, sections=[]),
    )


ROWS = [
    TemplateRow("1", "шаблон 1", "1", "Диагностика"),
    TemplateRow("2", "шаблон 2", "1", "Диагностика"),
    TemplateRow("3", "шаблон 3", "2", "Кадры"),
    TemplateRow("4", "шаблон 4", "2", "Кадры"),
]


def _plan(municipality: str, comparison: Comparison, **fields) -> RegionPlan:
    plan_id = sum(map(ord, municipality))
    return RegionPlan(municipality, 1, plan_id, f"{municipality}.docx", None, comparison, **fields)


def _compared(comparison_id: int, plan_id: int, municipality: str | None, date: dt.date | None, at: int = 0):
    return Compared(
        comparison_id, 1, plan_id, f"план{plan_id}.docx", municipality, date, dt.datetime(2024, 1, 1, 0, at)
    )


def test_the_latest_plan_is_the_newest_by_date_then_the_last_stored() -> None:
    chosen = latest(
        [
            _compared(1, 10, "Козельский район", dt.date(2022, 3, 1)),
            _compared(2, 11, "Козельский район", dt.date(2021, 9, 1)),
            _compared(3, 12, "Козельский район", None),  # stored last, undated: ranks below dated
            _compared(4, 20, "Жуковский район", None),
            _compared(5, 21, "Жуковский район", None),  # stored later
            _compared(6, 30, None, None),  # no municipality: a row of its own
            _compared(7, 31, None, None),
            _compared(8, 10, "Козельский район", dt.date(2022, 3, 1), at=5),  # the pair run again
        ]
    )
    assert {(c.municipality, c.plan_id, c.comparison_id) for c in chosen} == {
        ("Козельский район", 10, 8),
        ("Жуковский район", 21, 5),
        (None, 30, 6),
        (None, 31, 7),
    }


def test_coverage_and_weak_rows_read_through_the_methodists_decisions() -> None:
    comparison = _comparison([_match("1", "1"), _match("2", "2", "partial"), _match("3", "3")], ["4"])
    unreviewed = _plan("Жуковский район", comparison)
    reviewed = _plan(
        "Козельский район",
        comparison,
        status="returned",
        decisions=(
            Decision(kind="match", verdict="rejected", template="1", plan="1"),
            Decision(kind="match", verdict="regraded", template="2", plan="2", grade="same"),
            Decision(kind="gap", verdict="accepted", template="4", comment="не касается района"),
        ),
    )
    [zhukov, kozelsk] = coverage_matrix([reviewed, unreviewed], ROWS)
    assert (zhukov.municipality, zhukov.status, zhukov.share) == ("Жуковский район", "не проверен", 0.75)
    assert zhukov.shares == {"1": 1.0, "2": 0.5}
    assert (kozelsk.status, kozelsk.share, kozelsk.shares) == ("на доработке", 0.5, {"1": 0.5, "2": 0.5})
    weak = {w.ref: (w.missing, w.partial, w.section) for w in weak_activities([reviewed, unreviewed], ROWS)}
    assert weak == {
        "1": (("Козельский район",), (), "1. Диагностика"),
        "2": ((), ("Жуковский район",), "1. Диагностика"),
        "4": (("Жуковский район",), (), "2. Кадры"),  # accepted in Козельский: not missing there
    }


def test_additions_compare_pairs_across_municipalities_are_one_practice() -> None:
    plans = [
        _plan(
            "Козельский район",
            _comparison(
                [],
                [],
                [
                    "Организация наставничества молодых педагогов",
                    "Проведение родительских собраний по вопросам подготовки к ГИА",
                ],
            ),
        ),
        _plan(
            "Жуковский район",
            _comparison(
                [],
                [],
                [
                    "Организовать наставничество для молодых педагогов.",
                    "Закупка оборудования для кабинета химии",
                ],
            ),
        ),
        _plan(
            "Людиновский район",
            _comparison([], [], ["Собрания родителей выпускников: подготовка к экзаменам"]),
        ),
    ]
    groups = {g.title: (g.municipalities, g.titles) for g in recurring_additions(plans)}
    assert groups == {
        "Организация наставничества молодых педагогов": (
            ("Жуковский район", "Козельский район"),
            (
                "Организация наставничества молодых педагогов",
                "Организовать наставничество для молодых педагогов.",
            ),
        ),
        "Проведение родительских собраний по вопросам подготовки к ГИА": (
            ("Козельский район", "Людиновский район"),
            (
                "Проведение родительских собраний по вопросам подготовки к ГИА",
                "Собрания родителей выпускников: подготовка к экзаменам",
            ),
        ),
    }
    assert recurring_additions(plans, least=3) == []
    copied = [
        *plans,
        _plan("Кировский район", _comparison([], [], ["Закупка  оборудования для кабинета химии"])),
    ]
    [group] = recurring_additions(copied, matcher=lambda wordings: set())  # one wording: no matcher needed
    assert group.municipalities == ("Жуковский район", "Кировский район")


def test_done_status_words_come_from_the_data_file() -> None:
    assert is_done("Выполнено") and is_done("исполнено в срок") and is_done("Мероприятия проведены")
    assert not is_done("не выполнено") and not is_done("Выполнено частично") and not is_done("в работе")
    assert not is_done(None) and not is_done("")


def test_what_falls_due_and_what_is_overdue_on_a_given_day() -> None:
    activities = (
        PlanActivity("1", "Диагностика", "до 01.03.2022", None, dt.date(2022, 3, 1), "выполнено"),
        PlanActivity("2", "Семинар", "март 2022", dt.date(2022, 3, 1), dt.date(2022, 3, 31), "в работе"),
        PlanActivity("3", "Собрание", "до 15.02.2022", None, dt.date(2022, 2, 15)),
        PlanActivity("4", "Отчёт", "до 01.06.2022", None, dt.date(2022, 6, 1)),
        PlanActivity("5", "Работа", "постоянно"),
    )
    due = falling_due(
        [_plan("Козельский район", _comparison([], []), activities=activities)], dt.date(2022, 4, 1)
    )
    assert due.undated == 1
    assert due.per_month() == [
        (dt.date(2022, 2, 1), 1, 1),
        (dt.date(2022, 3, 1), 2, 1),
        (dt.date(2022, 6, 1), 1, 0),
    ]
    assert [a.ref for a in due.overdue] == ["3", "2"]
    later = falling_due(
        [_plan("Козельский район", _comparison([], []), activities=activities)], dt.date(2022, 7, 1)
    )
    assert [a.ref for a in later.overdue] == ["3", "2", "4"]


def plan_docx(
    path: Path, letterhead: tuple[str, ...], date: str, rows: int, seed: int, statuses: tuple[str, ...] = ()
) -> Path:
    """An order dated `date` with a plan of `rows` corpus rows from `seed`, each due on the 1st of
    a month of 2022 (row k: month k+1, January again after December), and an «Информация о
    выполнении» column when `statuses` (row k: `statuses[k]`, empty past its end)."""
    document = docx.Document()
    for line in (
        *letterhead,
        "ПРИКАЗ",
        f"от {date} № {100 + seed}",
        "Об утверждении дорожной карты на 2022 год",
    ):
        document.add_paragraph(line)
    header = STATUS_HEADER if statuses else STATUS_HEADER[:4]
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    source = corpus_rows()
    for k in range(rows):
        title, _, responsible, _ = source[(k + seed) % len(source)]
        status = (statuses[k] if k < len(statuses) else "",) if statuses else ()
        values = (f"{k + 1}.", title, f"до 01.{k % 12 + 1:02d}.2022", responsible, *status)
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.save(path)
    return path


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path: Path) -> Iterator[str]:
    with fresh_database(request.param, tmp_path) as url:
        yield url


def _stored_region(store, folder: Path) -> dict[str, int]:
    """A template; Козельский: an older plan and a newer one with statuses, both compared;
    Жуковский: one plan, compared and reviewed."""
    ids = {
        "template": store.ingest(plan_docx(folder / "шаблон.docx", REGION, "01.09.2021", 8, 0)).document_id,
        "old": store.ingest(plan_docx(folder / "козельск_1.docx", KOZELSK, "01.10.2021", 5, 0)).document_id,
        "new": store.ingest(
            plan_docx(folder / "козельск_2.docx", KOZELSK, "01.02.2022", 6, 0, ("выполнено", "не выполнено"))
        ).document_id,
        "zhukov": store.ingest(plan_docx(folder / "жуков.docx", ZHUKOV, "15.10.2021", 6, 2)).document_id,
    }
    for plan in ("new", "old", "zhukov"):  # the newer plan compared first: dates decide, not order
        compare_stored(store, ids["template"], ids[plan])
    return ids


def test_the_store_hands_the_latest_plans_with_reviews_and_activities(database, tmp_path: Path) -> None:
    with open_store(database) as store:
        assert region(store).plans == []
        ids = _stored_region(store, tmp_path)
        reviews = Reviews(store)
        review = reviews.open(ids["template"], ids["zhukov"])
        before = change_mark(store)
        reviews.decide(
            review.id, Decision(kind="gap", verdict="accepted", template="1", comment="нет"), by="metod"
        )
        assert change_mark(store) != before
        reviews.set_status(review.id, "returned", by="metod")
        summary = region(store)
    assert [t.id for t in summary.templates] == [ids["template"]]
    assert [r.ref for r in summary.rows[ids["template"]]] == [str(k) for k in range(1, 9)]
    plans = {p.municipality: p for p in summary.of(ids["template"])}
    assert set(plans) == {"Козельский район", "Жуковский район"}
    kozelsk, zhukov = plans["Козельский район"], plans["Жуковский район"]
    assert kozelsk.plan_id == ids["new"] and kozelsk.plan_date == dt.date(2022, 2, 1)
    assert (kozelsk.status_label, zhukov.status_label) == ("не проверен", "на доработке")
    assert [d.key for d in zhukov.decisions] == ["gap:1"]
    assert [(a.ref, a.when_end, a.status_raw) for a in kozelsk.activities[:3]] == [
        ("1", dt.date(2022, 1, 1), "выполнено"),
        ("2", dt.date(2022, 2, 1), "не выполнено"),
        ("3", dt.date(2022, 3, 1), None),
    ]
    tables = build_tables(summary, ids["template"], dt.date(2022, 2, 15))
    assert list(tables.coverage["Муниципалитет"]) == ["Жуковский район", "Козельский район"]
    assert list(tables.coverage["Статус проверки"]) == ["на доработке", "не проверен"]
    # Козельский's rows are template rows 1-6; Жуковский's 3-8, and row 1 was accepted there
    weak = dict(zip(tables.weak["№"], tables.weak["Где не отражено"], strict=True))
    assert weak == {"2": "Жуковский район", "7": "Козельский район", "8": "Козельский район"}
    overdue = tables.overdue
    assert set(overdue["Муниципалитет"]) == {"Козельский район", "Жуковский район"}
    assert list(overdue.loc[overdue["Муниципалитет"] == "Козельский район", "№"]) == ["2"]


@pytest.fixture(scope="module")
def app_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, int]]:
    """A database for the page: the region of `_stored_region`, a methodist and a municipal login."""
    folder = tmp_path_factory.mktemp("region_app")
    patch = pytest.MonkeyPatch()
    patch.setenv("ROADMAP_DB_URL", f"sqlite:///{folder / 'roadmap.db'}")
    patch.setenv("ROADMAP_UPLOAD_DIR", str(folder / "uploads"))
    with open_store() as store:
        ids = _stored_region(store, folder)
        accounts = Accounts(store)
        accounts.add("metod", PASSWORD, "methodist")
        accounts.add("kozelsk", PASSWORD, "municipal", "Козельский район")
        accounts.add("analyst", PASSWORD, "analyst")
    yield ids
    patch.undo()


def test_the_region_page_shows_coverage_gaps_and_overdue(app_database: dict[str, int]) -> None:
    app = open_app("metod", "region")
    assert app.title[0].value == "Сводка по региону"
    coverage = app.dataframe[0].value
    assert list(coverage["Муниципалитет"]) == ["Жуковский район", "Козельский район"]
    assert set(coverage["Статус проверки"]) == {"не проверен"}
    assert (coverage["Покрытие"].between(0, 1)).all()
    weak = app.dataframe[1].value
    assert not weak.empty and weak["Не отражено"].max() >= 1
    app.date_input(key="region_today").set_value(dt.date(2022, 2, 15)).run()
    assert not app.exception
    assert app.metric[0].value == "3"  # Жуковский: rows 1-2 (no status column), Козельский: row 2
    app.date_input(key="region_today").set_value(dt.date(2021, 12, 1)).run()
    assert app.metric[0].value == "0"


def test_a_municipal_specialist_has_no_region_page(app_database: dict[str, int]) -> None:
    app = open_app("kozelsk")
    with pytest.raises(ValueError, match=r"region\.py"):  # not in a municipal specialist's navigation
        app.switch_page("views/region.py").run()
    analyst = open_app("analyst", "region")
    assert not analyst.exception and len(analyst.dataframe[0].value) == 2
