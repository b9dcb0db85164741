"""The complaint pack for the Information Commissioner (`dsar complain REF --to ico`).

Complaints to the Commissioner are made under DPA 2018 s.165 (Article 77 UK GDPR was
omitted by DUAA 2025 s.103; statute-extracts.md). The ICO expects a complaint to the
organisation first, and a complaint to it within three months of the last meaningful
contact with the organisation (uk-law.md, "Deadlines" item 7): `ico_warnings` says when
either is not met. The pack (letters/templates/ico-complaint.j2) is addressed to the
ICO from its controller record (id "ico"), never from code; it holds a summary, the
dated chronology of every event, the list of letters and answers recorded, the
complaint to the organisation, the outcome sought and, for a logged restriction under
DPA 2018 s.45(4) or a refused Part 3 erasure, a request that the Commissioner check it (s.51).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from dsar.deadlines import ICO_COMPLAINT_MONTHS, format_day, months_after
from dsar.followup.reasons import RESTRICTION

if TYPE_CHECKING:
    from dsar.followup.history import Facts

PART_3 = "dpa-part-3"


def ico_deadline(facts: Facts) -> date | None:
    """Three months after the last contact with the organisation (uk-law.md item 7)."""
    if facts.last_contact_on is None:
        return None
    return months_after(facts.last_contact_on, ICO_COMPLAINT_MONTHS)


def ico_warnings(facts: Facts) -> list[str]:
    """What the user should know before sending the pack (shown on stderr)."""
    warnings = []
    by = ico_deadline(facts)
    if by is not None and facts.today > by and facts.last_contact_on is not None:
        warnings.append(
            f"more than three months have passed since your last contact with the organisation "
            f"({format_day(facts.last_contact_on)}); the ICO expects complaints within three months "
            "of the last meaningful contact and may not look at this one: say why in the pack, or "
            "contact the organisation again first"
        )
    if facts.complaint_on is None:
        warnings.append(
            "you have not complained to the organisation first; the ICO expects that "
            f"(make one with `dsar complain {facts.ref} --to controller`)"
        )
    return warnings


def ico_context(facts: Facts) -> dict[str, Any]:
    """Template values for the pack beyond those of every follow-up."""
    by = ico_deadline(facts)
    return {
        # s.51: the person may ask the Commissioner to check a restriction of access under
        # Part 3 (uk-law.md, "Which law applies"; s.45(5)(c) in statute-extracts.md), or a
        # refused Part 3 erasure (s.48). Only when the history shows it (issue 11 item 2): a
        # refusal logged as a s.45(4) restriction, or any refusal of a Part 3 erasure request.
        "ask_s51": PART_3 in facts.regimes and facts.refused_on is not None and (
            facts.refusal_reason == RESTRICTION if facts.request_kind == "access"
            else facts.request_kind == "erasure"),
        "ico_by": by,
        "late_for_ico": by is not None and facts.today > by,
    }
