"""Make a follow-up letter from a tracked request's history, write it, and record it as sent.

    from dsar.followup import follow_up
    with Tracker.open(None) as tracker:
        done = follow_up(tracker, "R-000001", "chase", profile=load_profile(Path("me.toml")),
                         directory=load_directory(), out=Path("dsar-letters"), today=today())
        print(done.files["pdf"], done.event)

`what` is "chase" (a chaser, or a request for reasons after a refusal: see
dsar.followup.chase), "complaint" (to the organisation, DPA 2018 s.164A) or "ico"
(the complaint pack for the Information Commissioner, DPA 2018 s.165). Every
letter is composed, and PDF support checked, before a file is written; the files
then go to OUT/<person folder>/<date>-<organisation>-<kind>.<ext> (0600, atomic,
through dsar.generate.write) and the tracker logs the event (chase-sent,
reasons-requested, complaint-sent, ico-complaint) dated `today` with the files.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.errors import DsarError
from dsar.followup import kinds
from dsar.followup.chase import choose, refuse_early
from dsar.followup.context import deadline_working, template_context
from dsar.followup.history import Facts, facts
from dsar.followup.working import letter_working
from dsar.render import DEFAULT_PDF_VARIANT

if TYPE_CHECKING:
    from dsar.compose import Letter
    from dsar.controllers import Controller, Directory
    from dsar.deadlines import Assessment
    from dsar.profile import Profile
    from dsar.tracker import TrackedRequest, Tracker

WHATS = ("chase", "complaint", "ico")
ICO_ID = "ico"  # the regulator's controller record: its name and address live there, not in code


@dataclass
class Prepared:
    """A composed follow-up, not yet written or recorded."""

    kind: str  # chase, reasons, complaint, ico-complaint (the registered kind may add "erasure-")
    letter: Letter
    addressee: Controller  # the organisation, or the ICO for the pack
    facts: Facts
    warnings: list[str] = field(default_factory=list)  # for the user, before sending
    forced: str | None = None  # made with --force before its time: why it was early (recorded)

    @property
    def event(self) -> str:
        return kinds.EVENT_FOR[self.kind]


@dataclass
class FollowUp:
    """A follow-up written to disk and recorded in the tracker."""

    ref: str
    kind: str
    event: str  # the tracker event logged
    on: date  # the date it is recorded as sent
    files: dict[str, Path]
    how_to_send: str
    warnings: list[str]  # every warning: before sending (also given to `warn`) and from logging
    log_warnings: list[str]  # the tracker's, when logging (events that look out of order)
    recorded: bool  # False when the same event with the same files was already logged that day
    assessment: Assessment  # the request's assessment after recording


def _same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def check_profile(profile: Profile, request: TrackedRequest, source: str = "the profile") -> None:
    """Refuse a profile for someone else: the letter would carry the wrong person's details."""
    if not _same_person(profile.requester.full_name, request.requester):
        raise DsarError(f'{source} is for "{profile.requester.full_name}" but request {request.ref} is for '
                        f'"{request.requester}"; use that person\'s profile')


