"""Сравнение: a template against one or many plans — coverage per plan, a heatmap of plans ×
template sections, and for one plan the methodist's review (`ui.review_view`): matched pairs
with their shared words marked, gaps, findings, her decisions and remarks, export, and for a
corrected plan the earlier review (shown by the review itself). Coverage is the methodist's
once she has decided on a plan, the tool's before. A document in which no activity was found is
not offered, and a warning names it: as a template it would show no gaps, as a plan nothing but
gaps (`compare.emptiness`)."""

from __future__ import annotations

import altair as alt
import streamlit as st

from ui import data
from ui.comparison_view import coverage_frame, heatmap_frame
from ui.layout import show_coverage_heatmap, show_table
from ui.markup import plain
from ui.review_view import confirmed, show_review

NAMED = 10  # documents without activities the warning names; the rest it counts

st.title("Сравнение плана с шаблоном")

documents = data.documents_frame()
loaded = documents[documents["status"].eq("ok")]
usable = loaded[loaded["activity_count"].gt(0)]
if empty := sorted(loaded.loc[loaded["activity_count"].eq(0), "file_name"]):
    named = ", ".join(empty[:NAMED]) + (f" и ещё {len(empty) - NAMED}" if len(empty) > NAMED else "")
    st.warning(
        f"Ни одного мероприятия не найдено, поэтому не предлагаются для сравнения: {plain(named)}. "
        "С таким шаблоном сравнивать не с чем, а в таком плане все мероприятия шаблона были бы "
        "пробелами; проверьте, те ли это файлы.",
        icon=":material/warning:",
    )
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
if not data.may_see(template_id, *plan_ids):
    st.error("Нет доступа: план другого муниципалитета или документ, которого нет в базе.")
    st.stop()
short = {k: usable.set_index("id").loc[k, "file_name"] for k in plan_ids}
with st.spinner("Сравнение…"):
    results = {short[p]: data.comparison(template_id, p) for p in plan_ids}
mine = {short[p]: c for p in plan_ids if (c := confirmed(template_id, p, results[short[p]])) is not None}

st.subheader("Покрытие шаблона по планам")
if mine:
    st.caption(
        "Для планов, по которым методист принял решения, покрытие посчитано по его решениям "
        "(столбец «Оценка»), иначе — по оценке программы."
    )
show_table(
    coverage_frame(results, mine),
    columns={
        "Покрытие": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
        "Покрытие по оценке программы": st.column_config.NumberColumn(format="percent"),
    },
)

heat = heatmap_frame(results, mine)
if heat["section"].nunique() > 1 or len(results) > 1:
    st.subheader("Покрытие по разделам шаблона")
    covered = alt.Tooltip("covered:N", title="Мероприятий")
    show_coverage_heatmap(heat, ("plan", "План"), "Покрыто", tooltips=(covered,))

plan_name = st.selectbox("Подробности по плану", list(results), key="detail_plan")
plan_id = next(p for p in plan_ids if short[p] == plan_name)
show_review(template_id, plan_id, results[plan_name], plan_name)
