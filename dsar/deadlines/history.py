"""Picking events out of a history: the latest, the earliest, the latest on or after a day."""

from __future__ import annotations

from datetime import date

from dsar.deadlines.vocabulary import EventLike


def _latest(events: list[EventLike] | None) -> EventLike | None:
    """The latest by date; among equal dates, the last recorded."""
    if not events:
        return None
    best = events[0]
    for ev in events[1:]:
        if ev.on >= best.on:
            best = ev
    return best


def _after(events: list[EventLike] | None, day: date) -> EventLike | None:
    """The latest event on or after `day`, if any."""
    best = _latest(events)
    return best if best is not None and best.on >= day else None


def _earliest(events: list[EventLike] | None) -> EventLike | None:
    if not events:
        return None
    return min(events, key=lambda ev: ev.on)
