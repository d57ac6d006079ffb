"""PDF streams inflated within a cap before pdfminer decodes them: pdfminer (as of 20260107)
inflates a FlateDecode stream whole with `zlib.decompress`, with no limit, so a content stream
of half a megabyte can inflate to gigabytes. Each such stream is first inflated here piece by
piece, counting, never holding more than a piece; one over the cap is refused before any page
is read. (The child process's memory limit stays the backstop for what this does not see.)"""

from __future__ import annotations

import zlib
from pathlib import Path

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

from extractor.errors import PackageLimitError

MB = 2**20
MAX_STREAM_BYTES = 256 * MB
PIECE = MB


def check_streams(path: Path, document: PDFDocument, limit: int = MAX_STREAM_BYTES) -> None:
    """Raise `PackageLimitError` if a Flate stream of `document` (the PDF at `path`) inflates
    to more than `limit` bytes. Objects that cannot be read are left to the reader to report."""
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                stream = document.getobj(objid)
            except Exception:  # a broken object: the reader says so if it matters
                continue
            if isinstance(stream, PDFStream) and _inflates_past(stream, limit):
                raise PackageLimitError(
                    path,
                    f"превышен лимит размера: поток PDF (объект {objid}) распаковывается больше чем "
                    f"в {limit // MB} МБ, возможна zip-бомба",
                )


def _inflates_past(stream: PDFStream, limit: int) -> bool:
    filters = stream.get_filters()
    if not filters or filters[0][0] not in LITERALS_FLATE_DECODE or stream.rawdata is None:
        return False
    data = stream.rawdata
    if stream.decipher and stream.objid is not None and stream.genno is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    inflater, total = zlib.decompressobj(), 0
    try:
        while data:
            total += len(inflater.decompress(data, PIECE))
            if total > limit:
                return True
            data = inflater.unconsumed_tail
    except zlib.error:
        return False
    return False
