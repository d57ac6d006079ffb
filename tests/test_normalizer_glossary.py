"""Abbreviations: the document's own definitions first, then the built-in glossary."""

from __future__ import annotations

import re

import pytest

from extractor import extract
from model import Document, DocumentMeta, GlossaryEntry
from normalizer.glossary import Glossary, expand, find_definitions
from normalizer.morph import parses
from tests.conftest import CORPUS


@pytest.mark.parametrize(
    ("text", "abbreviation", "expansion"),
    [
        (
            "КОПО – комитет общего и профессионального образования Ленинградской области;",
            "КОПО",
            "комитет общего и профессионального образования Ленинградской области",
        ),
        ("ОО - образовательные организации.", "ОО", "образовательные организации"),
        (
            "Знакомство с информационной системой мониторинга электронных дорожных карт (далее – ИС МЭДК)",
            "ИС МЭДК",
            "информационная система мониторинга электронных дорожных карт",
        ),
        (
            "Муниципальному центру оценки качества образования (далее - МЦОКО) разместить",
            "МЦОКО",
            "Муниципальный центр оценки качества образования",
        ),
    ],
)
def test_definitions(text: str, abbreviation: str, expansion: str) -> None:
    (found,) = find_definitions(text)
    assert (found.abbreviation, found.expansion) == (abbreviation, expansion)


@pytest.mark.parametrize(
    "text",
    [
        "ОУ - обеспечить выполнение мероприятий;",
        "работающих в сложных условиях (далее - «слабые школы»)",
        "проект (далее – ПРОЕКТ) запустить",
        "Утвердить план мероприятий.",
        "ППМС-центры, руководители ОО",
        "IT-куб «Точка роста», учителя информатики",
    ],
)
def test_no_definition(text: str) -> None:
    assert find_definitions(text) == []


def test_builtin_glossary() -> None:
    assert expand("СОШ") == ["средняя общеобразовательная школа"]
    assert expand("сош") == expand("СОШ")
    assert len(expand("ДО")) == 2
    assert expand("ЖЖЖ") == []


def test_document_definitions_come_first() -> None:
    document = Document(
        doc_id="x",
        source="x.txt",
        format="txt",
        meta=DocumentMeta(
            glossary=[
                GlossaryEntry(abbreviation="ОО", expansion="общеобразовательные организации", raw="ОО – ...")
            ]
        ),
    )
    glossary = Glossary.from_document(document)
    assert glossary.expand("ОО")[0] == "общеобразовательные организации"
    assert "образовательная организация" in glossary.expand("ОО")
    assert Glossary.from_document(document, fallback=False).expand("СОШ") == []
    assert glossary.expand_text("Руководители ОО и СОШ") == {
        "ОО": glossary.expand("ОО"),
        "СОШ": ["средняя общеобразовательная школа"],
    }


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_glossary_list_after_the_plan(suffix: str) -> None:
    document = extract(CORPUS / f"001_ff4c9489b29d190a{suffix}")
    glossary = Glossary.from_document(document, fallback=False)
    assert glossary.expand("КОПО") == ["комитет общего и профессионального образования Ленинградской области"]
    assert glossary.expand("ЛОИРО") == ["Ленинградский областной институт развития образования"]
    org = next(o for a in document.activities for o in a.org_mentions if o.name == "КОПО")
    assert org.expansions["КОПО"][0].startswith("комитет общего")


def test_builtin_reading_agrees_with_the_words_the_document_spells_out() -> None:
    """001 writes "проект «Школы с НРО»" and spells the term out in its own title: the built-in
    reading of every abbreviation its activities use without defining is made of the title's words."""
    document = extract(CORPUS / "001_ff4c9489b29d190a.txt")
    own = Glossary.from_document(document, fallback=False)
    used = {
        abbreviation
        for activity in document.activities
        for abbreviation in Glossary.from_document(document).expand_text(activity.title)
        if not own.expand(abbreviation)
    }
    assert "НРО" in used
    title_words = {parses(w)[0].normal_form for w in re.findall(r"[а-яё]+", document.meta.title.lower())}
    reading = expand("НРО")[0]
    assert {parses(w)[0].normal_form for w in re.findall(r"[а-яё]+", reading)} <= title_words


def test_school_council_and_training_programme_share_an_abbreviation() -> None:
    assert expand("ППк") == expand("ППК")
    assert set(expand("ППК")) == {"программа повышения квалификации", "психолого-педагогический консилиум"}


@pytest.mark.parametrize(
    ("text", "abbreviation", "expansion"),
    [
        (
            "Областному бюджетному учреждению дополнительного образования «Центр детского творчества»"
            " (далее – ОБУ ДО ЦДТ) (Рогова Т.Т.) провести",
            "ОБУ ДО ЦДТ",
            "Областное бюджетное учреждение дополнительного образования «Центр детского творчества»",
        ),
        (
            "Муниципальному бюджетному учреждению «Психолого-педагогический центр» (далее – МБУ «ППЦ»)",
            "МБУ «ППЦ»",
            "Муниципальное бюджетное учреждение «Психолого-педагогический центр»",
        ),
        (
            "Краевому казенному учреждению «Центр мониторинга качества образования» (далее - ККУ «ЦМКО»)",
            "ККУ «ЦМКО»",
            "Краевое казенное учреждение «Центр мониторинга качества образования»",
        ),
    ],
)
def test_definitions_of_several_words_with_quotes_and_hyphens(
    text: str, abbreviation: str, expansion: str
) -> None:
    (found,) = find_definitions(text)
    assert (found.abbreviation, found.expansion) == (abbreviation, expansion)


def test_an_abbreviation_of_several_words_is_expanded_where_a_text_uses_it() -> None:
    glossary = Glossary({"ОБУ ДО ЦДТ": ["Областное бюджетное учреждение"], "МБУ «ППЦ»": ["центр"]})
    found = glossary.expand_text("методисты ОБУ ДО ЦДТ, специалисты МБУ «ППЦ»")
    assert found["ОБУ ДО ЦДТ"] == ["Областное бюджетное учреждение"]
    assert found["МБУ «ППЦ»"] == ["центр"]
    assert "ОБУ ДО ЦДТА" not in glossary.expand_text("ОБУ ДО ЦДТА")
    assert not any(" " in k for k in glossary.expand_text("ОБУ ДО ЦДТА"))


def test_a_title_in_capitals_defines_nothing() -> None:
    assert find_definitions("ПЛАН-ГРАФИК («ДОРОЖНАЯ КАРТА»)") == []
    assert find_definitions("ПРОГРАММА – комплекс мер поддержки") == []
