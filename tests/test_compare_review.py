"""A methodist's review becomes a labelled pair, and `roadmap calibrate` learns from it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from compare import calibrate
from roadmap.cli import app
from tests.conftest import CORPUS

TEMPLATE = CORPUS / "001_ff4c9489b29d190a.txt"
PLAN = CORPUS / "004_e8412f1b24202b45.txt"


@pytest.fixture
def labels(tmp_path, monkeypatch):
    folder = tmp_path / "labels"
    monkeypatch.setenv("ROADMAP_LABELS", str(folder))
    return folder


def _compared() -> list[dict]:
    result = CliRunner().invoke(app, ["compare", str(TEMPLATE), str(PLAN), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["matches"]


def test_review_keeps_the_matches_not_rejected_and_adds_the_missed_ones(labels):
    found = _compared()
    assert found, "the plan shares activities with the template"
    rejected = found[0]
    args = ["review", str(TEMPLATE), str(PLAN), "--reject", f"{rejected['template']}={rejected['plan']}"]
    result = CliRunner().invoke(app, [*args, "--add", "1=1:partial"])
    assert result.exit_code == 0, result.output
    (path,) = labels.glob("*.json")
    record = json.loads(path.read_text(encoding="utf-8"))
    kept = {(m["template"], m["plan"]): m["grade"] for m in record["matches"]}
    assert (rejected["template"], rejected["plan"]) not in kept
    assert kept[("1", "1")] == "partial"
    assert {(m["template"], m["plan"]) for m in found[1:]} <= kept.keys()
    assert record["rejected"] == [{"template": rejected["template"], "plan": rejected["plan"]}]


def test_review_with_a_malformed_pair_names_the_option_and_stores_nothing(labels):
    result = CliRunner().invoke(app, ["review", str(TEMPLATE), str(PLAN), "--reject", "1.2"])
    assert result.exit_code == 2
    assert "--reject" in result.output and "Traceback" not in result.output
    assert not labels.exists() or not list(labels.glob("*.json"))


def test_calibrate_reports_before_and_after_and_writes_its_own_calibration(labels, tmp_path, monkeypatch):
    monkeypatch.setattr(calibrate, "builtin_folders", lambda: [calibrate.CORPUS_PAIRS])
    own = tmp_path / "own" / "calibration.json"
    monkeypatch.setenv("ROADMAP_CALIBRATION", str(own))
    assert CliRunner().invoke(app, ["review", str(TEMPLATE), str(PLAN)]).exit_code == 0
    result = CliRunner().invoke(app, ["calibrate", "--write"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "проверенных: 1" in lines[0]
    assert any(line.startswith("001_ff4c9489b29d190a__004_e8412f1b24202b45") for line in lines)
    assert len([line for line in lines if "__" in line]) == 3
    assert json.loads(own.read_text(encoding="utf-8"))["features"] == calibrate.feature_names()


def test_calibrate_with_a_missing_folder_is_a_one_line_error(labels, tmp_path):
    result = CliRunner().invoke(app, ["calibrate", "--pairs", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "папка не найдена" in result.output


def test_compare_with_a_stale_calibration_is_a_one_line_error(tmp_path, monkeypatch):
    from compare.calibration import calibration

    stale = tmp_path / "calibration.json"
    record = json.loads(calibrate.CALIBRATION_FILE.read_text(encoding="utf-8"))
    stale.write_text(json.dumps({**record, "features": record["features"][:-1]}), encoding="utf-8")
    monkeypatch.setenv("ROADMAP_CALIBRATION", str(stale))
    calibration.cache_clear()
    try:
        result = CliRunner().invoke(app, ["compare", str(TEMPLATE), str(PLAN)])
    finally:
        monkeypatch.delenv("ROADMAP_CALIBRATION")
        calibration.cache_clear()
    assert result.exit_code == 1
    assert "calibration.json" in result.output and "roadmap calibrate" in result.output
    assert "Traceback" not in result.output


def test_the_spread_is_each_pair_scored_by_fits_that_leave_out_one_more(labels):
    """Four pairs (the corpus's two and two reviewed ones): each pair's spread is what
    `leave_one_pair_out` gives it among the pairs but each other one in turn."""
    for plan in (PLAN, CORPUS / "002_5ee45a74bb2df34c.txt"):
        result = CliRunner().invoke(app, ["review", str(TEMPLATE), str(plan)])
        assert result.exit_code == 0, result.output
    pairs = calibrate.load_pairs([calibrate.CORPUS_PAIRS, labels])
    assert len(pairs) == 4
    found = calibrate.spread(pairs)
    for pair in pairs:
        figures = [
            calibrate.leave_one_pair_out([p for p in pairs if p is not other])[pair.name]
            for other in pairs
            if other is not pair
        ]
        for key in calibrate.FIGURES:
            low, _, high = found[pair.name][key]
            assert (low, high) == (min(f[key] for f in figures), max(f[key] for f in figures))
    with pytest.raises(ValueError, match="три"):
        calibrate.spread(pairs[:2])


def test_calibrating_on_matches_of_one_grade_alone_is_a_one_line_error(labels, capsys):
    """A methodist's only reviewed pair, every match graded «совпадает»: the grade has nothing
    to tell apart, so the script says so in a line instead of scikit-learn's traceback."""
    found = _compared()
    args = ["review", str(TEMPLATE), str(PLAN)]
    args += [a for m in found for a in ("--add", f"{m['template']}={m['plan']}:same")]
    assert CliRunner().invoke(app, args).exit_code == 0
    (pair,) = calibrate.load_pairs([labels])
    assert pair.match.any() and pair.same[pair.match].all()
    with pytest.raises(calibrate.TooFewLabels, match="частично"):
        calibrate.fit([pair])
    assert calibrate.main(["--pairs", str(labels)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("compare.calibrate:") and "\n" not in err
