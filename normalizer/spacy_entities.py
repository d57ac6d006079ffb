"""A spaCy component that marks the normalizer's people, organisations and deadlines in any text.

After `pip install roadmap-check` spaCy finds it by its entry point::

    nlp = spacy.blank("ru")
    nlp.add_pipe("roadmap_entities")
    doc = nlp("Ответственный: Закурдаева О.Б., МЦОКО. Срок: до 15.03.2025")
    [(e.text, e.label_, e._.canonical) for e in doc.ents]

Labels are spaCy's usual `PER`, `ORG` and `DATE`. Each span carries `span._.canonical` (the
person as «Фамилия И.О.», the unit in the nominative, the deadline as printed), `span._.when`
(the `model.When` of a deadline) and `span._.expansion` (the glossary readings of the
abbreviations it uses). The text is read line by line and cell by cell (tabs split cells): a
segment with an instruction verb in the infinitive is read as an order's point (its addressee and
partners are the units), any other as a "responsible" cell, exactly as `normalizer.pipeline`
reads a document's points and cells, so both give the same people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from normalizer.dates import find_dates
from normalizer.glossary import Glossary
from normalizer.morph import parses
from normalizer.responsible import ROLE_HEADS, OrgRole, Responsible, parse_directive, parse_responsible
from normalizer.when import parse_when

LABELS = {"PER": "Лицо", "ORG": "Организация", "DATE": "Срок"}
_SEGMENT = re.compile(r"[^\n\t]+")
_LABEL = re.compile(r"\s*[А-ЯЁа-яё]+:\s+")  # "Ответственные: …", "Срок: …"
_WORD = re.compile(r"[А-ЯЁа-яё]+")
_ABBREVIATION = re.compile(r"(?<![А-ЯЁA-Za-zа-яё])[А-ЯЁ]{2,}[А-ЯЁ0-9]*(?![А-ЯЁA-Za-zа-яё])")
_SHORT_DEADLINE_WORDS = 8

for _name in ("canonical", "when", "expansion"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def _segments(text: str) -> Iterator[tuple[int, str]]:
    """Lines and tab-separated cells of `text`, with their offsets; a one-word label before a
    colon ("Ответственные:") is left out."""
    for m in _SEGMENT.finditer(text):
        label = _LABEL.match(m.group())
        start = m.start() + (label.end() if label else 0)
        if text[start : m.end()].strip():
            yield start, text[start : m.end()]


def _is_point(segment: str) -> bool:
    """Whether `segment` reads as an order's point: it has a verb in the infinitive."""
    return any(parses(w)[0].tag.POS == "INFN" for w in _WORD.findall(segment) if w.islower())


def _is_abbreviation(token: str, glossary: Glossary) -> bool:
    """Whether a capitalised token is an abbreviation ("МЦОКО", "ГИА"), not a word set in
    capitals ("ПРИКАЗ", "ПЛАН"): the glossary knows it, or the dictionary does not."""
    return token in glossary or not parses(token)[0].is_known


def _is_unit(org: OrgRole, glossary: Glossary) -> bool:
    """Whether a segment the cell parser calls an organisation names a unit or a role: an
    abbreviation, or a first noun that heads roles and units ("руководители", "отдел")."""
    if any(_is_abbreviation(m.group(), glossary) for m in _ABBREVIATION.finditer(org.raw)):
        return True
    for word in _WORD.findall(org.raw):
        nouns = [p for p in parses(word) if p.tag.POS == "NOUN"]
        if nouns:
            return nouns[0].normal_form in ROLE_HEADS
    return False


def _locate(segment: str, raw: str) -> tuple[int, int] | None:
    """Where `raw` (whitespace folded, as the parsers give it) stands in `segment`."""
    words = raw.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), segment)
    return (m.start(), m.end()) if m else None


class RoadmapEntities:
    """The pipeline component: sets `doc.ents` to the people, units and deadlines of the text."""

    def __init__(self, glossary: Glossary | None = None) -> None:
        self.glossary = glossary or Glossary.builtin()

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for offset, segment in _segments(doc.text):
            spans += self._segment_spans(doc, offset, segment)
        doc.ents = filter_spans(spans)
        return doc

    def _span(self, doc: Doc, start: int, end: int, label: str, canonical: str) -> Span | None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None:
            return None
        span._.canonical = canonical
        span._.expansion = self.glossary.expand_text(span.text) or None
        return span

    def _segment_spans(self, doc: Doc, offset: int, segment: str) -> list[Span]:
        point = _is_point(segment)
        found: Responsible = parse_directive(segment) if point else parse_responsible(segment)
        spans = []
        for role in found.persons:
            person = role.person
            spans.append(self._span(doc, offset + person.start, offset + person.end, "PER", person.name))
        for org in found.orgs:
            where = _locate(segment, org.raw)
            if where and (point or _is_unit(org, self.glossary)):
                spans.append(self._span(doc, offset + where[0], offset + where[1], "ORG", org.name))
        spans += self._deadline_spans(doc, offset, segment)
        return [s for s in spans if s is not None]

    def _deadline_spans(self, doc: Doc, offset: int, segment: str) -> list[Span | None]:
        """A short segment that states a deadline as a whole («ежемесячно, до 5 числа») is one
        span; in a longer one each printed date is."""
        if len(segment.split()) <= _SHORT_DEADLINE_WORDS:
            when = parse_when(segment)
            if when.kind != "unspecified":
                start = len(segment) - len(segment.lstrip())
                span = self._span(
                    doc, offset + start, offset + len(segment.rstrip()), "DATE", segment.strip()
                )
                if span is not None:
                    span._.when = when
                return [span]
        spans = []
        for date in find_dates(segment):
            span = self._span(doc, offset + date.start, offset + date.end, "DATE", date.raw)
            if span is not None:
                span._.when = parse_when(date.raw)
            spans.append(span)
        return spans


@Language.factory("roadmap_entities")
def make_roadmap_entities(nlp: Language, name: str) -> RoadmapEntities:
    """The spaCy factory behind `nlp.add_pipe("roadmap_entities")`."""
    return RoadmapEntities()
