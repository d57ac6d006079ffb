"""A plain-text order of one very long line is read in time linear in its length: what the text
before each name, abbreviation or partner says is read once, not by rescanning all the text
before it, and Natasha reads a long text piece by piece; each gives what the old way gave."""

from __future__ import annotations

import random
import re

import natasha.extractors

from normalizer import name_windows, responsible
from normalizer.glossary import _WORD_BEFORE, _word_before, find_definitions
from normalizer.morph import parses
from normalizer.persons import find_persons, governed_case
from normalizer.preceding import _NAMED_AFTER, Preceding
from normalizer.responsible import (
    _after_short_abbreviation,
    _between_digits,
    _clause_opening,
    _first_verb,
    addressee,
    parse_responsible,
    partners,
)

ORDER = (
    "Контроль за исполнением приказа возложить на старшего методиста МЦОКО Закурдаеву О.Б.; "
    "Муниципальному центру оценки качества образования (Закурдаева О.Б.) разместить приказ на "
    "сайте совместно с ЦДО, обеспечить работу МОУ СОШ № 8 им. А.Г. Ломакина; назначить Петрова "
    "Ивана Сергеевича ответственным за мониторинг; поручить Ивановой Ольге Викторовне, методистам "
    "информационно-методического центра (далее – ИМЦ) провести совещание во взаимодействии с "
    "руководителями ОО; "
)
# Characters read or copied per character of a long text: a few times over, where reading the text
# before each match again took hundreds.
LINEAR = 10
WORDS = [
    *ORDER.split(),
    "на",
    "поручить",
    "им.",
    "имени",
    "(",
    "«Об",
    "образовании»",
    "-",
    "проводимых",
    "И.И.",
    "Иванов",
    ".",
    ",",
    ";",
    "\n",
    "№№",
    "2,",
    "7 ,",
    "14",
    "г.",
    "Т.",
]


