"""Text read from documents gets columns of no fixed length: PostgreSQL refused (with
StringDataRightTruncation) an order number over 100 characters, an activity number over 50, a
person over 200, an organisation or file name over 500, so one odd document stopped a batch
while SQLite, which does not enforce VARCHAR lengths, stored it.

PostgreSQL: each column becomes TEXT (binary-compatible with VARCHAR: no table rewrite, the
indexes stay). SQLite: VARCHAR(n) already has TEXT affinity and no limit, so nothing changes
on disk (rebuilding `activities` there would drop its full-text triggers).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = {
    ("documents", "file_name"): 500,
    ("documents", "doc_id"): 200,
    ("documents", "doc_type"): 100,
    ("documents", "region"): 200,
    ("documents", "municipality"): 200,
    ("documents", "number"): 100,
    ("activities", "number"): 50,
    ("activities", "section"): 50,
    ("activities", "recurrence"): 20,
    ("persons", "name"): 200,
    ("person_variants", "variant"): 300,
    ("organisations", "name"): 500,
    ("findings", "template_ref"): 50,
    ("findings", "plan_ref"): 50,
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for (table, column), _length in COLUMNS.items():
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE TEXT")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for (table, column), length in COLUMNS.items():
        op.execute(
            f"ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR({length}) USING left({column}, {length})"
        )
