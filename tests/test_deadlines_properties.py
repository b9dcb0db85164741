"""Invariants of the deadline engine, checked with hypothesis.

- the deadline is never earlier than one month after receipt (one_month_after);
- it never falls on a weekend or a bank holiday of the controller's nation;
- adding a clarification pause or a timely extension never moves it earlier;
- deemed receipt never precedes the posting date.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dsar.bank_holidays import holidays_in
from dsar.deadlines import VIAS, Event, assess, deemed_receipt, is_working_day, months_after, one_month_after

NATIONS = ("england", "wales", "scotland", "northern-ireland")
TODAY = date(2026, 11, 26)

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2029, 12, 31))
nations = st.sampled_from(NATIONS)
vias = st.sampled_from(VIAS)
regimes = st.sampled_from([("uk-gdpr",), ("dpa-part-3",), ("uk-gdpr", "dpa-part-3")])


def due_on(events: list[Event], nation: str, regime: tuple[str, ...], kind: str = "access") -> date:
    result = assess(events, nation=nation, kind=kind, regimes=regime, today=TODAY).due_on
    assert result is not None
    return result


@given(days)
def test_one_month_after_is_in_the_next_month_and_never_earlier_than_28_days(start: date) -> None:
    end = one_month_after(start)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == 1
    assert end.day <= start.day
    assert 28 <= (end - start).days <= 31
    assert months_after(start, 3) >= end


@given(days, nations, vias, regimes)
def test_deadline_never_before_a_month_after_receipt_and_always_a_working_day(
    sent: date, nation: str, via: str, regime: tuple[str, ...]
) -> None:
    receipt, _ = deemed_receipt(sent, via, nation)
    due = due_on([Event("sent", sent, via=via)], nation, regime)
    assert due >= one_month_after(receipt)
    assert due.weekday() < 5
    assert due not in holidays_in(nation, due.year)
    assert is_working_day(due, nation)
    assert (due - one_month_after(receipt)).days <= 10  # the longest UK run of non-working days is short


@given(days, nations, regimes, st.integers(0, 40), st.integers(0, 20))
def test_a_pause_never_moves_the_deadline_earlier(
    received: date, nation: str, regime: tuple[str, ...], offset: int, length: int
) -> None:
    base = [Event("received", received)]
    asked = received + timedelta(days=offset)
    paused = [*base, Event("clarification-requested", asked),
              Event("clarification-provided", asked + timedelta(days=length), via="email")]
    without, with_pause = due_on(base, nation, regime), due_on(paused, nation, regime)
    assert with_pause >= without
    assert is_working_day(with_pause, nation)
    if received >= date(2026, 2, 5) and asked <= without:  # a pause that counts adds its days
        assert with_pause >= one_month_after(received) + timedelta(days=length + 1)


@given(days, nations, regimes, st.integers(0, 35))
def test_a_timely_extension_never_moves_the_deadline_earlier(
    received: date, nation: str, regime: tuple[str, ...], offset: int
) -> None:
    base = [Event("received", received)]
    without = due_on(base, nation, regime)
    notice = min(received + timedelta(days=offset), without)  # within the first month
    extended = due_on([*base, Event("extended", notice)], nation, regime)
    assert extended >= without
    assert is_working_day(extended, nation)
    allowed = received >= date(2026, 2, 5) or "uk-gdpr" in regime
    assert (extended >= months_after(received, 3)) == allowed


@given(days, nations, regimes, st.integers(1, 60))
def test_a_late_extension_changes_nothing(
    received: date, nation: str, regime: tuple[str, ...], late_by: int
) -> None:
    base = [Event("received", received)]
    without = due_on(base, nation, regime)
    assert due_on([*base, Event("extended", without + timedelta(days=late_by))], nation, regime) == without


@given(days, nations, regimes, st.integers(0, 20), st.integers(0, 40))
def test_id_provided_never_moves_the_deadline_earlier(
    received: date, nation: str, regime: tuple[str, ...], asked_after: int, given_after: int
) -> None:
    base = [Event("received", received)]
    asked = received + timedelta(days=asked_after)
    with_id = [*base, Event("id-requested", asked),
               Event("id-provided", asked + timedelta(days=given_after), via="email")]
    assert due_on(with_id, nation, regime) >= due_on(base, nation, regime)


@given(days, vias, nations)
def test_deemed_receipt_never_precedes_posting(sent: date, via: str, nation: str) -> None:
    arrived, why = deemed_receipt(sent, via, nation)
    assert arrived >= sent
    if via.startswith("post-"):
        assert arrived > sent
        assert is_working_day(arrived, nation)
    else:
        assert arrived == sent
    assert why


@given(days, nations, regimes, st.sampled_from(["access", "erasure"]), st.booleans())
def test_explain_flag_changes_only_the_explanation(
    received: date, nation: str, regime: tuple[str, ...], kind: str, extend: bool
) -> None:
    events = [Event("received", received), Event("clarification-requested", received + timedelta(days=3)),
              Event("clarification-provided", received + timedelta(days=5), via="email")]
    if extend:
        events.append(Event("extended", received + timedelta(days=10)))
    full = assess(events, nation=nation, kind=kind, regimes=regime, today=TODAY)
    bare = assess(events, nation=nation, kind=kind, regimes=regime, today=TODAY, explain=False)
    assert (full.status, full.action, full.next_step, full.due_on, full.relevant_time, full.days_overdue) == (
        bare.status, bare.action, bare.next_step, bare.due_on, bare.relevant_time, bare.days_overdue)
    assert full.explanation and not bare.explanation


QUIET = frozenset({"wait", "none"})
HISTORY_KINDS = ("received", "id-requested", "id-provided", "fee-requested", "fee-paid",
                 "clarification-requested", "clarification-provided", "extended", "responded",
                 "partial-response", "refused", "complaint-sent", "complaint-acknowledged",
                 "ico-complaint", "chase-sent", "reasons-requested", "note")


@given(
    days,
    st.lists(st.tuples(st.sampled_from(HISTORY_KINDS), st.integers(0, 120), st.sampled_from((*VIAS, None))),
             max_size=6),
    nations, regimes, st.sampled_from(["access", "erasure"]),
)
def test_with_no_new_events_the_users_move_never_goes_back_to_waiting(
    sent: date, history: list[tuple[str, int, str | None]], nation: str, regime: tuple[str, ...], kind: str
) -> None:
    # The tracker's `dsar due` index (dsar/tracker/derived.py) relies on this: as days pass with
    # no new event, the action only moves from wait/none to the user's move, never back.
    events = [Event("sent", sent, via="email")]
    events += [Event(k, sent + timedelta(days=offset), via=via) for k, offset, via in history]
    last = max(ev.on for ev in events)
    seen_move = False
    for step in range(0, 400, 7):
        today = last + timedelta(days=step)
        action = assess(events, nation=nation, kind=kind, regimes=regime, today=today, explain=False).action
        if action not in QUIET:
            seen_move = True
        else:
            assert not seen_move, (today, action)
