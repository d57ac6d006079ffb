"""Plan tables of other layouts, built here with python-docx: column roles from header wording
and cell content, plan-table detection, section rows and rows split by a page break."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from extractor import extract
from extractor.structure.columns import Role, assign_roles, reads_as_plan
from model import Activity

Rows = Sequence[Sequence[str]]


def _plan(tmp_path: Path, *blocks: str | Rows, merge: Sequence[tuple[int, int, int, int, int]] = ()) -> Path:
    """A .docx of paragraphs (str) and tables (rows of cells); `merge` lists
    (table, first row, first column, last row, last column) spans whose text stays in the first cell."""
    document = docx.Document()
    tables = []
    for block in blocks:
        if isinstance(block, str):
            if block == "\f":
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            else:
                document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=max(len(r) for r in block))
        table.style = "Table Grid"
        for row, values in zip(table.rows, block, strict=True):
            for cell, text in zip(row.cells, values, strict=False):
                cell.text = text
        tables.append(table)
    for index, top, left, bottom, right in merge:
        table = tables[index]
        text = table.cell(top, left).text
        merged = table.cell(top, left).merge(table.cell(bottom, right))
        merged.text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    return path


def _activities(path: Path) -> list[Activity]:
    return extract(path, normalize=False).activities


def test_roles_from_unusual_header_words_with_responsible_before_deadline(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        "План-график мероприятий",
        [
            ["№", "Мероприятия (действия)", "Кто исполняет", "Дата проведения", "Контрольные показатели"],
            [
                "1)",
                "Формирование команды кураторов",
                "МКУ «Управление образования» (Иванов П.С.)",
                "до 31.01.2025",
                "приказ",
            ],
            [
                "2)",
                "Проведение семинара для заместителей директоров",
                "Мартынова Е.Ю., координатор",
                "май, сентябрь",
                "не менее 20 участников",
            ],
        ],
    )
    activities = _activities(path)
    assert [(a.number, a.deadline_raw, a.result_raw) for a in activities] == [
        ("1)", "до 31.01.2025", "приказ"),
        ("2)", "май, сентябрь", "не менее 20 участников"),
    ]
    assert activities[0].responsible_raw == "МКУ «Управление образования» (Иванов П.С.)"


def test_task_column_beside_the_activity_gives_the_section_and_stamp_is_no_plan(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            [
                "РАССМОТРЕНО на заседании педагогического совета протокол № 1",
                "УТВЕРЖДАЮ Директор школы ____ Белова А.А. 30.08.2024",
            ]
        ],
        "Антирисковая программа",
        [
            ["№", "Задача", "Мероприятие", "Сроки", "Ответственные", "Показатели"],
            [
                "1.",
                "1. Повысить мотивацию обучающихся",
                "Проведение классных часов о профессиях",
                "октябрь 2024 г.",
                "классные руководители",
                "охват 100 %",
            ],
            [
                "2.",
                "1. Повысить мотивацию обучающихся",
                "Организация школьной олимпиады",
                "ноябрь 2024 г.",
                "зам. директора по УВР Попова Е.Е.",
                "протокол",
            ],
            [
                "3.",
                "2. Работа с родителями",
                "Проведение родительских собраний",
                "ежеквартально",
                "директор Белова А.А.",
                "протоколы собраний",
            ],
        ],
    )
    activities = _activities(path)
    assert [a.title for a in activities] == [
        "Проведение классных часов о профессиях",
        "Организация школьной олимпиады",
        "Проведение родительских собраний",
    ]
    assert [(a.section, a.section_title) for a in activities] == [
        ("1", "Повысить мотивацию обучающихся"),
        ("1", "Повысить мотивацию обучающихся"),
        ("2", "Работа с родителями"),
    ]
    assert activities[2].result_raw == "протоколы собраний"


def test_merged_direction_column_and_no_number_column(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            ["Направление", "Мероприятия", "Сроки", "Исполнители", "Планируемый результат"],
            [
                "1. Работа с педагогами",
                "Диагностика профессиональных дефицитов",
                "сентябрь 2024 г.",
                "зам. директора Кузнецова И.П.",
                "карта дефицитов",
            ],
            [
                "",
                "Организация взаимопосещения уроков",
                "ежемесячно",
                "руководители ШМО",
                "листы анализа уроков",
            ],
            [
                "2. Работа с родителями",
                "Проведение родительских собраний",
                "по окончании каждой четверти",
                "классные руководители",
                "протоколы",
            ],
        ],
        merge=[(0, 1, 0, 2, 0)],
    )
    activities = _activities(path)
    assert [(a.number, a.section, a.section_title) for a in activities] == [
        (None, "1", "Работа с педагогами"),
        (None, "1", "Работа с педагогами"),
        (None, "2", "Работа с родителями"),
    ]
    assert activities[1].deadline_raw == "ежемесячно"


def test_labelled_section_rows_and_letter_numbers_restarting_per_section(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            ["№ п/п", "Мероприятия", "Сроки", "Ответственные", "Участники", "Результат"],
            ["Задача 1. Выявить обучающихся с рисками", "", "", "", "", ""],
            [
                "а)",
                "Стартовая диагностика по математике",
                "09.09.2024–20.09.2024",
                "зам. директора Никитина Е.С.",
                "учителя",
                "справка",
            ],
            [
                "б)",
                "Составление списка группы риска",
                "до 01.10.2024",
                "классные руководители",
                "—",
                "список",
            ],
            ["Задача 2. Организовать адресную работу", "", "", "", "", ""],
            [
                "а)",
                "Консультации для обучающихся",
                "2 раза в неделю",
                "учителя-предметники",
                "обучающиеся",
                "графики",
            ],
        ],
        merge=[(0, 1, 0, 1, 5), (0, 4, 0, 4, 5)],
    )
    activities = _activities(path)
    assert [(a.number, a.section, a.section_title) for a in activities] == [
        ("а)", "1", "Выявить обучающихся с рисками"),
        ("б)", "1", "Выявить обучающихся с рисками"),
        ("а)", "2", "Организовать адресную работу"),
    ]
    assert activities[0].title == "Стартовая диагностика по математике"
    assert activities[0].result_raw == "справка"


def test_numbered_section_rows_over_items_numbered_another_way(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "№\tМероприятие\tСрок\tОтветственный\tРезультат",
                "1.\tОрганизационная работа\t\t\t",
                "1)\tСоздание рабочей группы\tянварь 2025 г.\tИванова А.А.\tприказ",
                "2)\tАнализ результатов ВПР\tмарт 2025 г.\tметодисты\tсправка",
                "II.\tРабота с кадрами\t\t\t",
                "1)\tКурсы для учителей\t2025 г.\tИРО\tудостоверения",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [(a.number, a.section, a.section_title) for a in activities] == [
        ("1)", "1", "Организационная работа"),
        ("2)", "1", "Организационная работа"),
        ("1)", "II", "Работа с кадрами"),
    ]


def test_headerless_plan_with_responsible_before_deadline(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            ["1.", "Организационные мероприятия", "", ""],
            [
                "1.1.",
                "Проведение совещания с руководителями школ",
                "Бочкарева Л.А., начальник отдела",
                "январь 2025 г.",
            ],
            [
                "1.2.",
                "Организация участия школ в региональных семинарах",
                "руководители ОО",
                "в сроки, установленные ФИОКО",
            ],
            ["1.3.", "Анализ результатов оценочных процедур", "методисты МКУ «ЦДО»", "по графику ФИОКО"],
        ],
        merge=[(0, 0, 1, 0, 3)],
    )
    activities = _activities(path)
    assert [(a.number, a.deadline_raw) for a in activities] == [
        ("1.1", "январь 2025 г."),
        ("1.2", "в сроки, установленные ФИОКО"),
        ("1.3", "по графику ФИОКО"),
    ]
    assert activities[1].responsible_raw == "руководители ОО"
    assert activities[0].result_raw is None
    assert {a.section for a in activities} == {"1"}


def test_result_before_responsible_and_extra_columns_stay_out(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            [
                "№ п/п",
                "Мероприятие",
                "Целевая группа",
                "Срок",
                "Ожидаемый результат",
                "Ответственные",
                "Примечание",
            ],
            [
                "1.",
                "Утверждение перечня школ",
                "руководители ОО",
                "январь 2025 г.",
                "приказ отдела",
                "Ямбаршева В.Г.",
                "перенесено",
            ],
            [
                "2.",
                "Разработка антирисковых программ",
                "педагоги",
                "до 28.02.2025",
                "программы школ",
                "руководители ОО",
                "",
            ],
        ],
    )
    activities = _activities(path)
    assert [(a.title, a.result_raw, a.responsible_raw) for a in activities] == [
        ("Утверждение перечня школ", "приказ отдела", "Ямбаршева В.Г."),
        ("Разработка антирисковых программ", "программы школ", "руководители ОО"),
    ]
    assert activities[0].status_raw is None


def test_tables_that_are_not_plans_give_no_activities(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            [
                "№ п/п",
                "Наименование общеобразовательной организации",
                "Ф.И.О. руководителя",
                "Куратор (Ф.И.О., должность)",
            ],
            [
                "1.",
                "МАОУ «Ергачинская средняя общеобразовательная школа»",
                "Пономарева Г.В.",
                "Лебедева Н.В., методист",
            ],
            [
                "2.",
                "МБОУ «Калининская средняя общеобразовательная школа»",
                "Ершов А.А.",
                "Гусева Т.П., методист",
            ],
        ],
        [
            ["Наименование программы", "Программа перехода школы в эффективный режим работы"],
            ["Сроки реализации", "2024-2026 годы"],
            ["Исполнители", "администрация школы, педагогический коллектив"],
        ],
        [
            ["№", "Показатель", "Ед. изм.", "Базовое значение (2023 год)", "2024 год", "2025 год"],
            ["1.", "Доля обучающихся, не справившихся с ВПР", "%", "18", "15", "12"],
            ["2.", "Доля педагогов, прошедших обучение", "%", "40", "60", "80"],
        ],
        [
            ["No.", "Task", "Deadline", "Owner"],
            ["1.", "Upgrade the database servers", "01.03.2025", "J. Smith"],
            ["2.", "Migrate the mail system", "15.04.2025", "A. Brown"],
        ],
        [
            ["Операционная система", "CentOS Linux release 7.7.1908", "Администратор Петров П.П."],
            ["Процессор", "Intel Xeon E5-2680 v4, 2.4 GHz", "Администратор Петров П.П."],
        ],
    )
    assert _activities(path) == []


def test_many_one_row_tables_are_not_a_plan(tmp_path: Path) -> None:
    blocks: list[str | Rows] = []
    for index in range(150):
        blocks.append(f"Запись {index}")
        blocks.append([[f"{index + 1}.", f"Отчёт о сокращении штата № {index}", "2019", "Отдел кадров"]])
    assert _activities(_plan(tmp_path, *blocks)) == []


def test_row_split_by_a_page_break_into_a_new_table_with_its_header_repeated(tmp_path: Path) -> None:
    header = [
        "№ п/п",
        "Содержание работы",
        "Период исполнения",
        "Ответственный (ФИО, должность)",
        "Итоговый документ",
    ]
    path = _plan(
        tmp_path,
        [
            header,
            [
                "1.",
                "Проведение семинаров для учителей по темам «Функциональная грамотность» и",
                "октябрь 2024 г.",
                "Лебедева Н.В., методист",
                "программы семинаров,",
            ],
        ],
        "\f",
        [
            header,
            ["", "«Работа с текстом»", "", "", "листы регистрации"],
            ["2.", "Мониторинг результатов ВПР", "по итогам четверти", "Гусева Т.П., методист", "справка"],
        ],
    )
    activities = _activities(path)
    assert [a.number for a in activities] == ["1", "2"]
    assert activities[0].title.endswith("«Функциональная грамотность» и «Работа с текстом»")
    assert activities[0].result_raw == "программы семинаров, листы регистрации"


def test_column_number_row_and_two_layouts_in_one_document(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        "Таблица 1",
        [
            ["№", "Мероприятие", "Срок", "Ответственный", "Результат"],
            ["1", "2", "3", "4", "5"],
            ["1.", "Заседание рабочей группы", "январь 2025 г.", "Смирнова О.А.", "протокол"],
            ["2.", "Анкетирование педагогов", "февраль 2025 г.", "педагог-психолог", "справка"],
        ],
        "Таблица 2",
        [
            [
                "№ п/п",
                "Содержание работы",
                "Целевая группа",
                "Дата проведения",
                "Ответственный",
                "Отметка о выполнении",
            ],
            [
                "1.",
                "Открытые уроки учителей математики",
                "учителя",
                "21.11.2024",
                "руководитель ШМО",
                "проведено",
            ],
            ["2.", "Семинар по функциональной грамотности", "учителя", "19.12.2024", "зам. директора", ""],
        ],
    )
    activities = _activities(path)
    assert [(a.number, a.deadline_raw, a.responsible_raw) for a in activities] == [
        ("1", "январь 2025 г.", "Смирнова О.А."),
        ("2", "февраль 2025 г.", "педагог-психолог"),
        ("1", "21.11.2024", "руководитель ШМО"),
        ("2", "19.12.2024", "зам. директора"),
    ]
    assert [a.status_raw for a in activities] == [None, None, "проведено", None]
    assert activities[0].result_raw == "протокол" and activities[2].result_raw is None


def test_header_table_apart_from_its_rows_with_bold_section_lines_between(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "№ п/п\tНаименование мероприятия\tСрок реализации\tОтветственные исполнители\tРезультат",
                "1\t2\t3\t4\t5",
                "",
                "**I. Нормативное обеспечение**",
                "",
                "1.\tФормирование перечня школ\tежегодно, до 1 сентября\tЦентр оценки качества\tприказ",
                "",
                "**II. Мониторинг**",
                "",
                "2.\tМониторинг результатов\tдекабрь 2024 года\tминистерство\tотчёт",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [(a.number, a.section, a.section_title) for a in activities] == [
        ("1", "I", "Нормативное обеспечение"),
        ("2", "II", "Мониторинг"),
    ]


def test_header_repeated_over_a_lone_tail_row_keeps_the_plan(tmp_path: Path) -> None:
    header = ["№ п/п", "Мероприятие", "Срок", "Ответственный", "Результат"]
    path = _plan(
        tmp_path,
        [
            header,
            ["1.", "Проведение семинара для учителей по теме", "март 2025 г.", "Лебедева Н.В.", "программа"],
        ],
        "\f",
        [header, ["", "«Функциональная грамотность»", "", "", "и список участников"]],
    )
    activities = _activities(path)
    assert [a.title for a in activities] == [
        "Проведение семинара для учителей по теме «Функциональная грамотность»"
    ]
    assert activities[0].result_raw == "программа и список участников"


_COLUMNS = {
    Role.TITLE: (
        "Мероприятие",
        [
            "Проведение совещания с руководителями школ",
            "Организация курсов повышения квалификации учителей",
            "Анализ результатов всероссийских проверочных работ",
            "Посещение уроков молодых педагогов",
        ],
    ),
    Role.DEADLINE: ("Срок", ["январь 2025 г.", "в течение года", "до 15.03.2025", "ежеквартально"]),
    Role.RESPONSIBLE: (
        "Ответственный",
        ["Иванова А.А., методист", "руководители ОО", "зам. директора по УВР Петрова Е.Е.", "кураторы"],
    ),
    Role.RESULT: (
        "Результат",
        ["протокол совещания", "удостоверения о повышении квалификации", "аналитическая справка", "справки"],
    ),
}


@pytest.mark.parametrize("headed", [True, False])
def test_roles_found_in_every_column_order(headed: bool) -> None:
    for order in itertools.permutations(_COLUMNS):
        header = ["№", *(_COLUMNS[role][0] for role in order)]
        rows = [[f"{i + 1}.", *(_COLUMNS[role][1][i] for role in order)] for i in range(4)]
        roles = assign_roles(header if headed else None, rows)
        assert roles is not None
        assert roles.columns == {role: col for col, role in enumerate((Role.NUMBER, *order))}, order
        assert reads_as_plan(rows, roles, headed=headed), order


def test_responsible_column_under_unknown_wording_is_found_by_its_names(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            ["№", "Мероприятие", "Закреплённые лица", "Срок"],
            [
                "1.",
                "Посещение уроков учителей математики",
                "Орлова Д.В., педагог-психолог",
                "октябрь 2024 г.",
            ],
            ["2.", "Проведение пробного ОГЭ", "зам. директора по УВР Кузнецова И.П.", "февраль 2025 г."],
            ["3.", "Анализ результатов пробного ОГЭ", "руководители ШМО", "март 2025 г."],
        ],
    )
    assert [a.responsible_raw for a in _activities(path)] == [
        "Орлова Д.В., педагог-психолог",
        "зам. директора по УВР Кузнецова И.П.",
        "руководители ШМО",
    ]


def test_first_row_of_a_headerless_plan_is_not_taken_for_a_header(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "Проведение мероприятий по повышению мотивации\tв сроки, установленные планом\tкураторы",
                "Организация работы методических объединений\tсентябрь 2024 г.\tруководители ШМО",
                "Проведение пробных экзаменов\tфевраль 2025 г.\tзам. директора Кузнецова И.П.",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [a.deadline_raw for a in activities] == [
        "в сроки, установленные планом",
        "сентябрь 2024 г.",
        "февраль 2025 г.",
    ]


def test_header_with_fio_in_dots_is_a_header(tmp_path: Path) -> None:
    path = _plan(
        tmp_path,
        [
            ["№ п/п", "Мероприятие", "Срок", "Ответственный (Ф.И.О., должность)"],
            ["1.", "Проведение педагогического совета", "август 2024 г.", "Семенова Т.А., директор"],
            ["2.", "Организация курсов для учителей", "октябрь 2024 г.", "Кузнецова И.П., зам. директора"],
        ],
    )
    assert [a.responsible_raw for a in _activities(path)] == [
        "Семенова Т.А., директор",
        "Кузнецова И.П., зам. директора",
    ]


def test_activity_whose_title_starts_with_a_label_word_keeps_it(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "Мероприятие\tСрок\tОтветственный",
                "Этап 1. Самодиагностика школ\tфевраль 2025 г.\tруководители ОО",
                "Этап 2. Разработка программ\tмарт 2025 г.\tкураторы",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [(a.number, a.title) for a in activities] == [
        (None, "Этап 1. Самодиагностика школ"),
        (None, "Этап 2. Разработка программ"),
    ]


def test_unnumbered_row_with_its_own_deadline_after_a_page_break_is_an_activity(tmp_path: Path) -> None:
    header = ["№", "Мероприятие", "Срок", "Ответственный", "Результат"]
    path = _plan(
        tmp_path,
        [header, ["1.", "Проведение семинара для учителей", "март 2025 г.", "Лебедева Н.В.", "программа"]],
        "\f",
        "Мероприятия по материально-техническому обеспечению",
        [["", "Закупка учебного оборудования", "декабрь 2025 г.", "Захарова И.И.", "оборудование"]],
    )
    assert [a.title for a in _activities(path)] == [
        "Проведение семинара для учителей",
        "Закупка учебного оборудования",
    ]
