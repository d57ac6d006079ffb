"""The methodist's review on the Сравнение page through `AppTest`: every control writes its
decision at once with who took it, the coverage follows her decisions, the status moves, and
the Документы page shows it; a municipal specialist and an analyst only read, and never another
municipality's plan. Stores are built from generated orders (tests.accounts.build_order)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from compare import Comparison, compare
from review.model import Decision
from review.remarks import sent
from store import open_store
from store.comparing import compare_stored
from store.reviews import Reviews
from store.revisions import revision_of
from tests.accounts import KOZELSK, REGION, ZHUKOV, add_accounts, build_order, open_app

TIMEOUT = 180


@pytest.fixture
def pairs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A store of the region's template and two municipalities' plans (each the template's rows
    shifted, so there are matches, gaps, additions and findings), compared, with one account of
    each role; the documents' ids by name."""
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    monkeypatch.setenv("ROADMAP_DB_URL", url)
    monkeypatch.setenv("ROADMAP_UPLOAD_DIR", str(tmp_path / "uploads"))
    with open_store(url) as store:
        add_accounts(store)
        for key, letterhead, seed in (("region", REGION, 0), ("kozelsk", KOZELSK, 2), ("zhukov", ZHUKOV, 3)):
            store.ingest(build_order(tmp_path / f"{key}.docx", letterhead, seed=seed))
        ids = {d.file_name.removesuffix(".docx"): d.id for d in store.documents()}
        for plan in ("kozelsk", "zhukov"):
            compare_stored(store, ids["region"], ids[plan])
    ids["url"] = url
    return ids


def compared(login: str, pairs: dict, plan: str = "kozelsk") -> AppTest:
    """The Сравнение page signed in as `login`, the region's template compared with `plan`."""
    app = open_app(login, "comparison", timeout=TIMEOUT)
    app.selectbox(key="template_id").set_value(pairs["region"])
    app.multiselect(key="plan_ids").set_value([pairs[plan]]).run()
    next(b for b in app.button if b.label == "Сравнить").click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def comparison_of(pairs: dict, plan: str = "kozelsk") -> Comparison:
    """The region's template compared with `plan`, as the page computes it."""
    with open_store(pairs["url"]) as store:
        template, compared_plan = (store.document(pairs[k]).as_document() for k in ("region", plan))
    return compare(template, compared_plan)


def review_of(pairs: dict, plan: str = "kozelsk"):
    with open_store(pairs["url"]) as store:
        reviews = Reviews(store)
        record = reviews.of_pair(pairs["region"], pairs[plan])
        return record, (reviews.decisions(record.id) if record else [])


def click(app: AppTest, key: str) -> AppTest:
    app.button(key=key).click().run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def coverage(app: AppTest) -> tuple[float, str, float]:
    """(shown coverage, whose figure, the tool's) of the first plan in the coverage table."""
    row = app.dataframe[0].value.iloc[0]
    return row["Покрытие"], row["Оценка"], row["Покрытие по оценке программы"]


def decision_lines(app: AppTest) -> list[str]:
    return [m.value for m in app.markdown if m.value.startswith("Решение методиста:")]


