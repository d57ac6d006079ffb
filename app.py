"""Проверка дорожных карт: the Streamlit entry point.

Run with `streamlit run app.py`. The database is `ROADMAP_DB_URL` (any SQLAlchemy URL) or the
embedded SQLite file under `data/`; on first start with an empty database the sample corpus is
loaded so there is something to see at once.
"""

from __future__ import annotations

import streamlit as st

from ui import data

st.set_page_config(page_title="Проверка дорожных карт", page_icon=":material/map:", layout="wide")

with st.spinner("Подготовка базы данных и загрузка примеров…"):
    data.store()

PAGES = [
    st.Page("ui/pages/upload.py", title="Загрузка", icon=":material/upload_file:", url_path="upload"),
    st.Page(
        "ui/pages/documents.py",
        title="Документы",
        icon=":material/description:",
        url_path="documents",
        default=True,
    ),
    st.Page(
        "ui/pages/activities.py", title="Мероприятия", icon=":material/checklist:", url_path="activities"
    ),
    st.Page(
        "ui/pages/comparison.py", title="Сравнение", icon=":material/compare_arrows:", url_path="comparison"
    ),
    st.Page("ui/pages/registry.py", title="Справочник", icon=":material/menu_book:", url_path="registry"),
]

st.navigation(PAGES).run()
