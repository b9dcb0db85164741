"""Helpers for the follow-up tests: a real tracker (SQLite in tmp) holding whole histories.

`History` logs events through the real Tracker; dates are computed by the real deadline
engine (`tracker.assess`), so every test compares a letter with what the engine says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from dsar.compose import long_date
from dsar.controllers import Directory, load_directory
from dsar.deadlines import Assessment
from dsar.paths import letters_dir
from dsar.profile import Profile, load_profile
from dsar.tracker import Tracker

TODAY = date(2026, 11, 26)
DEMO = letters_dir() / "demo-profile.toml"


def demo_profile() -> Profile:
    return load_profile(DEMO)


@dataclass
class History:
    tracker: Tracker
    ref: str
    directory: Directory

    def log(self, event: str, on: date, **kw: Any) -> History:
        self.tracker.log(self.ref, event, on, today=max(on, TODAY), **kw)
        return self

    def assess(self, today: date = TODAY) -> Assessment:
        return self.tracker.assess(self.ref, today)

    def request(self):  # type: ignore[no-untyped-def]
        return self.tracker.get(self.ref)


def new_request(tracker: Tracker, directory: Directory, controller_id: str = "home-office",
                kind: str = "access", requester: str = "Demo Person",
                created: date = date(2026, 9, 1), files: tuple[str, ...] = ()) -> History:
    record = directory.get(controller_id)
    ref = tracker.add_request(controller_id=controller_id, kind=kind, requester=requester,
                              regime=[r.value for r in record.regimes], nation=record.nation.value,
                              created=created, drafted=list(files) or None)
    return History(tracker, ref, directory)


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[Tracker]:
    with Tracker.open(str(tmp_path / "tracker.sqlite")) as opened:
        yield opened


@pytest.fixture(scope="session")
def directory() -> Directory:
    return load_directory()


def day(value: date | None) -> str:
    """A date as the letters write it: 26 November 2026."""
    assert value is not None
    return long_date(value)


def final_date(today: date = TODAY) -> str:
    return long_date(today + timedelta(days=14))


def flat(text: str) -> str:
    """Text with its line wrapping undone, for phrase checks."""
    return " ".join(text.split())
