"""The values every follow-up template receives (see letters/templates/_followup.j2).

`template_context()` gathers, for one tracked request: the organisation's record
(`org`), the facts from the history (`f`, dsar.followup.history.Facts), the deadline
engine's working for the deadline (`working`), the chronology of every event, the
documents recorded with them, and the identifiers the organisation uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.deadlines import COMPLAINT_DUTY_FROM, USER_CAUTION, USER_SAFE, working_lines
from dsar.followup.missing import catalogue, missing_from
from dsar.followup.reasons import letter_words
from dsar.followup.working import letter_working

if TYPE_CHECKING:
    from dsar.controllers import Controller
    from dsar.followup.history import Facts
    from dsar.profile import Profile
    from dsar.tracker import TrackedRequest



@dataclass(frozen=True)
class Entry:
    """One event of the history, ready for the chronology."""

    on: date
    kind: str
    via: str | None
    note: str | None
    missing: tuple[str, ...]  # titles of the items a partial answer left out
    reason: str  # a refusal's logged reason in a letter's words (", without giving any reason"), or ""
    files: tuple[str, ...]  # file names (not paths) recorded with the event


def deadline_working(explanation: Sequence[str]) -> list[str]:
    """The engine's lines that work out the deadline (receipt .. the period), without next steps
    and without the words meant for the user (issue 11 item 9); a letter quotes them in its own
    voice (dsar.followup.working.letter_working)."""
    return [line.replace(USER_CAUTION, "").replace(USER_SAFE, "") for line in working_lines(explanation)]


def chronology(request: TrackedRequest, *, include_notes: bool = True) -> list[Entry]:
    """Every event in date order (same-day events in the order logged), as plain entries."""
    items = catalogue()
    entries = sorted(request.entries, key=lambda e: e.event.on)
    out = []
    for entry in entries:
        event = entry.event
        if not include_notes and event.kind in ("note", "drafted"):
            continue
        codes = missing_from(event.data) if event.kind == "partial-response" else []
        out.append(Entry(
            on=event.on, kind=event.kind, via=event.via, note=event.note,
            missing=tuple(items[c].title if c in items else c for c in codes),
            reason=letter_words(str(event.data.get("reason") or "")) if event.kind == "refused" else "",
            files=tuple(Path(name).name for name in entry.files),
        ))
    return out


# A letter is recorded in several formats; a list of documents names it once, by the
# format a reader is most likely to open.
_PREFERRED = {".pdf": 0, ".html": 1, ".txt": 2, ".eml": 3}


def documents(request: TrackedRequest) -> list[str]:
    """The documents recorded in the history (letters sent, answers saved), each once.

    The formats of one letter (same folder and name, .pdf/.html/.txt/.eml) count as one
    document, named by its PDF when there is one.
    """
    chosen: dict[tuple[str, str], Path] = {}
    for name in request.files:
        path = Path(name)
        key = (str(path.parent), path.stem if path.suffix in _PREFERRED else path.name)
        best = chosen.get(key)
        if best is None or _PREFERRED.get(path.suffix, 9) < _PREFERRED.get(best.suffix, 9):
            chosen[key] = path
    return [path.name for path in chosen.values()]


def template_context(profile: Profile, org: Controller, request: TrackedRequest, facts: Facts,
                     on: date) -> dict[str, Any]:
    """The values a follow-up template needs, beyond those dsar.compose always gives."""
    from dsar.compose import identifiers_for

    return {
        "org": org,
        "org_regimes": tuple(request.regimes),
        "org_ids": identifiers_for(profile, org),
        "f": facts,
        "working": letter_working(deadline_working(facts.explanation)),
        # DPA 2018 s.164A is in force from 19 June 2026 (DUAA 2025 s.103; statute-extracts.md, commencement)
        "complaint_duty": on >= COMPLAINT_DUTY_FROM,
        "chronology": chronology(request),
        "documents": documents(request),
        "ref": request.ref,
        "reason_words": letter_words(facts.refusal_reason),
    }
