"""Topics of activities and risk directions of documents, on texts and documents built here:
inflected forms, several topics or none, the evidence words; risks read from a listed paragraph,
from «- …» lines, from a plan's title and from «Риск N.» sections; the risk findings; the topic
filter in the store on SQLite and PostgreSQL; migration 0012 on a database holding activities."""

from __future__ import annotations

from pathlib import Path

import docx
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from api import create_app
from compare.risks import risk_findings
from extractor import extract
from normalizer.risks import closeness, profile_of
from normalizer.topics import find_topics, read_taxonomy, topic_labels
from roadmap.cli import app
from store import open_store
from store.database import create_store_engine, migrate
from tests.accounts import add_accounts
from tests.test_store_server import BACKENDS, fresh_database

HEADER = ("№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат")
MOTIVATION = "низкая учебная мотивация обучающихся"
FAILURE = "высокая доля обучающихся с рисками учебной неуспешности"
PARENTS = "низкий уровень вовлечённости родителей"


def _codes(title: str) -> dict[str, list[str]]:
    return {m.code: m.words for m in find_topics(title)}


def test_topics_hit_inflected_forms_and_keep_the_words_as_printed() -> None:
    found = _codes("Обучение на курсах по повышению квалификации учителей математики")
    assert found["teachers"] == ["курсах по повышению квалификации"]
    assert _codes("Консультирование родителей (законных представителей)") == {
        "parents": ["родителей", "законных представителей"]
    }
    assert _codes("Мониторингом занимаются кураторы") == {
        "diagnostics": ["Мониторингом"],
        "partnership": ["кураторы"],
    }


def test_an_activity_gets_several_topics_or_none() -> None:
    found = _codes("Заседание психолого-педагогического консилиума с участием родителей и наставников")
    assert set(found) == {"at_risk", "parents", "partnership"}
    assert found["at_risk"] == ["консилиума"]
    assert _codes("Утверждение плана и размещение его на сайте") == {}
    assert _codes("") == {}


def test_every_topic_of_the_taxonomy_has_a_russian_label() -> None:
    labels = topic_labels()
    assert list(labels) == [
        "diagnostics", "teachers", "methods", "at_risk", "parents", "management", "partnership", "resources",
    ]  # fmt: skip
    assert all(label and label[0].isupper() for label in labels.values())


def test_a_taxonomy_file_edited_by_hand_is_read_and_its_mistakes_named(tmp_path: Path) -> None:
    edited = tmp_path / "topics.tsv"
    edited.write_text(
        "# своя таксономия\nsport\tСпорт\tспортивное соревнование; ГТО\nsport\t\tфизкультура\n",
        encoding="utf-8",
    )
    topics = tuple(read_taxonomy(edited))
    assert [(t.code, t.label) for t in topics] == [("sport", "Спорт")]
    marks = find_topics("Подготовка к сдаче норм ГТО и спортивным соревнованиям", topics)
    assert [(m.code, m.words) for m in marks] == [("sport", ["ГТО", "спортивным соревнованиям"])]
    edited.write_text("sport\t\tфизкультура\n", encoding="utf-8")
    with pytest.raises(ValueError, match="нет названия"):
        read_taxonomy(edited)
    edited.write_text("sport физкультура\n", encoding="utf-8")
    with pytest.raises(ValueError, match="строка 1"):
        read_taxonomy(edited)


def _plan(path: Path, before: list[str], rows: list[tuple[str, ...]], title: str | None = None) -> Path:
    """A school's plan: its name, `before` paragraphs, then a plan table of `rows` (a row of one
    cell is a section heading merged across the table)."""
    document = docx.Document()
    document.add_paragraph("МБОУ «Средняя общеобразовательная школа № 3»")
    document.add_paragraph("ПЛАН")
    document.add_paragraph(title or "мероприятий по переходу школы в эффективный режим работы на 2025 год")
    for paragraph in before:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, value in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = value
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1:
            merged = cells[0].merge(cells[-1])
            merged.text = row[0]
            continue
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    document.save(path)
    return path


ROWS = [
    ("1. Повышение учебной мотивации обучающихся",),
    (
        "1.1.",
        "Проведение предметных недель и олимпиад",
        "октябрь 2025 г.",
        "Иванова А.А., завуч",
        "план недель",
    ),
    ("1.2.", "Профориентационные встречи с выпускниками", "ноябрь 2025 г.", "Петров Б.Б.", "встречи"),
    ("2. Работа с обучающимися, имеющими риски учебной неуспешности",),
    (
        "2.1.",
        "Составление списка обучающихся группы риска",
        "до 01.10.2025",
        "классные руководители",
        "список",
    ),
    ("2.2.", "Дополнительные занятия по математике", "", "", "динамика успеваемости"),
    ("3. Организационные мероприятия",),
    ("3.1.", "Совещание при директоре по итогам четверти", "декабрь 2025 г.", "Сидорова В.В.", "протокол"),
]


