"""The adviser's checklist of a batch: OUT/adviser-checklist-<batch id>.txt (adviser-checklist.j2).

What the adviser does for each client (get the authority signed, send each letter the
way "how to send" says, enclose what it lists, check the warnings, log it in the
tracker) stays in the adviser's files; the client's cover sheet speaks to the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.compose import environment
from dsar.files import write_private

if TYPE_CHECKING:
    from dsar.batch.worker import ClientOutcome

NAME = "adviser-checklist-{batch_id}.txt"  # one per batch: a second batch into OUT keeps the first's
TEMPLATE = "adviser-checklist.j2"


@dataclass(frozen=True)
class _Letter:
    organisation: str
    kind: str
    ref: str | None
    file: str
    how: str
    enclosures: tuple[str, ...]
    warnings: tuple[str, ...]


def _main_file(files: dict[str, str]) -> str:
    return next((files[f] for f in ("pdf", "html", "txt", "eml") if f in files), "")


def checklist_text(clients: list[ClientOutcome], refs: dict[tuple[str, str, str], str], *,
                   batch_id: str, on: date, names: dict[str, str]) -> str:
    """The checklist for every client, in order; `names` maps organisation ids to names."""
    values: list[dict[str, Any]] = []
    for c in clients:
        authority = next((d for d in c.docs if d.document == "letter-of-authority"), None)
        shown: set[str] = set()  # a check about an organisation's address is said once a client
        letters = []
        for d in c.letters:
            fresh = tuple(w for w in d.warnings if w not in shown)
            shown.update(fresh)
            letters.append(_Letter(
                names.get(d.controller_id or "", d.controller_id or ""), d.kind or "",
                refs.get((c.reference, d.controller_id or "", d.kind or "")), _main_file(d.files),
                d.how_to_send or "", tuple(d.enclosures), fresh))
        values.append({"reference": c.reference, "full_name": c.full_name, "folder": c.folder,
                       "authority": _main_file(authority.files) if authority else "",
                       "letters": letters,
                       "summary": _main_file(c.summary.files) if c.summary is not None else ""})
    template = environment().get_template(TEMPLATE)
    return template.render(batch_id=batch_id, on=on, clients=values)


def write_checklist(text: str, out: Path, batch_id: str) -> Path:
    """OUT/adviser-checklist-<batch id>.txt, atomically, mode 0600."""
    return write_private(out / NAME.format(batch_id=batch_id), text)
