"""Flat pandas frames of the store for analysts: activities from the `activities_flat` view
(migrations 0010, 0012), documents from their table, with dates as dates on every backend."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, Select, column, select, table

ACTIVITY_COLUMNS = (
    "activity_id", "document_id", "file_name", "doc_type", "authority", "region", "municipality",
    "level", "doc_date", "doc_number", "doc_title", "plan_start", "plan_end", "doc_version",
    "position", "number", "section", "section_title", "title", "deadline_raw", "when_kind",
    "when_start", "when_end", "recurrence", "responsible_raw", "persons", "orgs", "result_raw",
    "status_raw", "topics", "risk",
)  # fmt: skip
DOCUMENT_COLUMNS = (
    "id", "file_name", "format", "status", "error", "doc_type", "authority", "region",
    "municipality", "level", "doc_date", "number", "title", "plan_start", "plan_end",
    "activity_count", "version", "location", "created_at",
)  # fmt: skip
_DATES = ("doc_date", "plan_start", "plan_end", "when_start", "when_end")

ACTIVITIES_FLAT = table("activities_flat", *(column(name) for name in ACTIVITY_COLUMNS))
DOCUMENTS = table("documents", *(column(name) for name in DOCUMENT_COLUMNS))


def _with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    for name in _DATES:
        if name in frame:
            frame[name] = pd.to_datetime(frame[name]).dt.date
    return frame


def activities_frame(engine: Engine, activity_ids: Select | None) -> pd.DataFrame:
    """Rows of `activities_flat` whose activity is among `activity_ids` (a SELECT of ids; every
    activity when None), in document order."""
    query = select(ACTIVITIES_FLAT).order_by(ACTIVITIES_FLAT.c.document_id, ACTIVITIES_FLAT.c.position)
    if activity_ids is not None:
        query = query.where(ACTIVITIES_FLAT.c.activity_id.in_(activity_ids))
    with engine.connect() as connection:
        return _with_dates(pd.read_sql(query, connection))


def documents_frame(engine: Engine) -> pd.DataFrame:
    """Every stored document (read or failed) with its requisites, newest first."""
    query = select(DOCUMENTS).order_by(DOCUMENTS.c.id.desc())
    with engine.connect() as connection:
        return _with_dates(pd.read_sql(query, connection))
