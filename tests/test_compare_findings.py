"""Findings on generated plans whose deadlines and responsibles are set by hand."""

from __future__ import annotations

import datetime as dt

from compare import compare
from extractor import extract
from model import Activity, Document, DocumentMeta, Interval, PlanPeriod, When
from tests.conftest import CORPUS

TITLES = [
    "Проведение мониторинга профессиональных дефицитов педагогов",
    "Обучающие семинары для руководителей школ по переходу в эффективный режим работы",
    "Разработка методических рекомендаций по работе с неуспевающими обучающимися",
    "Выездные стажировки команд школ в регионы-лидеры",
]


def period(start: str, end: str, kind: str = "period") -> When:
    return When(
        kind=kind, intervals=[Interval(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))]
    )


def document(
    activities: list[Activity], date: str | None = None, plan: tuple[str, str] | None = None
) -> Document:
    meta = DocumentMeta(
        date=dt.date.fromisoformat(date) if date else None,
        plan_period=PlanPeriod(start=plan[0], end=plan[1]) if plan else None,
    )
    return Document(doc_id="x", source="x.txt", format="txt", meta=meta, activities=activities)


def test_deadline_and_responsible_rules_fire_on_the_rows_they_name():
    template = document(
        [
            Activity(
                number=str(k), title=t, deadline_raw="март 2021", when=period("2021-03-01", "2021-03-31")
            )
            for k, t in enumerate(TITLES, 1)
        ]
    )
    plan = document(
        [
            Activity(
                number="1",
                title=TITLES[0],
                deadline_raw="май 2021",
                when=period("2021-05-01", "2021-05-31"),
                responsible_raw="Иванова А.А.",
            ),
            Activity(
                number="2",
                title=TITLES[1],
                deadline_raw="в течение года",
                when=When(kind="continuous", intervals=[]),
                responsible_raw="Руководители ОО",
            ),
            Activity(
                number="3",
                title=TITLES[2],
                deadline_raw="январь 2020",
                when=period("2020-01-01", "2020-01-31"),
                responsible_raw=None,
            ),
            Activity(
                number="4",
                title="Закупка оборудования для кабинетов информатики",
                deadline_raw="2023",
                when=period("2023-01-01", "2023-12-31"),
                responsible_raw="МЦОКО (Петров П.П.)",
            ),
        ],
        date="2021-02-01",
        plan=("2021-01-01", "2021-12-31"),
    )
    result = compare(template, plan)
    fired = {(f.rule, f.plan) for f in result.findings}
    assert ("late_deadline", "1") in fired
    assert ("vague_deadline", "2") in fired
    assert ("no_person", "2") in fired
    assert ("no_responsible", "3") in fired
    assert ("deadline_before_document", "3") in fired
    assert ("deadline_after_period", "4") in fired
    assert ("addition", "4") in fired
    assert {f.template for f in result.findings if f.rule == "gap"} == {"4"}
    assert not {("no_person", "1"), ("no_person", "4"), ("late_deadline", "2")} & fired
    late = next(f for f in result.findings if f.rule == "late_deadline")
    assert late.evidence == {"template_deadline": "март 2021", "plan_deadline": "май 2021"}
    assert "позже" in late.message


def test_missing_when_raises_no_deadline_findings():
    template = document([Activity(number="1", title=TITLES[0], deadline_raw="март 2021")])
    plan = document(
        [Activity(number="1", title=TITLES[0], deadline_raw="май 2025", responsible_raw="Иванова А.А.")]
    )
    result = compare(template, plan)
    assert [f.rule for f in result.findings] == []
    assert result.coverage.share == 1.0


def test_a_side_without_activities_is_an_error_not_a_crash():
    template = extract(CORPUS / "001_ff4c9489b29d190a.txt")
    order = Document(
        doc_id="order", source="приказ.docx", format="docx", meta=DocumentMeta(title="О назначении")
    )
    against_order = compare(template, order)
    assert [f.rule for f in against_order.findings if f.severity == "error"].count("empty_plan") == 1
    assert len(against_order.gaps) == len(template.activities) and not against_order.matches
    assert compare(order, template).coverage.share == 0.0
    empty = next(f for f in compare(order, template).findings if f.rule == "empty_template")
    assert empty.evidence["file"] == "приказ.docx" and "шаблоне" in empty.message
