"""Выход: forget the signed-in user and return to the login form."""

from __future__ import annotations

import streamlit as st

from ui import auth

auth.sign_out()
st.rerun()
