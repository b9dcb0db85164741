"""The tracker: every request's history, and its deadline derived from it by dsar.deadlines.

Public API: `Tracker` (open, add_request, log, get, list, assess, due),
`TrackedRequest`, `record_letters`. Importing this package is light; SQLAlchemy
and Alembic load when a tracker is opened.
"""

from __future__ import annotations

from dsar.tracker.recording import record_letters
from dsar.tracker.store import Entry, TrackedRequest, Tracker

__all__ = ["Entry", "TrackedRequest", "Tracker", "record_letters"]
