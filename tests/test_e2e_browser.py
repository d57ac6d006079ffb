"""End to end in a real headless Chromium: start the app on a temporary database, sign in as
the first-start admin (its password read from the terminal the app printed it in, after a
wrong one is refused in Russian), upload a generated .docx, see its activities, compare it
with a template, download the xlsx; then the methodist's whole review cycle (decisions and
status checked in the database, the letter of remarks read back, a corrected plan, the region's
summary), and a decision that outlives the app killed by SIGKILL. Pages are opened from the
sidebar, as a person does. A sign-in outlives a reload and the app's restart (an HttpOnly
cookie no script on the page can read) until «Выйти».

Screenshots of every page go to `artifacts/` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from store import open_store
from store.reviews import Reviews
from store.revisions import revision_of
from store.users import Accounts
from tests.accounts import KOZELSK, PASSWORD, REGION, ZHUKOV, build_order
from tests.synthetic import build_long_plan

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 120_000

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian package chromium is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_healthy(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"streamlit did not answer at {url}")


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`roadmap app` on a free port over the SQLite database in `folder`, its terminal output
    appended to `folder`/streamlit.log; the url and the process."""
    port = _free_port()
    env = {
        **os.environ,
        "ROADMAP_UPLOAD_DIR": str(folder / "uploads"),
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    command = [
        sys.executable, "-m", "roadmap", "app", "--db", _db(folder),
        "--port", str(port), "--address", "127.0.0.1",
    ]  # fmt: skip
    with (folder / "streamlit.log").open("ab") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, server)
            yield url, server
        finally:
            if server.poll() is None:
                server.terminate()
            server.wait(timeout=30)


def _db(folder: Path) -> str:
    return f"sqlite:///{folder / 'roadmap.db'}"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app served by `roadmap app` on a free port over a fresh SQLite database, and the
    file its terminal output goes to."""
    folder = tmp_path_factory.mktemp("app")
    with _serve(folder) as (url, _):
        yield url, folder / "streamlit.log"


@pytest.fixture(scope="module")
def page(app_url: tuple[str, Path]):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        try:
            yield tab
        finally:
            _shot(tab, "last_state")
            browser.close()


def _open(page, link: str, title: str) -> None:
    """Open the page named `link` in the sidebar and wait for its heading `title`."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    page.get_by_role("heading", name=title).wait_for()
    _settle(page)


def _sign_in(page, login: str, password: str) -> None:
    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль", exact=True).fill(password)
    page.get_by_role("button", name="Войти").click()
    _settle(page)


def test_sign_in_refuses_a_wrong_password_in_russian(app_url: tuple[str, Path], page) -> None:
    url, log = app_url
    page.goto(url)
    page.get_by_role("heading", name="Вход").wait_for()
    _settle(page)
    password = re.search(r"пароль: (\S+)", log.read_text(encoding="utf-8")).group(1)
    _sign_in(page, "admin", password + "x")
    page.get_by_text("Вход не выполнен: неверный логин или пароль").wait_for()
    _shot(page, "0_login_refused")
    _sign_in(page, "admin", password)
    page.get_by_role("heading", name="Документы").wait_for()
    _settle(page)


def test_a_sign_in_outlives_a_reload_until_sign_out(app_url: tuple[str, Path], page) -> None:
    _, log = app_url
    [cookie] = _session_cookies(page, present=True)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and not cookie["secure"]  # served over http
    assert "roadmap_session" not in page.evaluate("document.cookie")
    page.reload()
    page.get_by_role("heading", name="Документы").wait_for()
    page.get_by_text("Вы вошли как admin").wait_for()
    _settle(page)
    _open(page, "Выйти", "Вход")
    assert not _session_cookies(page, present=False)
    page.reload()
    page.get_by_role("heading", name="Вход").wait_for()
    _settle(page)
    assert not page.get_by_text("Нужно войти снова").count()  # signed out, not an ended cookie
    password = re.search(r"пароль: (\S+)", log.read_text(encoding="utf-8")).group(1)
    _sign_in(page, "admin", password)
    page.get_by_role("heading", name="Документы").wait_for()
    _settle(page)


