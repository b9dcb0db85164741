"""`dsar track add|log|list|show`, `dsar due` and `dsar remind`: the tracker's commands.

Thin: each command parses its options, calls dsar.tracker, and prints a view
from dsar.tracker.views. Refs, listings and --json go to stdout; talk and
warnings to stderr.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dsar.cli.state import say, settings, warn
from dsar.errors import TrackerError
from dsar.terminal import json_shown, shown

if TYPE_CHECKING:
    from dsar.deadlines import Assessment
    from dsar.tracker import Tracker
    from dsar.tracker.store import Request

track_app = typer.Typer(
    help="Record your requests and what happened to them; see each one's legal deadline.",
    no_args_is_help=True,
)

DEFAULT_WITHIN = 14  # `dsar due`: what falls due in the next two weeks, and everything overdue
REMIND_WITHIN = 7
MAX_WITHIN = 36_600  # a hundred years: more overflowed the calendar (3000000 was a traceback)


def register(app: typer.Typer) -> None:
    app.add_typer(track_app, name="track")
    app.command("due")(due)
    app.command("remind")(remind)


# -- helpers -------------------------------------------------------------------------------

def _open(ctx: typer.Context) -> Tracker:
    from dsar.tracker import Tracker

    return Tracker.open(settings(ctx).db)


def _day(text: str | None, flag: str) -> date:
    """A date the user typed (dsar.dates: YYYY-MM-DD or the UK's DD/MM/YYYY; issue 11 item 13)."""
    from dsar.clock import today
    from dsar.dates import DateTextError, parse_date

    if text is None:
        return today()
    try:
        return parse_date(text)
    except DateTextError as exc:
        raise TrackerError(f"{flag} {exc}") from None


def _names(ctx: typer.Context) -> dict[str, str]:
    """Controller id -> short name, for listings (ids not in the directory print as they are)."""
    from dsar.directory.names import short_names

    return short_names(settings(ctx).controllers_dir)


def _send_vias(ctx: typer.Context, items: Sequence[tuple[Request, Assessment]]) -> dict[str, str | None]:
    """ref -> the --via of each draft's route (dsar.directory.routes.send_route: what its letter's
    how-to-send line said), None when no route is known; read from the directory only when a
    request waits to be sent."""
    drafts = [request for request, assessment in items if assessment.action == "send"]
    if not drafts:
        return {}
    from dsar.directory.routes import send_route

    directory = settings(ctx).directory()
    return {request.ref: (send_route(directory.get(request.controller_id), request.kind).via
                          if request.controller_id in directory else None) for request in drafts}


def _logged_file(path: Path) -> str:
    """The full path of a file given with `track log --file`; only a regular file of a sane size.

    (A FIFO or /dev/zero was accepted, and a later `track export` hung or ran out of memory.)
    """
    from dsar.inputs import ATTACHMENT_LIMIT, check_regular

    try:
        full = path.expanduser().resolve()
    except RuntimeError:  # ~nosuchuser/x, or a loop of symbolic links
        raise TrackerError(f'--file "{shown(path)}": cannot follow it (an unknown ~user or a loop of '
                           "links); give the file's full path") from None
    if os.path.lexists(full):
        try:
            check_regular(full, "a file logged with --file", ATTACHMENT_LIMIT)
        except OSError as exc:
            raise TrackerError(f'--file "{shown(path)}": cannot be read ({exc.strerror}); '
                               "check the path") from None
    return str(full)


def _print_json(value: Any) -> None:
    print(json_shown(json.dumps(value, indent=2, ensure_ascii=False)))


def _missing_codes() -> str:
    """The --missing codes, for --help (read from letters/followup/items.toml; no heavy imports)."""
    from dsar.followup.missing import codes

    return ", ".join(codes())


def _reason_codes() -> str:
    from dsar.followup.reasons import help_text

    return help_text()


# -- track add / log / list / show ----------------------------------------------------------

@track_app.command("add")
def add(
    ctx: typer.Context,
    controller: Annotated[str, typer.Option("--controller", metavar="ID",
                                            help="The organisation's id (see `dsar controllers list`).")],
    requester: Annotated[str, typer.Option("--requester", metavar="NAME",
                                           help="Whose data it is (the name on the letter).")],
    kind: Annotated[str, typer.Option("--kind", help="access or erasure.")] = "access",
    client_reference: Annotated[str | None, typer.Option(
        "--client-reference", metavar="TEXT", help="Your own reference for the client (advice services).")]
    = None,
    created: Annotated[str | None, typer.Option(
        "--created", metavar="DATE", help="When the letter was written, as YYYY-MM-DD or DD/MM/YYYY "
        "(day first; default: today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the new request as JSON.")] = False,
) -> None:
    """Track a request you made without `dsar generate`; prints its ref.

    Then log what happened: `dsar track log REF sent --on YYYY-MM-DD --via email`.
    """
    from dsar.tracker.views import request_dict

    directory = settings(ctx).directory()
    record = directory.get(controller)
    if record.redirect_to:  # a processor: the request is the controller's (dsar.targets)
        processor, record = record, directory.get(record.redirect_to)
        warn(f"{processor.short_name} processes data for {record.short_name}, which is the controller: "
             f"tracking this request against {record.short_name} ({record.id})")
    day = _day(created, "--created")
    from dsar.tracker.store import NewRequest

    with _open(ctx) as tracker:
        ((ref, reused),) = tracker.add_or_reuse([NewRequest(
            controller_id=record.id, kind=kind, requester=requester,
            regime=tuple(r.value for r in record.regimes), nation=record.nation.value, created=day,
            client_reference=client_reference,
        )])
        request = tracker.get(ref)
    if reused:  # one open request per client, organisation and kind (migration 0004)
        warn(f"{client_reference} already has an open {kind} request to {record.short_name}: {ref}; "
             f"nothing new was added (log `closed` on {ref} first to start a new one)")
    if as_json:
        _print_json(request_dict(request))
        return
    print(ref)
    say(ctx, f"Tracking {shown(record.short_name)} {kind} for {shown(request.requester)} as {ref}. "
             f"When you send it: dsar track log {ref} sent --on YYYY-MM-DD "
             "--via email|online-form|post-first|post-second|hand")


@track_app.command("log")
def log(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="The request's ref, e.g. R-000123.")],
    event: Annotated[str, typer.Argument(metavar="EVENT", help="What happened: sent, received, "
                                         "id-requested, id-provided, responded, ... (see below).")],
    on: Annotated[str | None, typer.Option("--on", metavar="DATE",
                                           help="When it happened, as YYYY-MM-DD or DD/MM/YYYY "
                                           "(day first, as in the UK; default: today).")] = None,
    via: Annotated[str | None, typer.Option(
        "--via", help="How it was sent: email, online-form, post-first, post-second, hand.")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="A note to keep.")] = None,
    missing: Annotated[str | None, typer.Option(
        "--missing", metavar="A,B,C", help="With partial-response: what the answer left out, "
        f"comma-separated (a chaser asks for exactly these): {_missing_codes()}.")] = None,
    reason: Annotated[str | None, typer.Option(
        "--reason", metavar="CODE", help=f"With refused: the reason they gave, one of {_reason_codes()}. "
        "Letters state only the reason logged.")] = None,
    files: Annotated[list[Path] | None, typer.Option(
        "--file", metavar="PATH", help="A file that goes with it (a reply, a scan); repeatable.")]
    = None,
) -> None:
    """Add what happened to a request's history (the history is never edited, only added to).

    Dates: YYYY-MM-DD, or day/month/year as in the UK (22/10/2026).

    Events: drafted, sent, received, acknowledged, id-requested, id-provided, fee-requested,
    fee-paid, clarification-requested, clarification-provided, extended, responded,
    partial-response, refused, complaint-sent, complaint-acknowledged, ico-complaint, closed,
    note, chase-sent, reasons-requested.
    """
    from dsar.clock import today
    from dsar.tracker.views import human_day

    day = _day(on, "--on")
    data: dict[str, Any] = {}
    if missing is not None:
        if event != "partial-response":
            raise TrackerError("--missing goes with partial-response; "
                               f"e.g. dsar track log {ref} partial-response --missing copy,recipients")
        items = [item.strip() for item in missing.split(",") if item.strip()]
        if not items:
            raise TrackerError('--missing is empty; list what is missing, e.g. --missing "copy,recipients"')
        from dsar.followup.missing import parse_missing  # the catalogue the chaser cites (issue 7)

        data["missing"] = parse_missing(items)
    if reason is not None and event != "refused":
        raise TrackerError(f"--reason goes with refused; e.g. dsar track log {ref} refused "
                           "--reason exemption")
    now = today()
    with _open(ctx) as tracker:
        request = tracker.get(ref)
        if reason is not None:
            from dsar.followup.reasons import check_reason

            data["reason"] = check_reason(reason, request_kind=request.kind, regimes=request.regimes)
        early = []
        if event == "sent" and day < request.created:
            early.append(f"the letter is dated {human_day(request.created)} but you logged it as sent on "
                         f"{human_day(day)}, before that; check the date (follow-ups name the request by the "
                         f"date it was sent, {human_day(day)})")
        warnings = early + tracker.log(ref, event, day, via=via, note=note,
                                       files=[_logged_file(f) for f in files or ()],
                                       data=data, today=now)
        request = tracker.get(ref)
        assessment = tracker.assess(request.ref, now)
    for message in warnings:
        warn(message)
    say(ctx, f"Logged {event} on {human_day(day)} for {request.ref}.")
    say(ctx, f"Now: {assessment.status}. {shown(assessment.next_step)}")


