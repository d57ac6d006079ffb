"""Document metadata from the preamble: type, authority, region, date, number, title, signatory."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

from extractor.structure.glossary import extract_glossary
from extractor.structure.letterhead import Issuer, read_issuer, strip_region
from extractor.structure.lines import Line, document_lines, join_all, table_text
from extractor.structure.operative import Operative, find_operative
from extractor.structure.preamble import PLAN_TYPES, Head, collect_title, foot_identity, read_head
from extractor.structure.references import find_references
from extractor.structure.risks import find_risks
from extractor.structure.signature import Signature, find_signature
from model import DocumentMeta, PlanPeriod, RawDocument, Reference
from normalizer.dates import Period, find_plan_period, year_period
from normalizer.geo import find_municipality, find_regions, is_federal, nominative

_PLAN_WORDS = re.compile(r"план|дорожн\w*\s+карт|комплекс\w*\s+мер", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
_MAX_HEADING = 500
_SCHOOLS = Path(__file__).parent.parent / "data" / "school_bodies.txt"
# A table of labels and values (a programme's passport) is read as text up to the plan table.
_LABEL_COLUMNS = 2
# "Дорожная карта ... муниципального казённого общеобразовательного учреждения «... школа»":
# a school's own plan names the school in its title.
_TITLE_ORG = re.compile(
    r"(?<![а-яё])(?:муниципальн|государственн|краев|областн|частн|негосударственн|автономн|бюджетн)[а-яё]*"
    r"(?:\s+[а-яё]+){0,3}\s+(?:учреждени[яй]|организаци[ий])\s+«[^»]+»",
    re.IGNORECASE,
)


def _preamble(lines: list[Line], head: Head, operative: Operative | None) -> str:
    """Running text between the title and the operative part (the marker word excluded); with no
    operative part, the text and label/value tables up to the first wider table."""
    start = head.title_end if head.title_end is not None else head.end
    if operative is None:
        parts = []
        for line in lines[start:]:
            if line.table is None:
                parts.append(line.text)
            elif max((len(r.cells) for r in line.table.rows), default=0) <= _LABEL_COLUMNS:
                parts.extend(f"{c}." for c in table_text(line.table))
            else:
                break
        return join_all(parts)
    parts = [x.text for x in lines[start : operative.marker] if x.table is None]
    parts.append(lines[operative.marker].text[: operative.marker_start])
    return join_all(parts)


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
    """The signature block; a plan approved by a stamp is signed by the person under «УТВЕРЖДАЮ»
    (never by the one under «СОГЛАСОВАНО»)."""
    if operative is not None:
        return operative.signature or find_signature(lines, operative.end)
    for block in head.approvals:
        if block.kind == "stamp" and block.signatory is not None:
            person = block.signatory
            return Signature(block.start, block.end, block.authority or "", person.name, person.raw)
    start = head.title_end if head.title_end is not None else head.end
    agreed = {i for b in head.approvals if b.kind == "agreed" for i in range(b.start, b.end)}
    found = find_signature(lines, start) or find_signature(lines[:start])
    return None if found is not None and found.start in agreed else found


@cache
def _school_words() -> re.Pattern[str]:
    lines = _SCHOOLS.read_text(encoding="utf-8").splitlines()
    words = [x.strip() for x in lines if x.strip() and not x.startswith("#")]
    return re.compile(rf"(?<![А-ЯЁа-яё])(?:{'|'.join(map(re.escape, words))})", re.IGNORECASE)


def _school(authority: str) -> bool:
    """A school or kindergarten (data/school_bodies.txt): its documents are municipal."""
    return bool(_school_words().search(authority))


def _federal(authority: str | None, issuer: Issuer, head: Head) -> bool:
    """A federal body's act: its authority is one ("Министерство просвещения Российской Федерации";
    a territorial office naming its region is not), or, with no body named, a letterhead that
    names only the Federation ("РОССИЙСКАЯ ФЕДЕРАЦИЯ" / "ФЕДЕРАЛЬНЫЙ ЗАКОН")."""
    if authority:
        return is_federal(authority) and not find_regions(authority)
    located = issuer.region is not None or issuer.municipality is not None
    return not located and is_federal(" ".join(head.letterhead))


def _authority(issued: str | None, head: Head) -> str | None:
    """The letterhead's body; else the approving act's, the school a plan's title names, the stamp's
    unit (a region closing a municipal body's name goes to `region`)."""
    if issued:
        return issued
    acts = [b.authority for b in head.approvals if b.kind == "act" and b.authority]
    if acts:
        return strip_region(acts[0])[0]
    m = _TITLE_ORG.search(head.title or "") if head.doc_type in PLAN_TYPES else None
    if m:
        name = nominative(m.group())
        return name[:1].upper() + name[1:]
    stamps = [b.authority for b in head.approvals if b.kind == "stamp" and b.authority]
    return strip_region(stamps[0])[0] if stamps else None


def _plan_period(
    lines: list[Line], title: str | None, after: int, line_texts: Callable[[], list[list[str]]]
) -> Period | None:
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
    years = {y for texts in line_texts()[after:] for text in texts for y in _YEAR.findall(text)}
    if len(years) != 1:
        return None
    return year_period(int(years.pop()))


def _main_region(line_texts: list[list[str]]) -> str | None:
    """The region the document names most often (first named wins a tie)."""
    counts: Counter[str] = Counter()
    for texts in line_texts:
        for text in texts:
            counts.update(p.name for p in find_regions(text))
    return counts.most_common(1)[0][0] if counts else None


def extract_meta(raw: RawDocument) -> DocumentMeta:
    """Read the document's own metadata from its paragraphs."""
    lines = document_lines(raw)
    # each line's texts (a table's cleaned cells), read at most once, and only if needed
    line_texts = cache(lambda: [table_text(x.table) if x.table is not None else [x.text] for x in lines])
    head = read_head(lines)
    operative = find_operative(lines)
    issuer = read_issuer(head.letterhead)
    signature = _signature(lines, head, operative)
    authority = _authority(issuer.authority, head)
    region = issuer.region.name if issuer.region else _main_region(line_texts())
    place = issuer.municipality or (find_municipality(authority) if authority else None)
    if place is None and not issuer.authority and head.doc_type in PLAN_TYPES:
        place = find_municipality(head.title or "")
    municipality = place.name if place else None
    level = (
        "municipal"
        if municipality or (authority and _school(authority))
        else ("regional" if region else None)
    )
    if _federal(authority, issuer, head):
        region, municipality, level = None, None, "federal"
    after = operative.end if operative else (head.title_end or head.end)
    period = _plan_period(lines, head.title, after, line_texts)
    date, number = head.date, head.number
    if date is None and number is None and signature is not None:
        date, number = foot_identity(lines, signature.end)
    meta = DocumentMeta(
        doc_type=head.doc_type,
        authority=authority,
        region=region,
        municipality=municipality,
        level=level,
        date=date.date if date else None,
        date_raw=date.raw if date else None,
        number=number,
        title=head.title,
        signatory=signature.name if signature else None,
        signatory_raw=signature.raw if signature else None,
        plan_period=PlanPeriod(start=period.start, end=period.end) if period else None,
        plan_period_raw=period.raw if period else None,
        glossary=extract_glossary(lines),
        risks=find_risks(lines),
    )
    preamble = _preamble(lines, head, operative)
    meta.references = _references(f"{head.reply}. {preamble}" if head.reply else preamble, operative, meta)
    return meta
