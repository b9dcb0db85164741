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
from typing import Any

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


# --- rough dates: "March 2024", "03/2024", "2024" -----------------------------------------------
# Where a person may not know the day (when monitoring started, the period to ask about), the
# interview and the profile accept a month or a year, and keep how precise it was: the letters
# then say "from March 2024", never a made-up day.

PRECISIONS = ("day", "month", "year")
ROUGH_HELP = "DD/MM/YYYY, a month like 03/2024 or March 2024, or a year like 2024"

_MONTHS = {name: n for n, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_NAMED_MONTH = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
_YEAR = re.compile(r"\d{4}")


class RoughDate(date):
    """A date known to the day, to the month or only to the year.

    It compares (and sorts) as the first day of its month or year; `stored()` is how a profile
    keeps it ("2024-03-14", "2024-03", "2024") and `shown()` how a person reads it.
    """

    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "day") -> RoughDate:
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}")
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        return self

    def __reduce__(self) -> Any:  # pickled by batch workers
        return (RoughDate, (self.year, self.month, self.day, self.precision))

    def __repr__(self) -> str:
        return f"RoughDate({self.stored()!r})"

    def stored(self) -> str:
        return {"day": self.isoformat(), "month": f"{self.year:04d}-{self.month:02d}",
                "year": f"{self.year:04d}"}[self.precision]

    def shown(self) -> str:
        return {"day": f"{self.day} {self:%B %Y}", "month": f"{self:%B %Y}",
                "year": str(self.year)}[self.precision]


def parse_rough_date(text: str) -> RoughDate:
    """A day (as parse_date), a month ("03/2024", "2024-03", "March 2024") or a year ("2024")."""
    value = " ".join(str(text).split())
    if match := _YEAR.fullmatch(value):
        return RoughDate(int(value), precision="year")
    if (match := _MONTH_YEAR.fullmatch(value)) or (match := _YEAR_MONTH.fullmatch(value)):
        month, year = (int(match[1]), int(match[2])) if len(match[2]) == 4 else (int(match[2]),
                                                                                   int(match[1]))
        if not 1 <= month <= 12:
            raise DateTextError(f'"{value}" has no month {month}; write it as {ROUGH_HELP}')
        return RoughDate(year, month, precision="month")
    if (match := _NAMED_MONTH.fullmatch(value)) and match[1].lower() in _MONTHS:
        return RoughDate(int(match[2]), _MONTHS[match[1].lower()], precision="month")
    try:
        day = parse_date(value)
    except DateTextError as exc:
        if any(c.isdigit() for c in value) and any(sep in value for sep in "/.-"):
            raise  # a day-first date with a mistake: its own message says what is wrong
        raise DateTextError(f'"{value}" is not a date; write it as {ROUGH_HELP}') from exc
    return RoughDate(day.year, day.month, day.day)


def shown(day: date) -> str:
    """Any date as a person reads it: "14 July 1992", "March 2024" or "2024"."""
    return day.shown() if isinstance(day, RoughDate) else long_date(day)
