"""The period arithmetic: months, working days, deemed receipt, and paused days.

- A month: the corresponding date next month, or the last day of that month when there
  is none (ICO guidance on counting a month; uk-law.md "Deadlines" rule 5; UK GDPR
  Art 4A and DPA 2018 s.205(2): Regulation 1182/71 Art 3, uk-law-addendum.md point 4).
- A weekend or bank holiday of the controller's nation: the next working day (ICO guidance).
- Deemed receipt: email, online form or hand, the day sent; first-class post, the 2nd
  working day after posting; second class or not recorded, the 3rd (uk-law.md, "When only
  the posting date is known": a cautious assumption, it can only make a deadline later).
- Paused days (clarification): both ends included, added to the raw month date, and then
  the working-day roll (which rules allow a pause: dsar.deadlines.rules_2026, old_rules).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dsar.bank_holidays import (
    NATION_NAMES,
    check_nation,
    holiday_name,
    next_working_day,
    why_not_working,
    working_days_after,
)
from dsar.deadlines.vocabulary import (
    _DAY_NAMES,
    _MONTH_NAMES,
    _ONE_DAY,
    _VIA_WORDS,
    USER_CAUTION,
    USER_SAFE,
    EventLike,
    check_event,
)


def format_day(day: date) -> str:
    """"Mon 2 Mar 2026", whatever the locale."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


