"""A methodist's review in the store (SQLite and PostgreSQL): decisions one per target and
replaced when taken again, statuses with who set them, the earlier plan's review linked, what
survives a killed process and two methodists at once; and the decisions applied to a comparison."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pydantic import ValidationError

from compare.model import ActivityRef, Comparison, Coverage, Finding, Match
from review import Decision, carried, reviewed
from store import open_store
from store.audit import AuditLog
from store.reviews import ReviewError, Reviews
from tests.accounts import KOZELSK, REGION, build_order
from tests.test_store_server import BACKENDS, fresh_database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def stored(database, tmp_path: Path):
    """A store with a regional template and two dated plans of one municipality; their ids."""
    with open_store(database) as store:
        template = store.ingest(build_order(tmp_path / "шаблон.docx", REGION, rows=6)).document_id
        plan = store.ingest(build_order(tmp_path / "план.docx", KOZELSK, rows=5, seed=1)).document_id
        yield store, template, plan


def _match(template: str, plan: str, grade: str = "same") -> Match:
    return Match(
        template=template,
        plan=plan,
        grade=grade,
        score=0.9,
        signals={},
        shared_words=[],
        template_title=f"мероприятие шаблона {template}",
        plan_title=f"мероприятие плана {plan}",
    )


def _comparison() -> Comparison:
    """Template rows 1-4 and plan rows 1-4: 1=1 and 2=2 matched, 3 and 4 gaps, plan 3 and 4 additions."""
    return Comparison(
        template_source="t",
        plan_source="p",
        matches=[_match("1", "1"), _match("2", "2", "partial")],
        gaps=[ActivityRef(ref="3", title="Диагностика"), ActivityRef(ref="4", title="Семинар")],
        additions=[
            ActivityRef(ref="3", title="Мониторинг"),
            ActivityRef(ref="4", title="Родительское собрание"),
        ],
        findings=[Finding(rule="no_responsible", severity="warning", message="нет ответственного", plan="1")],
        coverage=Coverage(total=4, covered=2, same=1, partial=1, share=0.5, sections=[]),
    )


def test_a_decision_is_checked_against_its_kind() -> None:
    with pytest.raises(ValidationError, match="не подходит"):
        Decision(kind="match", verdict="accepted", template="1", plan="1")
    with pytest.raises(ValidationError, match="не хватает"):
        Decision(kind="gap", verdict="covered", template="3")
    with pytest.raises(ValidationError, match="не хватает"):
        Decision(kind="remark", verdict="remark", template="3", comment="  ")
    with pytest.raises(ValidationError, match="оценка"):
        Decision(kind="match", verdict="regraded", template="1", plan="1")


def test_decisions_applied_to_a_comparison() -> None:
    decisions = [
        Decision(kind="match", verdict="rejected", template="1", plan="1"),
        Decision(kind="match", verdict="regraded", template="2", plan="2", grade="same"),
        Decision(kind="gap", verdict="covered", template="3", plan="3", grade="partial"),
        Decision(kind="gap", verdict="accepted", template="4", comment="не касается района"),
        Decision(
            kind="finding", verdict="dismissed", rule="no_responsible", plan="1", comment="указан в приказе"
        ),
        Decision(kind="remark", verdict="remark", plan="4", comment="уточнить срок"),
    ]
    result = reviewed(_comparison(), decisions)
    assert [(m.template, m.plan, m.grade) for m in result.matches] == [
        ("2", "2", "same"),
        ("3", "3", "partial"),
    ]
    assert result.matches[1].plan_title == "Мониторинг" and result.matches[1].signals == {"methodist": 1.0}
    assert [g.ref for g in result.gaps] == ["1"] and [g.ref for g in result.accepted] == ["4"]
    assert [a.ref for a in result.additions] == ["4", "1"]
    assert result.findings == [] and [r.comment for r in result.remarks] == ["уточнить срок"]


def test_decisions_on_rows_that_are_gone_are_not_carried() -> None:
    comparison = _comparison()
    decisions = [
        Decision(kind="match", verdict="confirmed", template="1", plan="1"),
        Decision(kind="gap", verdict="covered", template="9", plan="3"),
        Decision(kind="finding", verdict="dismissed", rule="late_deadline", plan="1"),
        Decision(kind="remark", verdict="remark", plan="7", comment="нет такой строки"),
    ]
    kept, dropped = carried(decisions, comparison)
    assert kept == decisions[:1] and dropped == decisions[1:]
    assert [m.template for m in reviewed(comparison, decisions).matches] == ["1", "2"]


def test_a_review_keeps_one_decision_per_target_and_who_took_it(stored) -> None:
    store, template, plan = stored
    reviews = Reviews(store)
    review = reviews.open(template, plan)
    assert reviews.open(template, plan) == review and review.status == "draft"
    reviews.decide(review.id, Decision(kind="match", verdict="confirmed", template="1", plan="1"), by="metod")
    reviews.decide(review.id, Decision(kind="match", verdict="rejected", template="1", plan="1"), by="metod2")
    reviews.decide(
        review.id, Decision(kind="remark", verdict="remark", template="2", comment="срок"), by="metod"
    )
    [first, second] = reviews.decisions(review.id)
    assert (first.verdict, first.decided_by) == ("rejected", "metod2") and first.decided_at is not None
    assert second.comment == "срок"
    assert reviews.withdraw(review.id, second.key, by="metod") and not reviews.withdraw(
        review.id, "x", by="m"
    )
    assert len(reviews.decisions(review.id)) == 1
    details = [e.detail for e in AuditLog(store).entries() if e.action == "review_decision"]
    assert len(details) == 4 and any("отменено" in d for d in details)


def test_a_status_is_set_by_someone_and_an_approved_review_is_closed(stored) -> None:
    store, template, plan = stored
    reviews = Reviews(store)
    review = reviews.open(template, plan)
    returned = reviews.set_status(review.id, "returned", by="metod")
    assert (returned.status, returned.status_label, returned.status_by) == (
        "returned",
        "на доработке",
        "metod",
    )
    reviews.set_status(review.id, "approved", by="metod")
    with pytest.raises(ReviewError, match="одобрен"):
        reviews.decide(
            review.id, Decision(kind="gap", verdict="accepted", template="1", comment="нет"), by="metod"
        )
    with pytest.raises(ReviewError, match="неизвестный"):
        reviews.set_status(review.id, "done", by="metod")
    with pytest.raises(ReviewError, match="не найден"):
        reviews.open(template, 10_000)
    assert next(e.detail for e in AuditLog(store).entries() if e.action == "review_status") == (
        "на доработке → одобрено"
    )


def test_a_corrected_plan_links_to_the_review_of_the_earlier_one(stored, tmp_path: Path) -> None:
    store, template, plan = stored
    reviews = Reviews(store)
    first = reviews.open(template, plan)
    corrected_file = build_order(tmp_path / "план исправленный.docx", KOZELSK, rows=6, seed=2)
    corrected = store.ingest(corrected_file).document_id
    assert reviews.open(template, corrected).previous_id == first.id
    other_template = store.ingest(build_order(tmp_path / "другой.docx", REGION, rows=4, seed=3)).document_id
    assert reviews.open(other_template, corrected).previous_id is None


def test_two_methodists_at_once_keep_each_others_decisions(stored, database) -> None:
    store, template, plan = stored
    review = Reviews(store).open(template, plan)
    start = threading.Barrier(2)

    def decide(refs: range, login: str) -> None:
        with open_store(database) as own:
            reviews = Reviews(own)
            start.wait()
            for ref in refs:
                decision = Decision(kind="gap", verdict="accepted", template=str(ref), comment=login)
                reviews.decide(review.id, decision, by=login)

    workers = [
        threading.Thread(target=decide, args=(range(0, 20), "metod")),
        threading.Thread(target=decide, args=(range(20, 40), "metod2")),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    decisions = Reviews(store).decisions(review.id)
    assert sorted(int(d.template) for d in decisions) == list(range(40))
    assert all(d.decided_by == d.comment for d in decisions)


_DECIDE_AND_WAIT = """
import sys, time
from review import Decision
from store import open_store
from store.reviews import Reviews
with open_store(sys.argv[1]) as store:
    decision = Decision(kind="gap", verdict="accepted", template="3", comment="нет")
    Reviews(store).decide(int(sys.argv[2]), decision, by="metod")
    print("decided", flush=True)
    time.sleep(600)
"""


def test_a_decision_outlives_a_killed_process(stored, database) -> None:
    store, template, plan = stored
    review = Reviews(store).open(template, plan)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", _DECIDE_AND_WAIT, database, str(review.id)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert child.stdout.readline().strip() == b"decided"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        child.kill()
    with open_store(database) as reopened:
        [decision] = Reviews(reopened).decisions(review.id)
    assert (decision.template, decision.verdict, decision.decided_by) == ("3", "accepted", "metod")


def test_a_dismissed_finding_on_several_plan_rows_is_carried() -> None:
    finding = Finding(
        rule="partial_coverage", severity="warning", message="частично", template="2", plan="1, 2"
    )
    comparison = _comparison().model_copy(update={"findings": [finding]})
    dismissed = Decision(
        kind="finding", verdict="dismissed", rule="partial_coverage", template="2", plan="1, 2"
    )
    assert carried([dismissed], comparison) == ([dismissed], [])
    assert reviewed(comparison, [dismissed]).findings == []
