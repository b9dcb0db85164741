"""What to check before sending: warnings about a record's facts, and the directory's coverage.

Everything here is read by people (generate and batch output, the interview's
closing page, `dsar controllers show`), so a fact's source is shown as the page it
was read on and the date it was read, never as a research note or a file.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from dsar.directory.loading import Directory
from dsar.directory.records import (
    STALE_AFTER_YEARS,
    Controller,
    Fact,
    Kind,
    Source,
    SourceAge,
    years_before,
)

FACT_LABELS = {
    "address": "postal address",
    "postcode": "postcode",
    "email": "email address",
    "online_form": "online form",
    "phone": "phone number",
}

# Hosts of public bodies' own sites; any other host is a third party's copy of a page.
OFFICIAL_SUFFIXES = (".gov.uk", ".police.uk", ".gov.scot", ".parliament.uk", ".pnn.police.uk")


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def source_text(fact: Source) -> str:
    """A fact's (or an ID rule's) source as a person should see it: the page and the date read."""
    if fact.recorded_by:
        return (f"recorded by your organisation ({fact.recorded_by}): {fact.source}, "
                f"read {day_text(fact.read_on)}")
    if fact.is_web_source:
        return f"{fact.source}, read {day_text(fact.read_on)}"
    return f"your organisation's own records: {fact.source}, noted {day_text(fact.read_on)}"


def contact_warnings(controller: Controller, kind: str = "access") -> list[str]:
    """What the user must check before sending a request of `kind` to `controller`.

    One line each: a processor (send to the controller instead), no known channel,
    and one line per fact used to send (address, postcode, email, form) whose source
    is more than two years old, worded before May 2018, on a legacy address or
    undated; that its source does not give as the route for requests
    (`for_requests = false`); that another source contradicts; or that is an email
    on a retired-looking `pnn.police.uk` domain. An address and its postcode with the
    same problems share a line. Each points to the organisation's own page.

    The ID the letter lists as enclosed warns when its source is old (dated more than two
    years ago, worded before May 2018, a legacy address): a wrong list delays the answer,
    since the time limit runs from when the organisation has what it needs to confirm
    identity (uk-law.md "Deadlines"). An undated ID source is shown by `controllers show`
    but not warned about: most official pages carry no date.
    """
    contacts = controller.contacts_for(kind)
    page = controller.sar_page
    check = f"check {page} before sending" if page else "check the organisation's website before sending"
    warnings: list[str] = []
    if controller.redirect_to:
        if len(controller.works_for) > 1:
            routes = "; ".join(f"for {r.what}, send requests to {r.controller}"
                               for r in controller.works_for)
            warnings.append(f"{controller.short_name} processes data for other organisations: "
                            f"{routes}")
        elif controller.kind is Kind.PROCESSOR:
            warnings.append(
                f"{controller.short_name} processes data for another organisation; "
                f"send requests to {controller.redirect_to} instead"
            )
        else:
            warnings.append(f"{controller.short_name} does not answer requests itself; "
                            f"send requests to {controller.redirect_to} instead")
        return warnings  # its own channels do not matter
    facts = contacts.facts()
    if not any(name in facts for name in ("address", "email", "online_form")):
        warnings.append(
            f"no postal address, email or online form is known for {controller.short_name}; {check}"
        )
    elif "address" not in facts:
        warnings.append(f"no postal address is known for {controller.short_name}; {check}")
    problems = {name: _problems(name, fact) for name, fact in facts.items() if name != "phone"}
    shown = {name: fact.text for name, fact in facts.items()}
    if "address" in problems and problems["address"] == problems.get("postcode"):
        # one line for the address with its postcode when the same page gives both
        shown["address"] = f"{shown['address']}, {shown.pop('postcode')}"
        del problems["postcode"]
    for name, found in problems.items():
        if found:
            warnings.append(f"the {FACT_LABELS[name]} for {controller.short_name} ({shown[name]}) "
                            f"{' and '.join(found)}; {check}")
    id_source = controller.id_required_source
    if controller.id_required and id_source is not None:
        age, why = id_source.dating()
        if age is SourceAge.OLD:
            warnings.append(f"the ID the letter says is enclosed for {controller.short_name} comes "
                            f"from {why} ({source_text(id_source)}); {check}")
    return warnings


def _problems(name: str, fact: Fact) -> list[str]:
    """What to check about one fact (empty when nothing): age, route, domain, disagreement.

    A phone number is never used to send a request, so it is not checked here.
    """
    problems = []
    age, why = fact.dating()
    if age is not SourceAge.CURRENT:
        where = (f"read {day_text(fact.read_on)}" if fact.source == fact.text
                 else source_text(fact))  # a form read on its own page: no need to repeat it
        problems.append(f"comes from {why} ({where})")
    if not fact.for_requests:
        problems.append("is not one its source gives for requests (it may be a data "
                        "protection officer's or headquarters' address)")
    if name == "email" and str(fact.value).lower().endswith(".pnn.police.uk"):
        problems.append("is on the older pnn.police.uk domain and may be retired")
    if fact.disagrees:
        problems.append(f"is from the newer of two sources that disagree ({fact.disagrees})")
    return problems


def age_band(fact: Fact, today: date) -> str:
    """Which age band a fact falls in, for `coverage`: the oldest bands are re-checked first."""
    if fact.source_date is not None:
        if fact.source_date >= years_before(today, STALE_AFTER_YEARS):
            return f"dated, within {STALE_AFTER_YEARS} years"
        if fact.source_date >= years_before(today, 5):
            return f"dated, {STALE_AFTER_YEARS} to 5 years old"
        return "dated, over 5 years old"
    age, _ = fact.dating(today)
    if fact.predates_2018:
        return "undated, worded before May 2018"
    if age is SourceAge.OLD:
        return "undated, on a legacy address (.nsf, .aspx, archive.)"
    return "undated"


AGE_BANDS = (f"dated, within {STALE_AFTER_YEARS} years", f"dated, {STALE_AFTER_YEARS} to 5 years old",
             "dated, over 5 years old", "undated, worded before May 2018",
             "undated, on a legacy address (.nsf, .aspx, archive.)", "undated")


def sourcing(fact: Fact, controller: Controller) -> str:
    """How a fact was sourced: the body's own or another public body's page, a third
    party's copy of a page, or (in an advice service's own folder) its own knowledge."""
    if not fact.is_web_source:
        return "the advice service's own knowledge"
    host = (urlsplit(fact.source).hostname or "").lower().removeprefix("www.")
    own = (urlsplit(controller.sar_page).hostname or "").lower().removeprefix("www.") \
        if controller.sar_page else ""
    if host.endswith(OFFICIAL_SUFFIXES) or host in {"gov.uk", "gov.scot"} or (own and host == own):
        return "an official page"
    return "a third party's copy or page"


SOURCINGS = ("an official page", "a third party's copy or page", "the advice service's own knowledge")


def coverage(directory: Directory, today: date | None = None) -> dict[str, int]:
    """How complete the directory is: records, channels, and facts by age band and sourcing."""
    if today is None:
        from dsar.clock import today as clock_today

        today = clock_today()
    records = list(directory)
    facts = [(c, f) for c in records for f in c.access.facts().values()]
    facts += [(c, f) for c in records if c.erasure is not None for f in c.erasure.facts().values()]
    channels = [c.access.facts() for c in records]
    bands = [age_band(f, today) for _, f in facts]
    sourced = [sourcing(f, c) for c, f in facts]
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
        **{f"facts {a.value}": sum(f.dating(today)[0] is a for _, f in facts) for a in SourceAge},
        **{f"facts {band}": bands.count(band) for band in AGE_BANDS},
        **{f"facts from {how}": sourced.count(how) for how in SOURCINGS},
        "facts where sources disagree": sum(f.disagrees is not None for _, f in facts),
        "facts recorded by your organisation": sum(f.recorded_by is not None for _, f in facts),
        "facts not given for requests (DPO/HQ)": sum(not f.for_requests for _, f in facts),
        "emails on pnn.police.uk": sum(
            str(f["email"].value).lower().endswith(".pnn.police.uk") for f in channels if "email" in f),
    }
    return counts


def recheck_first(directory: Directory, today: date | None = None,
                  limit: int = 10) -> list[tuple[str, int, int]]:
    """The records an adviser should re-check first: (id, facts old, facts undated), most old first.

    Only records that take requests themselves count (not processors pointing elsewhere).
    """
    if today is None:
        from dsar.clock import today as clock_today

        today = clock_today()
    rows = []
    for c in directory:
        if c.redirect_to:
            continue
        facts = list(c.access.facts().values())
        facts += list(c.erasure.facts().values()) if c.erasure is not None else []
        ages = [f.dating(today)[0] for f in facts]
        old, undated = ages.count(SourceAge.OLD), ages.count(SourceAge.UNDATED)
        if old or undated:
            rows.append((c.id, old, undated))
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return rows[:limit]


def missing(directory: Directory, used: dict[str, int] | None = None) -> list[tuple[str, int]]:
    """Records still without a route (no address, email or form; not sent elsewhere), with how
    many tracked requests each has, most used first."""
    used = used or {}
    rows = [(c.id, used.get(c.id, 0)) for c in directory
            if not c.redirect_to
            and not any(n in c.access.facts() for n in ("address", "email", "online_form"))]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows
