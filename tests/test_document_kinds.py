"""Document kinds beyond the municipal order: plans approved by a stamp or an order, programmes,
letters, resolutions and federal acts. Every document here is built by the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from extractor import extract
from extractor.structure.directives import extract_directives
from extractor.structure.kinds import Kind, caps_heading, kinds
from extractor.structure.meta import extract_meta
from model import Paragraph, RawDocument, Row, Table
from normalizer.geo import find_municipality, find_regions, is_federal


def doc(*blocks: str | Table) -> RawDocument:
    return RawDocument(
        path=Path("doc.txt"),
        format="txt",
        blocks=[Paragraph(b) if isinstance(b, str) else b for b in blocks],
    )


def row(*cells: str) -> Table:
    return Table(rows=[Row(cells=list(cells))])


PLAN_TABLE = Table(
    rows=[
        Row(cells=["№", "Мероприятие", "Срок", "Ответственный"], is_header=True),
        Row(cells=["1.", "Анализ результатов ВПР", "октябрь 2024 г.", "Петрова А.А."]),
        Row(cells=["2.", "Семинар для учителей", "ноябрь 2024 г.", "Сидорова Б.Б."]),
    ]
)


def test_date_line_set_with_tab_stops_is_the_documents_date_and_number() -> None:
    """A one-row table ("12.03.2024 ⇥ г. Псков ⇥ № 15-р", as a .txt keeps a tab line) is layout."""
    meta = extract_meta(
        doc(
            "КОМИТЕТ ПО ОБРАЗОВАНИЮ ПСКОВСКОЙ ОБЛАСТИ",
            "РАСПОРЯЖЕНИЕ",
            row("12.03.2024", "г. Псков", "№ 15-р"),
            "О мерах поддержки школ",
            "В целях поддержки школ:",
            "1. Утвердить план.",
        )
    )
    assert (meta.doc_type, meta.date, meta.number) == ("распоряжение", dt.date(2024, 3, 12), "15-р")
    assert meta.title == "О мерах поддержки школ"


def test_stamp_signatory_is_the_approver_not_the_agreeing_person() -> None:
    stamp = Table(
        rows=[
            Row(
                cells=[
                    "СОГЛАСОВАНО\nДиректор МБУ «Районный методический кабинет»"
                    "\n_____ Р.А. Зуева\n«10» марта 2025 г.",
                    "УТВЕРЖДАЮ\nНачальник управления образования администрации Лесного муниципального района"
                    "\n_____ В.Г. Орлова\n«12» марта 2025 г.",
                ]
            )
        ]
    )
    meta = extract_meta(doc(stamp, "ПЛАН", "мероприятий по поддержке школ на 2025 год", PLAN_TABLE))
    assert (meta.doc_type, meta.signatory, meta.date) == ("план", "Орлова В.Г.", dt.date(2025, 3, 12))
    assert meta.title == "План мероприятий по поддержке школ на 2025 год"
    assert meta.authority == "Управление образования администрации Лесного муниципального района"
    assert (meta.municipality, meta.level) == ("Лесной муниципальный район", "municipal")


def test_stamp_with_the_order_written_in_it() -> None:
    meta = extract_meta(
        doc(
            "УТВЕРЖДАЮ",
            "Директор МБОУ «Озёрная СОШ»",
            "____ И.П. Смирнова",
            "Приказ от 02.09.2024 № 41",
            "ДОРОЖНАЯ КАРТА",
            "по повышению учебной мотивации",
            "муниципального бюджетного общеобразовательного учреждения «Озёрная средняя школа»",
            PLAN_TABLE,
        )
    )
    assert (meta.signatory, meta.date, meta.number) == ("Смирнова И.П.", dt.date(2024, 9, 2), "41")
    assert meta.authority == "Муниципальное бюджетное общеобразовательное учреждение «Озёрная средняя школа»"
    assert meta.references == []


@pytest.mark.parametrize(
    "approval",
    [
        ["УТВЕРЖДЕН", "приказом Управления образования", "Администрации Лесного муниципального округа"],
        ["Приложение", "к приказу Управления образования", "Администрации Лесного муниципального округа"],
    ],
)
def test_standalone_annex_takes_its_identity_from_the_approving_order(approval: list[str]) -> None:
    meta = extract_meta(
        doc(
            *approval,
            "от 27.09.2024 № 412",
            "Муниципальный план мероприятий",
            "по поддержке школ на 2024-2025 учебный год",
            PLAN_TABLE,
        )
    )
    assert (meta.doc_type, meta.date, meta.number) == ("план", dt.date(2024, 9, 27), "412")
    assert meta.title == "Муниципальный план мероприятий по поддержке школ на 2024-2025 учебный год"
    assert meta.authority == "Управление образования Администрации Лесного муниципального округа"
    assert meta.municipality == "Лесной муниципальный округ"
    assert meta.references == []


def test_programme_with_school_letterhead_council_and_passport() -> None:
    passport = Table(
        rows=[
            Row(cells=["Наименование программы", "Программа перехода школы в эффективный режим"]),
            Row(cells=["Основания", "Федеральный закон от 29.12.2012 № 273-ФЗ «Об образовании»"]),
        ]
    )
    meta = extract_meta(
        doc(
            "Муниципальное бюджетное общеобразовательное учреждение",
            "«Лесная средняя общеобразовательная школа № 3»",
            "Лесного муниципального округа Тамбовской области",
            "Принята на заседании",
            "педагогического совета",
            "(протокол от 29.08.2024 № 1)",
            "УТВЕРЖДЕНА",
            "приказом директора",
            "от 30.08.2024 № 156-од",
            "ПРОГРАММА",
            "перехода школы в эффективный режим работы на 2024-2026 годы",
            "р.п. Лесной",
            "2024",
            passport,
            PLAN_TABLE,
        )
    )
    assert meta.doc_type == "план"
    assert meta.title == "Программа перехода школы в эффективный режим работы на 2024-2026 годы"
    assert (meta.date, meta.number) == (dt.date(2024, 8, 30), "156-од")
    assert meta.authority == (
        "Муниципальное бюджетное общеобразовательное учреждение "
        "«Лесная средняя общеобразовательная школа № 3»"
    )
    assert (meta.municipality, meta.region) == ("Лесной муниципальный округ", "Тамбовская область")
    assert [(r.date, r.number) for r in meta.references] == [(dt.date(2012, 12, 29), "273-ФЗ")]


def _letter(path: Path) -> Path:
    """A covering letter whose letterhead and addressee sit in a borderless table, as Word makes it."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    left, _, right = table.rows[0].cells
    left.text = (
        "ПСКОВСКАЯ ОБЛАСТЬ\nМУНИЦИПАЛЬНОЕ КАЗЕННОЕ УЧРЕЖДЕНИЕ\n«УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ\n"
        "ЛЕСНОГО МУНИЦИПАЛЬНОГО РАЙОНА»\nул. Мира, д. 1, г. Лесной\nтел. (81100) 2-11-11\n"
        "17.01.2025 № 01-13/46\nна № 02-07/311 от 14.01.2025"
    )
    right.text = "Ректору ГАУ ДПО «Институт развития образования»\nА.В. Кузнецовой"
    for text in [
        "О направлении плана мероприятий",
        "Уважаемая Анна Викторовна!",
        "Направляем план мероприятий (приказ от 10.01.2025 № 3).",
        "Начальник",
        "МКУ «Управление образования» П.С. Иванов",
        "Исп. Мартынова Е.Ю.",
    ]:
        document.add_paragraph(text)
    document.save(path)
    return path


