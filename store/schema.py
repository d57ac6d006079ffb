"""The database schema (SQLAlchemy 2 declarative models).

The alembic migrations in `store/migrations/versions/` create exactly these tables, plus the
dialect-specific full-text objects (an FTS5 table on SQLite, a GIN index on PostgreSQL) that
the ORM does not model. Change a model here only together with a new migration.

Text read from documents has no length limit (TEXT columns, migration 0007): only the
columns we fill ourselves (keys, hashes, statuses, stages) are bounded. Values of indexed
text columns are cut with `fit_indexed`, their whole text kept beside them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

INDEXED_CHARS = 500  # longest value kept in an indexed text column (PostgreSQL's b-tree
# entries hold at most 2,704 bytes: 500 characters of up to 4 bytes fit)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def fit_indexed(value: str | None) -> str | None:
    """`value` cut to `INDEXED_CHARS` for an indexed column; the caller keeps the whole text
    elsewhere (a document's location and meta, an activity's own persons and organisations)."""
    return value if value is None or len(value) <= INDEXED_CHARS else value[:INDEXED_CHARS]


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


activity_persons = Table(
    "activity_persons",
    Base.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True, index=True),
)

activity_orgs = Table(
    "activity_orgs",
    Base.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class ActivityTopicRow(Base):
    """A topic of an activity (a code of `normalizer/data/topics.tsv`) with the words, as printed,
    that put it there; indexed by topic for filters."""

    __tablename__ = "activity_topics"

    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)
    words: Mapped[list[Any]]


class DocumentRow(Base):
    """One stored file (or archive member): what was read from it, or why it could not be.

    `key` makes ingestion idempotent: `sha256:<hex>` of the content, or, for an item refused
    before its content was read (a zip bomb member, a path traversal), `refused:<hex>` of its
    location. A file whose name was seen before with other content is a new version:
    `previous_id` points at the version it replaces and `version` counts from 1."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(Text, index=True)
    location: Mapped[str] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(10))
    size: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(10), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    error_detail: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str | None] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    doc_id: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int | None]
    meta: Mapped[dict[str, Any] | None]
    ocr: Mapped[dict[str, Any] | None]
    directives: Mapped[list[Any] | None]
    doc_type: Mapped[str | None] = mapped_column(Text)
    authority: Mapped[str | None] = mapped_column(Text)
    region: Mapped[str | None] = mapped_column(Text, index=True)
    municipality: Mapped[str | None] = mapped_column(Text, index=True)
    level: Mapped[str | None] = mapped_column(String(20))
    doc_date: Mapped[dt.date | None] = mapped_column(Date)
    number: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    plan_start: Mapped[dt.date | None] = mapped_column(Date)
    plan_end: Mapped[dt.date | None] = mapped_column(Date)
    activity_count: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    activities: Mapped[list[ActivityRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ActivityRow.position"
    )


class ActivityRow(Base):
    """One activity of a document, raw cells beside their normalized form.

    `when_start`/`when_end` are the earliest start and latest end over the `when` intervals,
    for range filters; `search_text` is what full-text search reads (title, result,
    responsible), `lemmas` its pymorphy3 lemmas (indexed by FTS5 on SQLite); its topics are
    rows of `activity_topics` (migration 0012), `risk` the risk direction it sits under."""

    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_when", "when_start", "when_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    number: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    section_title: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    deadline_raw: Mapped[str | None] = mapped_column(Text)
    when: Mapped[dict[str, Any] | None]
    when_kind: Mapped[str | None] = mapped_column(String(20), index=True)
    when_start: Mapped[dt.date | None] = mapped_column(Date)
    when_end: Mapped[dt.date | None] = mapped_column(Date)
    recurrence: Mapped[str | None] = mapped_column(Text)
    responsible_raw: Mapped[str | None] = mapped_column(Text)
    persons: Mapped[list[Any]]
    orgs: Mapped[list[Any]]
    person_mentions: Mapped[list[Any]]
    org_mentions: Mapped[list[Any]]
    result_raw: Mapped[str | None] = mapped_column(Text)
    status_raw: Mapped[str | None] = mapped_column(Text)
    page: Mapped[int | None]
    search_text: Mapped[str] = mapped_column(Text)
    lemmas: Mapped[str] = mapped_column(Text)
    risk: Mapped[str | None] = mapped_column(Text)

    document: Mapped[DocumentRow] = relationship(back_populates="activities")
    topic_rows: Mapped[list[ActivityTopicRow]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityTopicRow.topic"
    )
    person_rows: Mapped[list[PersonRow]] = relationship(secondary=activity_persons)
    org_rows: Mapped[list[OrganisationRow]] = relationship(secondary=activity_orgs)


class StatementsRow(Base):
    """The matching statements of a stored document's activities (`compare.core.statements_json`),
    made at ingest so that comparing the document does no morphology. `version` is the
    `compare.text.statements_version` they were made under: statements of another version are
    made again on the document's next comparison and replace these (migration 0013)."""

    __tablename__ = "activity_statements"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    statements: Mapped[list[Any]]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class PersonRow(Base):
    """A person of the registry under one canonical name; spelling variants are merged into it."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    variants: Mapped[list[PersonVariantRow]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonVariantRow.id"
    )


class PersonVariantRow(Base):
    """A form under which a registry person was seen: a canonical spelling variant
    ("Миннуллина Л.М." beside "Миннулина Л.М.") or a raw printed form ("Закурдаеву О.Б.")."""

    __tablename__ = "person_variants"
    __table_args__ = (UniqueConstraint("person_id", "variant"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    variant: Mapped[str] = mapped_column(Text)
    person: Mapped[PersonRow] = relationship(back_populates="variants")


class OrganisationRow(Base):
    """An organisation, unit or collective role named as responsible, as written."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)


class ComparisonRow(Base):
    """One run of a plan against a template: coverage, the matches, gaps and additions as the
    compare stage returned them (`result`), and its findings in their own table.

    A comparison is stored once per input: the content hashes of both documents and `method`
    (what the caller says identifies its settings, e.g. a hash of the calibration) are unique
    together, so running the same comparison again replaces the stored one."""

    __tablename__ = "comparisons"
    __table_args__ = (Index("ux_comparisons_inputs", "template_hash", "plan_hash", "method", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    template_hash: Mapped[str | None] = mapped_column(String(64))
    plan_hash: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(64), default="", server_default="")
    coverage: Mapped[float | None] = mapped_column(Float)
    result: Mapped[dict[str, Any] | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    findings: Mapped[list[FindingRow]] = relationship(
        back_populates="comparison", cascade="all, delete-orphan", order_by="FindingRow.id"
    )


class FindingRow(Base):
    """A finding of a comparison: the rule that raised it, severity, the Russian message and
    the raw texts it rests on (`evidence`)."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    comparison_id: Mapped[int] = mapped_column(ForeignKey("comparisons.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(50), index=True)
    severity: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    template_ref: Mapped[str | None] = mapped_column(Text)
    plan_ref: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[dict[str, Any] | None]

    comparison: Mapped[ComparisonRow] = relationship(back_populates="findings")
