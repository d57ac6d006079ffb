"""Document metadata from the head, preamble and signature of orders, plans and letters."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.readers import read
from extractor.structure.meta import extract_meta
from model import Paragraph, RawDocument, Row, Table
from tests.conftest import corpus_files, gold_for

FIELDS = ["doc_type", "authority", "region", "municipality", "level", "date", "number", "title", "signatory"]


def doc(*blocks: str | Table) -> RawDocument:
    return RawDocument(
        path=Path("doc.txt"),
        format="txt",
        blocks=[Paragraph(b) if isinstance(b, str) else b for b in blocks],
    )


ORDER = [
    "ОТДЕЛ ОБРАЗОВАНИЯ",
    "АДМИНИСТРАЦИИ КРАСНЕНСКОГО РАЙОНА",
    "БЕЛГОРОДСКОЙ ОБЛАСТИ",
    "П Р И К А З",
    "с. Красное",
    "«20» июля 2020 г.",
    "№ 452",
    "Об утверждении комплекса мер по оказанию помощи школам",
    "района на 2020-2021 годы",
    "Во исполнение п.2.1. приказа департамента образования Белгородской области от 11.04.2017 г. "
    "№ 1079 «Об утверждении комплекса мер», приказываю:",
    "1. Утвердить комплекс мер.",
    "2. Контроль за исполнением приказа возложить на методиста Закурдаеву О.Б.",
    "Начальник отдела образования",
    "администрации Красненского района",
    "С.Харланова",
    "Е.В. Баркалова",
    "643-636",
]


def test_municipal_order() -> None:
    meta = extract_meta(doc(*ORDER))
    assert meta.doc_type == "приказ"
    assert meta.authority == "Отдел образования администрации Красненского района"
    assert (meta.region, meta.municipality, meta.level) == (
        "Белгородская область",
        "Красненский район",
        "municipal",
    )
    assert (meta.date, meta.date_raw, meta.number) == (dt.date(2020, 7, 20), "«20» июля 2020 г.", "452")
    assert meta.title == "Об утверждении комплекса мер по оказанию помощи школам района на 2020-2021 годы"
    assert meta.signatory == "Харланова С."
    assert meta.signatory_raw == "Начальник отдела образования администрации Красненского района С.Харланова"
    assert meta.plan_period is not None
    assert (meta.plan_period.start, meta.plan_period.end) == (dt.date(2020, 1, 1), dt.date(2021, 12, 31))
    assert [(r.doc_type, r.authority, r.date, r.number) for r in meta.references] == [
        ("приказ", "департамент образования Белгородской области", dt.date(2017, 4, 11), "1079")
    ]


def test_letterhead_as_one_word_paragraph_with_line_breaks() -> None:
    meta = extract_meta(doc("\n".join(ORDER[:3]), *ORDER[3:]))
    assert meta.authority == "Отдел образования администрации Красненского района"
    assert meta.region == "Белгородская область"


def test_letterhead_and_region_on_one_line() -> None:
    meta = extract_meta(doc(" ".join(ORDER[:3]), *ORDER[3:]))
    assert meta.authority == "Отдел образования администрации Красненского района"
    assert meta.region == "Белгородская область"


def test_date_and_number_on_one_line_and_quoted_authority() -> None:
    meta = extract_meta(
        doc(
            "Каме\u0301нск-Ура\u0301льский городской округ",
            "Свердловской области",
            "«Управление образования Каме\u0301нск-Ура\u0301льского городского округа»",
            "ПРИКАЗ",
            "от 29.03.2021 № 104",
            "О реализации мероприятий в 2021 году",
            "В соответствии с приказом Министерства образования Свердловской области от 12.02.2021 № 170-Д",
            "ПРИКАЗЫВАЮ:",
            "1. Контроль исполнения настоящего приказа оставляю за собой.",
            "Начальник",
            "Управления образования",
            "Л.М. Миннулина",
        )
    )
    assert meta.authority == "Управление образования Каменск-Уральского городского округа"
    assert (meta.region, meta.municipality) == ("Свердловская область", "Каменск-Уральский городской округ")
    assert (meta.date, meta.number) == (dt.date(2021, 3, 29), "104")
    assert meta.signatory == "Миннулина Л.М."
    assert meta.plan_period is not None and meta.plan_period_raw == "в 2021 году"
    assert [(r.authority, r.number) for r in meta.references] == [
        ("Министерство образования Свердловской области", "170-Д")
    ]


def test_plan_with_outgoing_number_is_a_plan() -> None:
    meta = extract_meta(
        doc(
            "КАЛУЖСКАЯ ОБЛАСТЬ",
            "ОТДЕЛ ОБРАЗОВАНИЯ",
            "АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО РАЙОНА",
            '"КОЗЕЛЬСКИЙ РАЙОН"',
            "(ИСПОЛНИТЕЛЬНО-РАСПОРЯДИТЕЛЬНОГО ОРГАНА)",
            "249722, г. Козельск, ул. Большая Советская, д.68",
            "тел.: 8 48442 2-22-68",
            "Руководителям ОО",
            "от 19.02. 2021 №398/2",
            "на № _____ от _____ 2021",
            "ПЛАН",
            "по сопровождению школ с низкими результатами",
            Table(
                rows=[
                    Row(["Мероприятие", "Срок", "Ответственные"]),
                    Row(["Совещание", "Февраль 2021", "Отдел"]),
                ]
            ),
            "Заведующий Отделом образования",
            "Е.П. Митина",
        )
    )
    assert meta.doc_type == "план"
    assert meta.authority == "Отдел образования администрации муниципального района «Козельский район»"
    assert (meta.region, meta.municipality) == ("Калужская область", "Козельский район")
    assert (meta.date, meta.date_raw, meta.number) == (dt.date(2021, 2, 19), "19.02. 2021", "398/2")
    assert meta.title == "План по сопровождению школ с низкими результатами"
    assert meta.signatory == "Митина Е.П."
    assert meta.plan_period is not None
    assert (meta.plan_period.start, meta.plan_period.end) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))


def test_letter() -> None:
    meta = extract_meta(
        doc(
            "МИНИСТЕРСТВО ОБРАЗОВАНИЯ БЕЛГОРОДСКОЙ ОБЛАСТИ",
            "ул. Попова, 24, г. Белгород, 308000",
            "Руководителям органов местного самоуправления",
            "от 01.03.2022 № 17-09/123",
            "на № _____ от _______",
            "О направлении информации",
            "Министерство образования просит ...",
            "Министр",
            "А.Н. Иванов",
        )
    )
    assert meta.doc_type == "письмо"
    assert meta.authority == "Министерство образования Белгородской области"
    assert (meta.region, meta.municipality, meta.level) == ("Белгородская область", None, "regional")
    assert (meta.date, meta.number, meta.title) == (
        dt.date(2022, 3, 1),
        "17-09/123",
        "О направлении информации",
    )
    assert meta.signatory == "Иванов А.Н."


def test_plan_without_letterhead_takes_region_from_its_text() -> None:
    meta = extract_meta(
        doc(
            "Комплекс мер, направленных на поддержку школ, на 2019-2020 учебный год",
            Table(rows=[Row(["1", "Семинар", "август", "КОПО"])]),
            "КОПО – комитет общего и профессионального образования Ленинградской области;",
        )
    )
    assert meta.doc_type == "комплекс мер"
    assert (meta.authority, meta.region, meta.municipality, meta.level) == (
        None,
        "Ленинградская область",
        None,
        "regional",
    )
    assert (meta.date, meta.number, meta.signatory) == (None, None, None)
    assert meta.plan_period is not None
    assert (meta.plan_period.start, meta.plan_period.end) == (dt.date(2019, 9, 1), dt.date(2020, 8, 31))


def test_plan_period_from_the_annexed_road_map_heading() -> None:
    meta = extract_meta(
        doc(
            "Управление образования",
            "г. Таганрога",
            "ПРИКАЗ",
            "«16» 02 2023 г.",
            "№ 208",
            "Об организации деятельности",
            "В соответствии с Федеральным законом ФЗ-273 «Об образовании в Российской Федерации», "
            "приказом минобразования Ростовской области от 20.12.2021 № 1132, Программой на 2022, 2023 годы",
            "ПРИКАЗЫВАЮ:",
            "1. Утвердить дорожную карту.",
            "Начальник",
            "Управления образования г. Таганрога",
            "О.Л. Морозова",
            "Муниципальная дорожная карта сопровождения школ в 2022-2023",
            "учебном году",
        )
    )
    assert (meta.date, meta.number) == (dt.date(2023, 2, 16), "208")
    assert (meta.authority, meta.municipality) == ("Управление образования г. Таганрога", "г. Таганрог")
    assert meta.region == "Ростовская область"
    assert meta.plan_period is not None
    assert (meta.plan_period.start, meta.plan_period.end) == (dt.date(2022, 9, 1), dt.date(2023, 8, 31))
    assert [(r.doc_type, r.authority, r.date, r.number) for r in meta.references] == [
        ("федеральный закон", None, None, "ФЗ-273"),
        ("приказ", "минобразования Ростовской области", dt.date(2021, 12, 20), "1132"),
    ]


def test_signature_in_a_table() -> None:
    meta = extract_meta(
        doc(
            "ПРИКАЗ",
            "от 01.09.2021 № 5",
            "Об утверждении плана",
            "ПРИКАЗЫВАЮ:",
            "1. Утвердить план.",
            Table(rows=[Row(["Начальник управления образования", "", "Н.Н. Петрова"])]),
        )
    )
    assert meta.signatory == "Петрова Н.Н."


def test_own_approval_stamp_is_not_a_reference() -> None:
    meta = extract_meta(
        doc(
            "ПРИКАЗ",
            "от 29.03.2021 № 104",
            "Об утверждении плана",
            "В соответствии с приказом министерства от 12.02.2021 № 170-Д",
            "ПРИКАЗЫВАЮ:",
            "1. Утвердить план (приложение к приказу от 29.03.2021 № 104).",
            "Начальник",
            "Л.М. Миннулина",
        )
    )
    assert [r.number for r in meta.references] == ["170-Д"]


@pytest.mark.parametrize("path", corpus_files(".txt"), ids=lambda p: p.name)
def test_corpus_meta(path: Path) -> None:
    gold = gold_for(path)["meta"]
    meta = json.loads(extract_meta(read(path)).model_dump_json())
    assert {f: meta[f] for f in FIELDS} == {f: gold[f] for f in FIELDS}
    period = meta["plan_period"]
    assert {"start": period["start"], "end": period["end"]} == gold["plan_period"]
    assert {(r["date"], r["number"]) for r in meta["references"]} == {
        (r["date"], r["number"]) for r in gold["references"]
    }


def test_letterhead_running_on_into_the_address() -> None:
    meta = extract_meta(
        doc(
            "ОТДЕЛ ОБРАЗОВАНИЯ",
            'АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО РАЙОНА "КОЗЕЛЬСКИЙ РАЙОН" (ИСПОЛНИТЕЛЬНО-РАСПОРЯДИТЕЛЬНОГО ОРГАНА) '
            "249722, г. Козельск, ул. Большая Советская, д.68",
            "ПРИКАЗ",
        )
    )
    assert meta.authority == "Отдел образования администрации муниципального района «Козельский район»"
    assert meta.municipality == "Козельский район"


def test_signatory_glued_to_the_last_point() -> None:
    meta = extract_meta(
        doc(
            "ПРИКАЗ",
            "от 29.03.2021 № 104",
            "Об утверждении плана",
            "ПРИКАЗЫВАЮ:",
            "1. Контроль исполнения настоящего приказа оставляю за собой. Начальник",
            "Управления образования",
            "Л.М. Миннулина",
        )
    )
    assert (meta.signatory, meta.signatory_raw) == (
        "Миннулина Л.М.",
        "Начальник Управления образования Л.М. Миннулина",
    )


def test_acts_cited_with_a_latin_n_as_legal_databases_print_them() -> None:
    order = [line.replace("№", "N") for line in ORDER]
    meta = extract_meta(doc(*order))
    assert (meta.number, meta.date) == ("452", dt.date(2020, 7, 20))
    assert [(r.doc_type, r.date, r.number) for r in meta.references] == [
        ("приказ", dt.date(2017, 4, 11), "1079")
    ]
