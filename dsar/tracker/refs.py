"""Request refs: "R-" and the row id, at least six digits (R-000123, R-1234567).

The id comes from the database (an autoincrement column; a sequence on
PostgreSQL), so two processes adding requests at once never get the same ref.
Refs are typed back case-insensitively, with or without the zeros: "r-123",
"R-000123" and "123" are the same request.
"""

from __future__ import annotations

import re

from dsar.errors import TrackerError

_REF = re.compile(r"^\s*(?:R-?)?0*(\d{1,12})\s*$", re.IGNORECASE)


def make_ref(row_id: int) -> str:
    return f"R-{row_id:06d}"


def parse_ref(ref: str) -> int:
    """The row id in `ref`; a TrackerError saying what a ref looks like otherwise."""
    match = _REF.match(ref)
    if not match or int(match.group(1)) == 0:
        raise TrackerError(
            f'"{ref}" is not a request ref; refs look like R-000123 (see `dsar track list`)'
        )
    return int(match.group(1))
