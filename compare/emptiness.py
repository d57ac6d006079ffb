"""A side of a comparison in which no activity was found (a plain order without its plan table,
the wrong file), said in Russian in the same words by the CLI, the app and the API.

A template without activities is refused before comparing (`check_template`): against it any
plan would show no gaps at all. A plan without activities is compared all the same, as it is
what the municipality sent: every template activity is a gap, and the reason says so.
"""

from __future__ import annotations

from model import Document

EMPTY_TEMPLATE = "в шаблоне не найдено ни одного мероприятия — сравнивать не с чем"


class EmptyTemplateError(ValueError):
    """The template `source` has no activities; `reason` in Russian."""

    def __init__(self, source: str) -> None:
        super().__init__(f"{source}: {EMPTY_TEMPLATE}")
        self.source = source
        self.reason = EMPTY_TEMPLATE


def check_template(template: Document) -> None:
    """EmptyTemplateError when no activity was found in `template`."""
    if not template.activities:
        raise EmptyTemplateError(template.source)


def empty_plan_reason(template: Document) -> str:
    """Why a comparison with a plan without activities says nothing but gaps."""
    return (
        "в плане не найдено ни одного мероприятия, поэтому все мероприятия шаблона "
        f"({len(template.activities)}) — пробелы; проверьте, тот ли это файл"
    )
