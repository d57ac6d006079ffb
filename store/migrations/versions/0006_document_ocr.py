"""documents.ocr: how a scan's text was recognised (engine, pages, mean confidence), so the
app can say that the document's values come from OCR and need checking.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("ocr", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("documents", "ocr")
