"""Build the .docx and .pdf renditions of the sample corpus from its plain-text seeds.

It lives in corpus/ because it makes the sample corpus itself: real users bring these
documents as Word files and PDFs, so each `corpus/<stem>.txt` gets a `<stem>.docx` written
with the Word features such files have (automatic numbering, merged cells, a repeated
header row, a landscape section for the plan, page numbers in the footer) and a
`<stem>.pdf` printed from it by LibreOffice. Every rule is generic: it looks only at the
blocks the txt reader returns, never at a particular file or at the gold.

    python corpus/make_renditions.py [--pdf/--no-pdf]
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from extractor.readers.txt import read_txt
from model import Block, Paragraph, Row, Table

CORPUS = Path(__file__).resolve().parent
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)(\.?)$")
LOOSE_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.*$")
NUMBERED_TEXT = re.compile(r"^(\d+(?:\.\d+)*)(\.)\s+(\S.*)$")
LIST_ITEM = re.compile(r"^[-–—]\s")
SEPARATOR = re.compile(r"^-*$")
PLAN_TITLE = re.compile(r"^(\d+\.\s*)?(\S+\s+){0,2}?(план|дорожн\w*\s+карт|комплекс\s+мер)", re.I)
EMPHASIS = re.compile(r"\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*")
HTML_BLOCK = re.compile(r"</?(?:p|div|ul|ol|li|br)\b[^>]*>", re.I)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
TITLE_LOOKBACK = 12
TABLE_STYLE = "Table Text"
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def parse_number(text: str) -> tuple[tuple[int, ...], bool] | None:
    """`"1.2."` -> ((1, 2), True): the number's parts and whether it ends with a dot."""
    match = NUMBER.match(text.strip())
    if not match:
        return None
    return tuple(int(p) for p in match[1].split(".")), bool(match[2])


def is_successor(prev: tuple[int, ...], cur: tuple[int, ...]) -> bool:
    """Whether `cur` is the number a proper outline sequence prints after `prev`."""
    if len(cur) == len(prev) + 1:
        return cur[:-1] == prev and cur[-1] == 1
    return len(cur) <= len(prev) and cur[:-1] == prev[: len(cur) - 1] and cur[-1] == prev[len(cur) - 1] + 1


def majority_dots(numbers: list[tuple[tuple[int, ...], bool]]) -> list[bool]:
    """Per list level, whether most numbers of that level end with a dot (Word prints one form)."""
    votes: dict[int, Counter[bool]] = {}
    for parts, dot in numbers:
        votes.setdefault(len(parts) - 1, Counter())[dot] += 1
    depth = max(votes, default=0) + 1
    return [votes[lvl].most_common(1)[0][0] if lvl in votes else True for lvl in range(depth)]


class NumberingPart:
    """Adds abstract numbering definitions and numbering instances to a document."""

    def __init__(self, document: Document) -> None:
        self.root = document.part.numbering_part.element
        ids = [int(e.get(qn("w:abstractNumId"))) for e in self.root.findall(qn("w:abstractNum"))]
        self.next_abstract = max(ids, default=0) + 1

    def add_abstract(self, dots: list[bool], in_table: bool) -> int:
        """A multilevel decimal list whose level k prints "%1.%2...%k" (+ "." where `dots`)."""
        abstract_id = self.next_abstract
        self.next_abstract += 1
        indent = (
            '<w:ind w:left="0" w:firstLine="0"/>' if in_table else '<w:ind w:left="0" w:firstLine="709"/>'
        )
        suffix = "nothing" if in_table else "space"
        levels = []
        for lvl in range(9):
            dot = dots[lvl] if lvl < len(dots) else True
            text = ".".join(f"%{k + 1}" for k in range(lvl + 1)) + ("." if dot else "")
            levels.append(
                f'<w:lvl w:ilvl="{lvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f"<w:pPr>{indent}</w:pPr></w:lvl>"
            )
        element = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
        )
        first_num = self.root.find(qn("w:num"))
        if first_num is None:
            self.root.append(element)
        else:
            first_num.addprevious(element)
        return abstract_id

    def add_num(self, abstract_id: int, level: int, start: int) -> int:
        """A numbering instance of `abstract_id` restarting `level` at `start`."""
        num = self.root.add_num(abstract_id)
        override = f'<w:lvlOverride {nsdecls("w")} w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
        num.append(parse_xml(override + "</w:lvlOverride>"))
        return num.numId


