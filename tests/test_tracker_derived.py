"""The `due` cache narrows the search but never changes an answer (hypothesis over histories)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from dsar.deadlines import Event
from dsar.tracker.derived import assess, attention_on, needs_attention, start_of_watch
from dsar.tracker.store import Entry, TrackedRequest

KINDS = ["sent", "received", "id-requested", "id-provided", "fee-requested", "fee-paid",
         "clarification-requested", "clarification-provided", "extended", "responded",
         "partial-response", "refused", "complaint-sent", "complaint-acknowledged", "ico-complaint",
         "chase-sent", "reasons-requested", "closed", "note", "acknowledged"]

SCRIPTS = [
    ["chase-sent"],                                   # overdue, chased: wait 14 days, then complain
    ["chase-sent", "complaint-sent"],                 # s.164A acknowledgement date to watch
    ["complaint-sent", "complaint-acknowledged"],     # 30 days for an outcome, then the ICO
    ["refused", "reasons-requested"],                 # 14 days for reasons, then complain
    ["partial-response", "chase-sent"],
    ["id-requested", "id-provided"],
    ["clarification-requested", "clarification-provided", "extended"],
    ["extended", "chase-sent"],
    ["ico-complaint"],
]


@st.composite
def histories(draw: st.DrawFn) -> TrackedRequest:
    start = draw(st.dates(min_value=date(2025, 10, 1), max_value=date(2026, 11, 1)))
    # mostly realistic sequences (where the next step changes with time alone), sometimes noise
    script = draw(st.one_of(st.sampled_from(SCRIPTS), st.lists(st.sampled_from(KINDS), max_size=6)))
    steps = [(kind, draw(st.integers(0, 45)),
              draw(st.sampled_from([None, "email", "post-first", "post-second"]))) for kind in script]
    day, entries = start, []
    if draw(st.booleans()):
        entries.append(Entry(Event("sent", start, via=draw(st.sampled_from(["email", "post-first"])))))
    for kind, gap, via in steps:
        day += timedelta(days=gap)
        entries.append(Entry(Event(kind, day, via=via if kind in ("sent", "id-provided",
                                                                  "complaint-sent") else None)))
    nation = draw(st.sampled_from(["england", "wales", "scotland", "northern-ireland"]))
    return TrackedRequest(ref="R-000001", controller_id="home-office",
                          kind=draw(st.sampled_from(["access", "erasure"])),
                          regimes=draw(st.sampled_from([("uk-gdpr",), ("dpa-part-3",),
                                                        ("uk-gdpr", "dpa-part-3")])),
                          nation=nation, requester="A", client_reference=None, created=start,
                          entries=tuple(entries))


@settings(max_examples=300, deadline=None)
@given(request=histories(), offset=st.integers(0, 500),
       within=st.sampled_from([0, 1, 7, 14, 30, 90, None]))
def test_every_request_that_needs_attention_passes_the_cache_filter(
        request: TrackedRequest, offset: int, within: int | None) -> None:
    today = start_of_watch(request) + timedelta(days=offset)
    due_on, attention = attention_on(request)
    assessment = assess(request, today, explain=False)
    assert due_on == assessment.due_on  # the cached deadline does not depend on the day asked
    if needs_attention(assessment, today, within):
        assert attention is not None
        assert within is None or attention <= today + timedelta(days=within)


@settings(max_examples=120, deadline=None)
@given(request=histories())
def test_no_day_needing_attention_comes_before_the_cached_day(request: TrackedRequest) -> None:
    """Day by day for 250 days after the last event: the exhaustive version of the test above."""
    start = start_of_watch(request)
    _due_on, attention = attention_on(request)
    for offset in range(250):
        today = start + timedelta(days=offset)
        if needs_attention(assess(request, today, explain=False), today, 0):
            assert attention is not None and attention <= today
            break
