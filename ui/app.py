"""Проверка дорожных карт: the Streamlit entry point.

Run with `roadmap app` (or `make run`), which starts `streamlit run` on `ui/asgi.py` (this
script served by Streamlit's `st.App` with the sign-in cookie's routes) with the options of
`ui/streamlit.toml`. It lives inside the `ui` package, not beside it, so that an installed
wheel can start the app without a checkout. The database is `ROADMAP_DB_URL` (any
SQLAlchemy URL) or the embedded SQLite file under `data/`; on first start with an empty database
the sample corpus is loaded so there is something to see at once, and with no accounts an admin
is created whose one-time password is printed in this terminal. Every page is behind the login
form (`ui/auth.py`; a sign-in outlives a reload); the upload page is for roles that may write,
the audit log for the admin; everyone compares, but only a methodist or the admin decides on a
review (`ui/review_view.py`).
"""

from __future__ import annotations

import streamlit as st

from store.users import User
from ui import auth, data

st.set_page_config(page_title="Проверка дорожных карт", page_icon=":material/map:", layout="wide")

with st.spinner("Подготовка базы данных и загрузка примеров…"):
    store = data.store()
auth.first_start(store)


# file in views/ (not pages/, which Streamlit would list beside the script by itself) and url,
# title, icon, who may open it
PAGES = (
    ("upload", "Загрузка", "upload_file", "write"),
    ("documents", "Документы", "description", "read"),
    ("activities", "Мероприятия", "checklist", "read"),
    ("comparison", "Сравнение", "compare_arrows", "read"),  # saved for writers, decided by methodists
    ("region", "Сводка по региону", "analytics", "region"),  # compares municipalities
    ("registry", "Справочник", "menu_book", "read"),
    ("audit", "Журнал", "history", "admin"),
    ("sign_out", "Выйти", "logout", "read"),
)


def pages(user: User) -> list[st.Page]:
    """The pages `user`'s role may open: an analyst only reads, the audit log is the admin's,
    the regional summary is not a municipal specialist's (it compares municipalities)."""
    allowed = {
        "read": True,
        "write": user.can_write,
        "admin": user.is_admin,
        "region": user.role != "municipal",
    }
    return [
        st.Page(
            f"views/{name}.py",
            title=title,
            icon=f":material/{icon}:",
            url_path=name,
            default=name == "documents",
        )
        for name, title, icon, who in PAGES
        if allowed[who]
    ]


user = auth.require_login(store)
if user is not None:
    st.sidebar.caption(f"Вы вошли как {auth.describe(user)}")
    st.navigation(pages(user)).run()
