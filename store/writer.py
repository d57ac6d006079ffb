"""Writing one extraction outcome into the database, in one transaction.

A document, its activities and their registry links are committed together or not at all, so
a batch killed at any moment leaves every file either fully stored or absent; the unique `key`
makes a second write of the same content (or the same refusal) a no-op. The activities'
matching statements, when the extraction made them, go into the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from model import Activity, Document
from store.bulk import insert_rows
from store.database import StoreBusy, is_busy
from store.fulltext import search_text
from store.records import IngestResult
from store.registry import resolve_organisations, resolve_persons
from store.schema import (
    ActivityRow,
    ActivityTopicRow,
    DocumentRow,
    activity_orgs,
    activity_persons,
    fit_indexed,
    utcnow,
)
from store.sources import misnamed
from store.statements import add_statements
from store.work import Extracted, exception_text


def content_key(content_hash: str) -> str:
    return f"sha256:{content_hash}"


def refusal_key(location: str, reason: str) -> str:
    """The key of an item refused before its content was read: its location and the reason."""
    return "refused:" + hashlib.sha256(f"{location}\n{reason}".encode()).hexdigest()


def stored_status(session: Session, key: str) -> tuple[int, str] | None:
    """The id and status ("ok" or "failed") of the row stored under `key`, if any."""
    row = session.execute(select(DocumentRow.id, DocumentRow.status).where(DocumentRow.key == key)).first()
    return None if row is None else (row.id, row.status)


def write_refusal(
    sessions: sessionmaker, location: str, file_name: str, reason: str, stage: str, detail: str | None = None
) -> IngestResult:
    """Store an item refused unread (hostile archive member, oversized file, symlink); a
    database locked by another writer past the wait raises `StoreBusy`."""
    row = DocumentRow(
        key=refusal_key(location, reason),
        file_name=fit_indexed(file_name),
        location=location,
        status="failed",
        error=reason,
        error_detail=detail,
        stage=stage,
        started_at=utcnow(),
        finished_at=utcnow(),
    )
    try:
        return _insert(sessions, row, IngestResult(location, "failed", reason=reason, stage=stage))
    except OperationalError as exc:
        if is_busy(exc):
            raise StoreBusy() from exc
        raise


STORE_FAILED = "документ не удалось сохранить в базу данных"


def write_extracted(sessions: sessionmaker, item: Extracted, replace_failed: bool = False) -> IngestResult:
    """Store an extraction outcome: the document with its activities, or the failure.
    `replace_failed`: a failure stored earlier for the same content gives way to this outcome.
    A document the database refuses is stored as that document's failure (stage `store`, the
    database's message as the detail), so one odd file never stops a batch; a database busy
    with another writer past the wait raises `StoreBusy` (nothing about the file is wrong)."""
    try:
        return _write(sessions, item, replace_failed)
    except SQLAlchemyError as exc:
        if is_busy(exc):
            raise StoreBusy() from exc
        if item.document is None:
            raise
        detail = exception_text(getattr(exc, "orig", None) or exc)
        failure = replace(
            item, document=None, lemmas=[], statements=None, reason=STORE_FAILED, stage="store", detail=detail
        )
        return write_extracted(sessions, failure, replace_failed)


def _write(sessions: sessionmaker, item: Extracted, replace_failed: bool) -> IngestResult:
    row = DocumentRow(
        key=content_key(item.content_hash),
        content_hash=item.content_hash,
        file_name=fit_indexed(item.file_name),
        location=item.location,
        size=item.size,
        started_at=item.started_at,
        finished_at=item.finished_at,
    )
    if item.document is None:
        row.status, row.error, row.stage = "failed", item.reason, item.stage
        row.error_detail = item.detail
        note = misnamed(item.location)
        return _insert(
            sessions,
            row,
            IngestResult(item.location, "failed", reason=item.reason, stage=item.stage, note=note),
            replace_failed=replace_failed,
        )
    row.status, row.stage = "ok", "stored"
    _fill_document(row, item.document)
    activities = len(item.document.activities)
    notes = [misnamed(item.location, item.document.format), item.document.ocr and item.document.ocr.warning()]
    note = "; ".join(n for n in notes if n) or None
    return _insert(
        sessions,
        row,
        IngestResult(item.location, "ok", activities=activities, stage="stored", note=note),
        activities=list(zip(item.document.activities, item.lemmas, strict=True)),
        replace_failed=replace_failed,
        statements=(item.statements_version, item.statements) if item.statements is not None else None,
    )


def _insert(
    sessions: sessionmaker,
    row: DocumentRow,
    result: IngestResult,
    activities: list[tuple[Activity, str]] = (),
    replace_failed: bool = False,
    statements: tuple[str, list] | None = None,
) -> IngestResult:
    for attempt in range(3):
        with sessions() as session:
            existing = session.scalar(select(DocumentRow).where(DocumentRow.key == row.key))
            if existing is not None and replace_failed and existing.status == "failed":
                session.delete(existing)
                session.flush()
            elif existing is not None:
                return IngestResult(result.location, "skipped", document_id=existing.id)
            try:
                if row.status == "ok":
                    _link_version(session, row)
                session.add(row)
                session.flush()
                _insert_activities(session, row.id, activities)
                if statements is not None:
                    add_statements(session, row.id, *statements)
                session.commit()
                return IngestResult(**{**result.__dict__, "document_id": row.id})
            except IntegrityError:
                # Another writer stored the same key or registry name meanwhile: look again.
                session.rollback()
                if attempt == 2:
                    raise
                row = _fresh_copy(row)
    raise AssertionError("unreachable")


def _insert_activities(session: Session, document_id: int, activities: list[tuple[Activity, str]]) -> None:
    """The activities of a document and their registry links, in bulk: the registry names of
    the whole document are resolved at once, then each table gets one multi-row INSERT (per
    chunk of rows), so the statements do not grow with the activities, nor the time per row."""
    if not activities:
        return
    forms: dict[str, list[str]] = {}
    for activity, _ in activities:
        for name in activity.persons:
            forms.setdefault(name, [])
        for mention in activity.person_mentions:
            forms.setdefault(mention.name, []).append(mention.raw)
    persons = resolve_persons(session, {name: list(dict.fromkeys(raw)) for name, raw in forms.items()})
    orgs = resolve_organisations(session, {name for activity, _ in activities for name in activity.orgs})
    ids = insert_rows(
        session,
        ActivityRow.__table__,
        [_activity_values(document_id, a, lemmas, n) for n, (a, lemmas) in enumerate(activities, start=1)],
    )
    person_links, org_links, topics = [], [], []
    for activity_id, (activity, _) in zip(ids, activities, strict=True):
        topics += [
            {"activity_id": activity_id, "topic": t.code, "words": list(t.words)} for t in activity.topics
        ]
        people = dict.fromkeys(persons[n] for n in activity.persons)
        person_links += [{"activity_id": activity_id, "person_id": p} for p in people]
        org_links += [
            {"activity_id": activity_id, "organisation_id": o}
            for o in dict.fromkeys(orgs[n] for n in activity.orgs)
        ]
    if person_links:
        session.connection().execute(insert(activity_persons), person_links)
    if org_links:
        session.connection().execute(insert(activity_orgs), org_links)
    if topics:
        session.connection().execute(insert(ActivityTopicRow.__table__), topics)


def _fresh_copy(row: DocumentRow) -> DocumentRow:
    columns = {c.key: getattr(row, c.key) for c in DocumentRow.__table__.columns if c.key != "id"}
    return DocumentRow(**columns)


def _link_version(session: Session, row: DocumentRow) -> None:
    """A stored document of the same file name with other content: this row is its next version."""
    previous = session.scalar(
        select(DocumentRow)
        .where(DocumentRow.file_name == row.file_name, DocumentRow.status == "ok")
        .order_by(DocumentRow.version.desc(), DocumentRow.id.desc())
        .limit(1)
    )
    if previous is not None:
        row.previous_id, row.version = previous.id, previous.version + 1


def _fill_document(row: DocumentRow, document: Document) -> None:
    meta = document.meta
    row.format = document.format
    row.doc_id = document.doc_id
    row.page_count = document.page_count
    row.meta = meta.model_dump(mode="json")
    row.ocr = document.ocr.model_dump(mode="json") if document.ocr else None
    row.directives = [d.model_dump(mode="json") for d in document.directives]
    row.doc_type, row.authority, row.level = meta.doc_type, meta.authority, meta.level
    row.region, row.municipality = fit_indexed(meta.region), fit_indexed(meta.municipality)
    row.doc_date, row.number, row.title = meta.date, meta.number, meta.title
    if meta.plan_period is not None:
        row.plan_start, row.plan_end = meta.plan_period.start, meta.plan_period.end
    row.activity_count = len(document.activities)


def when_span(activity: Activity) -> tuple[dt.date | None, dt.date | None]:
    """Earliest and latest day over the `when` intervals (a deadline's start is its end day)."""
    if activity.when is None:
        return None, None
    starts = [i.start or i.end for i in activity.when.intervals]
    ends = [i.end or i.start for i in activity.when.intervals]
    starts, ends = [d for d in starts if d], [d for d in ends if d]
    return (min(starts) if starts else None, max(ends) if ends else None)


def _activity_values(document_id: int, activity: Activity, lemmas: str, position: int) -> dict:
    start, end = when_span(activity)
    return {
        "document_id": document_id,
        "position": position,
        "number": activity.number,
        "section": activity.section,
        "section_title": activity.section_title,
        "title": activity.title,
        "deadline_raw": activity.deadline_raw,
        "when": activity.when.model_dump(mode="json") if activity.when else None,
        "when_kind": activity.when.kind if activity.when else None,
        "when_start": start,
        "when_end": end,
        "recurrence": activity.when.recurrence if activity.when else None,
        "responsible_raw": activity.responsible_raw,
        "persons": list(activity.persons),
        "orgs": list(activity.orgs),
        "person_mentions": [m.model_dump(mode="json") for m in activity.person_mentions],
        "org_mentions": [m.model_dump(mode="json") for m in activity.org_mentions],
        "result_raw": activity.result_raw,
        "status_raw": activity.status_raw,
        "page": activity.page,
        "risk": activity.risk,
        "search_text": search_text(activity),
        "lemmas": lemmas,
    }
