"""A 200-page plan is read whole, with memory bounded by the output, not by the page count."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from extractor import extract
from tests.synthetic import ROWS_PER_PAGE, build_long_plan

PAGES = 200
PEAK_LIMIT_MB = 150


@pytest.fixture(scope="module")
def long_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    docx_path, pdf_path = build_long_plan(tmp_path_factory.mktemp("long"), PAGES)
    assert pdf_path is not None
    return docx_path, pdf_path


def _extract_measuring_peak(path: Path):
    tracemalloc.start()
    try:
        document = extract(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return document, peak / 2**20


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_two_hundred_pages_every_row_read_in_bounded_memory(long_plan, fmt: str) -> None:
    path = long_plan[0] if fmt == "docx" else long_plan[1]
    document, peak_mb = _extract_measuring_peak(path)
    rows = round(PAGES * ROWS_PER_PAGE)
    assert [a.number for a in document.activities] == [str(n) for n in range(1, rows + 1)]
    if fmt == "pdf":
        assert document.page_count >= PAGES * 0.8
    assert peak_mb < PEAK_LIMIT_MB, f"{path.name}: peak {peak_mb:.0f} MB"
