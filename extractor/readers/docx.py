"""Word (.docx) reader: body paragraphs and tables in order, numbering as a reader sees it.

python-docx opens the package; the body is walked on the XML underneath, because the
things a plan table is made of (automatic numbers, merged cells, repeated headers,
content controls, nested layout tables) are where python-docx's object model stops.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from extractor.errors import CorruptFileError
from extractor.readers.package import lean_package
from model import Block, Paragraph, RawDocument, Row, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, R, T = (W + t for t in ("p", "tbl", "tr", "tc", "r", "t"))
SDT, SDT_CONTENT, CUSTOM_XML = W + "sdt", W + "sdtContent", W + "customXml"
VAL = W + "val"
FALSE = {"0", "false", "off"}
# Inline wrappers whose runs are part of the paragraph text (accepted insertions included).
INLINE_CONTAINERS = {
    W + t for t in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "dir", "bdo")
}
BREAKS = {W + "br": "\n", W + "cr": "\n", W + "tab": " ", W + "ptab": " ", W + "noBreakHyphen": "-"}
RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"))
ROMAN += ((40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def read_docx(path: Path) -> RawDocument:
    """Read a .docx into blocks in document order; a broken package is a `CorruptFileError`."""
    package = lean_package(path)
    try:
        document = docx.Document(package)
        body = document.element.body
        numbering = Numbering.of(document)
    except Exception as exc:
        raise CorruptFileError(path, f"повреждённый файл .docx: {exc or type(exc).__name__}") from exc
    has_pages = next(body.iter(W + "lastRenderedPageBreak"), None) is not None
    walker = BodyWalker(numbering, page=1 if has_pages else None)
    blocks = walker.blocks(body)
    return RawDocument(path=path, format="docx", blocks=blocks, page_count=walker.page)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(element: etree._Element | None) -> bool:
    """Whether an OOXML on/off property element is present and not switched off."""
    return element is not None and element.get(VAL, "1").lower() not in FALSE


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _children(child, tag)


@dataclass
class Level:
    """One level of a list definition."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    style: str | None = None

    @classmethod
    def of(cls, lvl: etree._Element) -> Level:
        def val(tag: str) -> str | None:
            element = lvl.find(W + tag)
            return None if element is None else element.get(VAL)

        restart = val("lvlRestart")
        return cls(
            start=_int(val("start"), 1),
            fmt=val("numFmt") or "decimal",
            text=val("lvlText") or "",
            restart=None if restart is None else _int(restart, 0),
            legal=_on(lvl.find(W + "isLgl")),
            style=val("pStyle"),
        )


