"""Compare on real corpus documents and on plans generated from them."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from compare import activity_refs, compare
from compare.align import coverage, same_family
from compare.calibration import calibration
from compare.matching import graded, select, settled
from compare.order import ORDER_SIGNAL
from compare.scope import school_scope
from compare.scoring import SIGNALS, signals
from compare.text import glossary_of, head_phrase, statement, sub_items, terms
from extractor import extract
from model import Activity, Document
from tests.conftest import CORPUS

TEMPLATES = ["001_ff4c9489b29d190a", "000_e1a1ce5ee80185a8", "003_b7c16ea3d3e8fa77"]


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    return {stem: extract(CORPUS / f"{stem}.txt") for stem in TEMPLATES}


@pytest.mark.parametrize("stem", TEMPLATES)
def test_template_against_itself_is_fully_covered(documents, stem):
    template = documents[stem]
    result = compare(template, template)
    assert result.gaps == [] and result.additions == []
    assert result.coverage.share == 1.0 and result.coverage.same == len(template.activities)
    assert {(m.template, m.plan) for m in result.matches} == {(r, r) for r in activity_refs(template)}


@pytest.mark.parametrize("stem", TEMPLATES)
@pytest.mark.parametrize("seed", range(3))
def test_removed_activities_are_exactly_the_gaps(documents, stem, seed):
    template = documents[stem]
    refs = activity_refs(template)
    rng = random.Random(seed)
    removed = set(rng.sample(range(len(refs)), k=rng.randint(1, 5)))
    plan = template.model_copy(deep=True)
    plan.activities = [a for k, a in enumerate(template.activities) if k not in removed]
    result = compare(template, plan)
    assert {g.ref for g in result.gaps} == {refs[k] for k in removed}
    assert result.coverage.covered == len(refs) - len(removed)
    assert not [
        f for f in result.findings if f.rule == "gap" and f.template not in {refs[k] for k in removed}
    ]


REWORDINGS = [
    (r"образовательных организаций", "ОО"),
    (r"образовательные организации", "ОО"),
    (r"школ(?:ы)?, показавших низкие образовательные результаты", "ШНОР"),
    (r"[Шш]кол(?:ы)? с низкими (?:образовательными )?результатами(?: обучения)?", "«слабых школ»"),
    (r"педагогов", "учителей"),
    (r"руководителей", "директоров"),
]


def reword(title: str, rng: random.Random) -> str:
    """The title with abbreviations and synonyms substituted, the clauses after the first (which says
    what is done) in reverse order, and the case changed."""
    for pattern, replacement in REWORDINGS:
        title = re.sub(pattern, replacement, title)
    clauses = [c.strip() for c in re.split(r",\s+", title) if c.strip()]
    if len(clauses) > 2:
        clauses = [clauses[0], *reversed(clauses[1:])]
    text = ", ".join(clauses)
    return text.upper() if rng.random() < 0.3 else text.lower()


@pytest.mark.parametrize("stem", TEMPLATES)
def test_reworded_plan_is_still_matched(documents, stem):
    template = documents[stem]
    rng = random.Random(7)
    order = list(range(len(template.activities)))
    rng.shuffle(order)
    plan = template.model_copy(deep=True)
    plan.activities = []
    for position, k in enumerate(order, 1):
        activity = template.activities[k].model_copy(
            update={"title": reword(template.activities[k].title, rng)}
        )
        plan.activities.append(activity.model_copy(update={"number": f"П{position}"}))
    result = compare(template, plan)
    expected = {(activity_refs(template)[k], f"П{position}") for position, k in enumerate(order, 1)}
    found = {(m.template, m.plan) for m in result.matches}
    assert expected <= found
    assert result.gaps == []


def test_abbreviations_and_synonyms_fold_to_the_same_terms():
    assert terms("Совещание директоров ШНОР") == terms("совещания руководителей «слабых школ»")
    assert terms("Семинар для ОУ") == terms("семинар для образовательных организаций")
    assert terms("Обобщение опыта работы") == terms("распространение опыта работы")
    assert terms("Провести семинар для ШНОР в 2021 году") == terms("Проведение семинара для слабых школ")


def test_an_abbreviation_inside_an_organisations_name_stays_as_written():
    """«ПК» of «ИРО ПК» is a region, not «повышение квалификации»: only a run's first
    abbreviation is expanded, and a lone one still is."""
    courses = terms("повышение квалификации")
    assert not set(courses) & set(terms("Информирование на сайте ИРО ПК"))
    assert set(courses) <= set(terms("Заявка на курсы ПК"))
    assert terms("Анализ ВПР, ОГЭ") == terms("Анализ всероссийских проверочных работ, ОГЭ")


def test_matches_explain_themselves(documents):
    template, plan = documents["001_ff4c9489b29d190a"], documents["000_e1a1ce5ee80185a8"]
    result = compare(template, plan)
    assert result.matches
    t_refs, p_refs = set(activity_refs(template)), set(activity_refs(plan))
    for m in result.matches:
        assert m.template in t_refs and m.plan in p_refs
        assert m.shared_words, m
        assert set(m.signals) - {ORDER_SIGNAL} == set(SIGNALS)
        assert 0 < m.score <= 1
    matched = {m.template for m in result.matches}
    assert {g.ref for g in result.gaps} == t_refs - matched
    assert {a.ref for a in result.additions} == p_refs - {m.plan for m in result.matches}
    assert result.coverage.covered == len(matched)
    assert sum(s.total for s in result.coverage.sections) == len(t_refs)


def test_a_match_placed_by_row_order_says_so(documents, monkeypatch):
    """A pair the order put in place of the regression's carries the `order` signal (the app
    says «выбрано по порядку строк»); the regression's own pairs do not."""
    template = documents["001_ff4c9489b29d190a"]

    def move_first_answer(chosen, scores, allowed):
        moved = chosen.copy()
        moved[0] = False
        moved[0, 1] = True
        return moved

    monkeypatch.setattr("compare.matching.reorder", move_first_answer)
    result = compare(template, template)
    refs = activity_refs(template)
    placed = {(m.template, m.plan) for m in result.matches if ORDER_SIGNAL in m.signals}
    assert placed == {(refs[0], refs[1])}


