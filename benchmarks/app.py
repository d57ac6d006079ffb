"""Page render times of the Streamlit app on a region's store — 10 regional templates, 100
municipal plans of 30 activities (25 municipalities, four plans each: two against the main
template, the later one corrected with a status column, two against another template), every
plan compared with its template and 30 of them reviewed — beside the same pages over a small
store (the sample corpus, the 10 templates, one municipality's four compared plans, one
reviewed), in the same run.

Documents are generated (`tests/test_region.plan_docx`, rows taken from the corpus) and stored
with `Store.ingest` in a temporary database; comparisons are
saved as the Сравнение page saves them (`store.comparing.compare_stored`) and reviews through
`store.reviews`. Each page is then run with `streamlit.testing.v1.AppTest`, cold (query caches
cleared, the regional summary read again) and warm, the Сравнение page also on the first pair
reviewed (the review with its decisions); Мероприятия and Сводка are also timed on
their first view in a fresh process, without and with the warm-up `roadmap app` does as its
server starts (`ui.warm`). `--activities N` adds generated plans of 1,000 rows until N
activities are stored (the earlier figure of this benchmark: `--activities 10000`). Run from the
project root:

    .venv/bin/python -m benchmarks.app [--activities 0]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.logger import set_log_level
from streamlit.testing.v1 import AppTest

from review import Decision
from store import Store
from store.comparing import compare_stored
from store.reviews import Reviews
from store.users import Accounts
from tests.accounts import PASSWORD, REGION, build_order, sign_in
from tests.test_region import plan_docx
from ui import region_view

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "ui" / "app.py")
ROWS_PER_FILE = 1000
USER = "bench"  # signed in through the login form, as a person is
TEMPLATES = 10
ROWS = 30
DISTRICTS = (
    "БАБЫНИНСКИЙ", "БАРЯТИНСКИЙ", "БОРОВСКИЙ", "ДЗЕРЖИНСКИЙ", "ДУМИНИЧСКИЙ", "ЖИЗДРИНСКИЙ", "ЖУКОВСКИЙ",
    "ИЗНОСКОВСКИЙ", "КИРОВСКИЙ", "КОЗЕЛЬСКИЙ", "КУЙБЫШЕВСКИЙ", "ЛЮДИНОВСКИЙ", "МАЛОЯРОСЛАВЕЦКИЙ",
    "МЕДЫНСКИЙ", "МЕЩОВСКИЙ", "МОСАЛЬСКИЙ", "ПЕРЕМЫШЛЬСКИЙ", "СПАС-ДЕМЕНСКИЙ", "СУХИНИЧСКИЙ",
    "ТАРУССКИЙ", "УЛЬЯНОВСКИЙ", "ФЕРЗИКОВСКИЙ", "ХВАСТОВИЧСКИЙ", "ЮХНОВСКИЙ",
)  # fmt: skip
LETTERHEADS = [
    ("КАЛУЖСКАЯ ОБЛАСТЬ", "ОТДЕЛ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО РАЙОНА", f'"{name} РАЙОН"')
    for name in DISTRICTS
] + [("КАЛУЖСКАЯ ОБЛАСТЬ", "ОТДЕЛ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ ГОРОДСКОГО ОКРУГА", '"ГОРОД ОБНИНСК"')]
DONE = ("выполнено", "выполнено", "не выполнено", "в работе")  # the corrected plans' status column


def build_plan(folder: Path, index: int, rows: int) -> Path:
    """An order with a plan table of `rows` corpus rows; `index` makes its content unique."""
    return build_order(folder / f"plan_{index:03d}.docx", (), rows, seed=index)


def build_templates(store: Store, folder: Path) -> list[int]:
    """The regional templates' ids, stored."""
    return [
        store.ingest(
            plan_docx(folder / f"шаблон_{t:02d}.docx", REGION, "01.09.2021", ROWS, 13 * t)
        ).document_id
        for t in range(TEMPLATES)
    ]


def build_region(
    store: Store, folder: Path, templates: list[int], municipalities: range, reviewed: int
) -> int:
    """Four plans of each municipality, stored and compared; the first `reviewed` of them
    reviewed. The number of comparisons made."""
    reviews, compared = Reviews(store), 0
    for m in municipalities:
        letterhead = LETTERHEADS[m]
        plans = [
            (0, plan_docx(folder / f"план_{m:02d}_1.docx", letterhead, "01.10.2021", ROWS, m)),
            (0, plan_docx(folder / f"план_{m:02d}_2.docx", letterhead, "01.03.2022", ROWS, m, DONE * ROWS)),
            (1 + m % 9, plan_docx(folder / f"план_{m:02d}_3.docx", letterhead, "01.10.2021", ROWS, m + 40)),
            (1 + m % 9, plan_docx(folder / f"план_{m:02d}_4.docx", letterhead, "01.03.2022", ROWS, m + 41)),
        ]
        for template, path in plans:
            plan_id = store.ingest(path).document_id
            saved = compare_stored(store, templates[template], plan_id)
            compared += 1
            if compared <= reviewed:
                _review(reviews, saved.template_id, plan_id, saved.comparison, compared)
    return compared


