"""Scans sent as pictures: a corpus order rendered to noisy page images (`tests/scans.py`) and
saved as a multi-page TIFF, a PNG or a phone's JPEG is read by OCR like the scanned PDF; a
broken or oversized picture is refused naming the file, and nothing is left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from extractor import extract
from extractor.errors import CorruptFileError, FileTooLargeError
from extractor.readers import read
from extractor.readers.image import MAX_PIXELS, read_image
from extractor.readers.ocr import OcrLimits, tesseract_ready
from store.sources import misnamed, not_a_document
from tests.conftest import CORPUS, gold_for
from tests.gold import align_activities
from tests.scans import scanned_images

needs_tesseract = pytest.mark.skipif(
    not tesseract_ready() and not os.environ.get("CI"),
    reason="Tesseract с русским языком не установлен (make system-deps ставит его)",
)
SOURCE = CORPUS / "000_e1a1ce5ee80185a8.pdf"
DPI = 200


@pytest.fixture(scope="module")
def pages() -> list[Image.Image]:
    return scanned_images(SOURCE, dpi=DPI)


@pytest.fixture
def no_leftovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of its own, to see that reading leaves nothing in it."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr("tempfile.tempdir", None)
    return scratch


@needs_tesseract
def test_a_multi_page_tiff_is_read_into_the_orders_activities(
    pages: list[Image.Image], tmp_path: Path, no_leftovers: Path
) -> None:
    path = tmp_path / "приказ.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], dpi=(DPI, DPI), compression="tiff_deflate")
    document = extract(path)
    gold = gold_for(SOURCE)
    pairs = align_activities(gold["activities"], [a.model_dump() for a in document.activities])
    assert 2 * len(pairs) / (len(gold["activities"]) + len(document.activities)) >= 0.9
    assert document.format == "image" and document.source == "приказ.tif"
    assert document.ocr is not None and document.ocr.pages_recognized == document.page_count == len(pages)
    for field in ("doc_type", "date", "number"):
        assert str(getattr(document.meta, field)) == str(gold["meta"][field]), field
    assert list(no_leftovers.iterdir()) == []


@needs_tesseract
def test_a_photo_without_a_resolution_is_laid_on_a_sheet_and_read(
    pages: list[Image.Image], tmp_path: Path
) -> None:
    """A phone's JPEG says 72 dpi or nothing: taken as a photo of an A4 sheet, it reads as the scan."""
    path = tmp_path / "IMG_0412.JPG"
    pages[0].convert("RGB").save(path, quality=80)
    document = extract(path)
    gold = gold_for(SOURCE)
    for field in ("doc_type", "date", "number"):
        assert str(getattr(document.meta, field)) == str(gold["meta"][field]), field


@needs_tesseract
def test_frames_past_the_page_limit_are_left_and_the_document_says_so(
    pages: list[Image.Image], tmp_path: Path
) -> None:
    path = tmp_path / "scan.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:3], dpi=(DPI, DPI))
    raw = read_image(path, OcrLimits(max_pages=1))
    assert raw.ocr is not None and (raw.ocr.pages_recognized, raw.ocr.pages_total) == (1, 3)
    assert raw.ocr.note == "распознаны только первые страницы: 1 из 3"


def test_a_truncated_picture_is_refused_as_broken_naming_it(
    pages: list[Image.Image], tmp_path: Path, no_leftovers: Path
) -> None:
    whole = tmp_path / "whole.png"
    pages[0].save(whole)
    broken = tmp_path / "скан приказа.png"
    broken.write_bytes(whole.read_bytes()[:5000])
    with pytest.raises(CorruptFileError, match=r"^скан приказа\.png: изображение повреждено") as caught:
        read(broken)
    assert "\n" not in str(caught.value)
    assert list(no_leftovers.iterdir()) == []


@pytest.mark.parametrize("side", [8_000, 20_000])
def test_a_picture_of_too_many_pixels_is_refused_before_it_is_decoded(tmp_path: Path, side: int) -> None:
    """A few kilobytes that unpack to `side`² pixels: over our limit, or over Pillow's own."""
    assert side * side > MAX_PIXELS
    path = tmp_path / "bomb.png"
    Image.new("1", (side, side), 1).save(path)
    assert path.stat().st_size < 2**20
    with pytest.raises(FileTooLargeError, match=r"^bomb\.png: изображение слишком большое"):
        read(path)


def test_pictures_in_a_folder_or_an_archive_are_taken_as_documents(tmp_path: Path) -> None:
    head = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff\xe0", ".tif": b"II*\x00"}
    for suffix, start in head.items():
        assert not_a_document(f"скан{suffix}", start) is None
        assert not_a_document("скан", start + b"\x00" * 16) is None  # no extension: told by content
        assert misnamed(f"архив.zip!/скан{suffix}", "image") is None
    assert misnamed("скан.pdf", "image") is not None
