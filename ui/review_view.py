"""The methodist's review of one comparison on the Сравнение page: its status, a verdict on
every match, gap and finding, her own remarks, every decision with who took it and when, the
letter of remarks and the workbook of decisions, and for a corrected plan what changed since
the review of the earlier one (`ui.revision_view`).

Each control writes at once (`ui.data.decide`, committed by `store.reviews`) from its
callback, so the page that follows already shows the decision. A methodist or the admin
decides; everyone else sees the same review read-only. A review once approved takes no
decisions until it is set back to draft.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import streamlit as st

from compare import Comparison, Match, activity_refs
from compare.model import ActivityRef, Coverage, Finding
from compare.order import ORDER_SIGNAL
from model import Document
from review.apply import carried, reviewed
from review.letter import decisions_xlsx, letter_of_remarks
from review.model import STATUSES, Decision, Reviewed, ReviewStatus
from review.remarks import sent
from store.reviews import ReviewError, ReviewRecord
from ui import auth, data
from ui.comparison_view import (
    confirmed_coverage,
    decisions_frame,
    dropped_text,
    export_bytes,
    findings_frame,
    stamp,
    verdict_text,
)
from ui.highlight import highlight, shared_lemmas
from ui.labels import GRADES, RULES, SEVERITIES, label
from ui.layout import show_table
from ui.markup import plain
from ui.revision_view import show_revision

ROWS_PER_PAGE = 20
ORDER_NOTE = (
    "; выбрано по порядку строк: план идёт по шаблону, и эта строка плана стоит на месте ответа "
    "(программа предпочла бы строку не по порядку)"
)
MESSAGE = "review_message"
# the statuses a review may be moved to from each status, with the button's words
MOVES: dict[str, tuple[tuple[ReviewStatus, str], ...]] = {
    "draft": (("returned", "Отправить на доработку"), ("approved", "Одобрить")),
    "returned": (("approved", "Одобрить"), ("draft", "Вернуть в черновик")),
    "approved": (("draft", "Вернуть в черновик"),),
}


def confirmed(template_id: int, plan_id: int, result: Comparison) -> Coverage | None:
    """The plan's coverage as the methodist confirmed it, when her review has decisions."""
    record = data.review(template_id, plan_id, create=False)
    decisions = data.decisions(record.id) if record is not None else []
    template = data.document(template_id)
    if not decisions or template is None:
        return None
    return confirmed_coverage(template, reviewed(result, decisions))


def show_review(template_id: int, plan_id: int, result: Comparison, plan_name: str) -> ReviewRecord | None:
    """The review of `plan_id` against `template_id` over the comparison `result`; the review
    shown (None when nobody has opened one and the user may not open it)."""
    record = data.review(template_id, plan_id)
    decisions = data.decisions(record.id) if record is not None else []
    kept, dropped = carried(decisions, result)
    state = reviewed(result, kept)
    editable = record is not None and data.may_decide() and record.status != "approved"
    template, plan = data.document(template_id), data.document(plan_id)

    st.subheader("Проверка методиста")
    letter = sent(result, kept)
    _status(record, editable=data.may_decide(), remarks=letter.count)
    if message := st.session_state.pop(MESSAGE, None):
        st.error(message)
    if decisions and template is not None:
        mine = confirmed_coverage(template, state)
        st.caption(
            f"Покрытие по решениям методиста: {mine.share:.0%} ({mine.covered} из {mine.total}); "
            f"по оценке программы: {result.coverage.share:.0%}."
        )
    if dropped:
        st.warning(
            "После повторного сравнения не перенесены решения, строк или замечаний которых больше нет:\n"
            + "\n".join(f"- {plain(dropped_text(d))}" for d in dropped)
        )
    if record is not None and record.previous_id is not None:
        show_revision(data.store(), record)  # a corrected plan: against the earlier plan's review
    decide = partial(_decide, record.id) if record is not None else None
    on = _Targets(kept)
    # labels that do not change with her decisions, so the open tab stays open after each one
    tabs = st.tabs(
        [
            f"Соответствия ({len(result.matches)})",
            f"Пробелы ({len(result.gaps)})",
            f"Замечания ({len(result.findings)})",
            "Замечания методиста",
            "Решения",
            "Выгрузка",
        ]
    )
    with tabs[0]:
        _matches(result, on, decide if editable else None, record)
    with tabs[1]:
        _gaps(result, state, on, plan, decide if editable else None, record)
    with tabs[2]:
        _findings(result, on, decide if editable else None, record)
    with tabs[3]:
        _remarks(state, template, plan, decide if editable else None, record)
    with tabs[4]:
        if kept:
            show_table(
                decisions_frame(kept),
                columns={
                    column: st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm")
                    for column in ("Когда (UTC)", "Когда перенесено (UTC)")
                },
            )
        else:
            st.info("Решений пока нет.")
    with tabs[5]:
        _export(result, plan_name, kept, template, plan)
    return record