@cache
def months_after(start: date, months: int) -> date:
    """The corresponding date `months` later, or the last day of that month if there is none.

    ICO guidance on counting a month (uk-law.md, Deadlines, rule 5).
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def one_month_after(start: date) -> date:
    """The corresponding date next month, or the last day of next month if there is none."""
    return months_after(start, 1)


def _months_words(start: date, months: int) -> str:
    """"one month later: Thu 2 Apr 2026" or "... has no 31 Feb, so the last day, Sat 28 Feb 2026"."""
    end = months_after(start, months)
    label = "one month later" if months == 1 else f"{_number(months)} months later"
    if end.day == start.day:
        return f"{label}: {format_day(end)}"
    return (f"{label} has no {start.day} {_MONTH_NAMES[end.month - 1]}, so the last day, "
            f"{format_day(end)}")


def _roll_words(raw: date, nation: str) -> str:
    """"; a weekend, so the next working day: Mon 2 Mar 2026", or "; a working day in England"."""
    due = next_working_day(raw, nation)
    if due == raw:
        return f"; a working day in {NATION_NAMES[nation]}"
    also = []
    day = raw + _ONE_DAY
    while day < due:
        name = holiday_name(day, nation)
        if name is not None and day.weekday() < 5:
            also.append(f"{format_day(day)} ({name})")
        day += _ONE_DAY
    tail = f", and so is {' and '.join(also)}" if also else ""
    return f"; {why_not_working(raw, nation)}{tail}, so the next working day: {format_day(due)}"


def _number(n: int) -> str:
    return {1: "one", 2: "two", 3: "three"}.get(n, str(n))


# ---------------------------------------------------------------------------------------
# Receipt


@cache
def _arrival(on: date, via: str | None, nation: str) -> date:
    if via in ("email", "online-form", "hand"):
        return on
    if via == "post-first":
        return working_days_after(on, 2, nation)
    return working_days_after(on, 3, nation)  # second class, or not recorded


def _arrival_words(what: str, on: date, via: str | None, arrived: date) -> str:
    """One explanation line for a deemed arrival."""
    if via in ("email", "online-form", "hand"):
        return f"{what} sent {_VIA_WORDS[via]} on {format_day(on)}, so treated as received that day."
    if via is None:
        how = (f"how it was sent is not recorded, so{USER_SAFE} it is treated as second-class post: "
               "received on the 3rd working day after")
    elif via == "post-first":
        how = "treated as received on the 2nd working day after posting"
    else:
        how = "treated as received on the 3rd working day after posting"
    return (f"{what} sent {_VIA_WORDS.get(via or '', '')} on {format_day(on)}; {how}: "
            f"{format_day(arrived)}{USER_CAUTION}.").replace("sent  on", "sent on")


def deemed_receipt(sent_on: date, via: str | None, nation: str) -> tuple[date, str]:
    """When a letter sent on `sent_on` by `via` is treated as received, and why.

    Email, online form and hand delivery: the day sent. First-class post: the 2nd working day
    after posting; second class (or not recorded): the 3rd (uk-law.md, Deadlines). Never
    earlier than `sent_on`.
    """
    check_nation(nation)
    check_event("sent", via)
    arrived = _arrival(sent_on, via, nation)
    return arrived, _arrival_words("The request was", sent_on, via, arrived)


def working_lines(explanation: Sequence[str]) -> list[str]:
    """The lines of an explanation that work out the deadline (receipt .. the period), without
    what follows them (today's lateness, the chaser's wait, the next step): true on any day.

    The period line always ends with its sources, which name the ICO's guidance on counting
    a month (`_period_line`); everything after the last such line is about today.
    """
    last = max((i for i, line in enumerate(explanation) if _PERIOD_SOURCE in line), default=-1)
    return list(explanation[: last + 1])


_PERIOD_SOURCE = "ICO guidance on counting a month"


@dataclass(slots=True)
class _Period:
    raw: date  # months after the relevant time, before pauses
    added: int  # paused days added
    due: date  # raw + added, moved to a working day
    stopped_on: date | None  # clarification awaited since this day: no due date yet
    lines: list[str]


def _pauses(asked: list[EventLike] | None, given: list[EventLike] | None,
            nation: str) -> list[tuple[date, date | None]]:
    """Clarification intervals (first day, last day or None while awaited), merged and sorted.

    The last day is when the controller receives the answer (Art 12A(5)(b)): the day it was
    sent by email, online form or hand; by post, its deemed arrival (rule 1).
    """
    if not asked:
        return []
    arrivals = sorted(_arrival(ev.on, ev.via, nation) for ev in given or ())
    spans: list[tuple[date, date | None]] = []
    for start in sorted(ev.on for ev in asked):
        end = next((day for day in arrivals if day >= start), None)
        if spans:
            last_start, last_end = spans[-1]
            if last_end is None or start <= last_end:  # overlaps the previous one: merge
                spans[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
                continue
        spans.append((start, end))
    return spans


def _posted_words(arrived: date, given: Sequence[EventLike], nation: str) -> str:
    """" (posted Thu 12 Mar 2026, treated as arriving 2 working days later)", when it was posted."""
    for ev in given:
        if ev.on != arrived and _arrival(ev.on, ev.via, nation) == arrived:
            if ev.via is None:
                return (f" (sent on {format_day(ev.on)}; how is not recorded, so treated as second-class "
                        "post: the 3rd working day after)")
            count = "2nd" if ev.via == "post-first" else "3rd"
            return (f" (sent {_VIA_WORDS[ev.via]} on {format_day(ev.on)}, treated as arriving on the {count} "
                    "working day after)")
    return ""


def _period(start: date, months: int, pauses: list[tuple[date, date | None]], nation: str,
            cite: str, explain: bool, given: Sequence[EventLike] = ()) -> _Period:
    """The period of `months` from `start`, `pauses` added (each line cites `cite`)."""
    raw = months_after(start, months)
    due = next_working_day(raw, nation)
    if not pauses:
        return _Period(raw, 0, due, None, [])
    added = 0
    lines: list[str] = []
    for first, last in pauses:
        if last is not None and last < start:
            continue
        begin = max(first, start)
        if begin > due:
            if explain:
                lines.append(f"Clarification asked for on {format_day(first)}, after the period had "
                             f"ended on {format_day(due)}: it cannot pause it ({cite}).")
            break
        if last is None:
            if explain:
                used = (begin - start).days
                lines.append(
                    f"Clarification asked for on {format_day(first)}: the clock stopped that day "
                    f"({cite}), {used} day{'s' if used != 1 else ''} after it started; it restarts "
                    "when they receive your answer, and the days in between do not count."
                )
            return _Period(raw, added, due, begin, lines)
        days = (last - begin).days + 1
        added += days
        due = next_working_day(raw + timedelta(days=added), nation)
        if explain:
            lines.append(
                f"Clarification asked for on {format_day(first)} and received {format_day(last)}"
                f"{_posted_words(last, given or (), nation)}: "
                f"{days} day{'s' if days != 1 else ''}, both included, do not count ({cite})."
            )
    return _Period(raw, added, due, None, lines)


def _period_line(label: str, start: date, months: int, period: _Period, nation: str,
                 sources: str) -> str:
    text = f"{label} {format_day(start)}; {_months_words(start, months)}"
    if period.added:
        moved = period.raw + timedelta(days=period.added)
        text += f"; plus {period.added} paused day{'s' if period.added != 1 else ''}: {format_day(moved)}"
        text += _roll_words(moved, nation)
    else:
        text += _roll_words(period.raw, nation)
    return f"{text[0].upper()}{text[1:]} ({sources})."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
