"""`roadmap app`: the Streamlit app of the installed package, on the embedded SQLite file or `--db`."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Annotated

import typer

import ui
from roadmap.store_command import DbOption
from store.app_sessions import SessionPolicy
from store.database import database_url

UI = Path(ui.__file__).resolve().parent
SCRIPT = UI / "asgi.py"  # st.App: ui/app.py and the sign-in cookie routes
CONFIG = UI / "streamlit.toml"


def streamlit_options(config: Path = CONFIG) -> list[str]:
    """The options of the app's Streamlit configuration as `streamlit run` flags
    (`--server.maxUploadSize=200`), so that they hold wherever the app is started from."""
    settings = tomllib.loads(config.read_text(encoding="utf-8"))
    flags = []
    for section, options in settings.items():
        for key, value in options.items():
            shown = str(value).lower() if isinstance(value, bool) else value
            flags.append(f"--{section}.{key}={shown}")
    return flags


def app_command(
    db: DbOption = None,
    port: Annotated[int, typer.Option("--port", "-p", help="Порт веб-приложения")] = 8501,
    address: Annotated[str, typer.Option("--address", help="Адрес, на котором слушать")] = "localhost",
) -> None:
    """Запустить веб-приложение (Streamlit) на http://ADDRESS:PORT; при первом запуске без учётных
    записей в терминале печатается одноразовый пароль администратора."""
    try:
        SessionPolicy.from_env()  # a wrong sign-in limit stops here, not on every page view
    except ValueError as exc:
        typer.echo(f"Ошибка: {exc}", err=True)
        raise typer.Exit(code=1) from None
    env = {**os.environ, "ROADMAP_DB_URL": database_url(db)}
    command = [
        sys.executable, "-m", "ui.serve", str(SCRIPT), *streamlit_options(),
        "--server.headless=true", f"--server.port={port}", f"--server.address={address}",
    ]  # fmt: skip
    # replaced by the server (`streamlit run`, the heavy modules warmed as it starts: `ui.serve`),
    # so that Ctrl-C and a service manager's SIGTERM reach the server itself
    os.execve(sys.executable, command, env)
