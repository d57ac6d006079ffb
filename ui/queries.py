"""Whole-table reads the pages need at once, straight from the store's tables.

`Store.activities()` builds a record per row, which is what a filtered page wants; the
Мероприятия page wants every row as one table, so it reads the columns in one SELECT instead
(10,000 activities in a fraction of a second rather than seconds). Search ranks come from the
store's own full-text query.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from store import Store
from store.schema import ActivityRow, DocumentRow

ACTIVITY_COLUMNS = [
    ActivityRow.id,
    ActivityRow.document_id,
    DocumentRow.file_name.label("document"),
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
]


def activity_table(store: Store) -> pd.DataFrame:
    """Every stored activity with its document's file name, region, municipality and date, in
    document order; persons and organisations as tuples."""
    query = (
        select(*ACTIVITY_COLUMNS)
        .join(DocumentRow, ActivityRow.document_id == DocumentRow.id)
        .order_by(ActivityRow.document_id, ActivityRow.position)
    )
    with store.engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=[c.key for c in ACTIVITY_COLUMNS])
    for column in ("persons", "orgs"):
        frame[column] = frame[column].map(lambda names: tuple(names or ()))
    return frame


def search_ids(store: Store, query: str) -> list[int]:
    """Ids of the activities the store's full-text search finds for `query`, best first."""
    return store.search_ids(query)


def glossaries(store: Store) -> list[tuple[str, dict]]:
    """(file name, glossary entry) for every abbreviation a stored document defines."""
    query = select(DocumentRow.file_name, DocumentRow.meta).where(DocumentRow.status == "ok")
    with store.engine.connect() as connection:
        return [
            (name, entry)
            for name, meta in connection.execute(query)
            for entry in (meta or {}).get("glossary") or []
        ]
