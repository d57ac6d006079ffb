"""Multi-row INSERTs whose ids are known beforehand, so rows that refer to them (activity ->
person links) go in the same way: one `executemany` per table, no per-row RETURNING (which
SQLite can only order one row at a time) and no ORM unit of work walking its objects.

Ids come from the table's sequence on PostgreSQL (`nextval` for the whole range in one
statement, safe beside other writers) and on SQLite from the largest id: callers hold the
write lock by then (the transaction has written its document row), so nobody else inserts.
"""

from __future__ import annotations

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session


def reserve_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` fresh ids for rows of `table` (its integer `id` column), ascending."""
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        query = text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)")
        return sorted(session.scalars(query, {"table": table.name, "count": count}))
    top = session.scalar(select(func.max(table.c.id))) or 0
    return list(range(top + 1, top + count + 1))


def insert_rows(session: Session, table: Table, rows: list[dict]) -> list[int]:
    """Insert `rows` (dicts of the same keys) into `table`, given fresh ids; their ids in order."""
    ids = reserve_ids(session, table, len(rows))
    if rows:
        numbered = [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]
        session.connection().execute(insert(table), numbered)
    return ids
