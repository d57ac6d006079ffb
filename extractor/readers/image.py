"""Scans sent as pictures (JPEG, PNG, TIFF; a multi-page TIFF a page a frame), read as a scan.

A methodist who has no scanner photographs the order, and a scanner may write TIFF. Each
frame is turned upright by its EXIF orientation (a phone's photo), put in grey and laid on a
PDF page of the size it was scanned at (its resolution when it gives a plausible one, else
fitted to A4, long side to long side, as a photo of a sheet), at the resolution the OCR
renders at. That PDF, written in a temporary folder removed after, is read by `pdf.read_pdf`,
whose OCR recognises it like any scanned PDF; its errors name the picture, not the PDF.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extractor.errors import CorruptFileError, ExtractionError, FileTooLargeError, renamed
from extractor.readers.ocr import OcrLimits
from extractor.readers.pdf import read_pdf
from model import RawDocument

MAX_PIXELS = 60_000_000
"""The most pixels a frame may have (a 48-megapixel phone photo has fewer); a decompression
bomb, a small file that unpacks to gigabytes, is refused before it is decoded."""
TOO_LARGE = f"{MAX_PIXELS // 10**6} млн точек"
PLAUSIBLE_DPI = (100.0, 1200.0)
A4_INCHES = (8.27, 11.69)


def read_image(path: Path, limits: OcrLimits | None = None) -> RawDocument:
    """Recognise the picture at `path` (its first `limits.max_pages` frames) into a document."""
    limits = limits or OcrLimits()
    with tempfile.TemporaryDirectory(prefix="roadmap-image-") as folder:
        pdf = Path(folder) / "scan.pdf"
        frames = _write_pdf(path, pdf, limits)
        try:
            raw = read_pdf(pdf, limits)
        except ExtractionError as exc:
            raise renamed(exc, path) from exc
    ocr = raw.ocr
    if ocr is not None and frames > ocr.pages_total:
        note = ocr.note or f"распознаны только первые страницы: {ocr.pages_total} из {frames}"
        ocr = ocr.model_copy(update={"pages_total": frames, "note": note})
    return replace(raw, path=path, format="image", page_count=frames, ocr=ocr)


def _write_pdf(path: Path, pdf: Path, limits: OcrLimits) -> int:
    """Write the first frames of the picture at `path` as pages of `pdf`; the number of frames
    the picture has (all of them, not only those written)."""
    try:
        with Image.open(path) as picture:
            frames = getattr(picture, "n_frames", 1)
            pages = _pages(path, picture, limits)
            first = next(pages)
            first.save(pdf, "PDF", resolution=limits.dpi, save_all=True, append_images=pages)
    except ExtractionError:
        raise
    except Image.DecompressionBombError as exc:
        raise FileTooLargeError(path, f"изображение слишком большое (предел {TOO_LARGE})") from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise CorruptFileError(path, "изображение повреждено или не читается") from exc
    return frames


def _pages(path: Path, picture: Image.Image, limits: OcrLimits) -> Iterator[Image.Image]:
    """The first `limits.max_pages` frames, each upright, grey and at `limits.dpi` for its page."""
    for index, frame in enumerate(ImageSequence.Iterator(picture)):
        if index == limits.max_pages:
            return
        width, height = frame.size
        if width * height > MAX_PIXELS:
            size = f"{width}×{height}"
            raise FileTooLargeError(path, f"изображение слишком большое: {size} (предел {TOO_LARGE})")
        upright = ImageOps.exif_transpose(frame).convert("L")
        yield _at_resolution(upright, _resolution(frame), limits.dpi)


def _resolution(frame: Image.Image) -> float:
    """The dots per inch the frame was scanned at, if it says so plausibly; else those that fit
    it to an A4 sheet (a photo says 72 or nothing)."""
    stated = frame.info.get("dpi")
    if stated:
        dpi = float(min(stated))
        if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
            return dpi
    short, long = sorted(frame.size)
    return max(short / A4_INCHES[0], long / A4_INCHES[1])


def _at_resolution(frame: Image.Image, dpi: float, target: int) -> Image.Image:
    """`frame` (scanned at `dpi`) resampled to `target` dots per inch, its page size kept."""
    scale = target / dpi
    if abs(scale - 1.0) < 0.01:
        return frame
    size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
    return frame.resize(size, Image.Resampling.LANCZOS)