def prepare(what: str, request: TrackedRequest, assessment: Assessment, *, profile: Profile,
            directory: Directory, today: date, force: bool = False,
            signatory: str | None = None) -> Prepared:
    """Compose the follow-up `what` ("chase", "complaint", "ico") for `request`; writes nothing.

    `signatory`: who signs for the representative's organisation (a batch's), if any.
    """
    from dsar.compose import compose
    from dsar.followup.ico import ico_context, ico_warnings
    from dsar.followup.sender import for_request

    if what not in WHATS:
        raise DsarError(f'unknown follow-up "{what}"; use one of: {", ".join(WHATS)}')
    check_profile(profile, request)
    profile, reference_warnings = for_request(profile, request)
    org = directory.get(request.controller_id)
    found = facts(request, assessment, today)
    values: dict[str, Any] = template_context(profile, org, request, found, today)
    warnings: list[str] = list(reference_warnings)
    forced = refuse_early(found, what, force=force)
    if forced is not None:
        warnings.append(f"made before its time ({forced}); the history records that it was forced")
    if found.request_on_is_receipt and found.request_on is not None:
        warnings.append(f"no `sent` event in {request.ref}: the letter names the request by the date it "
                        f"was received, {found.request_on.isoformat()}; if you know when it was sent, log "
                        f"it first: dsar track log {request.ref} sent --on DATE --via HOW")
    if what == "chase":
        kind = choose(found)
    elif what == "complaint":
        kind = kinds.COMPLAINT
    else:
        kind = kinds.ICO_COMPLAINT
        values.update(ico_context(found))
        # the pack is read by the ICO: the organisation is "the Home Office", its form "the Home Office's"
        name = f"{org.article} {org.short_name}" if org.article else org.short_name
        values["working"] = letter_working(deadline_working(found.explanation), you=name, your=f"{name}'s")
        warnings.extend(ico_warnings(found))
    if kind == kinds.CHASE and found.partial_on is not None and not found.missing:
        warnings.append(f"the partial answer of {found.partial_on.isoformat()} lists no missing items, "
                        "so the chaser asks for the rest in general; to ask item by item, log "
                        f"`dsar track log {request.ref} partial-response --on "
                        f"{found.partial_on.isoformat()} --missing copy,recipients,...`")
    if kind == kinds.ICO_COMPLAINT:
        addressee = directory.get(ICO_ID)
        registered = kind
    else:
        addressee = org
        registered = kinds.letter_kind(kind, request.kind, org.erasure is not None)
    letter = compose(profile, addressee, registered, today, values)
    rep = profile.representative
    if signatory and rep is not None and letter.signature and letter.signature[0] == rep.name:
        from dataclasses import replace

        letter = replace(letter, signature=(signatory, *letter.signature[1:]))
    warnings.extend(letter.warnings)
    return Prepared(kind, letter, addressee, found, list(dict.fromkeys(warnings)), forced)


def record(tracker: Tracker, ref: str, prepared: Prepared, files: Sequence[Path], on: date,
           via: str | None = None) -> tuple[bool, list[str]]:
    """Log the follow-up as sent `on` (by `via`), with its files; (False, []) when already logged so."""
    names = [str(path.resolve()) for path in files]
    for entry in tracker.get(ref).entries:
        if entry.event.kind == prepared.event and entry.event.on == on and list(entry.files) == names:
            return False, []
    data = {"forced": prepared.forced} if prepared.forced is not None else None
    return True, tracker.log(ref, prepared.event, on, via=via, files=names, data=data, today=on)


def file_stem(on: date, controller_id: str, kind: str, ref: str) -> str:
    """<YYYY-MM-DD>-<organisation>-<kind>-<ref> (the organisation the request went to, also for
    the ICO pack): one request's follow-ups never share a name with another's; making the
    same follow-up again the same day replaces that day's files."""
    from dsar.files import slug

    return f"{on.isoformat()}-{slug(controller_id)}-{slug(kind)}-{slug(ref)}"


def default_via(prepared: Prepared, request_kind: str) -> str | None:
    """How the letter says to send it (dsar.generate.how_to_send's order: email, then the online
    form, then post): "email", "online-form", or None for post (class unknown, so the engine's
    cautious second-class assumption applies). Issue 11 item 4: a complaint recorded without
    a way of sending had its s.164A date worked out as second-class post."""
    from dsar.directory.routes import send_route

    route = send_route(prepared.addressee,
                       request_kind if prepared.kind != kinds.ICO_COMPLAINT else "access",
                       new_request=False)
    return route.via if route.channel in ("email", "online-form") else None


