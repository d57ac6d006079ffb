"""A register of the people named across a set of documents.

OCR and spelling variants of one person ("Миннулина Л.М." / "Миннуллина Л.М.", "Булычева И.Ю."
/ "Бульгачева И.Ю.") become one entry when the initials agree and the surnames are close
(rapidfuzz ratio, same first letter, same ending, so "Иванов" and "Иванова" stay apart); every
variant seen is kept with its count. Two names with different initials are never merged. A name
with one initial ("Харланова С.") joins a fuller one ("Харланова С.В.") only when exactly one
entry fits it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.fuzz import ratio

from model import Document

_NAME = re.compile(r"^\s*(?P<surname>[^\s]+(?:\s[^\s.]+)*?)\s+(?P<initials>(?:[А-ЯЁA-Z]\.\s?){1,2})\s*$")


def split_name(name: str) -> tuple[str, str]:
    """("Миннулина", "ЛМ") from "Миннулина Л.М."; a name without initials gives ("...", "")."""
    m = _NAME.match(name)
    if not m:
        return name.strip(), ""
    return m.group("surname"), re.sub(r"[^А-ЯЁA-Z]", "", m.group("initials"))


def _fold(surname: str) -> str:
    return surname.lower().replace("ё", "е")


def surnames_close(a: str, b: str, threshold: float = 75.0) -> bool:
    """Whether two surnames can be spellings of one: same first letter and same last letter
    (the gender ending), and a rapidfuzz ratio of at least `threshold`."""
    a, b = _fold(a), _fold(b)
    if a == b:
        return True
    return bool(a and b) and a[0] == b[0] and a[-1] == b[-1] and ratio(a, b) >= threshold


def initials_agree(a: str, b: str) -> bool:
    """Equal initials, or one initial that is the first of the other's two."""
    return a == b or (bool(a) and bool(b) and (a.startswith(b) or b.startswith(a)) and len(a) != len(b))


@dataclass
class Person:
    """One person: the variants their name was printed in, how often, and in which documents."""

    variants: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The variant seen most often (the fuller initials, then the first seen, on a tie)."""
        order = list(self.variants)
        return max(order, key=lambda v: (self.variants[v], len(split_name(v)[1]), -order.index(v)))

    @property
    def initials(self) -> str:
        return max((split_name(v)[1] for v in self.variants), key=len)

    def fits(self, name: str, threshold: float) -> bool:
        surname, initials = split_name(name)
        if not initials_agree(initials, self.initials):
            return False
        return any(surnames_close(surname, split_name(v)[0], threshold) for v in self.variants)


class PersonRegistry:
    """People across documents, each with every variant of their name seen."""

    def __init__(self, threshold: float = 75.0) -> None:
        self.threshold = threshold
        self.people: list[Person] = []

    def add(self, name: str, document: str | None = None) -> Person:
        """Record `name` (canonical "Фамилия И.О."), merged with a close variant if there is one."""
        surname, initials = split_name(name)
        candidates = [p for p in self.people if p.fits(name, self.threshold)]
        exact = [p for p in candidates if p.initials == initials]
        chosen = exact or (candidates if len(candidates) == 1 else [])
        if chosen:
            person = max(
                chosen, key=lambda p: max(ratio(_fold(surname), _fold(split_name(v)[0])) for v in p.variants)
            )
        else:
            person = Person()
            self.people.append(person)
        person.variants[name] += 1
        if document:
            person.documents.add(document)
        return person

    def add_document(self, document: Document) -> None:
        """Record every person `document` names: responsible, directives and signatory."""
        names = [n for a in document.activities for n in a.persons]
        names += [n for d in document.directives for n in d.persons]
        if document.meta.signatory:
            names.append(document.meta.signatory)
        for name in names:
            self.add(name, document.doc_id)

    def find(self, name: str) -> Person | None:
        """The entry that holds `name` as a variant, or None."""
        return next((p for p in self.people if name in p.variants), None)

    def canonical(self, name: str) -> str:
        """The representative variant of the person `name` belongs to (`name` itself if unknown)."""
        person = self.find(name)
        return person.name if person else name

    def __len__(self) -> int:
        return len(self.people)

    def __iter__(self):
        return iter(self.people)

    @classmethod
    def from_documents(cls, documents: Iterable[Document], threshold: float = 75.0) -> PersonRegistry:
        """A registry of everyone the documents name."""
        registry = cls(threshold)
        for document in documents:
            registry.add_document(document)
        return registry
