"""Login for the app: a form over the store's accounts, the signed-in user in the session,
and the first-start admin whose one-time password is printed in the terminal.

A sign-in outlives a page reload: the form starts one in the store (`store.app_sessions`)
and the page posts its one-time code to the app's own route, which answers with an HttpOnly
cookie (`ui/signin_routes.py`); a new tab or a reload presents the cookie and is let in while
the sign-in lives. «Выйти» ends it and clears the cookie.

There is no open mode: every page runs after `require_login`. Tests sign in through the
same form (see tests/test_app_pages.py).
"""

from __future__ import annotations

import json

import streamlit as st

from store import Store
from store.app_sessions import AppSessions, SessionError
from store.users import ROLES, Accounts, LoginError, User
from ui import signin_routes

SESSION_KEY = "user"
SIGN_IN_KEY = "sign_in"  # the id of this tab's sign-in in the store
HANDOFF_KEY = "sign_in_code"  # its one-time code, until the route has traded it for the cookie
HANDOFF_ATTEMPT_KEY = "sign_in_code_sent"  # how many runs have had the page post the code
CLEAR_KEY = "sign_in_clear"  # after «Выйти»: the page is to clear the cookie
SIGNED_OUT_KEY = "signed_out"  # «Выйти» pressed: the cookie this tab connected with is done


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
    the main module). A tab's sign-in is checked on every page view, so one ended (sign-out
    elsewhere, a disabled account, a changed password, an admin's revocation) or expired
    signs the tab out with the reason; a tab without one is let in by a live sign-in cookie."""
    sessions = AppSessions(store)
    notice = None
    try:
        user = _signed_in(sessions)
    except SessionError as exc:
        user, notice = None, f"Нужно войти снова: {exc}."
    if user is not None:
        _send_code(sessions)
        return user
    st.title("Вход")
    if notice:
        st.warning(notice, icon=":material/schedule:")
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
            user = Accounts(store).authenticate(name, password, via="app")
        except LoginError as exc:
            st.error(f"Вход не выполнен: {exc}", icon=":material/lock:")
        else:
            st.session_state[SIGN_IN_KEY], st.session_state[HANDOFF_KEY] = sessions.open(user)
            st.session_state[SESSION_KEY] = user
            st.rerun()
    if st.session_state.pop(CLEAR_KEY, False):
        _post(signin_routes.url("signout"))
    st.stop()
    return None


def presented_token() -> str | None:
    """The sign-in cookie's token the browser sent when this tab connected, if any (None
    too where there is no browser, as under AppTest, whose client answers with a stand-in)."""
    token = st.context.cookies.get(signin_routes.COOKIE)
    return token if isinstance(token, str) and token else None


def sign_out(store: Store) -> None:
    """End this tab's sign-in (in the store at once; the page clears the cookie next)."""
    sign_in = st.session_state.pop(SIGN_IN_KEY, None)
    if sign_in is not None:
        AppSessions(store).close(sign_in)
    token = presented_token()
    if token is not None:
        AppSessions(store).close(token=token)
    for key in (SESSION_KEY, HANDOFF_KEY, HANDOFF_ATTEMPT_KEY):
        st.session_state.pop(key, None)
    st.session_state[CLEAR_KEY] = st.session_state[SIGNED_OUT_KEY] = True


def _signed_in(sessions: AppSessions) -> User | None:
    """The user of this tab's live sign-in, else of a live cookie; None when neither is
    there; SessionError with the reason when the one there has ended or expired."""
    sign_in = st.session_state.get(SIGN_IN_KEY)
    if sign_in is not None:
        try:
            user = sessions.check(sign_in)
        except SessionError:
            for key in (SESSION_KEY, SIGN_IN_KEY, HANDOFF_KEY, HANDOFF_ATTEMPT_KEY):
                st.session_state.pop(key, None)
            raise
    else:
        token = None if st.session_state.get(SIGNED_OUT_KEY) else presented_token()
        if token is None:
            return None
        st.session_state[SIGN_IN_KEY], user = sessions.resume(token)
    st.session_state[SESSION_KEY] = user
    return user


def _send_code(sessions: AppSessions) -> None:
    """After a login, on every run until the route has traded the sign-in's one-time code for
    the cookie: a script on the page that posts it. Once is not enough: the browser draws the
    script's element lazily, and a rerun or a page switch that comes first removes it unrun.
    Each run's script differs, so the browser runs the new one; a second post of a traded code
    is refused and changes nothing."""
    code = st.session_state.get(HANDOFF_KEY)
    if code is None:
        return
    if not sessions.awaits_handover(st.session_state[SIGN_IN_KEY]):
        st.session_state.pop(HANDOFF_KEY)
        return
    attempt = st.session_state[HANDOFF_ATTEMPT_KEY] = st.session_state.get(HANDOFF_ATTEMPT_KEY, 0) + 1
    _post(signin_routes.url("signin"), code, attempt=attempt)


def _post(url: str, body: str = "", *, attempt: int = 0) -> None:
    """A script on the page that posts `body` to the app's own route `url` (its answer may set
    or clear the HttpOnly cookie, which no script can read); `attempt` tells one run's script
    from the last one's."""
    st.sidebar.html(
        f"<script>fetch({json.dumps(url)}, {{method: 'POST', credentials: 'same-origin', "
        f"body: {json.dumps(body)}}}); /* {attempt} */</script>",
        unsafe_allow_javascript=True,
    )


def describe(user: User) -> str:
    """«login (role, municipality)» for the sidebar."""
    where = f", {user.municipality}" if user.municipality else ""
    return f"{user.login} ({ROLES.get(user.role, user.role)}{where})"
