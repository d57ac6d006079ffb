"""Сводка по региону: each municipality's latest plan against a template (coverage per template
section and the review's status), the template activities the region misses most, the plans'
own additions that recur in several municipalities, and what falls due, overdue marked.

Not in a municipal specialist's navigation (ui/app.py): every table here compares
municipalities, and trimmed to one municipality it would repeat that plan's own review.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import altair as alt
import streamlit as st

from ui import auth, data, exports
from ui.layout import show_coverage_heatmap, show_table
from ui.region_view import current_region, tables, template_names

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = st.column_config.NumberColumn(format="percent", width="small")

st.title("Сводка по региону")

user = auth.current_user()
if user is not None and user.role == "municipal":
    st.info("Сводка по региону доступна методистам, аналитикам и администратору.")
    st.stop()

store = data.store()
mark, summary = current_region(store)
if not summary.plans:
    st.info(
        "Пока нет сохранённых сравнений планов с шаблонами. Сравните планы муниципалитетов "
        "с региональной дорожной картой на странице «Сравнение»."
    )
    st.stop()

names = template_names(summary)
template_id = st.selectbox(
    "Шаблон (региональная дорожная карта)", list(names), format_func=names.get, key="region_template"
)
today = st.date_input("Просрочено на дату", value=dt.date.today(), format="DD.MM.YYYY", key="region_today")
shown = tables(store.url, mark, template_id, today, summary)
plans = shown.coverage
statuses = plans["Статус проверки"].value_counts()
st.caption(
    f"Муниципалитетов: {len(plans)}; у каждого взят последний план, сравнённый с шаблоном "
    "(новейший по дате документа, иначе последний загруженный). Проверка: "
    + ", ".join(f"{status} — {count}" for status, count in statuses.items())
)


def download(frame, name: str) -> None:
    """An xlsx download of `frame`, built only when asked for."""
    st.download_button(
        "Скачать XLSX",
        partial(exports.to_xlsx, frame, name),
        file_name=f"{name}.xlsx",
        mime=XLSX,
        key=f"download_{name}",
    )


st.subheader("Покрытие шаблона по муниципалитетам")
st.caption(
    "Доля мероприятий шаблона (всего и по разделам), которые отражены в последнем плане "
    "муниципалитета; где план проверен, с учётом решений методиста."
)
section_columns = list(plans.columns[5:])
if section_columns:
    show_coverage_heatmap(shown.heat, ("municipality", "Муниципалитет"), "Отражено", section_columns)
show_table(
    plans,
    columns={
        "Дата плана": st.column_config.DateColumn(format="DD.MM.YYYY"),
        "Покрытие": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1),
        **dict.fromkeys(section_columns, PERCENT),
    },
)
download(plans, "покрытие")

st.subheader("Чаще всего не отражены в планах")
st.caption(
    "Мероприятия шаблона, которых нет в последних планах муниципалитетов или которые отражены частично."
)
if shown.weak.empty:
    st.success("Все мероприятия шаблона отражены во всех последних планах.")
else:
    show_table(
        shown.weak,
        columns={
            "Мероприятие шаблона": st.column_config.TextColumn(width="large"),
            "Где не отражено": st.column_config.TextColumn(width="medium"),
            "Где частично": st.column_config.TextColumn(width="medium"),
        },
        wrapped=True,
    )
    download(shown.weak, "пропуски")

st.subheader("Собственные мероприятия, повторяющиеся в нескольких муниципалитетах")
st.caption(
    "Мероприятия планов, которым нет пары в шаблоне, если такие же по смыслу есть хотя бы в двух "
    "муниципалитетах: практики, которые стоит распространить. Пары находятся так же, как при сравнении "
    "плана с шаблоном; это подсказка — проверьте формулировки группы."
)
if shown.additions.empty:
    st.info("Повторяющихся собственных мероприятий нет.")
else:
    show_table(
        shown.additions,
        columns={"Мероприятие": st.column_config.TextColumn(width="large")},
        wrapped=True,
    )
    download(shown.additions, "дополнения")

st.subheader("Сроки")
st.caption(
    f"Мероприятия последних планов по месяцу окончания срока; просрочено — срок прошёл к {today:%d.%m.%Y}, "
    "а отметка о выполнении (где в плане есть такая графа) не «выполнено». "
    f"Без даты в сроке: {shown.undated}."
)
if shown.months.empty:
    st.info("У мероприятий последних планов нет сроков с датами.")
else:
    st.altair_chart(
        alt.Chart(shown.months)
        .mark_bar()
        .encode(
            x=alt.X("month:T", title="Месяц", axis=alt.Axis(format="%m.%Y")),
            y=alt.Y("count:Q", title="Мероприятий"),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(domain=["в срок или выполнено", "просрочено"], range=["#4c78a8", "#e45756"]),
            ),
            tooltip=[
                alt.Tooltip("month:T", title="Месяц", format="%m.%Y"),
                alt.Tooltip("kind:N", title="Срок"),
                alt.Tooltip("count:Q", title="Мероприятий"),
            ],
        ),
        width="stretch",
    )
st.metric("Просрочено мероприятий", len(shown.overdue))
if not shown.overdue.empty:
    show_table(
        shown.overdue,
        columns={
            "Мероприятие": st.column_config.TextColumn(width="large"),
            "Окончание срока": st.column_config.DateColumn(format="DD.MM.YYYY"),
        },
        wrapped=True,
    )
    download(shown.overdue, "просрочено")