class Metered:
    """A compiled pattern that counts the characters of the texts it is handed."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.read = pattern, 0

    def __getattr__(self, name: str):
        method = getattr(self.pattern, name)

        def metered(string: str, *args):
            self.read += len(string)
            return method(string, *args)

        return metered


class CountingStr(str):
    """A text that counts the characters taken out of it by indexing and slicing."""

    taken = 0

    def __getitem__(self, key):  # type: ignore[override]
        piece = super().__getitem__(key)
        CountingStr.taken += len(piece)
        return piece


def random_texts(count: int, seed: int = 7) -> list[str]:
    chance = random.Random(seed)
    return [" ".join(chance.choices(WORDS, k=chance.randint(0, 60))) for _ in range(count)]


def test_the_text_before_a_name_is_read_as_when_cut_there() -> None:
    for text in random_texts(150):
        preceding = Preceding(text)
        for m in re.finditer(r"(?<![А-ЯЁа-яё])[А-ЯЁ]", text):
            before = text[: m.start()]
            assert preceding.case(m.start()) == governed_case(before), (text, m.start())
            assert preceding.named_after(m.start()) == bool(_NAMED_AFTER.search(before)), (text, m.start())


def test_the_word_before_is_found_as_in_the_text_cut_there() -> None:
    for text in random_texts(150):
        for end in range(len(text) + 1):
            expected, found = _WORD_BEFORE.search(text[:end]), _word_before(text, end)
            assert (found and (found.span(), found.group(1))) == (
                expected and (expected.span(), expected.group(1))
            ), (text, end)


def test_a_responsible_text_is_cut_as_when_cut_at_each_comma_and_full_stop() -> None:
    for text in random_texts(150):
        for i, ch in enumerate(text):
            if ch == ",":
                expected = bool(re.search(r"\d\s*$", text[:i]) and re.match(r"\s*\d", text[i + 1 :]))
                assert _between_digits(text, i) == expected, (text, i)
            if ch == ".":
                expected = bool(responsible._SHORT_ABBREVIATION.search(text[:i]))
                assert _after_short_abbreviation(text, i) == expected, (text, i)


def test_a_clause_opens_where_a_comma_or_participle_is_first_seen() -> None:
    def opens_clause(words: str) -> bool:
        return "," in words or any(
            parses(w)[0].tag.POS in ("PRTF", "PRTS") for w in re.findall(r"[а-яё]+", words.lower())
        )

    for text in random_texts(100):
        verb = _first_verb(text)
        opening = _clause_opening(text, verb)
        for m in re.finditer(r"(?<![А-ЯЁа-яё])\S", text):
            if m.start() > verb:
                assert (m.start() >= opening) == opens_clause(text[verb : m.start()]), (text, m.start())


def test_full_names_of_a_long_text_are_those_natasha_reads_in_it_whole() -> None:
    text = ORDER * (3 * name_windows.WINDOW // len(ORDER))
    extractor = name_windows._names_extractor()
    whole = [
        (m.start, m.stop, m.fact.first, m.fact.middle, m.fact.last)
        for m in extractor(text)
        if m.fact.first and m.fact.middle and m.fact.last
    ]
    found = [(a, b, f.first, f.middle, f.last) for a, b, f in name_windows.find_full_names(text)]
    assert found == whole
    assert "".join(piece for _, piece in name_windows.pieces(text)) == text
    assert len(found) == 5 * text.count(ORDER)


def test_the_persons_of_a_long_line_are_those_of_each_order_in_it(monkeypatch) -> None:
    read: list[int] = []
    call = natasha.extractors.Extractor.__call__

    def recording(self, text: str):
        read.append(len(text))
        return call(self, text)

    monkeypatch.setattr(natasha.extractors.Extractor, "__call__", recording)
    one = find_persons(ORDER)
    copies = 100
    found = find_persons(ORDER * copies)
    assert [(p.name, p.start, p.end) for p in found] == [
        (p.name, p.start + k * len(ORDER), p.end + k * len(ORDER)) for k in range(copies) for p in one
    ]
    # Natasha is handed pieces of the long line, never all of it.
    assert max(read) < len(ORDER) * copies // 10


def test_a_long_line_is_read_without_copying_the_text_before_each_match() -> None:
    text = CountingStr(ORDER * 200)
    CountingStr.taken = 0
    persons = find_persons(text)
    definitions = find_definitions(text)
    found = partners(text)
    assert len(persons) == 4 * 200 and len(definitions) == 200 and found
    assert CountingStr.taken < LINEAR * len(text)


def test_a_long_list_of_units_and_people_is_read_once(monkeypatch) -> None:
    schools = [f"МОУ «СОШ № {k}»" for k in range(1, 1001)]
    units = "Руководителям " + ", ".join(schools) + " обеспечить участие"
    metered = Metered(responsible._UNIT_WORD)
    monkeypatch.setattr(responsible, "_UNIT_WORD", metered)
    found = addressee(units)
    assert found is not None and found.raw == "Руководителям " + ", ".join(schools)
    assert metered.read < LINEAR * len(units)

    people = CountingStr(", ".join(f"Иванова И.И., директор МОУ СОШ № {k}" for k in range(1, 1001)))
    CountingStr.taken = 0
    result = parse_responsible(people)
    assert [p.position for p in result.persons] == [f"директор МОУ СОШ № {k}" for k in range(1, 1001)]
    assert CountingStr.taken < LINEAR * len(people)


def test_natasha_reads_each_text_of_an_order_once(tmp_path, monkeypatch) -> None:
    from extractor import extract

    read: list[str] = []
    call = natasha.extractors.Extractor.__call__

    def recording(self, text: str):
        read.append(text)
        return call(self, text)

    monkeypatch.setattr(natasha.extractors.Extractor, "__call__", recording)
    order = tmp_path / "order.txt"
    order.write_text(
        "ПРИКАЗ\n01.09.2024 № 15\nОб утверждении дорожной карты\nПРИКАЗЫВАЮ:\n"
        "1. Утвердить дорожную карту (приложение).\n"
        "2. Назначить Петрова Ивана Сергеевича ответственным за мониторинг.\n"
        "3. Поручить Ивановой Ольге Викторовне провести совещание с руководителями ОО.\n"
        "Начальник управления Сидорова Анна Павловна\n\n"
        "№\tМероприятие\tСрок\tОтветственный\n"
        "1\tАнализ результатов ВПР\tоктябрь 2024\tПетров Иван Сергеевич\n",
        encoding="utf-8",
    )
    document = extract(order)
    assert any("Петров" in name for a in document.activities for name in a.persons), document.activities
    assert read and len(read) == len(set(read))
