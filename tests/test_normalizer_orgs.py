"""Responsible cells and order points split into people, positions and organisations."""

from __future__ import annotations

import pytest

from extractor import extract
from normalizer.orgs import nominative_phrase, school_numbers
from normalizer.responsible import addressee, parse_directive, parse_responsible
from tests.conftest import corpus_files, gold_for


def split(text: str) -> tuple[list[str], list[str]]:
    found = parse_responsible(text)
    return [p.person.name for p in found.persons], [o.name for o in found.orgs]


@pytest.mark.parametrize(
    ("text", "persons", "orgs"),
    [
        ("МЦОКО (Закурдаева О.Б.)", ["Закурдаева О.Б."], ["МЦОКО"]),
        ("МЦОКО, ОУ района", [], ["МЦОКО", "ОУ района"]),
        ("Дешин С.Л., ОУ района", ["Дешин С.Л."], ["ОУ района"]),
        ("КОПО Л.Г. Михайлюк ЛОИРО О.В. Ковальчук", ["Михайлюк Л.Г.", "Ковальчук О.В."], ["КОПО", "ЛОИРО"]),
        ("Руководители МОУ №№ 2, 7, 14", [], ["Руководители МОУ №№ 2, 7, 14"]),
        ("Отдел образования Руководители ОО", [], ["Отдел образования", "Руководители ОО"]),
        (
            "Иванов П.П., заместитель начальника УО, муниципальные координаторы, методисты ЦДО",
            ["Иванов П.П."],
            ["муниципальные координаторы", "методисты ЦДО"],
        ),
        (
            "Руководители МОУ, Петрова М.В., муниципальный координатор ВПР, школьные координаторы ВПР.",
            ["Петрова М.В."],
            ["Руководители МОУ", "школьные координаторы ВПР"],
        ),
        (
            "руководители ОО председатель городского родительского комитета",
            [],
            ["руководители ОО", "председатель городского родительского комитета"],
        ),
        (
            "Руководители и заместители руководителей по УВР",
            [],
            ["Руководители и заместители руководителей по УВР"],
        ),
        ("муниципальная координационная группа", [], ["муниципальная координационная группа"]),
        ("Заведующий Отделом образования", [], ["Заведующий Отделом образования"]),
        ("Участники проекта «500+». кураторы", [], ["Участники проекта «500+»", "кураторы"]),
        ("ИВАНОВА О.В., ЗАМЕСТИТЕЛЬ НАЧАЛЬНИКА", ["Иванова О.В."], []),
        (
            "Иванова Ольга Викторовна, директор школы, Петров Иван Сергеевич – заместитель директора",
            ["Иванова О.В.", "Петров И.С."],
            [],
        ),
        ("Отдел образования (Петрова А.А.), ОО", ["Петрова А.А."], ["Отдел образования", "ОО"]),
    ],
)
def test_responsible_split(text: str, persons: list[str], orgs: list[str]) -> None:
    assert split(text) == (persons, orgs)


def test_positions_stay_beside_the_name() -> None:
    found = parse_responsible(
        "Сидорова Н.В., директор МОБУ СОШ № 8 им. А.Г. Ломакина "
        "Кузнецов И.В., учитель- дефектолог МБУ «Центр»"
    )
    assert [(p.person.name, p.position) for p in found.persons] == [
        ("Сидорова Н.В.", "директор МОБУ СОШ № 8 им. А.Г. Ломакина"),
        ("Кузнецов И.В.", "учитель- дефектолог МБУ «Центр»"),
    ]
    assert found.orgs == []


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Руководители МОУ №№ 2, 7, 14, 27", ["2", "7", "14", "27"]),
        ("Кураторы из МОУ №№ 1-3 и 15", ["1", "2", "3", "15"]),
        ("директор Средней школы № 21", ["21"]),
        ("Руководители ОО", []),
    ],
)
def test_school_numbers_expand(text: str, numbers: list[str]) -> None:
    assert school_numbers(text) == numbers
    if numbers:
        assert parse_responsible(text).orgs[0].school_numbers == numbers


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Муниципальному центру оценки качества образования (Петрова О.Б.) разместить приказ",
            "Муниципальный центр оценки качества образования",
        ),
        (
            "Общеобразовательным учреждениям района, работающим в сложных условиях, обеспечить",
            "Общеобразовательные учреждения района",
        ),
        (
            "Руководителям муниципальных общеобразовательных учреждений разработать планы",
            "Руководители муниципальных общеобразовательных учреждений",
        ),
    ],
)
def test_directive_addressee_in_the_nominative(text: str, name: str) -> None:
    unit = addressee(text)
    assert unit is not None and unit.name == name


