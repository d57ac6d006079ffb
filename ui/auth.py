"""Login for the app: a form over the store's accounts, the signed-in user in the session,
and the first-start admin whose one-time password is printed in the terminal.

There is no open mode: every page runs after `require_login`. Tests sign in through the
same form (see tests/test_app_pages.py).
"""

from __future__ import annotations

import streamlit as st

from store import Store
from store.users import ROLES, Accounts, LoginError, User

SESSION_KEY = "user"


def current_user() -> User | None:
    """The signed-in user of this session, if any."""
    return st.session_state.get(SESSION_KEY)


def login() -> str | None:
    """The signed-in user's login (None outside a signed-in session)."""
    user = current_user()
    return user.login if user else None


def first_start(store: Store) -> None:
    """On a store with no accounts, create `admin` and print its one-time password in the
    terminal the app runs in (once per process and database)."""
    _first_start(store.url, store)


@st.cache_resource(show_spinner=False)
def _first_start(url: str, _store: Store) -> None:
    password = Accounts(_store).ensure_admin()
    if password:
        print(
            "\n  Первый запуск: создан администратор.\n"
            f"    логин:  admin\n    пароль: {password}\n"
            "  Пароль показан один раз; войдите и создайте остальных: roadmap users add.\n",
            flush=True,
        )


def require_login(store: Store) -> User | None:
    """The signed-in user; otherwise the login form is shown, the script stops, and None is
    returned where stopping is a no-op (a bare `python ui/app.py`, a spawned worker re-running
    the main module). A disabled account is signed out on its next page view."""
    user = current_user()
    if user is not None:
        fresh = Accounts(store).user(user.login)
        if fresh is not None and fresh.active:
            st.session_state[SESSION_KEY] = fresh
            return fresh
        del st.session_state[SESSION_KEY]
    st.title("Вход")
    st.caption(
        "При первом запуске создаётся администратор admin: его пароль выведен в терминал, "
        "где запущено приложение."
    )
    with st.form("login"):
        name = st.text_input("Логин", key="login_name")
        password = st.text_input("Пароль", type="password", key="login_password")
        submitted = st.form_submit_button("Войти", type="primary")
    if submitted:
        try:
            st.session_state[SESSION_KEY] = Accounts(store).authenticate(name, password, via="app")
        except LoginError as exc:
            st.error(f"Вход не выполнен: {exc}", icon=":material/lock:")
        else:
            st.rerun()
    st.stop()
    return None


def sign_out() -> None:
    """Forget the signed-in user of this session."""
    st.session_state.pop(SESSION_KEY, None)


def describe(user: User) -> str:
    """«login (role, municipality)» for the sidebar."""
    where = f", {user.municipality}" if user.municipality else ""
    return f"{user.login} ({ROLES.get(user.role, user.role)}{where})"
