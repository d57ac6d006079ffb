"""Every page's main flow through `streamlit.testing.v1.AppTest`, on a temporary database seeded
with the sample corpus (what the app does on first start), and a generated upload."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from extractor import extract
from store import open_store
from store.comparing import comparison_method
from store.users import Accounts
from tests.accounts import PASSWORD, open_app
from tests.conftest import corpus_files
from tests.synthetic import build_long_plan
from tests.test_batch_hostile import lying_zip
from ui import data

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 180
USER = "metod"


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh database and upload folder for this module, through the environment."""
    folder = tmp_path_factory.mktemp("app_db")
    patch = pytest.MonkeyPatch()
    patch.setenv("ROADMAP_DB_URL", f"sqlite:///{folder / 'roadmap.db'}")
    patch.setenv("ROADMAP_UPLOAD_DIR", str(folder / "uploads"))
    with open_store() as store:
        Accounts(store).add(USER, PASSWORD, "methodist")
    yield folder
    patch.undo()


@pytest.fixture(scope="module")
def corpus() -> dict[str, object]:
    """The sample documents the app seeds, extracted here independently, by file name."""
    return {p.name: extract(p) for p in sorted((ROOT / "corpus").glob("*.docx"))}


def open_page(page: str) -> AppTest:
    """The page, signed in as the methodist through the login form."""
    return open_app(USER, page, timeout=TIMEOUT)


def rendered(element: object) -> str:
    """The HTML a browser gets from an element's Markdown (CommonMark, raw HTML allowed)."""
    return MarkdownIt("commonmark").render(element.value)


def shown(element: object) -> str:
    """The text a person reads in an element whose value is Markdown."""
    text = re.sub(r"<[^>]+>", "", rendered(element)).strip()
    return html.unescape(text)


def _found(app: AppTest) -> tuple[int, int]:
    """(shown, total) from the caption "Найдено мероприятий: N из M"."""
    shown, total = app.caption[0].value.split(":")[1].split("из")
    return int(shown), int(total)


def test_first_start_seeds_the_corpus(database: Path, corpus: dict) -> None:
    app = open_page("documents")
    table = app.dataframe[0].value
    assert sorted(table["Файл"]) == sorted(corpus)
    assert set(table["Статус"]) == {"обработан"}
    activities = {row["Файл"]: row["Мероприятий"] for _, row in table.iterrows()}
    assert activities == {name: len(d.activities) for name, d in corpus.items()}


def test_document_page_shows_meta_activities_and_text(database: Path, corpus: dict) -> None:
    name, document = max(corpus.items(), key=lambda item: len(item[1].activities))
    app = open_page("documents")
    documents = data.documents_frame()
    key = int(documents.loc[documents["file_name"] == name, "id"].iloc[0])
    app.selectbox(key="document_id").set_value(key).run()
    assert not app.exception
    assert document.meta.title in [shown(h) for h in app.header]
    meta = app.table[0].value
    activities = next(t.value for t in app.dataframe if "Срок (нормализованный)" in t.value.columns)
    assert document.meta.title in set(meta["Значение"])
    assert len(activities) == len(document.activities)
    assert list(activities["Мероприятие"]) == [a.title for a in document.activities]
    assert list(activities["Срок (как в документе)"].fillna("")) == [
        a.deadline_raw or "" for a in document.activities
    ]
    text = app.code[0].value
    first_words = " ".join(document.activities[0].title.split()[:4])
    assert first_words in " ".join(text.split())


def test_upload_reports_each_file_and_goes_on_after_a_bad_one(database: Path, tmp_path: Path) -> None:
    plan, _ = build_long_plan(tmp_path, pages=2, pdf=False)
    expected = len(extract(plan).activities)
    archive_name = "архив.zip"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("вложенный.docx", plan.read_bytes())
    app = open_page("upload")
    app.file_uploader(key="uploads").set_value(
        [
            ("пустой.docx", b"", "application/octet-stream"),
            ("не_документ.pdf", b"%PDF-1.4 broken", "application/pdf"),
            (plan.name, plan.read_bytes(), "application/octet-stream"),
            (archive_name, archive.getvalue(), "application/zip"),
        ]
    ).run()
    app.button[0].click().run()
    assert not app.exception, [e.value for e in app.exception]
    errors = [shown(e) for e in app.error]
    assert len(errors) == 2
    assert "«пустой.docx»" in errors[0] and "пуст" in errors[0]
    assert "«не_документ.pdf»" in errors[1]
    assert [shown(s) for s in app.success] == [f"«{plan.name}»: загружен, мероприятий — {expected}"]
    assert [shown(i) for i in app.info] == [f"«{archive_name}/вложенный.docx»: уже есть в базе, пропущен"]

    documents = open_page("documents").dataframe[0].value
    assert plan.name in set(documents["Файл"])


