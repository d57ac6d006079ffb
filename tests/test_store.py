"""The store on SQLite and on a real PostgreSQL server: ingest, idempotence, versions, failures,
filters, Russian full-text search, the person registry and comparisons."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import multiprocessing
import pickle
import shutil
import sqlite3
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event, inspect, text

from extractor import extract
from model import Activity, Document, DocumentMeta, Interval, PersonMention, When
from normalizer.morph import parses
from store import open_store
from store.database import StoreBusy, create_store_engine, head_revision, migrate
from store.fulltext import lemmatize, search_text
from store.registry import same_person
from store.schema import INDEXED_CHARS, DocumentRow
from store.work import Extracted
from store.writer import write_extracted
from tests.conftest import corpus_files
from tests.test_store_server import BACKENDS, fresh_database


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path: Path):
    with fresh_database(request.param, tmp_path) as url, open_store(url) as opened:
        yield opened


def _store_document(store, document: Document, name: str) -> int:
    """Write a hand-built document as if a batch had extracted it."""
    digest = hashlib.sha256(document.model_dump_json().encode()).hexdigest()
    item = Extracted(
        location=name,
        file_name=name,
        content_hash=digest,
        size=1,
        document=document,
        lemmas=[lemmatize(search_text(a)) for a in document.activities],
    )
    return write_extracted(store.sessions, item).document_id


def _activity(title: str, start: dt.date | None, end: dt.date | None, **fields) -> Activity:
    kind = "unspecified" if end is None else "period"
    intervals = [] if end is None else [Interval(start=start, end=end)]
    return Activity(title=title, when=When(kind=kind, intervals=intervals), **fields)


def test_migrations_create_the_schema_once(store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "activities", "persons", "person_variants", "organisations"} <= tables
    assert {"comparisons", "findings", "alembic_version"} <= tables
    assert {"error_detail", "ocr"} <= {c["name"] for c in inspect(store.engine).get_columns("documents")}
    columns = {c["name"] for c in inspect(store.engine).get_columns("comparisons")}
    assert {"template_hash", "plan_hash", "method"} <= columns
    with open_store(store.url) as again, again.engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()


@pytest.mark.parametrize("path", corpus_files(".docx", ".pdf", ".txt")[::4], ids=lambda p: p.name)
def test_ingest_stores_what_extraction_reads(store, path: Path) -> None:
    expected = extract(path)
    result = store.ingest(path)
    assert result.status == "ok" and result.activities == len(expected.activities)
    detail = store.document(result.document_id)
    record = detail.document
    assert record.file_name == path.name and record.format == expected.format
    assert record.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (record.region, record.municipality, record.number) == (
        expected.meta.region,
        expected.meta.municipality,
        expected.meta.number,
    )
    assert record.date == expected.meta.date
    assert detail.meta == expected.meta.model_dump(mode="json")
    assert [d["text"] for d in detail.directives] == [d.text for d in expected.directives]
    stored = [(a.number, a.title, a.deadline_raw, a.responsible_raw) for a in detail.activities]
    read = [(a.number, a.title, a.deadline_raw, a.responsible_raw) for a in expected.activities]
    assert stored == read
    assert [a.position for a in detail.activities] == list(range(1, len(read) + 1))
    assert [a.persons for a in detail.activities] == [a.persons for a in expected.activities]


def test_ingest_is_idempotent_by_content(store, tmp_path: Path) -> None:
    source = corpus_files(".txt")[0]
    first = store.ingest(source)
    before = store.stats()
    again = store.ingest(source)
    renamed = tmp_path / "копия.txt"
    shutil.copy(source, renamed)
    copy = store.ingest(renamed)
    assert first.status == "ok"
    assert (again.status, again.document_id) == ("skipped", first.document_id)
    assert (copy.status, copy.document_id) == ("skipped", first.document_id)
    assert store.stats() == before


def test_changed_file_with_same_name_is_a_new_version(store, tmp_path: Path) -> None:
    source = corpus_files(".txt")[0]
    path = tmp_path / "план.txt"
    shutil.copy(source, path)
    first = store.ingest(path)
    path.write_text(source.read_text(encoding="utf-8") + "\nИзменения внесены.\n", encoding="utf-8")
    second = store.ingest(path)
    assert first.status == second.status == "ok"
    lineage = store.versions(second.document_id)
    assert [(d.id, d.version) for d in lineage] == [(second.document_id, 2), (first.document_id, 1)]
    assert lineage[0].previous_id == first.document_id


def test_failures_are_stored_with_reason_and_stage_once(store, tmp_path: Path) -> None:
    empty = tmp_path / "пустой.docx"
    empty.write_bytes(b"")
    rtf = tmp_path / "старый.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi text")  # cut off: LibreOffice cannot load it
    good = corpus_files(".txt")[0]
    summary = store.ingest_many([empty, rtf, good])
    assert (summary.ok, summary.failed, summary.skipped) == (1, 2, 0)
    failures = {f.file_name: f for f in store.failures()}
    assert set(failures) == {"пустой.docx", "старый.rtf"}
    assert failures["пустой.docx"].stage == "extract" and "пуст" in failures["пустой.docx"].error
    assert "RTF" in failures["старый.rtf"].error
    rerun = store.ingest_many([empty, rtf, good])
    assert rerun.skipped == 3 and len(store.failures()) == 2


def test_search_finds_other_inflections_of_a_word(store) -> None:
    path = corpus_files(".txt")[1]
    document = store.document(store.ingest(path).document_id)
    target = max(document.activities, key=lambda a: len(a.title))
    noun = next(
        w
        for w in sorted(target.title.split(), key=len, reverse=True)
        if w.isalpha() and len(w) > 5 and "NOUN" in parses(w)[0].tag
    )
    other_form = parses(noun)[0].inflect({"plur", "datv"}).word
    assert other_form != noun.lower()
    found = store.search(other_form, limit=500)
    assert target.id in {a.id for a in found}
    assert all(
        lemmatize(noun) in lemmatize(a.title + " " + (a.responsible_raw or "") + " " + (a.result_raw or ""))
        or store.dialect == "postgresql"
        for a in found
        if a.section_title is None
    )
    assert store.search("зеленоглазыйкрокодил") == []
    assert store.search("  ...  ") == []


def test_search_needs_every_word(store) -> None:
    meta = DocumentMeta(region="Тестовая область")
    _store_document(
        store,
        Document(
            doc_id="a",
            source="a.txt",
            format="txt",
            meta=meta,
            activities=[
                _activity("Проведение семинаров для учителей", None, None),
                _activity("Проведение совещаний с руководителями", None, None),
            ],
        ),
        "a.txt",
    )
    assert [a.title for a in store.search("семинар учитель")] == ["Проведение семинаров для учителей"]
    assert [a.title for a in store.search("совещания с руководителями")] == [
        "Проведение совещаний с руководителями"
    ]
    assert store.search("семинары для руководителей") == []
    assert len(store.search("проведение")) == 2


def test_filters_select_by_document_dates_people_and_orgs(store) -> None:
    activities = [
        _activity(
            "Мониторинг результатов",
            dt.date(2021, 1, 1),
            dt.date(2021, 3, 31),
            persons=["Миннулина Л.М."],
            person_mentions=[PersonMention(name="Миннулина Л.М.", raw="Миннулиной Л.М.")],
            orgs=["МЦОКО"],
        ),
        _activity("Анализ анкет", dt.date(2021, 9, 1), dt.date(2021, 9, 30), orgs=["ОУ района"]),
        _activity("Итоговое совещание", dt.date(2022, 5, 1), dt.date(2022, 5, 31)),
        _activity("По мере необходимости", None, None, persons=["Миннуллина Л.М."]),
    ]
    first = _store_document(
        store,
        Document(
            doc_id="p",
            source="p.txt",
            format="txt",
            meta=DocumentMeta(region="Белгородская область", municipality="Красненский район"),
            activities=activities,
        ),
        "p.txt",
    )
    other = _store_document(
        store,
        Document(
            doc_id="q",
            source="q.txt",
            format="txt",
            meta=DocumentMeta(region="Ленинградская область"),
            activities=[_activity("Курсы повышения квалификации", dt.date(2021, 2, 1), dt.date(2021, 2, 28))],
        ),
        "q.txt",
    )

    def titles(**filters) -> list[str]:
        found = store.activities(**filters)
        assert store.count_activities(**filters) == len(found)
        return [a.title for a in found]

    assert titles(document_id=other) == ["Курсы повышения квалификации"]
    assert titles(municipality="Красненский район") == [a.title for a in activities]
    assert titles(year=2021) == ["Мониторинг результатов", "Анализ анкет", "Курсы повышения квалификации"]
    assert titles(region="Белгородская область", year=2021) == ["Мониторинг результатов", "Анализ анкет"]
    assert titles(date_from=dt.date(2021, 3, 15), date_to=dt.date(2021, 9, 5)) == [
        "Мониторинг результатов",
        "Анализ анкет",
    ]
    assert titles(kind="unspecified") == ["По мере необходимости"]
    assert titles(organisation="МЦОКО") == ["Мониторинг результатов"]
    # "Миннуллина Л.М." is an OCR variant of "Миннулина Л.М.": one registry person.
    assert titles(person="Миннулина Л.М.") == ["Мониторинг результатов", "По мере необходимости"]
    page = store.activities(document_id=first, limit=2, offset=1)
    assert [a.title for a in page] == ["Анализ анкет", "Итоговое совещание"]
    assert store.regions() == ["Белгородская область", "Ленинградская область"]
    assert store.organisations() == ["МЦОКО", "ОУ района"]
    registry = {p.name: p for p in store.registry()}
    assert set(registry) == {"Миннулина Л.М."}
    variants = {"Миннулина Л.М.", "Миннулиной Л.М.", "Миннуллина Л.М."}
    assert set(registry["Миннулина Л.М."].variants) == variants
    assert registry["Миннулина Л.М."].activities == 2


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Миннулина Л.М.", "Миннуллина Л.М.", True),
        ("Булычева И.Ю.", "Бульгачева И.Ю.", True),
        ("Петров А.Б.", "Петров А.В.", False),
        ("Иванов И.И.", "Иванова И.И.", False),
        ("Смирнова О.В.", "Соколова О.В.", False),
        ("Харланова С.", "Харланова С.", True),
    ],
)
def test_registry_merges_only_spelling_variants_of_one_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same


def test_comparisons_and_findings_round_trip(store) -> None:
    template = store.ingest(corpus_files(".txt")[1]).document_id
    plan = store.ingest(corpus_files(".txt")[3]).document_id
    finding = {
        "rule": "gap",
        "severity": "high",
        "message": "Мероприятие шаблона не отражено в плане",
        "template": "1.1",
        "evidence": {"template_title": "Выявление слабых школ"},
    }
    comparison = store.save_comparison(template, plan, {"matches": [], "coverage": 0.5}, [finding], 0.5)
    saved = store.comparisons(template_id=template)
    assert [c["id"] for c in saved] == [comparison]
    assert saved[0]["coverage"] == 0.5 and saved[0]["result"]["coverage"] == 0.5
    assert saved[0]["findings"] == [{**finding, "plan": None}]


def _finding(rule: str, ref: str) -> dict:
    return {"rule": rule, "severity": "warning", "message": f"Правило {rule}", "template": ref}


def test_saving_the_same_comparison_again_replaces_it(store) -> None:
    template = store.ingest(corpus_files(".txt")[1]).document_id
    plan = store.ingest(corpus_files(".txt")[3]).document_id
    first = store.save_comparison(template, plan, {"run": 1}, [_finding("gap", "1.1")], 0.5, method="m1")
    again = store.save_comparison(
        template, plan, {"run": 2}, [_finding("late", "2.1"), _finding("gap", "3")], 0.6, method="m1"
    )
    assert again == first
    [saved] = store.comparisons()
    assert saved["result"] == {"run": 2} and saved["coverage"] == 0.6 and saved["method"] == "m1"
    assert [(f["rule"], f["template"]) for f in saved["findings"]] == [("late", "2.1"), ("gap", "3")]
    with store.engine.connect() as connection:
        assert connection.scalar(text("SELECT COUNT(*) FROM findings")) == 2

    other_method = store.save_comparison(template, plan, {"run": 3}, [], 0.7, method="m2")
    swapped = store.save_comparison(plan, template, {"run": 4}, [], 0.8, method="m1")
    unstored = [store.save_comparison(None, None, {"run": n}, [], None) for n in (5, 6)]
    ids = [first, other_method, swapped, *unstored]
    assert len(set(ids)) == 5
    assert sorted(c["id"] for c in store.comparisons()) == sorted(ids)


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_0005_keeps_the_newest_of_repeated_comparisons(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = create_store_engine(url)
        migrate(engine, "0004")
        columns = (
            "id",
            "key",
            "content_hash",
            "file_name",
            "location",
            "status",
            "version",
            "activity_count",
            "created_at",
        )
        documents = sa.table("documents", *map(sa.column, columns))  # 0004's: later ones add more
        with engine.begin() as connection:
            for n in (1, 2):
                values = (n, f"k{n}", f"{n}" * 64, f"{n}.txt", f"{n}.txt", "ok", 1, 0, dt.datetime.now())
                connection.execute(documents.insert().values(dict(zip(columns, values, strict=True))))
        template, plan = 1, 2
        comparisons = sa.table(
            "comparisons",
            sa.column("id"),
            sa.column("template_id"),
            sa.column("plan_id"),
            sa.column("coverage"),
            sa.column("result", sa.JSON),
            sa.column("created_at"),
        )
        findings = sa.table(
            "findings", sa.column("comparison_id"), *map(sa.column, ("rule", "severity", "message"))
        )
        saved = [(template, plan), (template, plan), (plan, template), (template, plan), (None, None)]
        with engine.begin() as connection:
            for n, (t, p) in enumerate(saved, start=1):
                connection.execute(
                    comparisons.insert().values(
                        id=n,
                        template_id=t,
                        plan_id=p,
                        coverage=n / 10,
                        result={"run": n},
                        created_at=dt.datetime.now(),
                    )
                )
                connection.execute(
                    findings.insert().values(comparison_id=n, rule="gap", severity="info", message="м")
                )
        engine.dispose()

        with open_store(url) as store:
            kept = {c["id"]: c for c in store.comparisons()}
            assert sorted(kept) == [3, 4, 5]
            assert kept[4]["result"] == {"run": 4} and len(kept[4]["findings"]) == 1
            with store.engine.connect() as connection:
                assert sorted(connection.scalars(text("SELECT comparison_id FROM findings"))) == [3, 4, 5]
                hashes = dict(connection.execute(text("SELECT id, content_hash FROM documents")).all())
                rows = connection.execute(
                    text("SELECT id, template_hash, plan_hash, method FROM comparisons")
                ).all()
            assert {r.id: (r.template_hash, r.plan_hash, r.method) for r in rows} == {
                3: (hashes[plan], hashes[template], ""),
                4: (hashes[template], hashes[plan], ""),
                5: (None, None, ""),
            }
            assert store.save_comparison(template, plan, {"run": 6}, [], 0.9) == 4


def test_upload_of_a_zip_records_the_upload_name(store) -> None:
    buffer = io.BytesIO()
    sources = corpus_files(".txt")[:2]
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sources:
            archive.write(path, f"приказы/{path.name}")
    results = store.ingest_upload("загрузка.zip", buffer.getvalue())
    assert [r.status for r in results] == ["ok", "ok"]
    assert [r.location for r in results] == [f"загрузка.zip!/приказы/{p.name}" for p in sources]
    assert {d.file_name for d in store.documents()} == {p.name for p in sources}


def test_deleting_a_document_removes_its_activities_from_search(store) -> None:
    document_id = store.ingest(corpus_files(".txt")[0]).document_id
    word = store.document(document_id).activities[0].title.split()[0]
    assert store.search(word)
    with store.sessions() as session:
        session.delete(session.get(DocumentRow, document_id))
        session.commit()
    assert store.search(word) == []
    assert store.stats()["activities"] == 0


def test_search_ranks_windows_of_newest_hits_and_pages_never_overlap(store, monkeypatch) -> None:
    monkeypatch.setattr("store.store.RANK_WINDOW", 4)
    titles = [
        "Семинар для учителей",
        "Совещание руководителей",
        "Семинар",
        "Анализ итогов года и семинар для методистов района по итогам работы",
        "Семинар для учителей математики",
    ] * 3
    document = Document(
        doc_id="w",
        source="w.txt",
        format="txt",
        meta=DocumentMeta(),
        activities=[_activity(t, None, None) for t in titles],
    )
    _store_document(store, document, "w.txt")
    hits = store.search_ids("семинар")
    assert len(hits) == store.count_activities(text="семинар") == 12
    pages = [[a.id for a in store.activities(text="семинар", limit=3, offset=o)] for o in range(0, 12, 3)]
    assert [i for page in pages for i in page] == hits
    assert [a.id for a in store.search("семинар", limit=12)] == hits
    by_id = {a.id: a.title for a in store.activities()}
    newest_window = sorted(hits, reverse=True)[:4]
    assert set(hits[:4]) == set(newest_window)
    assert by_id[hits[0]] == "Семинар"


def _statements(store) -> list[str]:
    """A list that collects every SQL statement the store's engine runs from now on."""
    seen: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: seen.append(args[2]))
    return seen


