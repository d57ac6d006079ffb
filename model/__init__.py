"""The data model every stage stands on.

A room of its own (not inside `extractor`) so that dependencies run one way: `extractor`,
`normalizer`, `compare` and `store` all import it, and it imports none of them.

Readers produce a `RawDocument` (ordered `Paragraph` and `Table` blocks). The structure
stage turns it into a `Document`, whose JSON form is the schema of `corpus/gold/README.md`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text, with its automatic number (if any) already prefixed."""

    text: str
    page: int | None = None


@dataclass
class Row:
    """One table row: cell texts aligned to the table's grid columns."""

    cells: list[str]
    page: int | None = None
    is_header: bool = False


@dataclass
class Table:
    rows: list[Row]
    page: int | None = None

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


Block = Paragraph | Table
Format = Literal["docx", "doc", "rtf", "odt", "pdf", "html", "txt", "xlsx", "xls", "ods", "image"]


class OcrInfo(BaseModel):
    """How the text of a scan was recognised: its values are OCR output and need checking.

    `mean_confidence` is the recogniser's mean word confidence (0-100); `note` says, in
    Russian, why fewer than `pages_total` pages were recognised.
    """

    engine: str
    language: str
    dpi: int
    pages_recognized: int
    pages_total: int
    mean_confidence: float | None = None
    note: str | None = None

    def warning(self) -> str:
        """A Russian sentence for the user: the values come from OCR and need checking."""
        confidence = f", средняя уверенность {self.mean_confidence:.0f}%" if self.mean_confidence else ""
        text = f"текст распознан со скана{confidence}: проверьте значения"
        return f"{text}; {self.note}" if self.note else text


@dataclass
class RawDocument:
    """What a reader saw: blocks in reading order, before any interpretation; `ocr` is set
    where the text was recognised from page images."""

    path: Path
    format: Format
    blocks: list[Block] = field(default_factory=list)
    page_count: int | None = None
    ocr: OcrInfo | None = None

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def char_count(self) -> int:
        total = 0
        for block in self.blocks:
            if isinstance(block, Paragraph):
                total += len(block.text)
            else:
                total += sum(len(c) for r in block.rows for c in r.cells)
        return total


class Interval(BaseModel):
    start: dt.date | None = None
    end: dt.date | None = None


WhenKind = Literal[
    "date", "deadline", "period", "recurring", "continuous", "as_needed", "by_schedule", "unspecified"
]


class When(BaseModel):
    kind: WhenKind
    intervals: list[Interval] = Field(default_factory=list)
    recurrence: str | None = None


class PersonMention(BaseModel):
    """A person named in a text: canonical "Фамилия И.О.", the words as printed and the
    position printed after the name ("начальник Управления образования"), if any."""

    name: str
    raw: str
    position: str | None = None


class OrgMention(BaseModel):
    """An organisation, unit or collective role named as responsible: the name as written
    (nominative), the words as printed, the glossary expansions of its abbreviations and the
    school numbers it lists ("МОУ №№ 2, 7, 14" -> ["2", "7", "14"])."""

    name: str
    raw: str
    expansions: dict[str, list[str]] = Field(default_factory=dict)
    school_numbers: list[str] = Field(default_factory=list)


class GlossaryEntry(BaseModel):
    """An abbreviation the document defines ("КОПО – комитет общего и профессионального
    образования ...", "... (далее – МЦОКО)"), with the text it was read from."""

    abbreviation: str
    expansion: str
    raw: str


class TopicMark(BaseModel):
    """A topic of the taxonomy (`normalizer/data/topics.tsv`) an activity is about: its code and
    the words of the activity, as printed, that put it there."""

    code: str
    words: list[str] = Field(default_factory=list)


class RiskDirection(BaseModel):
    """A risk direction (рисковый профиль) a document names: its number if printed, its title,
    the official profile of project «500+» it is (a code of `normalizer/data/risk_profiles.tsv`),
    if recognised, the text it was read from and where: a list («Рисковые направления: 1) …»),
    the document's title (a plan for that one risk), a section heading («Риск 1. …») or a plan
    column («Рисковый профиль» beside each activity)."""

    number: str | None = None
    title: str
    profile: str | None = None
    raw: str
    source: Literal["list", "title", "heading", "column"] = "list"


class Activity(BaseModel):
    """One row of a plan table, raw cell texts kept as printed (folded whitespace); `topics` are
    filled by the normalizer, `risk` is the title of the risk direction (of `meta.risks`) whose
    section the activity sits under."""

    number: str | None = None
    section: str | None = None
    section_title: str | None = None
    title: str
    deadline_raw: str | None = None
    when: When | None = None
    responsible_raw: str | None = None
    persons: list[str] = Field(default_factory=list)
    orgs: list[str] = Field(default_factory=list)
    person_mentions: list[PersonMention] = Field(default_factory=list)
    org_mentions: list[OrgMention] = Field(default_factory=list)
    result_raw: str | None = None
    status_raw: str | None = None
    page: int | None = None
    topics: list[TopicMark] = Field(default_factory=list)
    risk: str | None = None


class PlanPeriod(BaseModel):
    start: dt.date
    end: dt.date


class Reference(BaseModel):
    """Another act the document cites."""

    authority: str | None = None
    doc_type: str | None = None
    date: dt.date | None = None
    number: str | None = None
    raw: str | None = None


class DocumentMeta(BaseModel):
    doc_type: str | None = None
    authority: str | None = None
    region: str | None = None
    municipality: str | None = None
    level: Literal["municipal", "regional", "federal"] | None = None
    date: dt.date | None = None
    date_raw: str | None = None
    number: str | None = None
    title: str | None = None
    signatory: str | None = None
    signatory_raw: str | None = None
    plan_period: PlanPeriod | None = None
    plan_period_raw: str | None = None
    glossary: list[GlossaryEntry] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    risks: list[RiskDirection] = Field(default_factory=list)


class Directive(BaseModel):
    """A numbered point of the order's operative part (after "ПРИКАЗЫВАЮ:")."""

    number: str
    text: str
    persons: list[str] = Field(default_factory=list)
    orgs: list[str] = Field(default_factory=list)
    person_mentions: list[PersonMention] = Field(default_factory=list)
    org_mentions: list[OrgMention] = Field(default_factory=list)


class Document(BaseModel):
    doc_id: str
    source: str
    format: Format
    page_count: int | None = None
    ocr: OcrInfo | None = None
    meta: DocumentMeta = Field(default_factory=DocumentMeta)
    activities: list[Activity] = Field(default_factory=list)
    directives: list[Directive] = Field(default_factory=list)
