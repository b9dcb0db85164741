"""Alembic migrations for the tracker database, run by `Tracker.open` (no alembic.ini needed)."""
