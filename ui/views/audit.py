"""Журнал: the audit log (who did what, when, allowed or refused) and the accounts, for the admin."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from store.audit import AuditLog
from store.users import ROLES, Accounts
from ui import auth, data
from ui.layout import show_table

OUTCOMES = {"ok": "выполнено", "failed": "ошибка", "refused": "отказано"}

st.title("Журнал действий")
user = auth.current_user()
if user is None or not user.is_admin:
    st.error("Журнал доступен только администратору.")
    st.stop()

only_refusals = st.toggle("Только отказы", key="audit_refusals")
entries = AuditLog(data.store()).entries(outcome="refused" if only_refusals else None, limit=1000)
show_table(
    pd.DataFrame(
        [
            {
                "Когда (UTC)": e.at,
                "Кто": e.actor or "аноним",
                "Действие": e.action,
                "Итог": OUTCOMES.get(e.outcome, e.outcome),
                "Над чем": e.target,
                "Подробности": e.detail,
            }
            for e in entries
        ],
        columns=["Когда (UTC)", "Кто", "Действие", "Итог", "Над чем", "Подробности"],
    ),
)

st.subheader("Пользователи")
show_table(
    pd.DataFrame(
        [
            {
                "Логин": u.login,
                "Роль": ROLES.get(u.role, u.role),
                "Муниципалитет": u.municipality,
                "Активен": u.active,
                "Заблокирован до (UTC)": u.locked_until,
            }
            for u in Accounts(data.store()).users()
        ],
        columns=["Логин", "Роль", "Муниципалитет", "Активен", "Заблокирован до (UTC)"],
    ),
)
st.caption("Пользователи и токены управляются командой roadmap users add | list | disable | token.")
