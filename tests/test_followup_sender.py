"""The sender recorded with a request (issue 11 items 5 and 11): `dsar new`'s path, through the
interview's own write_letters, with and without a saved profile; and what cannot be read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from followup_fixtures import demo_profile

from dsar.controllers import load_directory
from dsar.errors import DsarError
from dsar.followup.sender import from_path, from_profile, load
from dsar.interview.finish import write_letters
from dsar.tracker import Tracker

ON = date(2026, 10, 1)


@pytest.mark.parametrize("saved", [True, False])
def test_dsar_new_records_where_the_sender_came_from(tmp_path: Path, saved: bool) -> None:
    db = str(tmp_path / "tracker.sqlite")
    path = tmp_path / "me.toml" if saved else None
    done = write_letters(demo_profile(), ["hmpps"], ["access"], tmp_path / "out", directory=load_directory(),
                         on=ON, db=db, profile_path=path)
    [ref] = done.refs.values()
    with Tracker.open(db) as tracker:
        record = tracker.sender(ref)
    assert record is not None
    if saved:
        assert record == {"profile": str(path.resolve())}  # type: ignore[union-attr]
    else:
        assert set(record) == {"profile_toml"}
    sender = load(record, ref)
    assert sender.profile.requester.full_name == "Demo Person" and sender.remembered


def test_a_sender_that_cannot_be_read_is_one_line_that_says_what_to_do(tmp_path: Path) -> None:
    gone = from_path(tmp_path / "moved.toml")
    with pytest.raises(DsarError) as exc:
        load(gone, "R-000001")
    assert exc.value.message.startswith(f"request R-000001 was made from the profile {tmp_path / 'moved.toml'}, "
                                        "which cannot be used now (")
    assert exc.value.message.endswith("give the profile with --profile PROFILE")
    with pytest.raises(DsarError, match="cannot be read; give the profile with --profile PROFILE"):
        load({"profile_toml": "not = [toml"}, "R-000001")
    block = from_profile(demo_profile(), "Sam Adviser, Caseworker")
    assert load(block, "R-000001").signatory == "Sam Adviser, Caseworker"


def test_remember_sender_keeps_the_first_one(tmp_path: Path) -> None:
    with Tracker.open(str(tmp_path / "t.sqlite")) as tracker:
        ref = tracker.add_request(controller_id="acro", kind="access", requester="Demo Person",
                                  regime=["uk-gdpr"], nation="england", created=ON)
        assert tracker.sender(ref) is None and tracker.with_sender([ref]) == set()
        assert tracker.remember_sender(ref, {"profile": "/a/me.toml"})
        assert not tracker.remember_sender(ref, {"profile": "/b/other.toml"})
        assert tracker.sender(ref) == {"profile": "/a/me.toml"} and tracker.with_sender([ref]) == {ref}


def test_with_sender_takes_any_number_of_refs(tmp_path: Path) -> None:
    """`dsar due --within 9999` or the calendar may ask about 100,000 requests: no IN-list limit."""
    with Tracker.open(str(tmp_path / "t.sqlite")) as tracker:
        ref = tracker.add_request(controller_id="acro", kind="access", requester="Demo Person",
                                  regime=["uk-gdpr"], nation="england", created=ON)
        tracker.remember_sender(ref, {"profile": "/a/me.toml"})
        refs = [f"R-{i:06d}" for i in range(1, 40_001)]
        assert tracker.with_sender(refs) == {ref}
