"""What the store hands out: plain frozen records, detached from any database session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from model import Activity, Directive, Document, DocumentMeta, OcrInfo, TopicMark, When
from store.schema import ActivityRow, DocumentRow

Outcome = Literal["ok", "failed", "skipped"]


@dataclass(frozen=True)
class IngestResult:
    """What became of one file or archive member.

    `status`: "ok" (stored now), "failed" (stored as a failure with `reason` and `stage`) or
    "skipped" (its content, or the same refusal, is already stored: `document_id` is the
    stored one; or, with a `reason`, a file met in a folder or archive that is no document).
    `reason` is a Russian sentence for the user; `note` (Russian too) says when a name lied
    about the content (a .docx that is a PDF, a .pdf that is a zip archive)."""

    location: str
    status: Outcome
    document_id: int | None = None
    activities: int = 0
    reason: str | None = None
    stage: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class DocumentRecord:
    """A stored document (or failure) with its key metadata columns."""

    id: int
    file_name: str
    location: str
    format: str | None
    status: str
    error: str | None
    error_detail: str | None
    stage: str | None
    content_hash: str | None
    version: int
    previous_id: int | None
    doc_type: str | None
    authority: str | None
    region: str | None
    municipality: str | None
    level: str | None
    date: dt.date | None
    number: str | None
    title: str | None
    plan_start: dt.date | None
    plan_end: dt.date | None
    activity_count: int
    created_at: dt.datetime
    ocr: dict[str, Any] | None = None

    @classmethod
    def of(cls, row: DocumentRow) -> DocumentRecord:
        return cls(
            id=row.id,
            file_name=row.file_name,
            location=row.location,
            format=row.format,
            status=row.status,
            error=row.error,
            error_detail=row.error_detail,
            stage=row.stage,
            content_hash=row.content_hash,
            version=row.version,
            previous_id=row.previous_id,
            doc_type=row.doc_type,
            authority=row.authority,
            region=row.region,
            municipality=row.municipality,
            level=row.level,
            date=row.doc_date,
            number=row.number,
            title=row.title,
            plan_start=row.plan_start,
            plan_end=row.plan_end,
            activity_count=row.activity_count,
            created_at=row.created_at,
            ocr=row.ocr,
        )


@dataclass(frozen=True)
class ActivityRecord:
    """A stored activity, raw cells beside normalized fields, with its document's key columns;
    its topics with the words that put it there, the risk direction it sits under."""

    id: int
    document_id: int
    file_name: str
    region: str | None
    municipality: str | None
    position: int
    number: str | None
    section: str | None
    section_title: str | None
    title: str
    deadline_raw: str | None
    when: dict[str, Any] | None
    when_kind: str | None
    when_start: dt.date | None
    when_end: dt.date | None
    responsible_raw: str | None
    persons: list[str]
    orgs: list[str]
    result_raw: str | None
    status_raw: str | None
    page: int | None
    topics: list[TopicMark] = field(default_factory=list)
    risk: str | None = None

    @classmethod
    def of(cls, row: ActivityRow, document: DocumentRow) -> ActivityRecord:
        return cls(
            id=row.id,
            document_id=row.document_id,
            file_name=document.file_name,
            region=document.region,
            municipality=document.municipality,
            position=row.position,
            number=row.number,
            section=row.section,
            section_title=row.section_title,
            title=row.title,
            deadline_raw=row.deadline_raw,
            when=row.when,
            when_kind=row.when_kind,
            when_start=row.when_start,
            when_end=row.when_end,
            responsible_raw=row.responsible_raw,
            persons=list(row.persons or []),
            orgs=list(row.orgs or []),
            result_raw=row.result_raw,
            status_raw=row.status_raw,
            page=row.page,
            topics=[TopicMark(code=t.topic, words=list(t.words or [])) for t in row.topic_rows],
            risk=row.risk,
        )

    def as_activity(self) -> Activity:
        """The activity as the extractor's model."""
        return Activity(
            number=self.number,
            section=self.section,
            section_title=self.section_title,
            title=self.title,
            deadline_raw=self.deadline_raw,
            when=When.model_validate(self.when) if self.when else None,
            responsible_raw=self.responsible_raw,
            persons=self.persons,
            orgs=self.orgs,
            result_raw=self.result_raw,
            status_raw=self.status_raw,
            page=self.page,
            topics=list(self.topics),
            risk=self.risk,
        )


@dataclass(frozen=True)
class DocumentDetail:
    """A document's page: its record, full meta and directives as extracted, its activities."""

    document: DocumentRecord
    meta: dict[str, Any]
    directives: list[dict[str, Any]]
    activities: list[ActivityRecord]

    def as_document(self) -> Document:
        """The document as the extractor's model, so `compare` and the pages see one model
        whether it was just read or comes from the store."""
        record = self.document
        return Document(
            doc_id=Path(record.file_name).stem,
            source=record.location,
            format=record.format,
            meta=DocumentMeta.model_validate(self.meta),
            directives=[Directive.model_validate(d) for d in self.directives],
            activities=[a.as_activity() for a in self.activities],
            ocr=OcrInfo.model_validate(record.ocr) if record.ocr else None,
        )


@dataclass(frozen=True)
class PersonRecord:
    """A registry person: canonical name, every variant seen, how many activities name them."""

    id: int
    name: str
    variants: list[str] = field(default_factory=list)
    activities: int = 0


class ActivityListing(NamedTuple):
    """One line of the whole activities table (`Store.activity_listing`): an activity's
    columns and its document's file name, region, municipality and date; its topic codes and
    the words that put it there («родителей; группы риска»)."""

    id: int
    document_id: int
    document: str
    region: str | None
    municipality: str | None
    number: str | None
    section_title: str | None
    title: str
    deadline_raw: str | None
    when_kind: str | None
    when_start: dt.date | None
    when_end: dt.date | None
    responsible_raw: str | None
    persons: tuple[str, ...]
    orgs: tuple[str, ...]
    result_raw: str | None
    doc_date: dt.date | None
    topics: tuple[str, ...] = ()
    topic_words: str = ""
    risk: str | None = None
