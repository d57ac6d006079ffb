"""Files from other projects' test suites (`../shared/wild/files`, skipped where absent): every
one is read or refused on one line with a typed reason, none crashes or hangs, and the valid
Office and PDF files that were once refused or came back empty are read."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.wild import WILD, WildOutcome, wild_outcomes

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WILD.is_dir(), reason="../shared/wild/files is not here"),
]
SPREADSHEET = "a spreadsheet (needs LibreOffice Calc for .xls and .ods)"
ONCE_REFUSED = {
    "docling-project+docling/tests/data/docx/sources/Strict.docx": "Strict Open XML",
    "ispras+dedoc/tests/data/docx/size1.docx": "Strict Open XML",
    "ispras+dedoc/tests/data/annotation_docx/spacing_microsoft_word.docx": "main part word/document2.xml",
    "jsvine+pdfplumber/tests/pdfs/issue-848.pdf": "a banner before %PDF-",
    "docling-project+docling/tests/data/ocr/sources/ocr_test_rotated_90.pdf": "a scan on its side",
    "docling-project+docling/tests/data/ocr/sources/ocr_test_rotated_270.pdf": "a scan on its side",
    "ispras+dedoc/tests/data/laws/fstek17.pdf": "a text layer of glyph ids",
    "ispras+dedoc/tests/data/laws/prikaz_2.html": "a web page",
    "ispras+dedoc/tests/data/xlsx/example.ods": SPREADSHEET,
    "ispras+dedoc/tests/data/xlsx/example.xls": SPREADSHEET,
    "ispras+dedoc/tests/data/xlsx/example.xlsx": SPREADSHEET,
    "ispras+dedoc/tests/data/xlsx/example_formulas.ods": SPREADSHEET,
    "ispras+dedoc/tests/data/xlsx/example_formulas.xls": SPREADSHEET,
    "ispras+dedoc/tests/data/xlsx/example_formulas.xlsx": SPREADSHEET,
    "ispras+dedoc/tests/data/xlsx/example_with_images.xls": SPREADSHEET,
    "ispras+dedoc/tests/data/xlsx/example_with_images.xlsx": SPREADSHEET,
}


@pytest.fixture(scope="module")
def outcomes() -> dict[str, WildOutcome]:
    return wild_outcomes()


def test_nothing_crashes_or_hangs_and_every_refusal_is_one_line(outcomes) -> None:
    kinds = Counter(o.kind for o in outcomes.values())
    print(dict(kinds))
    bad = {name: o for name, o in outcomes.items() if o.kind in ("crashed", "hung", "memory")}
    assert not bad
    refusals = [o.message for o in outcomes.values() if o.kind == "refused"]
    assert all("\n" not in message and ": " in message for message in refusals)


@pytest.mark.parametrize("name", sorted(ONCE_REFUSED))
def test_valid_file_once_refused_is_read(outcomes, name: str) -> None:
    found = outcomes[name]
    assert found.kind == "read", f"{ONCE_REFUSED[name]}: {found.message}"


def test_spreadsheets_that_are_no_plans_give_no_activities(outcomes) -> None:
    tables = [name for name, why in ONCE_REFUSED.items() if why == SPREADSHEET]
    assert tables and all(outcomes[name].message.endswith(" 0 activities") for name in tables)


def test_broken_font_map_gives_russian_words(outcomes) -> None:
    found = outcomes["ispras+dedoc/tests/data/laws/fstek17.pdf"]
    russian = int(re.search(r"\((\d+) Russian\)", found.message).group(1))
    assert found.kind == "read" and russian > 100, found.message
