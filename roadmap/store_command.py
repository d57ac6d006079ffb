"""`roadmap ingest`, `roadmap batch`, `roadmap documents`, `roadmap failures` and `roadmap
delete`: loading documents into the store, seeing what is there, and taking a file out."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text
from sqlalchemy.exc import OperationalError

from corpus import sample_documents
from store import BatchSummary, DocumentRecord, IngestResult, Store, StoreBusy, open_store, process_pool
from store.audit import AuditLog
from store.batch import ExecutorFactory
from store.database import is_busy
from store.sources import count_items

_out = Console()
_err = Console(stderr=True, soft_wrap=True)  # a file's error stays one line, however long

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="URL базы данных SQLAlchemy (по умолчанию $ROADMAP_DB_URL или data/roadmap.db)"
    ),
]
STATUS_WORDS = {"ok": "сохранён", "failed": "ошибка", "skipped": "уже есть", "passed": "пропущен"}


def _result_line(result: IngestResult) -> str:
    line = _outcome(result)
    return f"{line} [yellow]({result.note})[/yellow]" if result.note else line


def _outcome(result: IngestResult) -> str:
    if result.status == "ok":
        return f"[green]{STATUS_WORDS['ok']}[/green] {result.location}: мероприятий {result.activities}"
    if result.status == "skipped" and result.reason:
        return f"[dim]{STATUS_WORDS['passed']}[/dim] {result.location}: {result.reason}"
    if result.status == "skipped":
        return f"[dim]{STATUS_WORDS['skipped']}[/dim] {result.location}"
    return f"[red]{STATUS_WORDS['failed']}[/red] {result.location}: {result.reason} (этап: {result.stage})"


def _print_summary(summary: BatchSummary) -> None:
    _out.print(
        f"Итого: сохранено {summary.ok}, ошибок {summary.failed}, пропущено {summary.skipped} "
        f"за {summary.seconds:.1f} с",
        highlight=False,
    )
    _out.print(_reconciliation(summary), highlight=False, soft_wrap=True)


def _reconciliation(summary: BatchSummary) -> str:
    """Every input accounted for: inputs = stored + failed (recorded) + skipped."""
    line = (
        f"Сверка: входов {summary.inputs} = сохранено {summary.ok} + ошибок {summary.failed} "
        f"+ пропущено {summary.skipped}"
    )
    if not summary.reconciled:
        unaccounted = summary.inputs - summary.ok - summary.failed - summary.skipped
        line += f" [red]— не учтено {unaccounted}[/red]"
    if summary.restarts:
        line += f" (процессы разбора перезапущены {summary.restarts} раз после аварийного завершения)"
    return line


@contextmanager
def opened_store(db: str | None) -> Iterator[Store]:
    """The store at `db`; a database locked by another writer ends the command with one
    Russian line (exit code 2) instead of a traceback."""
    try:
        with open_store(db) as store:
            yield store
    except StoreBusy as exc:
        _err.print(f"[red]Ошибка:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None
    except OperationalError as exc:
        if not is_busy(exc):
            raise
        _err.print(f"[red]Ошибка:[/red] {StoreBusy()}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None


def ingest_command(
    files: Annotated[list[Path], typer.Argument(help="Файлы, папки или zip-архивы")],
    db: DbOption = None,
) -> None:
    """Загрузить документы в базу (по одному, в этом процессе)."""
    with opened_store(db) as store:
        summary = store.ingest_many(files, on_result=lambda r: _out.print(_result_line(r), highlight=False))
    _print_summary(summary)
    if summary.failed:
        raise typer.Exit(code=1)


def demo_command(db: DbOption = None) -> None:
    """Загрузить в базу примеры документов, поставляемые с пакетом (как при первом запуске приложения)."""
    ingest_command(sample_documents(), db)


@contextmanager
def _executor(workers: int, dask: str | None) -> Iterator[Executor | ExecutorFactory | None]:
    """A Dask cluster's executor, a factory of process pools (the batch rebuilds a pool that a
    dead worker broke), or None: extraction in this process."""
    if dask:
        from distributed import Client

        with Client(dask) as client:
            yield client.get_executor()
    elif workers > 1:
        yield process_pool(workers)
    else:
        yield None


def batch_command(
    paths: Annotated[list[Path], typer.Argument(help="Папки, zip-архивы (вложенные тоже) и файлы")],
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Число процессов разбора (1 — в этом процессе)")
    ] = os.cpu_count() or 1,
    dask: Annotated[
        str | None, typer.Option("--dask", help="Адрес планировщика Dask distributed (tcp://host:8786)")
    ] = None,
    db: DbOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Печатать строку о каждом файле")] = False,
    retry_failed: Annotated[
        bool,
        typer.Option(
            "--retry-failed", help="Разобрать заново файлы, загрузка которых уже завершилась ошибкой"
        ),
    ] = False,
) -> None:
    """Пакетная загрузка: папки рекурсивно и zip-архивы, параллельно, с продолжением после сбоя."""
    counts: Counter[str] = Counter()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(
            "[green]{task.fields[ok]}[/green]/[red]{task.fields[failed]}[/red]/{task.fields[skipped]}"
        ),
        TimeElapsedColumn(),
        TextColumn("осталось"),
        TimeRemainingColumn(),
    )
    with opened_store(db) as store, Progress(*columns, console=_err) as progress:
        task = progress.add_task("Загрузка", total=count_items(paths), ok=0, failed=0, skipped=0)

        def on_result(result: IngestResult) -> None:
            counts[result.status] += 1
            progress.update(task, advance=1, **{k: counts[k] for k in ("ok", "failed", "skipped")})
            if verbose or result.status == "failed":
                progress.console.print(_result_line(result), highlight=False)

        def on_discovered(extra: int) -> None:
            progress.update(task, total=(progress.tasks[task].total or 0) + extra)

        with _executor(workers, dask) as executor:
            summary = store.ingest_many(
                paths, executor, on_result=on_result, on_discovered=on_discovered, retry_failed=retry_failed
            )
    _print_summary(summary)
    if summary.failed:  # as `ingest`: a script sees that a file of this run was not stored
        raise typer.Exit(code=1)


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def _print_records(
    output: ListFormat,
    as_json: list[dict[str, Any]],
    empty: str,
    title: str,
    columns: tuple[str, ...],
    rows: list[tuple[str, ...]],
) -> None:
    """A listing as JSON (every record, `[]` when none) or as a table of plain-text cells
    (no rich markup read in file data), or the `empty` sentence when there is nothing."""
    if output is ListFormat.json:
        json.dump(as_json, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    if not rows:
        _out.print(empty)
        return
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for cells in rows:
        table.add_row(*(Text(cell) for cell in cells))
    _out.print(table, highlight=False)


def documents_command(
    db: DbOption = None,
    output: Annotated[ListFormat, typer.Option("--format", "-f", help="table или json")] = ListFormat.table,
) -> None:
    """Загруженные документы: id (для roadmap compare db:ID), файл, тип, территория, мероприятия."""
    with opened_store(db) as store:
        documents = store.documents(status="ok")
    rows = [
        (
            str(d.id),
            d.file_name,
            d.doc_type or "",
            d.municipality or d.region or "",
            f"{d.date:%d.%m.%Y}" if d.date else "",
            str(d.activity_count),
            shorten(d.title or "", TITLE_WIDTH),
        )
        for d in documents
    ]
    _print_records(
        output,
        [_document_json(d) for d in documents],
        "В базе нет документов.",
        f"Документы: {len(documents)}",
        ("id", "Файл", "Тип", "Территория", "Дата", "Мероприятий", "Название"),
        rows,
    )


def delete_command(
    ids: Annotated[list[int], typer.Argument(help="id документов (см. roadmap documents)")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Не спрашивать подтверждения")] = False,
    by: Annotated[
        str | None, typer.Option("--by", help="Кто удаляет (для журнала; по умолчанию пользователь ОС)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Удалить документы из базы вместе с их мероприятиями, сравнениями и проверками."""
    actor = by or getpass.getuser()
    with opened_store(db) as store:
        records = {i: store.record(i) for i in ids}
        unknown = [str(i) for i, r in records.items() if r is None]
        if unknown:
            _err.print(Text(f"Ошибка: документа {', '.join(unknown)} нет в базе"), highlight=False)
            raise typer.Exit(2)
        names = ", ".join(f"{r.id} «{r.file_name}»" for r in records.values())
        if not yes and not typer.confirm(f"Удалить {names} со всеми мероприятиями и сравнениями?"):
            raise typer.Exit(1)
        audit = AuditLog(store)
        for record in records.values():
            store.delete_document(record.id)
            audit.record(actor, "delete", target=f"document:{record.id}", detail=record.file_name)
            _out.print(Text(f"Удалён: {record.id} «{record.file_name}»"), highlight=False)


