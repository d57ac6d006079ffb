"""The Streamlit app's pages and the helpers they share (data access, tables, charts, exports).

`ui/app.py` is the entry point (`roadmap app` runs it); each page is one script under `ui/views/`.
"""
