"""Real Russian orders, decrees and resolutions from other projects' test data (every .txt of
../shared/wild whose top carries an act's heading word), read in place and skipped where
../shared/wild is absent. The checks are properties of the genre, not answers
for single files: an act with an operative marker has points, no point swallows the signature,
a federal body's act has level "federal" and no region. The counts are printed (-s)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractor import extract
from model import Document
from normalizer.geo import is_federal

WILD = Path(__file__).resolve().parents[2] / "shared" / "wild" / "files"
if not WILD.is_dir():
    WILD = Path("/work/shared/wild/files")
# An act's heading word in capitals near the top, told from the raw text, not by the extractor.
_HEADING = re.compile(r"^\s*(?:ПРИКАЗ|ПОСТАНОВЛЕНИЕ|РАСПОРЯЖЕНИЕ|УКАЗ)\s*$", re.MULTILINE)
_MARKER = re.compile(r"(?:приказываю|постановляю|постановляет)\s*:", re.IGNORECASE)
_HEAD_CHARS = 1500


def _acts() -> list[Path]:
    if not WILD.is_dir():
        return []
    files = sorted(p for p in WILD.rglob("*.txt") if p.is_file())
    heads = {p: p.read_text(encoding="utf-8", errors="replace")[:_HEAD_CHARS] for p in files}
    return [p for p in files if _HEADING.search(heads[p])]


@pytest.fixture(scope="module")
def acts() -> dict[Path, Document]:
    files = _acts()
    if not files:
        pytest.skip("no wild acts (../shared/wild is absent)")
    return {p: extract(p) for p in files}


def test_acts_with_an_operative_marker_have_points(acts: dict[Path, Document]) -> None:
    marked = [p for p in acts if _MARKER.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert marked
    assert [p.name for p in marked if not acts[p].directives] == []


def test_no_point_holds_the_signature(acts: dict[Path, Document]) -> None:
    glued = [
        (p.name, d.number)
        for p, document in acts.items()
        if document.meta.signatory_raw
        for d in document.directives
        if document.meta.signatory_raw.split()[-1] in d.text
    ]
    assert glued == []


def test_federal_acts_are_federal_with_no_region(acts: dict[Path, Document]) -> None:
    federal = [doc.meta for doc in acts.values() if doc.meta.authority and is_federal(doc.meta.authority)]
    assert federal
    assert [(m.authority, m.level, m.region) for m in federal if m.level != "federal" or m.region] == []


def test_counts(acts: dict[Path, Document]) -> None:
    """Printed, not asserted beyond a floor: how many acts get a signatory, an authority, a type."""
    n = len(acts)
    signed = sum(bool(d.meta.signatory) for d in acts.values())
    issued = sum(bool(d.meta.authority) for d in acts.values())
    typed = sum(bool(d.meta.doc_type) for d in acts.values())
    print(f"\nwild acts: {n}; signatory {signed}/{n}, authority {issued}/{n}, doc_type {typed}/{n}")
    assert typed == n
