"""Opening the tracker database: a SQLite file (the default) or a PostgreSQL server.

`engine_for(db)` turns what the user gave (`--db`, DSAR_DB, or nothing) into a
SQLAlchemy engine, and every way that can fail becomes a one-line TrackerError
saying what to do. SQLite files are created with mode 0600 (their folder 0700
when it is the default data folder), use WAL and a busy timeout, and take the
write lock at the start of each writing transaction (BEGIN IMMEDIATE) so two
processes logging at once both succeed, one after the other.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.errors import TrackerError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

WRITE = "dsar_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)
SQLITE_BUSY_SECONDS = 60.0


def default_path() -> Path:
    """The default tracker file: tracker.sqlite in the user's data folder (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("dsar", appauthor=False)) / "tracker.sqlite"


def describe(db: str | None) -> str:
    """Where the tracker is, for messages (a URL's password hidden)."""
    target = _target(db)
    if isinstance(target, Path):
        return str(target)
    return target.render_as_string(hide_password=True)


def _target(db: str | None) -> Path | URL:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    text = (db if db is not None else os.environ.get("DSAR_DB", "")).strip()
    if not text:
        return default_path()
    if "://" not in text:
        return Path(text).expanduser()
    try:
        url = make_url(text)
    except ArgumentError:
        raise TrackerError(
            f'"{_hide(text)}" is not a database URL; use a file path, sqlite:///PATH '
            "or postgresql+psycopg://USER@HOST:PORT/DATABASE"
        ) from None
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise TrackerError("an in-memory SQLite database would forget everything; give a file path")
        return Path(url.database).expanduser()
    if backend == "postgresql":
        if "+" not in url.drivername:  # plain postgresql://: use psycopg 3, the one installed
            url = url.set(drivername="postgresql+psycopg")
        elif driver != "psycopg":
            raise TrackerError(f"use the psycopg 3 driver: postgresql+psycopg://... (not +{driver})")
        return url
    raise TrackerError(
        f'database type "{backend}" is not supported; use a SQLite file or '
        "postgresql+psycopg://USER@HOST:PORT/DATABASE"
    )


def _hide(text: str) -> str:
    """A URL-ish string with anything between ':' and '@' after the scheme masked."""
    scheme, sep, rest = text.partition("://")
    if sep and "@" in rest:
        userinfo, _, host = rest.rpartition("@")
        user = userinfo.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}" if ":" in userinfo else text
    return text


def engine_for(db: str | None) -> Engine:
    """An engine for `db` (None: DSAR_DB, else the default SQLite file)."""
    target = _target(db)
    if isinstance(target, Path):
        return _sqlite_engine(target, default=db is None and not os.environ.get("DSAR_DB", "").strip())
    return _postgres_engine(target)


def _sqlite_engine(path: Path, *, default: bool) -> Engine:
    from sqlalchemy import create_engine, event

    if default:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    elif not path.parent.is_dir():
        raise TrackerError(
            f"the folder {path.parent} does not exist; create it or give another --db path"
        )
    if path.is_dir():
        raise TrackerError(f"{path} is a folder; give a file path for the tracker database")
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process made it a moment ago
        except OSError as exc:
            raise TrackerError(f"cannot create {path}: {exc.strerror}") from None
    elif not os.access(path, os.R_OK | os.W_OK):
        raise TrackerError(f"cannot read and write {path}; check its permissions")

    engine = create_engine(
        f"sqlite+pysqlite:///{path}",
        connect_args={"timeout": SQLITE_BUSY_SECONDS},
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # let SQLAlchemy's "begin" event below decide how transactions start
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_SECONDS * 1000)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(url, pool_pre_ping=True)


def explain_failure(exc: Exception, db: str | None) -> TrackerError:
    """A one-line TrackerError for a database error met while opening the tracker."""
    where = describe(db)
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = text[0].strip() if text else type(exc).__name__
    if "file is not a database" in first or "file is encrypted" in first:
        return TrackerError(f"{where} is not a dsar tracker database; give another file with --db")
    if "readonly" in first or "read-only" in first:
        return TrackerError(f"{where} is read-only; check its permissions")
    if isinstance(_target(db), Path):
        return TrackerError(f"cannot open the tracker at {where}: {first}")
    return TrackerError(
        f"cannot use the tracker database at {where}: {first}; "
        "check the server is running and the URL in --db or DSAR_DB"
    )
