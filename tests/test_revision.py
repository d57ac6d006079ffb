"""A corrected plan against the earlier review: plan rows paired (kept, renumbered, reworded,
re-dated, added, removed), the earlier remarks resolved or still open, the earlier decisions
carried over into the new review (SQLite and PostgreSQL) or listed with the reason they cannot,
the decisions that no longer apply after compare ran again, and the view in the review page."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from streamlit.testing.v1 import AppTest

from compare import compare
from compare.model import ActivityRef, Comparison, Coverage, Finding, Match
from extractor import extract
from model import Activity, Document
from review import Decision
from review.revision import pair_rows, revised, why_dropped
from store import open_store
from store.reviews import Reviews
from store.revisions import carry_over, latest_comparison, not_carried_after_rerun, revision_of
from store.users import Accounts
from tests.accounts import HEADER, KOZELSK, PASSWORD, REGION, add_accounts, open_app
from tests.synthetic import corpus_rows
from tests.test_store_server import BACKENDS, fresh_database
from ui.comparison_view import decisions_frame, stamp

Row = tuple[str, str, str, str]
LATER = "до 30.06.2022"


def order(path: Path, letterhead: tuple[str, ...], rows: list[Row], number: int = 101) -> Path:
    """A .docx order of the authority in `letterhead` whose plan table holds `rows` numbered 1..n."""
    document = docx.Document()
    for line in letterhead:
        document.add_paragraph(line)
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph(f"от 01.09.2021 № {number}")
    document.add_paragraph("Об утверждении плана мероприятий («дорожной карты») на 2021-2022 учебный год")
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for index, values in enumerate(rows, 1):
        for cell, text in zip(table.add_row().cells, (f"{index}.", *values), strict=True):
            cell.text = text
    document.save(path)
    return path


def build_plans(folder: Path) -> tuple[Path, Path, Path]:
    """A template of six corpus rows; the earlier plan answers rows 1-4 and adds one of its own
    (template rows 5 and 6 are gaps); the corrected plan re-dates row 2, drops row 3 (its row 4
    becomes 3, its own row 4) and adds, as row 5, the template's row 5."""
    source = corpus_rows()
    template = [source[k] for k in range(6)]
    own = source[40]
    redated = (template[1][0], LATER, *template[1][2:])
    earlier = [template[0], template[1], template[2], template[3], own]
    corrected = [template[0], redated, template[3], own, template[4]]
    return (
        order(folder / "шаблон.docx", REGION, template, 1),
        order(folder / "план.docx", KOZELSK, earlier, 101),
        order(folder / "план исправленный.docx", KOZELSK, corrected, 102),
    )


EARLIER_DECISIONS = [
    Decision(kind="match", verdict="confirmed", template="1", plan="1", decided_by="metod"),
    Decision(kind="match", verdict="confirmed", template="4", plan="4", decided_by="metod"),
    Decision(kind="match", verdict="confirmed", template="3", plan="3", decided_by="metod"),
    Decision(kind="gap", verdict="accepted", template="6", comment="не касается района"),
    Decision(kind="finding", verdict="dismissed", rule="no_person", plan="4", comment="указано в приказе"),
    Decision(
        kind="finding", verdict="dismissed", rule="deadline_before_document", plan="2", comment="перенос"
    ),
    Decision(kind="remark", verdict="remark", plan="1", comment="уточнить исполнителя"),
]
CARRIED = {
    "match:1:1": "match:1:1",
    "match:4:4": "match:4:3",
    "gap:6": "gap:6",
    "finding:no_person::4": "finding:no_person::3",
    "remark::1": "remark::1",
}
NOT_CARRIED = {"match:3:3": "удалена", "finding:deadline_before_document::2": "изменено (срок)"}


def _check(revision) -> None:
    """What the built plans and `EARLIER_DECISIONS` must give."""
    assert [(r.kind, r.template, r.corrected_plan) for r in revision.resolved] == [("gap", "5", "5")]
    assert "теперь отражено в плане: 5" in revision.resolved[0].reason
    open_ones = {(r.kind, r.rule, r.plan) for r in revision.still_open}
    assert ("remark", None, "1") in open_ones and ("finding", "no_responsible", "1") in open_ones
    assert all(r.kind != "gap" for r in revision.still_open)
    assert [a.ref for a in revision.added] == ["5"] and [r.ref for r in revision.removed] == ["3"]
    assert [(p.earlier, p.corrected, p.corrected_row.deadline_raw) for p in revision.redated] == [
        ("2", "2", LATER)
    ]
    moved = {(p.earlier, p.corrected) for p in revision.pairs if p.earlier != p.corrected}
    assert moved == {("4", "3"), ("5", "4")}
    assert all("было" in p.reason for p in revision.pairs if p.earlier != p.corrected)
    assert {c.earlier.key: c.carried.key for c in revision.carried} == CARRIED
    assert {c.earlier.key: c.reason for c in revision.not_carried}.keys() == NOT_CARRIED.keys()
    for item in revision.not_carried:
        assert NOT_CARRIED[item.earlier.key] in item.reason


