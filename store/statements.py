"""The stored matching statements of a document's activities (table `activity_statements`).

Made at ingest beside the full-text lemmas (`store.work`), written in the document's own
transaction (`store.writer`), and read by `store.comparing`, which makes and keeps them for a
document stored without them (before migration 0013) or under another `statements_version`.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from store.schema import StatementsRow


def add_statements(session: Session, document_id: int, version: str, statements: list) -> None:
    """Add the statements of a document being written (its transaction commits them)."""
    session.add(StatementsRow(document_id=document_id, version=version, statements=statements))


def read_statements(sessions: sessionmaker, document_ids: list[int], version: str) -> dict[int, list]:
    """The stored statements of `document_ids` made under `version` (others are left out)."""
    with sessions() as session:
        rows = session.execute(
            select(StatementsRow.document_id, StatementsRow.statements).where(
                StatementsRow.document_id.in_(document_ids), StatementsRow.version == version
            )
        )
        return {row.document_id: row.statements for row in rows}


def keep_statements(sessions: sessionmaker, document_id: int, version: str, statements: list) -> None:
    """Store a document's statements made now, replacing those of another version; when another
    writer stored them meanwhile, theirs stay (they are the same)."""
    with sessions() as session:
        session.execute(delete(StatementsRow).where(StatementsRow.document_id == document_id))
        add_statements(session, document_id, version, statements)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
