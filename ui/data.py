"""Data access for the pages: the store of `ROADMAP_DB_URL` (else the embedded SQLite file),
seeded with the sample corpus on first start, and cached queries over it.

Every query is cached per database URL (`st.cache_data`); anything that writes clears the
caches. Reviews and their decisions are the exception: read fresh on every run (one indexed
query each), since another methodist may decide on the same comparison meanwhile. Documents
come back as the extractor's `Document`, rebuilt from the stored record, so the pages and
`compare` see one model whatever the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from compare import Comparison, compare
from compare.emptiness import check_template
from corpus import sample_documents
from model import Document
from normalizer.glossary import builtin_entries
from review.model import Decision, ReviewStatus
from store import ActivityListing, IngestResult, Store, open_store
from store.audit import AuditLog
from store.comparing import compare_stored
from store.database import database_url
from store.reviews import ReviewRecord, Reviews
from ui import auth
from ui.entities_view import marked_html
from ui.source_text import source_text as read_source_text
from ui.uploads import FileResult


def db_url() -> str:
    """The database the app works on: `ROADMAP_DB_URL`, else the embedded SQLite file."""
    return database_url()


def store() -> Store:
    """The store of the current database, seeded with the sample corpus when empty."""
    return _open(db_url())


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    opened = open_store(url)
    if not opened.documents():
        opened.ingest_many(sample_documents())
    return opened


def documents_frame() -> pd.DataFrame:
    """One row per stored document (or failure), newest first: file, format, status, error,
    metadata, activity count and where the file was read from; a municipal specialist's
    own municipality's and the regional ones only (`User.sees`)."""
    frame = _documents_frame(db_url())
    user = auth.current_user()
    if user is None or user.role != "municipal":
        return frame
    regional = frame["municipality"].isna() & frame["level"].eq("regional")
    return frame[frame["municipality"].eq(user.municipality) | regional]


_DOCUMENT_FIELDS = [
    "id", "file_name", "format", "status", "error", "doc_type", "region", "municipality", "level",
    "doc_date", "number", "title", "activity_count", "location", "content_hash",
]  # fmt: skip


@st.cache_data(show_spinner=False)
def _documents_frame(url: str) -> pd.DataFrame:
    rows = [
        {field: getattr(record, "date" if field == "doc_date" else field) for field in _DOCUMENT_FIELDS}
        for record in _open(url).documents()
    ]
    return pd.DataFrame(rows, columns=_DOCUMENT_FIELDS)


def activities_frame() -> pd.DataFrame:
    """One row per stored activity with its document's region and municipality, the deadline's
    kind and span, persons, organisations and topic codes as tuples (with the words that put it
    under its topics and its risk direction), and a year (the deadline's, else the document's)
    to filter by; a municipal specialist's own municipality's only (as the API)."""
    frame = _activities_frame(db_url())
    user = auth.current_user()
    if user is None or user.role != "municipal":
        return frame
    return frame[frame["municipality"].eq(user.municipality)]


_ACTIVITY_FIELDS = [
    "id", "document_id", "document", "region", "municipality", "number", "section_title", "title",
    "deadline_raw", "when_kind", "when_start", "when_end", "responsible_raw", "persons", "orgs",
    "result_raw", "year", "topics", "topic_words", "risk",
]  # fmt: skip


@st.cache_data(show_spinner=False)
def _activities_frame(url: str) -> pd.DataFrame:
    frame = pd.DataFrame(_open(url).activity_listing(), columns=ActivityListing._fields)
    deadline_year = pd.to_datetime(frame["when_start"]).dt.year
    frame["year"] = deadline_year.fillna(pd.to_datetime(frame["doc_date"]).dt.year).astype("Int64")
    return frame[_ACTIVITY_FIELDS]


def document(document_id: int) -> Document | None:
    """The stored document `document_id` as the extractor's model, or None (also when the
    signed-in user may not see it)."""
    user, record = auth.current_user(), store().record(document_id)
    if user is not None and record is not None and not user.sees(record):
        return None
    return _document(db_url(), document_id)


