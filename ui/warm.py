"""Warming the app's server process: the first page that charts (altair, and vega-lite's schema
its charts are validated against), offers a download (openpyxl) or compares text (pymorphy's
dictionaries, natasha's navec vectors, compare's calibration) pays for loading them, more than a
second on the first view of Сводка по региону. `warm` loads them by doing a tiny piece of
the same work, once per process; `roadmap app` runs it in a background thread as the server
starts (`ui.serve`), so no session waits for it.
"""

from __future__ import annotations

import threading
import time

from streamlit.logger import get_logger

log = get_logger(__name__)  # printed in the server's terminal with Streamlit's own lines

# two rows of two municipalities' plans: grouping them loads everything matching uses
ROWS = (["Мониторинг результатов оценочных процедур"], ["Анализ результатов оценочных процедур"])


def warm() -> float:
    """Import and load what the pages need on first use; the seconds it took."""
    start = time.perf_counter()
    import altair as alt
    import pandas as pd

    from review.alike import matched_across
    from ui import exports, region_view  # noqa: F401  (openpyxl for the pages' downloads)

    # a chart validated against vega-lite's schema, as the pages' charts are when drawn
    alt.Chart(pd.DataFrame({"n": [1]})).mark_bar().encode(x="n:Q").to_dict()
    matched_across([list(rows) for rows in ROWS])
    return time.perf_counter() - start


def _warm_logged() -> None:
    try:
        log.info("модули приложения загружены за %.1f с", warm())
    except Exception:  # a failed warm-up only leaves the loading to the first page that needs it
        log.exception("предварительная загрузка модулей не удалась")


def warm_in_background() -> threading.Thread:
    """Start `warm` in a daemon thread (the server does not wait for it); the thread."""
    thread = threading.Thread(target=_warm_logged, name="roadmap-warm", daemon=True)
    thread.start()
    return thread
