"""A plain-text order of one very long line is read in time linear in its length: what the text
before each name says of it is read once, not by rescanning all the text before it, and gives
what the rescanning gave."""

from __future__ import annotations

import random
import re

from normalizer.persons import find_persons, governed_case
from normalizer.preceding import _NAMED_AFTER, Preceding

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


def test_a_long_line_is_read_without_copying_the_text_before_each_match() -> None:
    text = CountingStr(ORDER * 200)
    CountingStr.taken = 0
    persons = find_persons(text)
    assert len(persons) == 4 * 200
    assert CountingStr.taken < LINEAR * len(text)
