"""The letter of remarks and the workbook of a review, opened as a methodist opens them
(python-docx, openpyxl): addressee and subject from the plan's meta, the remarks she confirmed
by template section, nothing she dismissed or rejected, her own remarks."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pytest

from compare import compare
from compare.model import Comparison
from model import Activity, Document, DocumentMeta
from normalizer.pipeline import normalize_document
from review import Decision
from review.letter import decisions_xlsx, letter_of_remarks
from review.remarks import remarks, requisites, sent
from review.revision import revised

AUTHORITY = "Отдел образования администрации муниципального района «Козельский район»"
SECTIONS = {"1": "Диагностика и мониторинг", "2": "Работа с педагогами"}
TEMPLATE_ROWS = [  # number, title, deadline
    (
        "1.1",
        "Проведение региональной диагностики профессиональных дефицитов учителей математики",
        "до 01.10.2024",
    ),
    ("1.2", "Мониторинг результатов всероссийских проверочных работ в школах", "до 01.12.2024"),
    ("2.1", "Курсы повышения квалификации для учителей русского языка", "до 01.03.2025"),
    ("2.2", "Организация наставничества для молодых педагогов", "до 01.05.2025"),
    ("2.3", "Создание методического объединения классных руководителей", "до 01.06.2025"),
]
PLAN_ROWS = [  # number, title, deadline, responsible
    ("1", TEMPLATE_ROWS[0][1], "до 01.12.2024", "Иванова А.А., методист МЦОКО"),
    ("2", TEMPLATE_ROWS[1][1], "в течение года", ""),
    ("3", TEMPLATE_ROWS[2][1], "до 01.06.2025", "Петров П.П., директор МЦОКО"),
    ("4", "Проведение родительских собраний о подготовке к экзаменам", "до 01.04.2025", "Сидорова Е.В."),
]


def _template() -> Document:
    activities = [
        Activity(number=n, section=n[0], section_title=SECTIONS[n[0]], title=t, deadline_raw=d)
        for n, t, d in TEMPLATE_ROWS
    ]
    meta = DocumentMeta(
        doc_type="приказ",
        authority="Министерство образования Калужской области",
        date=dt.date(2024, 8, 20),
        number="58",
        title="Об утверждении регионального плана мероприятий",
    )
    return normalize_document(
        Document(doc_id="t", source="шаблон.docx", format="docx", meta=meta, activities=activities)
    )


def _plan() -> Document:
    activities = [
        Activity(number=n, title=t, deadline_raw=d, responsible_raw=r or None) for n, t, d, r in PLAN_ROWS
    ]
    meta = DocumentMeta(
        doc_type="приказ",
        authority=AUTHORITY,
        municipality="Козельский район",
        date=dt.date(2024, 9, 2),
        number="115",
        title="Об утверждении дорожной карты по поддержке школ с низкими результатами",
    )
    return normalize_document(
        Document(doc_id="p", source="план.docx", format="docx", meta=meta, activities=activities)
    )


@pytest.fixture(scope="module")
def pair() -> tuple[Comparison, Document, Document]:
    template, plan = _template(), _plan()
    comparison = compare(template, plan)
    matched = {(m.template, m.plan) for m in comparison.matches}
    assert {("1.1", "1"), ("1.2", "2"), ("2.1", "3")} <= matched, comparison.matches
    assert {g.ref for g in comparison.gaps} == {"2.2", "2.3"}
    rules = {(f.rule, f.plan) for f in comparison.findings}
    assert {
        ("late_deadline", "1"),
        ("vague_deadline", "2"),
        ("no_responsible", "2"),
        ("late_deadline", "3"),
    } <= rules
    return comparison, template, plan


DECISIONS = [
    Decision(kind="match", verdict="confirmed", template="1.1", plan="1", decided_by="metod"),
    Decision(kind="match", verdict="rejected", template="2.1", plan="3", decided_by="metod"),
    Decision(
        kind="gap", verdict="accepted", template="2.3", comment="не касается района", decided_by="metod"
    ),
    Decision(
        kind="finding",
        verdict="dismissed",
        rule="no_responsible",
        plan="2",
        comment="ответственный назначен приказом",
        decided_by="metod2",
        decided_at=dt.datetime(2024, 10, 1, 9, 30),
    ),
    Decision(
        kind="remark", verdict="remark", template="1.2", comment="Назовите школы, где пройдёт мониторинг"
    ),
    Decision(kind="remark", verdict="remark", plan="4", comment="Укажите ожидаемый результат собраний"),
]


def _letter(pair, decisions=DECISIONS, **kwargs) -> list[str]:
    comparison, template, plan = pair
    data = letter_of_remarks(comparison, decisions, template, plan, **kwargs)
    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [p.text for p in document.paragraphs if p.text.strip()] + cells


def test_the_letter_is_addressed_to_the_plans_authority_about_its_requisites(pair) -> None:
    lines = _letter(pair, author="Петрова А.А.")
    assert lines[0] == AUTHORITY
    subject = next(line for line in lines if line.startswith("О замечаниях к дорожной карте"))
    assert "от 02.09.2024" in subject and "№ 115" in subject and "«Об утверждении дорожной карты" in subject
    assert any("от 20.08.2024 № 58" in line for line in lines), "the template is cited in the intro"
    assert {"(должность)", "(подпись)", "(фамилия, инициалы)"} <= set(lines)
    assert "Исполнитель: Петрова А.А." in lines


def test_the_remarks_are_grouped_by_template_section_and_numbered(pair) -> None:
    lines = _letter(pair)
    first, second = (
        lines.index("Раздел 1. Диагностика и мониторинг"),
        lines.index("Раздел 2. Работа с педагогами"),
    )
    outside = lines.index("Мероприятия дорожной карты, не предусмотренные региональным планом")
    assert first < second < outside
    in_first, in_second = lines[first + 1 : second], lines[second + 1 : outside]
    late = "Срок мероприятия 1 дорожной карты «"
    assert any(late in line and "«до 01.12.2024»" in line for line in in_first)
    assert any("не конкретен («в течение года»)" in line for line in in_first)
    assert any("Назовите школы, где пройдёт мониторинг" in line and "1.2" in line for line in in_first)
    missing = [line for line in in_second if "Не отражено мероприятие" in line]
    assert len(missing) == 2 and "наставничества для молодых педагогов" in missing[1]
    assert "«до 01.05.2025»" in missing[1], "a missing activity quotes the template's deadline"
    assert "Укажите ожидаемый результат собраний" in lines[outside + 1]
    numbers = [int(line.split(".")[0]) for line in lines if line[:1].isdigit()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 6


def test_dismissed_rejected_and_accepted_do_not_reach_the_letter(pair) -> None:
    text = "\n".join(_letter(pair))
    assert "не указан ответственный" not in text, "the dismissed finding"
    assert "«до 01.06.2025»" not in text, "the late deadline of the rejected match"
    assert "Не отражено мероприятие 2.1" in text, "the rejected match leaves its template row open"
    assert "2.3" not in text, "the accepted gap"
    undecided = "\n".join(_letter(pair, decisions=[]))
    assert "не указан ответственный" in undecided and "«до 01.06.2025»" in undecided


def test_a_plan_without_remarks_gets_a_letter_that_says_so(pair) -> None:
    comparison, template, plan = pair
    clean = comparison.model_copy(update={"gaps": [], "findings": []})
    lines = _letter((clean, template, plan), decisions=[])
    assert "Замечаний к дорожной карте нет." in lines and not any(line.startswith("Раздел") for line in lines)


def test_every_remark_keeps_the_raw_texts_it_rests_on(pair) -> None:
    sections = remarks(*pair[:1], DECISIONS, *pair[1:])
    assert [(s.number, s.title, s.outside) for s in sections] == [
        ("1", SECTIONS["1"], False),
        ("2", SECTIONS["2"], False),
        (None, None, True),
    ]
    late = next(r for r in sections[0].remarks if r.kind == "late_deadline")
    assert (
        late.sources["plan_deadline"] == "до 01.12.2024"
        and late.sources["template_deadline"] == "до 01.10.2024"
    )
    missing = next(r for r in sections[1].remarks if r.template == "2.2")
    assert missing.kind == "missing" and missing.sources["template_title"] == TEMPLATE_ROWS[3][1]


def test_the_workbook_holds_every_decision_and_every_verdict(pair) -> None:
    comparison, template, plan = pair
    book = openpyxl.load_workbook(io.BytesIO(decisions_xlsx(comparison, DECISIONS, template, plan)))
    assert book.sheetnames == ["Проверка", "Решения", "Соответствия", "Пробелы", "Замечания"]
    decisions = list(book["Решения"].iter_rows(min_row=2, values_only=True))
    assert len(decisions) == len(DECISIONS)
    dismissed = next(row for row in decisions if row[0] == "замечание")
    assert dismissed[4] == "снято" and dismissed[7] == "metod2" and dismissed[8] == "01.10.2024 09:30"
    matches = {(r[0], r[2]): r for r in book["Соответствия"].iter_rows(min_row=2, values_only=True)}
    assert matches[("2.1", "3")][6] == "отклонено" and matches[("2.1", "3")][7] in (None, "")
    assert matches[("1.1", "1")][6] == "подтверждено" and matches[("1.2", "2")][6] == "не рассмотрено"
    gaps = {r[0]: r for r in book["Пробелы"].iter_rows(min_row=2, values_only=True)}
    assert gaps["2.3"][4] == "принято без отражения" and gaps["2.3"][5] == "не касается района"
    assert gaps["2.1"][4] == "не отражено" and gaps["2.1"][1] == SECTIONS["2"]
    findings = list(book["Замечания"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == len(comparison.findings)
    assert [r[6] for r in findings if r[6] == "снято"] == ["снято"]
    summary = dict(book["Проверка"].iter_rows(values_only=True))
    assert "№ 115" in summary["План"] and summary["Решений методиста"] == len(DECISIONS)


def _corrected_plan(deadlines: dict[str, str]) -> Document:
    """The plan with the deadlines of rows `deadlines` rewritten, as a municipality corrects it."""
    plan = _plan()
    activities = [
        a.model_copy(update={"deadline_raw": deadlines.get(a.number or "", a.deadline_raw)})
        for a in plan.activities
    ]
    return normalize_document(plan.model_copy(update={"activities": activities}))


def test_a_corrected_plan_is_checked_against_exactly_the_letters_remarks(pair) -> None:
    comparison, template, plan = pair
    dismissed_gap = Decision(kind="finding", verdict="dismissed", rule="gap", template="2.2", comment="нет")
    decisions = [*DECISIONS, dismissed_gap]
    letter = [r for s in remarks(comparison, decisions, template, plan) for r in s.remarks]
    # row 1 now keeps the template's deadline; row 2's vague deadline becomes a later concrete one
    corrected = _corrected_plan({"1": "до 01.10.2024", "2": "до 01.05.2025"})
    revision = revised(plan, comparison, decisions, corrected, compare(template, corrected))
    checks = [*revision.resolved, *revision.still_open]
    assert sorted(c.key for c in checks) == sorted(k for r in letter for k in r.keys)
    assert "late_deadline:2.1:3" not in {c.key for c in checks}, "the rejected match's finding"
    assert "missing:2.2:" not in {c.key for c in checks}, "the dismissed gap"
    assert [c.key for c in revision.resolved] == ["late_deadline:1.1:1"]
    vague = next(c for c in revision.still_open if c.rule == "vague_deadline")
    assert "позже" in vague.reason, "a concrete deadline later than the template's leaves it open"


def test_the_workbook_names_who_carried_a_decision_over(pair) -> None:
    comparison, template, plan = pair
    taken, moved = dt.datetime(2024, 10, 1, 9, 0), dt.datetime(2024, 11, 5, 14, 0)
    update = {"decided_at": taken, "carried_by": "curator", "carried_at": moved}
    carried = DECISIONS[0].model_copy(update=update)
    book = openpyxl.load_workbook(
        io.BytesIO(decisions_xlsx(comparison, [carried, *DECISIONS[1:]], template, plan))
    )
    rows = list(book["Решения"].iter_rows(min_row=2, values_only=True))
    assert rows[0][7:] == ("metod", "01.10.2024 09:00", "да", "curator, 05.11.2024 14:00")
    assert all(row[10] in (None, "") for row in rows[1:])


def test_a_document_titled_by_its_kind_is_cited_without_the_kind_twice() -> None:
    titled = DocumentMeta(doc_type="комплекс мер", title="Комплекс мер, направленных на  поддержку школ")
    dated = DocumentMeta(
        doc_type="приказ", date=dt.date(2024, 8, 20), number="58", title="Об утверждении плана"
    )
    assert requisites(Document(doc_id="t", source="t.docx", format="docx", meta=titled)) == (
        "«Комплекс мер, направленных на поддержку школ»"
    )
    assert requisites(Document(doc_id="p", source="p.docx", format="docx", meta=dated)) == (
        "приказ от 20.08.2024 № 58 «Об утверждении плана»"
    )


def test_a_plan_row_answering_two_template_rows_gets_one_deadline_remark_naming_both(pair) -> None:
    comparison, template, plan = pair
    # plan row 1 answers 1.1 and, merged into it, 1.2: its deadline is later than both
    answer = next(m for m in comparison.matches if (m.template, m.plan) == ("1.1", "1"))
    late = next(f for f in comparison.findings if (f.rule, f.plan) == ("late_deadline", "1"))
    also_late = late.model_copy(
        update={"template": "1.2", "evidence": {**late.evidence, "template_deadline": TEMPLATE_ROWS[1][2]}}
    )
    merged = comparison.model_copy(
        update={
            "matches": [*comparison.matches, answer.model_copy(update={"template": "1.2"})],
            "findings": [*comparison.findings, also_late],
        }
    )
    said = [r for s in remarks(merged, [], template, plan) for r in s.remarks if r.plan == "1"]
    everything = [r for s in remarks(merged, [], template, plan) for r in s.remarks]
    assert sent(merged, []).count == len(everything), "the app's count is the letter's"
    assert [r.kind for r in said] == ["late_deadline"]
    assert said[0].keys == ["late_deadline:1.1:1", "late_deadline:1.2:1"]
    assert "позже сроков" in said[0].text and "1.1 («до 01.10.2024») и 1.2 («до 01.12.2024»)" in said[0].text
    lines = _letter((merged, template, plan), decisions=[])
    assert sum("мероприятия 1 дорожной карты" in line and "позже" in line for line in lines) == 1
    revision = revised(plan, merged, [], plan, merged)
    checked = {c.key for c in [*revision.resolved, *revision.still_open]}
    assert {"late_deadline:1.1:1", "late_deadline:1.2:1"} <= checked, "each finding is still checked"
