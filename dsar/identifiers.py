"""Identifiers the Home Office, the MoJ and the police use, and their published formats.

Source: ../shared/research/uk-law.md, "Identifiers people in this situation have".
Only formats that are published are checked; the rest are accepted as free text.
Each checker returns the normalised value or raises ValueError with a message
that says what the format looks like.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


def _compact(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


@dataclass(frozen=True)
class IdentifierKind:
    key: str
    label: str  # how letters name it
    example: str
    pattern: re.Pattern[str] | None  # None: free text
    hint: str  # what the format looks like, for error messages
    normalise: Callable[[str], str] = _compact


def _strip(value: str) -> str:
    return " ".join(value.split())


# National Insurance number: two prefix letters, six digits, a suffix A-D.
# HMRC National Insurance Manual NIM39110: the first letter is not D, F, I, Q,
# U or V; the second is not D, F, I, O, Q, U or V; the prefixes BG, GB, KN, NK,
# NT, TN and ZZ are not allocated.
_NINO = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")

KINDS: dict[str, IdentifierKind] = {
    k.key: k
    for k in [
        IdentifierKind(
            "home_office_reference", "Home Office reference", "B1234567",
            re.compile(r"^[A-Z]\d{4,10}(/\d{1,3})?$"),
            "a letter then digits, e.g. B1234567 (or B1234567/2)",
        ),
        IdentifierKind("port_reference", "Port reference", "LHR/1234567", None, "", _strip),
        IdentifierKind(
            "gwf_reference", "GWF reference", "GWF012345678",
            re.compile(r"^GWF\d{9}$"), "GWF then nine digits, e.g. GWF012345678",
        ),
        IdentifierKind(
            "uan", "Unique Application Number (UAN)", "1234-5678-9012-3456",
            re.compile(r"^\d{4}-\d{4}-\d{4}-\d{4}$"),
            "16 digits in four groups, e.g. 1234-5678-9012-3456",
            lambda v: _uan(v),
        ),
        IdentifierKind("cid_person_id", "CID person ID", "12345678", None, "", _strip),
        IdentifierKind(
            "prison_number", "Prison number (NOMIS)", "A1234BC",
            re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$"),
            "one letter, four digits, two letters, e.g. A1234BC",
        ),
        IdentifierKind(
            "probation_crn", "Probation case reference number (CRN)", "X123456",
            re.compile(r"^[A-Z]\d{6}$"), "one letter then six digits, e.g. X123456",
        ),
        IdentifierKind(
            "pnc_id", "PNC ID", "19/0123456X",
            re.compile(r"^(\d{2}|\d{4})/\d{1,7}[A-Z]$"),
            "year/serial and a check letter, e.g. 19/0123456X",
        ),
        IdentifierKind("cro_number", "CRO number", "012345/19X", None, "", _strip),
        IdentifierKind(
            "national_insurance_number", "National Insurance number", "AB123456C",
            _NINO, "two letters, six digits, a letter A-D, e.g. AB123456C",
        ),
        IdentifierKind("passport_number", "Passport number", "123456789", None, "", _compact),
    ]
}


def _uan(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 16:
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    return _compact(value)


def check(key: str, value: str) -> str:
    """Normalise `value` for identifier `key`, or raise ValueError saying what is wrong."""
    kind = KINDS[key]
    normal = kind.normalise(value)
    if not normal:
        raise ValueError("is empty; leave it out or give a value")
    if kind.pattern is not None and not kind.pattern.match(normal):
        raise ValueError(f'"{value}" is not a valid {kind.label}: use {kind.hint}')
    return normal
