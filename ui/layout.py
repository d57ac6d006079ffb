"""How every page's tables look: shared constants and the one way a table is shown."""

from __future__ import annotations

from typing import Any

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
