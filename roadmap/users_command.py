"""`roadmap users add|list|disable|password|token|sessions` (accounts, personal API tokens and
the app's sign-ins) and `roadmap serve` (the HTTP API on uvicorn)."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from roadmap.russian import RussianTyper
from roadmap.store_command import DbOption, opened_store
from store import open_store
from store.app_sessions import ENDED, AppSessions
from store.database import URL_VARIABLE
from store.users import ROLES, AccountError, Accounts

users_app = RussianTyper(no_args_is_help=True, help="Пользователи и их токены для HTTP API.")
_out = Console()
_err = Console(stderr=True)
_MINUTE = "%Y-%m-%d %H:%M"


def _fail(reason: str) -> typer.Exit:
    _err.print(Text.assemble(("Ошибка: ", "red"), reason), highlight=False)
    return typer.Exit(code=1)


@users_app.command("add")
def add_command(
    login: Annotated[str, typer.Argument(help="Логин")],
    role: Annotated[str, typer.Option("--role", "-r", help=f"Роль: {', '.join(ROLES)}")],
    municipality: Annotated[
        str | None, typer.Option("--municipality", "-m", help="Муниципалитет (для роли municipal)")
    ] = None,
    password: Annotated[
        str, typer.Option(prompt="Пароль", hide_input=True, confirmation_prompt=True, help="Пароль")
    ] = ...,
    db: DbOption = None,
) -> None:
    """Добавить пользователя (пароль спрашивается, если не указан)."""
    with opened_store(db) as store:
        try:
            user = Accounts(store).add(login, password, role, municipality, by="cli")
        except AccountError as exc:
            raise _fail(str(exc)) from None
    _out.print(f"Пользователь {user.login} добавлен: {ROLES[user.role]}", highlight=False)


@users_app.command("list")
def list_command(db: DbOption = None) -> None:
    """Пользователи: роль, муниципалитет, активен ли, блокировка."""
    with opened_store(db) as store:
        users = Accounts(store).users()
    table = Table()
    for column in ("Логин", "Роль", "Муниципалитет", "Активен", "Заблокирован до (UTC)"):
        table.add_column(column)
    for u in users:
        locked = f"{u.locked_until:%Y-%m-%d %H:%M}" if u.locked_until else ""
        table.add_row(u.login, ROLES[u.role], u.municipality or "", "да" if u.active else "нет", locked)
    _out.print(table)


@users_app.command("disable")
def disable_command(
    login: Annotated[str, typer.Argument(help="Логин")],
    enable: Annotated[bool, typer.Option("--enable", help="Включить снова (и снять блокировку)")] = False,
    db: DbOption = None,
) -> None:
    """Отключить пользователя: вход и его токены перестают действовать."""
    with opened_store(db) as store:
        try:
            Accounts(store).set_active(login, enable, by="cli")
        except AccountError as exc:
            raise _fail(str(exc)) from None
    _out.print(f"Пользователь {login} {'включён' if enable else 'отключён'}", highlight=False)


@users_app.command("password")
def password_command(
    login: Annotated[str, typer.Argument(help="Логин")],
    password: Annotated[
        str, typer.Option(prompt="Новый пароль", hide_input=True, confirmation_prompt=True, help="Пароль")
    ] = ...,
    db: DbOption = None,
) -> None:
    """Сменить пароль: входы в приложение этого пользователя завершаются (токены API остаются)."""
    with opened_store(db) as store:
        try:
            Accounts(store).set_password(login, password, by="cli")
        except AccountError as exc:
            raise _fail(str(exc)) from None
    _out.print(f"Пароль пользователя {login} изменён", highlight=False)


@users_app.command("sessions")
def sessions_command(
    login: Annotated[str | None, typer.Argument(help="Логин: только его входы")] = None,
    revoke: Annotated[int | None, typer.Option("--revoke", help="Завершить вход с этим номером")] = None,
    ended: Annotated[bool, typer.Option("--all", help="И завершённые, и истёкшие")] = False,
    db: DbOption = None,
) -> None:
    """Входы в веб-приложение (без их токенов): действующие или, с --all, все; --revoke завершает."""
    with opened_store(db) as store:
        sessions = AppSessions(store)
        try:
            if revoke is not None:
                sessions.revoke(revoke, by="cli")
                _out.print(f"Вход {revoke} завершён", highlight=False)
                return
            listed = sessions.list(login, ended=ended)
        except (AccountError, ValueError) as exc:
            raise _fail(str(exc)) from None
    table = Table()
    for column in ("№", "Логин", "Вход (UTC)", "Последнее действие (UTC)", "Завершён (UTC)"):
        table.add_column(column)
    for s in listed:
        closed = f"{s.revoked_at:{_MINUTE}} ({ENDED.get(s.revoked_why or '', '')})" if s.revoked_at else ""
        table.add_row(str(s.id), s.login, f"{s.created_at:{_MINUTE}}", f"{s.last_seen_at:{_MINUTE}}", closed)
    _out.print(table)


@users_app.command("token")
def token_command(
    login: Annotated[str | None, typer.Argument(help="Логин: выдать ему новый токен")] = None,
    name: Annotated[str, typer.Option("--name", help="Название токена (для какой системы)")] = "api",
    revoke: Annotated[int | None, typer.Option("--revoke", help="Отозвать токен с этим номером")] = None,
    show: Annotated[bool, typer.Option("--list", help="Показать токены (без их значений)")] = False,
    db: DbOption = None,
) -> None:
    """Выдать личный токен для HTTP API (показывается один раз), отозвать его или показать список."""
    with opened_store(db) as store:
        accounts = Accounts(store)
        try:
            if revoke is not None:
                accounts.revoke_token(revoke, by="cli")
                _out.print(f"Токен {revoke} отозван", highlight=False)
            elif show or login is None:
                table = Table()
                for column in ("№", "Логин", "Название", "Выдан (UTC)", "Отозван (UTC)"):
                    table.add_column(column)
                for t in accounts.tokens(login):
                    revoked = f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else ""
                    table.add_row(str(t.id), t.login, t.name, f"{t.created_at:%Y-%m-%d %H:%M}", revoked)
                _out.print(table)
            else:
                print(accounts.issue_token(login, name, by="cli"))
        except AccountError as exc:
            raise _fail(str(exc)) from None


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Адрес (по умолчанию только эта машина)")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Порт")] = 8000,
    db: DbOption = None,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log",
            help="Писать строку о каждом запросе в терминал (журнал действий пишется всегда)",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Сколько процессов отвечают на запросы (для нескольких клиентов сразу: по числу ядер)",
        ),
    ] = 1,
) -> None:
    """Запустить HTTP API (FastAPI на uvicorn); документация OpenAPI — по адресу /docs."""
    import uvicorn

    from api import create_app
    from api.worker import settle_long_lived

    store = open_store(db)
    password = Accounts(store).ensure_admin()
    if password:
        _out.print(
            "Первый запуск: создан администратор.\n"
            f"  логин:  admin\n  пароль: {password}\n"
            "Пароль показан один раз. Токен для API: "
            f"curl -F login=admin -F password=… http://{host}:{port}/tokens",
            highlight=False,
        )
    # No access log unless asked for: its line per request is an eighth of what the API adds
    # to a search (benchmarks/api.py); who did what is in the audit log either way.
    if workers > 1:  # each process opens the store itself (api.worker); this one only watches them
        os.environ[URL_VARIABLE] = store.url
        store.close()
        factory = "api.worker:app_from_environment"
        uvicorn.run(factory, factory=True, workers=workers, host=host, port=port, access_log=access_log)
        return
    app = create_app(store)
    settle_long_lived()
    uvicorn.run(app, host=host, port=port, access_log=access_log)