def test_matches_are_confirmed_rejected_and_regraded_with_who_and_when(pairs: dict) -> None:
    app = compared("metod", pairs)
    record, _ = review_of(pairs)
    assert record is not None and record.status == "draft"  # opening the pair opens its review
    shown, whose, tool = coverage(app)
    assert whose == "программы" and shown == tool
    result = comparison_of(pairs)
    first, second, third = [(m.template, m.plan) for m in result.matches[:3]]

    click(app, f"{record.id}:{first[0]}:{first[1]}:confirm")
    click(app, f"{record.id}:{second[0]}:{second[1]}:reject")
    click(app, f"{record.id}:{third[0]}:{third[1]}:regrade")
    _, decisions = review_of(pairs)
    assert [(d.kind, d.template, d.plan, d.verdict, d.grade, d.decided_by) for d in decisions] == [
        ("match", *first, "confirmed", None, "metod"),
        ("match", *second, "rejected", None, "metod"),
        ("match", *third, "regraded", "partial", "metod"),
    ]
    assert all(d.decided_at is not None for d in decisions)
    lines = decision_lines(app)
    assert any("**подтверждено**" in line and "metod" in line for line in lines)
    assert any("**отклонено**" in line for line in lines)
    assert any("оценка изменена: частичное" in line for line in lines)
    shown, whose, tool = coverage(app)
    assert whose == "методиста" and shown < tool  # the rejected match's template row is a gap now
    gaps = f"Не отражено в плане: {len(result.gaps) + 1}, принято без мероприятия: 0"
    assert any(c.value.startswith(gaps) for c in app.caption)
    table = app.dataframe[-1].value
    assert list(table["Решение"]) == ["подтверждено", "отклонено", "оценка изменена: частичное"]
    assert set(table["Кто"]) == {"metod"}

    click(app, f"{record.id}:{second[0]}:{second[1]}:undo")
    assert [d.verdict for d in review_of(pairs)[1]] == ["confirmed", "regraded"]


def test_a_gap_is_covered_by_a_plan_row_or_accepted_with_a_comment(pairs: dict) -> None:
    app = compared("metod", pairs)
    record, _ = review_of(pairs)
    result = comparison_of(pairs)
    first, second = [g.ref for g in result.gaps][:2]
    addition = result.additions[0].ref
    _, _, tool = coverage(app)

    app.selectbox(key=f"{record.id}:gap:{first}:plan").set_value(addition)
    click(app, f"{record.id}:gap:{first}:cover")
    click(app, f"{record.id}:gap:{second}:accept")  # no comment: refused, said why
    assert any("почему" in e.value for e in app.error)
    app.text_input(key=f"{record.id}:gap:{second}:comment").input("проводится региональным центром")
    click(app, f"{record.id}:gap:{second}:accept")
    _, decisions = review_of(pairs)
    assert [(d.template, d.verdict, d.plan, d.comment) for d in decisions] == [
        (first, "covered", addition, None),
        (second, "accepted", None, "проводится региональным центром"),
    ]
    lines = decision_lines(app)
    assert any(f"покрыто мероприятием плана {addition}" in line for line in lines)
    assert any("принято без мероприятия в плане" in line and "региональным центром" in line for line in lines)
    shown, whose, _ = coverage(app)
    assert whose == "методиста" and shown > tool  # the row she covered counts


def test_a_finding_is_dismissed_with_a_comment_and_can_be_restored(pairs: dict) -> None:
    app = compared("metod", pairs)
    record, _ = review_of(pairs)
    result = comparison_of(pairs)
    first = result.findings[0]
    app.selectbox(key=f"{record.id}:dismiss").set_value(0)
    click(app, f"{record.id}:dismiss_button")
    assert any("почему оно снято" in e.value for e in app.error)  # a comment is required
    app.text_input(key=f"{record.id}:dismiss_comment").input("срок уточнён письмом")
    click(app, f"{record.id}:dismiss_button")
    [decision] = review_of(pairs)[1]
    assert (decision.kind, decision.rule, decision.template, decision.plan, decision.comment) == (
        "finding",
        first.rule,
        first.template,
        first.plan,
        "срок уточнён письмом",
    )
    findings = next(d.value for d in app.dataframe if "Решение методиста" in d.value.columns)
    assert findings["Решение методиста"].str.contains("срок уточнён письмом", na=False).sum() == 1
    total = len(result.findings)
    assert f"Открыто замечаний: {total - 1} из {total}." in [c.value for c in app.caption]
    click(app, f"{record.id}:undo:{decision.key}")
    assert review_of(pairs)[1] == []


