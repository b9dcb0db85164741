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
    _check_url_text(text)
    try:
        url = make_url(text)
        url.port  # noqa: B018  (a port that is not a number raises ValueError here)
    except ValueError:
        raise TrackerError(
            f'the port in "{_hide(text)}" is not a number; write it as HOST:5432'
        ) from None
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
    """A URL-ish string with anything between ':' and the last '@' after the scheme masked."""
    scheme, sep, rest = text.partition("://")
    if sep and "@" in rest:
        authority, slash, path = rest.partition("/")
        userinfo, _, host = authority.rpartition("@")
        user = userinfo.split(":", 1)[0]
        if ":" in userinfo:
            return f"{scheme}://{user}:***@{host}{slash}{path}"
    return text


def _check_url_text(text: str) -> None:
    """Refuse a URL whose password holds an unencoded @ (it would be read as the host)."""
    _, _, rest = text.partition("://")
    authority = rest.partition("/")[0]
    if authority.count("@") > 1:
        raise TrackerError(
            f'the password in "{_hide(text)}" contains "@"; write each @ in it as %40 '
            "(URL encoding)"
        )


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


# A server that accepts connections and never answers must not hang `dsar due` in cron:
# connecting gives up after CONNECT_TIMEOUT seconds, each statement after STATEMENT_TIMEOUT_MS
# (server side), and a connection whose server stops answering mid-read is dropped by the
# kernel after TCP_USER_TIMEOUT_MS of unacknowledged data or failed keepalives. Each can be
# set in the URL instead: ?connect_timeout=30, ?options=-c%20statement_timeout%3D0...
CONNECT_TIMEOUT = 8  # seconds; with start-up, a silent server is reported within ~12 s
STATEMENT_TIMEOUT_MS = 60_000
TCP_USER_TIMEOUT_MS = 15_000
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 2, "keepalives_count": 3}


def connect_args_for(url: URL) -> dict[str, Any]:
    """The libpq settings dsar adds to `url` (whatever the URL sets itself wins)."""
    query = {key: str(value) for key, value in url.query.items()}
    args: dict[str, Any] = {}
    if "connect_timeout" not in query:
        args["connect_timeout"] = CONNECT_TIMEOUT
    if "tcp_user_timeout" not in query:
        args["tcp_user_timeout"] = TCP_USER_TIMEOUT_MS
    args.update({k: v for k, v in _KEEPALIVES.items() if k not in query})
    options = query.get("options", "")
    if "statement_timeout" not in options:
        args["options"] = f"{options} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip()
    return args


def _postgres_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine

    args = connect_args_for(url)
    if "options" in args:
        url = url.difference_update_query(["options"])
    return create_engine(url, pool_pre_ping=True, connect_args=args)


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