class _Targets:
    """The decisions of a review by what they are about."""

    def __init__(self, decisions: list[Decision]) -> None:
        self.by_key = {d.key: d for d in decisions}

    def match(self, match: Match) -> Decision | None:
        target = Decision(kind="match", verdict="confirmed", template=match.template, plan=match.plan)
        return self.by_key.get(target.key)

    def gap(self, ref: str) -> Decision | None:
        return self.by_key.get(Decision(kind="gap", verdict="accepted", template=ref).key)

    def finding(self, finding: Finding) -> Decision | None:
        return self.by_key.get(_dismissal(finding).key)


def _dismissal(finding: Finding, comment: str | None = None) -> Decision:
    return Decision(
        kind="finding",
        verdict="dismissed",
        rule=finding.rule,
        template=finding.template,
        plan=finding.plan,
        comment=comment,
    )


def _decide(review_id: int, decision: Decision) -> None:
    """Write a decision from a control's callback; a refusal is shown on the page that follows."""
    try:
        data.decide(review_id, decision)
    except (ReviewError, PermissionError) as exc:
        st.session_state[MESSAGE] = f"Решение не сохранено: {exc}"


def _withdraw(review_id: int, key: str) -> None:
    try:
        data.withdraw(review_id, key)
    except (ReviewError, PermissionError) as exc:
        st.session_state[MESSAGE] = f"Решение не отменено: {exc}"


def _move(review_id: int, status: ReviewStatus) -> None:
    try:
        data.set_status(review_id, status)
    except (ReviewError, PermissionError) as exc:
        st.session_state[MESSAGE] = f"Статус не изменён: {exc}"


def _status(record: ReviewRecord | None, *, editable: bool, remarks: int = 0) -> None:
    if record is None:
        st.info("План ещё не проверялся методистом.")
        return
    who = f" — {record.status_by}, {record.status_at:%d.%m.%Y %H:%M} UTC" if record.status_at else ""
    st.markdown(f"Статус проверки: **{record.status_label}**{plain(who)}")
    if not editable:
        st.caption("Только просмотр: решения по проверке принимает региональный методист.")
        return
    if record.status == "approved":
        st.caption("План одобрен: чтобы изменить решения, верните проверку в черновик.")
    open_remarks = f"; замечаний к отправке: {remarks}" if remarks else ""
    row = st.container(horizontal=True)
    for status, words in MOVES[record.status]:
        row.button(
            words,
            key=f"{record.id}:status:{status}",
            on_click=_move,
            args=(record.id, status),
            help=f"Статус станет «{STATUSES[status]}»" + (open_remarks if status == "approved" else ""),
        )
    if remarks and record.status != "approved":
        st.caption(
            f"Замечаний к отправке: {remarks}. Одобряя план, вы принимаете его с ними; чтобы "
            "муниципалитет их исправил, отправьте план на доработку."
        )


