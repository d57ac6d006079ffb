"""comparisons.template_hash, plan_hash, method: a comparison is stored once per input.

The content hashes of both documents and the caller's `method` (e.g. a hash of the
calibration) are unique together. Existing rows get their documents' hashes; of repeated
comparisons (the app saved one on every restart) only the newest is kept.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BACKFILL = (
    "UPDATE comparisons SET "
    "template_hash = (SELECT content_hash FROM documents WHERE documents.id = comparisons.template_id), "
    "plan_hash = (SELECT content_hash FROM documents WHERE documents.id = comparisons.plan_id)"
)
REPEATED = (
    "SELECT id FROM comparisons WHERE template_hash IS NOT NULL AND plan_hash IS NOT NULL "
    "AND id NOT IN (SELECT MAX(id) FROM comparisons GROUP BY template_hash, plan_hash, method)"
)


def upgrade() -> None:
    op.add_column("comparisons", sa.Column("template_hash", sa.String(64), nullable=True))
    op.add_column("comparisons", sa.Column("plan_hash", sa.String(64), nullable=True))
    op.add_column("comparisons", sa.Column("method", sa.String(64), nullable=False, server_default=""))
    op.execute(BACKFILL)
    op.execute(f"DELETE FROM findings WHERE comparison_id IN ({REPEATED})")
    op.execute(f"DELETE FROM comparisons WHERE id IN ({REPEATED})")
    op.create_index(
        "ux_comparisons_inputs", "comparisons", ["template_hash", "plan_hash", "method"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ux_comparisons_inputs", table_name="comparisons")
    op.drop_column("comparisons", "method")
    op.drop_column("comparisons", "plan_hash")
    op.drop_column("comparisons", "template_hash")
