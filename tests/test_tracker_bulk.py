"""Tracker.add_requests: many requests in one transaction (how a batch records its letters),
on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from tracker_fixtures import db_url  # noqa: F401  (db_url is a fixture)

from dsar.errors import TrackerError
from dsar.tracker import Tracker
from dsar.tracker.store import NewRequest

ON = date(2026, 11, 20)


def new(key: str | None, *, controller_id: str = "home-office", requester: str = "Amira Example",
        kind: str = "access", client: str = "C-1") -> NewRequest:
    return NewRequest(controller_id=controller_id, kind=kind, requester=requester,
                      regime=("uk-gdpr",), nation="england", created=ON, client_reference=client,
                      key=key, drafted=(f"/letters/{key}.pdf",))


@pytest.fixture
def tracker(db_url: str):  # type: ignore[no-untyped-def]  # noqa: F811
    with Tracker.open(db_url) as opened:
        yield opened


def test_refs_in_order_each_with_its_drafted_event_and_cached_dates(tracker: Tracker) -> None:
    refs = tracker.add_requests([new("b/C-1/home-office/access"),
                                 new("b/C-1/acro/erasure", controller_id="acro", kind="erasure")])
    assert refs == ["R-000001", "R-000002"]
    second = tracker.get(refs[1])
    assert (second.controller_id, second.kind, second.key) == ("acro", "erasure", "b/C-1/acro/erasure")
    assert [(e.kind, e.on) for e in second.events] == [("drafted", ON)]
    assert second.files == ["/letters/b/C-1/acro/erasure.pdf"]
    # the cached dates are filled in as add_request fills them in
    one = tracker.add_request(controller_id="acro", kind="erasure", requester="Amira Example",
                              regime=["uk-gdpr"], nation="england", created=ON, drafted=["/x.pdf"])
    cached = _cached(tracker)
    assert cached[refs[1]] == cached[one] and cached[one][1] is not None  # (due_on, attention_on)


def _cached(tracker: Tracker) -> dict[str, tuple[date | None, date | None]]:
    from sqlalchemy import select

    from dsar.tracker.models import requests
    from dsar.tracker.refs import make_ref

    with tracker.engine.connect() as conn:
        rows = conn.execute(select(requests.c.id, requests.c.due_on, requests.c.attention_on))
        return {make_ref(row.id): (_day(row.due_on), _day(row.attention_on)) for row in rows}


def _day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value

def test_keys_already_used_return_the_first_refs_and_add_nothing(tracker: Tracker) -> None:
    first = tracker.add_requests([new("k1", client="C-1"), new("k2", client="C-2")])
    again = tracker.add_requests([new("k2", client="C-2"), new("k3", client="C-3"),
                                  new("k1", client="C-1"), new("k3", client="C-3")])
    assert again == [first[1], "R-000003", first[0], "R-000003"]
    assert len(tracker.list()) == 3


def test_a_clients_open_request_is_reused_whatever_the_key(tracker: Tracker) -> None:
    """One open request per client reference, organisation and kind (issue 12, migration 0004)."""
    first = tracker.add_or_reuse([new("batch-a/C-1/home-office/access")])
    again = tracker.add_or_reuse([new("batch-b/C-1/home-office/access"), new("b/C-1/moj", controller_id="moj")])
    assert again == [(first[0][0], True), ("R-000002", False)]
    assert len(tracker.list()) == 2


def test_one_bad_request_adds_none_of_them(tracker: Tracker) -> None:
    with pytest.raises(TrackerError, match="the requester's name is empty; give --requester NAME"):
        tracker.add_requests([new("k1"), new("k2", requester="  ")])
    with pytest.raises(TrackerError):
        tracker.add_requests([new("k1"), new("k2", kind="complaint-to-the-moon")])
    assert tracker.list() == [] and tracker.add_requests([]) == []
