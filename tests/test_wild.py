"""Files from other projects' test suites (`../shared/wild/files`, skipped where absent): every
one is read or refused on one line with a typed reason, none crashes or hangs, and the valid
Office and PDF files that were once refused or came back empty are read."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from benchmarks.wild import WILD, Worker

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WILD.is_dir(), reason="../shared/wild/files is not here"),
]
ONCE_REFUSED = {
    "docling-project+docling/tests/data/docx/sources/Strict.docx": "Strict Open XML",
    "ispras+dedoc/tests/data/docx/size1.docx": "Strict Open XML",
    "ispras+dedoc/tests/data/annotation_docx/spacing_microsoft_word.docx": "main part word/document2.xml",
    "jsvine+pdfplumber/tests/pdfs/issue-848.pdf": "a banner before %PDF-",
    "docling-project+docling/tests/data/ocr/sources/ocr_test_rotated_90.pdf": "a scan on its side",
    "docling-project+docling/tests/data/ocr/sources/ocr_test_rotated_270.pdf": "a scan on its side",
    "ispras+dedoc/tests/data/laws/fstek17.pdf": "a text layer of glyph ids",
}


@pytest.fixture(scope="module")
def outcomes() -> dict[str, tuple[str, str, str]]:
    worker = Worker()
    try:
        return {
            str(path.relative_to(WILD)): worker.run(path, 300.0)
            for path in sorted(p for p in WILD.rglob("*") if p.is_file())
        }
    finally:
        worker.close()


def test_nothing_crashes_or_hangs_and_every_refusal_is_one_line(outcomes) -> None:
    kinds = Counter(kind for kind, _, _ in outcomes.values())
    print(dict(kinds))
    bad = {name: o for name, o in outcomes.items() if o[0] in ("crashed", "hung")}
    assert not bad
    refusals = [message for kind, _, message in outcomes.values() if kind == "refused"]
    assert all("\n" not in message and ": " in message for message in refusals)


@pytest.mark.parametrize("name", sorted(ONCE_REFUSED))
def test_valid_file_once_refused_is_read(outcomes, name: str) -> None:
    kind, _, message = outcomes[name]
    assert kind == "read", f"{ONCE_REFUSED[name]}: {message}"


def test_broken_font_map_gives_russian_words(outcomes) -> None:
    kind, _, message = outcomes["ispras+dedoc/tests/data/laws/fstek17.pdf"]
    russian = int(re.search(r"\((\d+) Russian\)", message).group(1))
    assert kind == "read" and russian > 100, message