def _how_by(via: str, prepared: Prepared, files: dict[str, Path], request_kind: str) -> str:
    """How to send it the way the user said (`--via`), from the addressee's contacts."""
    from dsar.compose import environment

    contacts = prepared.addressee.contacts_for(request_kind if prepared.kind != kinds.ICO_COMPLAINT
                                               else "access")
    module: Any = environment().get_template("_followup-send.j2").make_module({})
    text = module.how(via, prepared.addressee, contacts, {k: str(v) for k, v in files.items()})
    return " ".join(str(text).split())


def write_files(prepared: Prepared, request: TrackedRequest, profile: Profile, out: Path,
                formats: Sequence[str], via: str | None = None,
                pdf_variant: str = DEFAULT_PDF_VARIANT) -> tuple[dict[str, Path], str]:
    """Render the letter in `formats` under OUT/<person folder>/ (0600, atomic); (files, how to send).

    The PDF is tagged, in `pdf_variant` (dsar.render.PDF_VARIANTS)."""
    from dsar.files import inside, person_folder, write_private
    from dsar.generate import check_out, how_to_send
    from dsar.render import check_format, check_pdf_variant, load_weasyprint, to_eml, to_html, to_pdf, to_text

    check_pdf_variant(pdf_variant)
    chosen = [check_format(f) for f in dict.fromkeys(formats)]
    if not chosen:
        raise DsarError("no output format chosen; use --format with one of: pdf, html, txt, eml")
    check_out(out)
    if "pdf" in chosen:
        load_weasyprint()  # PdfUnavailableError now, before any file is written
    letter = prepared.letter
    folder = person_folder(out, profile.requester.full_name, profile.requester.date_of_birth)
    stem = file_stem(letter.on, request.controller_id, letter.kind, request.ref)
    files: dict[str, Path] = {}
    pdf: bytes | None = None
    for fmt in chosen:
        if fmt == "eml" and not letter.email_to:
            continue  # no email known: how_to_send says to post it or use the form
        data: bytes | str
        if fmt == "pdf":
            data = pdf = to_pdf(letter, pdf_variant)
        elif fmt == "html":
            data = to_html(letter)
        elif fmt == "txt":
            data = to_text(letter)
        else:
            data = to_eml(letter, pdf, f"{stem}.pdf")
        files[fmt] = write_private(inside(folder, f"{stem}.{fmt}"), data)
    if via is not None and via != default_via(prepared, request.kind):
        return files, _how_by(via, prepared, files, request.kind)
    return files, how_to_send(letter, prepared.addressee, files, profile, new_request=False)


def follow_up(tracker: Tracker, ref: str, what: str, *, profile: Profile, directory: Directory,
              out: Path, today: date, formats: Sequence[str] | None = None,
              force: bool = False, via: str | None = None, signatory: str | None = None,
              warn: Callable[[str], None] | None = None, pdf_variant: str = DEFAULT_PDF_VARIANT) -> FollowUp:
    """Make, write and record the follow-up `what` for request `ref` (see the module docstring).

    `via`: how it will be sent (dsar.deadlines.VIAS), recorded with the event; None: the way
    the letter says to send it (`default_via`). `warn` is called with each warning before
    anything is written. `pdf_variant`: the PDF's (dsar.render.PDF_VARIANTS).
    """
    from dsar.render import FORMATS

    request = tracker.get(ref)
    prepared = prepare(what, request, tracker.assess(ref, today), profile=profile,
                       directory=directory, today=today, force=force, signatory=signatory)
    if warn is not None:
        for message in prepared.warnings:
            warn(message)
    files, how = write_files(prepared, request, profile, out, formats or FORMATS, via, pdf_variant)
    if via is None:
        via = default_via(prepared, request.kind)
    recorded, log_warnings = record(tracker, ref, prepared, list(files.values()), today, via)
    return FollowUp(
        ref=request.ref, kind=prepared.kind, event=prepared.event, on=today, files=files,
        how_to_send=how, warnings=[*prepared.warnings, *log_warnings],
        log_warnings=log_warnings, assessment=tracker.assess(ref, today), recorded=recorded,
    )