@pytest.mark.parametrize(
    "text",
    [
        "Утвердить план мероприятий.",
        "Контроль исполнения настоящего приказа оставляю за собой.",
        "В рамках реализации модели закрепить за школами наставников.",
        "Главному специалисту Управления образования Баркаловой Е.В. обеспечить",
    ],
)
def test_no_addressee(text: str) -> None:
    assert parse_directive(text).orgs == []


@pytest.mark.parametrize(
    ("text", "orgs"),
    [
        (
            "Специалисту Баркаловой Е.В. через взаимодействие с рабочей группой в сфере деятельности:",
            ["рабочая группа в сфере деятельности"],
        ),
        (
            "Отделу образования совместно с МЦОКО и руководителями ОО провести",
            ["Отдел образования", "МЦОКО", "руководители ОО"],
        ),
        (
            "Организовать совместно с Муниципальным центром оценки, в срок до 01.09.2021, семинар.",
            ["Муниципальный центр оценки"],
        ),
        (
            "Руководителям ОО при участии методистов ЦДО, педагогов-психологов обеспечить",
            ["Руководители ОО", "методисты ЦДО", "педагоги-психологи"],
        ),
        (
            "Отделу образования во взаимодействии с центром подготовки к ОГЭ и ЕГЭ провести",
            ["Отдел образования", "центр подготовки к ОГЭ и ЕГЭ"],
        ),
        ("Отделу образования совместно с Ивановым И.И. провести совещание.", ["Отдел образования"]),
        ("Утвердить план мероприятий, проводимых совместно с родителями обучающихся.", []),
    ],
)
def test_directive_names_the_units_working_with_its_addressee(text: str, orgs: list[str]) -> None:
    assert [o.name for o in parse_directive(text).orgs] == orgs


@pytest.mark.parametrize("path", corpus_files(".txt", ".docx"), ids=lambda p: p.name)
def test_corpus_people_and_orgs_match_gold(path) -> None:
    gold = gold_for(path)
    document = extract(path)
    by_title = {a.title: a for a in document.activities}
    checked = 0
    for expected in gold["activities"]:
        got = by_title.get(expected["title"])
        if got is None:
            continue
        checked += 1
        assert got.persons == expected["persons"], expected["responsible_raw"]
        assert got.orgs == expected["orgs"], expected["responsible_raw"]
        assert [m.name for m in got.person_mentions] == got.persons
        assert all(m.raw in got.responsible_raw for m in got.person_mentions)
    assert checked >= 0.9 * len(gold["activities"])


@pytest.mark.parametrize(
    ("text", "nominative"),
    [
        ("информационной системой мониторинга карт", "информационная система мониторинга карт"),
        ("рабочей группой в сфере деятельности", "рабочая группа в сфере деятельности"),
        ("Общеобразовательным учреждениям района", "Общеобразовательные учреждения района"),
        ("комитет общего образования", "комитет общего образования"),
        ("Муниципальным центром оценки качества", "Муниципальный центр оценки качества"),
        ("областным государственным учреждением", "областное государственное учреждение"),
    ],
)
def test_nominative_phrase(text: str, nominative: str) -> None:
    assert nominative_phrase(text) == nominative
