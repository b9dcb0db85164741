"""Views of tracked requests: JSON-ready dicts and plain-text lines, from the same data.

The `--json` shapes (documented in the README) are built here and nowhere else;
the text views print the same fields, each value from a person or the database
through `dsar.terminal.shown` (no terminal escapes; a newline shows as `\\n`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from dsar.terminal import shown

if TYPE_CHECKING:
    from dsar.deadlines import Assessment
    from dsar.tracker.store import Entry, Request, TrackedRequest


def human_day(day: date | None) -> str:
    """Mon 2 Mar 2026 (the form the deadline engine's explanations use)."""
    return "-" if day is None else f"{day:%a} {day.day} {day:%b %Y}"


def iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def request_dict(request: Request) -> dict[str, Any]:
    return {
        "ref": request.ref,
        "controller": request.controller_id,
        "kind": request.kind,
        "regime": list(request.regimes),
        "nation": request.nation,
        "requester": request.requester,
        "client_reference": request.client_reference,
        "created": request.created.isoformat(),
    }


def assessment_dict(assessment: Assessment) -> dict[str, Any]:
    return {
        "status": assessment.status,
        "next_step": assessment.next_step,
        "action": assessment.action,
        "received_on": iso(assessment.received_on),
        "relevant_time": iso(assessment.relevant_time),
        "due_on": iso(assessment.due_on),
        # received before 5 Feb 2026 by a body under both regimes, when it differs (issue 11 item 10)
        "part3_due_on": iso(assessment.part3_due_on),
        "days_overdue": assessment.days_overdue,
        "complaint_ack_due": iso(assessment.complaint_ack_due),
        "chaser_reply_due": iso(assessment.watch_on),  # the final date a chaser gave, while awaited
        "rules": assessment.rules,
    }


def summary_dict(request: Request, assessment: Assessment, *, sender_known: bool = True,
                 send_via: str | None = None) -> dict[str, Any]:
    """One request in `track list --json` and `due --json` (`send_via`: see command_for)."""
    return {**request_dict(request), **assessment_dict(assessment),
            "command": command_for(request.ref, assessment.action, sender_known=sender_known,
                                   send_via=send_via)}


def entry_dict(entry: Entry) -> dict[str, Any]:
    """One event of the history, as `track show --json` and the evidence pack give it."""
    return {
        "event": entry.event.kind,
        "on": entry.event.on.isoformat(),
        "via": entry.event.via,
        "note": entry.event.note,
        "files": list(entry.files),
        "data": dict(entry.event.data),
        "logged_at": entry.logged_at.isoformat() if entry.logged_at else None,
    }


def detail_dict(request: TrackedRequest, assessment: Assessment,
                send_via: str | None = None) -> dict[str, Any]:
    """`track show --json`: the summary, the explanation and the whole history."""
    return {
        **summary_dict(request, assessment, send_via=send_via),
        "explanation": list(assessment.explanation),
        "events": [entry_dict(entry) for entry in request.entries],
        "files": request.files,
    }


# The command that carries out each next step (dsar.deadlines ACTIONS); steps with no
# command (wait, none, ...) have no entry.
# Each runs as printed in a shell (issue 11 item 5): the other choices follow a "#".
_COMMANDS = {
    "send-id": "dsar track log {ref} id-provided --via email  # or --via post-first, post-second, hand",
    "pay-fee": "dsar track log {ref} fee-paid",
    "clarify": "dsar track log {ref} clarification-provided --via email  # or --via post-first, post-second",
    "chase": "dsar chase {ref}",
    "ask-reasons": "dsar chase {ref}",
    "complain": "dsar complain {ref} --to controller",
    "complain-ico": "dsar complain {ref} --to ico",
}
_LETTERS = frozenset({"chase", "ask-reasons", "complain", "complain-ico"})
# a request with no sender recorded (added with `dsar track add`) needs a profile, once
_NEEDS_PROFILE = " --profile PROFILE  # PROFILE: the sender's profile file; needed once, then remembered"


# How a draft is logged as sent: the --via of its route (dsar.directory.routes.send_route,
# the way the letter's how-to-send line said), the other ways after a "#".
_VIAS = ("email", "online-form", "post-first", "post-second", "hand")
_SEND = "dsar track log {ref} sent --via {via}  # or --via {others}"
_SEND_NO_ROUTE = ("dsar track log {ref} sent --via HOW  # no email, online form or postal address is "
                  "known for this organisation: find out where to send it first; HOW: " + ", ".join(_VIAS))


def command_for(ref: str, action: str, *, sender_known: bool = True,
                send_via: str | None = None) -> str | None:
    """The dsar command for the next step, e.g. `dsar chase R-000001`; with no sender recorded
    for the request, a letter's command asks for --profile.

    `send_via`: for a draft ("send"), the --via of the route its letter said to use
    (SendRoute.via); None: no route is known, and the command says so rather than guess one."""
    if action == "send":
        if send_via is None:
            return _SEND_NO_ROUTE.format(ref=ref)
        return _SEND.format(ref=ref, via=send_via, others=", ".join(v for v in _VIAS if v != send_via))
    template = _COMMANDS.get(action)
    if template is None:
        return None
    return template.format(ref=ref) + ("" if sender_known or action not in _LETTERS else _NEEDS_PROFILE)


def name_of(controller_id: str, names: Mapping[str, str]) -> str:
    return shown(names.get(controller_id, controller_id))


def due_line(request: Request, assessment: Assessment, names: Mapping[str, str], *,
             sender_known: bool = True, send_via: str | None = None) -> str:
    """One line for `dsar due` and `dsar remind`: ref, who, what, when, and what to do."""
    who = f"{name_of(request.controller_id, names)} {request.kind}"
    client = f" [{shown(request.client_reference)}]" if request.client_reference else ""
    if assessment.watch_on is not None:
        what = {"overdue": "late, chased", "partial": "partly answered, chased",
                "refused": "refused, reasons asked for"}.get(assessment.status, assessment.status)
        when = f"{what}; reply due {human_day(assessment.watch_on)}"
    elif assessment.days_overdue > 0:
        days = "day" if assessment.days_overdue == 1 else "days"
        when = f"overdue by {assessment.days_overdue} {days} (due {human_day(assessment.due_on)})"
    elif assessment.due_on is not None and assessment.action == "wait":
        when = f"due {human_day(assessment.due_on)}"
    elif assessment.complaint_ack_due is not None and assessment.action == "wait":
        when = f"complaint acknowledgement due {human_day(assessment.complaint_ack_due)}"
    else:
        when = assessment.status
    line = f"{request.ref}  {who} for {shown(request.requester)}{client}: {when}. {assessment.next_step}"
    command = command_for(request.ref, assessment.action, sender_known=sender_known, send_via=send_via)
    return f"{line}\n    then: {command}" if command else line


def list_line(request: TrackedRequest, assessment: Assessment, names: Mapping[str, str]) -> str:
    client = f" [{shown(request.client_reference)}]" if request.client_reference else ""
    due = assessment.due_on.isoformat() if assessment.due_on else "-"
    return (f"{request.ref}  {name_of(request.controller_id, names)}  {request.kind}  "
            f"{assessment.status}  due {due}  {shown(request.requester)}{client}")


def show_lines(request: TrackedRequest, assessment: Assessment, names: Mapping[str, str],
               send_via: str | None = None) -> list[str]:
    """`dsar track show`: who, status, the deadline and how it was worked out, the history."""
    lines = [
        f"{request.ref}  {name_of(request.controller_id, names)} ({shown(request.controller_id)}), "
        f"{request.kind} request",
        f"Requester: {shown(request.requester)}"
        + (f"  (client reference: {shown(request.client_reference)})" if request.client_reference else ""),
        f"Regime: {', '.join(request.regimes)}; bank holidays of {request.nation}; "
        f"added {human_day(request.created)}",
        f"Status: {assessment.status}",
        f"Next step: {assessment.next_step}"
        + (f" (`{cmd}`)" if (cmd := command_for(request.ref, assessment.action, send_via=send_via)) else ""),
        f"Received: {human_day(assessment.received_on)}",
        f"Relevant time: {human_day(assessment.relevant_time)}",
        f"Deadline: {human_day(assessment.due_on)}"
        + (f" (overdue by {assessment.days_overdue} days)" if assessment.days_overdue
           and assessment.part3_due_on is None else ""),
    ]
    if assessment.part3_due_on is not None:  # old rules, both regimes (issue 11 item 10)
        lines.append(f"Deadline for data under DPA 2018 Part 3: {human_day(assessment.part3_due_on)}"
                     + (f" (overdue by {assessment.days_overdue} days)" if assessment.days_overdue else ""))
    if assessment.watch_on is not None:
        lines.append(f"Final date for an answer to your letter: {human_day(assessment.watch_on)}")
    if assessment.complaint_ack_due is not None:
        lines.append(f"Complaint acknowledgement due: {human_day(assessment.complaint_ack_due)}")
    lines.append("How this was worked out:")
    lines.extend(f"  - {step}" for step in assessment.explanation)
    lines.append("History:")
    if not request.entries:
        lines.append("  (nothing logged yet; e.g. `dsar track log "
                     f"{request.ref} sent --on YYYY-MM-DD --via email`)")
    for entry in request.entries:
        event = entry.event
        parts = [f"  {event.on.isoformat()}  {event.kind}"]
        if event.via:
            parts.append(f"via {shown(event.via)}")
        if event.data.get("missing"):
            parts.append(f"missing: {', '.join(map(shown, event.data['missing']))}")
        if event.data.get("reason"):
            parts.append(f"reason: {shown(str(event.data['reason']))}")
        if event.data.get("forced"):
            parts.append(f"made with --force before its time: {shown(str(event.data['forced']))}")
        if event.note:
            parts.append(f"- {shown(event.note)}")
        lines.append("  ".join(parts) if len(parts) > 1 else parts[0])
        lines.extend(f"      file: {shown(name)}" for name in entry.files)
    return lines
