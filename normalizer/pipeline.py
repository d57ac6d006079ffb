"""The normalizer stage: a structured `Document` with its raw texts read into canonical values.

Fills each activity's `when` (from `deadline_raw`, against the plan period and the document's
date), `persons`, `orgs` (and their mentions: the text as printed, positions,
glossary expansions, school numbers) and each directive's people and units. A sub-point ("6.1")
continues its point ("6. Главному специалисту ... Баркаловой Е.В. через взаимодействие с рабочей
группой ...:"), so its `persons` and `orgs` start with its point's; its mentions list only
what it prints itself. Each activity gets its topics (`normalizer.topics`, from its title) and
the risk direction it sits under; the document's risks their official profiles
(`normalizer.risks`). Models (pymorphy3, Natasha) load once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable

from model import Directive, Document, OrgMention, PersonMention
from normalizer.glossary import Glossary
from normalizer.persons import find_persons
from normalizer.responsible import Responsible, parse_directive, parse_responsible
from normalizer.risks import assign_risks
from normalizer.topics import find_topics
from normalizer.when import parse_when


def nominative_names(texts: Iterable[str]) -> set[str]:
    """Canonical names the texts print in a form only one nominative fits: they settle the
    oblique forms elsewhere in the same document ("Закурдаеву О.Б." -> "Закурдаева О.Б.")."""
    return {p.name for text in texts for p in find_persons(text) if not p.alternatives}


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _mentions(found: Responsible, glossary: Glossary) -> tuple[list[PersonMention], list[OrgMention]]:
    persons = [
        PersonMention(name=p.person.name, raw=p.person.raw, position=p.position) for p in found.persons
    ]
    orgs = [
        OrgMention(
            name=o.name, raw=o.raw, expansions=glossary.expand_text(o.name), school_numbers=o.school_numbers
        )
        for o in found.orgs
    ]
    return persons, orgs


def normalize_document(document: Document) -> Document:
    """A copy of `document` with deadlines, people, organisations and their mentions, topics and
    risk directions filled in."""
    document = document.model_copy(deep=True)
    glossary = Glossary.from_document(document)
    texts = [a.responsible_raw or "" for a in document.activities] + [d.text for d in document.directives]
    known = nominative_names(texts)
    for activity in document.activities:
        activity.when = parse_when(activity.deadline_raw, document.meta.plan_period, document.meta.date)
        persons, orgs = _mentions(parse_responsible(activity.responsible_raw or "", known), glossary)
        activity.person_mentions, activity.org_mentions = persons, orgs
        activity.persons = _unique(p.name for p in persons)
        activity.orgs = _unique(o.name for o in orgs)
        activity.topics = find_topics(activity.title)
    assign_risks(document)
    for directive in document.directives:
        persons, orgs = _mentions(parse_directive(directive.text, known), glossary)
        directive.person_mentions, directive.org_mentions = persons, orgs
        directive.persons = _unique(p.name for p in persons)
        directive.orgs = _unique(o.name for o in orgs)
    _carry_into_sub_points(document.directives)
    return document


def _carry_into_sub_points(directives: list[Directive]) -> None:
    """Give each sub-point the people and units of the point it belongs to, in place
    (points come in order, so "6.1.2" gets those of "6.1", which has those of "6"); a point
    without a dot in its number, or without a number, belongs to none."""
    by_number: dict[str, Directive] = {}
    for directive in directives:
        parent_number, dot, _ = directive.number.rpartition(".")
        parent = by_number.get(parent_number) if dot and parent_number else None
        if parent is not None:
            directive.persons = _unique([*parent.persons, *directive.persons])
            directive.orgs = _unique([*parent.orgs, *directive.orgs])
        by_number[directive.number] = directive
