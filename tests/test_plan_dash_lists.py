"""Plans written as dash or bullet lines under numbered sections, each item with its own
«Срок: …» and «Ответственный: …» lines, built here."""

from __future__ import annotations

from pathlib import Path

import docx

from extractor import extract

TITLE = "План мероприятий («дорожная карта») по повышению качества образования на 2025 год"


def _docx(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in [TITLE, *lines]:
        document.add_paragraph(line)
    document.save(path)
    return path


def test_dash_items_under_numbered_sections_are_activities_of_those_sections(tmp_path: Path) -> None:
    lines = [
        "1. Работа с педагогическими кадрами",
        "– Семинар для учителей математики по анализу результатов ВПР",
        "Срок: март 2025 г.",
        "Ответственный: МКУ «ИМЦ»",
        "– Курсы повышения квалификации учителей русского языка",
        "Срок: в течение года",
        "Ответственный: руководители ОО",
        "2. Работа с обучающимися",
        "• Диагностика предметных дефицитов обучающихся 5-9 классов:",
        "– по математике;",
        "– по русскому языку.",
        "Срок: сентябрь 2025 г.",
        "Ответственный: заместитель директора по УВР",
        "• Индивидуальные консультации для обучающихся группы риска",
        "Срок: ежемесячно",
        "Ответственный: учителя-предметники",
    ]
    activities = extract(_docx(tmp_path / "plan.docx", lines)).activities
    assert [(a.number, a.section, a.title, a.deadline_raw, a.responsible_raw) for a in activities] == [
        (
            None,
            "1",
            "Семинар для учителей математики по анализу результатов ВПР",
            "март 2025 г.",
            "МКУ «ИМЦ»",
        ),
        (
            None,
            "1",
            "Курсы повышения квалификации учителей русского языка",
            "в течение года",
            "руководители ОО",
        ),
        (
            None,
            "2",
            "Диагностика предметных дефицитов обучающихся 5-9 классов: – по математике; – по русскому языку",
            "сентябрь 2025 г.",
            "заместитель директора по УВР",
        ),
        (
            None,
            "2",
            "Индивидуальные консультации для обучающихся группы риска",
            "ежемесячно",
            "учителя-предметники",
        ),
    ]
    assert {a.section_title for a in activities} == {
        "Работа с педагогическими кадрами",
        "Работа с обучающимися",
    }
    assert activities[0].when is not None and activities[0].when.kind == "period"


def test_a_dash_list_in_a_numbered_item_stays_in_its_title(tmp_path: Path) -> None:
    lines = [
        "1. Проведение диагностических работ по предметам:",
        "- математика,",
        "- русский язык.",
        "Срок: октябрь 2025 г.",
        "Ответственный: руководители ОО",
        "2. Анализ результатов диагностических работ",
        "Срок: ноябрь 2025 г.",
        "Ответственный: МКУ «ИМЦ»",
    ]
    activities = extract(_docx(tmp_path / "plan.docx", lines)).activities
    assert [(a.number, a.title, a.deadline_raw) for a in activities] == [
        (
            "1",
            "Проведение диагностических работ по предметам: - математика, - русский язык",
            "октябрь 2025 г.",
        ),
        ("2", "Анализ результатов диагностических работ", "ноябрь 2025 г."),
    ]


def test_a_section_heading_ending_in_a_colon_heads_its_dash_items(tmp_path: Path) -> None:
    lines = [
        "1. Работа с педагогическими кадрами:",
        "– Семинар для учителей математики",
        "Срок: март 2025 г.",
        "Ответственный: МКУ «ИМЦ»",
        "– Курсы повышения квалификации учителей",
        "Срок: в течение года",
        "Ответственный: руководители ОО",
    ]
    activities = extract(_docx(tmp_path / "plan.docx", lines)).activities
    assert [(a.number, a.section, a.section_title, a.title) for a in activities] == [
        (None, "1", "Работа с педагогическими кадрами", "Семинар для учителей математики"),
        (None, "1", "Работа с педагогическими кадрами", "Курсы повышения квалификации учителей"),
    ]
