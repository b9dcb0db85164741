"""Bringing a tracker database up to the latest schema, programmatically (Alembic).

`Tracker.open` calls `upgrade(engine)` every time: when the database is already
at HEAD it costs one small query and Alembic is not even imported. Otherwise it
runs the migrations in dsar/tracker/migrations inside one transaction (holding
an advisory lock on PostgreSQL, the write lock on SQLite, so two processes
opening a new database at once do not both create the tables).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dsar.errors import TrackerError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

HEAD = "0004"  # the newest migration; a test checks it matches migrations/versions
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_ID = 0x64736172  # "dsar": pg_advisory_xact_lock key while migrating


def alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    """The database's schema revision; None for an empty database."""
    from sqlalchemy import inspect, text

    names = set(inspect(connection).get_table_names())
    if "alembic_version" not in names:
        if names - {"alembic_version"}:
            raise TrackerError(
                "this database already holds tables that are not a dsar tracker "
                f"({', '.join(sorted(names)[:3])}); give dsar a database of its own"
            )
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()


def needs_upgrade(connection: Connection) -> bool:
    """False when the database is at HEAD (the common case, one query)."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        if "alembic_version" in str(exc.orig):  # no such table / relation does not exist
            return True
        raise
    finally:
        connection.rollback()
    return version != HEAD


def upgrade(engine: Engine, target: str = "head") -> None:
    """Migrate the database to `target` (default: the latest); a no-op when already there."""
    from sqlalchemy import text

    from dsar.tracker.database import WRITE

    with engine.connect() as probe:
        if target == "head" and not needs_upgrade(probe):
            return
    from alembic import command

    with engine.connect().execution_options(**{WRITE: True}) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_ID})
        version = current_revision(connection)
        if version is not None and version not in _known_revisions():
            raise TrackerError(
                f"this tracker was made by a newer version of dsar (schema {version}); "
                "upgrade dsar with `pip install --upgrade dsar`"
            )
        command.upgrade(alembic_config(connection), target)


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
