"""A side of a comparison in which no activity was found (a plain order without its plan table):
a template is refused with one Russian line naming the file wherever compare is offered (the
CLI on a file and on a stored document, `roadmap review` on both, the API, logged, the app for
every role), a plan is compared with a warning that every template row is a gap, and the
Сравнение page names such documents instead of leaving them out silently. A review or labelled
pair made against such a template before it was refused: its revision is refused (the review
page says why), roadmap calibrate leaves it out with a warning. The documents are written here:
an order in plain text and a small plan in the tab-separated text form."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from api import create_app
from compare import calibrate
from compare.emptiness import EmptyTemplateError
from extractor import extract
from review import Decision
from roadmap.cli import app
from store import Store, comparing, open_store
from store.audit import AuditLog
from store.comparing import compare_stored
from store.region import region
from store.reviews import Reviews
from store.revisions import carry_over, not_carried_after_rerun, revision_of
from store.users import Accounts
from tests.accounts import KOZELSK, add_accounts, build_order, open_app
from tests.synthetic import HEADER, corpus_rows
from tests.test_revision import PAGE
from ui import auth, data

ROWS = 4
EMPTY_TEMPLATE = "в шаблоне не найдено ни одного мероприятия — сравнивать не с чем"
EMPTY_PLAN = (
    f"в плане не найдено ни одного мероприятия, поэтому все мероприятия шаблона ({ROWS}) — пробелы; "
    "проверьте, тот ли это файл"
)


def write_order(folder: Path) -> Path:
    """An order that only appoints people: a preamble and directives, no plan table."""
    path = folder / "приказ.txt"
    path.write_text(
        "\n".join(
            [
                "МИНИСТЕРСТВО ОБРАЗОВАНИЯ КАЛУЖСКОЙ ОБЛАСТИ",
                "ПРИКАЗ",
                "от 01.09.2021 № 101",
                "О назначении ответственных за сопровождение школ",
                "В целях повышения качества образования приказываю:",
                "Назначить ответственной за сопровождение школ Иванову Анну Алексеевну.",
                "Контроль за исполнением приказа оставляю за собой.",
            ]
        ),
        encoding="utf-8",
    )
    return path


def write_plan(folder: Path) -> Path:
    """A plan of `ROWS` numbered corpus rows under the usual header, tab-separated."""
    path = folder / "план.txt"
    rows = [f"{n}.\t" + "\t".join(row) for n, row in enumerate(corpus_rows()[:ROWS], 1)]
    path.write_text("\n".join(["ПЛАН мероприятий", "\t".join(HEADER), *rows]), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """The order without activities and the plan of `ROWS`, checked to be what they claim."""
    order, plan = write_order(tmp_path), write_plan(tmp_path)
    assert not extract(order).activities and len(extract(plan).activities) == ROWS
    return order, plan


@pytest.fixture
def stored(tmp_path: Path, files: tuple[Path, Path]) -> Iterator[tuple[Store, int, int, dict[str, str]]]:
    """A SQLite store holding both (the order's id, the plan's id), with one account of each
    role (their tokens by login)."""
    with open_store(f"sqlite:///{tmp_path / 'roadmap.db'}") as store:
        tokens = add_accounts(store)
        order, plan = (store.ingest(path).document_id for path in files)
        yield store, order, plan, tokens


def _run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_template_file_without_activities_is_one_error_line(files) -> None:
    order, plan = files
    result = _run("compare", order, plan)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"Ошибка: приказ.txt: {EMPTY_TEMPLATE}"


def test_a_stored_template_without_activities_is_one_error_line(stored) -> None:
    store, order, plan, _ = stored
    result = _run("compare", f"db:{order}", f"db:{plan}", "--db", store.url, "--format", "table")
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"Ошибка: db:{order} (приказ.txt): {EMPTY_TEMPLATE}"


def test_a_plan_without_activities_is_compared_with_a_warning(files) -> None:
    order, plan = files
    result = _run("compare", plan, order)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"Внимание: приказ.txt: {EMPTY_PLAN}"
    comparison = json.loads(result.stdout)
    assert len(comparison["gaps"]) == ROWS and not comparison["matches"]
    empty = [f["message"] for f in comparison["findings"] if f["rule"] == "empty_plan"]
    assert empty == [EMPTY_PLAN[:1].upper() + EMPTY_PLAN[1:]]


def test_a_review_against_a_stored_template_without_activities_is_refused(stored) -> None:
    store, order, plan, _ = stored
    result = _run(
        "review", f"db:{order}", f"db:{plan}", "--db", store.url, "--by", "metod", "--status", "draft"
    )
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"Ошибка: db:{order} (приказ.txt): {EMPTY_TEMPLATE}"
    assert Reviews(store).of_pair(order, plan) is None and not store.comparisons()


def test_a_review_of_files_against_a_template_without_activities_is_refused(
    tmp_path: Path, files, monkeypatch: pytest.MonkeyPatch
) -> None:
    order, plan = files
    labels = tmp_path / "labels"
    monkeypatch.setenv("ROADMAP_LABELS", str(labels))
    result = _run("review", order, plan)
    assert result.exit_code == 2, result.output  # as for db:T db:P
    assert result.stderr.strip() == f"Ошибка: приказ.txt: {EMPTY_TEMPLATE}"
    assert not labels.exists()  # no labelled pair for roadmap calibrate
    unread = _run("review", order, tmp_path / "нет такого.txt")  # refused before the plan is read
    assert unread.stderr.strip() == f"Ошибка: приказ.txt: {EMPTY_TEMPLATE}"


def test_a_review_of_files_with_a_plan_without_activities_warns_as_compare_does(
    tmp_path: Path, files, monkeypatch: pytest.MonkeyPatch
) -> None:
    order, plan = files
    monkeypatch.setenv("ROADMAP_LABELS", str(tmp_path / "labels"))
    result = _run("review", plan, order)
    assert result.exit_code == 0, result.output
    warning, saved = result.stderr.strip().splitlines()
    assert warning == f"Внимание: приказ.txt: {EMPTY_PLAN}"
    assert saved.startswith("Сохранено: ") and "(соответствий 0, отклонено 0)" in saved


def test_a_review_of_a_stored_plan_without_activities_warns_as_compare_does(stored) -> None:
    store, order, plan, _ = stored
    result = _run("review", f"db:{plan}", f"db:{order}", "--db", store.url, "--by", "metod")
    assert result.exit_code == 0, result.output
    warning, summary = result.stderr.strip().splitlines()
    assert warning == f"Внимание: db:{order} (приказ.txt): {EMPTY_PLAN}"
    assert summary.startswith("Проверка ") and f"план db:{order} по шаблону db:{plan}" in summary


def test_the_api_refuses_a_template_without_activities_and_compares_such_a_plan(stored) -> None:
    store, order, plan, tokens = stored
    client = TestClient(create_app(store))
    token = {"Authorization": f"Bearer {tokens['metod']}"}
    refused = client.post("/comparisons", headers=token, json={"template_id": order, "plan_id": plan})
    assert refused.status_code == 422, refused.text
    assert refused.json() == {"detail": f"приказ.txt: {EMPTY_TEMPLATE}"}
    assert not store.comparisons()  # nothing saved for the region's summary to count
    [logged] = AuditLog(store).entries(outcome="refused")  # a refusal, not a malformed request
    assert (logged.actor, logged.target) == ("metod", "POST /comparisons")
    assert logged.detail == f"приказ.txt: {EMPTY_TEMPLATE}"
    saved = client.post("/comparisons", headers=token, json={"template_id": plan, "plan_id": order})
    assert saved.status_code == 201, saved.text
    comparison = saved.json()["comparison"]
    assert len(comparison["gaps"]) == ROWS
    assert any(f["rule"] == "empty_plan" and "пробелы" in f["message"] for f in comparison["findings"])


@pytest.mark.parametrize("login", ["analyst", "metod"])
def test_the_apps_comparison_refuses_such_a_template_for_every_role(
    stored, login: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An analyst's comparison is computed, not saved, but refused as a methodist's is."""
    store, order, plan, _ = stored
    monkeypatch.setenv("ROADMAP_DB_URL", store.url)
    monkeypatch.setattr(auth, "current_user", lambda: Accounts(store).user(login))
    with pytest.raises(EmptyTemplateError, match=EMPTY_TEMPLATE):
        data.comparison(order, plan)
    assert not store.comparisons()
    assert len(data.comparison(plan, order).gaps) == ROWS


