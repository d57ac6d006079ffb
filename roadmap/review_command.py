"""`roadmap review TEMPLATE PLAN [--reject T=P]... [--add T=P[:grade]]...` and
`roadmap calibrate [--pairs DIR]... [--write]`: a methodist's verdicts on a comparison become a
labelled pair, and the decision is refitted on the built-in pairs plus the reviewed ones."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from compare import calibrate
from compare.calibration import calibration_file
from compare.labels import Review, labels_dir, store_review
from compare.model import Grade
from extractor import ExtractionError
from roadmap.compare_command import STORED, _fail, _load, compared
from roadmap.store_command import DbOption

_err = Console(stderr=True)
_PAIR = re.compile(r"^\s*([^=:]+?)\s*=\s*([^=:]+?)\s*(?::\s*(same|partial))?\s*$")


def _pair(text: str, option: str) -> tuple[str, str, Grade | None]:
    found = _PAIR.match(text)
    if not found:
        raise _fail(option, f"«{text}»: нужно ШАБЛОН=ПЛАН или ШАБЛОН=ПЛАН:same|partial (номера мероприятий)")
    template, plan, grade = found.groups()
    return template.rstrip("."), plan.rstrip("."), grade


def review_command(
    template: Annotated[str, typer.Argument(help="Региональный шаблон: файл или db:ID")],
    plan: Annotated[str, typer.Argument(help="Муниципальный план: файл или db:ID")],
    reject: Annotated[
        list[str] | None, typer.Option("--reject", help="Неверное соответствие ШАБЛОН=ПЛАН (можно несколько)")
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option("--add", help="Пропущенное или иначе оценённое соответствие ШАБЛОН=ПЛАН[:same|partial]"),
    ] = None,
    db: DbOption = None,
) -> None:
    """Сохранить проверку методиста: найденные соответствия, кроме отклонённых, и добавленные."""
    for source in (template, plan):
        if STORED.match(source):
            raise _fail(source, "проверку пока можно сохранить только для файлов, не для db:ID")
    comparison = compared(_load(template, db), _load(plan, db))
    rejected = frozenset((t, p) for t, p, _ in (_pair(x, "--reject") for x in reject or []))
    added = {(t, p): g or "same" for t, p, g in (_pair(x, "--add") for x in add or [])}
    path = store_review(comparison, Review(rejected, added), (Path(template), Path(plan)))
    kept = len(json.loads(path.read_text(encoding="utf-8"))["matches"])
    _err.print(f"Сохранено: {path} (соответствий {kept}, отклонено {len(rejected)})", highlight=False)


def calibrate_command(
    pairs: Annotated[
        list[Path] | None,
        typer.Option("--pairs", help="Папка проверенных пар (по умолчанию та, куда пишет roadmap review)"),
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Записать новую калибровку")] = False,
) -> None:
    """Переобучить решение на встроенных и проверенных парах; оценки с отложенной парой до и после."""
    folders = pairs or ([labels_dir()] if labels_dir().is_dir() else [])
    missing = [f for f in folders if not f.is_dir()]
    if missing:
        raise _fail(str(missing[0]), "папка не найдена")
    try:
        builtin = calibrate.load_pairs(calibrate.builtin_folders())
        reviewed = calibrate.load_pairs(folders)
    except ExtractionError as exc:
        raise _fail(exc.path.name, exc.reason) from None
    except (OSError, ValueError, KeyError) as exc:
        raise _fail("roadmap calibrate", f"проверенная пара не читается: {exc}") from None
    typer.echo(f"встроенных пар: {len(builtin)}, проверенных: {len(reviewed)} (оценки с отложенной парой)")
    typer.echo("\n".join(calibrate.before_and_after(builtin, reviewed)))
    if write:
        path = calibration_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(calibrate.fit(builtin + reviewed).to_json(), indent=1) + "\n"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        _err.print(Text(f"Записано: {path}"), highlight=False)
