"""Data access for the pages, cached per database URL.

Interim: until the `store` package's public API lands, documents are held in memory per
database URL (`ROADMAP_DB_URL`), seeded with the sample corpus on first use; the pages only
see the functions below, which keep their signatures when the store takes over.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from compare import Comparison, compare
from extractor import extract
from extractor.errors import ExtractionError
from extractor.model import Document
from normalizer.glossary import _builtin_entries
from normalizer.registry import PersonRegistry
from ui.source_text import source_text as read_source_text
from ui.uploads import FileResult, unpack_zip

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEFAULT_DB_URL = f"sqlite:///{ROOT / 'data' / 'roadmap.db'}"


def db_url() -> str:
    """The database the app works on: `ROADMAP_DB_URL`, else the embedded SQLite file."""
    return os.environ.get("ROADMAP_DB_URL") or DEFAULT_DB_URL


def store() -> dict[int, Document]:
    """The store of the current database, seeded with the sample corpus when empty."""
    return _open(db_url())


@st.cache_resource(show_spinner=False)
def _open(url: str) -> dict[int, Document]:
    return {i: _read(p) for i, p in enumerate(sorted(CORPUS.glob("*.docx")), start=1)}


def _read(path: Path) -> Document:
    """The document at `path`, its `source` set to the full path (for the source text)."""
    return extract(path).model_copy(update={"source": str(path)})


def _changed() -> None:
    st.cache_data.clear()


def documents_frame() -> pd.DataFrame:
    """One row per stored document: file, format, status, error, metadata, activity count."""
    return _documents_frame(db_url())


@st.cache_data(show_spinner=False)
def _documents_frame(url: str) -> pd.DataFrame:
    rows = [
        {
            "id": key,
            "file_name": Path(d.source).name,
            "format": d.format,
            "status": "ok",
            "doc_type": d.meta.doc_type,
            "region": d.meta.region,
            "municipality": d.meta.municipality,
            "level": d.meta.level,
            "doc_date": d.meta.date,
            "number": d.meta.number,
            "title": d.meta.title,
            "activity_count": len(d.activities),
            "error": None,
            "location": d.source,
        }
        for key, d in _open(url).items()
    ]
    return pd.DataFrame(rows)


def activities_frame() -> pd.DataFrame:
    """One row per stored activity with its document's region and municipality, the deadline's
    kind and span, persons and organisations as tuples, and a year to filter by."""
    return _activities_frame(db_url())


@st.cache_data(show_spinner=False)
def _activities_frame(url: str) -> pd.DataFrame:
    rows = []
    for key, d in _open(url).items():
        for position, a in enumerate(d.activities):
            intervals = a.when.intervals if a.when else []
            starts = [i.start for i in intervals if i.start]
            ends = [i.end or i.start for i in intervals if i.end or i.start]
            start = min(starts) if starts else None
            rows.append(
                {
                    "id": key * 100_000 + position,
                    "document_id": key,
                    "document": Path(d.source).name,
                    "region": d.meta.region,
                    "municipality": d.meta.municipality,
                    "number": a.number,
                    "section_title": a.section_title,
                    "title": a.title,
                    "deadline_raw": a.deadline_raw,
                    "when_kind": a.when.kind if a.when else None,
                    "when_start": start,
                    "when_end": max(ends) if ends else None,
                    "responsible_raw": a.responsible_raw,
                    "persons": tuple(a.persons),
                    "orgs": tuple(a.orgs),
                    "result_raw": a.result_raw,
                    "year": start.year if start else (d.meta.date.year if d.meta.date else None),
                }
            )
    return pd.DataFrame(rows, columns=_ACTIVITY_FIELDS).astype({"year": "Int64"})


_ACTIVITY_FIELDS = [
    "id", "document_id", "document", "region", "municipality", "number", "section_title", "title",
    "deadline_raw", "when_kind", "when_start", "when_end", "responsible_raw", "persons", "orgs",
    "result_raw", "year",
]  # fmt: skip


def document(key: int) -> Document | None:
    """The stored document `key`, or None."""
    return _open(db_url()).get(key)


def search_ids(query: str) -> list[int]:
    """Ids of the activities whose text contains every word of `query` (case-insensitive)."""
    frame = activities_frame()
    text = frame["title"] + " " + frame["result_raw"].fillna("") + " " + frame["responsible_raw"].fillna("")
    keep = pd.Series(True, index=frame.index)
    for word in query.lower().split():
        keep &= text.str.lower().str.contains(word, regex=False)
    return frame.loc[keep, "id"].tolist()


@st.cache_data(show_spinner=False)
def source_text(location: str) -> str | None:
    """The text read from the stored file at `location` (None when it is gone)."""
    return read_source_text(location)


def persons_frame() -> pd.DataFrame:
    """The person registry: canonical name, every variant seen, how often they are named."""
    return _persons_frame(db_url())


@st.cache_data(show_spinner=False)
def _persons_frame(url: str) -> pd.DataFrame:
    registry = PersonRegistry.from_documents(_open(url).values())
    rows = [
        {"name": p.name, "variants": sorted(p.variants), "mentions": sum(p.variants.values())}
        for p in registry
    ]
    return pd.DataFrame(rows, columns=["name", "variants", "mentions"]).sort_values("name")


def glossary_frame() -> pd.DataFrame:
    """Abbreviations: those the documents define (source: the file), then the built-in list."""
    return _glossary_frame(db_url())


@st.cache_data(show_spinner=False)
def _glossary_frame(url: str) -> pd.DataFrame:
    rows = [
        {"abbreviation": e.abbreviation, "expansion": e.expansion, "source": Path(d.source).name}
        for d in _open(url).values()
        for e in d.meta.glossary
    ]
    rows += [
        {"abbreviation": a, "expansion": x, "source": "встроенный словарь"}
        for a, xs in _builtin_entries().items()
        for x in xs
    ]
    return pd.DataFrame(rows, columns=["abbreviation", "expansion", "source"])


def comparison(template_id: int, plan_id: int) -> Comparison:
    """The stored plan `plan_id` compared with the stored template `template_id`."""
    return _comparison(db_url(), template_id, plan_id)


@st.cache_data(show_spinner=False)
def _comparison(url: str, template_id: int, plan_id: int) -> Comparison:
    documents = _open(url)
    return compare(documents[template_id], documents[plan_id])


def ingest(path: Path) -> list[FileResult]:
    """Store the file at `path` (each document of a zip archive); one result per document."""
    if zipfile.is_zipfile(path) and path.suffix.lower() == ".zip":
        members, results = unpack_zip(path, path.parent / "unpacked")
        for member in members:
            results.extend(ingest(member))
        return results
    documents = _open(db_url())
    seen = {hashlib.sha256(Path(d.source).read_bytes()).hexdigest() for d in documents.values()}
    if hashlib.sha256(path.read_bytes()).hexdigest() in seen:
        return [FileResult(path.name, skipped=True)]
    try:
        document = _read(path)
    except ExtractionError as error:
        return [FileResult(path.name, error=error.reason)]
    documents[max(documents, default=0) + 1] = document
    _changed()
    return [FileResult(path.name, activities=len(document.activities))]
