"""The command line's own words in Russian: the help's and error box's chrome that typer and its
bundled click print in English («Usage», «Options», «Show this message and exit», «Error»,
«[required]»), so that they match the commands' Russian help.

Typer 0.29 bundles its own click, which words these as plain strings (not through gettext), so
they are set where typer lets them be set: the panel titles and markers are `typer.rich_utils`
settings, read when help is printed; the usage prefix and the help option's text belong to the
command (`RussianCommand`, `RussianGroup`, made by `RussianTyper`). The messages inside an error
box («No such option», «Missing argument») stay as click words them.

    app = RussianTyper(help="…")   # its commands and groups print Russian chrome
"""

from __future__ import annotations

from typing import Any

import typer
from typer import rich_utils
from typer.core import TyperCommand, TyperGroup

USAGE = "Использование: "
HELP = "Показать эту справку и выйти."
OPTIONS_METAVAR = "[ПАРАМЕТРЫ]"
SUBCOMMAND_METAVAR = "КОМАНДА [АРГУМЕНТЫ]..."
PANELS = {
    "ARGUMENTS_PANEL_TITLE": "Аргументы",
    "OPTIONS_PANEL_TITLE": "Параметры",
    "COMMANDS_PANEL_TITLE": "Команды",
    "ERRORS_PANEL_TITLE": "Ошибка",
    "ABORTED_TEXT": "Прервано.",
    "DEFAULT_STRING": "[по умолчанию: {}]",
    "ENVVAR_STRING": "[переменная окружения: {}]",
    "REQUIRED_LONG_STRING": "[обязательно]",
    "DEPRECATED_STRING": "(устарело) ",
    "RICH_HELP": "Справка: [blue]'{command_path} {help_option}'[/]",
}


def use_russian_panels() -> None:
    """Set typer's panel titles and markers (`typer.rich_utils`) to `PANELS`."""
    for name, text in PANELS.items():
        setattr(rich_utils, name, text)


class _Russian:
    """The usage line's prefix and the help option's text in Russian."""

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP
        return option


class RussianCommand(_Russian, TyperCommand):
    """A typer command whose help and errors say «Использование», «Показать эту справку»."""


class RussianGroup(_Russian, TyperGroup):
    """A typer group (the app, `roadmap users`) with the same Russian chrome."""


class RussianTyper(typer.Typer):
    """A `typer.Typer` whose group and commands are `RussianGroup` and `RussianCommand`, with
    Russian metavars; creating one sets the Russian panels (`use_russian_panels`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", RussianGroup)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(**kwargs)
        use_russian_panels()

    def command(self, name: str | None = None, **kwargs: Any):  # type: ignore[override]
        kwargs.setdefault("cls", RussianCommand)
        return super().command(name, **kwargs)
