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
