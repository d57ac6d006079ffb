"""PDF reader: pdfplumber geometry -> paragraphs and tables in reading order.

Pages with no text layer, or one that decodes to garbage (`text_layer`), are read by OCR,
whether the whole file is a scan or a scanned page sits among printed ones.

Two passes. The first reads each page once (words and ruled tables) into plain records
and closes it, so memory stays flat on long files. The second sees all pages: it drops
running headers, footers and page numbers, finds tables drawn without ruling lines,
rebuilds paragraphs from lines and marks header rows that repeat on each page.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from extractor.errors import CorruptFileError, EncryptedFileError, ScannedDocumentError
from extractor.readers.ocr import OcrLimits, recognize_pdf, tesseract_ready
from extractor.readers.pdf_breaks import PagePart, join_page_parts
from extractor.readers.pdf_columns import unruled_tables
from extractor.readers.pdf_layout import (
    DASHES,
    Frame,
    Line,
    Word,
    ended_short,
    frame_for,
    group_lines,
    indented,
    paragraph_text,
    split_paragraphs,
)
from extractor.readers.pdf_streams import check_streams
from extractor.readers.pdf_tables import TablePart, ruled_tables
from extractor.readers.text_layer import unreadable
from model import Block, OcrInfo, Paragraph, RawDocument, Row, Table

_PAGE_NUMBER = re.compile(
    r"[-–—\s]*\d{1,4}[-–—\s]*|(стр\.?|страница)\s*\d{1,4}(\s*(из|/)\s*\d{1,4})?|\d{1,4}\s*(из|/)\s*\d{1,4}",
    re.IGNORECASE,
)
_MARGIN_BAND = 0.12
_HEADER_DEPTH = 3


@dataclass
class PageScan:
    """What the first pass keeps of a page: its size, text lines outside tables, tables."""

    number: int
    width: float
    height: float
    lines: list[Line]
    tables: list[TablePart]
    garbled: bool = False

    @property
    def has_text(self) -> bool:
        """Whether the page has a text layer that reads (not garbage of a broken font map)."""
        return bool(self.lines or self.tables) and not self.garbled


@dataclass
class _Para:
    """A paragraph being built: its lines, possibly from two pages."""

    lines: list[Line]
    page: int


def read_pdf(path: Path, limits: OcrLimits | None = None) -> RawDocument:
    """Read a PDF into paragraphs and tables, page by page: from its text layer, and where a
    page has none that reads (a scan, a broken font map), from text recognised within
    `limits` (see `ocr`)."""
    scans = list(_scan_pages(path))
    if not scans:
        raise CorruptFileError(path, "в PDF нет ни одной страницы")
    missing = [scan.number - 1 for scan in scans if not scan.has_text]
    if not missing:
        return RawDocument(path=path, format="pdf", blocks=_assemble(scans), page_count=len(scans))
    printed = [scan for scan in scans if scan.has_text]
    if printed and not tesseract_ready():
        return RawDocument(path=path, format="pdf", blocks=_assemble(printed), page_count=len(scans))
    recognized, info = _recognized_scans(path, missing, limits)
    if not printed and not any(scan.lines or scan.tables for scan in recognized):
        raise ScannedDocumentError(
            path, f"скан: на {info.pages_recognized} стр. не распознано ни одного слова"
        )
    merged = sorted([*printed, *recognized], key=lambda scan: scan.number)
    return RawDocument(path=path, format="pdf", blocks=_assemble(merged), page_count=len(scans), ocr=info)


def _recognized_scans(
    path: Path, pages: list[int], limits: OcrLimits | None
) -> tuple[list[PageScan], OcrInfo]:
    """The pages of indices `pages` as page images: words and ruling lines recognised by OCR,
    to be laid out as printed pages are."""
    recognized, info = recognize_pdf(path, limits, pages)
    scans = []
    with pdfplumber.open(path) as pdf:
        for page in recognized:
            plumber_page = pdf.pages[page.index]
            try:
                tables, rest = ruled_tables(plumber_page, page.words, page.rules)
                width = page.width or plumber_page.width
                height = page.height or plumber_page.height
                scans.append(PageScan(page.index + 1, width, height, group_lines(rest), tables))
            finally:
                plumber_page.close()
    return scans, info


def _scan_pages(path: Path) -> Iterator[PageScan]:
    try:
        with pdfplumber.open(path) as pdf:
            check_streams(path, pdf.doc)
            for page in pdf.pages:
                try:
                    yield scan_page(page)
                finally:
                    page.close()
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise EncryptedFileError(path, "PDF защищён паролем: снимите защиту и загрузите снова") from exc
        raise CorruptFileError(path, f"повреждённый PDF: {type(cause).__name__}: {cause}") from exc


def scan_page(page: Page) -> PageScan:
    """First pass over one page: words, and the ruled tables they fall into."""
    spaced = _spaced_dashes(page)
    words = [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], _position(w) in spaced)
        for w in page.extract_words(x_tolerance=2, y_tolerance=3)
        if w["text"].strip()
    ]
    garbled = unreadable(" ".join(word.text for word in words))
    tables, rest = ruled_tables(page, words)
    return PageScan(page.page_number, page.width, page.height, group_lines(rest), tables, garbled)


def _spaced_dashes(page: Page) -> set[tuple[int, int]]:
    """Where the page's text stream has a dash followed by a space (see `Word.spaced`)."""
    chars = page.chars
    return {
        _position(char)
        for char, following in itertools.pairwise(chars)
        if char["text"] in DASHES and following["text"] == " "
    }


