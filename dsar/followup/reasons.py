"""Why a request was refused: the small vocabulary of `dsar track log REF refused --reason CODE`.

The reasons live in data (letters/followup/refusal-reasons.toml): a code, the words for
`--help`, and the words a letter uses. A refusal logged without a reason is only "refused";
the follow-ups then state no reason (issue 11 item 2: they state only what the history
shows). `s45-restriction` (DPA 2018 s.45(4)) is accepted only for an access request to an
organisation under DPA 2018 Part 3, and it alone lets the ICO pack say that access was
restricted under s.45(4) and ask for the Commissioner's check (s.45(5)(c), s.51).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from dsar.errors import DsarError
from dsar.paths import letters_dir

RESTRICTION = "s45-restriction"
PART_3 = "dpa-part-3"


@dataclass(frozen=True)
class Reason:
    code: str
    help: str
    letter: str
    part3_access: bool = False


@cache
def reasons() -> dict[str, Reason]:
    """Every reason, by code, in the order of the data file."""
    with (letters_dir() / "followup" / "refusal-reasons.toml").open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    return {code: Reason(code, entry["help"], entry["letter"], bool(entry.get("part3_access", False)))
            for code, entry in data["reasons"].items()}


def help_text() -> str:
    """"none-given (they gave no reason), exemption (...), ..." for --help."""
    return "; ".join(f"{r.code} ({r.help})" for r in reasons().values())


def check_reason(code: str, *, request_kind: str, regimes: Sequence[str]) -> str:
    """The code, checked against the vocabulary and the request; DsarError says what to use."""
    found = reasons().get(code.strip().lower())
    if found is None:
        raise DsarError(f'"{code}" is not a refusal reason; use one of: {", ".join(reasons())}')
    if found.part3_access and (request_kind != "access" or PART_3 not in regimes):
        raise DsarError(f"{found.code} is a restriction of access under DPA 2018 Part 3 (s.45(4)); it does "
                        "not apply to this request (an erasure request, or an organisation not under "
                        "Part 3): use exemption, or leave --reason out")
    return found.code


def letter_words(code: str | None) -> str:
    """The words a letter puts after "refused the request" ("" when none was logged)."""
    found = reasons().get(code) if code else None
    return f", {found.letter}" if found is not None else ""
