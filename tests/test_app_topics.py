"""The app's topic controls and risk directions through `AppTest`, on a database holding plans
built here: the topic filter and its chart on Мероприятия, the topics with their words in the
table, the risk directions and their findings on a document's page."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from normalizer.topics import topic_labels
from store import open_store
from store.users import Accounts
from tests.accounts import PASSWORD, open_app
from tests.test_topics_risks import FAILURE, MOTIVATION, PARENTS, ROWS, _plan
from ui import data
from ui.activity_table import NO_TOPIC, ActivityFilter, per_topic

USER = "metod"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A database with two built plans (so the app seeds no corpus), through the environment."""
    folder = tmp_path_factory.mktemp("topics_app")
    patch = pytest.MonkeyPatch()
    patch.setenv("ROADMAP_DB_URL", f"sqlite:///{folder / 'roadmap.db'}")
    patch.setenv("ROADMAP_UPLOAD_DIR", str(folder / "uploads"))
    listed = f"Рисковые направления: 1) {MOTIVATION}; 2) {FAILURE}; 3) {PARENTS}."
    with open_store() as store:
        Accounts(store).add(USER, PASSWORD, "methodist")
        assert store.ingest(_plan(folder / "risks.docx", [listed], ROWS)).status == "ok"
        assert store.ingest(_plan(folder / "plain.docx", [], ROWS[3:])).status == "ok"
    yield folder
    patch.undo()


def _shown(element: object) -> str:
    text = re.sub(r"<[^>]+>", "", MarkdownIt("commonmark").render(element.value)).strip()
    return html.unescape(text)


def _found(app: AppTest) -> int:
    return int(app.caption[0].value.split(":")[1].split("из")[0])


def test_activities_filter_by_topic_show_its_words_and_chart_it(database: Path) -> None:
    frame = data.activities_frame()
    app = open_app(USER, "activities")
    assert not app.exception, [e.value for e in app.exception]
    box = app.multiselect(key="topics")
    labels = topic_labels()
    assert list(box.options) == list(labels.values())
    box.set_value(["at_risk"]).run()
    expected = frame["topics"].map(lambda codes: "at_risk" in codes)
    assert _found(app) == expected.sum() > 0
    table = app.dataframe[0].value
    assert all(labels["at_risk"] in topics for topics in table["Темы"])
    assert set(table["Слова, по которым определены темы"]) >= {"группы риска"}
    app.multiselect(key="topics").set_value(["at_risk", "management"]).run()
    either = frame["topics"].map(lambda codes: bool({"at_risk", "management"} & set(codes)))
    assert _found(app) == either.sum() > expected.sum()
    assert "Мероприятия по темам" in [h.value for h in app.subheader]


def test_document_page_lists_its_risks_and_their_findings(database: Path) -> None:
    app = open_app(USER, "documents")
    documents = data.documents_frame()
    key = int(documents.loc[documents["file_name"] == "risks.docx", "id"].iloc[0])
    app.selectbox(key="document_id").set_value(key).run()
    assert not app.exception, [e.value for e in app.exception]
    risks = next(t.value for t in app.dataframe if "Профиль проекта «500+»" in t.value.columns)
    assert list(risks["Рисковое направление"]) == [
        MOTIVATION.capitalize(),
        FAILURE.capitalize(),
        PARENTS.capitalize(),
    ]
    assert list(risks["Мероприятий"]) == [2, 2, 0]
    assert list(risks["Профиль проекта «500+»"]) == [
        "Низкая учебная мотивация обучающихся",
        "Высокая доля обучающихся с рисками учебной неуспешности",
        "Низкий уровень вовлечённости родителей",
    ]
    errors, warnings = [_shown(e) for e in app.error], [_shown(w) for w in app.warning]
    assert errors == [
        f"По рисковому направлению 3 «{PARENTS.capitalize()}» в документе нет ни одного мероприятия"
    ]
    assert len(warnings) == 2 and all("2.2" in w for w in warnings)
    activities = next(t.value for t in app.dataframe if "Темы (слова)" in t.value.columns)
    assert "Работа с обучающимися группы риска (группы риска)" in set(activities["Темы (слова)"])


def test_the_topic_chart_counts_an_activity_under_each_of_its_topics() -> None:
    frame = pd.DataFrame({"topics": [("parents", "at_risk"), ("parents",), ()]})
    labels = topic_labels()
    counts = dict(per_topic(frame, labels).itertuples(index=False))
    assert counts[labels["parents"]] == 2 and counts[labels["at_risk"]] == 1
    assert counts[labels["resources"]] == 0 and counts[NO_TOPIC] == 1
    assert list(counts)[: len(labels)] == list(labels.values())
    chosen = ActivityFilter(topics=["at_risk", "resources"]).apply(frame)
    assert list(chosen.index) == [0]
