"""Tables, heatmap figures and exports for the Сравнение page, from `compare.Comparison` results."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from compare import Comparison
from compare.export_docx import write_docx
from compare.export_xlsx import write_xlsx
from ui.labels import RULES, SEVERITIES, label

NO_SECTION = "Без раздела"


def coverage_frame(results: Mapping[str, Comparison]) -> pd.DataFrame:
    """One row per plan: coverage share, counts of matches, gaps and findings by severity."""
    rows = []
    for plan, result in results.items():
        severities = pd.Series([f.severity for f in result.findings], dtype=object).value_counts()
        rows.append(
            {
                "План": plan,
                "Покрытие": result.coverage.share,
                "Покрыто": f"{result.coverage.covered} из {result.coverage.total}",
                "Полностью": result.coverage.same,
                "Частично": result.coverage.partial,
                "Пробелов": len(result.gaps),
                "Ошибок": int(severities.get("error", 0)),
                "Предупреждений": int(severities.get("warning", 0)),
                "Дополнительных": len(result.additions),
            }
        )
    return pd.DataFrame(rows)


def section_name(section: str | None, title: str | None) -> str:
    """A template section as the heatmap labels it: "1. Title", the title, or "Без раздела"."""
    if section and title:
        return f"{section}. {title}"
    return title or section or NO_SECTION


def heatmap_frame(results: Mapping[str, Comparison]) -> pd.DataFrame:
    """Long form of plans × template sections: the share of each section's activities covered."""
    rows = [
        {
            "plan": plan,
            "section": section_name(s.section, s.title),
            "share": s.share,
            "covered": f"{s.covered} из {s.total}",
        }
        for plan, result in results.items()
        for s in result.coverage.sections
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


def findings_frame(result: Comparison) -> pd.DataFrame:
    """Findings, most serious first, with the rule and the raw texts they rest on."""
    order = {"error": 0, "warning": 1, "info": 2}
    findings = sorted(result.findings, key=lambda f: order.get(f.severity, 3))
    return pd.DataFrame(
        [
            {
                "Важность": label(SEVERITIES, f.severity),
                "Правило": label(RULES, f.rule),
                "Замечание": f.message,
                "Шаблон": f.template,
                "План": f.plan,
                "Основание": "; ".join(f"{v}" for v in f.evidence.values() if v),
            }
            for f in findings
        ],
        columns=["Важность", "Правило", "Замечание", "Шаблон", "План", "Основание"],
    )


def export_bytes(result: Comparison, suffix: str) -> bytes:
    """The comparison written by the compare package's exporter for `suffix` ("xlsx" or "docx")."""
    writers: dict[str, Callable[[Comparison, Path], Path]] = {"xlsx": write_xlsx, "docx": write_docx}
    with tempfile.TemporaryDirectory() as folder:
        path = writers[suffix](result, Path(folder) / f"comparison.{suffix}")
        return path.read_bytes()