def test_letter_in_a_letterhead_table(tmp_path: Path) -> None:
    meta = extract(_letter(tmp_path / "letter.docx")).meta
    assert (meta.doc_type, meta.date, meta.number) == ("письмо", dt.date(2025, 1, 17), "01-13/46")
    assert meta.title == "О направлении плана мероприятий"
    assert meta.authority == (
        "Муниципальное казенное учреждение "
        "«Управление образования администрации Лесного муниципального района»"
    )
    assert (meta.region, meta.municipality) == ("Псковская область", "Лесной муниципальный район")
    assert meta.signatory == "Иванов П.С."
    assert {(r.date, r.number) for r in meta.references} == {
        (dt.date(2025, 1, 14), "02-07/311"),
        (dt.date(2025, 1, 10), "3"),
    }


@pytest.mark.parametrize(
    "marker",
    ["постановляет:", "ПОСТАНОВЛЯЮ:", "п о с т а н о в л я ю:", "предлагаю:", "обязываю:", "р е ш и л:"],
)
def test_operative_markers(marker: str) -> None:
    points = extract_directives(
        doc(
            "ПОСТАНОВЛЕНИЕ",
            "О мерах",
            f"В целях поддержки школ {marker}",
            "1. Утвердить план.",
            "2. Контроль оставляю за собой.",
        )
    )
    assert [p.number for p in points] == ["1", "2"]


def test_a_weak_marker_word_without_colon_is_text() -> None:
    assert extract_directives(doc("ПИСЬМО", "Предлагаю рассмотреть план", "1. План работы.")) == []


