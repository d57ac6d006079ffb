"""Проверка дорожных карт: the Streamlit entry point.

Run with `streamlit run app.py`. The database is `ROADMAP_DB_URL` (any SQLAlchemy URL) or the
embedded SQLite file under `data/`; on first start with an empty database the sample corpus is
loaded so there is something to see at once, and with no accounts an admin is created whose
one-time password is printed in this terminal. Every page is behind the login form
(`ui/auth.py`); the upload and comparison pages are for roles that may write, the audit log for the admin.
"""

from __future__ import annotations

import streamlit as st

from ui import auth, data

st.set_page_config(page_title="Проверка дорожных карт", page_icon=":material/map:", layout="wide")

with st.spinner("Подготовка базы данных и загрузка примеров…"):
    store = data.store()
auth.first_start(store)
user = auth.require_login(store)
st.sidebar.caption(f"Вы вошли как {auth.describe(user)}")

writes = user.can_write  # an analyst only reads: no uploads, no comparisons saved
PAGES = [
    page
    for page, shown in (
        (
            st.Page("ui/pages/upload.py", title="Загрузка", icon=":material/upload_file:", url_path="upload"),
            writes,
        ),
        (
            st.Page(
                "ui/pages/documents.py",
                title="Документы",
                icon=":material/description:",
                url_path="documents",
                default=True,
            ),
            True,
        ),
        (
            st.Page(
                "ui/pages/activities.py",
                title="Мероприятия",
                icon=":material/checklist:",
                url_path="activities",
            ),
            True,
        ),
        (
            st.Page(
                "ui/pages/comparison.py",
                title="Сравнение",
                icon=":material/compare_arrows:",
                url_path="comparison",
            ),
            writes,
        ),
        (
            st.Page(
                "ui/pages/registry.py", title="Справочник", icon=":material/menu_book:", url_path="registry"
            ),
            True,
        ),
        (
            st.Page("ui/pages/audit.py", title="Журнал", icon=":material/history:", url_path="audit"),
            user.is_admin,
        ),
        (st.Page("ui/pages/sign_out.py", title="Выйти", icon=":material/logout:", url_path="sign_out"), True),
    )
    if shown
]

st.navigation(PAGES).run()
