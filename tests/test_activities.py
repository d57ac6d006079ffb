"""The structure stage on small plans written for each rule."""

from __future__ import annotations

from extractor import extract
from extractor.structure.activities import extract_activities, normalize_number
from model import Paragraph, RawDocument, Row, Table

HEADER = "№ п/п\tНаименование мероприятия\tСроки исполнения\tОтветственный исполнитель\tОжидаемый результат"


def test_numbers_are_normalized_as_printed() -> None:
    assert normalize_number("1.1.") == "1.1"
    assert normalize_number("2..") == "2"
    assert normalize_number("1. 2") == "1.2"
    assert normalize_number("Итоги") is None
    assert normalize_number("") is None


def test_sections_from_heading_rows_and_continuations(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "ПЛАН мероприятий",
                HEADER,
                "1.\tОрганизационные мероприятия\t\t\t",
                "1.1.\tСоздание рабочей группы по сопровождению\tянварь 2022\tИванова А.А.\tПриказ",
                "",
                "\tшкол с низкими результатами\t\tПетров Б.Б.\t",
                "1.2.\tАнализ результатов ВПР\tмарт 2022\tМетодисты ЦДО\tСправка",
                "2\t\t\t\t",
                "-----\t---\t---\t---\t---",
                "Мониторинг реализации",
                "2.1.\tМониторинг дорожных карт\tежеквартально\tКураторы\tОтчёт",
            ]
        )
    )
    activities = extract(doc).activities
    assert [a.number for a in activities] == ["1.1", "1.2", "2.1"]
    first = activities[0]
    assert first.title == "Создание рабочей группы по сопровождению школ с низкими результатами"
    assert first.responsible_raw == "Иванова А.А. Петров Б.Б."
    assert (first.section, first.section_title) == ("1", "Организационные мероприятия")
    assert (activities[2].section, activities[2].section_title) == ("2", "Мониторинг реализации")
    assert activities[2].result_raw == "Отчёт"


def test_repeated_header_and_html_are_dropped(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                HEADER,
                "1.\t<p>Заседание рабочей группы:</p> <p>- анализ</p>"
                "\t<p>Февраль 2023 г.</p>\tБаркалова Е.В.\t",
                HEADER,
                "2.\tСеминар &laquo;Школа&raquo;\tмарт 2023\tКуратор\t",
            ]
        )
    )
    activities = extract(doc).activities
    assert [a.title for a in activities] == ["Заседание рабочей группы: - анализ", "Семинар «Школа»"]
    assert activities[0].deadline_raw == "Февраль 2023 г."
    assert activities[1].result_raw is None


def test_unnumbered_row_finished_by_numbered_tail_after_page_break(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                HEADER,
                "13.\tЗнакомство с опытом работы\tВ течение года\tКуратор\t",
                "\tУчастие в конкурсе «Наша история\tАпрель 2023 г.\tКуратор,\t",
                HEADER,
                "14.\tуспеха» для школ\t\tкоординатор\t",
            ]
        )
    )
    activities = extract(doc).activities
    assert [(a.number, a.title) for a in activities] == [
        ("13", "Знакомство с опытом работы"),
        ("14", "Участие в конкурсе «Наша история успеха» для школ"),
    ]
    assert activities[1].responsible_raw == "Куратор, координатор"


def test_table_that_is_not_a_plan_is_left_out(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "Школа-наставник\tКурируемая школа",
                "МОБУ лицей № 7 (директор Иванов И.И.)\tМОБУ СОШ № 6 (директор Петров П.П.)",
                "",
                "Мероприятие\tСрок\tОтветственные",
                "Закрепление кураторов\tФевраль 2021\tОтдел образования",
            ]
        )
    )
    activities = extract(doc).activities
    assert [a.title for a in activities] == ["Закрепление кураторов"]
    assert activities[0].number is None and activities[0].section is None


def test_plan_without_header_row_is_guessed_from_content() -> None:
    raw = RawDocument(
        path=__import__("pathlib").Path("x.txt"),
        format="txt",
        blocks=[
            Paragraph("План работы"),
            Table(
                rows=[
                    Row(
                        [
                            "1.",
                            "Проведение совещания с руководителями ОО",
                            "сентябрь 2021",
                            "Отдел образования",
                        ]
                    ),
                    Row(
                        [
                            "2.",
                            "Мониторинг результатов ВПР по математике",
                            "до 15.12.2021",
                            "Методист Иванова А.А.",
                        ]
                    ),
                ]
            ),
        ],
    )
    activities = extract_activities(raw)
    assert [(a.number, a.deadline_raw, a.responsible_raw) for a in activities] == [
        ("1", "сентябрь 2021", "Отдел образования"),
        ("2", "до 15.12.2021", "Методист Иванова А.А."),
    ]


def test_section_heading_without_number_takes_it_from_its_rows(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                HEADER,
                "Повышение квалификации педагогов\t\t\t\t",
                "3.1.\tКурсы для учителей математики\t2021\tИРО\tУдостоверения",
                "3.2\tСтажировки\t2021\tИРО\tПрограммы",
            ]
        )
    )
    activities = extract(doc).activities
    assert {a.section for a in activities} == {"3"}
    assert activities[1].section_title == "Повышение квалификации педагогов"


def test_roman_section_numbers_and_sub_rows_of_one_activity(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                HEADER,
                "I. Организационное обеспечение\t\t\t\t",
                "1.\tСеминары для учителей\tмарт 2022\tИРО\tПрограмма",
                "1.\tСеминары для учителей\tоктябрь 2022\tИРО\tПрограмма",
                "2.\tКурсы повышения квалификации\t2022\tИРО\tУдостоверения",
            ]
        )
    )
    activities = extract(doc).activities
    assert [(a.number, a.deadline_raw) for a in activities] == [
        ("1", "март 2022 октябрь 2022"),
        ("2", "2022"),
    ]
    assert activities[0].section == "I"
    assert activities[0].result_raw == "Программа"
