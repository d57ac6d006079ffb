"""Мероприятия: all activities across documents, filtered (by topic too), searched, sorted,
paged, charted and downloaded as csv or xlsx; each activity's topics are shown beside the words
that put it there."""

from __future__ import annotations

from functools import partial

import altair as alt
import streamlit as st

from normalizer.topics import topic_labels as taxonomy_labels
from ui import data, exports
from ui.activity_table import (
    ActivityFilter,
    choices,
    page_count,
    per_month,
    per_responsible,
    per_topic,
    sort_and_page,
    topic_labels,
)
from ui.labels import ACTIVITY_COLUMNS, WHEN_KINDS, label
from ui.layout import show_table

st.title("Мероприятия")

activities = data.activities_frame()
if activities.empty:
    st.info("В базе пока нет мероприятий. Загрузите документы на странице «Загрузка».")
    st.stop()
TOPICS = taxonomy_labels()

with st.sidebar:
    st.header("Фильтры")
    regions = st.multiselect("Регион", choices(activities, "region"), placeholder="Все", key="regions")
    municipalities = st.multiselect(
        "Муниципалитет",
        choices(activities[activities["region"].isin(regions)] if regions else activities, "municipality"),
        placeholder="Все",
        key="municipalities",
    )
    years = st.multiselect("Год", choices(activities, "year"), placeholder="Все", key="years")
    persons = st.multiselect(
        "Ответственное лицо", choices(activities, "persons"), placeholder="Все", key="persons"
    )
    orgs = st.multiselect("Организация", choices(activities, "orgs"), placeholder="Все", key="orgs")
    topics = st.multiselect(
        "Тема", list(TOPICS), format_func=lambda v: TOPICS.get(v, v), placeholder="Все", key="topics"
    )
    kinds = st.multiselect(
        "Вид срока",
        choices(activities, "when_kind"),
        format_func=lambda v: label(WHEN_KINDS, v),
        placeholder="Все",
        key="kinds",
    )
    use_range = st.checkbox("Ограничить сроки", key="use_range")
    deadline_from = deadline_to = None
    if use_range:
        dated = activities.dropna(subset=["when_start"])
        low = dated["when_start"].min() if not dated.empty else None
        high = dated["when_end"].max() if not dated.empty else None
        span = st.date_input("Сроки с … по", value=(low, high), format="DD.MM.YYYY", key="deadline_range")
        if isinstance(span, tuple) and len(span) == 2:
            deadline_from, deadline_to = span

query = st.text_input("Поиск по тексту", placeholder="Например: методическое сопровождение", key="query")
hits = data.search_ids(query.strip()) if query.strip() else None

chosen = ActivityFilter(
    regions=regions,
    municipalities=municipalities,
    years=years,
    persons=persons,
    orgs=orgs,
    kinds=kinds,
    topics=topics,
    deadline_from=deadline_from,
    deadline_to=deadline_to,
    activity_ids=hits,
).apply(activities)

st.caption(f"Найдено мероприятий: {len(chosen)} из {len(activities)}")

table_tab, charts_tab = st.tabs(["Таблица", "Графики"])
with table_tab:
    sortable = {k: v for k, v in ACTIVITY_COLUMNS.items() if k not in ("persons", "orgs", "topic_labels")}
    left, right = st.columns([2, 3])
    sort_by = left.selectbox("Сортировать по", list(sortable), format_func=sortable.get, index=0)
    order = right.radio("Порядок", ["по возрастанию", "по убыванию"], horizontal=True)
    table_slot = st.container()
    pages = page_count(len(chosen))
    page = min(st.pagination(pages, key="activities_page"), pages)
    shown = sort_and_page(chosen, sort_by, order == "по возрастанию", page)
    shown = shown.assign(
        when_kind=shown["when_kind"].map(lambda v: label(WHEN_KINDS, v)),
        topic_labels=shown["topics"].map(lambda codes: topic_labels(codes, TOPICS)),
    )
    show_table(
        shown[list(ACTIVITY_COLUMNS)].rename(columns=ACTIVITY_COLUMNS),
        columns={
            "Мероприятие": st.column_config.TextColumn(width="large"),
            "Начало": st.column_config.DateColumn(format="DD.MM.YYYY"),
            "Окончание": st.column_config.DateColumn(format="DD.MM.YYYY"),
            "Год": st.column_config.NumberColumn(format="%d"),
        },
        wrapped=True,
        slot=table_slot,
    )
    download = chosen.assign(topic_labels=chosen["topics"].map(lambda codes: topic_labels(codes, TOPICS)))[
        list(ACTIVITY_COLUMNS)
    ].rename(columns=ACTIVITY_COLUMNS)
    csv_column, xlsx_column, _ = st.columns([1, 1, 4])
    csv_column.download_button(
        "Скачать CSV", partial(exports.to_csv, download), file_name="мероприятия.csv", mime="text/csv"
    )
    xlsx_column.download_button(
        "Скачать XLSX",
        partial(exports.to_xlsx, download),
        file_name="мероприятия.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )

with charts_tab:
    st.subheader("Мероприятия по темам")
    st.altair_chart(
        alt.Chart(per_topic(chosen, TOPICS))
        .mark_bar()
        .encode(
            x=alt.X("count:Q", title="Мероприятий"),
            y=alt.Y("topic:N", title=None, sort=None, axis=alt.Axis(labelLimit=360)),
            tooltip=[alt.Tooltip("topic:N", title="Тема"), alt.Tooltip("count:Q", title="Мероприятий")],
        ),
        width="stretch",
    )
    st.caption("Мероприятие с несколькими темами учтено в каждой из них.")
    months = per_month(chosen)
    st.subheader("Мероприятия по месяцам (начало срока)")
    if months.empty:
        st.info("У выбранных мероприятий нет сроков с датами.")
    else:
        st.altair_chart(
            alt.Chart(months)
            .mark_bar()
            .encode(
                x=alt.X("month:T", title="Месяц", axis=alt.Axis(format="%m.%Y")),
                y=alt.Y("count:Q", title="Мероприятий"),
                tooltip=[
                    alt.Tooltip("month:T", title="Месяц", format="%m.%Y"),
                    alt.Tooltip("count:Q", title="Мероприятий"),
                ],
            ),
            width="stretch",
        )
    responsible = per_responsible(chosen)
    st.subheader("Мероприятия по ответственным")
    if responsible.empty:
        st.info("У выбранных мероприятий не распознаны ответственные.")
    else:
        st.altair_chart(
            alt.Chart(responsible)
            .mark_bar()
            .encode(
                x=alt.X("count:Q", title="Мероприятий"),
                y=alt.Y("responsible:N", title=None, sort="-x", axis=alt.Axis(labelLimit=360)),
                tooltip=[
                    alt.Tooltip("responsible:N", title="Ответственный"),
                    alt.Tooltip("count:Q", title="Мероприятий"),
                ],
            ),
            width="stretch",
        )