def test_preamble_ending_in_a_colon_opens_the_operative_part() -> None:
    """No marker word: an act's preamble closed by a colon, then point 1; a dash list stays in its point."""
    points = extract_directives(
        doc(
            "РАСПОРЯЖЕНИЕ",
            "О плане",
            "В целях поддержки школ:",
            "1. Утвердить план.",
            "2. Рекомендовать руководителям органов управления образованием:",
            "- обеспечить реализацию плана;",
            "- представлять информацию ежемесячно.",
            "3. Контроль оставляю за собой.",
            "Министр образования",
            "Е.В. Кораблёва",
        )
    )
    assert [p.number for p in points] == ["1", "2", "3"]
    assert points[1].text.endswith("- обеспечить реализацию плана; - представлять информацию ежемесячно.")
    assert "Кораблёва" not in points[2].text


def test_unnumbered_operative_point_and_bare_signature() -> None:
    raw = doc(
        "ПРАВИТЕЛЬСТВО РОССИЙСКОЙ ФЕДЕРАЦИИ",
        "ПОСТАНОВЛЕНИЕ",
        "от 21 марта 2012 г. № 211",
        "Об утверждении правил",
        "В соответствии с законом Правительство Российской Федерации постановляет:",
        "Утвердить прилагаемые Правила контроля.",
        "Председатель Правительства",
        "Российской Федерации Д.Медведев",
    )
    points = extract_directives(raw)
    assert [(p.number, p.text) for p in points] == [("", "Утвердить прилагаемые Правила контроля.")]
    meta = extract_meta(raw)
    assert (meta.signatory, meta.authority) == ("Медведев Д.", "Правительство Российской Федерации")
    assert (meta.level, meta.region) == ("federal", None)


def test_federal_act_with_issuer_under_the_heading_and_date_at_the_foot() -> None:
    raw = doc(
        "УКАЗ",
        "ПРЕЗИДЕНТА РОССИЙСКОЙ ФЕДЕРАЦИИ",
        "О мерах поддержки",
        "В соответствии с законом постановляю:",
        "1. Утвердить Порядок.",
        "2. Настоящий Указ вступает в силу со дня его подписания.",
        "В.Путин",
        "Москва, Кремль",
        "14 июня 2012 года",
        "№ 851",
    )
    meta = extract_meta(raw)
    assert (meta.doc_type, meta.authority) == ("указ", "Президент Российской Федерации")
    assert (meta.level, meta.region, meta.municipality) == ("federal", None, None)
    assert (meta.signatory, meta.date, meta.number) == ("Путин В.", dt.date(2012, 6, 14), "851")
    assert extract_directives(raw)[-1].text == "Настоящий Указ вступает в силу со дня его подписания."


def test_acquainted_names_are_neither_signatory_nor_a_point() -> None:
    raw = doc(
        "ПРИКАЗ",
        "от 20.02.2024 № 64",
        "О плане",
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план.",
        "2. Контроль оставляю за собой.",
        "Начальник отдела образования",
        "Т.Н. Воронина",
        "С приказом ознакомлены:",
        "Иванова А.А.",
        "Петрова Б.Б.",
    )
    assert extract_meta(raw).signatory == "Воронина Т.Н."
    assert extract_directives(raw)[-1].text == "Контроль оставляю за собой."


def test_signer_after_a_position_word_that_looks_like_a_surname() -> None:
    raw = doc(
        "ПРИКАЗ",
        "от 20.02.2024 № 64",
        "О плане",
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план.",
        "Врио Министра С.А.Тырцев",
    )
    assert extract_meta(raw).signatory == "Тырцев С.А."


def test_region_after_a_district_word() -> None:
    """ "района Республики Марий Эл": a candidate that names no region does not hide the one after it."""
    found = find_regions("Моркинского муниципального района Республики Марий Эл, школы")
    assert [p.name for p in found] == ["Республика Марий Эл"]


@pytest.mark.parametrize(
    ("authority", "federal"),
    [
        ("Министерство просвещения Российской Федерации", True),
        ("Федеральная служба по надзору в сфере образования и науки", True),
        ("Рособрнадзор", True),
        ("Министерство образования Тверской области", False),
        ("Управление образования администрации Лесного района", False),
    ],
)
def test_federal_bodies(authority: str, federal: bool) -> None:
    assert is_federal(authority) is federal


def test_ocr_rule_after_the_title_is_dropped() -> None:
    meta = extract_meta(doc("ПРИКАЗ", "от 05.09.2024 № 178", "Об утверждении плана на 2025 год |"))
    assert meta.title == "Об утверждении плана на 2025 год"


@pytest.mark.parametrize("kind", kinds(), ids=lambda k: k.heading)
def test_every_listed_heading_word_gives_its_kind(kind: Kind) -> None:
    """The kinds come from data/doc_kinds.tsv; spaced letters read the same."""
    for heading in (kind.heading, " ".join(kind.heading.replace(" ", ""))):
        meta = extract_meta(doc("ОТДЕЛ ОБРАЗОВАНИЯ", heading, "от 05.09.2024 № 7", "О мерах поддержки школ"))
        assert meta.doc_type == kind.doc_type