def test_activities_filters_search_and_pages(database: Path, corpus: dict) -> None:
    app = open_page("activities")
    shown, all_count = _found(app)
    assert shown == all_count == len(data.activities_frame())

    region_box = app.multiselect(key="regions")
    region = region_box.options[0]
    region_box.set_value([region]).run()
    in_region = sum(len(d.activities) for d in corpus.values() if d.meta.region == region)
    uploaded = all_count - sum(len(d.activities) for d in corpus.values())
    count, _ = _found(app)
    assert in_region <= count <= in_region + uploaded
    assert set(app.dataframe[0].value["Регион"]) == {region}

    app.multiselect(key="regions").set_value([]).run()
    word = "мониторинг"
    app.text_input(key="query").input(word).run()
    found = app.dataframe[0].value
    assert len(found) > 0
    assert all(
        word
        in " ".join(
            str(row[c])
            for c in ("Раздел", "Мероприятие", "Ожидаемый результат", "Ответственные (как в документе)")
        ).lower()
        for _, row in found.iterrows()
    )

    app.text_input(key="query").input("").run()
    first_page = app.dataframe[0].value
    assert len(first_page) == 50
    app.get("pagination")[0].set_value(2).run()
    second_page = app.dataframe[0].value
    assert list(first_page["Мероприятие"]) != list(second_page["Мероприятие"])
    assert len(app.download_button) == 2


