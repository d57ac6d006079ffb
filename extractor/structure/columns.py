"""Column roles of a plan table: from its header wording, or guessed from its content."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    NUMBER = "number"
    TITLE = "title"
    DEADLINE = "deadline"
    RESPONSIBLE = "responsible"
    RESULT = "result"
    STATUS = "status"


# Checked in this order, so "Сроки исполнения" is a deadline before "исполн" can make it
# a responsible, and "Отметка о выполнении" is a status before anything else.
_HEADER_PATTERNS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    (Role.NUMBER, re.compile(r"^(№|n\b|no\b|номер|п\s*/\s*п|п\.\s*п)|^№?\s*п\s*[./]\s*п")),
    (Role.STATUS, re.compile(r"отметк|статус|информация о (выполнении|исполнении)")),
    (Role.DEADLINE, re.compile(r"срок|дата|период|время (проведения|исполнения)|когда")),
    (Role.RESPONSIBLE, re.compile(r"ответствен|исполнител|кто проводит")),
    (Role.RESULT, re.compile(r"результат|показател|индикатор|продукт|форма (отчет|представл|заверш)|итог")),
    (
        Role.TITLE,
        re.compile(r"мероприят|наименовани|содержани|виды работ|направлени|действи|деятельност|меры|задач"),
    ),
)

_MAX_HEADER_CELL = 80
_NUMBER_CELL = re.compile(r"^\d{1,2}(\.\d{1,2})*\.*$")
_MONTHS = (
    "январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|квартал|полугоди"
    "|в течение|ежемесячн|еженедельн|ежеквартал|постоянно|по мере|до \\d"
)
_DEADLINE_CELL = re.compile(rf"\d{{1,2}}\.\d{{1,2}}\.\d{{2,4}}|\b20\d\d\b|{_MONTHS}", re.IGNORECASE)
_RESPONSIBLE_CELL = re.compile(
    r"[А-ЯЁ]\.\s?[А-ЯЁ]\.|руководител|начальник|директор|заместител|методист|куратор|специалист"
    r"|\b(ОО|ОУ|МОУ|МОУО|МБОУ|МОБУ|ЦДО|ИРО|ЦОКО|МЦОКО)\b|отдел|управлени|комитет|центр",
)


@dataclass(frozen=True)
class ColumnRoles:
    """Which grid column plays which role; a role maps to at most one column."""

    columns: dict[Role, int]
    width: int
    header: tuple[str, ...] = ()

    def get(self, role: Role) -> int | None:
        return self.columns.get(role)

    @property
    def is_plan(self) -> bool:
        """A plan names activities and says when or by whom they are done."""
        has = self.columns.__contains__
        return has(Role.TITLE) and (has(Role.DEADLINE) or has(Role.RESPONSIBLE))


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е").strip()


def header_roles(cells: Sequence[str]) -> ColumnRoles | None:
    """Roles from a header row's wording, or None if the row does not read as a plan header."""
    if any(_NUMBER_CELL.match(cell.strip()) for cell in cells):
        return None
    columns: dict[Role, int] = {}
    for index, cell in enumerate(cells):
        folded = _fold(cell)
        if not folded or len(folded) > _MAX_HEADER_CELL:
            continue
        for role, pattern in _HEADER_PATTERNS:
            if role not in columns and pattern.search(folded):
                columns[role] = index
                break
    roles = ColumnRoles(columns=columns, width=len(cells), header=tuple(cells))
    named = sum(1 for role in columns if role is not Role.NUMBER)
    return roles if roles.is_plan and named >= 2 else None


def is_header_like(cells: Sequence[str], roles: ColumnRoles) -> bool:
    """True for a repeated header row: most of its cells read as the header's role names."""
    found = header_roles(cells)
    if found is None:
        return False
    same = sum(1 for role, col in found.columns.items() if roles.get(role) == col)
    return same >= max(2, len(roles.columns) - 1)


def guess_roles(rows: Sequence[Sequence[str]]) -> ColumnRoles | None:
    """Roles for a table with no header row, from what its cells look like.

    A column of short numbers is the number, the one most often holding dates or month
    names the deadline, the one naming people or bodies the responsible; the longest
    remaining text is the title and the next longest the result.
    """
    width = max((len(r) for r in rows), default=0)
    if width < 2 or not rows:
        return None
    columns: dict[Role, int] = {}

    def share(col: int, pattern: re.Pattern[str]) -> float:
        cells = [r[col].strip() for r in rows if col < len(r) and r[col].strip()]
        return sum(1 for c in cells if pattern.search(c)) / len(cells) if cells else 0.0

    def mean_length(col: int) -> float:
        cells = [len(r[col]) for r in rows if col < len(r)]
        return sum(cells) / len(cells) if cells else 0.0

    if share(0, _NUMBER_CELL) >= 0.6:
        columns[Role.NUMBER] = 0
    free = [c for c in range(width) if c not in columns.values()]
    for role, pattern in ((Role.DEADLINE, _DEADLINE_CELL), (Role.RESPONSIBLE, _RESPONSIBLE_CELL)):
        scored = sorted(((share(c, pattern), c) for c in free), reverse=True)
        if scored and scored[0][0] >= 0.5:
            columns[role] = scored[0][1]
            free.remove(scored[0][1])
    by_length = sorted(free, key=mean_length, reverse=True)
    if by_length:
        columns[Role.TITLE] = by_length[0]
    if len(by_length) > 1 and mean_length(by_length[1]) > 15:
        columns[Role.RESULT] = by_length[1]
    roles = ColumnRoles(columns=columns, width=width)
    return roles if roles.is_plan and Role.DEADLINE in columns else None
