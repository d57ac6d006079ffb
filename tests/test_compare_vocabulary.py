"""A region's own vocabulary (`ROADMAP_VOCABULARY`): its synonyms, stop words and abbreviations
are read after the shipped ones, change what compare matches, make stored statements be made
again, and a file that cannot be used stops a command with one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare import compare
from compare.text import reload_vocabulary, statements_version, terms
from compare.vocabulary import VARIABLE, SettingsError, check
from model import Activity, Document
from roadmap.cli import app
from tests.conftest import corpus_files

TEMPLATE_ROWS = [
    "Проведение мониторинга объективности результатов всероссийских проверочных работ",
    "Организация стажировок педагогов на базе школ с высокими результатами",
    "Создание муниципального банка заданий по функциональной грамотности",
    "Проведение родительских собраний по подготовке к итоговой аттестации",
    "Организация работы тьюторов в школах",
    "Открытие центров цифрового образования детей",
    "Проведение конкурса методических разработок учителей",
]
# The plan copies the first four rows, answers the fifth in a region's own word for the tutor
# («куратор-наставник» here, sharing no word with the template row) and adds a row of its own.
PLAN_ROWS = [*TEMPLATE_ROWS[:4], "Закрепление кураторов-наставников", "Проведение муниципальной спартакиады"]


def _document(name: str, titles: list[str]) -> Document:
    activities = [Activity(number=str(k), title=t) for k, t in enumerate(titles, 1)]
    return Document(doc_id=name, source=f"{name}.txt", format="txt", activities=activities)


@pytest.fixture
def region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A region's vocabulary folder, in use while the test runs (the vocabulary is read again
    before and after)."""
    folder = tmp_path / "словарь"
    folder.mkdir()
    monkeypatch.setenv(VARIABLE, str(folder))
    reload_vocabulary()
    yield folder
    monkeypatch.delenv(VARIABLE)
    reload_vocabulary()


def test_a_region_synonym_lets_compare_match_a_row_in_the_regions_words(region: Path) -> None:
    template, plan = _document("t", TEMPLATE_ROWS), _document("p", PLAN_ROWS)
    before = compare(template, plan)
    assert "5" in {g.ref for g in before.gaps}
    (region / "synonyms.txt").write_text("тьютор | куратор-наставник\n", encoding="utf-8")
    reload_vocabulary()
    after = compare(template, plan)
    assert ("5", "5") in {(m.template, m.plan) for m in after.matches}
    assert "5" not in {g.ref for g in after.gaps}


def test_region_stop_words_and_abbreviations_are_read_after_the_shipped_ones(region: Path) -> None:
    assert "семинар" not in terms("Участие педагогов в ПДС")
    shipped = terms("Реализация проекта «Школа Минпросвещения»")
    (region / "abbreviations.tsv").write_text("ПДС\tпостоянно действующий семинар\n", encoding="utf-8")
    (region / "stopwords.txt").write_text("# a region's own\nпроект\n", encoding="utf-8")
    reload_vocabulary()
    assert "семинар" in terms("Участие педагогов в ПДС")
    assert terms("Реализация проекта «Школа Минпросвещения»") == [t for t in shipped if t != "проект"]


def test_stored_statements_are_made_again_under_a_changed_vocabulary(region: Path) -> None:
    shipped = statements_version()
    (region / "synonyms.txt").write_text("тьютор | куратор-наставник\n", encoding="utf-8")
    reload_vocabulary()
    changed = statements_version()
    assert changed != shipped
    (region / "synonyms.txt").write_text("тьютор | наставник\n", encoding="utf-8")
    reload_vocabulary()
    assert statements_version() not in (shipped, changed)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("synonyms.txt", "тьютор | куратор\n".encode("cp1251"), "не в кодировке UTF-8"),
        ("abbreviations.tsv", "ПДС постоянно действующий семинар\n".encode(), "сокращение<TAB>расшифровка"),
    ],
)
def test_a_vocabulary_file_that_cannot_be_used_stops_a_command_with_one_line(
    region: Path, name: str, content: bytes, reason: str
) -> None:
    (region / name).write_bytes(content)
    with pytest.raises(SettingsError, match=reason):
        check()
    template, plan = (
        str(next(p for p in corpus_files(".txt") if p.name.startswith(s))) for s in ("001_", "000_")
    )
    result = CliRunner().invoke(app, ["compare", template, plan, "--format", "json"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and reason in lines[0], result.output


def test_a_missing_vocabulary_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VARIABLE, str(tmp_path / "нет"))
    result = CliRunner().invoke(app, ["documents", "--db", f"sqlite:///{tmp_path / 'r.db'}"])
    assert result.exit_code == 1
    assert "папки словаря нет" in result.output and "нет" in result.output
