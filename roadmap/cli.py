"""`roadmap extract FILE... [--format json|table|csv]` and the corpus summary."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from importlib.metadata import version
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from compare import vocabulary
from extractor import ExtractionError
from extractor.isolation import BUG_REASON, Bounds, BoundsError, ChildFailure, extract_bounded
from extractor.readers import DOCUMENT_SUFFIXES
from extractor.readers.regular import not_regular
from model import Document
from roadmap.app_command import app_command
from roadmap.compare_command import _fail, compare_command
from roadmap.export_command import export_command
from roadmap.review_command import calibrate_command, review_command
from roadmap.russian import RussianTyper
from roadmap.store_command import (
    batch_command,
    delete_command,
    demo_command,
    documents_command,
    failures_command,
    ingest_command,
)
from roadmap.users_command import serve_command, users_app

app = RussianTyper(
    add_completion=False,
    no_args_is_help=True,
    help="Дорожные карты: извлечение мероприятий из приказов и планов "
    "(.docx, .doc, .rtf, .odt, .pdf, .html, .txt, .xlsx, .xls, .ods, сканы .jpg, .png, .tif).",
)
_err = Console(stderr=True, soft_wrap=True)  # an error is one line on a terminal, a pipe or a log file
app.command("compare")(compare_command)
app.command("review")(review_command)
app.command("calibrate")(calibrate_command)


def _print_version(value: bool) -> None:
    if value:
        print(f"roadmap-check {version('roadmap-check')}")
        raise typer.Exit()


@app.callback()
def main(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Показать версию и выйти"),
    ] = False,
) -> None:
    """Дорожные карты: извлечение мероприятий из приказов и планов, проверка планов по шаблону."""
    try:
        vocabulary.check()
    except vocabulary.SettingsError as exc:
        raise _fail(exc.path.name, exc.reason) from None
    _bounds()  # a wrong limit in the environment stops every command here, once


def _bounds(memory_mb: int | None = None, seconds: float | None = None) -> Bounds:
    """`Bounds.from_env`, or one line and exit 1 for a limit out of range."""
    try:
        return Bounds.from_env(memory_mb, seconds)
    except BoundsError as exc:
        _err.print(Text.assemble(("Ошибка: ", "red"), str(exc)), highlight=False)
        raise typer.Exit(code=1) from None


ACTIVITY_COLUMNS = (
    "number",
    "section",
    "title",
    "deadline_raw",
    "responsible_raw",
    "result_raw",
    "status_raw",
    "page",
)


class OutputFormat(StrEnum):
    json = "json"
    table = "table"
    csv = "csv"


def _document_json(document: Document) -> dict:
    return document.model_dump(mode="json")


def _print_csv(documents: list[Document]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["document", *ACTIVITY_COLUMNS])
    for document in documents:
        for activity in document.activities:
            writer.writerow([document.source, *(getattr(activity, c) or "" for c in ACTIVITY_COLUMNS)])


def _print_table(documents: list[Document]) -> None:
    console = Console()
    for document in documents:
        table = Table(title=f"{document.source}: мероприятий — {len(document.activities)}", show_lines=False)
        for column in ("№", "Раздел", "Мероприятие", "Срок", "Ответственные"):
            table.add_column(column, overflow="fold")
        for a in document.activities:
            table.add_row(
                a.number or "", a.section or "", a.title, a.deadline_raw or "", a.responsible_raw or ""
            )
        console.print(table)


@app.command("extract")
def extract_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Файлы .docx, .doc, .rtf, .odt, .pdf, .html, .txt, .xlsx, .xls, .ods "
            "или сканы .jpg, .png, .tif",
        ),
    ],
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json, table или csv")
    ] = OutputFormat.json,
    memory_limit: Annotated[
        int | None,
        typer.Option(
            "--memory-limit",
            help="Предел памяти разбора одного файла, МБ (по умолчанию $ROADMAP_MEMORY_LIMIT_MB или 1024)",
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help="Предел времени разбора одного файла, с (по умолчанию $ROADMAP_TIME_LIMIT_S или 600)",
        ),
    ] = None,
) -> None:
    """Извлечь мероприятия, реквизиты и пункты приказа из документов."""
    documents, failed = [], 0
    bounds = _bounds(memory_limit, time_limit)
    for path in files:
        refusal = not_regular(path, follow_symlinks=False)
        if refusal:
            failed += 1
            _err.print(f"[red]Ошибка:[/red] {path.name}: {refusal}", highlight=False, soft_wrap=True)
            continue
        try:
            document = extract_bounded(path, bounds=bounds)
        except ExtractionError as exc:
            failed += 1
            _err.print(Text.assemble(("Ошибка: ", "red"), f"{exc.path.name}: {exc.reason}"), highlight=False)
            continue
        except ChildFailure as exc:  # a reader's bug: one line, as for a bad file, not a traceback
            failed += 1
            _err.print(
                Text.assemble(("Ошибка: ", "red"), f"{path.name}: {BUG_REASON} ({exc})"), highlight=False
            )
            continue
        documents.append(document)
        if document.ocr is not None:  # values read from a scan, and pages past the OCR limit
            _err.print(
                Text.assemble(("Внимание: ", "yellow"), f"{path.name}: {document.ocr.warning()}"),
                highlight=False,
            )
    if output is OutputFormat.json:
        payload = [_document_json(d) for d in documents]
        body = payload[0] if len(files) == 1 and payload else payload
        if payload:
            json.dump(body, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
    elif output is OutputFormat.csv:
        _print_csv(documents)
    else:
        _print_table(documents)
    if failed:
        raise typer.Exit(code=1)


@app.command("summary")
def summary_command(
    folder: Annotated[Path, typer.Argument(help="Папка с документами")] = Path("corpus"),
) -> None:
    """Сводка по всем документам папки: мероприятия и реквизиты."""
    table = Table(title=f"Документы в {folder}")
    for column in ("Файл", "Тип", "Дата", "№", "Орган", "Мероприятий", "Пунктов"):
        table.add_column(column, overflow="fold")
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES):
        try:
            d = extract_bounded(path)
        except ExtractionError as exc:
            table.add_row(path.name, "—", "—", "—", f"ошибка: {exc.reason}", "—", "—")
            continue
        except ChildFailure:
            table.add_row(path.name, "—", "—", "—", f"ошибка: {BUG_REASON}", "—", "—")
            continue
        m = d.meta
        table.add_row(
            path.name,
            m.doc_type or "",
            str(m.date or ""),
            m.number or "",
            m.authority or "",
            str(len(d.activities)),
            str(len(d.directives)),
        )
    Console().print(table)


app.command("ingest")(ingest_command)
app.command("batch")(batch_command)
app.command("documents")(documents_command)
app.command("failures")(failures_command)
app.command("delete")(delete_command)
app.command("serve")(serve_command)
app.add_typer(users_app, name="users")
app.command("export")(export_command)
app.command("demo")(demo_command)
app.command("app")(app_command)
