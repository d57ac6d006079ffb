"""A review as an .xlsx workbook (the house style of `compare.export_xlsx`): every decision with
who took it and when, and every match, gap and finding of the comparison with its verdict."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from compare.core import activity_refs
from compare.export_xlsx import print_setup, sheet_table
from compare.model import ActivityRef, Comparison
from model import Document
from model.labels import GRADES, RULES, SEVERITIES, label
from review.apply import METHODIST_SIGNAL, carried, reviewed
from review.model import Decision
from review.remarks import remarks, requisites

KINDS = {"match": "соответствие", "gap": "пробел", "finding": "замечание", "remark": "замечание методиста"}
VERDICTS = {
    "confirmed": "подтверждено",
    "rejected": "отклонено",
    "regraded": "оценка изменена",
    "covered": "отражено в плане",
    "accepted": "принято без отражения",
    "dismissed": "снято",
    "remark": "замечание",
}
UNDECIDED = "не рассмотрено"


def _when(decision: Decision | None) -> str:
    if decision is None or decision.decided_at is None:
        return ""
    return f"{decision.decided_at:%d.%m.%Y %H:%M}"


def _carried(decision: Decision) -> str:
    """Who carried the decision over from the earlier plan's review, and when; empty if nobody."""
    if decision.carried_at is None:
        return ""
    return f"{decision.carried_by or 'аноним'}, {decision.carried_at:%d.%m.%Y %H:%M}"


def _decision_rows(comparison: Comparison, decisions: list[Decision]) -> list[list]:
    _, dropped = carried(decisions, comparison)
    gone = {d.key for d in dropped}
    return [
        [
            label(KINDS, d.kind),
            d.template or "",
            d.plan or "",
            label(RULES, d.rule) if d.rule else "",
            label(VERDICTS, d.verdict),
            label(GRADES, d.grade) if d.grade else "",
            d.comment or "",
            d.decided_by or "",
            _when(d),
            "нет: строки больше нет в сравнении" if d.key in gone else "да",
            _carried(d),
        ]
        for d in decisions
    ]


def _match_rows(comparison: Comparison, decisions: list[Decision]) -> list[list]:
    """The tool's matches with her verdict and the grade it leaves, then the matches she added."""
    kept, _ = carried(decisions, comparison)
    on_matches = {(d.template, d.plan): d for d in kept if d.kind == "match"}
    rows = []
    for m in comparison.matches:
        d = on_matches.get((m.template, m.plan))
        final = "" if d is not None and d.verdict == "rejected" else label(GRADES, (d and d.grade) or m.grade)
        rows.append(
            [
                m.template,
                m.template_title,
                m.plan,
                m.plan_title,
                label(GRADES, m.grade),
                m.score,
                label(VERDICTS, d.verdict) if d else UNDECIDED,
                final,
                (d and d.decided_by) or "",
                _when(d),
            ]
        )
    by_key = {(d.template, d.plan): d for d in kept if d.kind in ("match", "gap") and d.plan}
    for m in reviewed(comparison, decisions).matches:
        if m.signals == {METHODIST_SIGNAL: 1.0}:
            d = by_key.get((m.template, m.plan))
            rows.append(
                [
                    m.template,
                    m.template_title,
                    m.plan,
                    m.plan_title,
                    "",
                    "",
                    "добавлено методистом",
                    label(GRADES, m.grade),
                    (d and d.decided_by) or "",
                    _when(d),
                ]
            )
    return rows


def _gap_rows(comparison: Comparison, decisions: list[Decision], template: Document) -> list[list]:
    """The tool's gaps and the template rows a rejected match left open, with her verdict."""
    kept, _ = carried(decisions, comparison)
    on_gaps = {d.template: d for d in kept if d.kind == "gap"}
    result = reviewed(comparison, decisions)
    rows: list[ActivityRef] = list(comparison.gaps)
    rows += [g for g in result.gaps + result.accepted if g.ref not in {r.ref for r in comparison.gaps}]
    sections = {
        ref: a.section_title or a.section or ""
        for ref, a in zip(activity_refs(template), template.activities, strict=True)
    }
    still_open = {g.ref for g in result.gaps}
    out = []
    for g in rows:
        d = on_gaps.get(g.ref)
        if d is not None:
            verdict = label(VERDICTS, d.verdict) + (f": мероприятие {d.plan}" if d.plan else "")
        else:
            verdict = "не отражено" if g.ref in still_open else "отражено (соответствие добавлено)"
        out.append(
            [
                g.ref,
                g.section_title or g.section or sections.get(g.ref, ""),
                g.title,
                g.deadline_raw or "",
                verdict,
                (d and d.comment) or "",
                (d and d.decided_by) or "",
                _when(d),
            ]
        )
    return out