def test_activity_listing_is_every_activity_in_two_queries(store) -> None:
    for path in corpus_files(".txt")[:3]:
        store.ingest(path)
    records = store.activities()
    statements = _statements(store)
    listing = store.activity_listing()
    assert len(statements) == 2  # the activities, and every activity's topics at once
    assert [line.topics for line in listing] == [tuple(t.code for t in r.topics) for r in records]
    assert [line.id for line in listing] == [record.id for record in records]
    for line, record in zip(listing, records, strict=True):
        document = store.document(record.document_id).document
        assert line.document == record.file_name and line.doc_date == document.date
        assert (line.title, line.deadline_raw, line.when_start, line.when_end) == (
            record.title,
            record.deadline_raw,
            record.when_start,
            record.when_end,
        )
        assert line.persons == tuple(record.persons) and line.orgs == tuple(record.orgs)


def test_glossary_entries_are_what_documents_define_in_one_query(store) -> None:
    ids = [store.ingest(path).document_id for path in corpus_files(".txt")]
    expected = [
        (detail.document.file_name, entry)
        for detail in map(store.document, ids)
        for entry in detail.meta.get("glossary") or []
    ]
    statements = _statements(store)
    entries = store.glossary_entries()
    assert len(statements) == 1
    assert expected and sorted(map(str, entries)) == sorted(map(str, expected))


