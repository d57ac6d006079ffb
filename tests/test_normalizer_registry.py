"""The person registry: spelling variants merged, different people kept apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from normalizer.registry import PersonRegistry, split_name, surnames_close

LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
surnames = st.text(alphabet="абвгдежзиклмнопрстуфхцчшыьэюя", min_size=3, max_size=12).map(str.capitalize)
initials = st.lists(st.sampled_from(LETTERS), min_size=2, max_size=2).map(
    lambda x: "".join(f"{c}." for c in x)
)


def test_ocr_variants_merge_and_are_kept() -> None:
    registry = PersonRegistry()
    for name in ["Миннулина Л.М.", "Миннуллина Л.М.", "Миннуллина Л.М.", "Булычева И.Ю.", "Бульгачева И.Ю."]:
        registry.add(name, "doc")
    assert len(registry) == 2
    first = registry.find("Миннулина Л.М.")
    assert first is registry.find("Миннуллина Л.М.")
    assert first.name == "Миннуллина Л.М."
    assert dict(first.variants) == {"Миннулина Л.М.": 1, "Миннуллина Л.М.": 2}
    assert registry.canonical("Бульгачева И.Ю.") in ("Булычева И.Ю.", "Бульгачева И.Ю.")


def test_different_people_stay_apart() -> None:
    registry = PersonRegistry()
    for name in ["Иванова О.В.", "Иванова О.А.", "Иванов О.В.", "Петрова О.В."]:
        registry.add(name)
    assert len(registry) == 4


def test_one_initial_joins_only_an_unambiguous_person() -> None:
    registry = PersonRegistry()
    registry.add("Харланова С.В.")
    registry.add("Харланова С.")
    assert len(registry) == 1
    registry.add("Смирнова А.Б.")
    registry.add("Смирнова А.В.")
    registry.add("Смирнова А.")
    assert len(registry) == 4


def test_split_name() -> None:
    assert split_name("Миннулина Л.М.") == ("Миннулина", "ЛМ")
    assert split_name("Харланова С.") == ("Харланова", "С")


@given(surnames, initials, initials)
def test_never_merges_different_initials(surname: str, a: str, b: str) -> None:
    registry = PersonRegistry()
    registry.add(f"{surname} {a}")
    registry.add(f"{surname} {b}")
    assert len(registry) == (1 if a == b else 2)


@given(st.lists(st.tuples(surnames, initials), min_size=1, max_size=12))
def test_every_variant_is_kept_once(names: list[tuple[str, str]]) -> None:
    registry = PersonRegistry()
    for surname, ini in names:
        registry.add(f"{surname} {ini}")
    seen = [v for person in registry for v in person.variants]
    assert sorted(seen) == sorted({f"{s} {i}" for s, i in names})
    for person in registry:
        assert len({split_name(v)[1] for v in person.variants}) == 1
        assert person.name in person.variants


@given(surnames, surnames)
def test_closeness_is_symmetric(a: str, b: str) -> None:
    assert surnames_close(a, b) == surnames_close(b, a)
