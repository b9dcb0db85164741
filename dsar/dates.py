"""Dates typed by people: one parser for every place a person types a date.

Accepted, day first as the UK writes them: YYYY-MM-DD (the profile's format), DD/MM/YYYY,
DD.MM.YYYY and DD-MM-YYYY (one or two digits for day and month). Two-digit years are refused:
"03/04/90" could be 1990 or 2090. A date that only works month first (04/13/2026) gets an
error saying the order is day/month/year, never a silent swap. Each error is one sentence that
says how to write the date, for the caller to prefix with where it was typed.

Also: `long_date` for showing a date to a person ("14 July 1992").
"""

from __future__ import annotations

import re
from datetime import date

FORMATS_HELP = "YYYY-MM-DD or DD/MM/YYYY"
EXAMPLE = "e.g. 25/12/2026 or 2026-12-25"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2,4})")


class DateTextError(ValueError):
    """A typed date that is not a date; the message says how to write it."""


def parse_date(text: str) -> date:
    """A date typed by a person, day first; DateTextError (a ValueError) saying how to write it."""
    value = text.strip()
    if not value:
        raise DateTextError(f"is empty; write a date as {FORMATS_HELP}, {EXAMPLE}")
    if match := _ISO.fullmatch(value):
        year, month, day = (int(g) for g in match.groups())
        return _make(value, year, month, day)
    if match := _DMY.fullmatch(value):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        if len(match[4]) != 4:
            raise DateTextError(f'"{value}" has a two-digit year; write the year in full, '
                                f"{EXAMPLE}")
        if month > 12 and 1 <= day <= 12 and month <= 31:
            raise DateTextError(f'"{value}" has no month {month}: the order is day/month/year '
                                f"(so {month:02d}/{day:02d}/{year} for that date), {EXAMPLE}")
        return _make(value, year, month, day)
    raise DateTextError(f'"{value}" is not a date; write it as {FORMATS_HELP}, {EXAMPLE}')


def _make(value: str, year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise DateTextError(f'"{value}" has no month {month}; write it as {FORMATS_HELP}, {EXAMPLE}')
    try:
        return date(year, month, day)
    except ValueError:
        raise DateTextError(f'"{value}" is not a day of the calendar (check the day of the month); '
                            f"write it as {FORMATS_HELP}, {EXAMPLE}") from None


def long_date(day: date) -> str:
    """14 July 1992: how a date is shown to a person (no leading zero, month in words)."""
    return f"{day.day} {day:%B %Y}"
