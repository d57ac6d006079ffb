"""Справочник: the person registry with every variant seen, and the glossary of abbreviations
(the documents' own definitions first, then the built-in list)."""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.layout import show_table

st.title("Справочник")

persons_tab, glossary_tab = st.tabs(["Лица", "Сокращения"])

with persons_tab:
    persons = data.persons_frame()
    st.caption(
        "Один человек под одним каноническим именем «Фамилия И.О.»; варианты написания "
        "(опечатки, падежи, разные формы инициалов) объединяются, только если инициалы совпадают."
    )
    needle = st.text_input("Найти лицо", key="person_query", placeholder="Фамилия")
    if needle.strip():
        wanted = needle.strip().lower()
        persons = persons[
            persons["name"].str.lower().str.contains(wanted, regex=False)
            | persons["variants"].map(lambda vs: any(wanted in v.lower() for v in vs))
        ]
    if persons.empty:
        st.info("Лица не найдены.")
    else:
        show_table(
            persons.assign(variants=persons["variants"].map("; ".join)).rename(
                columns={"name": "Лицо", "variants": "Варианты написания", "activities": "Мероприятий"}
            ),
            columns={"Варианты написания": st.column_config.TextColumn(width="large")},
        )

with glossary_tab:
    glossary = data.glossary_frame()
    needle = st.text_input("Найти сокращение", key="abbreviation_query", placeholder="Например: ШНОР")
    if needle.strip():
        wanted = needle.strip().lower()
        glossary = glossary[
            glossary["abbreviation"].str.lower().str.contains(wanted, regex=False)
            | glossary["expansion"].str.lower().str.contains(wanted, regex=False)
        ]
    show_table(
        glossary.rename(
            columns={"abbreviation": "Сокращение", "expansion": "Расшифровка", "source": "Источник"}
        ),
        columns={"Расшифровка": st.column_config.TextColumn(width="large")},
    )
