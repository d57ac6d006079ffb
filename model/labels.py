"""Russian words for the codes of the data model and of compare (deadline kinds, levels, statuses,
grades, finding rules and severities), shared by the app and the command line; JSON keeps the codes."""

from __future__ import annotations

WHEN_KINDS: dict[str, str] = {
    "date": "к дате",
    "deadline": "до срока",
    "period": "период",
    "recurring": "регулярно",
    "continuous": "постоянно",
    "as_needed": "по необходимости",
    "by_schedule": "по графику",
    "unspecified": "не указан",
}

LEVELS: dict[str, str] = {"municipal": "муниципальный", "regional": "региональный", "federal": "федеральный"}

STATUSES: dict[str, str] = {
    "ok": "обработан",
    "failed": "ошибка",
    "refused": "отклонён",
    "empty": "без мероприятий",
}

SEVERITIES: dict[str, str] = {"error": "ошибка", "warning": "предупреждение", "info": "сведения"}

GRADES: dict[str, str] = {"same": "полное", "partial": "частичное"}

RULES: dict[str, str] = {
    "gap": "пробел",
    "partial_coverage": "частичное покрытие",
    "late_deadline": "срок позже шаблона",
    "vague_deadline": "размытый срок",
    "no_responsible": "нет ответственного",
    "no_person": "ответственный без имени",
    "deadline_before_document": "срок раньше даты документа",
    "deadline_after_period": "срок за пределами периода",
    "addition": "дополнительное мероприятие",
    "risk_without_activities": "риск без мероприятий",
    "risk_no_deadline": "мероприятия по риску без срока",
    "risk_no_responsible": "мероприятия по риску без ответственного",
    "empty_template": "шаблон без мероприятий",
    "empty_plan": "план без мероприятий",
}


def label(mapping: dict[str, str], value: str | None) -> str:
    """The Russian label of `value`, the value itself when unknown, "—" for nothing."""
    if value is None or value == "":
        return "—"
    return mapping.get(value, value)
