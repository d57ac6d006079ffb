"""The normalizer stage over whole documents: extract() output is normalized, raw kept beside."""

from __future__ import annotations

import pytest

from extractor import extract
from model import Activity, Directive, Document
from normalizer.pipeline import nominative_names, normalize_document
from tests.conftest import corpus_files, gold_for


def test_raw_extraction_leaves_people_empty() -> None:
    (path,) = [p for p in corpus_files(".txt") if p.name.startswith("000_")]
    raw = extract(path, normalize=False)
    assert all(a.persons == [] and a.orgs == [] for a in raw.activities)
    normalized = normalize_document(raw)
    assert any(a.persons for a in normalized.activities)
    assert all(a.persons == [] for a in raw.activities), "the input document is not changed"


def test_document_settles_oblique_names() -> None:
    document = Document(
        doc_id="x",
        source="x.txt",
        format="txt",
        activities=[Activity(title="Мониторинг", responsible_raw="МЦОКО (Закурдаева О.Б.)")],
        directives=[Directive(number="3", text="Контроль возложить на методиста МЦОКО Закурдаеву О.Б.")],
    )
    normalized = normalize_document(document)
    assert normalized.activities[0].persons == ["Закурдаева О.Б."]
    assert normalized.activities[0].orgs == ["МЦОКО"]
    assert normalized.activities[0].org_mentions[0].expansions["МЦОКО"]
    (mention,) = normalized.directives[0].person_mentions
    assert (mention.name, mention.raw) == ("Закурдаева О.Б.", "Закурдаеву О.Б.")


def test_sub_points_carry_the_people_and_units_of_their_point() -> None:
    lead_in = "Методисту МЦОКО Закурдаевой О.Б. во взаимодействии с руководителями ОО:"
    document = Document(
        doc_id="x",
        source="x.txt",
        format="txt",
        directives=[
            Directive(number="3", text=lead_in),
            Directive(number="3.1", text="Провести мониторинг."),
            Directive(number="3.1.1", text="Подготовить справку совместно с ЦДО."),
            Directive(number="3.2", text="Провести семинар при участии заместителя Петровой А.А."),
            Directive(number="4", text="Контроль исполнения приказа оставляю за собой."),
        ],
    )
    points = {d.number: d for d in normalize_document(document).directives}
    assert points["3"].persons == ["Закурдаева О.Б."]
    assert points["3"].orgs == ["руководители ОО"]
    assert (points["3.1"].persons, points["3.1"].orgs) == (points["3"].persons, points["3"].orgs)
    assert points["3.1"].person_mentions == [], "mentions are what the point prints itself"
    assert points["3.1.1"].orgs == ["руководители ОО", "ЦДО"]
    assert points["3.2"].persons == ["Закурдаева О.Б.", "Петрова А.А."]
    assert (points["4"].persons, points["4"].orgs) == ([], [])


def test_a_point_after_an_unnumbered_one_is_not_its_sub_point() -> None:
    document = Document(
        doc_id="x",
        source="x.txt",
        format="txt",
        directives=[
            Directive(number="", text="Утвердить прилагаемый план. Ответственный Сидорова В.Н."),
            Directive(number="1", text="Провести мониторинг."),
            Directive(number="1.1", text="Подготовить справку совместно с ЦДО."),
        ],
    )
    unnumbered, first, sub = normalize_document(document).directives
    assert unnumbered.persons == ["Сидорова В.Н."]
    assert (first.persons, first.orgs) == ([], [])
    assert sub.orgs == ["ЦДО"] and sub.persons == []


def test_nominative_names_skip_ambiguous_forms() -> None:
    assert nominative_names(["Закурдаеву О.Б.", "Дешин С.Л.; Баркаловой Е.В."]) == {
        "Дешин С.Л.",
        "Баркалова Е.В.",
    }


@pytest.mark.parametrize("path", corpus_files(".txt", ".docx"), ids=lambda p: p.name)
def test_corpus_meta_and_directive_people(path) -> None:
    gold = gold_for(path)
    document = extract(path)
    meta = document.model_dump(mode="json")["meta"]
    for field in ("date", "number", "region", "municipality", "plan_period", "signatory"):
        assert meta[field] == gold["meta"][field], field
    assert meta["plan_period_raw"]
    assert {(r["date"], r["number"]) for r in meta["references"]} == {
        (r["date"], r["number"]) for r in gold["meta"]["references"]
    }
    found = {d.number: (d.persons, d.orgs) for d in document.directives}
    expected = {d["number"]: (d["persons"], d["orgs"]) for d in gold["directives"]}
    assert found == expected


def test_normalizer_imports_before_the_extractor() -> None:
    import subprocess
    import sys

    code = "import normalizer.pipeline, normalizer.registry, normalizer.glossary; import extractor"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_deadlines_read_against_the_plan_period() -> None:
    document = Document(
        doc_id="x",
        source="x.txt",
        format="txt",
        meta={"plan_period": {"start": "2019-09-01", "end": "2020-08-31"}},
        activities=[
            Activity(title="Мониторинг", deadline_raw="декабрь"),
            Activity(title="Совещание", deadline_raw="март"),
            Activity(title="Отчёт", deadline_raw=None),
        ],
    )
    whens = [a.when for a in normalize_document(document).activities]
    assert [(w.kind, str(w.intervals[0].start) if w.intervals else None) for w in whens] == [
        ("period", "2019-12-01"),
        ("period", "2020-03-01"),
        ("unspecified", None),
    ]