def test_the_methodist_adds_her_own_remark_to_a_plan_row(pairs: dict) -> None:
    app = compared("metod", pairs)
    record, _ = review_of(pairs)
    addition = comparison_of(pairs).additions[-1]
    row = app.selectbox(key=f"{record.id}:remark_row")
    assert f"План {addition.ref}. {addition.title}"[:60] in " ".join(row.options)
    row.set_value(f"p:{addition.ref}")
    app.text_area(key=f"{record.id}:remark_text").input("Укажите ответственного по фамилии")
    click(app, f"{record.id}:remark")
    [remark] = review_of(pairs)[1]
    assert (remark.kind, remark.template, remark.comment, remark.decided_by) == (
        "remark",
        None,
        "Укажите ответственного по фамилии",
        "metod",
    )
    assert remark.plan == addition.ref
    assert any("Укажите ответственного по фамилии" in m.value for m in app.markdown)
    assert len([b for b in app.button if b.label == "Удалить"]) == 1


def test_status_moves_draft_returned_approved_and_back_with_who_and_when(pairs: dict) -> None:
    app = compared("metod", pairs)
    record, _ = review_of(pairs)
    assert any("Статус проверки: **черновик**" in m.value for m in app.markdown)
    letter = sent(comparison_of(pairs), [])
    count = len(letter.gaps) + len(letter.findings) + len(letter.own)
    assert count and [c.value for c in app.caption if c.value.startswith("Замечаний к отправке")] == [
        f"Замечаний к отправке: {count}. Одобряя план, вы принимаете его с ними; чтобы муниципалитет "
        "их исправил, отправьте план на доработку."
    ]
    click(app, f"{record.id}:status:returned")
    after, _ = review_of(pairs)
    assert (after.status, after.status_by) == ("returned", "metod") and after.status_at is not None
    assert any(m.value.startswith("Статус проверки: **на доработке** — metod") for m in app.markdown)
    click(app, f"{record.id}:status:approved")
    assert review_of(pairs)[0].status == "approved"
    assert not [c for c in app.caption if c.value.startswith("Замечаний к отправке")]
    assert not [b for b in app.button if b.key and b.key.endswith(":confirm")]  # approved: no decisions
    match = comparison_of(pairs).matches[0]
    click(app, f"{record.id}:status:draft")
    assert review_of(pairs)[0].status == "draft"
    click(app, f"{record.id}:{match.template}:{match.plan}:confirm")
    assert len(review_of(pairs)[1]) == 1


def test_decisions_are_there_when_the_page_is_opened_again(pairs: dict) -> None:
    app = compared("metod", pairs)
    record, _ = review_of(pairs)
    match = comparison_of(pairs).matches[0]
    click(app, f"{record.id}:{match.template}:{match.plan}:reject")
    again = compared("admin", pairs)  # a new session, another methodist
    assert any("**отклонено**" in line and "metod" in line for line in decision_lines(again))
    table = again.dataframe[-1].value
    assert list(table["Решение"]) == ["отклонено"] and list(table["Кто"]) == ["metod"]
    assert coverage(again)[1] == "методиста"


def test_a_decision_whose_row_is_gone_is_shown_not_dropped(pairs: dict) -> None:
    with open_store(pairs["url"]) as store:
        reviews = Reviews(store)
        record = reviews.open(pairs["region"], pairs["kozelsk"])
        reviews.decide(
            record.id, Decision(kind="match", verdict="confirmed", template="99", plan="1"), by="metod"
        )
    app = compared("metod", pairs)
    [warning] = app.warning
    assert "не перенесены" in warning.value and "шаблон 99" in warning.value and "metod" in warning.value


def test_a_municipal_specialist_reads_their_own_review_and_no_other(pairs: dict) -> None:
    with open_store(pairs["url"]) as store:
        reviews = Reviews(store)
        for plan in ("kozelsk", "zhukov"):
            record = reviews.open(pairs["region"], pairs[plan])
            reviews.set_status(record.id, "returned", by="metod")
    app = compared("kozelsk", pairs)
    assert any(m.value.startswith("Статус проверки: **на доработке** — metod") for m in app.markdown)
    assert any("Только просмотр" in c.value for c in app.caption)
    assert not [b for b in app.button if b.key and ":" in b.key]  # no decision, no status control
    assert pairs["zhukov"] not in app.multiselect(key="plan_ids").options

    app.session_state["comparison"] = (pairs["region"], (pairs["zhukov"],))  # another municipality's
    app.run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "Нет доступа: план другого муниципалитета или документ, которого нет в базе."
    ]
    assert not app.dataframe and not [m for m in app.markdown if "Статус проверки" in m.value]


