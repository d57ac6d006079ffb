"""Документы: the stored documents with their metadata, status and review status (of the latest
review of each plan, with its template), and one document's page: metadata with the risk
directions it names and their findings, the order's points, activities (as printed beside
normalized, with topics and risk direction) and the source text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from compare.risks import risk_findings
from model import Document
from normalizer.risks import profiles
from normalizer.topics import topic_labels
from ui import data
from ui.labels import DOCUMENT_COLUMNS, LEVELS, STATUSES, WHEN_KINDS, label
from ui.layout import show_table
from ui.markup import plain

REVIEW_COLUMNS = {
    "review_status": "Проверка",
    "review_template": "Шаблон проверки",
    "review_by": "Статус установил",
}
# the review's status beside the document's, where a methodist sees it without scrolling
COLUMNS = [*list(DOCUMENT_COLUMNS)[:3], *REVIEW_COLUMNS, *list(DOCUMENT_COLUMNS)[3:]]

st.title("Документы")

documents = data.documents_frame()
if documents.empty:
    st.info("В базе пока нет документов. Загрузите их на странице «Загрузка».")
    st.stop()

ok = documents["status"].eq("ok").sum()
first, second, third = st.columns(3)
first.metric("Документов", len(documents))
second.metric("Обработано", int(ok))
third.metric("Мероприятий", int(documents["activity_count"].sum()))

reviewed = documents.merge(data.review_statuses(), how="left", left_on="id", right_on="plan_id")
template_names = documents.set_index("id")["file_name"]
plans = reviewed["status"].eq("ok") & reviewed["level"].ne("regional")  # a template is never "не проверен"
unchecked = plans.map({True: "не проверен", False: "—"})
shown = reviewed.assign(
    status=reviewed["status"].map(lambda v: label(STATUSES, v)),
    level=reviewed["level"].map(lambda v: label(LEVELS, v)),
    municipality=reviewed["municipality"].fillna("—"),
    error=reviewed["error"].fillna("—"),
    review_status=reviewed["review_status"].fillna(unchecked),
    review_template=reviewed["review_template_id"].map(template_names),
)
show_table(
    shown[COLUMNS].rename(columns={**DOCUMENT_COLUMNS, **REVIEW_COLUMNS}),
    columns={
        "Дата": st.column_config.DateColumn(format="DD.MM.YYYY"),
        "Заголовок": st.column_config.TextColumn(width="large"),
        "Ошибка": st.column_config.TextColumn(width="medium"),
    },
)

names = {int(row.id): f"{row.file_name} — {row.title or 'без заголовка'}" for row in documents.itertuples()}
chosen = st.selectbox(
    "Открыть документ",
    options=list(names),
    format_func=names.get,
    index=None,
    placeholder="Выберите документ",
    key="document_id",
)
if chosen is None:
    st.stop()

row = documents.set_index("id").loc[chosen]
st.header(plain(row["title"] or row["file_name"]))
if data.may_delete(chosen):
    with st.expander("Удалить документ"):
        st.caption("Вместе с документом удаляются его мероприятия, сравнения и проверки.")
        sure = st.checkbox(f"Да, удалить «{plain(row['file_name'])}»", key=f"delete_sure_{chosen}")
        if st.button("Удалить", type="primary", disabled=not sure, key=f"delete_{chosen}"):
            try:
                gone = data.delete_document(chosen)
            except (LookupError, PermissionError) as error:
                st.error(str(error))
            else:
                del st.session_state["document_id"]
                st.toast(f"Удалён: {gone}")
                st.rerun()
if row["status"] != "ok":
    st.error(f"Файл «{plain(row['file_name'])}» не обработан: {plain(row['error'])}")
    st.stop()

document: Document | None = data.document(chosen)
if document is None:
    st.warning("Документ не найден в базе.")
    st.stop()
if document.ocr is not None:
    st.warning(f"Внимание: {plain(document.ocr.warning())}.")


def _meta_table(document: Document) -> pd.DataFrame:
    meta = document.meta
    period = meta.plan_period
    rows = [
        ("Вид документа", meta.doc_type),
        ("Орган", meta.authority),
        ("Регион", meta.region),
        ("Муниципалитет", meta.municipality),
        ("Уровень", label(LEVELS, meta.level)),
        ("Дата", meta.date.strftime("%d.%m.%Y") if meta.date else None),
        ("Дата (как в документе)", meta.date_raw),
        ("Номер", meta.number),
        ("Заголовок", meta.title),
        ("Подписал", meta.signatory),
        ("Период плана", f"{period.start:%d.%m.%Y} – {period.end:%d.%m.%Y}" if period else None),
        ("Период (как в документе)", meta.plan_period_raw),
        ("Файл", row["file_name"]),
        ("Формат", document.format),
        ("Страниц", document.page_count),
    ]
    return pd.DataFrame(
        [(k, "—" if v is None else str(v)) for k, v in rows], columns=["Реквизит", "Значение"]
    )


def _when_text(activity) -> str:
    when = activity.when
    if when is None:
        return "—"
    spans = [
        f"{i.start:%d.%m.%Y}" + (f" – {i.end:%d.%m.%Y}" if i.end and i.end != i.start else "")
        for i in when.intervals
        if i.start
    ]
    text = label(WHEN_KINDS, when.kind)
    if when.recurrence:
        text += f" ({when.recurrence})"
    return f"{text}: {', '.join(spans)}" if spans else text


def _topics_text(activity) -> str:
    labels = topic_labels()
    return "; ".join(f"{labels.get(t.code, t.code)} ({', '.join(t.words)})" for t in activity.topics)


def _risks_table(document: Document) -> pd.DataFrame:
    official = profiles()
    return pd.DataFrame(
        [
            {
                "№": r.number,
                "Рисковое направление": r.title,
                "Профиль проекта «500+»": official.get(r.profile) if r.profile else None,
                "Мероприятий": sum(a.risk == r.title for a in document.activities),
                "Текст": r.raw,
            }
            for r in document.meta.risks
        ]
    )


def _activities_table(document: Document) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "№": [a.number for a in document.activities],
            "Раздел": [a.section_title for a in document.activities],
            "Мероприятие": [a.title for a in document.activities],
            "Срок (как в документе)": [a.deadline_raw for a in document.activities],
            "Срок (нормализованный)": [_when_text(a) for a in document.activities],
            "Ответственные (как в документе)": [a.responsible_raw for a in document.activities],
            "Лица": ["; ".join(a.persons) for a in document.activities],
            "Организации": ["; ".join(a.orgs) for a in document.activities],
            "Ожидаемый результат": [a.result_raw for a in document.activities],
            "Темы (слова)": [_topics_text(a) for a in document.activities],
            "Рисковое направление": [a.risk for a in document.activities],
        }
    )


meta_tab, directives_tab, activities_tab, text_tab = st.tabs(
    [
        "Реквизиты",
        f"Пункты приказа ({len(document.directives)})",
        f"Мероприятия ({len(document.activities)})",
        "Текст документа",
    ]
)
with meta_tab:
    st.table(_meta_table(document).set_index("Реквизит"))
    if document.meta.references:
        st.subheader("Ссылки на другие акты")
        show_table(
            pd.DataFrame(
                [
                    {
                        "Орган": r.authority,
                        "Вид": r.doc_type,
                        "Дата": r.date,
                        "Номер": r.number,
                        "Текст": r.raw,
                    }
                    for r in document.meta.references
                ]
            ),
        )
    if document.meta.risks:
        st.subheader("Рисковые направления")
        show_table(_risks_table(document))
        findings = risk_findings(document)
        for finding in findings:
            show = st.error if finding.severity == "error" else st.warning
            show(plain(finding.message))
        if not findings:
            st.success("По каждому рисковому направлению есть мероприятия со сроком и ответственным.")
with directives_tab:
    if not document.directives:
        st.info("В документе нет распорядительной части (пунктов после «ПРИКАЗЫВАЮ»).")
    for directive in document.directives:
        st.markdown(f"**{plain(directive.number)}** {plain(directive.text)}")
with activities_tab:
    if not document.activities:
        st.info("В документе не найдено таблицы мероприятий.")
    else:
        show_table(
            _activities_table(document),
            columns={
                "Мероприятие": st.column_config.TextColumn(width="large"),
                "Ответственные (как в документе)": st.column_config.TextColumn(width="medium"),
                "Ожидаемый результат": st.column_config.TextColumn(width="medium"),
            },
            wrapped=True,
        )
with text_tab:
    text = data.source_text(row["location"], row["file_name"], row["content_hash"])
    if text is None:
        st.info("Исходный файл недоступен.")
    else:
        st.caption("Текст, прочитанный из файла (ячейки таблиц разделены знаком «|»)")
        st.code(text, language=None, wrap_lines=True, height=560)
        with st.expander("Лица, организации и сроки в тексте (найдены нормализатором)"):
            st.html(data.marked_text(text))