def test_the_marker_word_in_spaced_capitals_is_not_a_heading() -> None:
    meta = extract_meta(doc("ПЛАН", "мероприятий на 2025 год", "П Р И К А З Ы В А Ю:", "1. Утвердить план."))
    assert meta.doc_type == "план"
    assert caps_heading().search("П Р И К А З Ы В А Ю:") is None


def test_a_schools_plan_is_municipal_even_without_its_district() -> None:
    meta = extract_meta(
        doc(
            "УТВЕРЖДАЮ",
            "Директор МБОУ «Лесная СОШ»",
            "____ И.П. Смирнова",
            "«02» сентября 2024 г.",
            "ПЛАН",
            "работы муниципального бюджетного общеобразовательного учреждения «Лесная средняя школа»"
            " Псковской области на 2024/2025 учебный год",
            PLAN_TABLE,
        )
    )
    assert (meta.region, meta.municipality, meta.level) == ("Псковская область", None, "municipal")


def test_governors_act_without_marker_or_colon() -> None:
    """Point 1 right under an act's title opens the operative part; «Губернатор» is a signer's position."""
    raw = doc(
        "РАСПОРЯЖЕНИЕ",
        "ГУБЕРНАТОРА ПСКОВСКОЙ ОБЛАСТИ",
        "от 01.02.2025 № 15-р",
        "О мерах поддержки школ",
        "1. Утвердить план.",
        "2. Контроль оставляю за собой.",
        "Губернатор области М.Ю. Ведерников",
    )
    assert [d.text for d in extract_directives(raw)] == ["Утвердить план.", "Контроль оставляю за собой."]
    meta = extract_meta(raw)
    assert (meta.authority, meta.region, meta.level) == (
        "Губернатор Псковской области",
        "Псковская область",
        "regional",
    )
    assert meta.signatory == "Ведерников М.Ю."


def test_region_closing_the_approving_bodys_name_goes_to_region() -> None:
    meta = extract_meta(
        doc(
            "УТВЕРЖДЕН",
            "постановлением администрации",
            "Лесного района Псковской области",
            "от 01.02.2025 № 15",
            "ПЛАН",
            "мероприятий на 2025 год",
            PLAN_TABLE,
        )
    )
    assert (meta.authority, meta.region) == ("Администрация Лесного района", "Псковская область")
    assert (meta.municipality, meta.level) == ("Лесной район", "municipal")


def test_heading_word_alone_runs_on_into_a_capitalised_line() -> None:
    meta = extract_meta(
        doc(
            "АНТИРИСКОВАЯ ПРОГРАММА",
            "МБОУ «СОШ № 5» по направлению «Низкая мотивация»",
            "на 2024-2025 учебный год",
        )
    )
    assert (
        meta.title
        == "Антирисковая программа МБОУ «СОШ № 5» по направлению «Низкая мотивация» на 2024-2025 учебный год"
    )


def test_approval_line_under_the_title_and_a_stamp_with_slashes() -> None:
    meta = extract_meta(
        doc(
            "Комплекс мер",
            "по поддержке школ на 2024-2026 годы",
            "Утвержден приказом министерства образования Псковской области от 01.02.2024 № 145",
            PLAN_TABLE,
        )
    )
    assert (meta.date, meta.number, meta.references) == (dt.date(2024, 2, 1), "145", [])
    assert meta.authority == "Министерство образования Псковской области"
    stamp = extract_meta(
        doc(
            "УТВЕРЖДАЮ:",
            "Директор МБОУ «СОШ № 5»",
            "_______/Иванова И.И./",
            "«30» августа 2024 г.",
            "ПЛАН",
            "работы",
        )
    )
    assert (stamp.authority, stamp.signatory, stamp.date) == (
        "МБОУ «СОШ № 5»",
        "Иванова И.И.",
        dt.date(2024, 8, 30),
    )


def test_letter_with_the_addressee_above_the_sender() -> None:
    meta = extract_meta(
        doc(
            "Руководителям муниципальных органов",
            "управления образованием",
            "МИНИСТЕРСТВО ОБРАЗОВАНИЯ ПСКОВСКОЙ ОБЛАСТИ",
            "ул. Ленина, 1, г. Псков, 180000",
            "от 17.01.2025 № ИС-01/46",
            "О направлении методических рекомендаций",
            "Направляем рекомендации.",
            "Министр образования",
            "Псковской области А.А. Петров",
        )
    )
    assert (meta.doc_type, meta.authority, meta.number) == (
        "письмо",
        "Министерство образования Псковской области",
        "ИС-01/46",
    )
    assert meta.signatory == "Петров А.А."


def test_an_adjective_of_district_is_not_a_district() -> None:
    assert find_municipality("Лесной районный совет депутатов") is None
    assert find_municipality("администрации Лесного района").name == "Лесной район"