@track_app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(
        "--status", help="Only requests with this status today: draft, awaiting-id, awaiting-fee, "
        "awaiting-clarification, waiting, overdue, partial, refused, answered, complaint-open, "
        "ico-complaint, closed.")] = None,
    controller: Annotated[str | None, typer.Option("--controller", metavar="ID",
                                                   help="Only requests to this organisation.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List tracked requests with their status and deadline today."""
    from dsar.clock import today
    from dsar.tracker.derived import assess
    from dsar.tracker.views import list_line, summary_dict

    now = today()
    with _open(ctx) as tracker:
        found = tracker.list(status=status, controller=controller, today=now)
    items = [(request, assess(request, now, explain=False)) for request in found]
    if as_json:
        vias = _send_vias(ctx, items)
        _print_json([summary_dict(request, assessment, send_via=vias.get(request.ref))
                     for request, assessment in items])
        return
    names = _names(ctx)
    for request, assessment in items:
        print(list_line(request, assessment, names))
    if not items:
        say(ctx, "No requests tracked yet." if status is None and controller is None
            else "No requests match.")


@track_app.command("show")
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="REF", help="The request's ref, e.g. R-000123.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One request: its history, status, relevant time, deadline and how it was worked out."""
    from dsar.clock import today
    from dsar.tracker.derived import assess
    from dsar.tracker.views import detail_dict, show_lines

    with _open(ctx) as tracker:
        request = tracker.get(ref)
    assessment = assess(request, today())
    via = _send_vias(ctx, [(request, assessment)]).get(request.ref)
    if as_json:
        _print_json(detail_dict(request, assessment, via))
        return
    print("\n".join(show_lines(request, assessment, _names(ctx), via)))


# -- due / remind ---------------------------------------------------------------------------

def due(
    ctx: typer.Context,
    within: Annotated[int | None, typer.Option(
        "--within", metavar="DAYS", min=0, max=MAX_WITHIN,
        help=f"Show deadlines in the next DAYS days (default {DEFAULT_WITHIN}); overdue requests "
        "and ones waiting for your move are always shown.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    ics: Annotated[Path | None, typer.Option(
        "--ics", metavar="FILE", help="Also write every open deadline to an iCalendar file, with an "
        "alarm 3 days before (re-export to update a calendar that subscribes to it).")] = None,
) -> None:
    """What is overdue, what falls due soon, and what to do next for each."""
    from dsar.clock import today
    from dsar.tracker.views import due_line, summary_dict

    now = today()
    days = DEFAULT_WITHIN if within is None else within
    items: Sequence[tuple[Request, Assessment]]
    names: Mapping[str, str] = {}  # read from the directory once, and only when needed
    with _open(ctx) as tracker:
        if ics is None:
            items = tracker.due(now, days, explain=False)
        else:  # one pass makes the calendar and finds what is due (dsar.tracker.open_scan)
            from dsar.tracker.ics import write_calendar

            scan = tracker.scan_open(now, days)
            names = _names(ctx)
            count = write_calendar(ics, scan, tracker_id=tracker.tracker_id(), names=names,
                                   senders=tracker.with_sender())
            items = scan.due()
        senders = tracker.with_sender([request.ref for request, _ in items])
    if ics is not None:
        say(ctx, f"Wrote {count} deadline{'s' if count != 1 else ''} to {shown(ics)}.")
    vias = _send_vias(ctx, items)
    if as_json:
        _print_json([summary_dict(request, assessment, sender_known=request.ref in senders,
                                  send_via=vias.get(request.ref)) for request, assessment in items])
        return
    if items and not names:
        names = _names(ctx)
    for request, assessment in items:
        print(due_line(request, assessment, names, sender_known=request.ref in senders,
                       send_via=vias.get(request.ref)))
    if not items:
        say(ctx, f"Nothing overdue or due in the next {days} days.")


def remind(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(
        "--within", metavar="DAYS", min=0, max=MAX_WITHIN,
        help="Mention deadlines in the next DAYS days too.")] = REMIND_WITHIN,
) -> None:
    """For cron: print what needs attention, and nothing at all when nothing does.

    Example crontab line (every weekday at 8:00): 0 8 * * 1-5 dsar remind
    """
    from dsar.clock import today
    from dsar.tracker.reminders import reminder_text

    now = today()
    with _open(ctx) as tracker:
        items = tracker.due(now, within, explain=False)
        senders = tracker.with_sender([request.ref for request, _ in items])
    if items:
        print(reminder_text(items, now, _names(ctx), senders, _send_vias(ctx, items)))
