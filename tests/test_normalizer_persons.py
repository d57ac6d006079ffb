"""People in canonical "Фамилия И.О." form."""

from __future__ import annotations

import pytest

from normalizer.persons import canonical_person, find_persons


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("С.Харланова", "Харланова С."),
        ("Л.М. Миннулина", "Миннулина Л.М."),
        ("Е.П. Митина", "Митина Е.П."),
        ("Баркалова Е.В., главный специалист", "Баркалова Е.В."),
        ("ХАРЛАНОВА С.В.", "Харланова С.В."),
        ("МЦОКО (Закурдаева О.Б.)", "Закурдаева О.Б."),
        ("Сирота Л.И. - директор МОБУ СОШ № 36", "Сирота Л.И."),
        ("КОПО Л.Г. Михайлюк", "Михайлюк Л.Г."),
        ("СЕМЁНОВА А. А.", "Семёнова А.А."),
    ],
)
def test_canonical_form(text: str, name: str) -> None:
    assert canonical_person(text) == name


def test_oblique_surname_goes_to_nominative() -> None:
    assert canonical_person("возложить на заместителя начальника Стаценко В.В.") == "Стаценко В.В."
    assert canonical_person("поручить Иванову И.И.") in ("Иванов И.И.", "Иванова И.И.")


@pytest.mark.parametrize(
    "text", ["директор МОБУ СОШ № 8", "Средние школы №№ 2, 7", "Начальник Управления образования"]
)
def test_no_person(text: str) -> None:
    assert find_persons(text) == []


def test_several_people_in_order() -> None:
    found = find_persons(
        "- Баркалова Е.В. - главный специалист; - Земляненко Н.В. - директор МОБУ лицея № 7;"
    )
    assert [p.name for p in found] == ["Баркалова Е.В.", "Земляненко Н.В."]
    assert [p.raw for p in found] == ["Баркалова Е.В.", "Земляненко Н.В."]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Контроль возложить на старшего методиста МЦОКО Закурдаеву О.Б.", "Закурдаева О.Б."),
        ("поручить заместителю начальника Петрову И.И.", "Петров И.И."),
        (
            "Главному специалисту Управления образования г. Таганрога Баркаловой Е.В. обеспечить",
            "Баркалова Е.В.",
        ),
        (
            "назначить главного специалиста Управления образования г. Таганрога Баркалову Е.В.",
            "Баркалова Е.В.",
        ),
        ("Муниципальному центру (Закурдаева О.Б.) разместить", "Закурдаева О.Б."),
        ("Сельменских А.В., главный специалист", "Сельменских А.В."),
        ("Кравецкой А.А. обеспечить", "Кравецкая А.А."),
    ],
)
def test_surname_case_follows_the_context(text: str, name: str) -> None:
    assert canonical_person(text) == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ивановой Ольге Викторовне обеспечить", "Иванова О.В."),
        ("назначить Петрова Ивана Сергеевича", "Петров И.С."),
        ("Смирнова Анна Петровна, директор", "Смирнова А.П."),
    ],
)
def test_full_names_with_patronymic(text: str, name: str) -> None:
    assert canonical_person(text) == name


def test_school_named_after_someone_is_no_person() -> None:
    found = find_persons("Булычева И.Ю., директор МОБУ СОШ № 8 им. А.Г. Ломакина")
    assert [p.name for p in found] == ["Булычева И.Ю."]


def test_known_names_settle_an_ambiguous_surname() -> None:
    (alone,) = find_persons("Закурдаеву О.Б.")
    assert {alone.name, *alone.alternatives} == {"Закурдаев О.Б.", "Закурдаева О.Б."}
    (settled,) = find_persons("Закурдаеву О.Б.", known={"Закурдаева О.Б."})
    assert settled.name == "Закурдаева О.Б."
    assert settled.raw == "Закурдаеву О.Б."


def test_order_of_name_parts_is_reported() -> None:
    first, second = find_persons("КОПО Л.Г. Михайлюк, Дешин С.Л.")
    assert (first.surname_first, second.surname_first) == (False, True)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # The dictionary knows only the man's lexeme of these surnames ("Песков"), so it reads
        # "Пескова" as his genitive; a name no word governs is the woman's nominative.
        ("Пескова Л.Н., учитель", "Пескова Л.Н."),
        ("МКУ «ИМЦ» (Пескова Л.Н.)", "Пескова Л.Н."),
        ("возложить на Пескова Л.Н.", "Песков Л.Н."),
    ],
)
def test_feminine_surname_of_a_masculine_only_lexeme(text: str, name: str) -> None:
    assert [p.name for p in find_persons(text)] == [name]