def _session_cookies(page, present: bool) -> list[dict]:
    """The browser's sign-in cookies, once there are some (`present`) or none, within 30 s: the
    page sets or clears the cookie by a request of its own just after the script has run."""
    deadline = time.monotonic() + 30
    while True:
        found = [c for c in page.context.cookies() if c["name"] == "roadmap_session"]
        if bool(found) == present or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(200)


def _settle(page) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(500)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _choose(page, label: str, option: str) -> None:
    """Pick `option` in the Streamlit selectbox or multiselect labelled `label`."""
    box = page.get_by_label(label)
    box.click()
    box.fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    _settle(page)


def test_upload_browse_compare_download(page, tmp_path: Path) -> None:
    plan, _ = build_long_plan(tmp_path, pages=2, pdf=False)

    broken = tmp_path / "повреждённый.docx"
    broken.write_bytes(b"PK\x03\x04 not a document")

    _open(page, "Загрузка", "Загрузка документов")
    page.locator("input[type='file']").set_input_files([str(broken), str(plan)])
    page.get_by_text(plan.name).first.wait_for()
    page.get_by_role("button", name="Загрузить в базу").click()
    alerts = page.get_by_test_id("stAlert")
    line = alerts.filter(has_text=f"«{plan.name}»: загружен, мероприятий —")
    line.wait_for()
    count = int(line.inner_text().rsplit("—", 1)[1])
    assert count > 0
    assert alerts.filter(has_text=f"«{broken.name}»: не загружен —").is_visible()
    _shot(page, "1_upload")

    _open(page, "Документы", "Документы")
    _choose(page, "Открыть документ", plan.name)
    page.get_by_role("tab", name=f"Мероприятия ({count})").click()
    _settle(page)
    _shot(page, "2_document")
    page.get_by_role("tab", name="Реквизиты").click()
    _settle(page)
    _shot(page, "2_document_meta")
    page.get_by_role("tab", name="Текст документа").click()
    _settle(page)
    text = page.get_by_test_id("stCode").inner_text()
    assert "ПРИКАЗ" in text and "Наименование мероприятия" in text
    _shot(page, "2_document_text")
    page.get_by_text("Лица, организации и сроки в тексте").click()
    _settle(page)
    marks = page.locator("mark.entity")
    assert marks.count() > 0 and "Лицо" in page.locator("div.entities").inner_text()
    marks.first.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "2_document_entities.png"))

    _open(page, "Мероприятия", "Мероприятия")
    _shot(page, "3_activities")
    page.get_by_role("tab", name="Графики").click()
    _settle(page)
    _shot(page, "4_activities_charts")

    _open(page, "Сравнение", "Сравнение плана с шаблоном")
    template = page.get_by_label("Шаблон (региональная дорожная карта)")
    template.click()
    page.get_by_role("option").filter(has_not_text=plan.name).first.click()
    _settle(page)
    _choose(page, "Планы муниципалитетов", plan.name)
    page.get_by_label("Планы муниципалитетов").click()
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    _settle(page)
    page.get_by_role("button", name="Сравнить").click()
    page.get_by_text("Покрытие шаблона по планам").wait_for()
    _settle(page)
    _shot(page, "5_comparison")
    page.get_by_role("tab", name="Соответствия").scroll_into_view_if_needed()
    _shot(page, "6_comparison_matches")
    page.get_by_role("tab", name=re.compile(r"^Замечания \(")).click()
    _settle(page)
    _shot(page, "7_comparison_findings")
    page.get_by_role("tab", name="Выгрузка").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Скачать XLSX").click()
    download = download_info.value
    saved = ARTIFACTS / download.suggested_filename
    download.save_as(saved)
    workbook = load_workbook(io.BytesIO(saved.read_bytes()))
    assert workbook.sheetnames[0] == "Сводка"
    assert {"Соответствия", "Пробелы", "Замечания"} <= set(workbook.sheetnames)

    _open(page, "Справочник", "Справочник")
    _shot(page, "8_registry")


