"""`dsar chase`, `dsar complain` and `dsar track export`: the letters after the letter.

Thin: each command parses its options, calls dsar.followup, and prints. File paths
(or --json) go to stdout; warnings, what was recorded and how to correct it go to
stderr. The sender's details come from where the request's letter got them (recorded
with the request: dsar.followup.sender), or from `--profile PROFILE`, which overrides
them and is remembered for a request added by hand. It must be the profile of the
person the request is for.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dsar.cli.options import DEFAULT_PDF_VARIANT, PdfVariantOpt
from dsar.cli.state import say, settings, warn
from dsar.errors import DsarError
from dsar.terminal import json_shown, shown

if TYPE_CHECKING:
    from dsar.followup import FollowUp


class To(StrEnum):
    CONTROLLER = "controller"
    ICO = "ico"


class ExportFormat(StrEnum):
    PDF = "pdf"
    JSON = "json"


ProfileOpt = Annotated[Path | None, typer.Option(
    "--profile", metavar="PROFILE", help="The profile (TOML) with the sender's name and address. Default: "
    "the one the letter was made with (dsar generate, dsar new, dsar batch); a request added with "
    "`dsar track add` needs it once, then remembers it.",
    show_default=False)]
OutOpt = Annotated[Path, typer.Option("--out", metavar="DIR", help="Where to write the letter.")]
FormatOpt = Annotated[list[str] | None, typer.Option(
    "--format", metavar="FORMAT", help="pdf, html, txt or eml (repeat for more). Default: all.",
    show_default=False)]
ViaOpt = Annotated[str | None, typer.Option(
    "--via", metavar="HOW", help="How you will send it: email, online-form, post-first, post-second "
    "or hand (recorded with it, and the how-to-send line follows it; default: the way the letter says to "
    "send it: email, or the online form, when known; by post, not recorded, which the deadlines treat as "
    "second-class post).",
    show_default=False)]
ForceOpt = Annotated[bool, typer.Option("--force", help="Make it even though the deadline has not passed.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(app: typer.Typer) -> None:
    """Add `chase` and `complain` to the root app, and `export` to `dsar track`."""
    from dsar.cli.track_cmd import track_app

    app.command("chase")(chase_cmd)
    app.command("complain")(complain_cmd)
    track_app.command("export")(export_cmd)


def _formats(fmt: list[str] | None) -> list[str]:
    from dsar.render import FORMATS, check_format, pdf_available

    if fmt:
        return [check_format(f) for f in fmt]
    formats = list(FORMATS)
    if not pdf_available():
        formats.remove("pdf")
        warn("PDF output is not available here (WeasyPrint or Pango cannot load); writing the "
             "other formats. See README: WeasyPrint's system needs.")
    return formats


def _run(ctx: typer.Context, ref: str, what: str, profile: Path | None, out: Path,
         fmt: list[str] | None, via: str | None, force: bool, as_json: bool, pdf_variant: str) -> None:
    from dsar.clock import today
    from dsar.deadlines import check_event
    from dsar.followup import follow_up
    from dsar.followup.sender import Sender, from_path
    from dsar.followup.sender import load as load_sender
    from dsar.generate import check_out
    from dsar.profile import load_profile
    from dsar.render import check_pdf_variant
    from dsar.tracker import Tracker

    check_pdf_variant(pdf_variant)
    if via is not None:
        check_event("sent", via)
    check_out(out)
    formats = _formats(fmt)
    day = today()
    with Tracker.open(settings(ctx).db) as tracker:
        ref = tracker.get(ref).ref  # an unknown ref is the first thing to say
        recorded = tracker.sender(ref)
        if profile is not None:
            sender = Sender(load_profile(profile), None, str(profile))
        elif recorded is not None:
            sender = load_sender(recorded, ref)
        else:
            raise DsarError(f"request {ref} has no sender recorded (it was added with `dsar track add`): "
                            f"add --profile PROFILE once, e.g. dsar {ctx.info_name} {ref} --profile me.toml; "
                            "dsar remembers it for this request")
        done = follow_up(tracker, ref, what, profile=sender.profile, directory=settings(ctx).directory(),
                         out=out, today=day, formats=formats, force=force, via=via,
                         signatory=sender.signatory, warn=warn, pdf_variant=pdf_variant)
        if profile is not None and recorded is None and tracker.remember_sender(ref, from_path(profile)):
            say(ctx, f"Remembered {shown(profile)} as the sender for {done.ref}; next time --profile "
                     "is not needed.")
    for message in done.log_warnings:
        warn(message)
    _print(done, as_json)
    _talk(ctx, done)


def _print(done: FollowUp, as_json: bool) -> None:
    if as_json:
        a = done.assessment
        print(json_shown(json.dumps({
            "ref": done.ref, "kind": done.kind, "event": done.event, "on": done.on.isoformat(),
            "recorded": done.recorded, "files": {k: str(v) for k, v in done.files.items()},
            "how_to_send": done.how_to_send, "warnings": done.warnings,
            "status": a.status, "next_step": a.next_step,
            "complaint_ack_due": a.complaint_ack_due.isoformat() if a.complaint_ack_due else None,
        }, indent=2, ensure_ascii=False)))
        return
    for path in done.files.values():
        print(shown(path))


def _talk(ctx: typer.Context, done: FollowUp) -> None:
    from dsar.compose import long_date

    say(ctx, f"How to send: {shown(done.how_to_send)}")
    if done.recorded:
        say(ctx, f"Recorded in {done.ref} as {done.event}, sent today ({long_date(done.on)}). If you send "
                 f"it on a later day, log that date: dsar track log {done.ref} {done.event} --on YYYY-MM-DD")
    else:
        say(ctx, f"Already recorded in {done.ref} as {done.event} today; the files were written again.")
    if done.assessment.complaint_ack_due is not None and done.kind == "complaint":
        say(ctx, f"They must acknowledge the complaint by {long_date(done.assessment.complaint_ack_due)} "
                 "(DPA 2018 s.164A(3), counted from the day it arrives).")
    say(ctx, f"Next: {shown(done.assessment.next_step)}.")


def chase_cmd(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="The request's tracker ref, e.g. R-000001.",
                                       show_default=False)],
    profile: ProfileOpt = None,
    out: OutOpt = Path("dsar-letters"),
    fmt: FormatOpt = None,
    via: ViaOpt = None,
    force: ForceOpt = False,
    pdf_variant: PdfVariantOpt = DEFAULT_PDF_VARIANT,
    as_json: JsonOpt = False,
) -> None:
    """Write the follow-up the request's history calls for: a chaser when the answer is late, the
    missing items one by one after a partial answer, or a request for reasons after a refusal."""
    _run(ctx, ref, "chase", profile, out, fmt, via, force, as_json, pdf_variant)


def complain_cmd(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="The request's tracker ref, e.g. R-000001.",
                                       show_default=False)],
    to: Annotated[To, typer.Option("--to", help="controller: a complaint to the organisation "
                                   "(DPA 2018 s.164A); ico: a complaint pack for the Information "
                                   "Commissioner (DPA 2018 s.165).", case_sensitive=False)]
    = To.CONTROLLER,
    profile: ProfileOpt = None,
    out: OutOpt = Path("dsar-letters"),
    fmt: FormatOpt = None,
    via: ViaOpt = None,
    force: ForceOpt = False,
    pdf_variant: PdfVariantOpt = DEFAULT_PDF_VARIANT,
    as_json: JsonOpt = False,
) -> None:
    """Write a complaint to the organisation, or a complaint pack for the ICO, from the history."""
    _run(ctx, ref, "complaint" if to is To.CONTROLLER else "ico", profile, out, fmt, via, force, as_json,
         pdf_variant)


def export_cmd(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="The request's tracker ref, e.g. R-000001.",
                                       show_default=False)],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="pdf (a document, then the recorded PDF "
                                              "files) or json.", case_sensitive=False)]
    = ExportFormat.PDF,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", help="Where to write it (- for JSON on stdout). Default: "
        "beside the request's recorded letters (else dsar-letters/request-<ref>/), as "
        "<date>-<organisation>-evidence-pack-<ref>.<format>.", show_default=False)]
    = None,
    attach: Annotated[bool, typer.Option("--attach/--no-attach", help="Attach the recorded files to "
                                         "the PDF, unchanged (pdf only).")] = True,
    pdf_variant: PdfVariantOpt = DEFAULT_PDF_VARIANT,
) -> None:
    """Export a request's whole history as an evidence pack (for the ICO, or a court under DPA 2018 s.167)."""
    from dsar.clock import today
    from dsar.files import inside, slug, write_private
    from dsar.followup.export import to_json, to_pdf_pack
    from dsar.render import check_pdf_variant
    from dsar.tracker import Tracker

    check_pdf_variant(pdf_variant)
    day = today()
    with Tracker.open(settings(ctx).db) as tracker:
        request = tracker.get(ref)
        assessment = tracker.assess(ref, day)
        sender = tracker.sender(request.ref)
    rep = None
    if sender is not None:  # who acts for the requester, as the request's letters said
        from dsar.followup.sender import load as load_sender

        try:
            rep = load_sender(sender, request.ref).profile.representative
        except DsarError as exc:
            warn(f"the pack does not name a representative: {exc.message}")
    directory = settings(ctx).directory()
    org = directory.get(request.controller_id) if request.controller_id in directory else None
    if out is not None and str(out) == "-":
        if fmt is not ExportFormat.JSON:
            raise DsarError("--out - (stdout) works only with --format json; give a file name for a PDF")
        print(json_shown(to_json(request, assessment, org, day, rep)), end="")
        return
    if out is None:
        stem = f"{day.isoformat()}-{slug(request.controller_id)}-evidence-pack-{slug(request.ref)}"
        name = f"{stem}.{fmt.value}"
        # beside the request's own letters when they were recorded; else a folder of its own
        recorded = [Path(f) for f in request.files if Path(f).is_absolute()]
        target = (inside(recorded[0].parent, name) if recorded
                  else inside(Path("dsar-letters"), f"request-{slug(request.ref)}", name))
    else:
        if out.is_dir():
            raise DsarError(f"{out} is a folder; give a file name, e.g. --out {out / ('pack.' + fmt.value)}")
        target = out
    data: Any
    if fmt is ExportFormat.JSON:
        data = to_json(request, assessment, org, day, rep)
    else:
        data, skipped = to_pdf_pack(request, assessment, org, day, attach=attach, representative=rep,
                                    variant=pdf_variant)
        for line in skipped:
            warn(line)
    print(shown(write_private(target, data)))
    say(ctx, f"Evidence pack for {request.ref}: the history, the deadline's working and "
             f"{len(request.files)} recorded file{'s' if len(request.files) != 1 else ''}.")