def test_an_analyst_reads_the_review_and_saves_nothing(pairs: dict) -> None:
    with open_store(pairs["url"]) as store:
        reviews = Reviews(store)
        record = reviews.open(pairs["region"], pairs["kozelsk"])
        saved_before = len(store.comparisons())
    app = compared("analyst", pairs)
    assert any("Только просмотр" in c.value for c in app.caption)
    assert not [b for b in app.button if b.key and ":" in b.key]
    app = compared("analyst", pairs, plan="zhukov")  # never reviewed: said so
    assert any("ещё не проверялся" in i.value for i in app.info)
    with open_store(pairs["url"]) as store:
        assert len(store.comparisons()) == saved_before
        assert Reviews(store).of_pair(pairs["region"], pairs["zhukov"]) is None  # reading opens nothing
        assert Reviews(store).decisions(record.id) == []


def test_documents_page_shows_each_plans_review_status_and_template(pairs: dict) -> None:
    with open_store(pairs["url"]) as store:
        reviews = Reviews(store)
        record = reviews.open(pairs["region"], pairs["kozelsk"])
        reviews.set_status(record.id, "returned", by="metod")
    app = open_app("metod", "documents", timeout=TIMEOUT)
    table = app.dataframe[0].value.set_index("Файл")
    assert table.loc["kozelsk.docx", "Проверка"] == "на доработке"
    assert table.loc["kozelsk.docx", "Шаблон проверки"] == "region.docx"
    assert table.loc["kozelsk.docx", "Статус установил"] == "metod"
    assert table.loc["zhukov.docx", "Проверка"] == "не проверен"
    assert table.loc["region.docx", "Проверка"] == "—"


def test_two_methodists_on_one_comparison_keep_each_others_decisions(pairs: dict) -> None:
    first, second = compared("metod", pairs), compared("admin", pairs)  # both pages open at once
    record, _ = review_of(pairs)
    one, other = comparison_of(pairs).matches[:2]
    click(first, f"{record.id}:{one.template}:{one.plan}:confirm")
    click(second, f"{record.id}:{other.template}:{other.plan}:reject")  # her page predates his
    assert {(d.template, d.verdict, d.decided_by) for d in review_of(pairs)[1]} == {
        (one.template, "confirmed", "metod"),
        (other.template, "rejected", "admin"),
    }
    first.run()
    assert list(first.dataframe[-1].value["Кто"]) == ["metod", "admin"]


def test_a_corrected_plan_shows_what_it_resolved_of_the_earlier_review(pairs: dict, tmp_path: Path) -> None:
    """The municipality's corrected plan now has the template row the first one missed: its
    review page lists that gap among the remarks resolved."""
    with open_store(pairs["url"]) as store:
        reviews = Reviews(store)
        earlier = reviews.open(pairs["region"], pairs["kozelsk"])
        reviews.set_status(earlier.id, "returned", by="metod")
        store.ingest(build_order(tmp_path / "kozelsk_2.docx", KOZELSK, rows=13, seed=1))
        corrected = next(d.id for d in store.documents() if d.file_name == "kozelsk_2.docx")
    missed = {g.ref for g in comparison_of(pairs).gaps}
    app = compared("metod", {**pairs, "kozelsk_2": corrected}, plan="kozelsk_2")
    assert "Сравнение с прежней проверкой" in [h.value for h in app.subheader]
    with open_store(pairs["url"]) as store:
        record = Reviews(store).of_pair(pairs["region"], corrected)
        resolved = revision_of(store, record.id).resolved
    assert record.previous_id == earlier.id
    assert {r.template for r in resolved if r.kind == "gap"} == missed - {"1"}  # seed 1: row 1 still missing
    assert next(m.value for m in app.metric if m.label == "Устранено замечаний") == str(len(resolved))
    letter, workbook = (b.label for b in app.download_button[:2])
    assert (letter, workbook) == ("Скачать письмо с замечаниями", "Скачать решения (XLSX)")