def test_a_corrected_plan_against_the_earlier_review(tmp_path: Path) -> None:
    template, earlier, corrected = (extract(p) for p in build_plans(tmp_path))
    before, after = compare(template, earlier), compare(template, corrected)
    assert {g.ref for g in before.gaps} == {"5", "6"}
    _check(revised(earlier, before, EARLIER_DECISIONS, corrected, after))


def test_a_decision_already_taken_on_the_new_review_decides_the_state(tmp_path: Path) -> None:
    template, earlier, corrected = (extract(p) for p in build_plans(tmp_path))
    before, after = compare(template, earlier), compare(template, corrected)
    rejected = Decision(kind="match", verdict="rejected", template="5", plan="5")
    revision = revised(earlier, before, EARLIER_DECISIONS, corrected, after, [rejected])
    assert [(r.template, r.reason) for r in revision.still_open if r.kind == "gap"] == [
        ("5", "по-прежнему не отражено в плане")
    ]


def test_a_corrected_plan_without_activities_keeps_only_the_template_decisions(tmp_path: Path) -> None:
    template, earlier, _ = (extract(p) for p in build_plans(tmp_path))
    empty = _document([])
    before, after = compare(template, earlier), compare(template, empty)
    revision = revised(earlier, before, EARLIER_DECISIONS, empty, after)
    assert revision.pairs == [] and revision.added == [] and len(revision.removed) == 5
    assert [c.carried.key for c in revision.carried] == ["gap:6"]
    assert all("удалена из исправленного плана" in c.reason for c in revision.not_carried)


def _document(rows: list[tuple[str, str, str]]) -> Document:
    return Document(
        doc_id="d",
        source="d.docx",
        format="docx",
        activities=[Activity(number=n, title=t, deadline_raw=d) for n, t, d in rows],
    )


def test_rows_are_paired_by_what_they_say_not_by_their_number() -> None:
    earlier = _document(
        [
            ("1", "Проведение семинара для учителей математики по подготовке к ГИА", "март"),
            ("2", "Мониторинг посещаемости занятий обучающимися группы риска", "ежемесячно"),
            ("3", "Родительское собрание по вопросам профориентации выпускников", "май"),
            ("4", "Закупка учебного оборудования для кабинетов физики", "август"),
        ]
    )
    corrected = _document(
        [
            ("1", "Проведение семинаров для учителей математики по подготовке к ГИА и ВПР", "март"),
            ("2", "Анкетирование педагогов по вопросам профессиональных дефицитов", "октябрь"),
            ("3", "Мониторинг посещаемости занятий обучающимися группы риска", "еженедельно"),
            ("4", "Родительское собрание по вопросам профориентации выпускников 9 и 11 классов", "май"),
        ]
    )
    pairs = {(p.earlier, p.corrected): p for p in pair_rows(earlier, corrected)}
    assert set(pairs) == {("1", "1"), ("2", "3"), ("3", "4")}
    assert pairs[("1", "1")].how == "same_number" and pairs[("1", "1")].changes == ["title"]
    assert "математика" in pairs[("1", "1")].shared_words
    assert pairs[("2", "3")].how == "identical" and pairs[("2", "3")].changes == ["deadline"]
    assert pairs[("3", "4")].how == "moved" and "было 3, стало 4" in pairs[("3", "4")].reason


def test_a_pairing_lists_the_shared_words_rarest_first() -> None:
    """As compare does: a word every row uses says least, so it comes last."""
    rows = [
        ("1", "Семинар для учителей математики по подготовке к ГИА", "март"),
        ("2", "Курсы для учителей физики", "апрель"),
        ("3", "Консультации для учителей истории", "май"),
    ]
    pairs = pair_rows(_document(rows), _document(rows))
    first = next(p for p in pairs if p.earlier == "1")
    assert first.shared_words[-1] == "педагог" and "математика" in first.shared_words, first.shared_words


