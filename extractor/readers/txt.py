"""Plain-text reader: one paragraph a line, runs of tab-separated lines as tables."""

from __future__ import annotations

import codecs
from pathlib import Path

from model import Block, Paragraph, RawDocument, Row, Table


def decode_text(data: bytes) -> str:
    """Decode UTF-16 (with its BOM) or UTF-8 (with or without BOM), falling back to Windows-1251."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def read_txt(path: Path) -> RawDocument:
    """Read a text rendering where table rows are tab-separated lines.

    Blank lines inside a run of rows (page breaks of the original) do not end the table;
    any other line does, so headings and page numbers between table parts stay paragraphs.
    """
    lines = decode_text(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    rows: list[Row] = []

    def close_table() -> None:
        if rows:
            blocks.append(Table(rows=list(rows)))
            rows.clear()

    for line in lines:
        if "\t" in line:
            rows.append(Row(cells=line.split("\t")))
        elif not line.strip():
            continue
        else:
            close_table()
            blocks.append(Paragraph(text=line.strip()))
    close_table()
    return RawDocument(path=path, format="txt", blocks=blocks)
