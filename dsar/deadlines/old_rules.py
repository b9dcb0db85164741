"""The rules for requests received before 5 February 2026.

UK GDPR Art 12(3) as it stood, and DPA 2018 s.54 before its amendment by DUAA 2025 s.76
(which covers only requests received from 5 Feb 2026: SI 2026/82; statute-extracts.md,
"DPA 2018 s.54 before amendment"; uk-law-addendum.md point 5, which wins over uk-law.md):

- one month from receipt, or from receipt of the ID or the fee asked for (Art 12(3), 12(6)
  and ICO practice; s.54(2)-(3));
- UK GDPR: two further months, noticed within the first month (Art 12(3)); the clock
  stopped while clarification was awaited, by ICO practice (the ICO's October 2020
  right-of-access guidance, known from secondary accounts: addendum point 5), for
  access requests;
- DPA 2018 Part 3: no extension and no pause ("You must not extend this time limit for
  any reason": ICO Part 3 guidance, addendum point 5). A body under both regimes
  therefore has two dates: the later one (UK GDPR) and the Part 3 one.
"""

from __future__ import annotations

from dsar.deadlines.law import Law

NAME = "pre-2026"
GDPR_PERIOD = "UK GDPR Art 12(3) before 5 Feb 2026"


def rules_line(law: Law) -> str:
    return ("Received before 5 Feb 2026, so the old rules apply: one month from "
            f"receipt ({law.cite('Art 12(3)', 's.54(2)-(3)')}); DUAA 2025 s.76 covers "
            "only requests received from 5 Feb 2026 (SI 2026/82).")


def relevant_time_cite(law: Law) -> str:
    return law.cite("Art 12(6) and ICO practice", "s.54(3)")


def pausable(kind: str, gdpr: bool) -> bool:
    """ICO practice paused UK GDPR access requests; Part 3 had no pause (addendum point 5)."""
    return kind == "access" and gdpr


def no_pause_reason(gdpr: bool) -> str:
    if gdpr:
        return "before 5 Feb 2026 only access requests could be paused (ICO practice)"
    return "before 5 Feb 2026 DPA 2018 Part 3 had no clarification pause (s.54 before amendment)"


def pause_cite(law: Law) -> str:
    return "UK GDPR, ICO practice before 5 Feb 2026; never under DPA 2018 Part 3"


def extends(gdpr: bool) -> bool:
    """Only UK GDPR had an extension (Art 12(3)); Part 3 had none (s.54 before amendment)."""
    return gdpr


def extension_cite(law: Law) -> str:
    return GDPR_PERIOD


def no_extension_line(notice: str) -> str:
    return (f"{notice}, but before 5 Feb 2026 DPA 2018 Part 3 allowed no extension "
            "(s.54 before amendment), so it does not extend the deadline.")


BOTH_EXTENDED_LINE = ("DPA 2018 Part 3 allowed no extension before 5 Feb 2026, but UK GDPR did; as either "
                      "may apply, the later date is the deadline, and the date for data under Part 3 is "
                      "given apart.")


def period_cite(law: Law, months: int, paused_gdpr_only: bool) -> str:
    if months == 3 or paused_gdpr_only:
        return GDPR_PERIOD
    return law.cite("Art 12(3)", "s.54(2)")


def split(gdpr: bool, part3: bool) -> bool:
    """A body under both regimes: the Part 3 side has its own, earlier, date."""
    return gdpr and part3


def part3_line(start: str, due: str, source: str) -> str:
    return (f"DPA 2018 Part 3 had no extension and no clarification pause before 5 Feb 2026 (s.54 before "
            f"amendment), so for data processed under Part 3 the answer was due one month from {start}: "
            f"{due} (DPA 2018 s.54(2) before amendment; {source}).")
