"""`Store`: the public face of the database (ingest, browse, filter, search, registry, comparisons)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Select, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, selectinload, sessionmaker

from store import frames
from store.batch import BatchSummary, ExecutorFactory, ResultCallback, run_batch
from store.bulk import insert_rows
from store.database import create_store_engine, database_url, migrate
from store.fulltext import best_first, matches
from store.records import (
    ActivityListing,
    ActivityRecord,
    DocumentDetail,
    DocumentRecord,
    IngestResult,
    PersonRecord,
)
from store.schema import (
    ActivityRow,
    ActivityTopicRow,
    ComparisonRow,
    DocumentRow,
    FindingRow,
    OrganisationRow,
    PersonRow,
    activity_orgs,
    activity_persons,
    utcnow,
)
from store.sources import DEFAULT_LIMITS, Limits

RANK_WINDOW = 1000  # hits ranked together by a full-text search (see Store._ranked_ids)


class Store:
    """A roadmap database, migrated to the newest schema. Open one with `open_store`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_store_engine(url)
        migrate(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ingest

    def ingest(self, path: Path | str) -> IngestResult:
        """Ingest one document file; the result of its single item (an archive: its first)."""
        results = self.ingest_many([path]).results
        if not results:
            return IngestResult(str(path), "failed", reason="файл не найден", stage="source")
        return results[0]

    def ingest_many(
        self,
        paths: Iterable[Path | str],
        executor: Executor | ExecutorFactory | None = None,
        *,
        limits: Limits = DEFAULT_LIMITS,
        on_result: ResultCallback | None = None,
        on_discovered: Callable[[int], None] | None = None,
        labels: dict[Path, str] | None = None,
        retry_failed: bool = False,
    ) -> BatchSummary:
        """Ingest files, folders (recursively) and .zip archives (nested too), in parallel on
        `executor` if given (or a factory of executors, e.g. `store.process_pool(2)`, which the
        batch then owns and rebuilds when a worker dies). Failures are stored and reported;
        the rest goes on. Files met in folders and archives that are no documents (images,
        README.md, .json) are skipped with the reason; a file named in `paths` is read
        whatever its name. `labels` names a path in stored locations instead of its own path
        (e.g. an upload's name). `retry_failed` extracts again content whose stored outcome
        is a failure."""
        paths = [Path(p) for p in paths]
        missing = [p for p in paths if not p.exists() and not p.is_symlink()]
        existing = [p for p in paths if p not in missing]
        summary = run_batch(
            self.sessions,
            existing,
            executor,
            limits=limits,
            on_result=on_result,
            on_discovered=on_discovered,
            labels=labels,
            retry_failed=retry_failed,
        )
        for path in missing:
            summary.inputs += 1
            result = IngestResult(str(path), "failed", reason="файл не найден", stage="source")
            summary.results.append(result)
            if on_result is not None:
                on_result(result)
        return summary

    def ingest_upload(
        self, file_name: str, data: bytes, *, limits: Limits = DEFAULT_LIMITS
    ) -> list[IngestResult]:
        """Ingest an uploaded file (a document or a .zip) given as bytes. The temporary file is
        named `upload` plus the name's extension (letters and digits only): no path is built
        from the name a user gave, which is kept as the stored location."""
        suffix = Path(file_name).suffix
        with tempfile.TemporaryDirectory(prefix="roadmap-upload-") as folder:
            path = Path(folder) / ("upload" + (suffix if suffix[1:].isalnum() else ""))
            path.write_bytes(data)
            return self.ingest_many([path], limits=limits, labels={path: file_name}).results

    # documents

    def documents(self, status: str | None = None) -> list[DocumentRecord]:
        """Stored documents, newest first; `status` "ok" or "failed" to choose one kind."""
        query = select(DocumentRow).order_by(DocumentRow.id.desc())
        if status:
            query = query.where(DocumentRow.status == status)
        with self.sessions() as session:
            return [DocumentRecord.of(row) for row in session.scalars(query)]

    def record(self, document_id: int) -> DocumentRecord | None:
        """The record of one stored document (or failure), without its activities; None if unknown."""
        with self.sessions() as session:
            row = session.get(DocumentRow, document_id)
            return DocumentRecord.of(row) if row is not None else None

    def failures(self) -> list[DocumentRecord]:
        """Every stored failure: file, location, reason (`error`) and stage."""
        return self.documents(status="failed")

    def document(self, document_id: int) -> DocumentDetail | None:
        """A document with its meta, directives and activities in order; None if unknown."""
        with self.sessions() as session:
            row = session.get(
                DocumentRow,
                document_id,
                options=[selectinload(DocumentRow.activities).selectinload(ActivityRow.topic_rows)],
            )
            if row is None:
                return None
            return DocumentDetail(
                document=DocumentRecord.of(row),
                meta=row.meta or {},
                directives=list(row.directives or []),
                activities=[ActivityRecord.of(a, row) for a in row.activities],
            )

    def versions(self, document_id: int) -> list[DocumentRecord]:
        """The lineage of a document: this version and every earlier one, newest first."""
        chain = []
        with self.sessions() as session:
            row = session.get(DocumentRow, document_id)
            while row is not None:
                chain.append(DocumentRecord.of(row))
                row = session.get(DocumentRow, row.previous_id) if row.previous_id else None
        return chain

    # activities

    def activities(
        self,
        *,
        document_id: int | None = None,
        region: str | None = None,
        municipality: str | None = None,
        year: int | None = None,
        person: str | None = None,
        organisation: str | None = None,
        kind: str | None = None,
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        text: str | None = None,
        topic: str | Collection[str] | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[ActivityRecord]:
        """Activities matching every filter given, in document order, or best first when
        `text` is given (ranked per window of `RANK_WINDOW` hits, newest first: see
        `_ranked_ids`). `year` and `date_from`/`date_to` select activities whose `when` span
        overlaps them; `person` is a registry name (any of its variants); `topic` a topic code
        or several (an activity with any of them)."""
        query = self._filtered(
            document_id, region, municipality, year, person, organisation, kind, date_from, date_to, text,
            topic,
        )  # fmt: skip
        if query is None:
            return []
        with self.sessions() as session:
            if text:
                ids = self._ranked_ids(session, query, text, offset, limit)
                rows = session.execute(
                    select(ActivityRow, DocumentRow)
                    .join(DocumentRow, ActivityRow.document_id == DocumentRow.id)
                    .where(ActivityRow.id.in_(ids))
                    .options(selectinload(ActivityRow.topic_rows))
                ).all()
                order = {activity_id: n for n, activity_id in enumerate(ids)}
                rows.sort(key=lambda row: order[row[0].id])
            else:
                query = (
                    query.add_columns(DocumentRow)
                    .join(DocumentRow, ActivityRow.document_id == DocumentRow.id)
                    .order_by(ActivityRow.document_id, ActivityRow.position)
                    .options(selectinload(ActivityRow.topic_rows))
                )
                rows = session.execute(query.limit(limit).offset(offset)).all()
            return [ActivityRecord.of(a, d) for a, d in rows]

    def activity_listing(self) -> list[ActivityListing]:
        """Every stored activity with its document's file name, region, municipality and
        date, in document order, persons, organisations and topic codes as tuples, the words
        that put it under its topics and its risk direction: two SELECTs of plain columns (no
        records built from ORM rows), for a page that shows the whole table."""
        query = (
            select(
                ActivityRow.id,
                ActivityRow.document_id,
                DocumentRow.file_name,
                DocumentRow.region,
                DocumentRow.municipality,
                ActivityRow.number,
                ActivityRow.section_title,
                ActivityRow.title,
                ActivityRow.deadline_raw,
                ActivityRow.when_kind,
                ActivityRow.when_start,
                ActivityRow.when_end,
                ActivityRow.responsible_raw,
                ActivityRow.persons,
                ActivityRow.orgs,
                ActivityRow.result_raw,
                DocumentRow.doc_date,
                ActivityRow.risk,
            )
            .join(DocumentRow, ActivityRow.document_id == DocumentRow.id)
            .order_by(ActivityRow.document_id, ActivityRow.position)
        )
        topic_query = select(ActivityTopicRow.activity_id, ActivityTopicRow.topic, ActivityTopicRow.words)
        with self.engine.connect() as connection:
            marks: dict[int, list[tuple[str, list[str]]]] = {}
            for activity_id, topic, words in connection.execute(topic_query.order_by(ActivityTopicRow.topic)):
                marks.setdefault(activity_id, []).append((topic, words or []))
            out = []
            for row in connection.execute(query):
                found = marks.get(row[0], [])
                out.append(
                    ActivityListing(
                        *row[:13],
                        tuple(row[13] or ()),
                        tuple(row[14] or ()),
                        *row[15:17],
                        topics=tuple(code for code, _ in found),
                        topic_words="; ".join(dict.fromkeys(w for _, words in found for w in words)),
                        risk=row[17],
                    )
                )
            return out

    def activities_frame(self, **filters: Any) -> pd.DataFrame:
        """The activities `activities(**filters)` selects (same filters, no paging) as one flat
        frame: a row per activity with its document's requisites, the normalized deadline, and
        persons and organisations joined by "; " (the `activities_flat` view)."""
        query = self._filtered(**_filter_args(filters))
        if query is None:
            return frames.activities_frame(self.engine, select(ActivityRow.id).where(False))
        ids = query.with_only_columns(ActivityRow.id) if filters else None
        return frames.activities_frame(self.engine, ids)

    def documents_frame(self) -> pd.DataFrame:
        """Every stored document with its requisites and status, newest first, as a frame."""
        return frames.documents_frame(self.engine)

    def _ranked_ids(
        self, session: Session, query: Select, text: str, offset: int, limit: int | None
    ) -> list[int]:
        """Ids of the hits of `query` from `offset`, best first. Hits are taken newest first in
        windows of `RANK_WINDOW` and each window is ranked on its own, so a page costs one
        bounded ranking however common the words are, and pages never overlap."""
        window_number, skip = divmod(offset, RANK_WINDOW)
        found: list[int] = []
        while limit is None or len(found) < skip + limit:
            window = list(
                session.scalars(
                    query.with_only_columns(ActivityRow.id)
                    .order_by(ActivityRow.id.desc())
                    .offset(window_number * RANK_WINDOW)
                    .limit(RANK_WINDOW)
                )
            )
            found.extend(best_first(session, self.dialect, text, window))
            if len(window) < RANK_WINDOW:
                break
            window_number += 1
        return found[skip : None if limit is None else skip + limit]

    def count_activities(self, **filters: Any) -> int:
        """How many activities `activities(**filters)` would return without limit."""
        filters.pop("limit", None)
        filters.pop("offset", None)
        query = self._filtered(**_filter_args(filters))
        if query is None:
            return 0
        with self.sessions() as session:
            return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))

    def search_ids(self, query: str, limit: int | None = None, offset: int = 0) -> list[int]:
        """Ids of the activities full-text search finds for `query`, best first (as `search`
        orders them), without building records."""
        matched = self._filtered(text=query)
        if matched is None:
            return []
        with self.sessions() as session:
            return self._ranked_ids(session, matched, query, offset, limit)

    def search(self, query: str, limit: int = 50) -> list[ActivityRecord]:
        """Full-text search in Russian over activities (any inflected form), best first."""
        return self.activities(text=query, limit=limit)

    def _filtered(
        self,
        document_id=None,
        region=None,
        municipality=None,
        year=None,
        person=None,
        organisation=None,
        kind=None,
        date_from=None,
        date_to=None,
        text=None,
        topic=None,
    ) -> Select | None:
        query = select(ActivityRow)
        document_filters = {"region": region, "municipality": municipality}
        if any(document_filters.values()):
            query = query.where(
                ActivityRow.document_id.in_(
                    select(DocumentRow.id).where(
                        *(getattr(DocumentRow, k) == v for k, v in document_filters.items() if v)
                    )
                )
            )
        if document_id is not None:
            query = query.where(ActivityRow.document_id == document_id)
        if kind:
            query = query.where(ActivityRow.when_kind == kind)
        if year is not None:
            date_from = max(date_from or dt.date(year, 1, 1), dt.date(year, 1, 1))
            date_to = min(date_to or dt.date(year, 12, 31), dt.date(year, 12, 31))
        if date_from is not None:
            query = query.where(ActivityRow.when_end >= date_from)
        if date_to is not None:
            query = query.where(ActivityRow.when_start <= date_to)
        if person:
            query = query.where(
                ActivityRow.id.in_(
                    select(activity_persons.c.activity_id)
                    .join(PersonRow, PersonRow.id == activity_persons.c.person_id)
                    .where(PersonRow.name == person)
                )
            )
        if organisation:
            query = query.where(
                ActivityRow.id.in_(
                    select(activity_orgs.c.activity_id)
                    .join(OrganisationRow, OrganisationRow.id == activity_orgs.c.organisation_id)
                    .where(OrganisationRow.name == organisation)
                )
            )
        if topic:
            codes = [topic] if isinstance(topic, str) else list(topic)
            query = query.where(
                ActivityRow.id.in_(
                    select(ActivityTopicRow.activity_id).where(ActivityTopicRow.topic.in_(codes))
                )
            )
        if text:
            condition = matches(self.dialect, text)
            if condition is None:
                return None
            query = query.where(condition)
        return query

    def delete_document(self, document_id: int) -> DocumentRecord | None:
        """Delete a stored document (or failure) with everything that rests on it: its
        activities, the comparisons and reviews it is part of; persons and organisations no
        other activity names leave the registry. The deleted record, or None if unknown.
        A later version of the same file stays, its link to this one cleared."""
        with self.sessions() as session:
            row = session.get(DocumentRow, document_id)
            if row is None:
                return None
            record = DocumentRecord.of(row)
            session.execute(delete(DocumentRow).where(DocumentRow.id == document_id))
            named = select(activity_persons.c.person_id)
            session.execute(delete(PersonRow).where(PersonRow.id.not_in(named)))
            responsible = select(activity_orgs.c.organisation_id)
            session.execute(delete(OrganisationRow).where(OrganisationRow.id.not_in(responsible)))
            session.commit()
            return record

    # registry

    def registry(self) -> list[PersonRecord]:
        """The person registry: canonical names with every variant seen, by name."""
        counts = (
            select(activity_persons.c.person_id, func.count().label("n"))
            .group_by(activity_persons.c.person_id)
            .subquery()
        )
        query = (
            select(PersonRow, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.person_id == PersonRow.id)
            .options(selectinload(PersonRow.variants))
            .order_by(PersonRow.name)
        )
        with self.sessions() as session:
            return [
                PersonRecord(p.id, p.name, [v.variant for v in p.variants], n)
                for p, n in session.execute(query)
            ]

    def glossary_entries(self) -> list[tuple[str, dict[str, Any]]]:
        """(file name, entry) for every abbreviation a stored document defines (its meta's
        `glossary`), in one query."""
        query = select(DocumentRow.file_name, DocumentRow.meta).where(DocumentRow.status == "ok")
        with self.engine.connect() as connection:
            return [
                (name, entry)
                for name, meta in connection.execute(query.order_by(DocumentRow.id))
                for entry in (meta or {}).get("glossary") or []
            ]

    def organisations(self) -> list[str]:
        """Names of the organisations named as responsible, alphabetically."""
        with self.sessions() as session:
            return list(session.scalars(select(OrganisationRow.name).order_by(OrganisationRow.name)))

    def regions(self) -> list[str]:
        """Regions of stored documents, for filter choices."""
        return self._distinct(DocumentRow.region)

    def municipalities(self) -> list[str]:
        """Municipalities of stored documents, for filter choices."""
        return self._distinct(DocumentRow.municipality)

    def _distinct(self, column) -> list[str]:
        with self.sessions() as session:
            return list(
                session.scalars(select(column).where(column.is_not(None)).distinct().order_by(column))
            )

    # comparisons

    def save_comparison(
        self,
        template_id: int | None,
        plan_id: int | None,
        result: dict[str, Any],
        findings: Iterable[dict[str, Any]] = (),
        coverage: float | None = None,
        method: str = "",
    ) -> int:
        """Store a comparison's JSON result and its findings (dicts with `rule`, `severity`,
        `message` and optionally `template`, `plan` refs and `evidence`); returns its id.

        Saving is idempotent: a comparison of the same two contents by the same `method`
        (what identifies the caller's settings, e.g. a hash of the calibration) replaces the
        one stored before and keeps its id. Without both documents stored, each save is new."""
        findings = list(findings)
        for attempt in range(2):
            with self.sessions() as session:
                hashes = {
                    row.id: row.content_hash
                    for row in session.execute(
                        select(DocumentRow.id, DocumentRow.content_hash).where(
                            DocumentRow.id.in_([i for i in (template_id, plan_id) if i is not None])
                        )
                    )
                }
                template_hash, plan_hash = hashes.get(template_id), hashes.get(plan_id)
                row = None
                if template_hash and plan_hash:
                    row = session.scalar(
                        select(ComparisonRow)
                        .options(defer(ComparisonRow.result))  # replaced unread: it may be large
                        .where(
                            ComparisonRow.template_hash == template_hash,
                            ComparisonRow.plan_hash == plan_hash,
                            ComparisonRow.method == method,
                        )
                    )
                if row is None:
                    row = ComparisonRow(template_hash=template_hash, plan_hash=plan_hash, method=method)
                    session.add(row)
                row.template_id, row.plan_id = template_id, plan_id
                row.coverage, row.result, row.created_at = coverage, result, utcnow()
                try:
                    session.flush()
                    session.execute(delete(FindingRow).where(FindingRow.comparison_id == row.id))
                    insert_rows(session, FindingRow.__table__, [_finding_values(row.id, f) for f in findings])
                    session.commit()
                except IntegrityError:  # the same comparison saved meanwhile by another writer
                    session.rollback()
                    if attempt:
                        raise
                    continue
                return row.id
        raise AssertionError("unreachable")

    def comparisons(self, template_id: int | None = None) -> list[dict[str, Any]]:
        """Stored comparisons (newest first) with their findings, as plain dicts."""
        query = select(ComparisonRow).options(selectinload(ComparisonRow.findings))
        if template_id is not None:
            query = query.where(ComparisonRow.template_id == template_id)
        with self.sessions() as session:
            return [_comparison_dict(c) for c in session.scalars(query.order_by(ComparisonRow.id.desc()))]

    def stats(self) -> dict[str, int]:
        """Counts: documents stored, failures, activities, persons, organisations."""
        with self.sessions() as session:

            def count(query: Select) -> int:
                return session.scalar(select(func.count()).select_from(query.subquery()))

            return {
                "documents": count(select(DocumentRow.id).where(DocumentRow.status == "ok")),
                "failures": count(select(DocumentRow.id).where(DocumentRow.status == "failed")),
                "activities": count(select(ActivityRow.id)),
                "persons": count(select(PersonRow.id)),
                "organisations": count(select(OrganisationRow.id)),
            }


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating if needed) the store at `url`, `$ROADMAP_DB_URL` or the
    default SQLite file `data/roadmap.db`."""
    return Store(database_url(url))


def _filter_args(filters: dict[str, Any]) -> dict[str, Any]:
    allowed = {
        "document_id",
        "region",
        "municipality",
        "year",
        "person",
        "organisation",
        "kind",
        "date_from",
        "date_to",
        "text",
        "topic",
    }
    unknown = set(filters) - allowed
    if unknown:
        raise TypeError(f"unknown filters: {sorted(unknown)}")
    return filters


def _finding_values(comparison_id: int, finding: dict[str, Any]) -> dict[str, Any]:
    return {
        "comparison_id": comparison_id,
        "rule": finding["rule"],
        "severity": finding["severity"],
        "message": finding["message"],
        "template_ref": finding.get("template"),
        "plan_ref": finding.get("plan"),
        "evidence": finding.get("evidence"),
    }


def _comparison_dict(row: ComparisonRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "template_id": row.template_id,
        "plan_id": row.plan_id,
        "method": row.method,
        "coverage": row.coverage,
        "result": row.result,
        "created_at": row.created_at,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "template": f.template_ref,
                "plan": f.plan_ref,
                "evidence": f.evidence,
            }
            for f in row.findings
        ],
    }
