"""Сводка по региону as frames: the store's regional summary (`store.region`) read through
`review.region` into the tables the page shows, cached per database and store change.

The store is read once per change of what the summary rests on (`store.region.change_mark`, one
SELECT per page view) and kept as one object (`st.cache_resource`); the tables of a template and
a date are cached as frames (`st.cache_data`), so a page view after the first reads one SELECT
and unpickles a few small frames. Compare's matcher over the plans' own rows runs once per
change of those rows (`matched_pairs`), not on every decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from review.alike import matched_across
from review.region import (
    coverage_matrix,
    falling_due,
    recurring_additions,
    sections,
    weak_activities,
)
from store import Store
from store.region import Region, change_mark, region


@dataclass(frozen=True)
class Tables:
    """What the page shows for one template: the coverage table (municipalities × sections,
    shares 0..1) and its long form for the heatmap, weak template rows, recurring additions,
    activities due per month, overdue activities, how many activities have no date."""

    coverage: pd.DataFrame
    heat: pd.DataFrame
    weak: pd.DataFrame
    additions: pd.DataFrame
    months: pd.DataFrame
    overdue: pd.DataFrame
    undated: int


def current_region(store: Store) -> tuple[tuple, Region]:
    """The store's change mark and its regional summary, read again only when the mark moved."""
    mark = change_mark(store)
    return mark, stored_region(store.url, mark, store)


@st.cache_resource(show_spinner=False, max_entries=2)
def stored_region(url: str, mark: tuple, _store: Store) -> Region:
    """The regional summary of the store at `url` as of `mark` (kept while the mark stands)."""
    return region(_store)


def template_names(summary: Region) -> dict[int, str]:
    """Templates by id, those with most municipalities first: «file — title (date)»."""
    counts = {t.id: len(summary.of(t.id)) for t in summary.templates}
    out = {}
    for t in sorted(summary.templates, key=lambda t: (-counts[t.id], t.file_name)):
        when = f", {t.date:%d.%m.%Y}" if t.date else ""
        out[t.id] = f"{t.file_name} — {t.title or 'без заголовка'}{when} (муниципалитетов: {counts[t.id]})"
    return out


@st.cache_data(show_spinner="Составляю сводку…", max_entries=16)
def tables(url: str, mark: tuple, template_id: int, today: dt.date, _summary: Region) -> Tables:
    """The page's tables for `template_id` on `today` (cached per database, change and date)."""
    return build_tables(_summary, template_id, today)


@st.cache_data(show_spinner="Ищу похожие собственные мероприятия муниципалитетов…", max_entries=16)
def matched_pairs(wordings: list[list[str]]) -> set[tuple[int, int]]:
    """`review.alike.matched_across`, cached by the wordings: a decision that leaves every
    plan's own rows as they were (most do) does not run compare's matcher again."""
    return matched_across(wordings)


def build_tables(summary: Region, template_id: int, today: dt.date) -> Tables:
    """The page's tables for `template_id`'s latest plans, overdue counted on `today`."""
    plans, rows = summary.of(template_id), summary.rows.get(template_id, [])
    parts = sections(rows)
    matrix = coverage_matrix(plans, rows)
    coverage = pd.DataFrame(
        [
            {
                "Муниципалитет": r.municipality,
                "План": r.plan_name,
                "Дата плана": r.plan_date,
                "Статус проверки": r.status,
                "Покрытие": r.share,
                **{s.label: r.shares.get(s.key, 0.0) for s in parts},
            }
            for r in matrix
        ],
        columns=["Муниципалитет", "План", "Дата плана", "Статус проверки", "Покрытие"]
        + [s.label for s in parts],
    )
    heat = pd.DataFrame(
        [
            {"municipality": r.municipality, "section": s.label, "share": r.shares.get(s.key, 0.0)}
            for r in matrix
            for s in parts
        ],
        columns=["municipality", "section", "share"],
    )
    weak = pd.DataFrame(
        [
            {
                "№": w.ref,
                "Раздел": w.section,
                "Мероприятие шаблона": w.title,
                "Не отражено": len(w.missing),
                "Отражено частично": len(w.partial),
                "Где не отражено": "; ".join(w.missing),
                "Где частично": "; ".join(w.partial),
            }
            for w in weak_activities(plans, rows)
        ],
        columns=[
            "№",
            "Раздел",
            "Мероприятие шаблона",
            "Не отражено",
            "Отражено частично",
            "Где не отражено",
            "Где частично",
        ],
    )
    additions = pd.DataFrame(
        [
            {
                "Мероприятие": g.title,
                "Муниципалитетов": len(g.municipalities),
                "Муниципалитеты": "; ".join(g.municipalities),
                "Другие формулировки": "\n".join(g.titles[1:]),
            }
            for g in recurring_additions(plans, matcher=matched_pairs)
        ],
        columns=["Мероприятие", "Муниципалитетов", "Муниципалитеты", "Другие формулировки"],
    )
    due = falling_due(plans, today)
    months = pd.DataFrame(
        [
            {"month": month, "kind": kind, "count": count}
            for month, total, late in due.per_month()
            for kind, count in (("в срок или выполнено", total - late), ("просрочено", late))
            if count
        ],
        columns=["month", "kind", "count"],
    )
    overdue = pd.DataFrame(
        [
            {
                "Муниципалитет": a.municipality,
                "№": a.ref,
                "Мероприятие": a.title,
                "Срок (как в плане)": a.deadline_raw,
                "Окончание срока": a.due,
                "Отметка о выполнении": a.status_raw,
                "Ответственные": a.responsible_raw,
            }
            for a in due.overdue
        ],
        columns=[
            "Муниципалитет",
            "№",
            "Мероприятие",
            "Срок (как в плане)",
            "Окончание срока",
            "Отметка о выполнении",
            "Ответственные",
        ],
    )
    return Tables(coverage, heat, weak, additions, months, overdue, due.undated)