def _compare(page, template: str, plan: str) -> None:
    """On the Сравнение page, compare the plan named `plan` with the template named `template`."""
    _open(page, "Сравнение", "Сравнение плана с шаблоном")
    _choose(page, "Шаблон (региональная дорожная карта)", template)
    _choose(page, "Планы муниципалитетов", plan)
    page.keyboard.press("Escape")
    _settle(page)
    page.get_by_role("button", name="Сравнить").click()
    page.get_by_role("heading", name="Проверка методиста").wait_for()
    _settle(page)


def _press(page, name: str, nth: int = 0) -> None:
    page.get_by_role("button", name=name).nth(nth).click()
    _settle(page)


def _upload(page, *files: Path) -> None:
    _open(page, "Загрузка", "Загрузка документов")
    page.locator("input[type='file']").set_input_files([str(f) for f in files])
    page.get_by_text(files[-1].name).first.wait_for()
    page.get_by_role("button", name="Загрузить в базу").click()
    for path in files:
        page.get_by_test_id("stAlert").filter(has_text=f"«{path.name}»: загружен").wait_for()
    _settle(page)


def _text(document) -> str:
    """The words of a .docx, paragraphs and table cells, with single spaces."""
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())


def _words(title: str) -> str:
    return " ".join(title.split()[:6])


