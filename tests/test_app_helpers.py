"""The app's helpers on generated data: filters, paging, chart figures, exports, highlighting,
zip unpacking and result lines."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from pathlib import Path

import pandas as pd
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from compare import compare
from extractor import extract
from ui.activity_table import (
    PAGE_SIZE,
    ActivityFilter,
    choices,
    page_count,
    per_month,
    per_responsible,
    sort_and_page,
)
from ui.comparison_view import coverage_frame, findings_frame, gaps_frame, heatmap_frame
from ui.exports import to_csv, to_xlsx
from ui.highlight import highlight, shared_lemmas
from ui.uploads import FileResult, discard_upload, save_upload

ROOT = Path(__file__).resolve().parent.parent


def activities(n: int) -> pd.DataFrame:
    """`n` generated activities, one per month from January 2021, cycling over two regions."""
    starts = [dt.date(2021 + k // 12, k % 12 + 1, 1) for k in range(n)]
    return pd.DataFrame(
        {
            "id": range(1, n + 1),
            "region": ["Калужская область" if k % 2 else "Ростовская область" for k in range(n)],
            "municipality": [f"район {k % 3}" for k in range(n)],
            "year": [s.year for s in starts],
            "when_kind": ["period" if k % 4 else None for k in range(n)],
            "when_start": starts,
            "when_end": [s + dt.timedelta(days=40) for s in starts],
            "persons": [("Иванова А.Б.",) if k % 5 == 0 else () for k in range(n)],
            "orgs": [("МЦОКО", "ОО") if k % 2 else ("ОО",) for k in range(n)],
            "title": [f"Мероприятие {k:03d}" for k in range(n)],
        }
    )


def test_filters_combine_and_deadline_range_keeps_overlapping_spans() -> None:
    frame = activities(36)
    chosen = ActivityFilter(regions=["Калужская область"], years=[2022]).apply(frame)
    assert len(chosen) == 6
    assert set(chosen["region"]) == {"Калужская область"} and set(chosen["year"]) == {2022}

    spring = ActivityFilter(deadline_from=dt.date(2021, 3, 10), deadline_to=dt.date(2021, 4, 15)).apply(frame)
    # February (ends on 13 March), March and April overlap; May starts after the range
    assert [s.month for s in spring["when_start"]] == [2, 3, 4]

    assert len(ActivityFilter(persons=["Иванова А.Б."]).apply(frame)) == 8
    assert len(ActivityFilter(orgs=["МЦОКО"]).apply(frame)) == 18
    assert list(ActivityFilter(activity_ids=[3, 5, 99]).apply(frame)["id"]) == [3, 5]
    assert len(ActivityFilter(activity_ids=[]).apply(frame)) == 0
    assert len(ActivityFilter().apply(frame)) == 36


def test_choices_flatten_tuples_and_skip_empty_values() -> None:
    frame = activities(10)
    assert choices(frame, "orgs") == ["МЦОКО", "ОО"]
    assert choices(frame, "when_kind") == ["period"]


def test_sorting_puts_empty_values_last_and_pages_cover_every_row() -> None:
    frame = activities(PAGE_SIZE * 2 + 7)
    pages = page_count(len(frame))
    assert pages == 3
    seen = pd.concat([sort_and_page(frame, "when_kind", True, p) for p in range(1, pages + 1)])
    assert sorted(seen["id"]) == list(frame["id"])
    assert seen["when_kind"].isna().sum() == frame["when_kind"].isna().sum()
    assert seen["when_kind"].tail(frame["when_kind"].isna().sum()).isna().all()
    descending = sort_and_page(frame, "title", False, 1)
    assert descending["title"].iloc[0] == frame["title"].max()
    assert page_count(0) == 1


def test_chart_figures_count_months_and_responsible() -> None:
    frame = pd.concat([activities(14), activities(3)])
    months = per_month(frame)
    assert months["count"].sum() == 17
    assert months.set_index("month")["count"][pd.Timestamp(2021, 1, 1)] == 2
    assert months.set_index("month")["count"][pd.Timestamp(2022, 2, 1)] == 1
    responsible = per_responsible(frame).set_index("responsible")["count"]
    assert responsible["ОО"] == 17 and responsible["МЦОКО"] == 8
    assert per_month(frame.assign(when_start=None)).empty


def test_xlsx_and_csv_exports_hold_the_table() -> None:
    frame = activities(5).rename(columns={"title": "Мероприятие", "orgs": "Организации"})
    book = load_workbook(io.BytesIO(to_xlsx(frame)))
    sheet = book["Мероприятия"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    assert [r[list(frame.columns).index("Мероприятие")] for r in rows[1:]] == list(frame["Мероприятие"])
    assert rows[2][list(frame.columns).index("Организации")] == "МЦОКО; ОО"
    assert sheet.auto_filter.ref and sheet.freeze_panes == "A2"

    text = to_csv(frame).decode("utf-8-sig")
    parsed = pd.read_csv(io.StringIO(text))
    assert list(parsed["Мероприятие"]) == list(frame["Мероприятие"])
    assert parsed["Организации"].iloc[1] == "МЦОКО; ОО"


def test_highlight_marks_inflected_shared_words_and_escapes_markup() -> None:
    lemmas = shared_lemmas(["школа низкий_результат", "мониторинг"])
    marked = highlight("Мониторинг школ с низкими результатами <script>", lemmas)
    assert marked.count("<mark>") == 4
    assert "<mark>школ</mark>" in marked and "<mark>низкими</mark>" in marked
    shown = MarkdownIt("commonmark").render(marked)
    assert "&lt;script&gt;" in shown and "<script>" not in shown
    assert "<mark>с</mark>" not in marked


def test_saved_uploads_keep_their_name_and_differ_by_content(tmp_path: Path) -> None:
    first = save_upload("../../план.docx", b"one", tmp_path)
    second = save_upload("план.docx", b"two", tmp_path)
    assert first.name == second.name == "план.docx"
    assert first != second and first.is_relative_to(tmp_path)
    parent = save_upload("..", b"three", tmp_path)  # would have named the digest's folder's parent
    assert parent.is_file() and parent.parent.parent == tmp_path


def test_result_lines_name_the_file_and_the_reason() -> None:
    assert FileResult("a.docx", activities=3).message == "«a.docx»: загружен, мероприятий — 3"
    assert (
        FileResult("b.pdf", error="файл пуст (0 байт)").message == "«b.pdf»: не загружен — файл пуст (0 байт)"
    )
    assert "пропущен" in FileResult("c.txt", skipped=True).message
    stray = FileResult("README.md", skipped=True, skip_reason="не документ: расширение .md")
    assert stray.message == "«README.md»: пропущен — не документ: расширение .md"


def test_comparison_tables_of_a_template_against_itself_and_a_cut_plan() -> None:
    template = max(
        (extract(p) for p in sorted((ROOT / "corpus").glob("*.docx"))), key=lambda d: len(d.activities)
    )
    itself = compare(template, template)
    cut = template.model_copy(update={"activities": template.activities[::2]})
    partial = compare(template, cut)
    table = coverage_frame({"сам": itself, "половина": partial}).set_index("План")
    assert table.loc["сам", "Покрытие"] == 1.0 and table.loc["сам", "Пробелов"] == 0
    assert table.loc["половина", "Пробелов"] == len(partial.gaps) > 0
    assert len(gaps_frame(partial)) == len(partial.gaps)
    assert gaps_frame(itself).empty
    heat = heatmap_frame({"сам": itself, "половина": partial})
    assert set(heat["plan"]) == {"сам", "половина"}
    assert heat[heat["plan"] == "сам"]["share"].eq(1.0).all()
    findings = findings_frame(partial)
    assert len(findings) == len(partial.findings)
    order = {"ошибка": 0, "предупреждение": 1, "сведения": 2}
    assert list(findings["Важность"].map(order)) == sorted(findings["Важность"].map(order))


def test_uploads_are_kept_only_as_long_as_configured(tmp_path: Path, monkeypatch) -> None:
    old = save_upload("старый.docx", b"old", tmp_path)
    month_ago = time.time() - 40 * 86_400
    os.utime(old.parent, (month_ago, month_ago))
    fresh = save_upload("новый.docx", b"new", tmp_path)
    assert not old.exists() and fresh.exists()
    discard_upload(fresh)
    assert fresh.exists()
    monkeypatch.setenv("ROADMAP_UPLOAD_KEEP_DAYS", "0")
    discard_upload(fresh)
    assert not fresh.exists() and list(tmp_path.iterdir()) == []
