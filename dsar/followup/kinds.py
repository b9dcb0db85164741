"""The follow-up letter kinds, registered with dsar.compose (its `KINDS` registry).

Each kind's wording is a template in letters/templates. A follow-up goes where the
request went: to the organisation's access contacts, or its erasure contacts for an
erasure request when its record has separate ones (the `erasure-` variants).
Importing this module registers them; `dsar generate` does not import it, so its
`--kind` still offers only the request letters.
"""

from __future__ import annotations

from dsar.compose import KINDS, LetterKind, register_kind

CHASE = "chase"
REASONS = "reasons"
COMPLAINT = "complaint"
ICO_COMPLAINT = "ico-complaint"
EVIDENCE_PACK = "evidence-pack"

# letter kind -> the tracker event that records it as sent (issue 7)
EVENT_FOR = {
    CHASE: "chase-sent",
    REASONS: "reasons-requested",
    COMPLAINT: "complaint-sent",
    ICO_COMPLAINT: "ico-complaint",
}

_DESCRIPTIONS = {
    CHASE: "a chaser: the answer is late, or parts of it are missing",
    REASONS: "asking for the reasons for a refusal or restriction",
    COMPLAINT: "a complaint to the organisation (DPA 2018 s.164A)",
}

# What every follow-up template needs beyond a profile (dsar.followup.context); declaring
# it keeps these kinds out of `dsar generate --kind` and makes compose() say what is missing.
NEEDS = ("org", "org_regimes", "org_ids", "f", "working", "complaint_duty", "chronology", "documents")

for _name, _description in _DESCRIPTIONS.items():
    if _name not in KINDS:
        register_kind(LetterKind(_name, f"{_name}.j2", "access", description=_description, needs=NEEDS))
        register_kind(LetterKind(f"erasure-{_name}", f"{_name}.j2", "erasure", description=_description,
                                 needs=NEEDS))
if ICO_COMPLAINT not in KINDS:
    register_kind(LetterKind(ICO_COMPLAINT, f"{ICO_COMPLAINT}.j2", "access", needs=NEEDS,
                             description="a complaint to the Information Commissioner (DPA 2018 s.165)"))


def letter_kind(name: str, request_kind: str, has_erasure_contacts: bool) -> str:
    """The registered kind to compose: the erasure variant when the follow-up is about an
    erasure request and the organisation has separate erasure contacts."""
    if name in _DESCRIPTIONS and request_kind == "erasure" and has_erasure_contacts:
        return f"erasure-{name}"
    return name
