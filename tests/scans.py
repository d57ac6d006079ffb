"""Scanned PDFs made from text PDFs, as a scanner would: pages rendered to grey bitmaps,
slightly turned and speckled, then wrapped into a PDF that holds only the images."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image


def scan_pdf(
    source: Path,
    target: Path,
    *,
    dpi: int = 300,
    pages: int | None = None,
    angle: float = 0.5,
    noise: float = 12.0,
    seed: int = 0,
) -> Path:
    """Write an image-only copy of `source` (its first `pages` pages) to `target`.

    Each page is rendered in grey at `dpi`, turned by `angle` degrees on a white ground and
    given Gaussian noise of deviation `noise` (in grey levels), so the OCR meets neither a
    text layer nor a perfectly clean bitmap.
    """
    rng = np.random.default_rng(seed)
    document = pdfium.PdfDocument(source)
    try:
        count = len(document) if pages is None else min(pages, len(document))
        images = [_scanned(document[i], dpi, angle, noise, rng) for i in range(count)]
    finally:
        document.close()
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def _scanned(
    page: pdfium.PdfPage, dpi: int, angle: float, noise: float, rng: np.random.Generator
) -> Image.Image:
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    page.close()
    turned = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(turned, dtype=np.float32) + rng.normal(0.0, noise, (turned.height, turned.width))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")


def blank_pdf(target: Path, *, dpi: int = 150, pages: int = 1) -> Path:
    """An image-only PDF of white A4 pages."""
    size = (round(8.27 * dpi), round(11.69 * dpi))
    images = [Image.new("L", size, 255) for _ in range(pages)]
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target
