"""Scanned PDFs: corpus pages rendered to noisy, slightly turned images (`tests/scans.py`)
are read back by OCR into the same activities, meta and directives as the text PDFs."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractor import extract
from extractor.errors import ScannedDocumentError
from extractor.readers import ocr
from extractor.readers.ocr import OcrLimits, recognize_pdf, tesseract_ready, tesseract_tsv
from extractor.readers.ocr_cells import NUMBER_CHARACTERS, is_speck, reread_doubtful, reread_numbers
from extractor.readers.ocr_image import erase_rules, find_rules, straighten
from extractor.readers.pdf import read_pdf
from extractor.readers.pdf_layout import Word
from extractor.readers.text_layer import unreadable
from store import open_store
from store.users import Accounts
from tests.accounts import PASSWORD, open_app
from tests.conftest import CORPUS, gold_for
from tests.gold import align_activities, normalized
from tests.scans import blank_pdf, scan_pdf, under_undecodable_text, with_scanned_pages
from ui import data

needs_tesseract = pytest.mark.skipif(
    not tesseract_ready() and not os.environ.get("CI"),
    reason="Tesseract с русским языком не установлен (make system-deps ставит его)",
)
SCANNED = "000_e1a1ce5ee80185a8"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scan_pdf(CORPUS / f"{SCANNED}.pdf", tmp_path_factory.mktemp("scans") / f"{SCANNED}.pdf")


@needs_tesseract
def test_scan_is_read_into_activities_marked_as_ocr(
    scanned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    document = extract(scanned)
    gold = gold_for(scanned)
    pred = [a.model_dump() for a in document.activities]
    pairs = align_activities(gold["activities"], pred)
    assert 2 * len(pairs) / (len(gold["activities"]) + len(pred)) >= 0.9
    assert sum(normalized(g["number"]) == normalized(p["number"]) for g, p in pairs) >= 0.95 * len(pairs)
    assert document.ocr is not None
    assert document.ocr.pages_recognized == document.ocr.pages_total == document.page_count
    assert document.ocr.note is None
    assert document.ocr.mean_confidence is not None and document.ocr.mean_confidence > 50
    for field in ("doc_type", "date", "number", "signatory"):
        assert str(getattr(document.meta, field)) == str(gold["meta"][field]), field
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@needs_tesseract
def test_scanned_order_keeps_its_directives_and_plan(tmp_path: Path) -> None:
    source = CORPUS / "004_e8412f1b24202b45.pdf"
    document = extract(scan_pdf(source, tmp_path / source.name, seed=4))
    gold = gold_for(source)
    pairs = align_activities(gold["activities"], [a.model_dump() for a in document.activities])
    assert 2 * len(pairs) / (len(gold["activities"]) + len(document.activities)) >= 0.9
    for field in ("title", "deadline_raw", "responsible_raw"):
        exact = sum(normalized(g[field]) == normalized(p[field]) for g, p in pairs) / len(pairs)
        assert exact >= 0.75, field
    directives = align_activities(
        [{"title": d["text"]} for d in gold["directives"]], [{"title": d.text} for d in document.directives]
    )
    assert len(directives) >= 0.8 * len(gold["directives"])
    for field in ("doc_type", "date", "number"):
        assert str(getattr(document.meta, field)) == str(gold["meta"][field]), field


@needs_tesseract
def test_blank_scan_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = blank_pdf(tmp_path / "blank.pdf", pages=2)
    reason = r"blank\.pdf: скан: на 2 стр\. не распознано ни одного слова"
    with pytest.raises(ScannedDocumentError, match=reason):
        read_pdf(path)


def test_without_tesseract_a_scan_still_asks_for_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = blank_pdf(tmp_path / "scan.pdf")
    monkeypatch.setenv("PATH", str(tmp_path))
    ocr._languages.cache_clear()
    try:
        with pytest.raises(ScannedDocumentError, match=r"scan\.pdf: .*нужно распознавание текста"):
            extract(path)
    finally:
        ocr._languages.cache_clear()


def test_ruling_lines_are_found_on_a_turned_page() -> None:
    dpi = 100
    image = Image.new("L", (800, 1100), 255)
    draw = ImageDraw.Draw(image)
    for y in (200, 300, 450):
        draw.line((100, y, 700, y), fill=0, width=2)
    for x in (100, 250, 700):
        draw.line((x, 200, x, 450), fill=0, width=2)
    draw.text((120, 230), "text that is no line", fill=0)
    straight, angle = straighten(image.rotate(-0.8, fillcolor=255))
    assert angle == pytest.approx(0.8, abs=0.15)
    rules = find_rules(np.asarray(straight), dpi)
    rows = sorted((r.top + r.bottom) / 2 for r in rules if not r.vertical)
    columns = sorted((r.x0 + r.x1) / 2 for r in rules if r.vertical)
    assert rows == pytest.approx([200, 300, 450], abs=3)
    assert columns == pytest.approx([100, 250, 700], abs=3)


@needs_tesseract
def test_a_long_scan_is_read_up_to_the_page_limit_and_says_so(scanned: Path) -> None:
    pages, info = recognize_pdf(scanned, OcrLimits(max_pages=1, dpi=150))
    assert [page.index for page in pages] == [0]
    assert (info.pages_recognized, info.pages_total) == (1, 4)
    assert info.note == "распознаны только первые страницы: 1 из 4"


@needs_tesseract
def test_a_page_past_the_time_limit_fails_with_the_reason(scanned: Path) -> None:
    reason = r"\.pdf: скан: распознавание первой страницы не уложилось"
    with pytest.raises(ScannedDocumentError, match=reason):
        recognize_pdf(scanned, OcrLimits(page_seconds=0.001))


@needs_tesseract
def test_a_stored_scan_tells_the_user_to_check_its_values(tmp_path: Path) -> None:
    scan = scan_pdf(CORPUS / f"{SCANNED}.pdf", tmp_path / "скан.pdf", pages=1)
    with open_store(f"sqlite:///{tmp_path / 'ocr.db'}") as store:
        result = store.ingest(scan)
        assert result.status == "ok", result.reason
        stored = store.document(result.document_id).as_document()
    assert stored.ocr is not None and stored.ocr.pages_recognized == 1
    assert result.note is not None
    assert result.note.startswith("текст распознан со скана, средняя уверенность")
    assert result.note.endswith("проверьте значения")


@needs_tesseract
def test_document_page_warns_that_a_scan_was_recognised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROADMAP_DB_URL", f"sqlite:///{tmp_path / 'app.db'}")
    monkeypatch.setenv("ROADMAP_UPLOAD_DIR", str(tmp_path / "uploads"))
    scan = scan_pdf(CORPUS / f"{SCANNED}.pdf", tmp_path / "скан.pdf", pages=1)
    document_id = data.store().ingest(scan).document_id
    Accounts(data.store()).add("analyst", PASSWORD, "analyst")
    app = open_app("analyst", "documents")
    app.selectbox(key="document_id").set_value(document_id).run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("текст распознан со скана" in w.value for w in app.warning)


def activity_f1(gold: list[dict], pred: list[dict]) -> float:
    return 2 * len(align_activities(gold, pred)) / (len(gold) + len(pred)) if gold or pred else 1.0


@needs_tesseract
def test_page_without_a_text_layer_among_printed_pages_is_recognised(tmp_path: Path) -> None:
    source = CORPUS / f"{SCANNED}.pdf"
    mixed = with_scanned_pages(source, tmp_path / "mixed.pdf", {1})
    document = extract(mixed)
    assert document.ocr is not None
    assert (document.ocr.pages_recognized, document.ocr.pages_total, document.page_count) == (1, 4, 4)
    pages = {a.page for a in document.activities}
    assert 2 in pages
    assert activity_f1(gold_for(source)["activities"], [a.model_dump() for a in document.activities]) >= 0.9


@needs_tesseract
def test_text_layer_of_glyph_ids_is_read_by_ocr_as_a_scan(tmp_path: Path) -> None:
    source = CORPUS / f"{SCANNED}.pdf"
    garbled = under_undecodable_text(source, tmp_path / "garbled.pdf", pages=1)
    document = extract(garbled)
    assert document.ocr is not None and document.ocr.pages_recognized == 1
    assert not any("cid:" in a.title for a in document.activities)
    gold = gold_for(source)
    for field in ("doc_type", "date", "number"):
        assert str(getattr(document.meta, field)) == str(gold["meta"][field]), field


@pytest.mark.parametrize(
    ("text", "garbage"),
    [
        ("(cid:3)(cid:17)(cid:20) (cid:21)(cid:19)" * 20, True),
        (
            "ML<?J@>?GU ijbdZahf(cid:3)NKLWD(cid:3)Jhkkbb hl(cid:3)(cid:20)(cid:20)(cid:3)n_\\jZey(cid:3)"
            * 5,
            True,
        ),
        ("\ue001\ue002\ue003 \ue004\ufffd\ufffd \ue010" * 10, True),
        ("ПРИКАЗ от 20.07.2023 № 57 Об утверждении плана мероприятий («дорожной карты»)", False),
        ("Key Information Document (KID) PURPOSE This document provides you", False),
        ("BlackRedArial", False),
        ("Таблица (cid:3) с одним знаком без карты шрифта и обычным текстом вокруг него", False),
        ("", False),
    ],
)
def test_text_layer_is_garbage_when_mostly_undecoded(text: str, garbage: bool) -> None:
    assert unreadable(text) is garbage


@pytest.mark.parametrize(
    "quarter_turns", [1, pytest.param(2, marks=pytest.mark.slow), pytest.param(3, marks=pytest.mark.slow)]
)
@needs_tesseract
def test_scan_fed_on_its_side_or_upside_down_is_turned_upright(tmp_path: Path, quarter_turns: int) -> None:
    source = CORPUS / f"{SCANNED}.pdf"
    turned = extract(scan_pdf(source, tmp_path / "turned.pdf", pages=1, quarter_turns=quarter_turns))
    upright = extract(scan_pdf(source, tmp_path / "upright.pdf", pages=1))
    assert upright.directives
    points = [{"title": d.text} for d in upright.directives]
    assert activity_f1(points, [{"title": d.text} for d in turned.directives]) >= 0.9
    gold = gold_for(source)
    for field in ("doc_type", "date", "number"):
        assert str(getattr(turned.meta, field)) == str(gold["meta"][field]), field


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


@needs_tesseract
@pytest.mark.skipif(not FONT.exists(), reason="DejaVu fonts are not installed")
def test_short_number_cells_are_read_again_with_digits_only() -> None:
    dpi, scale = 300, 300 / 72
    numbers = ["1.", "1.1.", "2.2.", "3.1.", "11.", "12.3.", "4)"]
    image = Image.new("L", (1800, 120 + 110 * len(numbers)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 36)
    rows = [60 + 110 * i for i in range(len(numbers) + 1)]
    for y in rows:
        draw.line((100, y, 1700, y), fill=0, width=3)
    for x in (100, 260, 1700):
        draw.line((x, rows[0], x, rows[-1]), fill=0, width=3)
    for number, y in zip(numbers, rows, strict=False):
        draw.text((115, y + 25), number, fill=0, font=font)
        draw.text((280, y + 25), "Провести совещание с руководителями", fill=0, font=font)
    noisy = np.asarray(image, dtype=np.float32) + np.random.default_rng(0).normal(
        0, 12, (image.height, image.width)
    )
    pixels = np.clip(noisy, 0, 255).astype(np.uint8)
    rules = find_rules(pixels, dpi)
    clean = erase_rules(pixels, rules, dpi)
    misread = [Word("22.", 115 / scale, 190 / scale, rows[2] / scale + 6, rows[2] / scale + 16)]
    title = Word("Провести", 280 / scale, 480 / scale, rows[2] / scale + 6, rows[2] / scale + 16)

    def read(strip: np.ndarray) -> str:
        return tesseract_tsv(strip, dpi, 30.0, psm=6, characters=NUMBER_CHARACTERS)

    words, confidences = reread_numbers(clean, rules, [*misread, title], [40.0, 90.0], scale, dpi, read)
    assert len(words) == len(confidences)
    assert "Провести" in [w.text for w in words]
    found = sorted((w.top, w.text) for w in words if w.text != "Провести")
    assert [text for _, text in found] == numbers


def test_short_border_is_a_rule_and_a_letter_stem_in_a_tight_row_is_not() -> None:
    dpi = 300
    image = Image.new("L", (1500, 700), 255)
    draw = ImageDraw.Draw(image)
    for y in (100, 400, 452):
        draw.line((100, y, 1400, y), fill=0, width=3)
    for x in (100, 1400):
        draw.line((x, 100, x, 452), fill=0, width=3)
    draw.line((700, 400, 700, 452), fill=0, width=3)  # a border of a low row, meeting both rules
    draw.line((300, 411, 300, 447), fill=0, width=4)  # a letter's stem, stopping short of the top
    rules = find_rules(np.asarray(image), dpi)
    columns = sorted(round((r.x0 + r.x1) / 2) for r in rules if r.vertical)
    assert columns == pytest.approx([100, 700, 1400], abs=3)


@needs_tesseract
@pytest.mark.skipif(not FONT.exists(), reason="DejaVu fonts are not installed")
def test_cell_read_with_little_confidence_is_read_again_on_its_own() -> None:
    dpi, scale = 300, 300 / 72
    image = Image.new("L", (1600, 500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    for y in (100, 260):
        draw.line((100, y, 1500, y), fill=0, width=3)
    for x in (100, 700, 1500):
        draw.line((x, 100, x, 260), fill=0, width=3)
    draw.text((130, 110), "Дата", fill=0, font=font)
    draw.text((130, 170), "проведения", fill=0, font=font)
    draw.text((730, 150), "Ответственные", fill=0, font=font)
    pixels = np.asarray(image)
    rules = find_rules(pixels, dpi)
    clean = erase_rules(pixels, rules, dpi)

    def box(text: str, x0: int, x1: int, top: int, bottom: int) -> Word:
        return Word(text, x0 / scale, x1 / scale, top / scale, bottom / scale)

    words = [
        box("ар", 150, 220, 112, 160),
        box("проведения", 130, 400, 170, 220),
        box("Ответственные", 730, 1080, 150, 200),
    ]

    def read(strip: np.ndarray) -> str:
        return tesseract_tsv(strip, dpi, 30.0, psm=6)

    found, confidences = reread_doubtful(clean, rules, words, [20.0, 90.0, 95.0], scale, dpi, read)
    assert len(found) == len(confidences)
    texts = sorted((w.top, w.text) for w in found if w.x1 * scale < 700)
    assert [text for _, text in texts] == ["Дата", "проведения"]
    assert all(100 / scale < w.top < w.bottom < 260 / scale for w in found)
    assert "Ответственные" in [w.text for w in found]


@pytest.mark.parametrize(
    ("text", "speck"),
    [
        ("`", True),
        ("_", True),
        ("|", True),
        ("~'", True),
        ("—", False),
        ("-", False),
        ("№", False),
        ("Л.А.,", False),
        ("1.", False),
    ],
)
def test_a_lone_stray_mark_is_a_speck(text: str, speck: bool) -> None:
    assert is_speck(text) is speck