def test_risks_listed_in_a_paragraph_and_the_sections_under_them(tmp_path: Path) -> None:
    listed = f"Рисковые направления: 1) {MOTIVATION}; 2) {FAILURE}; 3) {PARENTS}."
    document = extract(_plan(tmp_path / "list.docx", ["Цель: повышение качества образования.", listed], ROWS))
    risks = document.meta.risks
    assert [(r.number, r.title, r.profile) for r in risks] == [
        ("1", MOTIVATION.capitalize(), "motivation"),
        ("2", FAILURE.capitalize(), "failure"),
        ("3", PARENTS.capitalize(), "parents"),
    ]
    assert all(r.raw for r in risks)
    by_number = {a.number: a.risk for a in document.activities}
    assert by_number == {
        "1.1": risks[0].title,
        "1.2": risks[0].title,
        "2.1": risks[1].title,
        "2.2": risks[1].title,
        "3.1": None,
    }
    findings = {f.rule: f for f in risk_findings(document)}
    assert set(findings) == {"risk_without_activities", "risk_no_deadline", "risk_no_responsible"}
    assert findings["risk_without_activities"].evidence["risk"] == risks[2].title
    assert findings["risk_no_deadline"].plan == "2.2" == findings["risk_no_responsible"].plan
    assert "1 из 2 мероприятий" in findings["risk_no_deadline"].message


def test_risks_listed_with_commas_are_split_only_into_official_profiles(tmp_path: Path) -> None:
    named = f"Рисковые профили школы: {MOTIVATION}, {PARENTS}."
    document = extract(_plan(tmp_path / "commas.docx", [named], ROWS[:3]))
    assert [r.profile for r in document.meta.risks] == ["motivation", "parents"]
    one = "Риски школы: отток обучающихся, в том числе в школы города."
    document = extract(_plan(tmp_path / "one.docx", [one], ROWS[:3]))
    assert [r.title for r in document.meta.risks] == ["Отток обучающихся, в том числе в школы города"]


def test_risks_listed_as_dashed_lines_after_the_words_that_announce_them(tmp_path: Path) -> None:
    before = [
        "По итогам самодиагностики определены рисковые профили школы:",
        f"- {MOTIVATION};",
        f"- {FAILURE}.",
        "1. Цель программы",
    ]
    document = extract(_plan(tmp_path / "dashes.docx", before, ROWS[:3]))
    assert [(r.number, r.title) for r in document.meta.risks] == [
        (None, MOTIVATION.capitalize()),
        (None, FAILURE.capitalize()),
    ]
    assert [f.rule for f in risk_findings(document)] == ["risk_without_activities"]


def test_a_plan_for_one_risk_named_in_its_title_puts_every_activity_under_it(tmp_path: Path) -> None:
    title = f"реализации антирисковой программы по направлению (рисковому профилю) «{FAILURE.capitalize()}»"
    document = extract(_plan(tmp_path / "one.docx", [], ROWS[4:6] + ROWS[7:], title=title))
    assert [(r.title, r.source, r.profile) for r in document.meta.risks] == [
        (FAILURE.capitalize(), "title", "failure")
    ]
    assert {a.risk for a in document.activities} == {FAILURE.capitalize()}


def test_risks_read_from_sections_labelled_risk(tmp_path: Path) -> None:
    rows = [
        (f"Риск 1. {FAILURE.capitalize()}",),
        ("1.", "Индивидуальные консультации для обучающихся", "еженедельно", "учителя-предметники", "журнал"),
        (f"Риск 2. {MOTIVATION.capitalize()}",),
        ("1.", "Участие в конкурсах и олимпиадах", "в течение года", "классные руководители", "дипломы"),
        ("2.", "Экскурсии на предприятия района", "апрель 2025 г.", "Орлова Г.Г.", "отчёт"),
    ]
    document = extract(_plan(tmp_path / "sections.docx", [], rows))
    risks = document.meta.risks
    assert [(r.number, r.title, r.source, r.profile) for r in risks] == [
        ("1", FAILURE.capitalize(), "heading", "failure"),
        ("2", MOTIVATION.capitalize(), "heading", "motivation"),
    ]
    assert [(a.section, a.risk) for a in document.activities] == [
        ("1", risks[0].title),
        ("2", risks[1].title),
        ("2", risks[1].title),
    ]
    assert risk_findings(document) == []


