"""The person and organisation registries the store keeps across documents.

A person named "Миннуллина Л.М." in one order and "Миннулина Л.М." in another is one person
seen under two spellings: a new canonical name joins an existing person when the initials are
the same and the surnames are close (same first and last letter, so never a man and a woman
with the same stem, and a rapidfuzz similarity of at least `SURNAME_SIMILARITY`). Two people
with the same surname and different initials are never merged. Every spelling and every
printed form is kept as a variant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz
from sqlalchemy import Select, insert, or_, select
from sqlalchemy.orm import Session

from store.bulk import insert_rows
from store.schema import OrganisationRow, PersonRow, PersonVariantRow, fit_indexed

SURNAME_SIMILARITY = 75.0


def split_name(name: str) -> tuple[str, str]:
    """("Фамилия", "И.О.") of a canonical "Фамилия И.О."; initials empty if there are none."""
    surname, _, initials = name.rpartition(" ")
    return (surname, initials) if surname else (name, "")


def same_person(a: str, b: str) -> bool:
    """Whether two canonical names are spellings of one person (see the module docstring)."""
    surname_a, initials_a = split_name(a)
    surname_b, initials_b = split_name(b)
    if initials_a != initials_b or not initials_a:
        return False
    x, y = surname_a.lower(), surname_b.lower()
    return x[0] == y[0] and x[-1] == y[-1] and fuzz.ratio(x, y) >= SURNAME_SIMILARITY


def resolve_persons(session: Session, names: dict[str, list[str]]) -> dict[str, int]:
    """Registry person ids of the canonical `names` (each with the raw forms it was printed
    in, recorded as variants), created or merged, for a whole document at once: a few
    statements whatever the number of activities (exact names, then the persons with the
    same initials, then the new persons and variants, each in one statement per chunk)."""
    keys = {name: fit_indexed(name) for name in names}
    ids = dict(_rows(session, select(PersonRow.name, PersonRow.id), PersonRow.name, set(keys.values())))
    missing = [name for name in names if keys[name] not in ids]
    initials = sorted({split_name(keys[n])[1] for n in missing} - {""})
    known: list[tuple[int, str]] = []
    for chunk in _chunks(initials):
        ends = or_(*(PersonRow.name.endswith(" " + i, autoescape=True) for i in chunk))
        known.extend(tuple(row) for row in session.execute(select(PersonRow.id, PersonRow.name).where(ends)))
    known.sort()
    joins: dict[str, str] = {}  # a new spelling -> the name of the person it is a variant of
    created: list[str] = []
    for key in dict.fromkeys(keys[name] for name in missing):
        close = next((n for _, n in known if same_person(n, key)), None)
        close = close or next((n for n in created if same_person(n, key)), None)
        if close is None:
            created.append(key)
        else:
            joins[key] = close
    if created:
        inserted = insert_rows(session, PersonRow.__table__, [{"name": n} for n in created])
        ids.update(zip(created, inserted, strict=True))
    ids.update((n, i) for i, n in known)
    ids.update((key, ids[close]) for key, close in joins.items())
    resolved = {name: ids[keys[name]] for name in names}
    _add_variants(session, {name: [name, *forms] for name, forms in names.items()}, resolved)
    return resolved


def _add_variants(session: Session, forms: dict[str, list[str]], ids: dict[str, int]) -> None:
    wanted = {(ids[name], fit_indexed(f)) for name, variants in forms.items() for f in variants if f}
    person_ids = sorted({person for person, _ in wanted})
    seen = set(
        _rows(
            session,
            select(PersonVariantRow.person_id, PersonVariantRow.variant),
            PersonVariantRow.person_id,
            person_ids,
        )
    )
    new = sorted(wanted - seen)
    if new:
        rows = [{"person_id": p, "variant": v} for p, v in new]
        session.connection().execute(insert(PersonVariantRow.__table__), rows)


def resolve_organisations(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Registry ids of the organisations named exactly `names`, the new ones created, in a
    statement or two per chunk of names."""
    keys = {name: fit_indexed(name) for name in names}
    query = select(OrganisationRow.name, OrganisationRow.id)
    ids = dict(_rows(session, query, OrganisationRow.name, set(keys.values())))
    created = sorted(set(keys.values()) - set(ids))
    if created:
        inserted = insert_rows(session, OrganisationRow.__table__, [{"name": n} for n in created])
        ids.update(zip(created, inserted, strict=True))
    return {name: ids[key] for name, key in keys.items()}


CHUNK = 500  # values bound in one IN (...) list


def _chunks(values: list) -> Iterator[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _rows(session: Session, query: Select, column, values: Iterable) -> Iterator[tuple]:
    """The rows of `query` whose `column` is one of `values`, one statement per chunk."""
    for chunk in _chunks(sorted(values)):
        yield from (tuple(row) for row in session.execute(query.where(column.in_(chunk))))