def test_activities_by_person_kind_and_deadline_range(database: Path) -> None:
    frame = data.activities_frame()
    app = open_page("activities")

    person = frame["persons"].explode().dropna().value_counts().index[0]
    app.multiselect(key="persons").set_value([person]).run()
    shown, _ = _found(app)
    assert shown == frame["persons"].map(lambda names: person in names).sum()
    assert all(person in names for names in app.dataframe[0].value["Лица"])
    app.multiselect(key="persons").set_value([]).run()

    kind = frame["when_kind"].dropna().value_counts().index[0]
    app.multiselect(key="kinds").set_value([kind]).run()
    assert _found(app)[0] == frame["when_kind"].eq(kind).sum()
    app.multiselect(key="kinds").set_value([]).run()

    dated = frame.dropna(subset=["when_start"]).sort_values("when_start")
    middle = dated["when_start"].iloc[len(dated) // 2]
    start, end = middle - dt.timedelta(days=45), middle + dt.timedelta(days=45)
    app.checkbox(key="use_range").check().run()
    app.date_input(key="deadline_range").set_value((start, end)).run()
    expected = (frame["when_end"].notna() & frame["when_start"].notna()).sum()
    overlapping = ((dated["when_end"] >= start) & (dated["when_start"] <= end)).sum()
    assert 0 < _found(app)[0] == overlapping < expected


def test_comparison_of_a_template_with_two_plans(database: Path, corpus: dict) -> None:
    app = open_page("comparison")
    documents = data.documents_frame().set_index("id")
    template_id = app.selectbox(key="template_id").value
    assert documents.loc[template_id, "level"] == "regional"
    usable = documents[documents["status"].eq("ok") & documents["activity_count"].gt(0)]
    plans = [int(i) for i in usable.index if i != template_id][:2]
    app.multiselect(key="plan_ids").set_value(plans).run()
    app.button[0].click().run()
    assert not app.exception, [e.value for e in app.exception]
    coverage = app.dataframe[0].value
    assert len(coverage) == 2
    assert coverage["Покрытие"].between(0, 1).all()
    tabs = [t.label for t in app.tabs]
    assert any(label.startswith("Соответствия (") for label in tabs)
    assert [b.label for b in app.download_button] == [
        "Скачать письмо с замечаниями",
        "Скачать решения (XLSX)",
        "Скачать XLSX",
        "Скачать DOCX",
    ]


def test_registry_lists_persons_with_variants_and_the_glossary(database: Path) -> None:
    app = open_page("registry")
    persons, glossary = app.dataframe[0].value, app.dataframe[1].value
    assert list(persons.columns) == ["Лицо", "Варианты написания", "Мероприятий"]
    assert len(persons) > 0 and persons["Мероприятий"].gt(0).all()
    assert persons["Варианты написания"].str.len().gt(0).all()
    assert len(glossary) > 0
    name = persons["Лицо"].iloc[0]
    app.text_input(key="person_query").input(name.split()[0]).run()
    narrowed = app.dataframe[0].value
    assert 1 <= len(narrowed) <= len(persons)
    assert all(
        name.split()[0].lower() in (row["Лицо"] + row["Варианты написания"]).lower()
        for _, row in narrowed.iterrows()
    )


def test_upload_says_in_russian_why_lying_archives_and_names_are_refused(database: Path) -> None:
    txt, pdf = corpus_files(".txt")[2], corpus_files(".pdf")[1]
    climbing = io.BytesIO()
    with zipfile.ZipFile(climbing, "w") as packed:
        packed.writestr("../../выше.txt", txt.read_bytes())
        packed.writestr("/абсолютный.txt", txt.read_bytes())
    disguised = io.BytesIO()
    with zipfile.ZipFile(disguised, "w") as packed:
        packed.writestr("внутри.txt", txt.read_bytes() + "\nРедакция для загрузки.\n".encode())
    bomb = lying_zip(b"0" * 300_000, 1000, forge_crc=False, good=txt)
    app = open_page("upload")
    app.file_uploader(key="uploads").set_value(
        [
            ("обманный.zip", bomb, "application/zip"),
            ("пути.zip", climbing.getvalue(), "application/zip"),
            ("на_самом_деле_pdf.docx", pdf.read_bytes(), "application/octet-stream"),
            ("на_самом_деле_zip.pdf", disguised.getvalue(), "application/pdf"),
        ]
    ).run()
    app.button[0].click().run()
    assert not app.exception, [e.value for e in app.exception]

    errors = [shown(e) for e in app.error]
    assert errors == [
        "«обманный.zip/bomb.txt»: не загружен — размер файла в заголовке архива (1000 Б) не совпадает "
        "с распакованным (300000 Б): архив повреждён или подделан",
        "«пути.zip/../../выше.txt»: не загружен — недопустимый путь в архиве (выход за пределы папки): "
        "../../выше.txt",
        "«пути.zip//абсолютный.txt»: не загружен — недопустимый путь в архиве (выход за пределы папки): "
        "/абсолютный.txt",
    ]
    loaded = [shown(s) for s in app.success]
    assert any(m.startswith("«обманный.zip/хороший.txt»: загружен") for m in loaded)
    assert any(
        m.startswith("«на_самом_деле_pdf.docx»: загружен")
        and m.endswith("(расширение .docx не соответствует содержимому: файл прочитан как PDF)")
        for m in loaded
    ), loaded
    assert any(
        m.startswith("«на_самом_деле_zip.pdf/внутри.txt»: загружен")
        and m.endswith("(«на_самом_деле_zip.pdf» — zip-архив, а не .pdf: загружены файлы из него)")
        for m in loaded
    ), loaded


def test_a_comparison_run_again_after_a_restart_is_stored_once(database: Path) -> None:
    def compare_first_plan() -> list[dict]:
        app = open_page("comparison")
        template_id = app.selectbox(key="template_id").value
        documents = data.documents_frame()
        usable = documents[documents["status"].eq("ok") & documents["activity_count"].gt(0)]
        plan_id = int(usable.loc[usable["id"] != template_id, "id"].min())
        app.multiselect(key="plan_ids").set_value([plan_id]).run()
        app.button[0].click().run()
        assert not app.exception, [e.value for e in app.exception]
        return data.store().comparisons(template_id=template_id)

    first = compare_first_plan()
    st.cache_data.clear()  # what a restart of the app forgets
    st.cache_resource.clear()
    again = compare_first_plan()
    assert [c["id"] for c in again] == [c["id"] for c in first]
    assert all(c["method"] == comparison_method() for c in again)
    assert comparison_method().startswith("calibration:")


def test_markup_planted_in_a_document_is_shown_as_text(database: Path, tmp_path: Path) -> None:
    import docx

    title = "Об утверждении плана ![метка](http://evil.example/pixel.png) <img src=x> **жирно**"
    point = "Утвердить план [ссылка](http://evil.example/) $x^2$ :red[красным]"
    document = docx.Document()
    for text in ("ПРИКАЗ", "от 01.09.2021 № 100", title, "ПРИКАЗЫВАЮ:", f"1. {point}."):
        document.add_paragraph(text)
    name = "приказ_![x](pixel.png)_[ссылка](evil).docx"
    path = tmp_path / "order.docx"
    document.save(path)
    app = open_page("upload")
    app.file_uploader(key="uploads").set_value([(name, path.read_bytes(), "application/octet-stream")]).run()
    app.button[0].click().run()
    assert not app.exception, [e.value for e in app.exception]
    [loaded] = app.success
    assert "<img" not in rendered(loaded) and "<a " not in rendered(loaded)
    assert shown(loaded).startswith(f"«{name}»: загружен")

    app = open_page("documents")
    documents = data.documents_frame()
    key = int(documents.loc[documents["file_name"] == name, "id"].iloc[0])
    app.selectbox(key="document_id").set_value(key).run()
    assert not app.exception, [e.value for e in app.exception]
    [header] = app.header
    assert "<img" not in rendered(header) and "<strong>" not in rendered(header)
    assert "![метка](http://evil.example/pixel.png)" in shown(header)
    points = [m for m in app.markdown if "evil.example" in shown(m)]
    assert points and all("<a " not in rendered(m) for m in points)
    assert any("[ссылка](http://evil.example/) $x^2$ :red[красным]" in shown(m) for m in points)
