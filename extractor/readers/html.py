"""Web-page reader: an order saved as HTML (Word's "save as web page", a portal's printable
page) read as paragraphs and tables in document order.

lxml parses the page (no network, no external entities); script, style and head are skipped.
Block elements (p, div, h1-h6, li, ...) and `<br>` end a paragraph; whitespace is collapsed as a
browser does. A table's cells are laid on its grid as the .docx reader lays merged cells: a
cell spanning columns keeps its text in the first and leaves the others empty, one spanning
rows repeats its text in each. A table inside a cell is part of that cell's text.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from extractor.readers.txt import decode_text
from model import Block, Paragraph, RawDocument, Row, Table

_SKIPPED = frozenset({"script", "style", "head", "noscript", "template", "title", "meta", "link", "object"})
_BLOCKS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre",
        "blockquote", "address", "center", "section", "article", "header", "footer", "main", "nav",
        "aside", "form", "fieldset", "figure", "figcaption", "caption", "hr", "body", "html",
    }
)  # fmt: skip
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u200b\ufeff]+")
MAX_SPAN = 100  # a colspan or rowspan above this is a broken page, not a grid


def read_html(path: Path) -> RawDocument:
    """Read the web page `path` into paragraphs and tables."""
    root = lxml.html.document_fromstring(_decoded(path.read_bytes()), parser=_parser())
    blocks: list[Block] = []
    _Walker(blocks).visit(root)
    return RawDocument(path=path, format="html", blocks=blocks)


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)


def _decoded(data: bytes) -> str:
    """The page as text: in the encoding its byte order mark says (as a browser reads it, over
    any <meta>), else in the charset its <meta> names, else UTF-8, else Windows-1251."""
    declared = None if data.startswith(_BOMS) else _CHARSET.search(data[:4096])
    text = None
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii").lower(), errors="replace")
        except LookupError:
            text = None
    return _XML_DECLARATION.sub("", text if text is not None else decode_text(data)).lstrip("\ufeff")


def _tag(element: etree._Element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


class _Walker:
    """Emits the blocks of a page in document order, gathering inline text into paragraphs."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.line: list[str] = []

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.line)).strip()
        if text:
            self.blocks.append(Paragraph(text=text))
        self.line.clear()

    def visit(self, element: etree._Element) -> None:
        tag = _tag(element)
        if tag in _SKIPPED or not tag:
            return
        if tag == "table":
            self.flush()
            table = _table(element)
            if table.rows:
                self.blocks.append(table)
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        self.line.append(element.text or "")
        for child in element:
            self.visit(child)
            self.line.append(child.tail or "")
        if block:
            self.flush()


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: its paragraphs and line breaks as new lines, a nested table's cells too."""
    lines: list[Block] = []
    walker = _Walker(lines)
    walker.line.append(cell.text or "")
    for child in cell:
        walker.visit(child)
        walker.line.append(child.tail or "")
    walker.flush()
    parts: list[str] = []
    for block in lines:
        if isinstance(block, Table):
            parts.extend(c for row in block.rows for c in row.cells if c)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def _rows(table: etree._Element) -> list[etree._Element]:
    """The rows of `table` itself (in thead, tbody, tfoot or directly), not of nested tables."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in child if _tag(r) == "tr")
    return rows


def _span(cell: etree._Element, name: str) -> int:
    try:
        return min(max(int(cell.get(name, "1")), 1), MAX_SPAN)
    except ValueError:
        return 1


def _table(table: etree._Element) -> Table:
    """The table on its grid; a row of header cells (all `th`) is marked a header row."""
    grid: dict[tuple[int, int], str] = {}
    headers: set[int] = set()
    rows = _rows(table)
    for r, row in enumerate(rows):
        column = 0
        cells = [cell for cell in row if _tag(cell) in ("td", "th")]
        if cells and all(_tag(cell) == "th" for cell in cells):
            headers.add(r)
        for cell in cells:
            while (r, column) in grid:
                column += 1
            text, across = _cell_text(cell), _span(cell, "colspan")
            for dr in range(_span(cell, "rowspan")):
                for dc in range(across):
                    grid.setdefault((r + dr, column + dc), "" if dc else text)
            column += across
    width = max((c for _, c in grid), default=-1) + 1
    return Table(
        rows=[
            Row(cells=[grid.get((r, c), "") for c in range(width)], is_header=r in headers)
            for r in range(len(rows))
            if any(grid.get((r, c)) for c in range(width))
        ]
    )
