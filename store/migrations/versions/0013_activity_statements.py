"""activity_statements: the matching statements of each stored document's activities (lemmas and
heads, `compare.core.statements_json`), made at ingest so that comparing stored documents does
no morphology, with the `compare.text.statements_version` they were made under. Documents stored
before this revision have none: theirs are made on their first comparison and kept. A table of
its own, so the activities table and the `activities_flat` view over it (0010) stay as they are.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity_statements",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("statements", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("activity_statements")
