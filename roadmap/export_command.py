"""`roadmap export`: the flat activity table of the store, filtered as in the app, for analysts."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console

from normalizer.topics import topic_labels
from roadmap.store_command import DbOption, opened_store

_out = Console(soft_wrap=True)


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"


def _write(frame: pd.DataFrame, path: Path, output: ExportFormat) -> None:
    if output is ExportFormat.csv:
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif output is ExportFormat.xlsx:
        frame.to_excel(path, index=False, sheet_name="Мероприятия")
    else:
        frame.to_parquet(path, index=False)


def export_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Файл, в который записать таблицу")],
    output: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv, xlsx или parquet")] = (
        ExportFormat.csv
    ),
    region: Annotated[str | None, typer.Option(help="Регион")] = None,
    municipality: Annotated[str | None, typer.Option(help="Муниципалитет")] = None,
    year: Annotated[int | None, typer.Option(help="Год, в который попадает срок")] = None,
    person: Annotated[str | None, typer.Option(help="Ответственное лицо, «Фамилия И.О.»")] = None,
    organisation: Annotated[str | None, typer.Option("--org", help="Организация")] = None,
    kind: Annotated[str | None, typer.Option(help="Вид срока: deadline, period, recurring, …")] = None,
    date_from: Annotated[dt.datetime | None, typer.Option("--from", help="Сроки с (ГГГГ-ММ-ДД)")] = None,
    date_to: Annotated[dt.datetime | None, typer.Option("--to", help="Сроки по (ГГГГ-ММ-ДД)")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Поиск по тексту")] = None,
    topic: Annotated[
        list[str] | None, typer.Option("--topic", help="Тема (код, можно несколько): parents, at_risk, …")
    ] = None,
    db: DbOption = None,
) -> None:
    """Выгрузить мероприятия (строка на мероприятие, с реквизитами документа) в csv, xlsx или parquet."""
    known = topic_labels()
    unknown = [t for t in topic or () if t not in known]
    if unknown:
        listed = ", ".join(f"{code} ({label})" for code, label in known.items())
        _out.print(f"неизвестная тема «{unknown[0]}»: есть {listed}", highlight=False)
        raise typer.Exit(code=2)
    filters = {
        "region": region,
        "municipality": municipality,
        "year": year,
        "person": person,
        "organisation": organisation,
        "kind": kind,
        "date_from": date_from.date() if date_from else None,
        "date_to": date_to.date() if date_to else None,
        "text": text,
        "topic": topic or None,
    }
    with opened_store(db) as store:
        frame = store.activities_frame(**{k: v for k, v in filters.items() if v is not None})
    try:
        _write(frame, out, output)
    except OSError as exc:
        _out.print(f"{out}: не удалось записать файл: {exc.strerror or exc}", highlight=False)
        raise typer.Exit(code=1) from None
    _out.print(f"Выгружено мероприятий: {len(frame)} → {out}", highlight=False)
