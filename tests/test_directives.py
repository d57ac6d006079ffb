"""The operative part of orders: numbered points after "ПРИКАЗЫВАЮ:"."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.readers import read
from extractor.structure.directives import extract_directives
from extractor.structure.operative import continues
from model import Paragraph, RawDocument, Row, Table
from tests.conftest import corpus_files, gold_for


def doc(*blocks: str | Table) -> RawDocument:
    return RawDocument(
        path=Path("doc.txt"),
        format="txt",
        blocks=[Paragraph(b) if isinstance(b, str) else b for b in blocks],
    )


def points(*blocks: str | Table) -> list[tuple[str, str]]:
    return [(d.number, d.text) for d in extract_directives(doc(*blocks))]


SIGNATURE = ("Начальник управления образования", "И.И. Иванов")


def test_numbering_sequence() -> None:
    assert continues(None, (1,))
    assert continues((1,), (2,))
    assert continues((6,), (6, 1))
    assert continues((6, 1), (6, 2))
    assert continues((6, 2), (7,))
    assert not continues((2,), (15,))
    assert not continues(None, (3,))
    assert not continues((1,), (1,))


@pytest.mark.parametrize(
    "marker",
    ["ПРИКАЗЫВАЮ:", "П Р И К А З Ы В А Ю:", "приказываю:", "ПОСТАНОВЛЯЮ:", "п р и к а з ы в а ю"],
)
def test_marker_spellings(marker: str) -> None:
    assert points(
        "В целях ...", marker, "1. Утвердить план.", "2. Контроль оставляю за собой.", *SIGNATURE
    ) == [
        ("1", "Утвердить план."),
        ("2", "Контроль оставляю за собой."),
    ]


def test_marker_closing_the_preamble_in_bold() -> None:
    found = points("Во исполнение приказа департамента, **приказываю:**", "1. Утвердить план.", *SIGNATURE)
    assert found == [("1", "Утвердить план.")]


def test_marker_and_first_point_on_one_line() -> None:
    assert points("ПРИКАЗЫВАЮ: 1. Утвердить план.", "2. Разместить приказ.", *SIGNATURE) == [
        ("1", "Утвердить план."),
        ("2", "Разместить приказ."),
    ]


def test_continuations_and_bullets_join_with_one_space() -> None:
    found = points(
        "ПРИКАЗЫВАЮ:",
        "1. Создать рабочую группу в составе:",
        "- Иванова А.А. - директор МОБУ СОШ № 8;",
        "- Петров Б.Б. - директор МОБУ СОШ № 35",
        "2. Организовать на муниципальном уровне",
        "деятельность по разработке организационно-",
        "методического сопровождения школ.",
        "2.1. Провести семинар до",
        "15 мая 2021 года.",
        *SIGNATURE,
    )
    assert found == [
        (
            "1",
            "Создать рабочую группу в составе: - Иванова А.А. - директор МОБУ СОШ № 8;"
            " - Петров Б.Б. - директор МОБУ СОШ № 35",
        ),
        (
            "2",
            "Организовать на муниципальном уровне деятельность по разработке"
            " организационно-методического сопровождения школ.",
        ),
        ("2.1", "Провести семинар до 15 мая 2021 года."),
    ]


def test_table_inside_the_operative_part_is_skipped() -> None:
    table = Table(rows=[Row(["Школа-наставник", "Курируемая школа"]), Row(["МОБУ СОШ № 1", "МОБУ СОШ № 2"])])
    found = points("ПРИКАЗЫВАЮ:", "1. Закрепить за школами:", table, "2. Утвердить карту.", *SIGNATURE)
    assert found == [("1", "Закрепить за школами:"), ("2", "Утвердить карту.")]


def test_part_ends_at_the_signature_even_when_numbers_follow() -> None:
    found = points(
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план.",
        "Начальник отдела образования",
        "администрации района",
        "С.Харланова",
        "2. Организационные мероприятия",
    )
    assert found == [("1", "Утвердить план.")]


def test_part_ends_at_a_table_with_no_point_after_it() -> None:
    table = Table(rows=[Row(["№", "Мероприятие", "Срок"]), Row(["1", "Совещание", "май"])])
    found = points("ПРИКАЗЫВАЮ:", "1. Утвердить план.", table, "Пояснительная записка", "2. Анализ")
    assert found == [("1", "Утвердить план.")]


def test_part_ends_at_an_annex_heading() -> None:
    found = points("ПРИКАЗЫВАЮ:", "1. Утвердить план.", "Приложение 1", "2. Анализ результатов")
    assert found == [("1", "Утвердить план.")]


def test_page_numbers_between_lines_are_dropped() -> None:
    found = points(
        "ПРИКАЗЫВАЮ:", "1. Утвердить план", "2", "мероприятий.", "- 3 -", "2. Контроль оставляю.", *SIGNATURE
    )
    assert found == [("1", "Утвердить план мероприятий."), ("2", "Контроль оставляю.")]


def test_wrapped_line_beginning_with_the_next_number_is_text() -> None:
    found = points(
        "ПРИКАЗЫВАЮ:",
        "1. Проводить консультации не реже",
        "2. раз в месяц.",
        "2. Контроль оставляю.",
        *SIGNATURE,
    )
    assert found == [("1", "Проводить консультации не реже 2. раз в месяц."), ("2", "Контроль оставляю.")]


def test_word_paragraph_with_line_breaks() -> None:
    found = points(
        "ПРИКАЗЫВАЮ:\n1. Утвердить план.\n2. Контроль оставляю за собой.", "Начальник\nИ.И. Иванов"
    )
    assert found == [("1", "Утвердить план."), ("2", "Контроль оставляю за собой.")]


def test_document_without_operative_part() -> None:
    assert points("ПЛАН", "по сопровождению школ", "1. Совещание", "2. Семинар") == []


@pytest.mark.parametrize("path", corpus_files(".txt"), ids=lambda p: p.name)
def test_corpus_directives(path: Path) -> None:
    gold = [(d["number"], d["text"]) for d in gold_for(path)["directives"]]
    assert [(d.number, d.text) for d in extract_directives(read(path))] == gold


def test_position_glued_to_the_last_point_ends_the_part() -> None:
    found = points(
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план.",
        "2. Контроль исполнения настоящего приказа оставляю за собой. Начальник",
        "Управления образования",
        "Л.М. Миннулина",
        "УТВЕРЖДЕН",
    )
    assert found == [
        ("1", "Утвердить план."),
        ("2", "Контроль исполнения настоящего приказа оставляю за собой."),
    ]


def test_word_broken_at_its_hyphen_is_rejoined() -> None:
    found = points("ПРИКАЗЫВАЮ:", "1. Утвердить план Каменск- Уральского округа, обще- и профессионального.")
    assert found == [("1", "Утвердить план Каменск-Уральского округа, обще- и профессионального.")]
