"""The person and organisation registries the store keeps across documents.

A person named "Миннуллина Л.М." in one order and "Миннулина Л.М." in another is one person
seen under two spellings: a new canonical name joins an existing person when the initials are
the same and the surnames are close (same first and last letter, so never a man and a woman
with the same stem, and a rapidfuzz similarity of at least `SURNAME_SIMILARITY`). Two people
with the same surname and different initials are never merged. Every spelling and every
printed form is kept as a variant.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.schema import OrganisationRow, PersonRow, PersonVariantRow

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


def resolve_person(session: Session, name: str, raw_forms: list[str]) -> PersonRow:
    """The registry person for canonical `name`, created or merged, with `raw_forms` recorded."""
    person = session.scalar(select(PersonRow).where(PersonRow.name == name))
    if person is None:
        person = _close_person(session, name)
    if person is None:
        person = PersonRow(name=name)
        session.add(person)
        session.flush()
    seen = {v.variant for v in person.variants}
    for variant in (name, *raw_forms):
        if variant and variant not in seen:
            person.variants.append(PersonVariantRow(variant=variant))
            seen.add(variant)
    return person


def _close_person(session: Session, name: str) -> PersonRow | None:
    _, initials = split_name(name)
    if not initials:
        return None
    candidates = session.scalars(select(PersonRow).where(PersonRow.name.endswith(" " + initials)))
    return next((p for p in candidates if same_person(p.name, name)), None)


def resolve_organisation(session: Session, name: str) -> OrganisationRow:
    """The registry organisation named exactly `name`, created if new."""
    organisation = session.scalar(select(OrganisationRow).where(OrganisationRow.name == name))
    if organisation is None:
        organisation = OrganisationRow(name=name)
        session.add(organisation)
        session.flush()
    return organisation
