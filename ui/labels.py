"""Russian labels for the columns the app shows, beside those of the model's codes (`model.labels`)."""

from __future__ import annotations

from model.labels import GRADES, LEVELS, RULES, SEVERITIES, STATUSES, WHEN_KINDS, label

__all__ = [
    "ACTIVITY_COLUMNS",
    "DOCUMENT_COLUMNS",
    "GRADES",
    "LEVELS",
    "RULES",
    "SEVERITIES",
    "STATUSES",
    "WHEN_KINDS",
    "label",
]

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
    "topic_labels": "Темы",
    "topic_words": "Слова, по которым определены темы",
    "section_title": "Раздел",
    "risk": "Рисковое направление",
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
