"""The corrected plan against the earlier review, inside the review page: remarks resolved and
still open, plan rows added, removed, re-dated and reworded (each pairing explained), and the
earlier decisions that carry over and those that cannot, with a button that carries them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from compare.emptiness import EmptyTemplateError
from review.model import Decision
from review.revision import CHANGES, CarriedDecision, RemarkCheck, Revision, RowPair
from store import Store
from store.reviews import ReviewError, ReviewRecord, Reviews
from store.revisions import carry_over, revision_of
from ui import auth
from ui.labels import RULES, label
from ui.layout import show_table
from ui.markup import plain

KINDS = {"gap": "пробел", "finding": "замечание", "remark": "своё замечание", "match": "соответствие"}
VERDICTS = {
    "confirmed": "подтверждено",
    "rejected": "отклонено",
    "regraded": "оценка изменена",
    "covered": "покрыто строкой плана",
    "accepted": "принято без отражения",
    "dismissed": "снято",
    "remark": "замечание методиста",
}
HOW = {"identical": "та же формулировка", "same_number": "тот же номер", "moved": "перенумерована"}
FLASH = "revision_flash"


def remarks_frame(checks: list[RemarkCheck]) -> pd.DataFrame:
    """One row per remark of the earlier review: what it is, its rows, what it said and why it
    counts as resolved or still open."""
    rows = [
        {
            "Вид": label(RULES, c.rule) if c.kind == "finding" else KINDS[c.kind],
            "Шаблон": c.template,
            "План (был)": c.plan,
            "План (стал)": c.corrected_plan,
            "Замечание": c.text,
            "Почему": c.reason,
        }
        for c in checks
    ]
    return pd.DataFrame(rows, columns=["Вид", "Шаблон", "План (был)", "План (стал)", "Замечание", "Почему"])


def pairs_frame(pairs: list[RowPair]) -> pd.DataFrame:
    """Paired plan rows: both numbers and texts, what changed and why they were paired."""
    rows = [
        {
            "Было №": p.earlier,
            "Стало №": p.corrected,
            "Мероприятие (было)": p.earlier_row.title,
            "Мероприятие (стало)": p.corrected_row.title,
            "Срок (был)": p.earlier_row.deadline_raw,
            "Срок (стал)": p.corrected_row.deadline_raw,
            "Изменено": ", ".join(CHANGES[c] for c in p.changes) or "—",
            "Почему одна строка": p.reason,
        }
        for p in pairs
    ]
    return pd.DataFrame(rows, columns=list(rows[0]) if rows else ["Было №", "Стало №"])


def rows_frame(revision: Revision, side: str) -> pd.DataFrame:
    """Rows only the corrected plan has (`side` "added") or only the earlier one had ("removed")."""
    chosen = revision.added if side == "added" else revision.removed
    return pd.DataFrame(
        [
            {"№": r.ref, "Мероприятие": r.title, "Срок": r.deadline_raw, "Ответственные": r.responsible_raw}
            for r in chosen
        ],
        columns=["№", "Мероприятие", "Срок", "Ответственные"],
    )


def described(decision: Decision) -> str:
    """A decision as the methodist reads it: «соответствие 2 = 3: подтверждено»."""
    rows = " = ".join(r for r in (decision.template, decision.plan) if r)
    what = label(RULES, decision.rule) if decision.kind == "finding" else KINDS[decision.kind]
    text = f"{what} {rows}: {VERDICTS[decision.verdict]}"
    return f"{text} ({decision.comment})" if decision.comment else text


def decisions_frame(items: list[CarriedDecision]) -> pd.DataFrame:
    """Earlier decisions, as they were and (where they carry) on the corrected plan's rows."""
    rows = [
        {
            "Решение": described(i.earlier),
            "Принял": i.earlier.decided_by,
            "В новой проверке": described(i.carried) if i.carried else "—",
            "Почему": i.reason,
        }
        for i in items
    ]
    return pd.DataFrame(rows, columns=["Решение", "Принял", "В новой проверке", "Почему"])


@st.cache_data(show_spinner=False, max_entries=32)
def _revision(url: str, review_id: int, stamp: tuple, _store: Store) -> Revision | None:
    return revision_of(_store, review_id)