def test_review_cycle(app_url: tuple[str, Path], page, tmp_path: Path) -> None:
    """The methodist's cycle: compare, confirm two matches, reject one, cover a gap the tool
    missed by a plan row, send the plan back (на доработке); every decision is in the store
    under her login; the letter of remarks names the rejected row and the open gap but not the
    covered one; the municipality's corrected plan, compared, shows that gap resolved; the
    region's summary counts the municipality's latest plan with its review status."""
    _, log = app_url
    template = build_order(tmp_path / "шаблон_обл.docx", REGION, seed=0)
    plan = build_order(tmp_path / "план_козельск.docx", KOZELSK, seed=2)
    _upload(page, template, plan)
    _compare(page, template.name, plan.name)

    page.get_by_text("Статус проверки: черновик").wait_for()
    _press(page, "Подтвердить", 0)
    _press(page, "Подтвердить", 1)
    _press(page, "Отклонить", 2)
    _shot(page, "9_review_matches")
    page.get_by_role("tab", name=re.compile(r"^Пробелы")).click()
    _settle(page)
    box = page.get_by_label("Покрыто мероприятием плана").first
    box.click()
    box.fill("11.")
    page.get_by_role("option").filter(has_text="11.").first.click()
    _settle(page)
    _press(page, "Отметить покрытым")
    page.get_by_text("Решение методиста: покрыто мероприятием плана 11").wait_for()
    _shot(page, "9_review_gaps")
    _press(page, "Отправить на доработку")
    page.get_by_text("Статус проверки: на доработке — admin").wait_for()
    page.get_by_role("tab", name="Решения").click()
    _settle(page)
    page.get_by_text("Покрытие по решениям методиста").scroll_into_view_if_needed()
    _shot(page, "9_review_decisions")

    with open_store(_db(log.parent)) as store:
        ids = {d.file_name: d.id for d in store.documents()}
        template_doc = store.document(ids[template.name]).as_document()
        reviews = Reviews(store)
        record = reviews.of_pair(ids[template.name], ids[plan.name])
        decisions = reviews.decisions(record.id)
    assert (record.status, record.status_by) == ("returned", "admin")
    assert [(d.kind, d.verdict) for d in decisions] == [
        ("match", "confirmed"),
        ("match", "confirmed"),
        ("match", "rejected"),
        ("gap", "covered"),
    ]
    assert decisions[-1].plan == "11" and {d.decided_by for d in decisions} == {"admin"}

    page.get_by_role("tab", name="Выгрузка").click()
    _settle(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Скачать письмо с замечаниями").click()
    saved = ARTIFACTS / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    letter = _text(docx.Document(str(saved)))
    titles = {a.number.rstrip("."): a.title for a in template_doc.activities}
    rejected = next(d.template for d in decisions if d.verdict == "rejected")
    covered = decisions[-1].template
    still_missing = next(r for r in titles if r not in {rejected, covered, *(d.template for d in decisions)})
    assert "О замечаниях к дорожной карте" in letter
    assert _words(titles[rejected]) in letter and _words(titles[still_missing]) in letter
    assert _words(titles[covered]) not in letter  # she covered it by a plan row: no remark

    _open(page, "Документы", "Документы")
    _shot(page, "9_documents_review_status")

    corrected = build_order(tmp_path / "план_козельск2.docx", KOZELSK, rows=13, seed=1)
    _upload(page, corrected)
    _compare(page, template.name, corrected.name)
    page.get_by_role("heading", name="Сравнение с прежней проверкой").wait_for()
    resolved = page.get_by_test_id("stMetric").filter(has_text="Устранено замечаний")
    assert int(resolved.get_by_test_id("stMetricValue").inner_text()) >= 1
    page.get_by_role("heading", name="Сравнение с прежней проверкой").scroll_into_view_if_needed()
    _shot(page, "10_revision")
    with open_store(_db(log.parent)) as store:
        corrected_id = next(d.id for d in store.documents() if d.file_name == corrected.name)
        review = Reviews(store).of_pair(ids[template.name], corrected_id)
        revision = revision_of(store, review.id)
    assert review.previous_id == record.id
    assert still_missing in {r.template for r in revision.resolved if r.kind == "gap"}

    _open(page, "Сводка по региону", "Сводка по региону")
    _choose(page, "Шаблон (региональная дорожная карта)", template.name)
    page.get_by_role("heading", name="Покрытие шаблона по муниципалитетам").wait_for()
    counts = page.get_by_text(re.compile(r"^Муниципалитетов: \d+")).inner_text()
    assert "черновик — 1" in counts  # Козельский район: its corrected plan, opened just now
    _shot(page, "11_region")


def test_a_decision_survives_the_app_killed(page, tmp_path: Path) -> None:
    """A decision the page has shown as taken is in the database after the app process is
    killed (SIGKILL, no chance to flush anything), and the restarted app shows it."""
    with open_store(_db(tmp_path)) as store:
        Accounts(store).add("metod", PASSWORD, "methodist")
        for name, letterhead, seed in (("шаблон", REGION, 0), ("план", ZHUKOV, 3)):
            store.ingest(build_order(tmp_path / f"{name}.docx", letterhead, seed=seed))
    tab = page.context.browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    with _serve(tmp_path) as (url, server):
        tab.goto(url)
        tab.get_by_role("heading", name="Вход").wait_for()
        _settle(tab)
        _sign_in(tab, "metod", PASSWORD)
        _compare(tab, "шаблон.docx", "план.docx")
        _press(tab, "Подтвердить", 0)
        tab.get_by_text("Решение методиста: подтверждено — metod").wait_for()
        assert _session_cookies(tab, present=True), "the page never traded its code for a cookie"
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=30)
    with open_store(_db(tmp_path)) as store:
        [(review_id,)] = [(r.id,) for r in Reviews(store).all()]
        [decision] = Reviews(store).decisions(review_id)
    assert (decision.verdict, decision.decided_by) == ("confirmed", "metod")
    with _serve(tmp_path) as (url, _):
        tab.goto(url)  # the sign-in is kept in the database, so it outlives the process
        signed_in = tab.get_by_text("Вы вошли как metod")
        signed_in.or_(tab.get_by_role("heading", name="Вход")).wait_for()
        assert signed_in.is_visible(), tab.get_by_test_id("stAlert").all_inner_texts()
        _settle(tab)
        _compare(tab, "шаблон.docx", "план.docx")
        tab.get_by_text("Решение методиста: подтверждено — metod").wait_for()
    tab.context.close()
