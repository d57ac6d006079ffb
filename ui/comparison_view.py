"""Tables, heatmap figures and exports for the Сравнение page, from `compare.Comparison` results
and the methodist's review of them."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from compare import Comparison, activity_refs
from compare.coverage import coverage
from compare.export_docx import write_docx
from compare.export_xlsx import write_xlsx
from compare.model import Coverage, Finding
from model import Document
from review.model import Decision, Reviewed
from ui.labels import GRADES, RULES, SEVERITIES, label

NO_SECTION = "Без раздела"


def coverage_frame(
    results: Mapping[str, Comparison], confirmed: Mapping[str, Coverage] | None = None
) -> pd.DataFrame:
    """One row per plan: coverage share, counts of matches, gaps and findings by severity. A
    plan in `confirmed` (one the methodist has decided on) is counted as she confirmed it,
    the tool's share beside it; the column «Оценка» says whose figure each row shows."""
    confirmed = confirmed or {}
    rows = []
    for plan, result in results.items():
        severities = pd.Series([f.severity for f in result.findings], dtype=object).value_counts()
        shown = confirmed.get(plan, result.coverage)
        rows.append(
            {
                "План": plan,
                "Покрытие": shown.share,
                "Оценка": "методиста" if plan in confirmed else "программы",
                "Покрыто": f"{shown.covered} из {shown.total}",
                "Полностью": shown.same,
                "Частично": shown.partial,
                "Покрытие по оценке программы": result.coverage.share,
                "Пробелов": shown.total - shown.covered,
                "Ошибок": int(severities.get("error", 0)),
                "Предупреждений": int(severities.get("warning", 0)),
                "Дополнительных": len(result.additions),
            }
        )
    return pd.DataFrame(rows)


def confirmed_coverage(template: Document, reviewed: Reviewed) -> Coverage:
    """Coverage of `template` by the matches as the methodist confirmed them (`review.reviewed`)."""
    return coverage(template, activity_refs(template), reviewed.matches)


def section_name(section: str | None, title: str | None) -> str:
    """A template section as the heatmap labels it: "1. Title", the title, or "Без раздела"."""
    if section and title:
        return f"{section}. {title}"
    return title or section or NO_SECTION


def heatmap_frame(
    results: Mapping[str, Comparison], confirmed: Mapping[str, Coverage] | None = None
) -> pd.DataFrame:
    """Long form of plans × template sections: the share of each section's activities covered
    (as the methodist confirmed it for the plans in `confirmed`)."""
    confirmed = confirmed or {}
    rows = [
        {
            "plan": plan,
            "section": section_name(s.section, s.title),
            "share": s.share,
            "covered": f"{s.covered} из {s.total}",
        }
        for plan, result in results.items()
        for s in confirmed.get(plan, result.coverage).sections
    ]
    return pd.DataFrame(rows, columns=["plan", "section", "share", "covered"])


def gaps_frame(result: Comparison) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "№": g.ref,
                "Раздел": section_name(g.section, g.section_title) if g.section or g.section_title else "",
                "Мероприятие шаблона": g.title,
                "Срок": g.deadline_raw,
                "Ответственные": g.responsible_raw,
            }
            for g in result.gaps
        ],
        columns=["№", "Раздел", "Мероприятие шаблона", "Срок", "Ответственные"],
    )


def findings_frame(
    result: Comparison, decided: Callable[[Finding], Decision | None] | None = None
) -> pd.DataFrame:
    """Findings, most serious first, with the rule and the raw texts they rest on; with
    `decided` (a finding's dismissal, if any), the methodist's decision beside each."""
    order = {"error": 0, "warning": 1, "info": 2}
    findings = sorted(result.findings, key=lambda f: order.get(f.severity, 3))
    columns = ["Важность", "Правило", "Замечание", "Шаблон", "План", "Основание"]
    rows = []
    for f in findings:
        row = {
            "Важность": label(SEVERITIES, f.severity),
            "Правило": label(RULES, f.rule),
            "Замечание": f.message,
            "Шаблон": f.template,
            "План": f.plan,
            "Основание": "; ".join(f"{v}" for v in f.evidence.values() if v),
        }
        if decided is not None:
            decision = decided(f)
            row["Решение методиста"] = (
                f"{verdict_text(decision)}: {decision.comment or '—'} ({stamp(decision)})"
                if decision
                else None
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=[*columns, *(["Решение методиста"] if decided else [])])


def export_bytes(result: Comparison, suffix: str) -> bytes:
    """The comparison written by the compare package's exporter for `suffix` ("xlsx" or "docx")."""
    writers: dict[str, Callable[[Comparison, Path], Path]] = {"xlsx": write_xlsx, "docx": write_docx}
    with tempfile.TemporaryDirectory() as folder:
        path = writers[suffix](result, Path(folder) / f"comparison.{suffix}")
        return path.read_bytes()


KINDS: dict[str, str] = {
    "match": "соответствие",
    "gap": "пробел",
    "finding": "замечание программы",
    "remark": "замечание методиста",
}


def verdict_text(decision: Decision) -> str:
    """The decision in the methodist's words: «подтверждено», «покрыто мероприятием плана 5»…"""
    match decision.verdict:
        case "confirmed":
            return "подтверждено"
        case "rejected":
            return "отклонено"
        case "regraded":
            return f"оценка изменена: {label(GRADES, decision.grade)}"
        case "covered":
            return f"покрыто мероприятием плана {decision.plan}"
        case "accepted":
            return "принято без мероприятия в плане"
        case "dismissed":
            return "замечание снято"
        case _:
            return "замечание методиста"


def _when(at: dt.datetime | None) -> str:
    return f"{at:%d.%m.%Y %H:%M} UTC" if at else "—"


def stamp(decision: Decision) -> str:
    """Who took the decision and when, and who carried it over from the earlier plan's review:
    «metod, 01.12.2026 20:15 UTC; перенёс curator, 02.12.2026 09:00 UTC»."""
    taken = f"{decision.decided_by or 'аноним'}, {_when(decision.decided_at)}"
    if decision.carried_at is None:
        return taken
    return f"{taken}; перенёс {decision.carried_by or 'аноним'}, {_when(decision.carried_at)}"


DECISION_COLUMNS = [
    "Что",
    "Шаблон",
    "План",
    "Правило",
    "Решение",
    "Комментарий",
    "Кто",
    "Когда (UTC)",
    "Перенёс",
    "Когда перенесено (UTC)",
]


def decisions_frame(decisions: list[Decision]) -> pd.DataFrame:
    """Every decision of a review: on what, the verdict, her comment, who and when, and who
    carried it over from the earlier plan's review and when."""
    return pd.DataFrame(
        [
            {
                "Что": KINDS[d.kind],
                "Шаблон": d.template,
                "План": d.plan,
                "Правило": label(RULES, d.rule) if d.rule else None,
                "Решение": verdict_text(d),
                "Комментарий": d.comment,
                "Кто": d.decided_by,
                "Когда (UTC)": d.decided_at,
                "Перенёс": d.carried_by,
                "Когда перенесено (UTC)": d.carried_at,
            }
            for d in decisions
        ],
        columns=DECISION_COLUMNS,
    )


def dropped_text(decision: Decision) -> str:
    """A decision a re-run of compare could not carry over, said in Russian."""
    rows = ", ".join(
        f"{side} {ref}" for side, ref in (("шаблон", decision.template), ("план", decision.plan)) if ref
    )
    rule = f" [{label(RULES, decision.rule)}]" if decision.rule else ""
    return f"{KINDS[decision.kind]}{rule} ({rows or '—'}): {verdict_text(decision)} — {stamp(decision)}"