def _document_json(document: DocumentRecord) -> dict[str, Any]:
    return {
        "id": document.id,
        "file_name": document.file_name,
        "location": document.location,
        "doc_type": document.doc_type,
        "region": document.region,
        "municipality": document.municipality,
        "date": document.date.isoformat() if document.date else None,
        "title": document.title,
        "activities": document.activity_count,
    }


DETAIL_WIDTH = 120  # characters of the technical detail shown in the table; JSON has it whole
TITLE_WIDTH = 60  # characters of a document title in the documents table


def failures_command(
    db: DbOption = None,
    output: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table или json (с полным текстом ошибки)")
    ] = ListFormat.table,
) -> None:
    """Список файлов, которые не удалось загрузить: причина, этап и техническая подробность."""
    with opened_store(db) as store:
        failures = store.failures()
    rows = [
        (
            f.file_name,
            f.location,
            f.stage or "",
            f.error or "",
            shorten(f.error_detail or "", DETAIL_WIDTH),
            f"{f.created_at:%Y-%m-%d %H:%M}",
        )
        for f in failures
    ]
    _print_records(
        output,
        [_failure_json(f) for f in failures],
        "Ошибок нет.",
        f"Ошибки загрузки: {len(failures)}",
        ("Файл", "Расположение", "Этап", "Причина", "Подробности", "Когда"),
        rows,
    )


def shorten(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis if longer."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _failure_json(failure: DocumentRecord) -> dict[str, str | int | None]:
    return {
        "id": failure.id,
        "file_name": failure.file_name,
        "location": failure.location,
        "stage": failure.stage,
        "reason": failure.error,
        "detail": failure.error_detail,
        "created_at": failure.created_at.isoformat(timespec="seconds"),
    }