def test_sub_items_carry_the_lead_in_and_keep_quoted_names_whole():
    title = "Разработка планов ОО: - по сопровождению обучающихся; - по работе с родителями"
    assert sub_items(title) == [
        "Разработка планов ОО по сопровождению обучающихся",
        "Разработка планов ОО по работе с родителями",
    ]
    assert sub_items("Утверждение списка школ. Создание условий для партнерства") == [
        "Утверждение списка школ",
        "Создание условий для партнерства",
    ]
    assert sub_items("Семинар «Школа. Проблемы и перспективы» для руководителей") == []
    assert sub_items("Приказ управления образования г. Таганрога о сроках") == []
    assert sub_items("Оценка достижений на уровнях: школа - класс - ученик") == []


def test_head_is_what_is_done_not_what_about():
    assert head_phrase("Разработка методических рекомендаций по созданию сетевых объединений") == (
        "Разработка методических рекомендаций "
    )
    assert head_phrase("Проведение обучающих семинаров для руководителей ОУ").strip() == (
        "Проведение обучающих семинаров"
    )
    assert head_phrase("Совещания-собеседования с руководителями").strip() == "Совещания-собеседования"
    assert head_phrase("Мониторинг: результаты ВПР").strip() == "Мониторинг"
    assert statement("Реализация программ повышения квалификации по вопросам оценки").head == [
        "программа",
        "повышение_квалификация",
    ]


def test_same_head_on_another_subject_scores_below_the_same_subject():
    template = [[statement("Разработка методических рекомендаций по работе с родителями обучающихся")]]
    plan = [
        [statement("Разработка методических рекомендаций по созданию сетевых объединений школ")],
        [statement("Подготовка методических рекомендаций для педагогов по работе с родителями")],
    ]
    scores = signals(template, plan).combined(calibration().base_weights)
    assert scores[0, 1] > scores[0, 0]


