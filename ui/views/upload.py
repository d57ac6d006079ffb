"""Загрузка: several files or zip archives at once; a progress bar and one result line per
file; a bad file is reported with its reason and the rest goes on."""

from __future__ import annotations

import streamlit as st

from ui import data
from ui.markup import plain
from ui.uploads import discard_upload, save_upload

st.title("Загрузка документов")
st.caption(
    "Приказы и дорожные карты в форматах .docx, .doc, .rtf, .odt, .pdf, .html, .txt, "
    "таблицы .xlsx, .xls, .ods, сканы и фотографии .jpg, .png, .tif, а также zip-архивы с ними. "
    "Файл, который уже есть в базе, повторно не добавляется."
)

files = st.file_uploader("Файлы или zip-архивы", accept_multiple_files=True, key="uploads")
if st.button("Загрузить в базу", type="primary", disabled=not files):
    progress = st.progress(0.0, text="Загрузка…")
    results = []
    for index, upload in enumerate(files, start=1):
        done, counter = (index - 1) / len(files), f"({index} из {len(files)})"
        progress.progress(done, text=f"Обработка «{plain(upload.name)}» {counter}")
        saved = save_upload(upload.name, upload.getvalue())
        results += data.ingest(
            saved, lambda r, d=done, c=counter: progress.progress(d, text=f"{plain(r.message)} {c}")
        )
        discard_upload(saved)
    progress.progress(1.0, text="Готово")
    st.session_state["upload_results"] = results

results = st.session_state.get("upload_results", [])
if results:
    loaded = [r for r in results if r.error is None and not r.skipped]
    failed = [r for r in results if r.error is not None]
    skipped = len(results) - len(loaded) - len(failed)
    st.subheader(f"Итог: загружено {len(loaded)}, с ошибкой {len(failed)}, пропущено {skipped}")
    for result in results:
        if result.error is not None:
            st.error(plain(result.message), icon=":material/error:")
        elif result.skipped:
            st.info(plain(result.message), icon=":material/info:")
        else:
            st.success(plain(result.message), icon=":material/check_circle:")
