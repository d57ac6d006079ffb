"""Plans in forms officials also use and the devset lacks, built here: three-level numbering
under «Раздел» rows, two-row headers, plans written as numbered paragraphs."""

from __future__ import annotations

from extractor import extract


def test_item_after_a_subsection_goes_back_to_the_section_it_is_numbered_in(make_txt) -> None:
    doc = make_txt(
        "\n".join(
            [
                "№ п/п\tМероприятие\tСрок\tОтветственный\tРезультат",
                "Раздел 1. Организационно-управленческие меры\t\t\t\t",
                "1.1.\tНормативное обеспечение\t\t\t",
                "1.1.1.\tРазработка муниципальной программы поддержки ШНОР\tянварь 2025 г.\tУправление образования\tприказ",
                "1.1.2.\tУтверждение состава рабочей группы\tфевраль 2025 г.\tУправление образования\tприказ",
                "1.2.\tСовещание с руководителями ОО\tмарт 2025 г.\tИванова Н.П.\tпротокол",
                "1.3.\tМетодическое сопровождение\t\t\t",
                "1.3.1.\tСеминар для заместителей директоров\tапрель 2025 г.\tМКУ «ИМЦ»\tпрограмма",
                "2.\tРабота с педагогами\t\t\t",
                "2.1.\tКурсы для учителей математики\tIV квартал 2025 г.\tруководители ОО\tудостоверения",
            ]
        )
    )
    activities = extract(doc, normalize=False).activities
    assert [(a.number, a.section, a.section_title) for a in activities] == [
        ("1.1.1", "1.1", "Нормативное обеспечение"),
        ("1.1.2", "1.1", "Нормативное обеспечение"),
        ("1.2", "1", "Организационно-управленческие меры"),
        ("1.3.1", "1.3", "Методическое сопровождение"),
        ("2.1", "2", "Работа с педагогами"),
    ]
