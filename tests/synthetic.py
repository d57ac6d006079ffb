"""Synthetic long plans built from the corpus rows, for size tests and benchmarks."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HEADER = ("№ п/п", "Наименование мероприятия", "Сроки исполнения", "Ответственный исполнитель", "Результат")
ROWS_PER_PAGE = 2.5  # corpus rows are long: LibreOffice prints about 2.5 of them on an A4 page


def corpus_rows() -> list[tuple[str, str, str, str]]:
    """Title, deadline, responsible and result of the numbered corpus plan rows (txt forms)."""
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) >= 4 and cells[0].strip()[:1].isdigit() and len(cells[1]) > 20:
                title, deadline, responsible, result = (cells + [""] * 5)[1:5]
                rows.append((title, deadline, responsible, result))
    return rows


def build_long_plan(folder: Path, pages: int, pdf: bool = True) -> tuple[Path, Path | None]:
    """An order with a plan table of about `pages` printed pages, as .docx and (if asked) .pdf."""
    document = docx.Document()
    document.add_paragraph("ПРИКАЗ")
    document.add_paragraph("от 01.09.2021 № 100")
    document.add_paragraph("Об утверждении плана мероприятий («дорожной карты») на 2021-2022 учебный год")
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    source = corpus_rows()
    for index in range(round(pages * ROWS_PER_PAGE)):
        values = (f"{index + 1}.", *source[index % len(source)])
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    docx_path = folder / f"plan_{pages}_pages.docx"
    document.save(docx_path)
    if not pdf:
        return docx_path, None
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return docx_path, docx_path.with_suffix(".pdf")