@dataclass
class Instance:
    """A `w:num`: the list it counts in and its level overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, Level] = field(default_factory=dict)


class Numbering:
    """Word's list counters: what number each numbered paragraph shows, in document order.

    Counters belong to the abstract list, so instances sharing one continue each other; an
    instance with `startOverride` restarts those levels where it is first used. Advancing a
    level resets the deeper ones (unless their `lvlRestart` says otherwise); a level skipped
    over counts as used at its start value, as Word and LibreOffice count it (a list that
    begins "1.1." goes on with "2.", not "1.").
    """

    def __init__(
        self,
        abstracts: dict[str, dict[int, Level]],
        instances: dict[str, Instance],
        styles: dict[str, tuple[str | None, str | None, str | None]],
        default_style: str | None,
    ) -> None:
        self.abstracts = abstracts
        self.instances = instances
        self.styles = styles
        self.default_style = default_style
        self.counters: dict[str, list[int | None]] = {}
        self.pending: dict[tuple[str, int], int] = {}
        self.started: set[str] = set()

    @classmethod
    def of(cls, document: WordDocument) -> Numbering:
        """Read list definitions and paragraph styles' numbering from the document's parts."""
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            root = None
        abstracts: dict[str, dict[int, Level]] = {}
        links: dict[str, str] = {}
        style_links: dict[str, str] = {}
        instances: dict[str, Instance] = {}
        for abstract in root.iterfind(W + "abstractNum") if root is not None else ():
            key = abstract.get(W + "abstractNumId", "")
            abstracts[key] = {_int(lvl.get(W + "ilvl"), 0): Level.of(lvl) for lvl in abstract.iter(W + "lvl")}
            for tag, target in ((W + "numStyleLink", links), (W + "styleLink", style_links)):
                link = abstract.find(tag)
                if link is not None:
                    target[key] = link.get(VAL, "")
        for num in root.iterfind(W + "num") if root is not None else ():
            ref = num.find(W + "abstractNumId")
            instance = Instance(abstract="" if ref is None else ref.get(VAL, ""))
            for override in num.iterfind(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                start = override.find(W + "startOverride")
                if start is not None:
                    instance.starts[ilvl] = _int(start.get(VAL), 1)
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    instance.levels[ilvl] = Level.of(lvl)
            instances[num.get(W + "numId", "")] = instance
        styles, default_style = _paragraph_styles(document)
        by_style = {name: key for key, name in style_links.items()}
        for instance in instances.values():
            link = links.get(instance.abstract)
            if link and link in by_style:
                instance.abstract = by_style[link]
        return cls(abstracts, instances, styles, default_style)

    def label(self, p_pr: etree._Element | None) -> str | None:
        """The number a paragraph with these properties shows (advancing the counters)."""
        num_id, ilvl = self._numbering_of(p_pr)
        instance = self.instances.get(num_id or "")
        if instance is None or instance.abstract not in self.abstracts:
            return None
        key = instance.abstract
        counters = self.counters.setdefault(key, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in instance.starts.items():
                if 0 <= level < 9:
                    counters[level] = None
                    self.pending[key, level] = start
        if not 0 <= ilvl < 9:
            return None
        for upper in range(ilvl):
            if counters[upper] is None:
                counters[upper] = self._start(instance, upper, consume=True)
        current = counters[ilvl]
        counters[ilvl] = self._start(instance, ilvl, consume=True) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = self._level(instance, deeper).restart
            if restart is None or ilvl < restart:
                counters[deeper] = None
        return self._render(instance, ilvl, counters)

    def _numbering_of(self, p_pr: etree._Element | None) -> tuple[str | None, int]:
        num_pr = None if p_pr is None else p_pr.find(W + "numPr")
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _val(num_pr.find(W + "numId"))
            ilvl = _val(num_pr.find(W + "ilvl"))
        style = _val(None if p_pr is None else p_pr.find(W + "pStyle")) or self.default_style
        if num_id is None and style is not None:
            num_id, style_ilvl, origin = self._style_numbering(style)
            if ilvl is None:
                ilvl = style_ilvl if style_ilvl is not None else self._level_for_style(num_id, origin)
        if num_id in (None, "0"):
            return None, 0
        return num_id, _int(ilvl, 0)

    def _style_numbering(self, style: str) -> tuple[str | None, str | None, str | None]:
        seen: set[str] = set()
        current: str | None = style
        while current is not None and current not in seen:
            seen.add(current)
            based_on, num_id, ilvl = self.styles.get(current, (None, None, None))
            if num_id is not None:
                return num_id, ilvl, current
            current = based_on
        return None, None, None

    def _level_for_style(self, num_id: str | None, style: str | None) -> str:
        instance = self.instances.get(num_id or "")
        levels = self.abstracts.get(instance.abstract, {}) if instance else {}
        return next((str(i) for i, level in levels.items() if level.style == style), "0")

    def _level(self, instance: Instance, ilvl: int) -> Level:
        return instance.levels.get(ilvl) or self.abstracts[instance.abstract].get(ilvl) or Level()

    def _start(self, instance: Instance, ilvl: int, consume: bool = False) -> int:
        key = (instance.abstract, ilvl)
        if key in self.pending:
            return self.pending.pop(key) if consume else self.pending[key]
        return self._level(instance, ilvl).start

    def _render(self, instance: Instance, ilvl: int, counters: list[int | None]) -> str:
        level = self._level(instance, ilvl)
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""
        text = level.text
        for k in range(8, -1, -1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                value = counters[k] if counters[k] is not None else self._start(instance, k)
                fmt = "decimal" if level.legal else self._level(instance, k).fmt
                text = text.replace(placeholder, format_number(value, fmt))
        return text


def _val(element: etree._Element | None) -> str | None:
    return None if element is None else element.get(VAL)


def _paragraph_styles(
    document: WordDocument,
) -> tuple[dict[str, tuple[str | None, str | None, str | None]], str | None]:
    """Paragraph styles as id -> (basedOn, numId, ilvl), and the default paragraph style id."""
    styles: dict[str, tuple[str | None, str | None, str | None]] = {}
    default = None
    for style in document.styles.element.iterfind(W + "style"):
        if style.get(W + "type") != "paragraph":
            continue
        style_id = style.get(W + "styleId", "")
        if style.get(W + "default", "0").lower() in ("1", "true", "on"):
            default = style_id
        num_pr = style.find(f"{W}pPr/{W}numPr")
        num_id = ilvl = None
        if num_pr is not None:
            num_id, ilvl = _val(num_pr.find(W + "numId")), _val(num_pr.find(W + "ilvl"))
        styles[style_id] = (_val(style.find(W + "basedOn")), num_id, ilvl)
    return styles, default


def format_number(value: int, fmt: str) -> str:
    """A counter value in a Word number format (unknown formats print as decimals)."""
    if fmt in ("lowerLetter", "upperLetter", "russianLower", "russianUpper") and value > 0:
        alphabet = "abcdefghijklmnopqrstuvwxyz" if fmt.endswith("Letter") else RUSSIAN
        letter = alphabet[(value - 1) % len(alphabet)] * ((value - 1) // len(alphabet) + 1)
        return letter.upper() if fmt.startswith("upper") or fmt == "russianUpper" else letter
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = ""
        for amount, numeral in ROMAN:
            count, value = divmod(value, amount)
            roman += numeral * count
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class BodyWalker:
    """Walks body content in document order, producing blocks and advancing list counters.

    `page` counts Word's rendered page breaks; it stays None for documents without them.
    """

    def __init__(self, numbering: Numbering, page: int | None) -> None:
        self.numbering = numbering
        self.page = page
        self.first_text_page: int | None = None

    def blocks(self, container: etree._Element, nested: bool = False) -> list[Block]:
        """Paragraphs and tables of a body-like container (body, cell, content control).

        A one-cell table wrapping another table gives the blocks inside it; a table `nested`
        in a cell keeps merged text once, as it will be flattened into that cell.
        """
        blocks: list[Block] = []
        for child in container:
            tag = child.tag
            if tag == P:
                text, page = self.paragraph(child)
                if text:
                    blocks.append(Paragraph(text=text, page=page))
            elif tag == TBL:
                wrapped = None if nested else _single_cell(child)
                if wrapped is not None:
                    blocks += self.blocks(wrapped)
                else:
                    rows = self.rows(child, repeat_merged=not nested)
                    blocks.append(Table(rows=rows, page=rows[0].page if rows else self.page))
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    blocks += self.blocks(content, nested)
        return blocks

    def paragraph(self, p: etree._Element) -> tuple[str, int | None]:
        """The paragraph's text with its automatic number prefixed, and its page."""
        self.first_text_page = None
        parts: list[str] = []
        self.inline(p, parts)
        text = "".join(parts).strip()
        label = self.numbering.label(p.find(W + "pPr"))
        if label:
            text = f"{label} {text}" if text else label
        return text, self.first_text_page or self.page

    def inline(self, element: etree._Element, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if tag == R:
                self.run(child, parts)
            elif tag in INLINE_CONTAINERS:
                self.inline(child, parts)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.inline(content, parts)

    def run(self, r: etree._Element, parts: list[str]) -> None:
        r_pr = r.find(W + "rPr")
        if r_pr is not None and _on(r_pr.find(W + "vanish")):
            return
        for child in r:
            tag = child.tag
            if tag == T:
                if child.text:
                    if self.first_text_page is None:
                        self.first_text_page = self.page
                    parts.append(child.text)
            elif tag in BREAKS:
                parts.append(BREAKS[tag])
            elif tag == W + "lastRenderedPageBreak" and self.page is not None:
                self.page += 1

    def rows(self, tbl: etree._Element, repeat_merged: bool) -> list[Row]:
        """Rows aligned to the grid: spans padded with "", vertical merges resolved.

        With `repeat_merged`, a cell continuing a vertical merge repeats the text of the
        cell that starts it; otherwise it is "" (so flattened nested tables say it once).
        """
        grid = tbl.find(W + "tblGrid")
        width = 0 if grid is None else len(grid.findall(W + "gridCol"))
        above: dict[int, str] = {}
        rows: list[Row] = []
        for tr in _children(tbl, TR):
            tr_pr = tr.find(W + "trPr")
            before = after = 0
            header = False
            if tr_pr is not None:
                before = _int(_val(tr_pr.find(W + "gridBefore")), 0)
                after = _int(_val(tr_pr.find(W + "gridAfter")), 0)
                header = _on(tr_pr.find(W + "tblHeader"))
            cells = [""] * before
            row_page = None
            for tc in _children(tr, TC):
                tc_pr = tc.find(W + "tcPr")
                span, merge = 1, None
                if tc_pr is not None:
                    span = max(_int(_val(tc_pr.find(W + "gridSpan")), 1), 1)
                    v_merge = tc_pr.find(W + "vMerge")
                    merge = None if v_merge is None else v_merge.get(VAL, "continue")
                    if _val(tc_pr.find(W + "hMerge")) == "continue":
                        merge = "hcontinue"
                text, page = self.cell(tc)
                row_page = row_page or page
                column = len(cells)
                if merge == "continue":
                    text = above.get(column, "") if repeat_merged else ""
                elif merge == "hcontinue":
                    text = ""
                else:
                    above[column] = text
                cells += [text] + [""] * (span - 1)
            cells += [""] * after
            rows.append(Row(cells=cells, page=row_page or self.page, is_header=header))
        width = max([width, *(len(r.cells) for r in rows)])
        for row in rows:
            row.cells += [""] * (width - len(row.cells))
        return rows

    def cell(self, tc: etree._Element) -> tuple[str, int | None]:
        """A cell's text: its paragraphs on separate lines, nested tables flattened."""
        lines: list[str] = []
        page = None
        for block in self.blocks(tc, nested=True):
            if isinstance(block, Paragraph):
                lines.append(block.text)
                page = page or block.page
            else:
                for row in block.rows:
                    lines.append("; ".join(c for c in row.cells if c.strip()))
        return "\n".join(line for line in lines if line.strip()), page


def _single_cell(tbl: etree._Element) -> etree._Element | None:
    """The only cell of a one-cell layout table that wraps another table, else None."""
    rows = list(_children(tbl, TR))
    if len(rows) != 1:
        return None
    cells = list(_children(rows[0], TC))
    if len(cells) != 1 or not any(True for _ in _children(cells[0], TBL)):
        return None
    return cells[0]
