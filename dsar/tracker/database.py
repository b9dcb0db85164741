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
import re
import sqlite3
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.errors import TrackerError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

WRITE = "dsar_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)
SQLITE_BUSY_SECONDS = 60.0


SET_DSAR_DB = "set DSAR_DB to a tracker file, e.g. DSAR_DB=/srv/dsar/tracker.sqlite, or use --db"
SQLITE_MAGIC = b"SQLite format 3\x00"
# a path with one of these would be read as something else by someone (a URL's query or
# fragment); a URL-looking text without "://" is a typo for a URL, not a file name
_URL_LIKE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:(?!//)")


def data_folder() -> Path:
    """The user's data folder for dsar (platformdirs): the default tracker, crash files.

    A TrackerError when no home folder can be found (HOME unset and no password entry,
    as for some service users running cron).
    """
    from platformdirs import user_data_dir

    try:
        folder = Path(user_data_dir("dsar", appauthor=False))
    except RuntimeError:  # platformdirs: "could not determine the home directory"
        folder = Path("~")
    if not folder.is_absolute():
        raise TrackerError(f"cannot find your home folder (HOME is not set) to keep the tracker in; "
                           f"{SET_DSAR_DB}")
    return folder


def default_path() -> Path:
    """The default tracker file: tracker.sqlite in the user's data folder (platformdirs)."""
    return data_folder() / "tracker.sqlite"


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
        return _checked_path(text)
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
        return _checked_path(url.database)
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


def _checked_path(text: str) -> Path:
    """A tracker file path, refusing one that would be read as something else."""
    how = ("write a file path without it, or a URL: sqlite:///relative/path, sqlite:////absolute/path "
           "or postgresql+psycopg://USER@HOST:PORT/DATABASE")
    if _URL_LIKE.match(text) and not re.match(r"^[A-Za-z]:[\\/]", text):
        raise TrackerError(f'"{_hide(text)}" looks like a database URL but has no "://"; {how}')
    if "?" in text:
        raise TrackerError(f'the tracker path "{text}" holds a "?", which would be read as URL '
                           f"options; {how}")
    if "\x00" in text:
        raise TrackerError("the tracker path holds a NUL character; give a plain file path")
    try:
        return Path(text).expanduser()
    except RuntimeError:  # ~nosuchuser/...
        raise TrackerError(f'cannot find the home folder in "{text}"; give the full path') from None


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
    from sqlalchemy.engine import URL

    from dsar.files import OutputError, check_length, make_folder

    try:
        check_length(path)
        if default:
            make_folder(path.parent)
    except OutputError as exc:
        raise TrackerError(f"{exc.message}; {SET_DSAR_DB}") from None
    except OSError as exc:
        raise TrackerError(f"cannot make the data folder {path.parent} ({exc.strerror}); "
                           f"{SET_DSAR_DB}") from None
    if not path.parent.is_dir():
        raise TrackerError(
            f"the folder {path.parent} does not exist; create it or give another --db path"
        )
    if not _check_existing(path):
        _create(path)
    elif not os.access(path, os.R_OK | os.W_OK):
        raise TrackerError(f"cannot read and write {path}; check its permissions")

    # URL.create, not an f-string: a path is never parsed (a "?" or "#" in it stays a file name)
    engine = create_engine(
        URL.create("sqlite+pysqlite", database=str(path)),
        connect_args={"timeout": SQLITE_BUSY_SECONDS},
        json_deserializer=json_loads,
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


def json_loads(text: str) -> Any:
    """JSON columns as SQLite holds them; a damaged value is a one-line TrackerError, not a traceback."""
    import json

    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise TrackerError("the tracker holds a damaged entry (a history's data is not valid JSON); "
                           "restore the tracker file from a backup, or give another with --db") from None


def _check_existing(path: Path) -> bool:
    """True if a tracker is at `path`, False if nothing is; refuse anything else, untouched.

    An empty file is not a new tracker (dsar makes new ones whole, below): treating it as
    one would issue R-000001 again, clashing with refs already in letters and manifests.
    """
    choose = "choose another tracker with --db PATH or DSAR_DB=PATH"
    try:
        found = path.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise TrackerError(f"cannot use {path} as the tracker ({exc.strerror}); {choose}") from None
    if stat.S_ISDIR(found.st_mode):
        raise TrackerError(f"{path} is a folder; give a file path for the tracker database")
    if not stat.S_ISREG(found.st_mode):
        from dsar.files import what_is

        raise TrackerError(f"{path} is {what_is(found.st_mode)}, not a tracker file; {choose}")
    if found.st_size == 0:
        raise TrackerError(f"{path} is an empty file (0 bytes), not a dsar tracker; dsar has left it "
                           f"as it is. Delete it if it was made by mistake, or {choose}")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise TrackerError(f"cannot read {path} ({exc.strerror}); check its permissions") from None
    if head != SQLITE_MAGIC:
        raise TrackerError(f"{path} is {_sniff(head)}, not a dsar tracker; dsar has left it as it "
                           f"is; {choose}")
    tables = _sqlite_tables(path)
    if tables and "alembic_version" not in tables:
        shown = ", ".join(sorted(tables)[:3])
        raise TrackerError(f"{path} is an SQLite database of another program (tables: {shown}); "
                           f"dsar has left it as it is; {choose}")
    return True


def _sniff(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "a PDF file"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP file (a spreadsheet or document?)"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return "a file of another kind"
    return "a text file"


def _sqlite_tables(path: Path) -> set[str]:
    """The tables in an SQLite file, read without changing it (read-only, no WAL switch)."""
    from urllib.request import pathname2url

    try:
        connection = sqlite3.connect(f"file:{pathname2url(str(path.resolve()))}?mode=ro", uri=True,
                                     timeout=SQLITE_BUSY_SECONDS)
        try:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return {"alembic_version"}  # let the real open below explain (busy, corrupt...)
    return {str(row[0]) for row in rows}


def _create(path: Path) -> None:
    """Make a new tracker whole at `path`: built in a 0600 temp file, then linked into place.

    So the path never holds an empty or half-made tracker, even if dsar is stopped; when
    another process makes one first, theirs is kept.
    """
    import tempfile

    from sqlalchemy import create_engine
    from sqlalchemy.engine import URL

    from dsar.tracker import schema

    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:200]}.", suffix=".new")
    except OSError as exc:
        raise TrackerError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)  # mkstemp made it 0600; SQLite gives its journal files the same mode
    temp = Path(name)
    try:
        engine = create_engine(URL.create("sqlite+pysqlite", database=name))
        try:
            schema.upgrade(engine)
        finally:
            engine.dispose()
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it a moment ago: use theirs
        except OSError as exc:
            raise TrackerError(f"cannot create {path}: {exc.strerror}") from None
    finally:
        for leftover in (temp, Path(f"{name}-journal"), Path(f"{name}-wal"), Path(f"{name}-shm")):
            leftover.unlink(missing_ok=True)


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
