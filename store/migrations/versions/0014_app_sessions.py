"""app_sessions: the app's sign-ins kept across page reloads, each its cookie token's and its
one-time hand-over code's SHA-256 only, with when it was made, last used and ended.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("handoff_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_why", sa.String(20), nullable=True),
    )
    op.create_index("ix_app_sessions_user_id", "app_sessions", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_app_sessions_user_id", "app_sessions")
    op.drop_table("app_sessions")
