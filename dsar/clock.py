"""Today's date, which tests and demos can fix with DSAR_TODAY=YYYY-MM-DD."""

from __future__ import annotations

import os
from datetime import date

from dsar.errors import DsarError

EARLIEST = date(1990, 1, 1)
LATEST = date(2999, 12, 31)


def today() -> date:
    fixed = os.environ.get("DSAR_TODAY", "").strip()
    if not fixed:
        return date.today()
    try:
        day = date.fromisoformat(fixed)
    except ValueError:
        raise DsarError(
            f'DSAR_TODAY="{fixed}" is not a date; use YYYY-MM-DD or unset it'
        ) from None
    if not EARLIEST <= day <= LATEST:  # deadlines run years ahead: 9999-12-20 overflowed
        raise DsarError(f'DSAR_TODAY="{fixed}" is out of range; use a date from {EARLIEST} to {LATEST} '
                        "or unset it")
    return day
