"""Full-text search over activities: FTS5 over lemmas on SQLite, a Russian tsvector index on PostgreSQL.

On SQLite `activity_fts` is an external-content FTS5 table over `activities.lemmas` (pymorphy3
lemmas, so "школам" finds "школы"), kept in step by triggers. On PostgreSQL a GIN index on
`to_tsvector('russian', search_text)` serves queries through the Snowball Russian stemmer.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE activity_fts USING fts5("
    "lemmas, content='activities', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER activities_fts_insert AFTER INSERT ON activities BEGIN "
    "INSERT INTO activity_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
    "CREATE TRIGGER activities_fts_delete AFTER DELETE ON activities BEGIN "
    "INSERT INTO activity_fts(activity_fts, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); END",
    "CREATE TRIGGER activities_fts_update AFTER UPDATE OF lemmas ON activities BEGIN "
    "INSERT INTO activity_fts(activity_fts, rowid, lemmas) VALUES ('delete', old.id, old.lemmas); "
    "INSERT INTO activity_fts(rowid, lemmas) VALUES (new.id, new.lemmas); END",
    "INSERT INTO activity_fts(activity_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER activities_fts_update",
    "DROP TRIGGER activities_fts_delete",
    "DROP TRIGGER activities_fts_insert",
    "DROP TABLE activity_fts",
)
POSTGRESQL_UP = (
    "CREATE INDEX ix_activities_fts ON activities USING gin (to_tsvector('russian', search_text))",
)
POSTGRESQL_DOWN = ("DROP INDEX ix_activities_fts",)


def _run(statements: dict[str, tuple[str, ...]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP})


def downgrade() -> None:
    _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRESQL_DOWN})