@st.cache_data(show_spinner=False)
def _document(url: str, document_id: int) -> Document | None:
    detail = _open(url).document(document_id)
    if detail is None or detail.document.status != "ok":
        return None
    return detail.as_document()


def search_ids(query: str) -> list[int]:
    """Ids of the activities full-text search finds for `query` (Russian, any inflection)."""
    return _search_ids(db_url(), query)


@st.cache_data(show_spinner=False)
def _search_ids(url: str, query: str) -> list[int]:
    return _open(url).search_ids(query)


@st.cache_data(show_spinner=False)
def source_text(location: str, file_name: str, content_hash: str | None) -> str | None:
    """The text read from the stored file at `location` (None when it is gone or is no longer
    the content ingested; see `ui.source_text`)."""
    return read_source_text(location, file_name, content_hash)


def persons_frame() -> pd.DataFrame:
    """The person registry: canonical name, every variant seen, how many activities name them."""
    return _persons_frame(db_url())


@st.cache_data(show_spinner=False)
def _persons_frame(url: str) -> pd.DataFrame:
    rows = [
        {"name": p.name, "variants": list(p.variants), "activities": p.activities}
        for p in _open(url).registry()
    ]
    return pd.DataFrame(rows, columns=["name", "variants", "activities"]).sort_values("name")


def glossary_frame() -> pd.DataFrame:
    """Abbreviations: those the documents define (source: the file), then the built-in list."""
    return _glossary_frame(db_url())


@st.cache_data(show_spinner=False)
def _glossary_frame(url: str) -> pd.DataFrame:
    rows = [
        {"abbreviation": entry["abbreviation"], "expansion": entry["expansion"], "source": name}
        for name, entry in _open(url).glossary_entries()
    ]
    rows += [
        {"abbreviation": a, "expansion": x, "source": "встроенный словарь"}
        for a, xs in builtin_entries().items()
        for x in xs
    ]
    return pd.DataFrame(rows, columns=["abbreviation", "expansion", "source"])


def comparison(template_id: int, plan_id: int) -> Comparison:
    """The stored plan `plan_id` compared with the stored template `template_id`; the result
    is saved in the store with its findings (and the save in the audit log) when the signed-in
    user may write, and only computed for an analyst. LookupError (Russian) when either is
    not a stored document the user may see, `EmptyTemplateError` (for every role) when no
    activity was found in the template."""
    if not may_see(template_id, plan_id):
        raise LookupError("нет доступа к документам другого муниципалитета")
    user = auth.current_user()
    if user is not None and not user.can_write:
        return _computed_comparison(db_url(), template_id, plan_id)
    return _comparison(db_url(), template_id, plan_id, auth.login())


@st.cache_data(show_spinner=False)
def _computed_comparison(url: str, template_id: int, plan_id: int) -> Comparison:
    template, plan = _document(url, template_id), _document(url, plan_id)
    if template is None or plan is None:
        raise LookupError(f"документ {plan_id if plan is None else template_id} не найден в базе")
    check_template(template)
    return compare(template, plan)


@st.cache_data(show_spinner=False)
def _comparison(url: str, template_id: int, plan_id: int, actor: str | None) -> Comparison:
    saved = compare_stored(_open(url), template_id, plan_id)
    AuditLog(_open(url)).record(actor, "comparison_save", target=f"{template_id}/{plan_id}")
    return saved.comparison