def test_why_a_decision_no_longer_applies_after_a_rerun() -> None:
    comparison = Comparison(
        template_source="t",
        plan_source="p",
        matches=[
            Match(
                template="1",
                plan="1",
                grade="same",
                score=0.9,
                signals={},
                shared_words=[],
                template_title="а",
                plan_title="б",
            )
        ],
        gaps=[ActivityRef(ref="2", title="в")],
        additions=[],
        findings=[Finding(rule="no_person", severity="info", message="м", plan="1")],
        coverage=Coverage(total=2, covered=1, same=1, partial=0, share=0.5, sections=[]),
    )
    gone_template = Decision(kind="gap", verdict="accepted", template="9")
    gone_plan = Decision(kind="match", verdict="confirmed", template="2", plan="7")
    not_raised = Decision(kind="finding", verdict="dismissed", rule="no_responsible", plan="1")
    assert why_dropped(gone_template, comparison) == "строки шаблона 9 больше нет в сравнении"
    assert why_dropped(gone_plan, comparison) == "строки плана 7 больше нет в сравнении"
    assert why_dropped(not_raised, comparison) == "замечание «нет ответственного» (1) больше не выдаётся"


@pytest.fixture(params=BACKENDS)
def reviewed_pair(request, tmp_path: Path):
    """A store with the template, the earlier plan reviewed with `EARLIER_DECISIONS`, and the
    corrected plan's review opened; (store, url, earlier review, new review)."""
    with fresh_database(request.param, tmp_path) as url, open_store(url) as store:
        template, earlier, corrected = (store.ingest(p).document_id for p in build_plans(tmp_path))
        reviews = Reviews(store)
        first = reviews.open(template, earlier)
        for decision in EARLIER_DECISIONS:
            reviews.decide(first.id, decision, by=decision.decided_by or "metod")
        reviews.set_status(first.id, "returned", by="metod")
        second = reviews.open(template, corrected)
        assert second.previous_id == first.id
        yield store, url, first, second


def test_the_stored_revision_and_its_decisions_carried_over(reviewed_pair) -> None:
    store, _, first, second = reviewed_pair
    reviews = Reviews(store)
    assert revision_of(store, first.id) is None
    with pytest.raises(ValueError, match="проверка 999 не найдена"):
        revision_of(store, 999)
    _check(revision_of(store, second.id))
    own = Decision(kind="remark", verdict="remark", plan="1", comment="исполнитель всё ещё не указан")
    reviews.decide(second.id, own, by="metod2")
    done = carry_over(store, second.id, by="metod")
    assert sorted(d.key for d in done.written) == sorted(set(CARRIED.values()) - {"remark::1"})
    assert [d.key for d in done.left] == ["remark::1"]
    assert {c.earlier.key for c in done.not_carried} == NOT_CARRIED.keys()
    now = {d.key: d for d in reviews.decisions(second.id)}
    assert now["remark::1"].comment == own.comment and now["remark::1"].decided_by == "metod2"
    assert now["match:4:3"].verdict == "confirmed" and now["match:4:3"].decided_by == "metod"
    assert reviews.withdraw(second.id, "match:1:1", by="metod")
    again = carry_over(store, second.id, by="metod")
    assert again.written == [] and "match:1:1" not in {d.key for d in reviews.decisions(second.id)}
    assert len(reviews.decisions(first.id)) == len(EARLIER_DECISIONS)


def test_a_carried_decision_keeps_its_author_and_time_and_names_who_carried_it(reviewed_pair) -> None:
    store, _, first, second = reviewed_pair
    reviews = Reviews(store)
    earlier = {d.key: d for d in reviews.decisions(first.id)}
    carry_over(store, second.id, by="curator")
    now = {d.key: d for d in reviews.decisions(second.id)}
    moved = now["match:4:3"]
    assert (moved.decided_by, moved.decided_at) == ("metod", earlier["match:4:4"].decided_at)
    assert moved.carried_by == "curator" and moved.carried_at >= moved.decided_at
    assert all(d.carried_by is None for d in earlier.values()), "the earlier review is not touched"
    assert stamp(moved).startswith("metod, ") and "; перенёс curator, " in stamp(moved)
    shown = decisions_frame([moved]).iloc[0]
    assert (shown["Кто"], shown["Перенёс"]) == ("metod", "curator")
    reviews.decide(second.id, moved.model_copy(update={"verdict": "rejected"}), by="metod2")
    redecided = next(d for d in reviews.decisions(second.id) if d.key == "match:4:3")
    assert (redecided.decided_by, redecided.carried_by, redecided.carried_at) == ("metod2", None, None)


