"""The rules for requests received on or after 5 February 2026.

UK GDPR Art 12A and DPA 2018 s.54 as amended by the Data (Use and Access) Act 2025 s.76,
in force 5 Feb 2026 for requests received from that day (SI 2026/82; statute-extracts.md,
DUAA 2025 s.76; uk-law.md "Deadlines"):

- the relevant time: receipt, or receipt of the ID or the fee asked for (Art 12A(2); s.54(3));
- one month from the relevant time (Art 12A(1); s.54(2));
- the clarification pause, access requests under either regime (Art 12A(5); s.54(3C));
- an extension to three months, noticed within the first month (Art 12A(3)-(4); s.54(3A)-(3B)).
"""

from __future__ import annotations

from dsar.deadlines.law import Law

NAME = "2026"


def rules_line(law: Law) -> str:
    return ("Received on or after 5 Feb 2026, so the rules in force since then apply "
            f"({law.cite('Art 12A', 's.54')}).")


def relevant_time_cite(law: Law) -> str:
    return law.cite("Art 12A(2)", "s.54(3)")


def pausable(kind: str, gdpr: bool) -> bool:
    """Art 12A(5) and s.54(3C) pause access requests, under either regime."""
    return kind == "access"


def no_pause_reason(gdpr: bool) -> str:
    return "the pause applies only to access requests (UK GDPR Art 12A(5); DPA 2018 s.54(3C))"


def pause_cite(law: Law) -> str:
    return law.cite("Art 12A(5)", "s.54(3C)")


def extends(gdpr: bool) -> bool:
    """Art 12A(3) and s.54(3A): both regimes may extend by two further months."""
    return True


def extension_cite(law: Law) -> str:
    return law.cite("Art 12A(3)-(4)", "s.54(3A)-(3B)")


def period_cite(law: Law, months: int, paused_gdpr_only: bool) -> str:
    return law.cite("Art 12A(3)", "s.54(3A)") if months == 3 else law.cite("Art 12A(1)", "s.54(2)")


def split(gdpr: bool, part3: bool) -> bool:
    """Both regimes follow the same rules: one date."""
    return False