def test_the_comparison_page_names_a_document_without_activities(
    tmp_path: Path, files, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    monkeypatch.setenv("ROADMAP_DB_URL", url)
    monkeypatch.setenv("ROADMAP_UPLOAD_DIR", str(tmp_path / "uploads"))
    with open_store(url) as store:
        add_accounts(store)
        for path in files:
            store.ingest(path)
    page = open_app("metod", "comparison")
    assert not page.exception, [e.value for e in page.exception]
    warnings = [w.value.replace("\\", "") for w in page.warning]  # file names are shown escaped
    assert len(warnings) == 1 and "приказ.txt" in warnings[0], warnings
    assert "Ни одного мероприятия не найдено" in warnings[0] and "сравнивать не с чем" in warnings[0]
    assert "пробелами" in warnings[0]


@pytest.fixture(params=["compared", "not compared"])
def opened_before(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Reviews opened before a template without activities was refused: the order as the template
    of a municipality's plan and of its corrected plan (whose review is linked to the first), the
    empty comparisons saved then ("compared", check_template off meanwhile) or not saved under
    the calibration in use ("not compared"); (store, order's id, corrected plan's id, its review)."""
    with open_store(f"sqlite:///{tmp_path / 'roadmap.db'}") as store:
        add_accounts(store)
        order = store.ingest(write_order(tmp_path)).document_id
        plans = [
            store.ingest(build_order(tmp_path / f"kozelsk_{n}.docx", KOZELSK, seed=n)).document_id
            for n in (1, 2)
        ]
        with monkeypatch.context() as before:
            before.setattr(comparing, "check_template", lambda template: None)
            for plan in plans:
                if request.param == "compared":
                    compare_stored(store, order, plan)
                review = Reviews(store).open(order, plan)
        assert review.previous_id is not None
        yield store, order, plans[1], review


def test_a_comparison_saved_before_such_a_template_was_refused_is_not_served(
    stored, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The API refuses it as it refuses to make one (422, logged), its export too, and the regional
    summary leaves its template out; a comparison with the plan as the template is served."""
    store, order, plan, tokens = stored
    with monkeypatch.context() as before:
        before.setattr(comparing, "check_template", lambda template: None)
        empty = compare_stored(store, order, plan)
    kept = compare_stored(store, plan, order)
    client = TestClient(create_app(store))
    token = {"Authorization": f"Bearer {tokens['metod']}"}
    for path in (f"/comparisons/{empty.id}", f"/comparisons/{empty.id}/export.xlsx"):
        refused = client.get(path, headers=token)
        assert refused.status_code == 422, refused.text
        assert refused.json() == {"detail": f"приказ.txt: {EMPTY_TEMPLATE}"}
    assert len(AuditLog(store).entries(outcome="refused")) == 2
    assert client.get(f"/comparisons/{kept.id}", headers=token).status_code == 200
    summary = region(store)
    assert [t.id for t in summary.templates] == [plan]
    assert [(p.template_id, p.plan_id) for p in summary.plans] == [(plan, order)]


def test_a_revision_against_a_template_without_activities_is_refused(opened_before) -> None:
    store, _, _, review = opened_before
    for call in (
        lambda: revision_of(store, review.id),
        lambda: carry_over(store, review.id, by="metod"),
        lambda: not_carried_after_rerun(store, review.id),
    ):
        with pytest.raises(EmptyTemplateError, match=EMPTY_TEMPLATE) as refused:
            call()
        assert Path(refused.value.source).name == "приказ.txt"


def test_the_review_page_says_why_it_shows_no_revision(opened_before) -> None:
    store, _, _, review = opened_before
    page = AppTest.from_string(PAGE.format(url=store.url, review_id=review.id), default_timeout=120)
    page.session_state["user"] = Accounts(store).user("metod")
    page.run()
    assert not page.exception, [e.value for e in page.exception]
    assert [e.value.replace("\\", "") for e in page.error] == [
        f"Не удалось сопоставить с прежним планом: приказ.txt: {EMPTY_TEMPLATE}"
    ]
    assert not page.metric and not page.button  # nothing to carry over


def test_roadmap_review_refuses_a_review_opened_before(opened_before) -> None:
    store, order, plan, review = opened_before
    result = _run("review", f"db:{order}", f"db:{plan}", "--db", store.url, "--by", "metod", "--carry")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"Ошибка: db:{order} (приказ.txt): {EMPTY_TEMPLATE}"
    assert Reviews(store).decisions(review.id) == []


def test_calibrate_skips_a_stored_review_against_such_a_template_with_a_warning(
    stored, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review with a decision, opened before such a template was refused, is no labelled pair."""
    store, order, plan, _ = stored
    monkeypatch.setattr(calibrate, "builtin_folders", lambda: [calibrate.CORPUS_PAIRS])
    monkeypatch.setenv("ROADMAP_LABELS", str(tmp_path / "no labels"))
    reviews = Reviews(store)
    review = reviews.open(order, plan)
    reviews.decide(
        review.id, Decision(kind="remark", verdict="remark", plan="1", comment="нет срока"), by="metod"
    )
    result = _run("calibrate", "--db", store.url)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        f"Внимание: db:{order} (приказ.txt): {EMPTY_TEMPLATE}; "
        f"проверка плана db:{plan} в калибровке не учтена"
    )
    assert "проверенных: 0 (из базы 0" in result.stdout.splitlines()[0]
    assert f"db:{order}__db:{plan}" not in result.stdout


def test_calibrate_skips_a_pair_file_against_such_a_template_with_a_warning(
    files, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A labelled pair written by roadmap review on the two files before such a template was refused."""
    order, plan = files
    monkeypatch.setattr(calibrate, "builtin_folders", lambda: [calibrate.CORPUS_PAIRS])
    labels = tmp_path / "labels"
    labels.mkdir()
    record = {"template": "приказ", "plan": "план", "template_file": str(order), "plan_file": str(plan)}
    (labels / "приказ__план.json").write_text(json.dumps({**record, "matches": [], "rejected": []}))
    result = _run("calibrate", "--pairs", labels)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        f"Внимание: приказ.txt: {EMPTY_TEMPLATE}; проверенная пара приказ__план.json в калибровке не учтена"
    )
    assert "проверенных: 0 (из базы 0" in result.stdout.splitlines()[0]


def test_the_calibration_script_skips_such_a_pair_file_with_a_warning(
    files, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m compare.calibrate --pairs DIR` leaves the pair out as roadmap calibrate does, and
    fits on the other pairs of the folder."""
    order, plan = files
    labels = tmp_path / "labels"
    labels.mkdir()
    record = {"template": "приказ", "plan": "план", "template_file": str(order), "plan_file": str(plan)}
    (labels / "приказ__план.json").write_text(json.dumps({**record, "matches": [], "rejected": []}))
    assert calibrate.main(["--pairs", str(labels), "--pairs", str(calibrate.CORPUS_PAIRS)]) == 0
    out, err = capsys.readouterr()
    assert (
        err.strip()
        == f"приказ.txt: {EMPTY_TEMPLATE}; проверенная пара приказ__план.json в калибровке не учтена"
    )
    assert out.startswith("labelled pairs: 2;")
