"""Fixtures for the tracker tests: the same tests run on SQLite and on PostgreSQL.

PostgreSQL comes from DSAR_TEST_DATABASE_URL (.ci/run sets it); each test gets a
fresh schema of its own (through search_path), dropped afterwards, so parallel
runs never collide. Without the variable the PostgreSQL cases skip, saying why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

PG_SKIP = ("PostgreSQL tests need DSAR_TEST_DATABASE_URL, e.g. "
           "postgresql+psycopg://postgres@127.0.0.1:5432/dsar_test")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
TODAY = date(2026, 11, 26)


def postgres_url() -> Iterator[str]:
    """A URL whose connections see only a new, empty schema; the schema is dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ.get("DSAR_TEST_DATABASE_URL", "").strip()
    if not base:
        pytest.skip(PG_SKIP)
    schema = f"dsar_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A tracker location: a SQLite file path, or a PostgreSQL URL with a schema of its own."""
    if request.param == "sqlite":
        yield str(tmp_path / "tracker.sqlite")
    else:
        yield from postgres_url()


def add(tracker, *, controller_id: str = "home-office", kind: str = "access",  # type: ignore[no-untyped-def]
        nation: str = "england", regime: tuple[str, ...] = ("uk-gdpr",), requester: str = "Amira Example",
        created: date = date(2026, 10, 1), **extra) -> str:
    return tracker.add_request(controller_id=controller_id, kind=kind, requester=requester,
                               regime=list(regime), nation=nation, created=created, **extra)
