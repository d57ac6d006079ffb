"""Text of scanned PDF pages, recognised by Tesseract: positioned words and ruling lines.

Each page is rendered with PDFium, straightened, its ruling lines found and erased
(`ocr_image`), and the clean bitmap piped to the `tesseract` program, whose TSV output
gives every word with its box. Words and lines come back in PDF points, the units the PDF
reader's layout and table logic work in, so a scan goes through the same assembly as a
PDF with a text layer.

The program is run on standard input and output (no temporary files) with a time limit
per page, and the document has a page limit and a time budget: a 300-page scan is read up
to the limit and the result says so (`OcrInfo.note`).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from extractor.errors import ScannedDocumentError
from extractor.readers.ocr_cells import NUMBER_CHARACTERS, is_speck, reread_doubtful, reread_numbers
from extractor.readers.ocr_image import Rule, erase_rules, find_rules, straighten
from extractor.readers.pdf_layout import Word
from model import OcrInfo

LANGUAGE = "rus"
NO_OCR_REASON = "документ без текстового слоя (скан): нужно распознавание текста"
_MAX_PIXELS = 40_000_000
_MIN_CONFIDENCE = 10.0
_WELL_READ_WORDS = 20
_WELL_READ_CONFIDENCE = 60.0
_OSD_DPI = 150
_OSD_MIN_CONFIDENCE = 1.0


@dataclass(frozen=True)
class OcrLimits:
    """How much of a scan is recognised: pages, seconds per page and for the whole file."""

    max_pages: int = 30
    page_seconds: float = 60.0
    total_seconds: float = 300.0
    dpi: int = 300


@dataclass
class RecognizedPage:
    """One recognised page: its index, words and ruling lines in points (pdfplumber's edges)."""

    index: int
    words: list[Word]
    rules: list[dict] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    width: float | None = None
    height: float | None = None


def tesseract_ready() -> bool:
    """True where the `tesseract` program and its Russian model are installed."""
    return _languages() is not None and LANGUAGE in _languages()


def recognize_pdf(
    path: Path, limits: OcrLimits | None = None, pages: list[int] | None = None
) -> tuple[list[RecognizedPage], OcrInfo]:
    """Recognise the pages of the scanned PDF at `path` (those of the indices `pages`, by
    default all), within `limits`.

    Raises `ScannedDocumentError` (the reason naming what is missing) where Tesseract is not
    installed or where not even the first page could be recognised in time.
    """
    limits = limits or OcrLimits()
    if not tesseract_ready():
        raise ScannedDocumentError(path, f"{NO_OCR_REASON} (Tesseract с русским языком не установлен)")
    deadline = time.monotonic() + limits.total_seconds
    document = pdfium.PdfDocument(path)
    try:
        total = len(document)
        wanted = list(range(total)) if pages is None else pages
        recognized: list[RecognizedPage] = []
        note = None
        for done, index in enumerate(wanted[: limits.max_pages]):
            seconds = min(limits.page_seconds, deadline - time.monotonic())
            try:
                page = _recognize_page(document, index, limits.dpi, seconds) if seconds > 0 else None
            except subprocess.CalledProcessError as exc:
                raise ScannedDocumentError(
                    path, f"скан: Tesseract не смог распознать страницу {index + 1}"
                ) from exc
            if page is None:
                note = (
                    f"распознавание остановлено по времени ({limits.total_seconds:.0f} с): "
                    f"распознано страниц {done} из {len(wanted)}"
                )
                break
            recognized.append(page)
        else:
            if len(wanted) > limits.max_pages:
                note = f"распознаны только первые страницы: {limits.max_pages} из {len(wanted)}"
    finally:
        document.close()
    if not recognized:
        raise ScannedDocumentError(
            path, f"скан: распознавание первой страницы не уложилось в {limits.page_seconds:.0f} с"
        )
    confidences = [c for page in recognized for c in page.confidences]
    info = OcrInfo(
        engine=f"tesseract {_version()}",
        language=LANGUAGE,
        dpi=limits.dpi,
        pages_recognized=len(recognized),
        pages_total=total,
        mean_confidence=round(float(np.mean(confidences)), 1) if confidences else None,
        note=note,
    )
    return recognized, info


def _recognize_page(
    document: pdfium.PdfDocument, index: int, dpi: int, seconds: float
) -> RecognizedPage | None:
    """A page's words and ruling lines, or None where the recogniser ran out of `seconds`.

    A page that reads badly (few words, low confidence) may be turned: Tesseract's
    orientation detection says by how much, and the page turned upright is read again; the
    better reading is kept.
    """
    deadline = time.monotonic() + seconds
    page = document[index]
    try:
        width, height = page.get_size()
        scale = min(dpi / 72, (_MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        page.close()
    effective_dpi = round(scale * 72)
    try:
        recognized = _read_image(index, image, scale, effective_dpi, deadline)
        if _reads_well(recognized):
            return recognized
        turn = _orientation(image, effective_dpi, deadline)
        if turn:
            upright = image.rotate(-turn, expand=True, fillcolor=255)
            again = _read_image(index, upright, scale, effective_dpi, deadline)
            if _quality(again) > _quality(recognized):
                return again
        return recognized
    except subprocess.TimeoutExpired:
        return None


def _read_image(index: int, image: Image.Image, scale: float, dpi: int, deadline: float) -> RecognizedPage:
    """Words and ruling lines of a page bitmap rendered at `scale` (pixels per point)."""
    image, _ = straighten(image)
    pixels = np.asarray(image)
    rules = find_rules(pixels, dpi)
    clean = erase_rules(pixels, rules, dpi)
    tsv = tesseract_tsv(clean, dpi, max(deadline - time.monotonic(), 0.001))
    recognized = list(_words(tsv, scale))
    words, confidences = reread_doubtful(
        clean,
        rules,
        [word for word, _ in recognized],
        [c for _, c in recognized],
        scale,
        dpi,
        read=lambda strip: tesseract_tsv(strip, dpi, max(deadline - time.monotonic(), 0.001), psm=6),
    )
    words, confidences = reread_numbers(
        clean,
        rules,
        words,
        confidences,
        scale,
        dpi,
        read=lambda strip: tesseract_tsv(
            strip, dpi, max(deadline - time.monotonic(), 0.001), psm=6, characters=NUMBER_CHARACTERS
        ),
    )
    return RecognizedPage(
        index,
        words,
        [_edge(rule, scale) for rule in rules],
        confidences,
        width=image.width / scale,
        height=image.height / scale,
    )


def _quality(page: RecognizedPage) -> float:
    """Words read, weighted by their confidence: more sure words is a better reading."""
    return sum(page.confidences) / 100


def _reads_well(page: RecognizedPage) -> bool:
    """Whether a reading has enough words read with confidence not to try the page turned."""
    return len(page.words) >= _WELL_READ_WORDS and float(np.mean(page.confidences)) >= _WELL_READ_CONFIDENCE


def _orientation(image: Image.Image, dpi: int, deadline: float) -> int:
    """Degrees (0, 90, 180 or 270) to turn the page clockwise to set its text upright, by
    Tesseract's orientation and script detection on a smaller copy; 0 where it cannot tell."""
    if _languages() is None or "osd" not in _languages():
        return 0
    factor = min(1.0, _OSD_DPI / dpi)
    small = image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
    buffer = io.BytesIO()
    small.save(buffer, "PPM")
    command = ["tesseract", "stdin", "stdout", "--psm", "0", "-l", "osd", "--dpi", str(round(dpi * factor))]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    seconds = max(deadline - time.monotonic(), 0.001)
    done = subprocess.run(command, input=buffer.getvalue(), capture_output=True, timeout=seconds, env=env)
    found = dict(
        line.split(":", 1) for line in done.stdout.decode("utf-8", "replace").splitlines() if ":" in line
    )
    try:
        turn, confidence = int(found["Rotate"]), float(found["Orientation confidence"])
    except (KeyError, ValueError):
        return 0
    return turn % 360 if turn % 90 == 0 and confidence >= _OSD_MIN_CONFIDENCE else 0


def tesseract_tsv(
    pixels: np.ndarray, dpi: int, seconds: float, psm: int = 4, characters: str | None = None
) -> str:
    """Tesseract's TSV for a grey bitmap, fed on standard input; one thread, `seconds` at most;
    page segmentation mode `psm`, and only `characters` where given."""
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PPM")
    command = ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "--psm", str(psm)]
    if characters:
        command += ["-c", f"tessedit_char_whitelist={characters}"]
    command.append("tsv")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        command, input=buffer.getvalue(), capture_output=True, timeout=seconds, env=env, check=True
    )
    return done.stdout.decode("utf-8", errors="replace")


def _words(tsv: str, scale: float) -> Iterator[tuple[Word, float]]:
    """Words of Tesseract's TSV in points, each as tall as its recognised line (as a font box
    is), with their confidence; words read with very low confidence, or as lone marks
    (specks), are dropped."""
    line_boxes: dict[tuple[str, ...], tuple[float, float]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        left, top, width, height = (float(row[k]) for k in ("left", "top", "width", "height"))
        if row["level"] == "4":
            line_boxes[key] = (top, top + height)
            continue
        text, confidence = (row.get("text") or "").strip(), float(row["conf"])
        if row["level"] != "5" or not text or is_speck(text) or confidence < _MIN_CONFIDENCE:
            continue
        line_top, line_bottom = line_boxes.get(key, (top, top + height))
        yield (
            Word(text, left / scale, (left + width) / scale, line_top / scale, line_bottom / scale),
            confidence,
        )


def _edge(rule: Rule, scale: float) -> dict:
    """A ruling line as pdfplumber's explicit table edge, in points."""
    if rule.vertical:
        x = (rule.x0 + rule.x1) / 2 / scale
        x0, x1, top, bottom = x, x, rule.top / scale, rule.bottom / scale
    else:
        y = (rule.top + rule.bottom) / 2 / scale
        x0, x1, top, bottom = rule.x0 / scale, rule.x1 / scale, y, y
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
    }


@cache
def _languages() -> frozenset[str] | None:
    if shutil.which("tesseract") is None:
        return None
    done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:])


@cache
def _version() -> str:
    done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True, timeout=30)
    first = (done.stdout or done.stderr).split("\n", 1)[0]
    return first.removeprefix("tesseract").strip()
