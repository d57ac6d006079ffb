"""reviews, review_decisions: a methodist's review of a plan against a template (status, who
set it, the review of the municipality's earlier plan) and her decisions, one row per target.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "template_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
        sa.Column("status_by", sa.String(100), nullable=True),
        sa.Column("status_at", sa.DateTime(), nullable=True),
        sa.Column(
            "previous_id", sa.Integer(), sa.ForeignKey("reviews.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ux_reviews_pair", "reviews", ["template_id", "plan_id"], unique=True)
    op.create_index("ix_reviews_plan_id", "reviews", ["plan_id"])
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("review_id", sa.Integer(), sa.ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("verdict", sa.String(20), nullable=False),
        sa.Column("template_ref", sa.Text(), nullable=True),
        sa.Column("plan_ref", sa.Text(), nullable=True),
        sa.Column("rule", sa.String(50), nullable=True),
        sa.Column("grade", sa.String(10), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ux_review_decisions_key", "review_decisions", ["review_id", "key"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_review_decisions_key", "review_decisions")
    op.drop_table("review_decisions")
    op.drop_index("ix_reviews_plan_id", "reviews")
    op.drop_index("ux_reviews_pair", "reviews")
    op.drop_table("reviews")