def _stamp(reviews: Reviews, review: ReviewRecord) -> tuple:
    """What the revision depends on besides the documents: both reviews' decisions."""
    ids = (review.id, review.previous_id)
    return tuple((i, d.key, d.verdict, str(d.decided_at)) for i in ids if i for d in reviews.decisions(i))


def _table(frame: pd.DataFrame, empty: str) -> None:
    if frame.empty:
        st.caption(empty)
    else:
        show_table(frame, wrapped=True)


def show_revision(store: Store, review: ReviewRecord) -> None:
    """Render, inside the review page, the corrected plan of `review` against the earlier
    plan's review (nothing when the review is not linked to an earlier one)."""
    if review.previous_id is None:
        return
    reviews = Reviews(store)
    previous = reviews.get(review.previous_id)
    st.subheader("Сравнение с прежней проверкой")
    try:
        with st.spinner("Сопоставление с прежним планом…"):
            revision = _revision(store.url, review.id, _stamp(reviews, review), store)
    except (ReviewError, LookupError) as error:
        st.error(f"Не удалось сопоставить с прежним планом: {error}")
        return
    except EmptyTemplateError as error:  # a review opened before such a template was refused
        st.error(f"Не удалось сопоставить с прежним планом: {plain(Path(error.source).name)}: {error.reason}")
        return
    if revision is None or previous is None:
        return
    earlier = store.record(previous.plan_id)
    st.caption(
        f"Прежний план: {earlier.file_name if earlier else previous.plan_id}; "
        f"статус прежней проверки: {previous.status_label}"
    )
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    counts = st.columns(5)
    counts[0].metric("Устранено замечаний", len(revision.resolved))
    counts[1].metric("Осталось замечаний", len(revision.still_open))
    counts[2].metric("Строк добавлено", len(revision.added))
    counts[3].metric("Строк удалено", len(revision.removed))
    counts[4].metric("Сроков изменено", len(revision.redated))
    resolved, still_open, rows, decisions = st.tabs(
        [
            f"Устранено ({len(revision.resolved)})",
            f"Осталось ({len(revision.still_open)})",
            "Строки плана",
            f"Решения ({len(revision.carried)} из {len(revision.carried) + len(revision.not_carried)})",
        ]
    )
    with resolved:
        _table(remarks_frame(revision.resolved), "Ни одно замечание прежней проверки не устранено.")
    with still_open:
        _table(remarks_frame(revision.still_open), "Все замечания прежней проверки устранены.")
    with rows:
        st.markdown("**Добавлены**")
        _table(rows_frame(revision, "added"), "Новых строк нет.")
        st.markdown("**Удалены**")
        _table(rows_frame(revision, "removed"), "Удалённых строк нет.")
        st.markdown("**Изменён срок**")
        _table(pairs_frame(revision.redated), "Сроки не менялись.")
        st.markdown("**Изменены формулировка или ответственные**")
        _table(pairs_frame(revision.changed), "Других изменений нет.")
        with st.expander(f"Все сопоставленные строки ({len(revision.pairs)})"):
            _table(pairs_frame(revision.pairs), "Ни одна строка не сопоставлена.")
    with decisions:
        st.markdown("**Переносятся**")
        _table(decisions_frame(revision.carried), "Переносить нечего.")
        st.markdown("**Не переносятся**")
        _table(decisions_frame(revision.not_carried), "Все решения переносятся.")
        _carry_button(store, reviews, review, revision)


def _carry_button(store: Store, reviews: Reviews, review: ReviewRecord, revision: Revision) -> None:
    user = auth.current_user()
    taken = {d.key for d in reviews.decisions(review.id)}
    waiting = [c for c in revision.carried if c.carried is not None and c.carried.key not in taken]
    if user is None or not user.can_review or review.status == "approved" or not waiting:
        return
    if st.button(f"Перенести решения ({len(waiting)})", key=f"carry_{review.id}"):
        try:
            done = carry_over(store, review.id, by=user.login)
        except ReviewError as error:
            st.error(str(error))
            return
        st.session_state[FLASH] = (
            f"Перенесено решений: {len(done.written)}; оставлено как есть: {len(done.left)}"
        )
        st.cache_data.clear()
        st.rerun()
