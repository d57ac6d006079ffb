"""activity_topics, activities.risk: the topics of each activity (normalizer/data/topics.tsv), one
row per activity and topic with the words that put it there, indexed by topic so 100,000
activities filter in SQL; the title of the risk direction an activity sits under. The view
activities_flat (0010) is made again with the topic codes ("; ") and the risk beside the rest.

Activities stored before this migration get their topics here, from their titles, as ingestion
gives them. Their risk directions stay empty: they are read from the document's own text, which
the store does not keep, and ingestion skips content it holds already: a document stored
earlier gets them when it is deleted (`roadmap delete ID`) and ingested again, or in a store
built anew from the files.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BATCH = 2000

_JOINED = {
    "sqlite": "(SELECT group_concat(name, '; ') FROM (SELECT n.name FROM {link} l JOIN {names} n"
    " ON n.id = l.{key} WHERE l.activity_id = a.id ORDER BY n.name))",
    "postgresql": "(SELECT string_agg(n.name, '; ' ORDER BY n.name) FROM {link} l JOIN {names} n"
    " ON n.id = l.{key} WHERE l.activity_id = a.id)",
}
_TOPICS = {
    "sqlite": "(SELECT group_concat(topic, '; ') FROM (SELECT t.topic FROM activity_topics t"
    " WHERE t.activity_id = a.id ORDER BY t.topic))",
    "postgresql": "(SELECT string_agg(t.topic, '; ' ORDER BY t.topic) FROM activity_topics t"
    " WHERE t.activity_id = a.id)",
}


def _view(dialect: str, with_topics: bool) -> str:
    joined = _JOINED[dialect]
    persons = joined.format(link="activity_persons", names="persons", key="person_id")
    orgs = joined.format(link="activity_orgs", names="organisations", key="organisation_id")
    extra = f", {_TOPICS[dialect]} AS topics, a.risk" if with_topics else ""
    return f"""
        CREATE VIEW activities_flat AS
        SELECT a.id AS activity_id, d.id AS document_id, d.file_name, d.doc_type, d.authority,
               d.region, d.municipality, d.level, d.doc_date, d.number AS doc_number,
               d.title AS doc_title, d.plan_start, d.plan_end, d.version AS doc_version,
               a.position, a.number, a.section, a.section_title, a.title, a.deadline_raw,
               a.when_kind, a.when_start, a.when_end, a.recurrence, a.responsible_raw,
               {persons} AS persons, {orgs} AS orgs, a.result_raw, a.status_raw{extra}
        FROM activities a JOIN documents d ON d.id = a.document_id
        WHERE d.status = 'ok'
    """


def _backfill(connection: sa.Connection) -> None:
    """Topics of every stored activity, from its title, a batch of activities at a time."""
    from normalizer.topics import find_topics

    activities = sa.table("activities", sa.column("id"), sa.column("title"))
    topics = sa.table(
        "activity_topics", sa.column("activity_id"), sa.column("topic"), sa.column("words", sa.JSON)
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(activities.c.id, activities.c.title)
            .where(activities.c.id > last)
            .order_by(activities.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        marks = [
            {"activity_id": activity_id, "topic": mark.code, "words": mark.words}
            for activity_id, title in rows
            for mark in find_topics(title or "")
        ]
        if marks:
            connection.execute(sa.insert(topics), marks)
        last = rows[-1][0]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW activities_flat")
    op.add_column("activities", sa.Column("risk", sa.Text(), nullable=True))
    op.create_table(
        "activity_topics",
        sa.Column(
            "activity_id",
            sa.Integer(),
            sa.ForeignKey("activities.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("topic", sa.String(40), primary_key=True),
        sa.Column("words", sa.JSON(), nullable=False),
    )
    op.create_index("ix_activity_topics_topic", "activity_topics", ["topic"])
    _backfill(op.get_bind())
    op.execute(_view(dialect, with_topics=True))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP VIEW activities_flat")
    op.drop_index("ix_activity_topics_topic", "activity_topics")
    op.drop_table("activity_topics")
    op.execute("ALTER TABLE activities DROP COLUMN risk")
    op.execute(_view(dialect, with_topics=False))