def _finding_rows(comparison: Comparison, decisions: list[Decision]) -> list[list]:
    kept, _ = carried(decisions, comparison)
    dismissed = {d.key: d for d in kept if d.kind == "finding"}
    out = []
    for f in comparison.findings:
        d = dismissed.get(
            Decision(kind="finding", verdict="dismissed", rule=f.rule, template=f.template, plan=f.plan).key
        )
        out.append(
            [
                label(RULES, f.rule),
                label(SEVERITIES, f.severity),
                f.template or "",
                f.plan or "",
                f.message,
                "; ".join(f"{k}: {v}" for k, v in f.evidence.items() if v),
                "снято" if d else "в силе",
                (d and d.comment) or "",
                (d and d.decided_by) or "",
                _when(d),
            ]
        )
    return out


def _summary(
    sheet: Worksheet, comparison: Comparison, decisions: list[Decision], template: Document, plan: Document
) -> None:
    """The two documents' requisites and how many decisions and remarks the review holds."""
    result = reviewed(comparison, decisions)
    rows = [
        ["Шаблон", requisites(template) or template.source],
        ["Файл шаблона", Path(template.source).name],
        ["План", requisites(plan) or plan.source],
        ["Файл плана", Path(plan.source).name],
        ["Орган, представивший план", plan.meta.authority or plan.meta.municipality or ""],
        ["Решений методиста", len(decisions)],
        ["Соответствий после проверки", len(result.matches)],
        ["Не отражено мероприятий шаблона", len(result.gaps)],
        ["Замечаний в письмо", sum(len(s.remarks) for s in remarks(comparison, decisions, template, plan))],
    ]
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        row[0].font = Font(bold=True)
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 36, 90
    print_setup(sheet)


def decisions_xlsx(
    comparison: Comparison, decisions: list[Decision], template: Document, plan: Document
) -> bytes:
    """The review as the bytes of an .xlsx: sheets Проверка, Решения, Соответствия, Пробелы, Замечания."""
    book = Workbook()
    summary = book.active
    summary.title = "Проверка"
    _summary(summary, comparison, decisions, template, plan)
    sheet_table(
        book.create_sheet("Решения"),
        [
            "Вид",
            "№ в шаблоне",
            "№ в плане",
            "Правило",
            "Решение",
            "Оценка",
            "Комментарий",
            "Кто",
            "Когда",
            "Применяется",
            "Перенесено из прежней проверки",
        ],
        _decision_rows(comparison, decisions),
        [20, 10, 10, 22, 20, 12, 50, 16, 17, 20, 24],
    )
    who = ["Кто решил", "Когда"]
    sheet_table(
        book.create_sheet("Соответствия"),
        [
            "№ в шаблоне",
            "Мероприятие шаблона",
            "№ в плане",
            "Мероприятие плана",
            "Оценка программы",
            "Балл",
            "Решение",
            "Итоговая оценка",
            *who,
        ],
        _match_rows(comparison, decisions),
        [10, 50, 10, 50, 14, 8, 20, 14, 16, 17],
    )
    sheet_table(
        book.create_sheet("Пробелы"),
        ["№ в шаблоне", "Раздел", "Мероприятие шаблона", "Срок", "Решение", "Комментарий", *who],
        _gap_rows(comparison, decisions, template),
        [10, 30, 60, 20, 30, 40, 16, 17],
    )
    sheet_table(
        book.create_sheet("Замечания"),
        [
            "Правило",
            "Важность",
            "№ в шаблоне",
            "№ в плане",
            "Замечание",
            "Исходный текст",
            "Решение",
            "Комментарий",
            *who,
        ],
        _finding_rows(comparison, decisions),
        [22, 16, 10, 10, 50, 50, 12, 40, 16, 17],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
