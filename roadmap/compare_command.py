"""`roadmap compare TEMPLATE PLAN... [--format json|table|xlsx|docx] [--out FILE] [--db URL]`.

TEMPLATE and PLAN are files of any supported format, or stored documents named `db:ID`
(the ids `roadmap documents` lists), compared through the statements the store keeps. A template
without activities is refused before any plan is read (exit 1); a plan without activities is
compared all the same, with a warning line naming it (`compare.emptiness`)."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from compare import Comparison, compare
from compare.core import Statements
from compare.emptiness import EmptyTemplateError, check_template, empty_plan_reason
from compare.export_docx import write_docx
from compare.export_xlsx import write_xlsx
from compare.vocabulary import SettingsError
from extractor import ExtractionError
from extractor.isolation import BUG_REASON, ChildFailure, extract_bounded
from model import Document
from model.labels import GRADES, RULES, SEVERITIES, label
from roadmap.store_command import DbOption, opened_store
from store.comparing import stored_statements

_err = Console(stderr=True, soft_wrap=True)


class CompareFormat(StrEnum):
    json = "json"
    table = "table"
    xlsx = "xlsx"
    docx = "docx"


STORED = re.compile(r"^db:(\d+)$")


def _fail(name: str, reason: str) -> typer.Exit:
    _err.print(Text.assemble(("Ошибка: ", "red"), f"{name}: {reason}"), highlight=False)
    return typer.Exit(code=1)


Loaded = tuple[Document, Statements | None]


def _stored(source: str, document_id: int, db: str | None) -> Loaded:
    with opened_store(db) as store:
        detail = store.document(document_id)
        if detail is None:
            raise _fail(source, "такого документа нет в базе (список: roadmap documents)")
        if detail.document.status != "ok":
            raise _fail(source, f"документ не загружен: {detail.document.error}")
        document = detail.as_document()
        try:
            return document, stored_statements(store, {document_id: document})[document_id]
        except SettingsError as exc:
            raise _fail(exc.path.name, exc.reason) from None


def _load(source: str, db: str | None) -> Loaded:
    """A file read now within the extraction budget (its statements are made by `compare`), or
    the stored document `db:ID` with its stored statements."""
    stored = STORED.match(source)
    if stored:
        return _stored(source, int(stored.group(1)), db)
    try:
        return extract_bounded(Path(source)), None
    except ExtractionError as exc:
        raise _fail(exc.path.name, exc.reason) from None
    except ChildFailure as exc:
        raise _fail(Path(source).name, f"{BUG_REASON} ({exc})") from None


def _template(source: str, db: str | None) -> Loaded:
    """`_load`, refused with one line when no activity was found in the template."""
    loaded = _load(source, db)
    try:
        check_template(loaded[0])
    except EmptyTemplateError as exc:
        raise _fail(_shown(source, loaded[0]), exc.reason) from None
    return loaded


def _plan(source: str, db: str | None, template: Document) -> Loaded:
    """`_load`, with a warning line when no activity was found in the plan."""
    loaded = _load(source, db)
    warn_empty_plan(source, loaded[0], template)
    return loaded


def warn_empty_plan(source: str, plan: Document, template: Document) -> None:
    """A warning line naming the plan `source` when no activity was found in it: its comparison
    says nothing but gaps."""
    if not plan.activities:
        warn(f"{_shown(source, plan)}: {empty_plan_reason(template)}")


def warn(message: str) -> None:
    """One «Внимание:» line on stderr."""
    _err.print(Text.assemble(("Внимание: ", "yellow"), message), highlight=False)


def _shown(source: str, document: Document) -> str:
    """A document as a line names it: `db:ID (file name)` for a stored one, a file's name."""
    name = Path(document.source).name
    return f"{source} ({name})" if STORED.match(source) else name


def compared(template: Loaded, plan: Loaded) -> Comparison:
    """`compare`, or a one-line error when the calibration in use cannot be used."""
    try:
        return compare(template[0], plan[0], template_statements=template[1], plan_statements=plan[1])
    except SettingsError as exc:
        raise _fail(exc.path.name, exc.reason) from None


def _print_table(comparison: Comparison) -> None:
    console = Console()
    c = comparison.coverage
    console.print(
        f"[bold]{Path(comparison.plan_source).name}[/bold] против {Path(comparison.template_source).name}: "
        f"покрыто {c.covered} из {c.total} ({c.share:.0%}), полностью {c.same}, частично {c.partial}"
    )
    table = Table(title="Соответствия")
    for column in ("Шаблон", "План", "Оценка", "Балл", "Общие слова"):
        table.add_column(column, overflow="fold")
    for m in comparison.matches:
        table.add_row(
            m.template, m.plan, label(GRADES, m.grade), f"{m.score:.2f}", ", ".join(m.shared_words[:6])
        )
    console.print(table)
    findings = Table(title="Замечания")
    for column in ("Правило", "Важность", "Сообщение"):
        findings.add_column(column, overflow="fold")
    for f in comparison.findings:
        findings.add_row(label(RULES, f.rule), label(SEVERITIES, f.severity), f.message)
    console.print(findings)


def _output_path(out: Path | None, comparison: Comparison, suffix: str, several: bool) -> Path:
    stem = f"{Path(comparison.template_source).stem}__{Path(comparison.plan_source).stem}"
    if out is None:
        return Path(f"{stem}.{suffix}")
    if several:
        return out.with_name(f"{out.stem}_{Path(comparison.plan_source).stem}{out.suffix or '.' + suffix}")
    return out


def compare_command(
    template: Annotated[
        str,
        typer.Argument(
            help="Региональный шаблон: файл (.docx, .doc, .rtf, .odt, .pdf, .html, .txt, .xlsx, .xls, .ods) "
            "или db:ID"
        ),
    ],
    plans: Annotated[list[str], typer.Argument(help="Муниципальные планы: файлы или db:ID")],
    output: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="json, table, xlsx или docx")
    ] = CompareFormat.json,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Файл для результата")] = None,
    db: DbOption = None,
) -> None:
    """Сравнить муниципальные планы с региональным шаблоном: соответствия, пробелы, замечания."""
    template_doc = _template(template, db)
    comparisons = [compared(template_doc, _plan(source, db, template_doc[0])) for source in plans]
    several = len(comparisons) > 1
    if output is CompareFormat.json:
        payload = [c.model_dump(mode="json") for c in comparisons]
        text = json.dumps(payload if several else payload[0], ensure_ascii=False, indent=1) + "\n"
        if out:
            _written(out, lambda: out.write_text(text, encoding="utf-8"))
        else:
            sys.stdout.write(text)
    elif output is CompareFormat.table:
        for comparison in comparisons:
            _print_table(comparison)
    else:
        writer = write_xlsx if output is CompareFormat.xlsx else write_docx
        for comparison in comparisons:
            path = _output_path(out, comparison, output.value, several)
            _written(path, lambda: writer(comparison, path))  # noqa: B023 (called at once)
            _err.print(f"Записано: {path}", highlight=False)


def _written(path: Path, write: Callable[[], object]) -> None:
    """`write()`, or one line naming `path` when the file system refuses it (no such folder,
    a folder of that name, no permission, a full disk)."""
    try:
        write()
    except OSError as exc:
        raise _fail(str(path), f"не удалось записать файл ({exc.strerror or exc})") from None
