"""Сравнение: a template against one or many plans — coverage per plan, a heatmap of plans ×
template sections, matched pairs with their shared words marked, gaps, findings, export."""

from __future__ import annotations

from functools import partial

import altair as alt
import streamlit as st

from ui import data
from ui.comparison_view import coverage_frame, export_bytes, findings_frame, gaps_frame, heatmap_frame
from ui.highlight import highlight, shared_lemmas
from ui.labels import GRADES, SEVERITIES, label
from ui.layout import WRAPPED_ROW
from ui.markup import plain

MATCHES_PER_PAGE = 20

st.title("Сравнение плана с шаблоном")

documents = data.documents_frame()
usable = documents[documents["status"].eq("ok") & documents["activity_count"].gt(0)]
if len(usable) < 2:
    st.info("Для сравнения нужны хотя бы два документа с мероприятиями. Загрузите их на странице «Загрузка».")
    st.stop()

names = {int(r.id): f"{r.file_name} — {r.title or 'без заголовка'}" for r in usable.itertuples()}
regional = [int(r.id) for r in usable.itertuples() if r.level == "regional"]
template_id = st.selectbox(
    "Шаблон (региональная дорожная карта)",
    list(names),
    index=list(names).index(regional[0]) if regional else 0,
    format_func=names.get,
    key="template_id",
)
plan_ids = st.multiselect(
    "Планы муниципалитетов",
    [k for k in names if k != template_id],
    format_func=names.get,
    placeholder="Выберите один или несколько планов",
    key="plan_ids",
)
if st.button("Сравнить", type="primary", disabled=not plan_ids):
    st.session_state["comparison"] = (template_id, tuple(plan_ids))

chosen = st.session_state.get("comparison")
if not chosen:
    st.stop()
template_id, plan_ids = chosen
short = {k: usable.set_index("id").loc[k, "file_name"] for k in plan_ids}
with st.spinner("Сравнение…"):
    results = {short[p]: data.comparison(template_id, p) for p in plan_ids}

st.subheader("Покрытие шаблона по планам")
st.dataframe(
    coverage_frame(results),
    hide_index=True,
    placeholder="—",
    width="stretch",
    column_config={"Покрытие": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)},
)

heat = heatmap_frame(results)
if heat["section"].nunique() > 1 or len(results) > 1:
    st.subheader("Покрытие по разделам шаблона")
    base = alt.Chart(heat).encode(
        x=alt.X("section:N", title="Раздел шаблона", axis=alt.Axis(labelAngle=-30, labelLimit=260)),
        y=alt.Y("plan:N", title="План", axis=alt.Axis(labelLimit=320)),
    )
    st.altair_chart(
        base.mark_rect().encode(
            color=alt.Color(
                "share:Q",
                title="Покрыто",
                scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"),
                legend=alt.Legend(format="%"),
            ),
            tooltip=[
                alt.Tooltip("plan:N", title="План"),
                alt.Tooltip("section:N", title="Раздел"),
                alt.Tooltip("share:Q", title="Покрыто", format=".0%"),
                alt.Tooltip("covered:N", title="Мероприятий"),
            ],
        )
        + base.mark_text(fontSize=13).encode(text=alt.Text("share:Q", format=".0%")),
        width="stretch",
    )

plan_name = st.selectbox("Подробности по плану", list(results), key="detail_plan")
result = results[plan_name]

matches_tab, gaps_tab, findings_tab, export_tab = st.tabs(
    [
        f"Соответствия ({len(result.matches)})",
        f"Пробелы ({len(result.gaps)})",
        f"Замечания ({len(result.findings)})",
        "Выгрузка",
    ]
)
with matches_tab:
    if not result.matches:
        st.info("Соответствий не найдено.")
    left, right = st.columns(2)
    left.markdown("**Мероприятие шаблона**")
    right.markdown("**Мероприятие плана**")
    pairs = st.container()
    pages = -(-len(result.matches) // MATCHES_PER_PAGE) or 1
    page = min(st.pagination(pages, key="matches_page"), pages) if pages > 1 else 1
    for match in result.matches[(page - 1) * MATCHES_PER_PAGE : page * MATCHES_PER_PAGE]:
        lemmas = shared_lemmas(match.shared_words)
        with pairs.container(border=True):
            left, right = st.columns(2)
            template_title = highlight(match.template_title, lemmas)
            left.markdown(f"**{plain(match.template)}.** {template_title}", unsafe_allow_html=True)
            right.markdown(
                f"**{plain(match.plan)}.** {highlight(match.plan_title, lemmas)}", unsafe_allow_html=True
            )
            st.caption(
                f"Соответствие: {label(GRADES, match.grade)}, оценка {match.score:.2f}; "
                f"общие слова: {plain(', '.join(match.shared_words)) or '—'}"
            )
with gaps_tab:
    if not result.gaps:
        st.success("Все мероприятия шаблона отражены в плане.")
    else:
        st.dataframe(
            gaps_frame(result),
            hide_index=True,
            placeholder="—",
            width="stretch",
            row_height=WRAPPED_ROW,
            column_config={"Мероприятие шаблона": st.column_config.TextColumn(width="large")},
        )
with findings_tab:
    severities = st.multiselect(
        "Важность",
        list(SEVERITIES.values()),
        default=list(SEVERITIES.values())[:2],
        key="severities",
    )
    findings = findings_frame(result)
    st.dataframe(
        findings[findings["Важность"].isin(severities)],
        hide_index=True,
        placeholder="—",
        width="stretch",
        row_height=WRAPPED_ROW,
        column_config={
            "Важность": st.column_config.TextColumn(width=110),
            "Правило": st.column_config.TextColumn(width=150),
            "Замечание": st.column_config.TextColumn(width=240),
            "Шаблон": st.column_config.TextColumn(width=60),
            "План": st.column_config.TextColumn(width=60),
            "Основание": st.column_config.TextColumn(width=300),
        },
    )
with export_tab:
    st.caption("Отчёт по выбранному плану: сводка, соответствия, пробелы и замечания.")
    stem = f"сравнение_{plan_name.rsplit('.', 1)[0]}"
    xlsx_column, docx_column, _ = st.columns([1, 1, 3])
    xlsx_column.download_button(
        "Скачать XLSX",
        partial(export_bytes, result, "xlsx"),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    docx_column.download_button(
        "Скачать DOCX",
        partial(export_bytes, result, "docx"),
        file_name=f"{stem}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