@dataclass
class OutlineList:
    """Word's counters for one list, deciding which printed numbers it can reproduce.

    Counters belong to the abstract list, so every instance continues them; a new instance
    restarts only the level of its first item (`startOverride`). A level that no item has
    used yet is displayed by deeper items as its start value (`None` here) and is never
    advanced: where a printed number would need that, the list is restarted at the number
    if the printed sequence makes a restart plausible, and otherwise the literal text stays.
    """

    numbering: NumberingPart
    dots: list[bool]
    in_table: bool
    abstract_id: int | None = None
    num_id: int | None = None
    counters: list[int | None] = field(default_factory=list)
    previous: tuple[int, ...] | None = None

    def place(self, number: str, may_restart: bool) -> tuple[int, int] | None:
        """(numId, level) printing `number`, or None where the literal text must stay."""
        loose = LOOSE_NUMBER.match(number.strip())
        parsed = parse_number(number)
        previous = self.previous
        if loose:
            self.previous = tuple(int(p) for p in loose[1].split("."))
        if parsed is None:
            return None
        parts, dot = parsed
        level = len(parts) - 1
        if level >= 9 or self.dots[level] != dot or 0 in parts:
            return None
        upper = [self.counters[k] if k < len(self.counters) else None for k in range(level)]
        if [1 if c is None else c for c in upper] != list(parts[:level]):
            return None
        if self.num_id is not None and parts[level] == self.next_value(level):
            self.counters = [*upper, parts[level]]
            return self.num_id, level
        if may_restart or parts[-1] == 1 or (previous is not None and is_successor(previous, parts)):
            if self.abstract_id is None:
                self.abstract_id = self.numbering.add_abstract(self.dots, self.in_table)
            self.num_id = self.numbering.add_num(self.abstract_id, level, parts[level])
            self.counters = [*upper, parts[level]]
            return self.num_id, level
        return None

    def next_value(self, level: int) -> int | None:
        """What the next item at `level` prints; None where Word and LibreOffice may differ."""
        if level >= len(self.counters):
            return 1
        current = self.counters[level]
        return None if current is None else current + 1


def cell_paragraphs(text: str) -> list[str]:
    """A cell's text as paragraphs: HTML blocks (<p>, <ul>, ...) and lines apart, tags stripped."""
    lines = [line for piece in HTML_BLOCK.split(text) for line in HTML_TAG.sub("", piece).split("\n")]
    return [line.strip() for line in lines if line.strip()] or [""]


def add_runs(paragraph: DocxParagraph, text: str) -> None:
    """Write `text`, turning markdown emphasis left by conversions into bold/italic runs."""
    position = 0
    for match in EMPHASIS.finditer(text):
        paragraph.add_run(text[position : match.start()])
        run = paragraph.add_run(match[1] or match[2])
        run.bold = match[1] is not None
        run.italic = match[2] is not None
        position = match.end()
    paragraph.add_run(text[position:])