def test_an_approved_review_takes_no_carried_decisions(reviewed_pair) -> None:
    store, _, _, second = reviewed_pair
    Reviews(store).set_status(second.id, "approved", by="metod")
    with pytest.raises(ValueError, match="одобрен"):
        carry_over(store, second.id, by="metod")
    assert Reviews(store).decisions(second.id) == []


def test_decisions_not_carried_after_compare_ran_again(reviewed_pair) -> None:
    store, _, first, second = reviewed_pair
    assert not_carried_after_rerun(store, first.id) == []
    # a re-run that reads the plan differently: the corrected plan's comparison stands for it
    rerun = latest_comparison(store, second.template_id, second.plan_id)
    dropped = {d.earlier.key: d.reason for d in not_carried_after_rerun(store, first.id, rerun)}
    assert dropped == {
        "finding:no_person::4": "замечание «ответственный без имени» (4) больше не выдаётся",
        "finding:deadline_before_document::2": (
            "замечание «срок раньше даты документа» (2) больше не выдаётся"
        ),
    }


PAGE = """
from store import open_store
from store.reviews import Reviews
from ui.revision_view import show_revision

if __name__ == "__main__":  # not when a spawned process re-runs the main module
    store = open_store({url!r})
    show_revision(store, Reviews(store).get({review_id}))
"""


def test_the_review_page_shows_the_revision_and_carries_decisions(tmp_path: Path) -> None:
    with fresh_database("sqlite", tmp_path) as url, open_store(url) as store:
        template, earlier, corrected = (store.ingest(p).document_id for p in build_plans(tmp_path))
        reviews = Reviews(store)
        first = reviews.open(template, earlier)
        for decision in EARLIER_DECISIONS:
            reviews.decide(first.id, decision, by="metod")
        second = reviews.open(template, corrected)
        Accounts(store).add("metod", PASSWORD, "methodist")
        Accounts(store).add("kozelsk", PASSWORD, "municipal", "Козельский район")
        user, municipal = Accounts(store).user("metod"), Accounts(store).user("kozelsk")
    page = PAGE.format(url=url, review_id=second.id)
    reader = AppTest.from_string(page, default_timeout=120)
    reader.session_state["user"] = municipal  # sees the revision, carries nothing: not a reviewer
    reader.run()
    assert not reader.exception and reader.metric
    assert not [b for b in reader.button if b.label.startswith("Перенести решения")]
    app = AppTest.from_string(page, default_timeout=120)
    app.session_state["user"] = user
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Устранено замечаний"] == "1" and metrics["Строк добавлено"] == "1"
    assert metrics["Строк удалено"] == "1" and metrics["Сроков изменено"] == "1"
    assert app.tabs[0].label == "Устранено (1)"
    [button] = [b for b in app.button if b.label.startswith("Перенести решения")]
    assert button.label == f"Перенести решения ({len(CARRIED)})"
    button.click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Перенесено решений: 5" in s.value for s in app.success)
    assert not [b for b in app.button if b.label.startswith("Перенести решения")]
    with open_store(url) as store:
        assert {d.key for d in Reviews(store).decisions(second.id)} == set(CARRIED.values())


def test_the_comparison_page_shows_a_corrected_plan_against_the_earlier_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    monkeypatch.setenv("ROADMAP_DB_URL", url)
    with open_store(url) as store:
        add_accounts(store)
        template, earlier, corrected = (store.ingest(p).document_id for p in build_plans(tmp_path))
        first = Reviews(store).open(template, earlier)
        Reviews(store).decide(first.id, EARLIER_DECISIONS[0], by="metod")
    app = open_app("metod", "comparison", timeout=180)
    app.selectbox(key="template_id").set_value(template)
    app.multiselect(key="plan_ids").set_value([corrected]).run()
    next(b for b in app.button if b.label == "Сравнить").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "Сравнение с прежней проверкой" in [h.value for h in app.subheader]
    assert {m.label: m.value for m in app.metric}["Устранено замечаний"] == "1"
    assert any(b.label == "Перенести решения (1)" for b in app.button)
