"""Schema migrations: a tracker made by the first schema survives every upgrade (both backends)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

from sqlalchemy import text
from tracker_fixtures import TODAY, db_url  # noqa: F401  (db_url is a fixture)

from dsar.tracker import Tracker, database, schema


def test_head_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(schema.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [schema.HEAD]


def test_a_first_schema_tracker_keeps_everything_after_upgrade(db_url: str) -> None:  # noqa: F811
    if "://" not in db_url:  # dsar makes new SQLite trackers whole (at HEAD): start from a bare database
        with sqlite3.connect(db_url) as bare:
            bare.execute("CREATE TABLE t (x)")
            bare.execute("DROP TABLE t")
        bare.close()
    engine = database.engine_for(db_url)
    schema.upgrade(engine, "0001")  # only the first migration: the schema of dsar's first release
    with engine.begin() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        conn.execute(text(
            "INSERT INTO requests (requester, controller_id, kind, regimes, nation, created, "
            "client_reference, key) VALUES ('Amira Example', 'home-office', 'access', 'uk-gdpr', "
            "'england', :created, 'FILE-1', 'batch/a/home-office/access'), ('Bo Example', "
            "'police-scotland', 'erasure', 'uk-gdpr,dpa-part-3', 'scotland', :created, NULL, NULL)"),
            {"created": date(2026, 10, 1)})
        rows = [
            (1, "drafted", date(2026, 10, 1), None, None, ["/letters/a.pdf"], {}),
            (1, "sent", date(2026, 10, 1), "email", "by email", [], {}),
            (2, "sent", date(2026, 11, 16), "post-first", None, [], {}),
            (2, "partial-response", date(2026, 11, 20), None, None, [], {"missing": ["copy"]}),
        ]
        for request_id, kind, on, via, note, files, data in rows:
            conn.execute(text(
                'INSERT INTO events (request_id, kind, "on", via, note, files, data, logged_at) '
                "VALUES (:r, :k, :on, :via, :note, :files, :data, :at)"),
                {"r": request_id, "k": kind, "on": on, "via": via, "note": note,
                 "files": json.dumps(files), "data": json.dumps(data),
                 "at": datetime(2026, 11, 20, 9, 30, tzinfo=UTC)})
    engine.dispose()

    with Tracker.open(db_url) as tracker:
        first, second = tracker.get("R-000001"), tracker.get("R-000002")
        assert (first.requester, first.client_reference, first.key, first.created) == (
            "Amira Example", "FILE-1", "batch/a/home-office/access", date(2026, 10, 1))
        assert [(e.kind, e.on, e.via, e.note) for e in first.events] == [
            ("drafted", date(2026, 10, 1), None, None), ("sent", date(2026, 10, 1), "email", "by email")]
        assert first.files == ["/letters/a.pdf"]
        assert second.regimes == ("uk-gdpr", "dpa-part-3")
        assert second.events[1].data == {"missing": ["copy"]}
        # the new derived columns were filled from history, so `due` finds the overdue request
        assert [r.ref for r, _ in tracker.due(TODAY, 0)] == ["R-000001", "R-000002"]
        assert len(tracker.tracker_id()) == 32
        # and the upgraded tracker keeps working: new refs continue after the old ones
        assert tracker.add_request(controller_id="acro", kind="access", requester="C", regime=["uk-gdpr"],
                                   nation="england", created=TODAY) == "R-000003"
        with tracker.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == schema.HEAD


def test_migrations_build_exactly_the_tables_in_models(db_url: str) -> None:  # noqa: F811
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from dsar.tracker.models import metadata

    with Tracker.open(db_url) as tracker, tracker.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []


def test_opening_an_up_to_date_tracker_does_not_load_alembic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    path = tmp_path / "t.sqlite"
    Tracker.open(str(path)).close()
    code = ("import sys; from dsar.tracker import Tracker; Tracker.open(sys.argv[1]).close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