def ingest(path: Path, on_result: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Store the file at `path` (every document of a .zip); one result per document, each also
    told to `on_result` as soon as it is stored."""

    def told(result: IngestResult) -> None:
        if on_result is not None:
            on_result(_file_result(result, path.parent))

    summary = store().ingest_many([path], on_result=told)
    log = AuditLog(store())
    for result in summary.results:
        log.record(auth.login(), "upload", _AUDIT_OUTCOMES[result.status], result.location, result.reason)
    st.cache_data.clear()
    return [_file_result(r, path.parent) for r in summary.results]


_AUDIT_OUTCOMES = {"ok": "ok", "skipped": "ok", "failed": "failed"}


def may_delete(document_id: int) -> bool:
    """Whether the signed-in user may delete the stored document (`User.may_delete`)."""
    user, record = auth.current_user(), store().record(document_id)
    return user is not None and record is not None and user.may_delete(record)


def delete_document(document_id: int) -> str:
    """Delete the stored document as the signed-in user, logged in the audit; its file name.
    PermissionError (Russian) for a user who may not, LookupError when it is gone already."""
    record = store().record(document_id)
    if record is None:
        raise LookupError("документ уже удалён")
    if not may_delete(document_id):
        AuditLog(store()).record(
            auth.login(), "delete", "refused", f"document:{document_id}", record.file_name
        )
        raise PermissionError("удалять этот документ вам не разрешено")
    store().delete_document(document_id)
    AuditLog(store()).record(
        auth.login(), "delete", target=f"document:{document_id}", detail=record.file_name
    )
    st.cache_data.clear()
    return record.file_name


def _file_result(result: IngestResult, folder: Path) -> FileResult:
    name = result.location.removeprefix(f"{folder}/").replace("!/", "/")
    if result.status == "failed":
        return FileResult(name, error=result.reason or "не удалось обработать", note=result.note)
    if result.status == "skipped":
        return FileResult(name, skipped=True, skip_reason=result.reason)
    return FileResult(name, activities=result.activities, note=result.note)


@st.cache_data(show_spinner="Ищу лица, организации и сроки…", max_entries=32)
def marked_text(text: str) -> str:
    """`text` with its people, units and deadlines marked (HTML, escaped), cached by text."""
    return marked_html(text)


def may_decide() -> bool:
    """Whether the signed-in user takes review decisions (a methodist or the admin)."""
    user = auth.current_user()
    return user is not None and user.can_review


def may_see(*document_ids: int) -> bool:
    """Whether the signed-in user may read every one of the stored documents (`User.sees`)."""
    user = auth.current_user()
    records = [store().record(i) for i in document_ids]
    return all(r is not None and (user is None or user.sees(r)) for r in records)


def reviews() -> Reviews:
    return Reviews(store())


def review(template_id: int, plan_id: int, *, create: bool = True) -> ReviewRecord | None:
    """The review of the pair: opened (made a draft if new and `create`) for a methodist, only
    read for others (None when nobody opened one, and for documents the user may not see)."""
    if not may_see(template_id, plan_id):
        return None
    if create and may_decide():
        return reviews().open(template_id, plan_id)
    return reviews().of_pair(template_id, plan_id)


def decisions(review_id: int) -> list[Decision]:
    """The review's decisions, read fresh (another methodist may have decided meanwhile)."""
    return reviews().decisions(review_id)


def decide(review_id: int, decision: Decision) -> Decision:
    """Store a decision as the signed-in methodist's; PermissionError for other roles."""
    _check_decider()
    return reviews().decide(review_id, decision, by=auth.login())


def withdraw(review_id: int, key: str) -> bool:
    """Take back the decision on `key` as the signed-in methodist."""
    _check_decider()
    return reviews().withdraw(review_id, key, by=auth.login())


def set_status(review_id: int, status: ReviewStatus) -> ReviewRecord:
    """Set the review's status as the signed-in methodist."""
    _check_decider()
    return reviews().set_status(review_id, status, by=auth.login())


def _check_decider() -> None:
    if not may_decide():
        raise PermissionError("решения по проверке принимает региональный методист")


_REVIEW_FIELDS = ["plan_id", "review_status", "review_template_id", "review_by", "review_at"]


def review_statuses() -> pd.DataFrame:
    """One row per reviewed plan (one query for all): the status of its latest changed review,
    the template it was reviewed against, who set the status and when."""
    latest: dict[int, ReviewRecord] = {}
    for record in reviews().all():
        known = latest.get(record.plan_id)
        if known is None or _changed(record) > _changed(known):
            latest[record.plan_id] = record
    rows = [
        (r.plan_id, r.status_label, r.template_id, r.status_by, r.status_at or r.created_at)
        for r in latest.values()
    ]
    return pd.DataFrame(rows, columns=_REVIEW_FIELDS)


def _changed(record: ReviewRecord) -> dt.datetime:
    return record.status_at or record.created_at