def set_numbering(paragraph: DocxParagraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


@dataclass
class TableLayout:
    """How a txt table becomes a Word table: header, spans, vertical merges, number cells."""

    table: Table
    width: int
    header: bool
    number_column: bool
    spans: dict[int, int]
    vmerges: list[tuple[int, int, int]]
    first_number_row: int | None

    @classmethod
    def of(cls, table: Table) -> TableLayout:
        width = table.width
        rows = [r.cells + [""] * (width - len(r.cells)) for r in table.rows]
        spans = {i: span_start(cells) for i, cells in enumerate(rows) if width >= 3}
        spans = {i: s for i, s in spans.items() if s is not None}
        first = [c.strip() for c in rows[0]]
        header = width >= 3 and 0 not in spans and all(first) and not any(map(parse_number, first))
        data = [
            i
            for i, cells in enumerate(rows)
            if i not in spans
            and not (header and [c.strip() for c in cells] == first)
            and not all(SEPARATOR.match(c.strip()) for c in cells)
        ]
        numbered = sum(parse_number(rows[i][0]) is not None for i in data)
        number_column = width >= 3 and numbered * 2 >= len(data) > 0
        first_merged = 2 if number_column else 1
        vmerges = []
        for col in range(first_merged, width if width >= 3 else first_merged):
            start = None
            for k, i in enumerate(data):
                text = rows[i][col].strip()
                same = k > 0 and data[k - 1] == i - 1 and text and text == rows[i - 1][col].strip()
                if same and start is None:
                    start = i - 1
                if not same and start is not None:
                    vmerges.append((col, start, data[k - 1]))
                    start = None
            if start is not None:
                vmerges.append((col, start, data[-1]))
        first_number_row = next((i for i in data if parse_number(rows[i][0])), None)
        return cls(table, width, header, number_column, spans, vmerges, first_number_row)


def span_start(cells: list[str]) -> int | None:
    """For a heading row (text only in its first one or two cells): the cell that spans the rest."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    if filled and filled == list(range(len(filled))) and len(filled) <= 2 and len(filled) < len(cells) - 1:
        return filled[-1]
    return None


def column_widths(rows: list[Row], width: int, total_cm: float) -> list[float]:
    """Column widths in cm, growing (sublinearly) with the mean text length of each column."""
    weights = []
    for col in range(width):
        lengths = [len(r.cells[col]) for r in rows if col < len(r.cells) and r.cells[col].strip()]
        weights.append(min(max(sum(lengths) / max(len(lengths), 1), 10), 90) ** 0.7)
    scale = total_cm / sum(weights)
    return [w * scale for w in weights]


class Renderer:
    """Writes the blocks of one txt document into a new Word document."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.document = new_document()
        self.numbering = NumberingPart(self.document)
        plan_numbers = []
        plan_indices = [i for i, b in enumerate(blocks) if isinstance(b, Table) and b.width >= 3]
        self.layouts = {i: TableLayout.of(blocks[i]) for i in plan_indices}
        for layout in self.layouts.values():
            if layout.number_column:
                cells = [r.cells[0] for i, r in enumerate(layout.table.rows) if layout.spans.get(i) != 0]
                plan_numbers += [n for n in map(parse_number, cells) if n]
        self.table_list = OutlineList(self.numbering, majority_dots(plan_numbers), in_table=True)
        self.text_list = OutlineList(self.numbering, [True] * 9, in_table=False)
        self.operative = operative_part(blocks)
        self.landscape = plan_range(blocks, plan_indices)

    def render(self) -> Document:
        setup_styles(self.document)
        section = self.document.sections[0]
        set_page(section, landscape=self.landscape is not None and self.landscape[0] == 0)
        add_page_number(section)
        for i, block in enumerate(self.blocks):
            self.section_break(i)
            if isinstance(block, Paragraph):
                self.add_paragraph(i, block.text)
            else:
                self.add_table(i, block)
        return self.document

    def section_break(self, index: int) -> None:
        if self.landscape is None:
            return
        first, last = self.landscape
        if index == first and index > 0:
            set_page(self.document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        if index == last + 1:
            set_page(self.document.add_section(WD_SECTION.NEW_PAGE), landscape=False)

    def add_paragraph(self, index: int, text: str) -> None:
        paragraph = self.document.add_paragraph()
        match = NUMBERED_TEXT.match(text) if index in self.operative else None
        if match:
            placed = self.text_list.place(match[1] + match[2], may_restart=index == min(self.operative))
            if placed:
                set_numbering(paragraph, *placed)
                text = match[3]
        heading = text.isupper() and len(text) < 120
        if heading:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if len(text) > 80 else None
            if not placed_number(paragraph):
                paragraph.paragraph_format.first_line_indent = Cm(1.25)
        add_runs(paragraph, text)
        if heading:
            for run in paragraph.runs:
                run.bold = True

    def add_table(self, index: int, table: Table) -> None:
        layout = self.layouts.get(index)
        width = table.width
        docx_table = self.document.add_table(rows=len(table.rows), cols=width)
        docx_table.style = self.document.styles["Table Grid"]
        landscape = self.landscape is not None and self.landscape[0] <= index <= self.landscape[1]
        widths = column_widths(table.rows, width, 25.2 if landscape else 16.0)
        docx_table.autofit = False
        for column, cm in zip(docx_table.columns, widths, strict=True):
            column.width = Cm(cm)
        for row in docx_table.rows:
            for cell, cm in zip(row.cells, widths, strict=True):
                cell.width = Cm(cm)
        grid = [row.cells for row in docx_table.rows]
        if layout:
            for i, start in layout.spans.items():
                grid[i][start].merge(grid[i][width - 1])
            for col, top, bottom in layout.vmerges:
                grid[top][col].merge(grid[bottom][col])
            if layout.header:
                tr_pr = docx_table.rows[0]._tr.get_or_add_trPr()
                tr_pr.append(OxmlElement("w:tblHeader"))
        covered = set()
        if layout:
            covered |= {(i, c) for i, s in layout.spans.items() for c in range(s + 1, width)}
            covered |= {(i, c) for c, top, bottom in layout.vmerges for i in range(top + 1, bottom + 1)}
        for i, row in enumerate(table.rows):
            cells = row.cells + [""] * (width - len(row.cells))
            for col, text in enumerate(cells):
                if (i, col) not in covered:
                    self.fill_cell(grid[i][col].paragraphs[0], text, layout, i, col)

    def fill_cell(
        self, paragraph: DocxParagraph, text: str, layout: TableLayout | None, i: int, col: int
    ) -> None:
        paragraph.style = self.document.styles[TABLE_STYLE]
        if layout and layout.number_column and col == 0 and layout.spans.get(i) != 0:
            placed = self.table_list.place(text, may_restart=i == layout.first_number_row)
            if placed:
                set_numbering(paragraph, *placed)
                return
        lines = cell_paragraphs(text)
        add_runs(paragraph, lines[0])
        cell = paragraph._parent
        for line in lines[1:]:
            extra = cell.add_paragraph(style=self.document.styles[TABLE_STYLE])
            add_runs(extra, line)


def placed_number(paragraph: DocxParagraph) -> bool:
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.numPr is not None


def operative_part(blocks: list[Block]) -> set[int]:
    """Indices of the blocks of an order's operative part: numbered points after "приказываю:"."""
    indices: set[int] = set()
    inside = False
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            plain = re.sub(r"[\s*]", "", block.text).lower()
            if plain.endswith("приказываю:"):
                inside = True
                continue
            if inside and not (NUMBERED_TEXT.match(block.text) or LIST_ITEM.match(block.text)):
                inside = False
        if inside:
            indices.add(i)
    return indices


def plan_range(blocks: list[Block], plan_indices: list[int]) -> tuple[int, int] | None:
    """First and last block of the plan part: from the plan's title to its last table."""
    if not plan_indices:
        return None
    first = plan_indices[0]
    for i in range(first - 1, max(first - 1 - TITLE_LOOKBACK, -1), -1):
        block = blocks[i]
        if isinstance(block, Table):
            break
        if PLAN_TITLE.match(block.text):
            first = i
            while (
                first > 0
                and isinstance(blocks[first - 1], Paragraph)
                and PLAN_TITLE.match(blocks[first - 1].text)
            ):
                first -= 1
            break
    return first, plan_indices[-1]


def setup_styles(document: Document) -> None:
    """Times New Roman 12 for text, 10 in tables, single spacing as in an order."""
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:cs"):
        fonts.set(qn(attr), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    table_text = document.styles.add_style(TABLE_STYLE, 1)
    table_text.base_style = normal
    table_text.font.size = Pt(10)


def set_page(section: Section, landscape: bool) -> None:
    """A4 with the margins of Russian office documents, turned for a wide plan table."""
    long, short = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin = Cm(2 if landscape else 3)
    section.right_margin = Cm(1.5)


def add_page_number(section: Section) -> None:
    """A centred PAGE field in the footer (later sections inherit it)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run()._r.append(field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    paragraph.add_run()._r.append(field_char("separate"))
    paragraph.add_run("1")
    paragraph.add_run()._r.append(field_char("end"))


def field_char(kind: str) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def render_docx(txt: Path) -> Path:
    """Write `<stem>.docx` beside `txt` (byte for byte the same on every run) and return its path."""
    target = txt.with_suffix(".docx")
    buffer = io.BytesIO()
    Renderer(read_txt(txt).blocks).render().save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_DATE), source.read(info))
    return target


def convert_to_pdf(paths: list[Path], outdir: Path) -> None:
    """Print the given .docx files to PDF with LibreOffice (its own throwaway profile)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *map(str, paths),
            ],
            check=True,
            capture_output=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", action=argparse.BooleanOptionalAction, default=True, help="also print PDFs")
    args = parser.parse_args()
    written = [render_docx(txt) for txt in sorted(CORPUS.glob("*.txt"))]
    if args.pdf:
        convert_to_pdf(written, CORPUS)
    for path in written:
        print(path.name, *([path.with_suffix(".pdf").name] if args.pdf else []))


if __name__ == "__main__":
    main()
