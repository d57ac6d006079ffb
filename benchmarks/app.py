"""Page render times of the Streamlit app with 10,000 activities stored, beside the same pages
over the sample corpus alone (about 150 activities), measured in the same run.

Generated road maps (1,000 rows each, rows taken from the corpus, `tests/synthetic.py`) are
uploaded through the same path the Загрузка page uses, into a temporary database; each page is
then run with `streamlit.testing.v1.AppTest`, cold (caches cleared) and warm. Run from the
project root:

    .venv/bin/python -m benchmarks.app [--activities 10000]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest

from store.users import Accounts
from tests.accounts import PASSWORD, build_order, sign_in

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "ui" / "app.py")
ROWS_PER_FILE = 1000
USER = "bench"  # signed in through the login form, as a person is


def build_plan(folder: Path, index: int, rows: int) -> Path:
    """An order with a plan table of `rows` corpus rows; `index` makes its content unique."""
    return build_order(folder / f"plan_{index:03d}.docx", (), rows, seed=index)


def _select_document(app: AppTest) -> None:
    from ui import data

    documents = data.documents_frame()
    biggest = int(documents.sort_values("activity_count").iloc[-1]["id"])
    app.selectbox(key="document_id").set_value(biggest)


def _search(app: AppTest) -> None:
    app.text_input(key="query").input("мониторинг")


def _compare(app: AppTest) -> None:
    """The biggest stored document as the template, the next two as plans."""
    from ui import data

    documents = data.documents_frame().sort_values("activity_count", ascending=False)
    template, *plans = (int(i) for i in documents["id"].head(3))
    app.selectbox(key="template_id").set_value(template)
    app.run()
    app.multiselect(key="plan_ids").set_value(plans)
    app.run()
    app.button[0].click()


SCENARIOS: list[tuple[str, str, Callable[[AppTest], None] | None]] = [
    ("Документы: список", "documents", None),
    ("Документы: документ", "documents", _select_document),
    ("Мероприятия", "activities", None),
    ("Мероприятия: поиск", "activities", _search),
    ("Сравнение: шаблон, 2 плана", "comparison", _compare),
    ("Справочник", "registry", None),
]


def render(page: str, action: Callable[[AppTest], None] | None, cold: bool) -> float:
    """Seconds for the run that shows `page` (after `action`, when given); `cold` clears the
    query caches just before it."""
    app = AppTest.from_file(APP, default_timeout=600).run()
    sign_in(app, USER)
    app.switch_page(f"views/{page}.py")
    if action is not None:
        app.run()
        action(app)
    if cold:
        st.cache_data.clear()
    start = time.perf_counter()
    app.run()
    elapsed = time.perf_counter() - start
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].value}")
    return elapsed


def measure() -> dict[str, tuple[float, float]]:
    """Cold (caches cleared) and warm seconds per scenario."""
    figures = {}
    for name, page, action in SCENARIOS:
        cold = render(page, action, cold=True)
        warm = render(page, action, cold=False)
        figures[name] = (cold, warm)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    args = parser.parse_args()
    set_log_level("error")
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        os.environ["ROADMAP_DB_URL"] = f"sqlite:///{folder / 'roadmap.db'}"
        os.environ["ROADMAP_UPLOAD_DIR"] = str(folder / "uploads")
        from ui import data

        start = time.perf_counter()
        Accounts(data.store()).add(USER, PASSWORD, "methodist")
        seeded = len(data.activities_frame())
        print(f"seed: sample corpus, {seeded} activities, {time.perf_counter() - start:.1f} s")
        baseline = measure()

        start = time.perf_counter()
        files = -(-max(0, args.activities - seeded) // ROWS_PER_FILE)
        for index in range(files):
            data.ingest(build_plan(folder, index, ROWS_PER_FILE))
        total = len(data.activities_frame())
        took = time.perf_counter() - start
        print(f"upload: {files} generated plans, {total} activities stored, {took:.1f} s")
        loaded = measure()

    print(f"\n{'page':<28}{f'{seeded} act. cold':>16}{'warm':>8}{f'{total} act. cold':>18}{'warm':>8}")
    for name, (cold, warm) in loaded.items():
        base_cold, base_warm = baseline[name]
        print(f"{name:<28}{base_cold:>15.2f}s{base_warm:>7.2f}s{cold:>17.2f}s{warm:>7.2f}s")


if __name__ == "__main__":
    main()
