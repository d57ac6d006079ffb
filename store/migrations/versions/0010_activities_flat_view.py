"""activities_flat: one row per activity of a stored document with that document's requisites,
its normalized deadline and its people and organisations joined by "; ", for BI tools and SQL
users (docs/analysts.md). A later migration that alters a column the view reads must drop the
view first and create it again.

Revision ID: 0010
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

_JOINED = {
    "sqlite": "(SELECT group_concat(name, '; ') FROM (SELECT n.name FROM {link} l JOIN {names} n"
    " ON n.id = l.{key} WHERE l.activity_id = a.id ORDER BY n.name))",
    "postgresql": "(SELECT string_agg(n.name, '; ' ORDER BY n.name) FROM {link} l JOIN {names} n"
    " ON n.id = l.{key} WHERE l.activity_id = a.id)",
}


def _view(dialect: str) -> str:
    joined = _JOINED[dialect]
    persons = joined.format(link="activity_persons", names="persons", key="person_id")
    orgs = joined.format(link="activity_orgs", names="organisations", key="organisation_id")
    return f"""
        CREATE VIEW activities_flat AS
        SELECT a.id AS activity_id, d.id AS document_id, d.file_name, d.doc_type, d.authority,
               d.region, d.municipality, d.level, d.doc_date, d.number AS doc_number,
               d.title AS doc_title, d.plan_start, d.plan_end, d.version AS doc_version,
               a.position, a.number, a.section, a.section_title, a.title, a.deadline_raw,
               a.when_kind, a.when_start, a.when_end, a.recurrence, a.responsible_raw,
               {persons} AS persons, {orgs} AS orgs, a.result_raw, a.status_raw
        FROM activities a JOIN documents d ON d.id = a.document_id
        WHERE d.status = 'ok'
    """


def upgrade() -> None:
    op.execute(_view(op.get_bind().dialect.name))


def downgrade() -> None:
    op.execute("DROP VIEW activities_flat")
