"""Hostile inputs built by test code, never committed: packages whose members inflate to
gigabytes of zeros (a few MB on disk), a PDF whose content stream is a flate bomb."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import docx
from PIL import Image

GiB = 2**30
CHUNK = b"\x00" * 2**24
BODY_HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _stream_member(
    archive: zipfile.ZipFile, name: str, size: int, head: bytes = b"", tail: bytes = b""
) -> None:
    """Write member `name` of `size` bytes (head, spaces or zeros, tail) without holding it."""
    filler = b" " * len(CHUNK) if head else CHUNK
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, mode="w", force_zip64=True) as member:
        member.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            member.write(filler[: min(left, len(filler))])
            left -= len(filler)
        member.write(tail)


def _rewrite(source: Path, target: Path, replace: str, size: int, xml: bool) -> Path:
    """Copy the package `source` to `target`, member `replace` inflating to `size` bytes."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            content = original.read(info)
            if info.filename != replace:
                bomb.writestr(info.filename, content)
                continue
            if xml:
                cut = content.index(b"<w:body>") + len(b"<w:body>")
                _stream_member(bomb, replace, size, content[:cut], content[cut:])
            else:
                _stream_member(bomb, replace, size)
    return target


def plain_docx(path: Path, picture: bool = False) -> Path:
    """A small valid order as .docx, with a picture if asked."""
    document = docx.Document()
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("Об утверждении плана мероприятий")
    if picture:
        image = io.BytesIO()
        Image.new("RGB", (8, 8), "white").save(image, format="PNG")
        image.seek(0)
        document.add_picture(image)
    document.save(path)
    return path


def image_bomb_docx(folder: Path, size: int = 2 * GiB) -> Path:
    """A .docx whose picture part inflates to `size` bytes of zeros."""
    source = plain_docx(folder / "source.docx", picture=True)
    with zipfile.ZipFile(source) as package:
        image = next(name for name in package.namelist() if name.startswith("word/media/"))
    return _rewrite(source, folder / "image_bomb.docx", image, size, xml=False)


def body_bomb_docx(folder: Path, size: int = 2 * GiB) -> Path:
    """A .docx whose `word/document.xml` is valid XML inflating to `size` bytes (whitespace)."""
    source = plain_docx(folder / "source.docx")
    return _rewrite(source, folder / "body_bomb.docx", "word/document.xml", size, xml=True)


def flate_bomb_pdf(path: Path, size: int = 2 * GiB) -> Path:
    """A one-page PDF whose content stream inflates to `size` bytes of spaces."""
    compressor = zlib.compressobj(9)
    filler = b" " * len(CHUNK)
    parts, left = [compressor.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n")], size
    while left > 0:
        parts.append(compressor.compress(filler[: min(left, len(filler))]))
        left -= len(filler)
    stream = b"".join(parts) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path