def _open_and_count(url: str) -> int:
    with open_store(url) as opened:
        return opened.stats()["documents"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_processes_opening_a_new_database_at_once_migrate_it_once(backend: str, tmp_path: Path) -> None:
    with (
        fresh_database(backend, tmp_path) as url,
        ProcessPoolExecutor(3, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):
        assert list(pool.map(_open_and_count, [url] * 3)) == [0, 0, 0]
        with open_store(url) as opened, opened.engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()


def test_store_busy_crosses_a_process_boundary_with_its_message() -> None:
    busy = pickle.loads(pickle.dumps(StoreBusy()))
    assert isinstance(busy, StoreBusy) and "база данных занята" in str(busy)


def test_a_migration_answered_locked_at_once_is_tried_again(tmp_path: Path, monkeypatch) -> None:
    """SQLite answers some collisions "database is locked" without waiting; opening a new
    database then tries the migration again instead of failing."""
    import store.database as database

    real, calls = database._upgrade, []

    def collide_twice(engine, revision):
        calls.append(revision)
        if len(calls) <= 2:
            locked = sqlite3.OperationalError("database is locked")
            raise sa.exc.OperationalError("BEGIN IMMEDIATE", {}, locked)
        real(engine, revision)

    monkeypatch.setattr(database, "_upgrade", collide_twice)
    with open_store(f"sqlite:///{tmp_path / 'new.db'}") as opened:
        assert opened.stats()["documents"] == 0
    assert len(calls) == 3


def _long_document(name: str) -> Document:
    """An order whose values run past every length PostgreSQL's VARCHAR columns once had:
    order number > 100, activity number > 50, person > 200, organisation and file name > 500."""
    person = "Константинопольская-" * 12 + "Ивановская А.Б."
    organisation = "Управление образования и молодёжной политики администрации района " * 9
    activity = Activity(
        number="1." * 40,
        section="раздел " * 10,
        title="Семинар для руководителей",
        responsible_raw=f"{person}, {organisation}",
        persons=[person],
        orgs=[organisation],
        person_mentions=[PersonMention(name=person, raw=person)],
    )
    meta = DocumentMeta(number="№ " + "123-о/" * 30, region="Область " * 40, title="Приказ " * 100)
    return Document(doc_id=name, source=name, format="txt", meta=meta, activities=[activity])


def test_values_longer_than_any_old_column_are_stored_whole(store) -> None:
    name = "Приказ об утверждении дорожной карты " * 20 + ".docx"
    document = _long_document(name)
    document_id = _store_document(store, document, name)
    assert document_id is not None, "the over-long document should be stored"
    detail = store.document(document_id)
    [activity] = detail.activities
    assert activity.number == document.activities[0].number and len(activity.number) == 80
    assert detail.meta["number"] == document.meta.number and len(document.meta.number) > 100
    assert activity.persons == document.activities[0].persons and activity.orgs == document.activities[0].orgs
    assert detail.document.location == name and len(detail.document.file_name) == INDEXED_CHARS
    [person] = store.registry()
    assert person.name == document.activities[0].persons[0] and len(person.name) > 200
    [organisation] = store.organisations()
    assert document.activities[0].orgs[0].startswith(organisation) and len(organisation) == INDEXED_CHARS
    assert [a.id for a in store.activities(person=person.name)] == [activity.id]
    assert [a.id for a in store.activities(organisation=organisation)] == [activity.id]
    assert store.ingest(corpus_files(".txt")[0]).status == "ok"


def test_a_document_the_database_refuses_is_its_own_failure_and_the_next_goes_in(
    store, tmp_path: Path, monkeypatch
) -> None:
    from store import writer

    values = writer._activity_values

    def refusing(document_id, activity, lemmas, position):
        if "Отказ" in activity.title:
            raise sa.exc.DataError("INSERT INTO activities ...", {}, ValueError("value refused"))
        return values(document_id, activity, lemmas, position)

    monkeypatch.setattr(writer, "_activity_values", refusing)
    refused = Document(
        doc_id="r", source="r.txt", format="txt", activities=[_activity("Отказ базы", None, None)]
    )
    item = Extracted("r.txt", "r.txt", "f" * 64, 1, document=refused, lemmas=["отказ база"])
    result = write_extracted(store.sessions, item)
    assert result.status == "failed" and result.stage == "store"
    assert result.reason == writer.STORE_FAILED
    [failure] = store.failures()
    assert failure.file_name == "r.txt" and failure.error_detail == "ValueError: value refused"
    assert store.stats()["activities"] == 0
    assert store.ingest(corpus_files(".txt")[0]).status == "ok"


INITIALS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"


def _person(seed: int, n: int) -> str:
    """A person of plan `seed`'s activity `n`: initials of their own, so none is merged."""
    return f"Петров{'аеоу'[seed]} {INITIALS[n % 27]}.{INITIALS[n // 27]}."


def _plan(count: int, seed: int) -> Document:
    activities = [
        Activity(
            number=str(n),
            title=f"Мероприятие {n} плана {seed}",
            persons=[_person(seed, n)],
            person_mentions=[
                PersonMention(name=_person(seed, n), raw=_person(seed, n).replace(" ", "у ", 1))
            ],
            orgs=[f"Школа № {seed}-{n}", "Управление образования"],
        )
        for n in range(1, count + 1)
    ]
    return Document(doc_id=f"p{seed}", source=f"p{seed}.txt", format="txt", activities=activities)


def test_statements_per_document_do_not_grow_with_its_activities(store) -> None:
    _store_document(store, _plan(3, 0), "warm.txt")  # the registry is not empty
    counts = []
    for seed, size in ((1, 10), (2, 40), (3, 160)):
        statements = _statements(store)
        _store_document(store, _plan(size, seed), f"p{seed}.txt")
        counts.append(len(statements))
    assert counts[0] == counts[1] == counts[2], counts
    assert store.stats()["activities"] == 3 + 10 + 40 + 160
    detail = store.document(store.documents()[0].id)
    assert [a.persons for a in detail.activities[:2]] == [[_person(3, 1)], [_person(3, 2)]]
    names = {p.name: p for p in store.registry()}
    assert len(names) == 3 + 10 + 40 + 160
    assert names["Петрову Ж.А."].variants == ["Петрову Ж.А.", "Петровуу Ж.А."]
    assert names["Петрову Ж.А."].activities == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_migration_0007_lets_stored_databases_take_long_values(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        engine = create_store_engine(url)
        migrate(engine, "0006")
        engine.dispose()
        with open_store(url) as store:
            with store.engine.connect() as connection:
                assert connection.scalar(text("SELECT version_num FROM alembic_version")) == head_revision()
            if backend == "postgresql":
                for table, column in (("activities", "number"), ("persons", "name"), ("documents", "number")):
                    [found] = [c for c in inspect(store.engine).get_columns(table) if c["name"] == column]
                    assert isinstance(found["type"], sa.Text), (table, column, found["type"])
            name = "длинное имя " * 50 + ".txt"
            assert _store_document(store, _long_document(name), name) is not None
            assert store.document(store.documents()[0].id).activities[0].number == "1." * 40