def test_a_copy_settles_both_its_rows():
    """Plan row 0 copies template row 0, so template row 1 (a near twin of row 0) cannot claim it:
    it is answered by its own counterpart or is a gap, never by the copy of the other row."""
    template = [
        [statement("Проведение семинаров для учителей математики по подготовке к ВПР")],
        [statement("Проведение семинаров для учителей физики по подготовке к ВПР")],
    ]
    plan = [
        [statement("Проведение семинаров для учителей математики по подготовке к ВПР")],
        [statement("Организация обучения учителей физики")],
    ]
    found = signals(template, plan)
    assert settled(found)[1, 0] and not settled(found)[0, 0]
    pairs = {(i, j) for i, j, *_ in select(found, calibration(), np.zeros(2, dtype=np.float32))}
    assert (0, 0) in pairs and (1, 0) not in pairs and (0, 1) not in pairs


def test_a_phrase_whose_words_another_group_took_first_still_folds():
    """A glossary may spell ШНОР out as «общеобразовательные организации с низкими ...»; the
    «общеобразовательные организации» group must not keep it from folding to the ШНОР group."""
    spelled_out = "общеобразовательные организации с низкими образовательными результатами"
    glossary = glossary_of([("ШНОР", spelled_out)])
    assert terms("Укрепление базы ШНОР", glossary) == terms("Укрепление базы школ с низкими результатами")


def test_soft_alignment_sees_a_paraphrase_that_shares_few_words():
    idf: dict[str, float] = {}
    template = [terms("Проведение мониторинга объективности оценивания")]
    plan = [terms("Контроль за объективностью проверки работ"), terms("Ремонт спортивного зала")]
    template_covered, plan_covered = coverage(template, plan, idf)
    assert template_covered[0, 0] > template_covered[0, 1] + 0.2
    assert plan_covered[0, 0] > plan_covered[0, 1] + 0.2


def test_words_of_one_family_align_where_navec_keeps_them_apart():
    assert same_family("наставничество", "наставник") and same_family("методический", "методика")
    assert same_family("психолого-педагогический", "педагог-психолог")
    assert not same_family("программа", "проект") and not same_family("учитель", "учет")
    idf: dict[str, float] = {}
    covered, _ = coverage([terms("Организация наставничества")], [terms("Закрепление наставников")], idf)
    assert covered[0, 0] >= 0.4


def test_a_plan_row_naming_one_school_is_read_as_that_school_s_share():
    named = Activity(title="Оборудовать кабинет математики МОУ «Житищенская СОШ» интерактивной панелью")
    by_section = Activity(title="Проведение самодиагностики", section_title="МБОУ «СОШ № 7»")
    general = Activity(
        title="Оснащение кабинетов школ с низкими результатами", responsible_raw="директора школ"
    )
    assert school_scope([named, by_section, general]).tolist() == [1.0, 1.0, 0.0]


def test_the_thesaurus_folds_the_genre_s_equivalent_wordings():
    assert terms("выявление профессиональных затруднений") == terms("выявление профессиональных дефицитов")
    assert terms("индивидуальный план профессионального развития педагога") == terms("ИОМ педагога")
    assert terms("выполнение программы") == terms("реализация программы")


def test_the_thesaurus_knows_how_a_paraphrasing_official_names_these_actions():
    assert terms("курсовая подготовка учителей") == terms("повышение квалификации педагогов")
    assert terms("план профессионального развития учителя") == terms("ИОМ педагога")
    assert terms("самоанализ школы") == terms("самодиагностика школы")
    assert terms("предупреждение неуспеваемости учащихся") == terms(
        "профилактика учебной неуспешности обучающихся"
    )
    assert terms("модернизация материально-технической базы школ") == terms(
        "укрепление материально-технической базы школ"
    )
    assert terms("освещение работы в СМИ") == terms("информационное сопровождение работы в СМИ")


def test_a_template_row_split_over_several_plan_rows_is_partial_in_each():
    chosen = np.array([[True, True, False], [False, False, True]])
    same = np.ones_like(chosen)
    assert graded(chosen, same).tolist() == [[False, False, False], [True, True, True]]
