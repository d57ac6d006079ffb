"""Tables of real files from other projects' test suites (`../shared/wild/files`, read in place,
skipped when absent): what is not a Russian plan of activities gives no activity.

Run with `-s` to see the count of activities per file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from extractor.errors import ExtractionError
from extractor.readers import read
from extractor.structure.activities import extract_activities
from model import Activity

ROOT = Path(__file__).resolve().parent.parent
_CANDIDATES = [os.environ.get("ROADMAP_WILD_DIR", ""), ROOT.parent / "shared", ROOT.parent.parent / "shared"]
WILD = next((Path(c, "wild", "files") for c in _CANDIDATES if c and Path(c, "wild", "files").is_dir()), None)
pytestmark = pytest.mark.skipif(WILD is None, reason="../shared/wild/files is absent")

NOT_PLANS = {
    # A Californian WARN report: company, notice date, layoffs (454 "activities" once).
    "jsvine+pdfplumber/examples/pdfs/ca-warn-report.pdf",
    # A list of US schools with addresses and dates.
    "camelot-dev+camelot/tests/files/tabula/schools.pdf",
    # A Chinese stock-exchange disclosure index.
    "jsvine+pdfplumber/tests/pdfs/issue-67-example.pdf",
    # Spanish list of campaign donors with dates.
    "camelot-dev+camelot/tests/files/tabula/campaign_donors.pdf",
    # German version table with due dates («Fällig von»).
    "camelot-dev+camelot/tests/files/issue_288.pdf",
    # A Russian technical assignment: the server specification whose «срок» was «CentOS Linux release».
    "ispras+dedoc/tests/data/tz/tz-10ea-2020.docx",
    # A Russian technical assignment: service descriptions, indicator tables and their measurement periods.
    "ispras+dedoc/docs/source/_static/structure_examples/tz.docx",
    # An indicator table whose header row is a measurement periodicity («ежедневно | ежемесячно …»).
    "ispras+dedoc/tests/data/annotation_docx/table_refs.docx",
    # A Russian goods specification of a supply contract.
    "ispras+dedoc/tests/data/docx/13_moloko_1_polug.docx",
    # Review comments (number, «Обнаружено: <date>») in a Russian document.
    "ispras+dedoc/tests/data/docx/with_comments.docx",
}
_CYRILLIC, _LATIN = re.compile(r"[а-яё]", re.I), re.compile(r"[a-z]", re.I)


def _activities(path: Path) -> list[Activity]:
    try:
        return extract_activities(read(path))
    except ExtractionError:
        return []


def _swept() -> list[Path]:
    if WILD is None:
        return []
    named = {WILD / name for name in NOT_PLANS}
    office = {p for p in WILD.rglob("*") if p.is_file() and p.suffix.lower() in (".docx", ".txt")}
    return sorted(named | office)


def test_no_activities_from_tables_that_are_no_russian_plan() -> None:
    counts: dict[str, list[Activity]] = {}
    for path in _swept():
        if activities := _activities(path):
            counts[str(path.relative_to(WILD))] = activities
    for name, activities in sorted(counts.items(), key=lambda item: -len(item[1])):
        print(f"{len(activities):5d}  {name}")
    print(f"{sum(map(len, counts.values())):5d}  activities from {len(counts)} of {len(_swept())} files")
    assert not NOT_PLANS & counts.keys()
    for name, activities in counts.items():
        for activity in activities:
            title = activity.title
            assert len(_CYRILLIC.findall(title)) >= 2 * len(_LATIN.findall(title)), (name, title)
            assert activity.deadline_raw or activity.responsible_raw, (name, title)
