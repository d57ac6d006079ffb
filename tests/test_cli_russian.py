"""The command line speaks Russian in what a person reads (JSON keeps its codes), and a finding
names the activity by its number and the start of its text."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from compare.findings import TITLE_START, named
from extractor import extract
from model.labels import GRADES, RULES, SEVERITIES
from roadmap.cli import app
from tests.conftest import corpus_files

TEMPLATE, PLAN = (next(p for p in corpus_files(".txt") if p.name.startswith(s)) for s in ("001_", "000_"))


def test_compare_table_has_no_codes_and_names_each_gap_by_number_and_text() -> None:
    runner = CliRunner(env={"COLUMNS": "400"})
    table = runner.invoke(app, ["compare", str(TEMPLATE), str(PLAN), "--format", "table"])
    assert table.exit_code == 0, table.output
    report = json.loads(runner.invoke(app, ["compare", str(TEMPLATE), str(PLAN), "--format", "json"]).output)
    rows = [line for line in table.output.splitlines() if line.startswith("│")]
    cells = {cell.strip() for line in rows for cell in line.strip("│").split("│")}
    assert not cells & (set(GRADES) | set(RULES) | set(SEVERITIES))
    assert {"ошибка", "предупреждение"} <= cells
    titles = {a.number: a.title for a in extract(TEMPLATE).activities}
    gaps = [f for f in report["findings"] if f["rule"] == "gap"]
    assert gaps
    for gap in gaps:
        start = " ".join(titles[gap["template"]].split())[:20]
        assert gap["message"].startswith(f"Мероприятие шаблона {gap['template']} «{start}"), gap["message"]
        assert any(gap["message"] in line or gap["message"][:40] in line for line in rows)


def test_named_cuts_a_long_title_at_a_word() -> None:
    title = (
        "Проведение диагностики профессиональных дефицитов педагогических работников "
        "школ с низкими результатами"
    )
    text = named("2.1", title)
    assert text.startswith("2.1 «Проведение диагностики") and text.endswith("…»")
    assert len(text) <= len("2.1 «»…") + TITLE_START and not re.search(r"\s…", text)
    assert named("3", "Короткое") == "3 «Короткое»" and named("#4", None) == "#4"


CHROME_EN = (
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Show this message",
    "[required]",
    "default:",
    "Error",
)


def test_help_and_error_boxes_have_russian_chrome() -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    review = runner.invoke(app, ["review", "--help"], prog_name="roadmap")
    top = runner.invoke(app, ["--help"], prog_name="roadmap")
    assert review.exit_code == 0 and top.exit_code == 0, review.output
    assert "Использование: roadmap review [ПАРАМЕТРЫ]" in review.output
    for words in ("─ Аргументы ─", "─ Параметры ─", "Показать эту справку и выйти.", "[обязательно]"):
        assert words in review.output, words
    assert "Команды" in top.output and "КОМАНДА [АРГУМЕНТЫ]" in top.output
    wrong = runner.invoke(app, ["review", "--no-such-flag"], prog_name="roadmap")
    assert (
        wrong.exit_code == 2
        and "Ошибка" in wrong.output
        and "Справка: 'roadmap review --help'" in wrong.output
    )
    for output in (review.output, top.output, wrong.output):
        assert not [word for word in CHROME_EN if word in output], output
