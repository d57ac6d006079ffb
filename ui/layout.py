"""How every page's tables and charts look: shared constants, the one way a table is shown and
the one coverage heat map (plans or municipalities against the template's sections)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

WRAPPED_ROW = 76
"""Row height (px) of tables with long texts: about three wrapped lines of a cell."""


def show_table(
    frame: pd.DataFrame, columns: dict[str, Any] | None = None, *, wrapped: bool = False, slot: Any = st
) -> Any:
    """Show `frame` as every page shows a table: no index, «—» where a value is missing, the
    page's width; `columns`: Streamlit column configurations by column name; `wrapped`: rows
    tall enough for about three wrapped lines (`WRAPPED_ROW`); `slot`: where (a placeholder
    such as `st.empty()`), by default the page."""
    return slot.dataframe(
        frame,
        hide_index=True,
        placeholder="—",
        width="stretch",
        column_config=columns,
        row_height=WRAPPED_ROW if wrapped else None,
    )


def show_coverage_heatmap(
    frame: pd.DataFrame,
    row: tuple[str, str],
    share_title: str,
    sections: list[str] | None = None,
    tooltips: tuple[alt.Tooltip, ...] = (),
) -> None:
    """A heat map of `frame`'s `share` (0..1) by `section` (in the order of `sections`, else
    alphabetical) and by the row field and title `row` («plan», «План»), red to green, each cell
    labelled with its percentage; `share_title` names the share in the legend and tooltip,
    `tooltips` are shown after the row, the section and the share."""
    field, title = row
    base = alt.Chart(frame).encode(
        x=alt.X(
            "section:N",
            title="Раздел шаблона",
            sort=alt.Undefined if sections is None else sections,
            axis=alt.Axis(labelAngle=-30, labelLimit=260),
        ),
        y=alt.Y(f"{field}:N", title=title, axis=alt.Axis(labelLimit=320)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "share:Q",
            title=share_title,
            scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"),
            legend=alt.Legend(format="%"),
        ),
        tooltip=[
            alt.Tooltip(f"{field}:N", title=title),
            alt.Tooltip("section:N", title="Раздел"),
            alt.Tooltip("share:Q", title=share_title, format=".0%"),
            *tooltips,
        ],
    )
    labels = base.mark_text(fontSize=12).encode(text=alt.Text("share:Q", format=".0%"))
    st.altair_chart(cells + labels, width="stretch")
