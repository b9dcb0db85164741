"""What to check before sending: warnings about a record's facts, and the directory's coverage."""

from __future__ import annotations

from dsar.directory.loading import Directory
from dsar.directory.records import Controller, Kind, SourceAge

FACT_LABELS = {
    "address": "postal address",
    "postcode": "postcode",
    "email": "email address",
    "online_form": "online form",
    "phone": "phone number",
}


def contact_warnings(controller: Controller, kind: str = "access") -> list[str]:
    """What the user must check before sending a request of `kind` to `controller`.

    One line each: a processor (send to the controller instead), no known channel,
    and one line per fact whose source is old or undated, that its source does not
    give as the route for requests (`for_requests = false`), or that is an email on a
    retired-looking `pnn.police.uk` domain. Each points to the organisation's own page.
    """
    contacts = controller.contacts_for(kind)
    page = controller.sar_page
    check = f"check {page} before sending" if page else "check the organisation's website before sending"
    warnings: list[str] = []
    if controller.redirect_to:
        warnings.append(
            f"{controller.short_name} processes data for another organisation; "
            f"send requests to {controller.redirect_to} instead"
        )
        return warnings  # its own channels do not matter
    facts = contacts.facts()
    if not any(name in facts for name in ("address", "email", "online_form")):
        warnings.append(
            f"no postal address, email or online form is known for {controller.short_name}; {check}"
        )
    elif "address" not in facts:
        warnings.append(f"no postal address is known for {controller.short_name}; {check}")
    for name, fact in facts.items():
        problems = []
        if fact.is_old:
            when = "an old source" if fact.age is SourceAge.OLD else "an undated source"
            problems.append(f"comes from {when} ({fact.source})")
        if not fact.for_requests:
            problems.append("is not one its source gives for requests (it may be a data "
                            "protection officer's or headquarters' address)")
        if name == "email" and str(fact.value).lower().endswith(".pnn.police.uk"):
            problems.append("is on the older pnn.police.uk domain and may be retired")
        if problems:
            warnings.append(f"the {FACT_LABELS[name]} for {controller.short_name} ({fact.text}) "
                            f"{' and '.join(problems)}; {check}")
    return warnings


def coverage(directory: Directory) -> dict[str, int]:
    """How complete the directory is: counts of records, channels and fact ages."""
    records = list(directory)
    facts = [f for c in records for f in c.access.facts().values()]
    facts += [f for c in records if c.erasure is not None for f in c.erasure.facts().values()]
    channels = [c.access.facts() for c in records]
    counts = {
        "records": len(records),
        **{f"kind {k.value}": sum(c.kind is k for c in records) for k in Kind},
        "with a postal address": sum("address" in f and "postcode" in f for f in channels),
        "with an email": sum("email" in f for f in channels),
        "with an online form": sum("online_form" in f for f in channels),
        "with a phone": sum("phone" in f for f in channels),
        "with no address, email or form": sum(
            not any(n in f for n in ("address", "email", "online_form")) for f in channels),
        "with a subject access page": sum(c.sar_page is not None for c in records),
        "with ID requirements from a source": sum(c.id_required_source is not None for c in records),
        "contact facts": len(facts),
        **{f"facts {a.value}": sum(f.age is a for f in facts) for a in SourceAge},
        "facts not given for requests (DPO/HQ)": sum(not f.for_requests for f in facts),
        "emails on pnn.police.uk": sum(
            str(f["email"].value).lower().endswith(".pnn.police.uk") for f in channels if "email" in f),
    }
    return counts
