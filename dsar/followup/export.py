"""The evidence pack: a request's whole history, for the ICO or a court (`dsar track export`).

A court application under DPA 2018 s.167 or a complaint to the Commissioner under
s.165 (uk-law.md) needs the facts in order and the documents behind them. The pack
holds the request, the deadline engine's assessment today with its working, every
event in date order, and every file recorded with the history, with its SHA-256 and
size so a copy can be checked against the original.

- JSON (`evidence()` / `to_json()`): the documented shape below, for other tools.
- PDF (`to_pdf_pack()`): the same content as a document (letters/templates/
  evidence-pack.j2, rendered by dsar.render like every letter: tagged, PDF/UA-1 or
  PDF/A-3b, titled, in `en-GB`), with every recorded file (letters sent, answers
  saved, of any type) attached to it unchanged as an embedded file, each once, in the
  order recorded (PDF/A-3b marks each as its "Source"). A file that is missing or
  cannot be read is listed, not attached.

  Why attached, not merged page by page (issue 14 item 5): each attached file keeps
  its own bytes, so the SHA-256 the pack lists can be checked against the attachment
  itself, and its own tags, title and language (dsar's letters are tagged PDFs); a
  merged copy has neither, and in a tagged pack a screen reader skips merged pages
  whose tags were dropped. Answers that are not PDFs (a scanned JPEG, an email) are
  kept too. The price: printing the pack prints the summary only; each attachment
  opens (and prints) from the PDF reader's attachments panel.

JSON shape (format "dsar-evidence-pack/1"): {format, made_on, ref, requester,
client_reference, representative: {name, organisation, reference} or null (from the sender
recorded with the request), organisation: {id, name}, kind, regimes, nation, created,
assessment: {status, next_step, action, received_on, relevant_time, due_on,
days_overdue, complaint_ack_due, rules, explanation: [...]}, events: [{event, on, via,
note, data, logged_at, files: [path...]}] (as in `dsar track show --json`),
documents: [{path, name, exists, bytes, sha256}]}. Dates are ISO (YYYY-MM-DD); missing values are null.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.errors import DsarError
from dsar.inputs import ATTACHMENT_LIMIT, InputError, read_limited
from dsar.render import DEFAULT_PDF_VARIANT
from dsar.tracker.views import assessment_dict, entry_dict

if TYPE_CHECKING:
    from dsar.compose import Letter
    from dsar.controllers import Controller
    from dsar.deadlines import Assessment
    from dsar.profile import Representative
    from dsar.tracker import TrackedRequest

FORMAT = "dsar-evidence-pack/1"
EXPORT_FORMATS = ("pdf", "json")


@dataclass(frozen=True)
class Document:
    """A file recorded with the history, as found on disk now."""

    path: str
    name: str
    exists: bool
    bytes: int | None
    sha256: str | None


def _document(path: str) -> Document:
    file = Path(path)
    try:
        data = read_limited(file, "a recorded file", ATTACHMENT_LIMIT)
    except (OSError, InputError):  # gone, or no longer a regular file of a sane size
        return Document(path, file.name, False, None, None)
    return Document(path, file.name, True, len(data), hashlib.sha256(data).hexdigest())


def documents(request: TrackedRequest) -> list[Document]:
    """Every file recorded in the history, each once, in the order recorded."""
    return [_document(path) for path in dict.fromkeys(request.files)]


@dataclass(frozen=True)
class Attached:
    """A recorded file as read for the pack: its facts, and its bytes when it can be attached."""

    document: Document
    data: bytes | None
    problem: str | None  # why it is not attached


def _read_for_pack(path: str) -> Attached:
    """One read of the file gives both the checksum listed and the bytes attached."""
    file = Path(path)
    try:  # within the limit: it may have been swapped for a FIFO since it was recorded (issue 16)
        data = read_limited(file, "a recorded file", ATTACHMENT_LIMIT)
    except InputError as exc:
        return Attached(Document(path, file.name, False, None, None), None,
                        f"{exc.message}, so not attached")
    except OSError:
        return Attached(Document(path, file.name, False, None, None), None,
                        f"{path}: not found, so not attached")
    document = Document(path, file.name, True, len(data), hashlib.sha256(data).hexdigest())
    return Attached(document, data, None)


def _acting(rep: Representative | None) -> dict[str, Any] | None:
    if rep is None:
        return None
    return {"name": rep.name, "organisation": rep.organisation, "reference": rep.reference}


def evidence(request: TrackedRequest, assessment: Assessment, org: Controller | None,
             today: date, representative: Representative | None = None) -> dict[str, Any]:
    """The evidence pack as plain JSON values (see the module docstring for the shape)."""
    entries = sorted(request.entries, key=lambda e: e.event.on)
    return {
        "format": FORMAT,
        "made_on": today.isoformat(),
        "ref": request.ref,
        "requester": request.requester,
        "client_reference": request.client_reference,
        # who acts for the requester, from the sender recorded with the request (issue 11 item 5)
        "representative": _acting(representative),
        "organisation": {"id": request.controller_id, "name": org.name if org else None},
        "kind": request.kind,
        "regimes": list(request.regimes),
        "nation": request.nation,
        "created": request.created.isoformat(),
        "assessment": {**assessment_dict(assessment), "explanation": list(assessment.explanation)},
        "events": [entry_dict(entry) for entry in entries],
        "documents": [doc.__dict__ for doc in documents(request)],
    }


def to_json(request: TrackedRequest, assessment: Assessment, org: Controller | None,
            today: date, representative: Representative | None = None) -> str:
    return json.dumps(evidence(request, assessment, org, today, representative), indent=2,
                      ensure_ascii=False) + "\n"


def pack_letter(request: TrackedRequest, assessment: Assessment, org: Controller | None,
                today: date, representative: Representative | None = None, *,
                docs: list[Document] | None = None, attached: bool = False) -> Letter:
    """The pack's cover document (summary, assessment, chronology, documents) as a Letter.

    `docs`: the recorded files as read (default: read now); `attached`: whether the files
    that exist are attached to the PDF (the summary says so, file by file)."""
    import jinja2

    from dsar.compose import Letter, environment, parse_blocks
    from dsar.followup.context import chronology, deadline_working
    from dsar.followup.working import letter_working

    # read by the ICO or a court: the deadline's working about the organisation, in full dates
    # with deemed dates said to be deemed (the tracker's own notes stay in the JSON export)
    name = (f"{org.article} {org.short_name}" if org.article else org.short_name) if org \
        else "the organisation"
    values = {
        "request": request,
        "org_name": org.name if org else request.controller_id,
        "org": org,
        "a": assessment,
        "chronology": chronology(request),
        "documents": documents(request) if docs is None else docs,
        "attached": attached,
        "on": today,
        "rep": representative,
        "working": letter_working(deadline_working(assessment.explanation), you=name,
                                  your=f"{name}'s"),
    }
    try:
        module: Any = environment().get_template("evidence-pack.j2").make_module(values)
    except jinja2.TemplateNotFound as exc:
        raise DsarError(f"the template {exc.name} is missing; reinstall dsar") from None
    return Letter(
        kind="evidence-pack", controller_id=request.controller_id, on=today, sender=(), recipient=(),
        subject=" ".join(str(module.subject).split()), blocks=parse_blocks(str(module)),
        signature=(), enclosures=(), email_to=None, warnings=(),
    )


def to_pdf_pack(request: TrackedRequest, assessment: Assessment, org: Controller | None,
                today: date, *, attach: bool = True,
                representative: Representative | None = None,
                variant: str = DEFAULT_PDF_VARIANT) -> tuple[bytes, list[str]]:
    """The pack as one tagged PDF in `variant` (the recorded files attached to it unless
    `attach` is False), and a line for each recorded file that could not be attached."""
    from dsar.render import check_pdf_variant, to_document, write_pdf

    check_pdf_variant(variant)
    if not attach:
        letter = pack_letter(request, assessment, org, today, representative)
        return write_pdf(to_document(letter), variant), []
    read = [_read_for_pack(path) for path in dict.fromkeys(request.files)]
    letter = pack_letter(request, assessment, org, today, representative,
                         docs=[a.document for a in read], attached=True)
    files = [(a.document.name, a.data) for a in read if a.data is not None]
    pdf = write_pdf(to_document(letter), variant, attachments=_attachments(files))
    return pdf, [a.problem for a in read if a.problem is not None]


def _attachments(files: list[tuple[str, bytes]]) -> list[Any]:
    """WeasyPrint attachments for (name, bytes), each name once (a second "x.pdf" is "x (2).pdf")."""
    from dsar.render import asset_fetcher, load_weasyprint

    weasyprint = load_weasyprint()
    seen: dict[str, int] = {}
    out = []
    for name, data in files:
        count = seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
        shown = name if count == 1 else f"{Path(name).stem} ({count}){Path(name).suffix}"
        out.append(weasyprint.Attachment(string=data, name=shown, description=name,
                                         relationship="Source", url_fetcher=asset_fetcher()))
    return out
