"""Hand-worked cases for the deadline engine (dsar.deadlines), one group per rule.

Each case shows its working in a comment; the weekday names were checked against a calendar.
Rules: shared/research/uk-law.md "Deadlines"; statute-extracts.md (DUAA 2025 ss.76, 103).
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import date

import holidays
import pytest

from dsar.bank_holidays import holidays_in, working_days_after
from dsar.deadlines import (
    ACTIONS,
    EVENTS,
    STATUSES,
    Assessment,
    Event,
    assess,
    deemed_receipt,
    format_day,
    is_working_day,
    months_after,
    next_working_day,
    one_month_after,
)
from dsar.errors import DsarError

D = date
TODAY = D(2026, 11, 26)


def run(*events: Event, nation: str = "england", kind: str = "access",
        regimes: tuple[str, ...] = ("uk-gdpr",), today: date = TODAY) -> Assessment:
    return assess(list(events), nation=nation, kind=kind, regimes=regimes, today=today)


def received(on: date) -> Event:
    return Event("received", on)


def due(on: date, nation: str = "england") -> date | None:
    return run(received(on), nation=nation).due_on


# --- Counting a month (ICO guidance; uk-law.md rule 5) ---------------------------------------

def test_one_month_after_corresponding_date_or_last_day() -> None:
    assert one_month_after(D(2026, 3, 2)) == D(2026, 4, 2)
    assert one_month_after(D(2026, 1, 31)) == D(2026, 2, 28)  # no 31 Feb in 2026
    assert one_month_after(D(2028, 1, 31)) == D(2028, 2, 29)  # 2028 is a leap year
    assert one_month_after(D(2026, 1, 29)) == D(2026, 2, 28)  # no 29 Feb in 2026
    assert one_month_after(D(2026, 3, 31)) == D(2026, 4, 30)
    assert one_month_after(D(2026, 12, 15)) == D(2027, 1, 15)  # across the year end
    assert months_after(D(2026, 11, 30), 3) == D(2027, 2, 28)


def test_31_january_2026_ends_on_monday_2_march_with_the_issue_wording() -> None:
    # Sat 31 Jan 2026 -> no 31 Feb -> Sat 28 Feb 2026 -> weekend -> Mon 2 Mar 2026.
    # Received before 5 Feb 2026, so the old rules, which count the month the same way.
    a = run(received(D(2026, 1, 31)))
    assert a.due_on == D(2026, 3, 2)
    assert a.rules == "pre-2026"
    assert a.explanation[2] == (
        "Received Sat 31 Jan 2026; one month later has no 31 Feb, so the last day, Sat 28 Feb 2026; "
        "a weekend, so the next working day: Mon 2 Mar 2026 "
        "(UK GDPR Art 12(3) before 5 Feb 2026; ICO guidance on counting a month)."
    )


def test_leap_year_31_january_2028_ends_tuesday_29_february() -> None:
    # 31 Jan 2028 -> no 31 Feb -> 29 Feb 2028 (leap year), a Tuesday: a working day.
    assert due(D(2028, 1, 31)) == D(2028, 2, 29)


def test_31_march_ends_30_april() -> None:
    # Tue 31 Mar 2026 -> no 31 Apr -> Thu 30 Apr 2026, a working day.
    assert due(D(2026, 3, 31)) == D(2026, 4, 30)


def test_the_day_of_receipt_counts_even_on_a_weekend() -> None:
    # Sun 1 Mar 2026 -> Wed 1 Apr 2026: counting starts on the day of receipt, working day or not.
    assert due(D(2026, 3, 1)) == D(2026, 4, 1)


# --- Bank holidays of each nation --------------------------------------------------------------

def test_gb_without_subdivision_omits_easter_monday_and_august_but_ours_has_them() -> None:
    plain = holidays.country_holidays("GB", years=2026)
    assert D(2026, 4, 6) not in plain  # Easter Monday
    assert D(2026, 8, 31) not in plain  # late summer bank holiday (England)
    assert D(2026, 4, 6) in holidays_in("england", 2026)
    assert D(2026, 8, 31) in holidays_in("england", 2026)
    assert D(2026, 8, 3) in holidays_in("scotland", 2026)  # Scotland's August holiday: first Monday


def test_st_andrews_day_in_scotland_only() -> None:
    # Fri 30 Oct 2026 -> Mon 30 Nov 2026: St Andrew's Day in Scotland -> Tue 1 Dec; England: Mon 30 Nov.
    assert due(D(2026, 10, 30), "scotland") == D(2026, 12, 1)
    assert due(D(2026, 10, 30), "england") == D(2026, 11, 30)
    text = run(received(D(2026, 10, 30)), nation="scotland").explanation[2]
    assert "a bank holiday in Scotland (Saint Andrew's Day), so the next working day: Tue 1 Dec 2026" in text


def test_st_andrews_day_substitute_when_it_falls_on_a_sunday() -> None:
    # 30 Nov 2025 is a Sunday, so Scotland's holiday moves to Mon 1 Dec 2025.
    # Thu 30 Oct 2025 -> Sun 30 Nov 2025 (weekend) -> Mon 1 Dec (substitute, Scotland) -> Tue 2 Dec 2025.
    # In England Mon 1 Dec 2025 is a working day.
    assert not is_working_day(D(2025, 12, 1), "scotland")
    assert is_working_day(D(2025, 12, 1), "england")
    assert due(D(2025, 10, 30), "scotland") == D(2025, 12, 2)
    assert due(D(2025, 10, 30), "england") == D(2025, 12, 1)


def test_twelfth_and_thirteenth_of_july_in_northern_ireland() -> None:
    # Fri 12 Jun 2026 -> Sun 12 Jul 2026 (weekend; Battle of the Boyne) -> Mon 13 Jul (its
    # substitute in Northern Ireland) -> Tue 14 Jul 2026. England: Mon 13 Jul 2026.
    assert due(D(2026, 6, 12), "northern-ireland") == D(2026, 7, 14)
    assert due(D(2026, 6, 12), "england") == D(2026, 7, 13)
    # 2027: Sat 12 Jun 2027 -> Mon 12 Jul 2027, a holiday in Northern Ireland -> Tue 13 Jul 2027.
    assert due(D(2027, 6, 12), "northern-ireland") == D(2027, 7, 13)
    assert due(D(2027, 6, 12), "wales") == D(2027, 7, 12)


def test_second_of_january_in_scotland() -> None:
    # Tue 2 Dec 2025 -> Fri 2 Jan 2026: a bank holiday in Scotland only -> Mon 5 Jan 2026 there.
    assert due(D(2025, 12, 2), "scotland") == D(2026, 1, 5)
    assert due(D(2025, 12, 2), "england") == D(2026, 1, 2)


def test_easter_monday_in_england_wales_and_northern_ireland_but_not_scotland() -> None:
    # Fri 6 Mar 2026 -> Mon 6 Apr 2026, Easter Monday -> Tue 7 Apr, except in Scotland.
    for nation in ("england", "wales", "northern-ireland"):
        assert due(D(2026, 3, 6), nation) == D(2026, 4, 7), nation
    assert due(D(2026, 3, 6), "scotland") == D(2026, 4, 6)


def test_christmas_and_new_year_runs() -> None:
    # Wed 25 Nov 2026 -> Fri 25 Dec (Christmas), Sat 26, Sun 27, Mon 28 (Boxing Day substitute)
    # -> Tue 29 Dec 2026.
    a = run(received(D(2026, 11, 25)))
    assert a.due_on == D(2026, 12, 29)
    assert ("a bank holiday in England (Christmas Day), and so is Mon 28 Dec 2026 "
            "(Boxing Day (observed)), so the next working day: Tue 29 Dec 2026") in a.explanation[2]
    # 2027: Sat 25 Dec, Sun 26, Mon 27 and Tue 28 are substitutes -> Wed 29 Dec 2027.
    assert due(D(2027, 11, 25)) == D(2027, 12, 29)
    # Tue 1 Dec 2026 -> Fri 1 Jan 2027 (New Year) -> Sat, Sun -> Mon 4 Jan 2027 in England; in
    # Scotland Sat 2 Jan is a holiday too, its substitute is Mon 4 Jan -> Tue 5 Jan 2027.
    assert due(D(2026, 12, 1), "england") == D(2027, 1, 4)
    assert due(D(2026, 12, 1), "scotland") == D(2027, 1, 5)


def test_next_working_day_and_cache() -> None:
    assert next_working_day(D(2026, 11, 26), "england") == D(2026, 11, 26)  # a Thursday
    assert next_working_day(D(2026, 11, 28), "england") == D(2026, 11, 30)  # Sat -> Mon
    assert holidays_in("wales", 2026) is holidays_in("wales", 2026)  # built once, then cached


def test_holidays_is_not_imported_by_the_engine_until_needed() -> None:
    code = "import sys, dsar.deadlines, dsar.cli; print('holidays' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- Deemed receipt (uk-law.md: when only the posting date is known) ---------------------------

def test_deemed_receipt_email_online_form_hand_same_day_even_on_a_weekend() -> None:
    for via in ("email", "online-form", "hand"):
        assert deemed_receipt(D(2026, 3, 7), via, "england")[0] == D(2026, 3, 7)  # Sat 7 Mar
    _day, why = deemed_receipt(D(2026, 3, 7), "email", "england")
    assert why == "The request was sent by email on Sat 7 Mar 2026, so treated as received that day."


def test_deemed_receipt_post_over_a_weekend() -> None:
    # Posted Fri 6 Mar 2026: working days after it are Mon 9 (1st), Tue 10 (2nd), Wed 11 (3rd).
    assert deemed_receipt(D(2026, 3, 6), "post-first", "england")[0] == D(2026, 3, 10)
    assert deemed_receipt(D(2026, 3, 6), "post-second", "england")[0] == D(2026, 3, 11)


def test_deemed_receipt_post_over_easter() -> None:
    # Posted Thu 2 Apr 2026. England: Fri 3 (Good Friday), Sat, Sun, Mon 6 (Easter Monday) do not
    # count; Tue 7 is the 1st working day, Wed 8 the 2nd, Thu 9 the 3rd.
    # Scotland has no Easter Monday holiday: Mon 6 (1st), Tue 7 (2nd), Wed 8 (3rd).
    assert deemed_receipt(D(2026, 4, 2), "post-first", "england")[0] == D(2026, 4, 8)
    assert deemed_receipt(D(2026, 4, 2), "post-second", "england")[0] == D(2026, 4, 9)
    assert deemed_receipt(D(2026, 4, 2), "post-first", "scotland")[0] == D(2026, 4, 7)
    _day, why = deemed_receipt(D(2026, 4, 2), "post-first", "england")
    assert why.startswith("The request was sent by first-class post on Thu 2 Apr 2026; treated as "
                          "received on the 2nd working day after posting: Wed 8 Apr 2026")


def test_sent_without_a_way_is_treated_as_second_class_post() -> None:
    a = run(Event("sent", D(2026, 3, 6)))
    assert a.received_on == D(2026, 3, 11)  # like post-second: Wed 11 Mar
    assert "how it was sent is not recorded" in a.explanation[0]


def test_received_event_overrides_sent() -> None:
    a = run(Event("sent", D(2026, 3, 6), via="post-second"), received(D(2026, 3, 9)))
    assert a.received_on == D(2026, 3, 9)
    assert a.due_on == D(2026, 4, 9)  # Mon 9 Mar -> Thu 9 Apr 2026


def test_sent_by_post_drives_the_deadline() -> None:
    # Posted Fri 6 Mar 2026 first class -> received Tue 10 Mar -> Fri 10 Apr 2026 (a working day:
    # Good Friday 2026 is 3 Apr).
    a = run(Event("sent", D(2026, 3, 6), via="post-first"))
    assert (a.received_on, a.relevant_time, a.due_on) == (D(2026, 3, 10), D(2026, 3, 10), D(2026, 4, 10))


def test_working_days_after_never_counts_the_day_itself() -> None:
    assert working_days_after(D(2026, 3, 9), 1, "england") == D(2026, 3, 10)
    assert working_days_after(D(2026, 3, 9), 0, "england") == D(2026, 3, 9)


# --- Draft ------------------------------------------------------------------------------------

def test_no_sent_or_received_is_a_draft_with_no_deadline() -> None:
    a = run(Event("drafted", D(2026, 11, 20)))
    assert (a.status, a.action, a.next_step) == ("draft", "send", "Send the letter")
    assert a.due_on is None and a.received_on is None and a.relevant_time is None
    assert a.explanation[0] == "Letter made on Fri 20 Nov 2026."
    assert run().status == "draft"


# --- Relevant time: ID and fee (Art 12A(2); s.54(3)) --------------------------------------------

def test_id_requested_then_provided_by_post_starts_the_clock_on_its_arrival() -> None:
    # Received Sun 1 Mar 2026; ID asked for Tue 3 Mar; ID posted second class Fri 20 Mar -> arrives
    # Wed 25 Mar (Mon 23, Tue 24, Wed 25) -> one month: Sat 25 Apr -> Mon 27 Apr 2026.
    a = run(received(D(2026, 3, 1)), Event("id-requested", D(2026, 3, 3)),
            Event("id-provided", D(2026, 3, 20), via="post-second"))
    assert (a.relevant_time, a.due_on) == (D(2026, 3, 25), D(2026, 4, 27))
    assert ("ID received Wed 25 Mar 2026; one month later: Sat 25 Apr 2026; a weekend, so the next "
            "working day: Mon 27 Apr 2026 (UK GDPR Art 12A(1); ICO guidance on counting a month).") in a.explanation


def test_id_provided_by_email() -> None:
    # ID emailed Fri 20 Mar 2026 -> relevant time that day -> Mon 20 Apr 2026.
    a = run(received(D(2026, 3, 1)), Event("id-requested", D(2026, 3, 3)),
            Event("id-provided", D(2026, 3, 20), via="email"))
    assert (a.relevant_time, a.due_on) == (D(2026, 3, 20), D(2026, 4, 20))


def test_awaiting_id_has_no_deadline_and_the_move_is_the_requesters() -> None:
    a = run(received(D(2026, 3, 1)), Event("id-requested", D(2026, 3, 3)))
    assert (a.status, a.action) == ("awaiting-id", "send-id")
    assert a.next_step == "Send the ID they asked for on Tue 3 Mar 2026"
    assert a.due_on is None and a.relevant_time is None and a.days_overdue == 0


def test_id_provided_without_being_asked_does_not_move_the_clock() -> None:
    a = run(received(D(2026, 3, 2)), Event("id-provided", D(2026, 3, 20), via="email"))
    assert (a.relevant_time, a.due_on) == (D(2026, 3, 2), D(2026, 4, 2))
    assert any("without being asked" in line for line in a.explanation)


def test_second_id_request_after_the_first_was_answered_waits_again() -> None:
    a = run(received(D(2026, 3, 1)), Event("id-requested", D(2026, 3, 3)),
            Event("id-provided", D(2026, 3, 5), via="email"), Event("id-requested", D(2026, 3, 10)))
    assert a.status == "awaiting-id"


def test_fee_paid_starts_the_clock_on_payment() -> None:
    # Received Sun 1 Mar 2026; fee asked Thu 5 Mar; paid Tue 10 Mar -> Fri 10 Apr 2026.
    a = run(received(D(2026, 3, 1)), Event("fee-requested", D(2026, 3, 5)), Event("fee-paid", D(2026, 3, 10)))
    assert (a.relevant_time, a.due_on) == (D(2026, 3, 10), D(2026, 4, 10))


def test_awaiting_fee() -> None:
    a = run(received(D(2026, 3, 1)), Event("fee-requested", D(2026, 3, 5)))
    assert (a.status, a.action, a.due_on) == ("awaiting-fee", "pay-fee", None)
    assert a.next_step.startswith("Pay the fee they asked for on Thu 5 Mar 2026, or challenge it")


def test_relevant_time_is_the_latest_of_id_and_fee() -> None:
    # ID emailed Mon 9 Mar, fee paid Wed 11 Mar -> relevant time Wed 11 Mar -> Sat 11 Apr -> Mon 13 Apr.
    a = run(received(D(2026, 3, 2)), Event("id-requested", D(2026, 3, 3)),
            Event("fee-requested", D(2026, 3, 3)), Event("id-provided", D(2026, 3, 9), via="email"),
            Event("fee-paid", D(2026, 3, 11)))
    assert (a.relevant_time, a.due_on) == (D(2026, 3, 11), D(2026, 4, 13))


# --- Clarification pause (Art 12A(5); s.54(3C)) -------------------------------------------------

def clarified(asked: date, given: date, *more: Event, kind: str = "access",
              nation: str = "england") -> Assessment:
    return run(received(D(2026, 3, 2)), Event("clarification-requested", asked),
               Event("clarification-provided", given, via="email"), *more, kind=kind, nation=nation)


def test_pause_days_both_included_push_then_roll() -> None:
    # Received Mon 2 Mar 2026 -> raw month Thu 2 Apr. Paused Tue 10 - Fri 13 Mar: 4 days, both
    # ends included -> Mon 6 Apr, Easter Monday in England -> Tue 7 Apr 2026. (Rolling first would
    # give Thu 2 Apr + 4 = Mon 6 Apr, a bank holiday: the engine pushes first, then rolls.)
    a = clarified(D(2026, 3, 10), D(2026, 3, 13))
    assert a.due_on == D(2026, 4, 7)
    assert ("Clarification asked for on Tue 10 Mar 2026 and received Fri 13 Mar 2026: 4 days, both "
            "included, do not count (UK GDPR Art 12A(5)).") in a.explanation
    assert ("Received Mon 2 Mar 2026; one month later: Thu 2 Apr 2026; plus 4 paused days: Mon 6 Apr 2026; "
            "a bank holiday in England (Easter Monday), so the next working day: Tue 7 Apr 2026 "
            "(UK GDPR Art 12A(1); ICO guidance on counting a month).") in a.explanation
    # Scotland: Mon 6 Apr is a working day.
    assert clarified(D(2026, 3, 10), D(2026, 3, 13), nation="scotland").due_on == D(2026, 4, 6)


def test_pause_of_one_day_when_asked_and_answered_the_same_day() -> None:
    # Thu 2 Apr + 1 day = Fri 3 Apr, Good Friday -> Sat, Sun, Mon 6 (Easter Monday) -> Tue 7 Apr.
    assert clarified(D(2026, 3, 10), D(2026, 3, 10)).due_on == D(2026, 4, 7)


def test_pause_answer_by_post_counts_until_it_arrives() -> None:
    # Asked Tue 10 Mar; answer posted first class Thu 12 Mar -> arrives Mon 16 Mar (Fri 13, Mon 16):
    # 10..16 Mar = 7 days -> Thu 2 Apr + 7 = Thu 9 Apr 2026, a working day.
    a = run(received(D(2026, 3, 2)), Event("clarification-requested", D(2026, 3, 10)),
            Event("clarification-provided", D(2026, 3, 12), via="post-first"))
    assert a.due_on == D(2026, 4, 9)
    assert ("Clarification asked for on Tue 10 Mar 2026 and received Mon 16 Mar 2026 (sent by first-class "
            "post on Thu 12 Mar 2026, treated as arriving on the 2nd working day after): 7 days, both "
            "included, do not count (UK GDPR Art 12A(5)).") in a.explanation


def test_awaiting_clarification_stops_the_clock() -> None:
    a = run(received(D(2026, 3, 1)), Event("clarification-requested", D(2026, 3, 3)))
    assert (a.status, a.action, a.due_on, a.clock_stopped_on) == (
        "awaiting-clarification", "clarify", None, D(2026, 3, 3))
    assert a.next_step == "Send the details they asked for on Tue 3 Mar 2026; their clock stopped that day"


def test_erasure_requests_do_not_pause() -> None:
    a = clarified(D(2026, 3, 10), D(2026, 3, 13), kind="erasure")
    assert a.due_on == D(2026, 4, 2)
    assert any("the pause applies only to access requests" in line for line in a.explanation)
    waiting = run(received(D(2026, 11, 2)), Event("clarification-requested", D(2026, 11, 3)), kind="erasure")
    assert (waiting.status, waiting.action, waiting.due_on) == ("waiting", "clarify", D(2026, 12, 2))


def test_clarification_asked_after_the_deadline_does_not_pause() -> None:
    # Due Thu 2 Apr 2026; asking on Fri 10 Apr cannot pause a period that has ended.
    a = clarified(D(2026, 4, 10), D(2026, 4, 12))
    assert a.due_on == D(2026, 4, 2)
    assert any("after the period had ended on Thu 2 Apr 2026" in line for line in a.explanation)


def test_two_pauses_add_up() -> None:
    # 2 days (Tue 10 - Wed 11 Mar) + 3 days (Mon 16 - Wed 18 Mar) = 5 -> Thu 2 Apr + 5 = Tue 7 Apr.
    a = run(received(D(2026, 3, 2)),
            Event("clarification-requested", D(2026, 3, 10)), Event("clarification-provided", D(2026, 3, 11), via="email"),
            Event("clarification-requested", D(2026, 3, 16)), Event("clarification-provided", D(2026, 3, 18), via="email"))
    assert a.due_on == D(2026, 4, 7)


# --- Extension (Art 12A(3)-(4); s.54(3A)-(3B)) --------------------------------------------------

def test_timely_extension_gives_three_months() -> None:
    # Received Tue 1 Sep 2026 -> first month ends Thu 1 Oct. Notice on Thu 1 Oct (the last day) is
    # timely -> three months: Tue 1 Dec 2026, a working day.
    a = run(received(D(2026, 9, 1)), Event("extended", D(2026, 10, 1)))
    assert a.due_on == D(2026, 12, 1)
    assert (a.status, a.action) == ("waiting", "wait")


def test_late_extension_does_not_extend_and_says_so() -> None:
    # Notice on Fri 2 Oct 2026, after the first month ended Thu 1 Oct: due stays Thu 1 Oct.
    a = run(received(D(2026, 9, 1)), Event("extended", D(2026, 10, 2)))
    assert a.due_on == D(2026, 10, 1)
    assert a.status == "overdue" and a.days_overdue == 56  # 1 Oct -> 26 Nov 2026: 30 + 26
    assert ("They gave notice of an extension on Fri 2 Oct 2026, after the first month ended on "
            "Thu 1 Oct 2026, so it does not extend the deadline (UK GDPR Art 12A(3)-(4): notice "
            "must come within the first month).") in a.explanation


def test_extension_with_a_pause_adds_the_paused_days_to_both_periods() -> None:
    # Received Mon 2 Mar 2026; paused Tue 10 - Fri 13 Mar (4 days) -> first month ends Tue 7 Apr
    # (see the pause test). Notice on Tue 7 Apr: timely only because of the pause.
    # Three months: Tue 2 Jun + 4 = Sat 6 Jun -> Mon 8 Jun 2026.
    a = clarified(D(2026, 3, 10), D(2026, 3, 13), Event("extended", D(2026, 4, 7)))
    assert a.due_on == D(2026, 6, 8)


def test_extension_applies_to_erasure_and_part_3_too() -> None:
    a = run(received(D(2026, 9, 1)), Event("extended", D(2026, 9, 20)), kind="erasure", regimes=("dpa-part-3",))
    assert a.due_on == D(2026, 12, 1)
    assert any("DPA 2018 s.54(3A)-(3B) as amended by DUAA 2025 s.76" in line for line in a.explanation)


# --- Requests received before 5 February 2026 ---------------------------------------------------

def test_4_february_2026_old_rules_5_february_new_rules() -> None:
    # Clarification Tue 10 - Thu 12 Feb 2026 (3 days).
    # Received Wed 4 Feb (old rules): UK GDPR paused by ICO practice (uk-law-addendum.md point 5):
    # Wed 4 Mar + 3 = Sat 7 Mar -> Mon 9 Mar 2026. Part 3 had no pause: Wed 4 Mar 2026.
    # Received Thu 5 Feb (new rules): Thu 5 Mar + 3 = Sun 8 Mar -> Mon 9 Mar 2026, both regimes.
    ask = Event("clarification-requested", D(2026, 2, 10))
    give = Event("clarification-provided", D(2026, 2, 12), via="email")
    old = run(received(D(2026, 2, 4)), ask, give)
    new = run(received(D(2026, 2, 5)), ask, give)
    assert (old.rules, old.due_on, old.part3_due_on) == ("pre-2026", D(2026, 3, 9), None)
    assert (new.rules, new.due_on) == ("2026", D(2026, 3, 9))
    assert any("UK GDPR, ICO practice before 5 Feb 2026; never under DPA 2018 Part 3" in line
               for line in old.explanation)
    part3 = run(received(D(2026, 2, 4)), ask, give, regimes=("dpa-part-3",))
    assert (part3.due_on, part3.part3_due_on) == (D(2026, 3, 4), None)
    assert any("before 5 Feb 2026 DPA 2018 Part 3 had no clarification pause" in line
               for line in part3.explanation)
    new3 = run(received(D(2026, 2, 5)), ask, give, regimes=("dpa-part-3",))
    assert new3.due_on == D(2026, 3, 9)  # s.54(3C) pauses Part 3 from 5 Feb 2026


def test_old_rules_both_regimes_give_the_part_3_date_apart_and_it_decides_lateness() -> None:
    """Issue 11 item 10: a police request before 5 Feb 2026 showed only the later UK GDPR date."""
    ask = Event("clarification-requested", D(2026, 2, 10))
    give = Event("clarification-provided", D(2026, 2, 12), via="email")
    both = ("uk-gdpr", "dpa-part-3")
    waiting = run(received(D(2026, 2, 4)), ask, give, regimes=both, today=D(2026, 3, 3))
    assert (waiting.due_on, waiting.part3_due_on, waiting.status) == (D(2026, 3, 9), D(2026, 3, 4), "waiting")
    assert waiting.next_step == ("Wait: the answer is due on Wed 4 Mar 2026 for the data under DPA 2018 Part 3 "
                                 "(the rest: Mon 9 Mar 2026)")
    late = run(received(D(2026, 2, 4)), ask, give, regimes=both, today=D(2026, 3, 6))
    assert (late.status, late.action, late.days_overdue) == ("overdue", "chase", 2)
    assert late.next_step == "Chase them: the answer was due on Wed 4 Mar 2026 for the data under DPA 2018 Part 3"
    assert any("so for data processed under Part 3 the answer was due one month from Wed 4 Feb 2026: "
               "Wed 4 Mar 2026" in line for line in late.explanation)
    # while the UK GDPR clock is stopped, the Part 3 one runs on
    open_ask = run(received(D(2026, 2, 4)), ask, regimes=both, today=D(2026, 3, 1))
    assert (open_ask.status, open_ask.due_on, open_ask.part3_due_on) == (
        "awaiting-clarification", None, D(2026, 3, 4))
    after = run(received(D(2026, 2, 4)), ask, regimes=both, today=D(2026, 3, 5))
    assert (after.status, after.days_overdue) == ("overdue", 1)


def test_posted_before_5_february_but_deemed_received_on_it_gets_the_new_rules() -> None:
    # Posted first class Tue 3 Feb 2026 -> Wed 4 (1st), Thu 5 Feb (2nd working day): new rules.
    assert run(Event("sent", D(2026, 2, 3), via="post-first")).rules == "2026"


def test_old_rules_extension_two_more_months_under_uk_gdpr_none_under_part_3() -> None:
    # Received Mon 1 Sep 2025; notice Fri 5 Sep 2025 (within the month).
    # UK GDPR: three months -> Mon 1 Dec 2025. Part 3 alone: no extension -> Wed 1 Oct 2025.
    # Both regimes: the later date any applicable rule allows -> Mon 1 Dec 2025, and it says so.
    events = (received(D(2025, 9, 1)), Event("extended", D(2025, 9, 5)))
    assert run(*events, regimes=("uk-gdpr",)).due_on == D(2025, 12, 1)
    part3 = run(*events, regimes=("dpa-part-3",))
    assert part3.due_on == D(2025, 10, 1)
    assert any("DPA 2018 Part 3 allowed no extension" in line for line in part3.explanation)
    both = run(*events, regimes=("uk-gdpr", "dpa-part-3"))
    assert (both.due_on, both.part3_due_on) == (D(2025, 12, 1), D(2025, 10, 1))
    assert any("as either may apply, the later date is the deadline" in line for line in both.explanation)


def test_old_rules_christmas_run() -> None:
    # Tue 25 Nov 2025 -> Thu 25 Dec 2025 (Christmas), Fri 26 (Boxing Day), Sat, Sun -> Mon 29 Dec 2025.
    assert due(D(2025, 11, 25)) == D(2025, 12, 29)


# --- Complaints to the controller (DPA 2018 s.164A, from 19 June 2026) ----------------------------

def test_s164a_acknowledgement_due_30_days_beginning_with_receipt() -> None:
    # Complaint emailed Thu 1 Oct 2026: day 1 is 1 Oct, day 30 is Fri 30 Oct 2026.
    a = run(received(D(2026, 3, 2)), Event("complaint-sent", D(2026, 10, 1), via="email"))
    assert a.complaint_ack_due == D(2026, 10, 30)
    assert (a.status, a.action) == ("complaint-open", "complain-ico")  # today 26 Nov: no acknowledgement
    # The ICO expects a complaint within three months of the last contact (Thu 1 Oct) -> Fri 1 Jan 2027.
    assert a.next_step == "Complain to the ICO (DPA 2018 s.165) by Fri 1 Jan 2027"


def test_s164a_waits_until_the_acknowledgement_date_has_passed() -> None:
    # Emailed Sun 1 Nov 2026 -> acknowledgement due Mon 30 Nov 2026; today Thu 26 Nov: wait.
    a = run(received(D(2026, 3, 2)), Event("complaint-sent", D(2026, 11, 1), via="email"))
    assert (a.complaint_ack_due, a.status, a.action) == (D(2026, 11, 30), "complaint-open", "wait")
    assert a.next_step == ("Wait: if they have not acknowledged your complaint by Mon 30 Nov 2026, "
                           "complain to the ICO (DPA 2018 s.165)")
    assert run(received(D(2026, 3, 2)), Event("complaint-sent", D(2026, 11, 1), via="email"),
               today=D(2026, 12, 1)).action == "complain-ico"


def test_s164a_starts_19_june_2026_by_the_day_the_complaint_arrives() -> None:
    # Posted first class Tue 16 Jun 2026 -> arrives Thu 18 Jun: before s.164A, no statutory date.
    # Posted first class Wed 17 Jun -> arrives Fri 19 Jun -> acknowledgement due Sat 18 Jul 2026.
    early = run(received(D(2026, 3, 2)), Event("complaint-sent", D(2026, 6, 16), via="post-first"))
    later = run(received(D(2026, 3, 2)), Event("complaint-sent", D(2026, 6, 17), via="post-first"))
    assert early.complaint_ack_due is None
    assert any("before 19 Jun 2026" in line for line in early.explanation)
    assert later.complaint_ack_due == D(2026, 7, 18)


def test_acknowledged_complaint_with_no_outcome_after_30_days_goes_to_the_ico() -> None:
    events = (received(D(2026, 3, 2)), Event("complaint-sent", D(2026, 11, 1), via="email"),
              Event("complaint-acknowledged", D(2026, 11, 5)))
    assert run(*events).action == "wait"  # 21 days after the acknowledgement
    assert run(*events, today=D(2026, 12, 5)).action == "complain-ico"  # 30 days after


# --- Next-step table -------------------------------------------------------------------------

R = received(D(2026, 3, 2))  # due Thu 2 Apr 2026; today Thu 26 Nov 2026


@pytest.mark.parametrize(
    ("events", "today", "status", "action", "next_step"),
    [
        ((), TODAY, "draft", "send", "Send the letter"),
        ((R,), D(2026, 4, 2), "waiting", "wait", "Wait: the answer is due on Thu 2 Apr 2026"),
        ((R,), D(2026, 4, 3), "overdue", "chase", "Chase them: the answer was due on Thu 2 Apr 2026"),
        ((R, Event("chase-sent", D(2026, 3, 20))), TODAY, "overdue", "chase",
         "Chase them: the answer was due on Thu 2 Apr 2026"),  # a reminder before the deadline is no chaser
        ((R, Event("chase-sent", D(2026, 11, 20))), TODAY, "overdue", "wait",
         "Wait for an answer to your chaser until Fri 4 Dec 2026; then complain"),
        ((R, Event("chase-sent", D(2026, 11, 12))), TODAY, "overdue", "wait",
         "Wait for an answer to your chaser until Thu 26 Nov 2026; then complain"),  # 12 Nov + 14 = 26 Nov, the chaser's final date
        ((R, Event("chase-sent", D(2026, 11, 11))), TODAY, "overdue", "complain",
         "Complain to the organisation (DPA 2018 s.164A)"),  # 11 Nov + 14 = 25 Nov has passed
        ((R, Event("chase-sent", D(2026, 4, 10))), D(2026, 4, 20), "overdue", "wait",
         "Wait for an answer to your chaser until Fri 24 Apr 2026; then complain"),
        ((R, Event("chase-sent", D(2026, 4, 10))), D(2026, 5, 1), "overdue", "complain",
         "Complain to the organisation (the ICO expects this first)"),  # before s.164A came into force
        ((R, Event("partial-response", D(2026, 3, 30), data={"missing": ["copy", "logic"]})), TODAY,
         "partial", "chase", "Chase them for the missing parts: copy, logic"),
        ((R, Event("partial-response", D(2026, 3, 30)), Event("chase-sent", D(2026, 11, 1))), TODAY,
         "partial", "complain", "Complain to the organisation (DPA 2018 s.164A)"),
        ((R, Event("refused", D(2026, 3, 30))), TODAY, "refused", "ask-reasons",
         "Ask for their reasons (UK GDPR Art 12(4)), or complain to the organisation (DPA 2018 s.164A)"),
        ((R, Event("refused", D(2026, 3, 30)), Event("reasons-requested", D(2026, 11, 20))), TODAY,
         "refused", "wait", "Wait for an answer to your request for reasons until Fri 4 Dec 2026; then complain"),
        ((R, Event("responded", D(2026, 3, 30))), TODAY, "answered", "none",
         "Nothing to do: they answered on Mon 30 Mar 2026"),
        ((R, Event("ico-complaint", D(2026, 10, 1))), TODAY, "ico-complaint", "wait",
         "Wait for the ICO: you complained to it on Thu 1 Oct 2026"),
        ((R, Event("responded", D(2026, 3, 30)), Event("closed", D(2026, 4, 1))), TODAY, "closed", "none",
         "Nothing to do: closed on Wed 1 Apr 2026"),
        ((R, Event("responded", D(2026, 3, 30)), Event("complaint-sent", D(2026, 11, 20), via="email")), TODAY,
         "complaint-open", "wait",
         "Wait: if they have not acknowledged your complaint by Sat 19 Dec 2026, complain to the ICO (DPA 2018 s.165)"),
    ],
)
def test_next_step_table(events: tuple[Event, ...], today: date, status: str, action: str, next_step: str) -> None:
    a = run(*events, today=today)
    assert (a.status, a.action, a.next_step) == (status, action, next_step)
    assert a.status in STATUSES and a.action in ACTIONS


def test_refusal_cites_part_3_sections_for_police() -> None:
    a = run(R, Event("refused", D(2026, 3, 30)), regimes=("uk-gdpr", "dpa-part-3"))
    assert a.next_step.startswith(
        "Ask for their reasons (UK GDPR Art 12(4); DPA 2018 s.45(5) for access, s.48 for erasure)")


def test_overdue_only_after_the_due_date() -> None:
    assert run(R, today=D(2026, 4, 2)).days_overdue == 0
    assert run(R, today=D(2026, 4, 3)).days_overdue == 1
    assert run(R, Event("responded", D(2026, 5, 1)), today=D(2026, 5, 5)).days_overdue == 0


def test_same_day_events_later_record_wins() -> None:
    a = run(R, Event("responded", D(2026, 3, 30)), Event("complaint-sent", D(2026, 3, 30), via="email"),
            today=D(2026, 4, 1))
    assert a.status == "complaint-open"


def test_assess_without_explanation_gives_the_same_answer() -> None:
    events = (R, Event("clarification-requested", D(2026, 3, 10)),
              Event("clarification-provided", D(2026, 3, 13), via="email"), Event("extended", D(2026, 4, 7)))
    full = assess(events, nation="england", kind="access", regimes=["uk-gdpr"], today=TODAY)
    bare = assess(events, nation="england", kind="access", regimes=["uk-gdpr"], today=TODAY, explain=False)
    assert bare.explanation == ()
    assert full.explanation
    assert bare == dataclasses.replace(full, explanation=())
    with pytest.raises(dataclasses.FrozenInstanceError):
        bare.status = "closed"  # type: ignore[misc]


def test_every_rule_line_names_its_source() -> None:
    a = clarified(D(2026, 3, 10), D(2026, 3, 13), Event("extended", D(2026, 4, 7)))
    rules = [line for line in a.explanation[1:] if not line.startswith("Today,")]
    assert len(rules) == 4
    for line in rules:
        assert "UK GDPR Art 12" in line, line
    assert a.explanation[-1] == "Today, Thu 26 Nov 2026, is 171 days after Mon 8 Jun 2026: overdue."


def test_format_day() -> None:
    assert format_day(D(2026, 3, 2)) == "Mon 2 Mar 2026"
    assert format_day(D(2027, 12, 31)) == "Fri 31 Dec 2027"


# --- Bad input: exact messages -------------------------------------------------------------------

def test_unknown_nation() -> None:
    with pytest.raises(DsarError) as err:
        run(R, nation="cornwall")
    assert err.value.message == 'unknown nation "cornwall": use england, wales, scotland or northern-ireland'


def test_unknown_event_and_via() -> None:
    with pytest.raises(DsarError) as err:
        Event("posted", D(2026, 3, 2))
    assert err.value.message == f'unknown event "posted": use one of {", ".join(EVENTS)}'
    with pytest.raises(DsarError) as err:
        Event("sent", D(2026, 3, 2), via="pigeon")
    assert err.value.message == ('unknown way of sending "pigeon": use one of email, online-form, '
                                 "post-first, post-second, hand")


def test_unknown_or_missing_regime() -> None:
    with pytest.raises(DsarError) as err:
        run(R, regimes=("gdpr",))
    assert err.value.message == 'unknown regime "gdpr": use uk-gdpr or dpa-part-3'
    with pytest.raises(DsarError) as err:
        run(R, regimes=())
    assert err.value.message == "no regime given: use uk-gdpr, dpa-part-3 or both"


def test_rows_with_the_right_attributes_are_accepted() -> None:
    class Row:
        def __init__(self, kind: str, on: date, via: str | None = None) -> None:
            self.kind, self.on, self.via = kind, on, via
            self.data: dict[str, object] = {}

    a = assess([Row("sent", D(2026, 3, 6), "post-first")], nation="wales", kind="access",
               regimes=["uk-gdpr"], today=TODAY)
    assert a.due_on == D(2026, 4, 10)
    with pytest.raises(DsarError):
        assess([Row("posted", D(2026, 3, 6))], nation="wales", kind="access", regimes=["uk-gdpr"], today=TODAY)


# --- The README's worked example (readme-parts/deadlines.md), word for word -----------------------

def test_readme_police_example_and_its_scottish_twin() -> None:
    # Posted first class Thu 26 Feb 2026 -> Fri 27 (1st), Mon 2 Mar (2nd working day): received.
    # Paused Tue 10 - Fri 13 Mar: 4 days. First month: Thu 2 Apr + 4 = Mon 6 Apr (Easter Monday in
    # England) -> Tue 7 Apr, so the notice of Tue 7 Apr is in time. Three months: Tue 2 Jun + 4 =
    # Sat 6 Jun -> Mon 8 Jun 2026. In Scotland Mon 6 Apr is a working day: the notice is a day late.
    events = [Event("sent", D(2026, 2, 26), via="post-first"),
              Event("clarification-requested", D(2026, 3, 10)),
              Event("clarification-provided", D(2026, 3, 13), via="email"),
              Event("extended", D(2026, 4, 7))]
    both = ["uk-gdpr", "dpa-part-3"]
    a = assess(events, nation="england", kind="access", regimes=both, today=D(2026, 5, 20))
    assert (a.status, a.action, a.due_on) == ("waiting", "wait", D(2026, 6, 8))
    assert a.explanation == (
        "The request was sent by first-class post on Thu 26 Feb 2026; treated as received on the 2nd "
        "working day after posting: Mon 2 Mar 2026 (a cautious assumption, so a reply is never called "
        "late too early; record the real date if you know it).",
        "Received on or after 5 Feb 2026, so the rules in force since then apply (UK GDPR Art 12A; "
        "DPA 2018 s.54 as amended by DUAA 2025 s.76).",
        "Clarification asked for on Tue 10 Mar 2026 and received Fri 13 Mar 2026: 4 days, both included, "
        "do not count (UK GDPR Art 12A(5); DPA 2018 s.54(3C) as amended by DUAA 2025 s.76).",
        "They gave notice of an extension on Tue 7 Apr 2026, within the first month (by Tue 7 Apr 2026), "
        "so the period is three months (UK GDPR Art 12A(3)-(4); DPA 2018 s.54(3A)-(3B) as amended by "
        "DUAA 2025 s.76); the notice must give reasons.",
        "Received Mon 2 Mar 2026; three months later: Tue 2 Jun 2026; plus 4 paused days: Sat 6 Jun 2026; "
        "a weekend, so the next working day: Mon 8 Jun 2026 (UK GDPR Art 12A(3); DPA 2018 s.54(3A) as "
        "amended by DUAA 2025 s.76; ICO guidance on counting a month).",
        "Today, Wed 20 May 2026, is not after Mon 8 Jun 2026: not overdue yet.",
    )
    scot = assess(events, nation="scotland", kind="access", regimes=both, today=D(2026, 5, 20))
    assert (scot.status, scot.due_on) == ("overdue", D(2026, 4, 6))
    assert any("after the first month ended on Mon 6 Apr 2026, so it does not extend" in line
               for line in scot.explanation)
