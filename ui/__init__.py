"""The Streamlit app's pages and the helpers they share (data access, tables, charts, exports).

`app.py` at the top level is the entry point; each page is one script under `ui/pages/`.
"""
