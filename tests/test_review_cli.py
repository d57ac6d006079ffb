"""`roadmap review db:T db:P` keeps a methodist's decisions and the review's status in the store
and writes the letter and the workbook; `roadmap calibrate --db` learns from the stored reviews
(SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from compare import calibrate
from review import Decision
from roadmap.cli import app
from roadmap.review_command import stored_pairs
from store import open_store
from store.reviews import Reviews
from tests.conftest import CORPUS
from tests.test_revision import build_plans
from tests.test_store_server import BACKENDS, fresh_database

TEMPLATE = CORPUS / "001_ff4c9489b29d190a.txt"
PLAN = CORPUS / "004_e8412f1b24202b45.txt"


@pytest.fixture(params=BACKENDS)
def stored(request, tmp_path: Path):
    """A database holding the template and the plan; its URL and their ids."""
    with fresh_database(request.param, tmp_path) as url:
        with open_store(url) as store:
            ids = [store.ingest(path).document_id for path in (TEMPLATE, PLAN)]
        yield url, ids[0], ids[1]


def _run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def _comparison(url: str, template: int, plan: int) -> dict:
    result = _run("compare", f"db:{template}", f"db:{plan}", "--db", url)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _review(url: str, template: int, plan: int):
    with open_store(url) as store:
        reviews = Reviews(store)
        review = reviews.of_pair(template, plan)
        return review, (reviews.decisions(review.id) if review else [])


def test_a_review_of_stored_documents_records_decisions_status_letter_and_workbook(stored, tmp_path) -> None:
    url, template, plan = stored
    found = _comparison(url, template, plan)
    first, second = found["matches"][:2]
    gap = found["gaps"][0]["ref"]
    spared = {(first["template"], first["plan"]), (second["template"], second["plan"])}
    vague = {(f["template"], f["plan"]) for f in found["findings"] if f["rule"] == "vague_deadline"}
    late = next(
        f
        for f in found["findings"]
        if f["rule"] == "late_deadline" and (f["template"], f["plan"]) not in spared | vague
    )
    letter, workbook = tmp_path / "письмо.docx", tmp_path / "решения.xlsx"
    result = _run(
        "review", f"db:{template}", f"db:{plan}", "--db", url, "--by", "metod",
        "--confirm", f"{first['template']}={first['plan']}",
        "--reject", f"{second['template']}={second['plan']}",
        "--cover", f"{gap}=1:partial",
        "--dismiss", f"late_deadline:{late['template']}={late['plan']}", "--comment", "срок согласован",
        "--remark", "=3:Укажите ответственного за мероприятие",
        "--status", "на доработке",
        "--letter", letter, "--xlsx", workbook,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "на доработке" in result.output and "решений 5" in result.output
    review, decisions = _review(url, template, plan)
    assert (review.status, review.status_by) == ("returned", "metod")
    assert {d.decided_by for d in decisions} == {"metod"}
    assert {(d.kind, d.verdict) for d in decisions} == {
        ("match", "confirmed"),
        ("match", "rejected"),
        ("gap", "covered"),
        ("finding", "dismissed"),
        ("remark", "remark"),
    }
    assert next(d for d in decisions if d.kind == "finding").comment == "срок согласован"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.read_bytes())).paragraphs)
    assert "О замечаниях к дорожной карте" in text
    assert "Укажите ответственного за мероприятие" in text
    answered = {m["template"] for m in found["matches"] if m != second} | {gap}
    opened = f"Не отражено мероприятие {second['template']} " in text
    assert opened == (second["template"] not in answered), "a rejected match leaves its row open"
    assert f"Не отражено мероприятие {gap} " not in text, "the covered gap"
    assert f"Срок мероприятия {late['plan']} дорожной карты" not in text, "the dismissed finding"
    book = openpyxl.load_workbook(workbook)
    rows = list(book["Решения"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 5 and {r[7] for r in rows} == {"metod"}


def test_deciding_again_replaces_and_a_status_code_is_accepted(stored) -> None:
    url, template, plan = stored
    first = _comparison(url, template, plan)["matches"][0]
    pair = f"{first['template']}={first['plan']}"
    base = ("review", f"db:{template}", f"db:{plan}", "--db", url)
    assert _run(*base, "--reject", pair).exit_code == 0
    other = "partial" if first["grade"] == "same" else "same"
    assert _run(*base, "--regrade", f"{pair}:{other}", "--status", "approved").exit_code == 0
    review, decisions = _review(url, template, plan)
    assert [(d.verdict, d.grade) for d in decisions] == [("regraded", other)] and review.status == "approved"
    refused = _run(*base, "--remark", f"{first['template']}:ещё одно")
    assert refused.exit_code == 2 and "одобрен" in refused.output
    reopened = _run(*base, "--status", "черновик", "--remark", f"{first['template']}:ещё одно")
    assert reopened.exit_code == 0, reopened.output
    assert len(_review(url, template, plan)[1]) == 2


def test_each_accepted_gap_and_dismissed_finding_keeps_its_own_comment(stored) -> None:
    url, template, plan = stored
    found = _comparison(url, template, plan)
    first, second = (g["ref"] for g in found["gaps"][:2])
    late = next(f for f in found["findings"] if f["rule"] == "late_deadline")
    result = _run(
        "review", f"db:{template}", f"db:{plan}", "--db", url,
        "--accept", f"{first}:не касается района", "--accept", second,
        "--dismiss", f"late_deadline:{late['template']}={late['plan']}:срок согласован: письмо № 5",
        "--comment", "общее пояснение",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    said = {(d.kind, d.template): d.comment for d in _review(url, template, plan)[1]}
    assert said == {
        ("gap", first): "не касается района",
        ("gap", second): "общее пояснение",
        ("finding", late["template"]): "срок согласован: письмо № 5",
    }


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (["--confirm", "1.2"], "--confirm: «1.2»: нужно ШАБЛОН=ПЛАН"),
        (["--regrade", "2=10"], "нужна оценка"),
        (["--accept", "999"], "--accept: в шаблоне нет мероприятия 999"),
        (["--dismiss", "срок позже шаблона:999=1"], "--dismiss: в сравнении нет замечания"),
        (["--dismiss", "no_such_rule:1"], "неизвестное правило"),
        (["--remark", "=3"], "--remark: «=3»: нужно"),
        (["--status", "готово"], "--status: «готово»"),
        (["--add", "1=1"], "--cover"),
        (["--accept", "1"], "--accept: «1»: укажите, почему шаблон можно оставить без мероприятия"),
    ],
)
def test_a_bad_option_is_one_russian_line_and_stores_nothing(stored, options, says) -> None:
    url, template, plan = stored
    result = _run("review", f"db:{template}", f"db:{plan}", "--db", url, "--remark", "1:верное", *options)
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert _review(url, template, plan)[1] == []


def test_unknown_and_mixed_sources_are_refused(stored) -> None:
    url, template, _ = stored
    unknown = _run("review", f"db:{template}", "db:999", "--db", url)
    assert unknown.exit_code == 2 and "db:999: такого документа нет в базе" in unknown.output
    mixed = _run("review", f"db:{template}", str(PLAN), "--db", url)
    assert mixed.exit_code == 2 and "либо для двух файлов" in mixed.output
    files_only = _run("review", str(TEMPLATE), str(PLAN), "--letter", "x.docx")
    assert files_only.exit_code == 2 and "--letter: работает только для документов базы" in files_only.output


def test_calibrate_learns_from_a_stored_review(stored, tmp_path, monkeypatch) -> None:
    url, template, plan = stored
    monkeypatch.setattr(calibrate, "builtin_folders", lambda: [calibrate.CORPUS_PAIRS])
    monkeypatch.setenv("ROADMAP_LABELS", str(tmp_path / "no labels"))
    first = _comparison(url, template, plan)["matches"][0]
    base = ("review", f"db:{template}", f"db:{plan}", "--db", url)
    assert _run(*base, "--reject", f"{first['template']}={first['plan']}", "--cover", "1=1").exit_code == 0
    with open_store(url) as store:
        [pair] = stored_pairs(store)
    assert (first["template"], first["plan"]) not in pair.gold and pair.gold[("1", "1")] == "same"
    assert pair.match[pair.template_refs.index("1"), pair.plan_refs.index("1")]
    result = _run("calibrate", "--db", url)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "проверенных: 1 (из базы 1" in lines[0]
    assert any(line.startswith(f"db:{template}__db:{plan}") for line in lines)


def test_a_decision_whose_row_is_gone_is_named_not_applied(stored) -> None:
    url, template, plan = stored
    with open_store(url) as store:
        reviews = Reviews(store)
        gone = Decision(kind="remark", verdict="remark", plan="999", comment="строки больше нет")
        reviews.decide(reviews.open(template, plan).id, gone, by="metod")
    result = _run("review", f"db:{template}", f"db:{plan}", "--db", url)
    assert result.exit_code == 0, result.output
    assert "Не применяются" in result.output and "замечание методиста =999 (замечание)" in result.output


def test_a_corrected_plan_shows_the_earlier_review_and_carries_its_decisions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'roadmap.db'}"
    with open_store(url) as store:
        template, earlier, corrected = (store.ingest(p).document_id for p in build_plans(tmp_path))
    first = _run(
        "review", f"db:{template}", f"db:{earlier}", "--db", url, "--by", "metod",
        "--confirm", "1=1", "--confirm", "4=4", "--accept", "6:не касается района",
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    base = ("review", f"db:{template}", f"db:{corrected}", "--db", url, "--by", "curator")
    shown = _run(*base)
    assert shown.exit_code == 0, shown.output
    assert (
        "Прежняя проверка" in shown.output
        and "применимо к этому плану решений 3 (перенести: --carry)" in shown.output
    )
    assert _review(url, template, corrected)[1] == []
    done = _run(*base, "--carry")
    assert done.exit_code == 0, done.output
    assert "перенесено решений 3" in done.output
    decisions = {d.key: d for d in _review(url, template, corrected)[1]}
    assert set(decisions) == {"match:1:1", "match:4:3", "gap:6"}
    assert {(d.decided_by, d.carried_by) for d in decisions.values()} == {("metod", "curator")}
    assert "перенесено решений 0" in _run(*base, "--carry").output, "carried once"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"{bad json", "не читается как JSON"),
        (b"\xff\xfe garbage", "не читается как JSON"),
        (b"[1, 2]", "должна быть объектом JSON"),
        (b'{"matches": [1]}', "нет нужных полей"),
        (b'{"matches": [{"template": "1"}]}', "нет нужных полей"),
        (b'{"matches": []}', "нет нужных полей"),
    ],
)
def test_calibrate_names_a_malformed_pair_file(tmp_path, monkeypatch, content, reason) -> None:
    monkeypatch.setattr(calibrate, "builtin_folders", lambda: [])
    (tmp_path / "шаблон__план.json").write_bytes(content)
    result = _run("calibrate", "--pairs", tmp_path)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Ошибка: шаблон__план.json: "), result.output
    assert reason in lines[0]