def _review(reviews: Reviews, template_id: int, plan_id: int, comparison, index: int) -> None:
    """A methodist's review: the first match confirmed, the second rejected, the first gap
    accepted; every third review sent back, every fifth approved."""
    review = reviews.open(template_id, plan_id)
    matches = comparison.matches
    decisions = [
        Decision(kind="match", verdict="confirmed", template=m.template, plan=m.plan) for m in matches[:1]
    ]
    decisions += [
        Decision(kind="match", verdict="rejected", template=m.template, plan=m.plan) for m in matches[1:2]
    ]
    decisions += [Decision(kind="gap", verdict="accepted", template=g.ref) for g in comparison.gaps[:1]]
    for decision in decisions:
        reviews.decide(review.id, decision, by=USER)
    if index % 5 == 0:
        reviews.set_status(review.id, "approved", by=USER)
    elif index % 3 == 0:
        reviews.set_status(review.id, "returned", by=USER)


def _other_template(app: AppTest) -> None:
    """The Сводка of the second template listed (three municipalities instead of all)."""
    from ui import data

    templates = list(region_view.template_names(region_view.current_region(data.store())[1]))
    app.selectbox(key="region_template").set_value(templates[min(1, len(templates) - 1)])


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


def _reviewed(app: AppTest) -> None:
    """The first pair reviewed on the Сравнение page: the comparison with its review and decisions."""
    from ui import data

    review = Reviews(data.store()).all()[-1]  # the oldest: the same pair on both stores
    app.selectbox(key="template_id").set_value(review.template_id)
    app.run()
    app.multiselect(key="plan_ids").set_value([review.plan_id])
    app.run()
    app.button[0].click()


SCENARIOS: list[tuple[str, str, Callable[[AppTest], None] | None]] = [
    ("Документы: список", "documents", None),
    ("Документы: документ", "documents", _select_document),
    ("Мероприятия", "activities", None),
    ("Мероприятия: поиск", "activities", _search),
    ("Сравнение: шаблон, 2 плана", "comparison", _compare),
    ("Сравнение: проверенный план", "comparison", _reviewed),
    ("Сводка по региону", "region", None),
    ("Сводка: другой шаблон", "region", _other_template),
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
        region_view.stored_region.clear()
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


FIRST_VIEWS = {"Мероприятия": "activities", "Сводка по региону": "region"}


def first_view(page: str, *, warmed: bool = False) -> float:
    """Seconds of the first view of `page` in a fresh process on the same database, after
    signing in: what a page pays once per server process (altair imported, the language models
    that group additions loaded) besides its queries; `warmed`: after `ui.warm.warm`, as in the
    server `roadmap app` starts (it warms them in a thread as the server starts)."""
    warm = "from ui.warm import warm; warm(); " if warmed else ""
    code = (
        f"import time; {warm}from tests.accounts import open_app; app = open_app({USER!r}); "
        f"app.switch_page('views/{page}.py'); t = time.perf_counter(); app.run(); "
        "assert not app.exception, app.exception; print(time.perf_counter() - t)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--activities", type=int, default=0, help="add 1,000-row plans up to this many activities"
    )
    args = parser.parse_args()
    set_log_level("error")
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        os.environ["ROADMAP_DB_URL"] = f"sqlite:///{folder / 'roadmap.db'}"
        os.environ["ROADMAP_UPLOAD_DIR"] = str(folder / "uploads")
        from ui import data

        start = time.perf_counter()
        store = data.store()
        Accounts(store).add(USER, PASSWORD, "methodist")
        templates = build_templates(store, folder)
        made = build_region(store, folder, templates, range(1), reviewed=1)
        small = store.stats()
        print(
            f"small store: sample corpus, {TEMPLATES} templates, {made} compared plans: "
            f"{small['documents']} documents, {small['activities']} activities, "
            f"{time.perf_counter() - start:.1f} s"
        )
        baseline = measure()
        baseline_first = {name: first_view(page) for name, page in FIRST_VIEWS.items()}
        baseline_warmed = {name: first_view(page, warmed=True) for name, page in FIRST_VIEWS.items()}

        start = time.perf_counter()
        made += build_region(store, folder, templates, range(1, len(LETTERHEADS)), reviewed=29)
        files = -(-max(0, args.activities - store.stats()["activities"]) // ROWS_PER_FILE)
        for index in range(files):
            data.ingest(build_plan(folder, index, ROWS_PER_FILE))
        big = store.stats()
        print(
            f"region store: {made} plans of {ROWS} activities compared, 30 reviewed, {files} bulk plans: "
            f"{big['documents']} documents, {big['activities']} activities, "
            f"{time.perf_counter() - start:.1f} s"
        )
        loaded = measure()
        loaded_first = {name: first_view(page) for name, page in FIRST_VIEWS.items()}
        loaded_warmed = {name: first_view(page, warmed=True) for name, page in FIRST_VIEWS.items()}

    small_label, big_label = f"{small['activities']} act. cold", f"{big['activities']} act. cold"
    print(f"\n{'page':<46}{small_label:>16}{'warm':>8}{big_label:>18}{'warm':>8}")
    for name, (cold, warm) in loaded.items():
        base_cold, base_warm = baseline[name]
        print(f"{name:<46}{base_cold:>15.2f}s{base_warm:>7.2f}s{cold:>17.2f}s{warm:>7.2f}s")
    for name in FIRST_VIEWS:
        label = f"{name}: 1-й показ в новом процессе"
        print(f"{label:<46}{baseline_first[name]:>15.2f}s{'':>8}{loaded_first[name]:>17.2f}s")
        label = f"{name}: 1-й показ после ui.warm"
        print(f"{label:<46}{baseline_warmed[name]:>15.2f}s{'':>8}{loaded_warmed[name]:>17.2f}s")


if __name__ == "__main__":
    main()
