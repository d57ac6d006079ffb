"""Document metadata from the preamble: type, authority, region, date, number, title, signatory."""

from __future__ import annotations

import re
from collections import Counter
from functools import reduce

from extractor.structure.glossary import extract_glossary
from extractor.structure.letterhead import read_issuer
from extractor.structure.lines import Line, document_lines, join_lines, table_text
from extractor.structure.operative import MARKER, Operative, find_operative
from extractor.structure.preamble import Head, collect_title, read_head
from extractor.structure.references import find_references
from extractor.structure.signature import Signature, find_signature
from model import DocumentMeta, PlanPeriod, RawDocument, Reference
from normalizer.dates import Period, find_plan_period, year_period
from normalizer.geo import find_regions

_PLAN_WORDS = re.compile(r"план|дорожн\w*\s+карт|комплекс\w*\s+мер", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
_MAX_HEADING = 500


def _preamble(lines: list[Line], head: Head, operative: Operative | None) -> str:
    """Running text between the title and the operative part (the marker word excluded)."""
    start = head.title_end if head.title_end is not None else head.end
    if operative is None:
        end = next((i for i in range(start, len(lines)) if lines[i].table is not None), len(lines))
        return reduce(join_lines, (x.text for x in lines[start:end]), "")
    parts = [x.text for x in lines[start : operative.marker] if x.table is None]
    marker_line = lines[operative.marker].text
    parts.append(marker_line[: MARKER.search(marker_line).start()])
    return reduce(join_lines, parts, "")


def _references(text: str, operative: Operative | None, meta: DocumentMeta) -> list[Reference]:
    texts = [text, *(p.text for p in operative.points)] if operative else [text]
    refs = [r for t in texts for r in find_references(t)]
    own = (meta.date, meta.number)
    unique: list[Reference] = []
    for ref in refs:
        if (ref.date, ref.number) != own and all(
            (r.date, r.number) != (ref.date, ref.number) for r in unique
        ):
            unique.append(ref)
    return unique


def _signature(lines: list[Line], head: Head, operative: Operative | None) -> Signature | None:
    if operative is not None:
        return operative.signature or find_signature(lines, operative.end)
    start = head.title_end if head.title_end is not None else head.end
    return find_signature(lines, start) or find_signature(lines[:start])


def _plan_period(lines: list[Line], title: str | None, after: int) -> Period | None:
    """From the title; else from a plan heading further on; else the one year the tables name."""
    headings = [
        collect_title(lines, i, x.text, len(lines))[0]
        for i, x in enumerate(lines[after:], after)
        if x.table is None and len(x.text) <= _MAX_HEADING and _PLAN_WORDS.search(x.text)
    ]
    for text in [title or "", *headings]:
        period = find_plan_period(text)
        if period:
            return period
    texts = [c for x in lines[after:] for c in (table_text(x.table) if x.table is not None else [x.text])]
    years = {y for text in texts for y in _YEAR.findall(text)}
    if len(years) != 1:
        return None
    return year_period(int(years.pop()))


def _main_region(lines: list[Line]) -> str | None:
    """The region the document names most often (first named wins a tie)."""
    counts: Counter[str] = Counter()
    for line in lines:
        texts = table_text(line.table) if line.table is not None else [line.text]
        for text in texts:
            counts.update(p.name for p in find_regions(text))
    return counts.most_common(1)[0][0] if counts else None


def extract_meta(raw: RawDocument) -> DocumentMeta:
    """Read the document's own metadata from its paragraphs."""
    lines = document_lines(raw)
    head = read_head(lines)
    operative = find_operative(lines)
    issuer = read_issuer(head.letterhead)
    signature = _signature(lines, head, operative)
    region = issuer.region.name if issuer.region else _main_region(lines)
    municipality = issuer.municipality.name if issuer.municipality else None
    level = "municipal" if municipality else ("regional" if region else None)
    after = operative.end if operative else (head.title_end or head.end)
    period = _plan_period(lines, head.title, after)
    meta = DocumentMeta(
        doc_type=head.doc_type,
        authority=issuer.authority,
        region=region,
        municipality=municipality,
        level=level,
        date=head.date.date if head.date else None,
        date_raw=head.date.raw if head.date else None,
        number=head.number,
        title=head.title,
        signatory=signature.name if signature else None,
        signatory_raw=signature.raw if signature else None,
        plan_period=PlanPeriod(start=period.start, end=period.end) if period else None,
        plan_period_raw=period.raw if period else None,
        glossary=extract_glossary(lines),
    )
    meta.references = _references(_preamble(lines, head, operative), operative, meta)
    return meta
