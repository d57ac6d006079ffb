"""Warming the app's server process: the first page that charts (altair, and vega-lite's schema
its charts are validated against), offers a download (openpyxl) or compares text (pymorphy's
dictionaries, natasha's navec vectors, compare's calibration) pays for loading them, more than a
second on the first view of Сводка по региону; the first upload loads the readers
(`extractor.isolation.warm_up`). `warm` loads them by doing a tiny piece of
the same work, once per process; `roadmap app` runs it before its server starts (`ui.serve`), so
no session waits for it.
"""

from __future__ import annotations

import time

from streamlit.logger import get_logger

log = get_logger(__name__)  # printed in the server's terminal with Streamlit's own lines

# two rows of two municipalities' plans: grouping them loads everything matching uses
ROWS = (["Мониторинг результатов оценочных процедур"], ["Анализ результатов оценочных процедур"])


def warm() -> float:
    """Import and load what the pages need on first use; the seconds it took."""
    start = time.perf_counter()
    import altair as alt
    import openpyxl  # noqa: F401  (the pages' downloads)
    import pandas as pd

    from extractor.isolation import warm_up
    from review.alike import matched_across

    # a chart validated against vega-lite's schema, as the pages' charts are when drawn
    alt.Chart(pd.DataFrame({"n": [1]})).mark_bar().encode(x="n:Q").to_dict()
    matched_across([list(rows) for rows in ROWS])
    warm_up()
    return time.perf_counter() - start


def warm_logged() -> None:
    """`warm`, its time printed in the server's terminal; a failure is logged, not raised (the
    first page that needs a module then loads it)."""
    try:
        log.info("модули приложения загружены за %.1f с", warm())
    except Exception:
        log.exception("предварительная загрузка модулей не удалась")