def _position(obj: dict) -> tuple[int, int]:
    """Where a char or a word ends: its right edge and top, to a point."""
    return round(obj["x1"]), round(obj["top"])


def _assemble(scans: list[PageScan]) -> list[Block]:
    running = _running_keys(scans)
    for scan in scans:
        _drop_margin_noise(scan, running)
        if not scan.tables:
            scan.tables, scan.lines = unruled_tables(scan.lines)
    frames = _frames(scans)
    blocks: list[PagePart | _Para] = []
    for scan in scans:
        frame = frames[round(scan.width)]
        for item in _page_items(scan, frame):
            if not (frame and blocks and _continues(blocks[-1], item, frame)):
                blocks.append(item)
    _mark_repeated_headers([b.table for b in blocks if isinstance(b, PagePart)])
    return _join_tables(blocks)


def _page_items(scan: PageScan, frame: Frame | None) -> list[PagePart | _Para]:
    """Tables and paragraphs of a page, top to bottom."""
    items: list[tuple[float, PagePart | _Para]] = [(t.top, PagePart(t, scan.number)) for t in scan.tables]
    if frame is not None:
        items += [(g[0].top, _Para(g, scan.number)) for g in split_paragraphs(scan.lines, frame)]
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _join_tables(blocks: list[PagePart | _Para]) -> list[Block]:
    """Paragraphs and tables: parts of one table on successive pages joined into one."""
    result: list[Block] = []
    run: list[PagePart] = []
    for block in [*blocks, None]:
        if isinstance(block, PagePart):
            run.append(block)
            continue
        result += join_page_parts(run)
        run = []
        if block is not None:
            result.append(Paragraph(paragraph_text(block.lines), block.page))
    return result


def _continues(prev: PagePart | _Para, item: PagePart | _Para, frame: Frame) -> bool:
    """Join a paragraph cut by a page break: it ran to the margin and goes on in lowercase."""
    if not (isinstance(prev, _Para) and isinstance(item, _Para)) or prev.page == item.page:
        return False
    last, first = prev.lines[-1], item.lines[0]
    if first.text[0].islower() and not ended_short(last, first, frame) and not indented(last, first, frame):
        prev.lines.extend(item.lines)
        return True
    return False


def _frames(scans: list[PageScan]) -> dict[int, Frame | None]:
    """One text frame per page width (portrait and landscape pages differ)."""
    by_width: dict[int, list[Line]] = {}
    for scan in scans:
        by_width.setdefault(round(scan.width), []).extend(scan.lines)
    return {width: frame_for(lines) for width, lines in by_width.items()}


def _margin_lines(scan: PageScan) -> Iterator[tuple[str, Line]]:
    """Lines in the top or bottom band of the page, above or below everything else."""
    top = min((t.top for t in scan.tables), default=scan.height)
    bottom = max((t.bottom for t in scan.tables), default=0.0)
    above = [ln for ln in scan.lines[:2] if ln.bottom <= top and ln.top < _MARGIN_BAND * scan.height]
    below = [
        ln for ln in scan.lines[-2:] if ln.top >= bottom and ln.bottom > (1 - _MARGIN_BAND) * scan.height
    ]
    yield from (("top", ln) for ln in above)
    yield from (("bottom", ln) for ln in below)


def _key(zone: str, line: Line, scan: PageScan) -> tuple[str, str, int]:
    distance = line.top if zone == "top" else scan.height - line.bottom
    return zone, re.sub(r"\d+", "#", line.text.lower()), round(distance / 4)


def _running_keys(scans: list[PageScan]) -> set[tuple[str, str, int]]:
    """Margin lines repeated at the same place on most pages (digits may change)."""
    counts = Counter(key for s in scans for key in {_key(z, ln, s) for z, ln in _margin_lines(s)})
    return {key for key, n in counts.items() if n >= 2 and 2 * n > len(scans)}


def _drop_margin_noise(scan: PageScan, running: set[tuple[str, str, int]]) -> None:
    """Remove running headers, footers and page numbers from the page's lines."""
    noise = {
        id(line)
        for zone, line in _margin_lines(scan)
        if _key(zone, line, scan) in running or _PAGE_NUMBER.fullmatch(line.text)
    }
    scan.lines = [line for line in scan.lines if id(line) not in noise]


def _mark_repeated_headers(tables: list[Table]) -> None:
    """Flag a part's leading rows that repeat the leading rows of an earlier part."""
    heads: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for table in tables:
        keys = [_row_key(row) for row in table.rows[:_HEADER_DEPTH]]
        earlier = heads.get(keys[0]) if keys else None
        if earlier is None:
            if keys:
                heads[keys[0]] = keys
            continue
        for row, key, seen in zip(table.rows, keys, earlier, strict=False):
            if key != seen:
                break
            row.is_header = True


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(" ".join(cell.split()) for cell in row.cells)
