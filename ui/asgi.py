"""The app's server: Streamlit's own (`st.App`) running `ui/app.py`, plus the routes that set
and clear the sign-in cookie (`ui/signin_routes.py`). `roadmap app` runs `streamlit run` on
this file, which finds `app` here and serves it with Streamlit's uvicorn runner.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.signin_routes import routes

app = st.App(Path(__file__).with_name("app.py"), routes=routes())
