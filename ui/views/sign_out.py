"""Выход: end this tab's sign-in (and its cookie) and return to the login form."""

from __future__ import annotations

import streamlit as st

from ui import auth, data

auth.sign_out(data.store())
st.rerun()