def _page(rows: list, key: str) -> list:
    pages = -(-len(rows) // ROWS_PER_PAGE) or 1
    page = min(st.pagination(pages, key=key), pages) if pages > 1 else 1
    return rows[(page - 1) * ROWS_PER_PAGE : page * ROWS_PER_PAGE]


def _decided(decision: Decision | None) -> str:
    if decision is None:
        return "Решения методиста нет."
    comment = f": {decision.comment}" if decision.comment else ""
    return f"Решение методиста: **{verdict_text(decision)}**{plain(comment)} — {plain(stamp(decision))}"


def _matches(
    result: Comparison,
    on: _Targets,
    decide: Callable[[Decision], None] | None,
    record: ReviewRecord | None,
) -> None:
    if not result.matches:
        st.info("Соответствий не найдено.")
        return
    left, right = st.columns(2)
    left.markdown("**Мероприятие шаблона**")
    right.markdown("**Мероприятие плана**")
    for match in _page(result.matches, "matches_page"):
        decision = on.match(match)
        grade = decision.grade if decision is not None and decision.verdict == "regraded" else match.grade
        lemmas = shared_lemmas(match.shared_words)
        with st.container(border=True):
            left, right = st.columns(2)
            left.markdown(
                f"**{plain(match.template)}.** {highlight(match.template_title, lemmas)}",
                unsafe_allow_html=True,
            )
            right.markdown(
                f"**{plain(match.plan)}.** {highlight(match.plan_title, lemmas)}", unsafe_allow_html=True
            )
            st.caption(
                f"Соответствие: {label(GRADES, grade)}, оценка программы {match.score:.2f}; "
                f"общие слова: {plain(', '.join(match.shared_words)) or '—'}"
                + (ORDER_NOTE if ORDER_SIGNAL in match.signals else "")
                + (
                    f"; почему частично: {plain(match.reason)}"
                    if match.grade == "partial" and match.reason
                    else ""
                )
            )
            st.markdown(_decided(decision))
            if decide is None or record is None:
                continue
            key = f"{record.id}:{match.template}:{match.plan}"
            target = {"kind": "match", "template": match.template, "plan": match.plan}
            other = "partial" if grade == "same" else "same"
            regrade = (
                Decision(**target, verdict="confirmed")
                if other == match.grade
                else Decision(**target, verdict="regraded", grade=other)
            )
            buttons = st.container(horizontal=True)
            buttons.button(
                "Подтвердить",
                key=f"{key}:confirm",
                on_click=decide,
                args=(Decision(**target, verdict="confirmed"),),
                disabled=decision is not None and decision.verdict == "confirmed",
            )
            buttons.button(
                "Отклонить",
                key=f"{key}:reject",
                on_click=decide,
                args=(Decision(**target, verdict="rejected"),),
                disabled=decision is not None and decision.verdict == "rejected",
            )
            buttons.button(
                f"Оценка: {label(GRADES, other)}", key=f"{key}:regrade", on_click=decide, args=(regrade,)
            )
            if decision is not None:
                buttons.button(
                    "Отменить решение",
                    key=f"{key}:undo",
                    on_click=_withdraw,
                    args=(record.id, decision.key),
                )


def _rows(document: Document | None) -> dict[str, str]:
    """A document's activities by reference, «5. Title…» for a select box."""
    if document is None:
        return {}
    refs = activity_refs(document)
    return {ref: f"{ref}. {_short(a.title)}" for ref, a in zip(refs, document.activities, strict=True)}


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _gap_rows(result: Comparison, state: Reviewed, on: _Targets) -> list[ActivityRef]:
    """Template rows the plan does not answer as the tool found it or as the methodist decided:
    the tool's gaps, rows of rejected matches, and those she covered or accepted."""
    titles = {m.template: m.template_title for m in result.matches}
    rows = {g.ref: g for g in [*result.gaps, *state.gaps, *state.accepted]}
    for decision in on.by_key.values():
        if decision.kind == "gap" and decision.template not in rows:
            rows[decision.template] = ActivityRef(
                ref=decision.template, title=titles.get(decision.template, "")
            )
    return list(rows.values())


def _gaps(
    result: Comparison,
    state: Reviewed,
    on: _Targets,
    plan: Document | None,
    decide: Callable[[Decision], None] | None,
    record: ReviewRecord | None,
) -> None:
    rows = _gap_rows(result, state, on)
    if not rows:
        st.success("Все мероприятия шаблона отражены в плане.")
        return
    st.caption(
        f"Не отражено в плане: {len(state.gaps)}, принято без мероприятия: {len(state.accepted)} "
        f"(программа нашла пробелов: {len(result.gaps)})."
    )
    plan_rows = _rows(plan)
    for gap in _page(rows, "gaps_page"):
        decision = on.gap(gap.ref)
        with st.container(border=True):
            section = f" (раздел «{plain(gap.section_title)}»)" if gap.section_title else ""
            st.markdown(f"**{plain(gap.ref)}.** {plain(gap.title)}{section}")
            if gap.deadline_raw or gap.responsible_raw:
                deadline, responsible = plain(gap.deadline_raw or "—"), plain(gap.responsible_raw or "—")
                st.caption(f"Срок: {deadline}; ответственные: {responsible}")
            st.markdown(_decided(decision) if decision is not None else "Не отражено в плане.")
            if decide is None or record is None:
                continue
            key = f"{record.id}:gap:{gap.ref}"
            if decision is not None:
                st.button(
                    "Отменить решение", key=f"{key}:undo", on_click=_withdraw, args=(record.id, decision.key)
                )
                continue
            cover, accept = st.columns(2)
            cover.selectbox(
                "Покрыто мероприятием плана",
                list(plan_rows),
                index=None,
                format_func=plan_rows.get,
                placeholder="Выберите строку плана",
                key=f"{key}:plan",
            )
            cover.button(
                "Отметить покрытым", key=f"{key}:cover", on_click=_cover, args=(decide, gap.ref, key)
            )
            accept.text_input("Почему принято без мероприятия", key=f"{key}:comment")
            accept.button("Принять", key=f"{key}:accept", on_click=_accept, args=(decide, gap.ref, key))


def _cover(decide: Callable[[Decision], None], ref: str, key: str) -> None:
    plan = st.session_state.get(f"{key}:plan")
    if plan is None:
        st.session_state[MESSAGE] = "Выберите строку плана, которая покрывает мероприятие шаблона."
        return
    decide(Decision(kind="gap", verdict="covered", template=ref, plan=plan))


def _accept(decide: Callable[[Decision], None], ref: str, key: str) -> None:
    comment = (st.session_state.get(f"{key}:comment") or "").strip()
    if not comment:
        st.session_state[MESSAGE] = "Напишите, почему мероприятие шаблона можно не отражать в плане."
        return
    decide(Decision(kind="gap", verdict="accepted", template=ref, comment=comment))


def _findings(
    result: Comparison,
    on: _Targets,
    decide: Callable[[Decision], None] | None,
    record: ReviewRecord | None,
) -> None:
    if not result.findings:
        st.success("Замечаний нет.")
        return
    severities = st.multiselect(
        "Важность",
        list(SEVERITIES.values()),
        default=list(SEVERITIES.values())[:2],
        key="severities",
    )
    dismissed = [(f, d) for f in result.findings if (d := on.finding(f)) is not None]
    st.caption(f"Открыто замечаний: {len(result.findings) - len(dismissed)} из {len(result.findings)}.")
    findings = findings_frame(result, on.finding)
    show_table(
        findings[findings["Важность"].isin(severities)],
        columns={
            "Важность": st.column_config.TextColumn(width=110),
            "Правило": st.column_config.TextColumn(width=150),
            "Замечание": st.column_config.TextColumn(width=240),
            "Шаблон": st.column_config.TextColumn(width=60),
            "План": st.column_config.TextColumn(width=60),
            "Основание": st.column_config.TextColumn(width=240),
            "Решение методиста": st.column_config.TextColumn(width=200),
        },
        wrapped=True,
    )
    if decide is None or record is None:
        return
    still = {i: f for i, f in enumerate(result.findings) if on.finding(f) is None}
    if still:
        with st.container(border=True):
            st.selectbox(
                "Снять замечание",
                list(still),
                index=None,
                format_func=lambda i: f"{label(RULES, still[i].rule)}: {_short(still[i].message, 120)}",
                placeholder="Выберите замечание программы",
                key=f"{record.id}:dismiss",
            )
            st.text_input("Почему замечание снято", key=f"{record.id}:dismiss_comment")
            st.button(
                "Снять", key=f"{record.id}:dismiss_button", on_click=_dismiss, args=(decide, still, record.id)
            )
    for finding, decision in dismissed:
        column, button = st.columns([5, 1])
        column.markdown(f"~~{plain(finding.message)}~~ — {_decided(decision)}")
        button.button(
            "Вернуть",
            key=f"{record.id}:undo:{decision.key}",
            on_click=_withdraw,
            args=(record.id, decision.key),
        )


def _dismiss(decide: Callable[[Decision], None], still: dict[int, Finding], review_id: int) -> None:
    chosen = st.session_state.get(f"{review_id}:dismiss")
    comment = (st.session_state.get(f"{review_id}:dismiss_comment") or "").strip()
    if chosen is None or not comment:
        st.session_state[MESSAGE] = "Выберите замечание и напишите, почему оно снято."
        return
    decide(_dismissal(still[chosen], comment))


def _remarks(
    state: Reviewed,
    template: Document | None,
    plan: Document | None,
    decide: Callable[[Decision], None] | None,
    record: ReviewRecord | None,
) -> None:
    rows = {f"t:{ref}": f"Шаблон {text}" for ref, text in _rows(template).items()}
    rows.update((f"p:{ref}", f"План {text}") for ref, text in _rows(plan).items())
    if not state.remarks:
        st.info("Своих замечаний методист пока не добавлял.")
    for remark in state.remarks:
        where = "; ".join(
            f"{side} {ref}" for side, ref in (("шаблон", remark.template), ("план", remark.plan)) if ref
        )
        with st.container(border=True):
            st.markdown(f"**{plain(where)}**: {plain(remark.comment or '')}")
            st.caption(stamp(remark))
            if decide is not None and record is not None:
                st.button(
                    "Удалить",
                    key=f"{record.id}:undo:{remark.key}",
                    on_click=_withdraw,
                    args=(record.id, remark.key),
                )
    if decide is None or record is None:
        return
    with st.container(border=True):
        st.selectbox(
            "Строка, к которой замечание",
            list(rows),
            index=None,
            format_func=rows.get,
            placeholder="Мероприятие шаблона или плана",
            key=f"{record.id}:remark_row",
        )
        st.text_area("Замечание", key=f"{record.id}:remark_text")
        st.button("Добавить замечание", key=f"{record.id}:remark", on_click=_remark, args=(decide, record.id))


def _remark(decide: Callable[[Decision], None], review_id: int) -> None:
    row = st.session_state.get(f"{review_id}:remark_row")
    text = (st.session_state.get(f"{review_id}:remark_text") or "").strip()
    if row is None or not text:
        st.session_state[MESSAGE] = "Выберите строку и напишите текст замечания."
        return
    side, ref = row.split(":", 1)
    decide(
        Decision(
            kind="remark", verdict="remark", comment=text, **{"template" if side == "t" else "plan": ref}
        )
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _export(
    result: Comparison,
    plan_name: str,
    decisions: list[Decision],
    template: Document | None,
    plan: Document | None,
) -> None:
    stem = plan_name.rsplit(".", 1)[0]
    if template is not None and plan is not None:
        st.caption(
            "Письмо муниципалитету с замечаниями, которые подтвердил методист (по разделам шаблона, "
            "подпись оставлена для заполнения), и таблица всех решений по плану."
        )
        author = auth.login() if data.may_decide() else None
        row = st.container(horizontal=True)
        row.download_button(
            "Скачать письмо с замечаниями",
            partial(letter_of_remarks, result, decisions, template, plan, author=author),
            file_name=f"замечания_{stem}.docx",
            mime=DOCX,
            key="letter",
        )
        row.download_button(
            "Скачать решения (XLSX)",
            partial(decisions_xlsx, result, decisions, template, plan),
            file_name=f"решения_{stem}.xlsx",
            mime=XLSX,
            key="decisions_xlsx",
        )
    st.caption("Отчёт программы по выбранному плану: сводка, соответствия, пробелы и замечания.")
    row = st.container(horizontal=True)
    row.download_button(
        "Скачать XLSX", partial(export_bytes, result, "xlsx"), file_name=f"сравнение_{stem}.xlsx", mime=XLSX
    )
    row.download_button(
        "Скачать DOCX", partial(export_bytes, result, "docx"), file_name=f"сравнение_{stem}.docx", mime=DOCX
    )