def test_risks_read_from_a_plan_column_and_from_word_lists(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("ДОРОЖНАЯ КАРТА")
    document.add_paragraph("реализации антирисковой программы школы на 2025 год")
    document.add_paragraph("Выявленные риски школы:")
    document.add_paragraph(MOTIVATION, style="List Bullet")
    document.add_paragraph(PARENTS, style="List Bullet")
    document.add_paragraph("Программа рассмотрена на педагогическом совете")
    header = ("Рисковый профиль", "Мероприятие", "Срок", "Ответственный")
    rows = [
        (f"1. {MOTIVATION.capitalize()}", "Предметные недели", "октябрь 2025 г.", "Иванова А.А."),
        (f"1. {MOTIVATION.capitalize()}", "Олимпиады школьного этапа", "ноябрь 2025 г.", "Петров Б.Б."),
        (f"2. {FAILURE.capitalize()}", "Консультации для обучающихся группы риска", "еженедельно", ""),
    ]
    table = document.add_table(rows=1, cols=len(header))
    for cell, value in zip(table.rows[0].cells, header, strict=True):
        cell.text = value
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value
    document.save(tmp_path / "column.docx")
    found = extract(tmp_path / "column.docx")
    assert [(r.number, r.title, r.source) for r in found.meta.risks] == [
        ("1", MOTIVATION.capitalize(), "list"),  # listed first, numbered in the column
        (None, PARENTS.capitalize(), "list"),
        ("2", FAILURE.capitalize(), "column"),
    ]
    assert [a.risk for a in found.activities] == [MOTIVATION.capitalize()] * 2 + [FAILURE.capitalize()]
    assert [f.rule for f in risk_findings(found)] == ["risk_without_activities", "risk_no_responsible"]


def test_risks_read_from_a_passport_row_and_not_from_a_plan_row(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("ПРОГРАММА перехода школы в эффективный режим работы на 2025-2026 годы")
    passport = document.add_table(rows=2, cols=2)
    passport.rows[0].cells[0].text, passport.rows[0].cells[1].text = "Сроки реализации", "2025-2026 годы"
    passport.rows[1].cells[0].text = "Рисковые профили школы"
    passport.rows[1].cells[1].text = f"1) {MOTIVATION}; 2) {PARENTS}"
    document.add_paragraph("План мероприятий")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, value in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = value
    row = ("1.", "Определение рисковых профилей школы", "март 2025 г.", "Иванова А.А.", "профили")
    for cell, value in zip(table.add_row().cells, row, strict=True):
        cell.text = value
    document.save(tmp_path / "passport.docx")
    found = extract(tmp_path / "passport.docx")
    assert [(r.number, r.title, r.profile) for r in found.meta.risks] == [
        ("1", MOTIVATION.capitalize(), "motivation"),
        ("2", PARENTS.capitalize(), "parents"),
    ]
    assert found.activities[0].risk is None
    assert [f.rule for f in risk_findings(found)] == ["risk_without_activities"] * 2


def test_a_document_naming_no_risk_has_none(tmp_path: Path) -> None:
    document = extract(_plan(tmp_path / "none.docx", ["Задачи: выявить рисковые факторы."], ROWS))
    assert document.meta.risks == []
    assert {a.risk for a in document.activities} == {None}


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as found:
        yield found


def test_the_store_filters_activities_by_topic_in_sql(url: str, tmp_path: Path) -> None:
    path = _plan(tmp_path / "plan.docx", [f"Рисковые направления: 1) {MOTIVATION}; 2) {FAILURE}."], ROWS)
    extracted = extract(path)
    with open_store(url) as store:
        assert store.ingest(path).status == "ok"
        every = store.activities()
        assert [[t.code for t in a.topics] for a in every] == [
            [t.code for t in a.topics] for a in extracted.activities
        ]
        assert [a.risk for a in every] == [a.risk for a in extracted.activities]
        at_risk = store.activities(topic="at_risk")
        expected = [a.title for a in extracted.activities if any(t.code == "at_risk" for t in a.topics)]
        assert [a.title for a in at_risk] == expected and expected
        either = store.activities(topic=["at_risk", "management"])
        assert len(either) == store.count_activities(topic=["at_risk", "management"]) > len(at_risk)
        assert store.activities(topic="resources") == []
        frame = store.activities_frame(topic="at_risk")
        assert list(frame["title"]) == expected
        assert all("at_risk" in codes.split("; ") for codes in frame["topics"])
        listing = {line.title: line for line in store.activity_listing()}
        group = listing["Составление списка обучающихся группы риска"]
        assert group.topics == ("at_risk",) and group.topic_words == "группы риска"
        stored = store.document(every[0].document_id).as_document()
        assert stored.meta.risks == extracted.meta.risks
        assert risk_findings(stored) == risk_findings(extracted)
        with store.engine.connect() as connection:
            counted = connection.execute(
                text("SELECT topic, count(*) FROM activity_topics GROUP BY topic ORDER BY topic")
            ).all()
        assert dict(counted)["at_risk"] == len(expected)
        store.delete_document(every[0].document_id)
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM activity_topics")).scalar_one() == 0
        again = store.ingest(path)
        assert again.status == "ok"
        assert store.document(again.document_id).as_document().meta.risks == extracted.meta.risks


def test_migration_0012_gives_stored_activities_their_topics(url: str) -> None:
    engine = create_store_engine(url)
    migrate(engine, "0011")
    titles = [
        "Родительское собрание «Успех каждого»",
        "Утверждение плана",
        "Обновление материально-технической базы",
    ]
    with engine.begin() as connection:
        document_id = connection.execute(
            text(
                "INSERT INTO documents (key, file_name, location, status, version, activity_count,"
                " created_at) VALUES ('sha256:x', 'old.docx', 'old.docx', 'ok', 1, 3, CURRENT_TIMESTAMP)"
                " RETURNING id"
            )
        ).scalar_one()
        for position, title in enumerate(titles, start=1):
            connection.execute(
                text(
                    "INSERT INTO activities (document_id, position, title, persons, orgs, person_mentions,"
                    " org_mentions, search_text, lemmas) VALUES (:d, :p, :t, '[]', '[]', '[]', '[]', :t, :t)"
                ),
                {"d": document_id, "p": position, "t": title},
            )
    engine.dispose()
    with open_store(url) as store:
        marks = {a.title: [(t.code, t.words) for t in a.topics] for a in store.activities()}
        assert marks == {
            titles[0]: [("parents", ["Родительское собрание"])],
            titles[1]: [],
            titles[2]: [("resources", ["материально-технической базы"])],
        }
        assert [a.title for a in store.activities(topic="parents")] == [titles[0]]
        frame = store.activities_frame()
        assert list(frame["topics"].fillna("")) == ["parents", "", "resources"]
        assert frame["risk"].isna().all()


def test_the_api_filters_activities_by_topic(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'api.db'}") as store:
        assert store.ingest(_plan(tmp_path / "plan.docx", [], ROWS)).status == "ok"
        token = add_accounts(store)["analyst"]
        client = TestClient(create_app(store))
        headers = {"Authorization": f"Bearer {token}"}
        page = client.get("/activities", params={"topic": "at_risk"}, headers=headers).json()
        assert page["total"] == len(store.activities(topic="at_risk")) == len(page["items"]) > 0
        assert all("at_risk" in [t["code"] for t in item["topics"]] for item in page["items"])
        both = client.get(
            "/activities", params=[("topic", "at_risk"), ("topic", "management")], headers=headers
        )
        assert both.json()["total"] == store.count_activities(topic=["at_risk", "management"]) > page["total"]


def test_export_takes_topics_and_names_an_unknown_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    with open_store(url) as store:
        assert store.ingest(_plan(tmp_path / "plan.docx", [], ROWS)).status == "ok"
        expected = store.count_activities(topic=["at_risk", "management"])
    out = tmp_path / "out.csv"
    args = ["export", "--out", str(out), "--topic", "at_risk", "--topic", "management", "--db", url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    exported = pd.read_csv(out)
    assert len(exported) == expected > 0
    assert all({"at_risk", "management"} & set(codes.split("; ")) for codes in exported["topics"])
    wrong = CliRunner().invoke(app, ["export", "--out", str(out), "--topic", "sport", "--db", url])
    assert wrong.exit_code == 2
    assert wrong.output.startswith("неизвестная тема «sport»: есть diagnostics (Диагностика и мониторинг)")
    assert len(wrong.output.strip().splitlines()) == 1


def test_a_risk_and_a_section_are_one_by_their_content_words() -> None:
    assert profile_of("Высокая доля детей с ограниченными возможностями здоровья") == "disabilities"
    assert profile_of("Дефицит кадров: нет учителей физики и химии") == "staff_shortage"
    assert profile_of("Недостаточное количество спортивных секций") is None
    ovz = "Высокая доля обучающихся с ОВЗ"
    assert closeness(ovz, "Работа с детьми с ограниченными возможностями здоровья") > 0.8
    assert closeness(FAILURE, "Повышение учебной мотивации обучающихся") < 0.5
    assert closeness(MOTIVATION, "Задача 1. Повысить учебную мотивацию обучающихся") == 1.0
