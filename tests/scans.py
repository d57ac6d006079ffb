"""Scanned PDFs made from text PDFs, as a scanner would: pages rendered to grey bitmaps,
slightly turned and speckled, then wrapped into a PDF that holds only the images; or a few
pages of a text PDF swapped for such images; or a scan under a text layer that decodes to
glyph ids only (a font without a character map)."""

from __future__ import annotations

import zlib
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
    quarter_turns: int = 0,
) -> Path:
    """Write an image-only copy of `source` (its first `pages` pages) to `target`.

    Each page is rendered in grey at `dpi`, turned by `angle` degrees on a white ground and
    given Gaussian noise of deviation `noise` (in grey levels), so the OCR meets neither a
    text layer nor a perfectly clean bitmap; with `quarter_turns`, it is also laid on its
    side or upside down (turned counterclockwise by that many right angles), as a sheet fed
    into the scanner the wrong way.
    """
    images = scanned_images(source, dpi=dpi, pages=pages, angle=angle, noise=noise, seed=seed)
    images = [image.rotate(90 * quarter_turns, expand=True) for image in images]
    images[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return target


def scanned_images(
    source: Path,
    *,
    dpi: int = 300,
    pages: int | None = None,
    angle: float = 0.5,
    noise: float = 12.0,
    seed: int = 0,
) -> list[Image.Image]:
    """The first `pages` pages of `source` as scanned bitmaps (see `scan_pdf`)."""
    rng = np.random.default_rng(seed)
    document = pdfium.PdfDocument(source)
    try:
        count = len(document) if pages is None else min(pages, len(document))
        return [_scanned(document[i], dpi, angle, noise, rng) for i in range(count)]
    finally:
        document.close()


def with_scanned_pages(source: Path, target: Path, scanned: set[int], *, dpi: int = 300) -> Path:
    """Write a copy of the text PDF `source` whose pages of indices `scanned` are replaced by
    their scanned bitmaps (no text layer), the other pages left as printed."""
    images = scanned_images(source, dpi=dpi, pages=max(scanned) + 1)
    document = pdfium.PdfDocument(source)
    try:
        for index in sorted(scanned):
            width, height = document[index].get_size()
            document.del_page(index)
            page = document.new_page(width, height, index=index)
            picture = pdfium.PdfImage.new(document)
            bitmap = pdfium.PdfBitmap.from_pil(images[index])
            picture.set_bitmap(bitmap)
            picture.set_matrix(pdfium.PdfMatrix().scale(width, height))
            page.insert_obj(picture)
            page.gen_content()
        document.save(target)
    finally:
        document.close()
    return target


def under_undecodable_text(source: Path, target: Path, *, dpi: int = 300, pages: int | None = None) -> Path:
    """Write scans of `source`'s pages, each under an invisible text layer in a font with no
    character map (CID codes through Identity-H, no ToUnicode): text that reads as glyph ids.
    """
    images = scanned_images(source, dpi=dpi, pages=pages)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = 3
    objects += [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Broken /Encoding /Identity-H /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Broken /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 500 >>",
        b"<< /Type /FontDescriptor /FontName /Broken /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ]
    kids = []
    for image in images:
        width, height = image.width * 72 / dpi, image.height * 72 / dpi
        pixels = zlib.compress(image.tobytes())
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
            % (image.width, image.height, len(pixels), pixels)
        )
        picture = len(objects)
        lines = b"".join(
            b"1 0 0 1 60 %d Tm <%s> Tj\n"
            % (round(height) - 60 - 14 * n, bytes(range(40 + n, 80 + n)).hex().encode() * 2)
            for n in range(40)
        )
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im Do Q\nBT 3 Tr /F 10 Tf\n%s ET" % (width, height, lines)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Contents %d 0 R "
            b"/Resources << /XObject << /Im %d 0 R >> /Font << /F %d 0 R >> >> >>"
            % (width, height, len(objects), picture, font)
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    target.write_bytes(raw_pdf(objects))
    return target


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of `objects` (object i + 1 is `objects[i]`, the first the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


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
