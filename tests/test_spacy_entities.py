"""The spaCy component `roadmap_entities`: found by its entry point, and it marks the people, units
and deadlines the normalizer finds, in cells of the corpus and in running text of our making."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from extractor import extract
from normalizer.persons import find_persons
from tests.conftest import corpus_files
from ui.entities_view import marked_html

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "gold"


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.blank("ru")
    pipeline.add_pipe("roadmap_entities")  # by the entry point of the installed package
    return pipeline


def _canonical(doc, label: str) -> set[str]:
    return {e._.canonical for e in doc.ents if e.label_ == label}


def _f1(found: int, wrong: int, missed: int) -> float:
    return 2 * found / (2 * found + wrong + missed) if found else 0.0


def test_gold_persons_and_orgs_of_every_corpus_cell(nlp) -> None:
    counts = {"PER": [0, 0, 0], "ORG": [0, 0, 0]}
    for path in sorted(GOLD.glob("*.json")):
        for activity in json.loads(path.read_text(encoding="utf-8"))["activities"]:
            doc = nlp(activity.get("responsible_raw") or "")
            for label, gold in (("PER", activity.get("persons")), ("ORG", activity.get("orgs"))):
                found, gold = _canonical(doc, label), set(gold or [])
                counts[label][0] += len(found & gold)
                counts[label][1] += len(found - gold)
                counts[label][2] += len(gold - found)
    assert _f1(*counts["PER"]) >= 0.98, counts
    assert _f1(*counts["ORG"]) >= 0.95, counts


def test_same_persons_as_the_normalizer_in_every_point_and_cell(nlp) -> None:
    for path in corpus_files(".txt"):
        document = extract(path)
        for activity in document.activities:
            assert _canonical(nlp(activity.responsible_raw or ""), "PER") == set(activity.persons)
        for directive in document.directives:
            assert _canonical(nlp(directive.text), "PER") == {p.name for p in find_persons(directive.text)}


def test_running_text_gets_people_units_and_deadlines_with_canonical_forms(nlp) -> None:
    doc = nlp(
        "Муниципальному центру оценки качества образования (Петровой А.С.) обеспечить участие ШНОР "
        "в региональной диагностике до 15 марта 2025 года.\n"
        "Ответственные: Сидоренко В.Н., методисты ЦДО\tежемесячно, до 5 числа"
    )
    by_label = {label: [e for e in doc.ents if e.label_ == label] for label in ("PER", "ORG", "DATE")}
    assert [e._.canonical for e in by_label["PER"]] == ["Петрова А.С.", "Сидоренко В.Н."]
    assert "Муниципальный центр оценки качества образования" in _canonical(doc, "ORG")
    assert any(e._.expansion and "ЦДО" in e._.expansion for e in by_label["ORG"])
    whens = [e._.when for e in by_label["DATE"]]
    assert [w.kind for w in whens] == ["date", "recurring"]
    assert whens[0].intervals[0].start.isoformat() == "2025-03-15"
    assert whens[1].recurrence == "monthly"


def test_words_set_in_capitals_are_not_units(nlp) -> None:
    doc = nlp("ПРИКАЗ\nот 01.09.2021 № 100\nПЛАН мероприятий\nОтветственные: МЦОКО, ОУ района")
    assert _canonical(doc, "ORG") == {"МЦОКО", "ОУ района"}


def test_marked_view_escapes_the_text_and_uses_russian_labels() -> None:
    html = marked_html("<img src=x onerror=alert(1)> Иванова О.В., МЦОКО\nдо 15.03.2025")
    assert "<img" not in html and "&lt;img" in html
    assert "Лицо" in html and "Организация" in html and "Срок" in html
