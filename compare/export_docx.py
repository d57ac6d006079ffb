"""A comparison as the body of a short compliance letter (.docx) with the same content as the workbook."""

from __future__ import annotations

from pathlib import Path

from docx import Document as WordDocument
from docx.shared import Pt

from compare.model import Comparison

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def write_docx(comparison: Comparison, path: Path) -> Path:
    """Write the letter body to `path` and return it."""
    doc = WordDocument()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(12)
    c = comparison.coverage
    template, plan = Path(comparison.template_source).name, Path(comparison.plan_source).name
    doc.add_heading("О соответствии муниципальной дорожной карты региональному плану", level=1)
    doc.add_paragraph(
        f"Рассмотрен план «{comparison.plan_title or plan}» ({plan}) на соответствие региональному "
        f"плану «{comparison.template_title or template}» ({template})."
    )
    doc.add_paragraph(
        f"Из {c.total} мероприятий регионального плана в муниципальном плане отражено {c.covered} "
        f"({c.share:.0%}): полностью {c.same}, частично {c.partial}. "
        f"Не отражено: {len(comparison.gaps)}. Собственных мероприятий плана: {len(comparison.additions)}."
    )
    if comparison.gaps:
        doc.add_heading("Не отражены мероприятия регионального плана", level=2)
        for g in comparison.gaps:
            doc.add_paragraph(f"{g.ref}. {g.title}", style="List Bullet")
    partial = [m for m in comparison.matches if m.grade == "partial"]
    if partial:
        doc.add_heading("Отражены частично", level=2)
        for m in partial:
            why = f" ({m.reason})" if m.reason else ""
            doc.add_paragraph(f"{m.template} → {m.plan}: {m.plan_title}{why}", style="List Bullet")
    remarks = sorted(
        (f for f in comparison.findings if f.rule not in {"gap", "partial_coverage", "addition"}),
        key=lambda f: SEVERITY_ORDER[f.severity],
    )
    if remarks:
        doc.add_heading("Замечания", level=2)
        for f in remarks:
            doc.add_paragraph(f.message, style="List Bullet")
    doc.add_paragraph("Просим доработать муниципальный план с учётом изложенного и представить его повторно.")
    path = Path(path)
    doc.save(path)
    return path
