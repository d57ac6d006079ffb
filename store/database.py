"""Where the database is and how to open it: URL resolution, engine set-up, migrations.

The default is a SQLite file `data/roadmap.db` (under the working directory) in WAL mode;
`ROADMAP_DB_URL` or an explicit URL (the CLI's `--db`) selects any SQLAlchemy database,
PostgreSQL being the server choice. Every open checks the schema's alembic version with a
plain read and migrates only when it is behind, so a fresh file or an empty PostgreSQL
database is ready with no manual step, and opening a current database never waits for the
write lock (a read-only command runs while another process writes). A SQLite database held
by another writer past `BUSY_SECONDS` raises `StoreBusy`, whose message is one Russian line.
"""

from __future__ import annotations

import json
import os
import time
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

DEFAULT_PATH = Path("data") / "roadmap.db"
URL_VARIABLE = "ROADMAP_DB_URL"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_SECONDS = 30.0  # how long a SQLite statement waits for another writer's lock
MIGRATION_WAIT_SECONDS = 300.0  # how long an open waits for another process's migration


BUSY_MESSAGE = (
    "база данных занята: в неё сейчас пишет другой процесс (например, пакетная загрузка); "
    "повторите команду, когда он закончит"
)


class StoreBusy(Exception):
    """The database stayed locked by another writer (SQLite) for longer than the wait."""

    def __init__(self, message: str = BUSY_MESSAGE) -> None:
        # the message is an argument so that the error crosses a process pool intact
        super().__init__(message)


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` is SQLite's "database is locked" (another writer holds the lock)."""
    return isinstance(exc, OperationalError) and "database is locked" in str(exc.orig)


def database_url(url: str | None = None) -> str:
    """The URL to use: `url` if given, else `$ROADMAP_DB_URL`, else the default SQLite file."""
    chosen = url or os.environ.get(URL_VARIABLE)
    if chosen:
        return normalize_url(chosen)
    return f"sqlite:///{DEFAULT_PATH}"


def normalize_url(url: str) -> str:
    """Let a plain `postgresql://` URL use psycopg 3 (the driver the project installs)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
    cursor.close()


def json_text(value: Any) -> str:
    """The text of a JSON column: Russian written as it is, not escaped into \\uXXXX (a quarter
    of the size, and a comparison of 1,000 x 1,000 activities is written in 70 ms, not 95)."""
    return json.dumps(value, ensure_ascii=False)


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created and WAL switched on."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS}, json_serializer=json_text)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=json_text)


MIGRATION_LOCK = 0x726F61646D6170  # PostgreSQL advisory lock id of migrations ("roadmap")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def head_revision() -> str:
    """The newest alembic revision of `store/migrations`."""
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The schema's alembic revision, read without any lock (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`, by default the newest alembic revision. A schema
    already at the newest is only read. Otherwise the upgrade runs in one transaction that
    holds the database's write lock: a second process opening the same database meanwhile
    waits, then finds the schema current, instead of running the same DDL again ("table
    already exists", "duplicate column"). SQLite answers some collisions "locked" at once,
    without waiting (two connections switching a new file to WAL, a read upgrading to a
    write); those are retried for up to `MIGRATION_WAIT_SECONDS` before `StoreBusy`."""
    deadline = time.monotonic() + MIGRATION_WAIT_SECONDS
    while True:
        try:
            if revision == "head" and current_revision(engine) == head_revision():
                return
            _upgrade(engine, revision)
            return
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy() from exc
            time.sleep(0.2)


def _upgrade(engine: Engine, revision: str) -> None:
    config = _config()
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
