"""The one parser for dates people type (dsar.dates)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dsar.dates import DateTextError, long_date, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-10-22", date(2026, 10, 22)),
    ("22/10/2026", date(2026, 10, 22)),
    ("2/3/2026", date(2026, 3, 2)),          # day first, always
    ("22.10.2026", date(2026, 10, 22)),
    ("01.02.1990", date(1990, 2, 1)),
    ("22-10-2026", date(2026, 10, 22)),
    (" 22/10/2026 ", date(2026, 10, 22)),
])
def test_dates_people_write(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("04/13/2026", '"04/13/2026" has no month 13: the order is day/month/year (so 13/04/2026 for that '
                   "date), e.g. 25/12/2026 or 2026-12-25"),
    ("22/10/26", '"22/10/26" has a two-digit year; write the year in full, e.g. 25/12/2026 or 2026-12-25'),
    ("31/02/2026", '"31/02/2026" is not a day of the calendar (check the day of the month); write it as '
                   "YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25"),
    ("2026-13-01", '"2026-13-01" has no month 13; write it as YYYY-MM-DD or DD/MM/YYYY, '
                   "e.g. 25/12/2026 or 2026-12-25"),
    ("32874", '"32874" is not a date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25'),
    ("yesterday", '"yesterday" is not a date; write it as YYYY-MM-DD or DD/MM/YYYY, '
                  "e.g. 25/12/2026 or 2026-12-25"),
    ("", "is empty; write a date as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25"),
])
def test_each_mistake_says_how_to_write_the_date(text: str, message: str) -> None:
    with pytest.raises(DateTextError) as caught:
        parse_date(text)
    assert str(caught.value) == message


@given(st.dates(min_value=date(1000, 1, 1)))
def test_every_written_form_reads_back(day: date) -> None:
    for text in (day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}/{day.month}/{day.year}",
                 f"{day.day:02d}.{day.month:02d}.{day.year}"):
        assert parse_date(text) == day


def test_long_date() -> None:
    assert long_date(date(1992, 7, 14)) == "14 July 1992"
    assert long_date(date(2026, 12, 1)) == "1 December 2026"
