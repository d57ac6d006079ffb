"""The activities table: filters, sorting, paging and the figures the charts draw.

Works on the frame built by `ui.data.activities_frame()`: one row per activity, with the
document's region and municipality, the deadline's kind and span (`when_start`, `when_end`)
the persons, organisations and topic codes as tuples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

PAGE_SIZE = 50
NO_TOPIC = "без темы"


@dataclass(frozen=True)
class ActivityFilter:
    """What the user chose on the Мероприятия page; empty fields filter nothing."""

    regions: Collection[str] = ()
    municipalities: Collection[str] = ()
    years: Collection[int] = ()
    persons: Collection[str] = ()
    orgs: Collection[str] = ()
    kinds: Collection[str] = ()
    topics: Collection[str] = ()
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    activity_ids: Collection[int] | None = field(default=None)

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of `frame` that pass every chosen filter.

        Topics keep activities with any of the chosen ones. A deadline range keeps activities
        whose span overlaps it; `activity_ids` (the hits of a full-text search) keeps only those."""
        keep = pd.Series(True, index=frame.index)
        if self.regions:
            keep &= frame["region"].isin(self.regions)
        if self.municipalities:
            keep &= frame["municipality"].isin(self.municipalities)
        if self.years:
            keep &= frame["year"].isin(self.years)
        if self.kinds:
            keep &= frame["when_kind"].isin(self.kinds)
        if self.persons:
            wanted = set(self.persons)
            keep &= frame["persons"].map(lambda names: not wanted.isdisjoint(names))
        if self.orgs:
            wanted = set(self.orgs)
            keep &= frame["orgs"].map(lambda names: not wanted.isdisjoint(names))
        if self.topics:
            topics = set(self.topics)
            keep &= frame["topics"].map(lambda codes: not topics.isdisjoint(codes))
        if self.deadline_from is not None:
            keep &= frame["when_end"].notna() & (frame["when_end"] >= self.deadline_from)
        if self.deadline_to is not None:
            keep &= frame["when_start"].notna() & (frame["when_start"] <= self.deadline_to)
        if self.activity_ids is not None:
            keep &= frame["id"].isin(set(self.activity_ids))
        return frame[keep]


def choices(frame: pd.DataFrame, column: str) -> list:
    """The distinct non-empty values of a column (tuples flattened), sorted."""
    values = frame[column].dropna()
    if len(values) and isinstance(values.iloc[0], tuple):
        values = values.explode().dropna()
    return sorted(set(values))


def sort_and_page(frame: pd.DataFrame, column: str, ascending: bool, page: int) -> pd.DataFrame:
    """One page (1-based) of `frame` sorted by `column`, empty values last."""
    ordered = frame.sort_values(column, ascending=ascending, na_position="last", kind="stable")
    start = (page - 1) * PAGE_SIZE
    return ordered.iloc[start : start + PAGE_SIZE]


def page_count(rows: int) -> int:
    return max(1, -(-rows // PAGE_SIZE))


def per_month(frame: pd.DataFrame) -> pd.DataFrame:
    """Activities per month of their deadline's start (activities without a date left out)."""
    dates = pd.to_datetime(frame["when_start"].dropna())
    if dates.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "count": pd.Series(dtype=int)})
    months = dates.dt.to_period("M").dt.to_timestamp()
    counts = months.value_counts().sort_index()
    return pd.DataFrame({"month": counts.index, "count": counts.to_numpy()})


def per_responsible(frame: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The `top` persons and organisations named most often as responsible."""
    names = pd.concat([frame["persons"].explode(), frame["orgs"].explode()]).dropna()
    counts = names.value_counts().head(top)
    return pd.DataFrame({"responsible": counts.index, "count": counts.to_numpy()})


def per_topic(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Activities per topic (an activity counts under each of its topics), in taxonomy order,
    with the Russian label; activities with no topic are counted as «без темы»."""
    counts = frame["topics"].explode().dropna().value_counts()
    rows = [{"topic": label, "count": int(counts.get(code, 0))} for code, label in labels.items()]
    rows.append({"topic": NO_TOPIC, "count": int(frame["topics"].map(len).eq(0).sum())})
    return pd.DataFrame(rows, columns=["topic", "count"])


def topic_labels(codes: tuple[str, ...], labels: dict[str, str]) -> str:
    """Topic codes as their Russian labels, joined by «; »."""
    return "; ".join(labels.get(code, code) for code in codes)
