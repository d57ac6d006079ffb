"""The letter of remarks (.docx) a methodist sends a municipality about its road map: addressee,
subject with the plan's requisites, the remarks she confirmed by template section, and a
signature block left for her to fill. The workbook of every decision is `review.workbook`.

    data = letter_of_remarks(comparison, decisions, template, plan, author="Иванова А.А.")
"""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from compare.core import activity_refs
from compare.model import Comparison
from model import Document
from review.apply import reviewed
from review.model import Decision
from review.remarks import Section, remarks, requisites
from review.workbook import decisions_xlsx

__all__ = ["decisions_xlsx", "letter_of_remarks", "requisites", "subject"]

OUTSIDE = "Мероприятия дорожной карты, не предусмотренные региональным планом"
NO_ADDRESSEE = "_" * 40
SIGNATURE = ("(должность)", "(подпись)", "(фамилия, инициалы)")


def subject(plan: Document) -> str:
    """«О замечаниях к дорожной карте (приказ от … № … «…»)»."""
    return "О замечаниях к дорожной карте" + _cited(plan)


def _addressee(plan: Document) -> str:
    """The plan's authority, else its municipality, else a line to fill."""
    meta = plan.meta
    return meta.authority or meta.municipality or NO_ADDRESSEE


def _heading(section: Section) -> str | None:
    if section.outside:
        return OUTSIDE
    if section.number and section.title:
        return f"Раздел {section.number}. {section.title}"
    return section.title or (f"Раздел {section.number}" if section.number else None)


def _intro(comparison: Comparison, decisions: list[Decision], template: Document) -> str:
    """What was checked against what, and how much of the template the plan answers."""
    result = reviewed(comparison, decisions)
    total = len(set(activity_refs(template)))
    covered = len({m.template for m in result.matches})
    return (
        f"Дорожная карта рассмотрена на соответствие региональному плану{_cited(template)}. "
        f"Из {total} мероприятий регионального плана в дорожной карте отражено {covered}."
    )


def _cited(document: Document) -> str:
    cited = requisites(document)
    return f" ({cited})" if cited else ""


def _paragraph(doc: WordDocument, text: str, *, bold: bool = False, align=None, size: float | None = None):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _signature(doc: WordDocument) -> None:
    """Three lines to fill, with what goes on each under it."""
    table = doc.add_table(rows=2, cols=len(SIGNATURE))
    for k, word in enumerate(SIGNATURE):
        line, under = table.cell(0, k), table.cell(1, k)
        line.text, under.text = "_" * 22, word
        under.paragraphs[0].runs[0].font.size = Pt(9)
        for cell in (line, under):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def letter_of_remarks(
    comparison: Comparison,
    decisions: list[Decision],
    template: Document,
    plan: Document,
    *,
    author: str | None = None,
) -> bytes:
    """The letter of the remarks the methodist confirmed on `comparison` (see
    `review.remarks`), as the bytes of a .docx; `author` is named as the one who prepared it."""
    doc = WordDocument()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    for section in doc.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _paragraph(doc, _addressee(plan), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "от ____________ № ____________")
    _paragraph(doc, subject(plan), bold=True)
    _paragraph(doc, _intro(comparison, decisions, template), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    sections = remarks(comparison, decisions, template, plan)
    if not sections:
        _paragraph(doc, "Замечаний к дорожной карте нет.")
    else:
        _paragraph(doc, "По результатам рассмотрения сообщаем следующие замечания.")
    number = 0
    for section in sections:
        heading = _heading(section)
        if heading:
            _paragraph(doc, heading, bold=True)
        for remark in section.remarks:
            number += 1
            _paragraph(doc, f"{number}. {remark.text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if sections:
        _paragraph(
            doc,
            "Просим доработать дорожную карту с учётом замечаний и представить её повторно.",
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        )
    doc.add_paragraph()
    _signature(doc)
    if author:
        doc.add_paragraph()
        _paragraph(doc, f"Исполнитель: {author}", size=10)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
