"""Today's date, which tests and demos can fix with DSAR_TODAY=YYYY-MM-DD."""

from __future__ import annotations

import os
from datetime import date

from dsar.errors import DsarError


def today() -> date:
    fixed = os.environ.get("DSAR_TODAY", "").strip()
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise DsarError(
            f'DSAR_TODAY="{fixed}" is not a date; use YYYY-MM-DD or unset it'
        ) from None
