"""The evidence pack: a request's whole history, for the ICO or a court (`dsar track export`).

A court application under DPA 2018 s.167 or a complaint to the Commissioner under
s.165 (uk-law.md) needs the facts in order and the documents behind them. The pack
holds the request, the deadline engine's assessment today with its working, every
event in date order, and every file recorded with the history, with its SHA-256 and
size so a copy can be checked against the original.

- JSON (`evidence()` / `to_json()`): the documented shape below, for other tools.
- PDF (`to_pdf_pack()`): the same content as a document (letters/templates/
  evidence-pack.j2, rendered by dsar.render like every letter), followed by the
  recorded PDF files themselves (letters sent, answers saved), each once, in date
  order; a file that is missing or not a readable PDF is listed, not attached.

JSON shape (format "dsar-evidence-pack/1"): {format, made_on, ref, requester,
client_reference, organisation: {id, name}, kind, regimes, nation, created,
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
from dsar.tracker.views import assessment_dict, entry_dict

if TYPE_CHECKING:
    from dsar.compose import Letter
    from dsar.controllers import Controller
    from dsar.deadlines import Assessment
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


def evidence(request: TrackedRequest, assessment: Assessment, org: Controller | None,
             today: date) -> dict[str, Any]:
    """The evidence pack as plain JSON values (see the module docstring for the shape)."""
    entries = sorted(request.entries, key=lambda e: e.event.on)
    return {
        "format": FORMAT,
        "made_on": today.isoformat(),
        "ref": request.ref,
        "requester": request.requester,
        "client_reference": request.client_reference,
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
            today: date) -> str:
    return json.dumps(evidence(request, assessment, org, today), indent=2, ensure_ascii=False) + "\n"


def pack_letter(request: TrackedRequest, assessment: Assessment, org: Controller | None,
                today: date) -> Letter:
    """The pack's cover document (summary, assessment, chronology, documents) as a Letter."""
    import jinja2

    from dsar.compose import Letter, environment, parse_blocks
    from dsar.followup.context import chronology

    values = {
        "request": request,
        "org_name": org.name if org else request.controller_id,
        "a": assessment,
        "chronology": chronology(request),
        "documents": documents(request),
        "on": today,
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
                today: date, *, attach: bool = True) -> tuple[bytes, list[str]]:
    """The pack as one PDF, and a line for each recorded file that could not be attached."""
    from io import BytesIO

    from dsar.render import to_pdf

    cover = to_pdf(pack_letter(request, assessment, org, today))
    if not attach:
        return cover, []
    import pypdf

    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(BytesIO(cover)))
    skipped: list[str] = []
    for doc in documents(request):
        if not doc.name.lower().endswith(".pdf"):
            continue
        if not doc.exists:
            skipped.append(f"{doc.path}: not found, so not attached")
            continue
        try:  # read again within the limit: it may have been swapped for a FIFO since (issue 16)
            data = read_limited(Path(doc.path), "a recorded file", ATTACHMENT_LIMIT)
            writer.append(pypdf.PdfReader(BytesIO(data)))
        except InputError as exc:
            skipped.append(f"{exc.message}, so not attached")
            continue
        except (pypdf.errors.PyPdfError, OSError, ValueError, RecursionError) as exc:
            skipped.append(f"{doc.path}: not a readable PDF ({exc}), so not attached")
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), skipped
