"""Russian labels for the values and columns the app shows."""

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
}

ACTIVITY_COLUMNS: dict[str, str] = {
    "document": "Документ",
    "number": "№",
    "title": "Мероприятие",
    "deadline_raw": "Срок (как в документе)",
    "when_start": "Начало",
    "when_end": "Окончание",
    "when_kind": "Вид срока",
    "responsible_raw": "Ответственные (как в документе)",
    "persons": "Лица",
    "orgs": "Организации",
    "result_raw": "Ожидаемый результат",
    "section_title": "Раздел",
    "region": "Регион",
    "municipality": "Муниципалитет",
    "year": "Год",
}

DOCUMENT_COLUMNS: dict[str, str] = {
    "file_name": "Файл",
    "format": "Формат",
    "status": "Статус",
    "error": "Ошибка",
    "doc_type": "Вид",
    "region": "Регион",
    "municipality": "Муниципалитет",
    "level": "Уровень",
    "doc_date": "Дата",
    "number": "Номер",
    "title": "Заголовок",
    "activity_count": "Мероприятий",
}


def label(mapping: dict[str, str], value: str | None) -> str:
    """The Russian label of `value`, the value itself when unknown, "—" for nothing."""
    if value is None or value == "":
        return "—"
    return mapping.get(value, value)
