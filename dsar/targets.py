"""Which letters go to which organisation: `--to ID`, `--to ID:KIND`, and processors.

`--to home-office:access --to metropolitan-police:erasure` asks each organisation for
its own kind; `access+erasure` asks for both; a plain `--to ID` gets the kinds of
`--kind` (default access). The batch sheet's organisations column takes the same
`id:kind` entries. Every way of choosing organisations (generate, the interview, a
batch) goes through `route`, so they all behave the same.

A processor (a record with `redirect_to`, e.g. Buddi for the Home Office) is not
written to: the letter goes to its controller, which answers for the data (UK GDPR
Art 28: a processor acts on the controller's instructions; the ICO's notice of
28 February 2024 names the Home Office the controller of its monitoring data,
uk-law-addendum.md point 10), and the tracker records the request against the
controller. `Routed.notes` says so, one line per processor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dsar.errors import ControllerError, LetterError

if TYPE_CHECKING:
    from dsar.controllers import Directory

# What may follow the colon, and the letters it makes (in this order).
KIND_SPECS: dict[str, tuple[str, ...]] = {
    "access": ("access",),
    "erasure": ("erasure",),
    "access+erasure": ("access", "erasure"),
    "erasure+access": ("access", "erasure"),
}
LETTER_KINDS = ("access", "erasure")


@dataclass(frozen=True)
class Target:
    """One organisation and the letters it gets."""

    controller_id: str
    kinds: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.controller_id}:{'+'.join(self.kinds)}"


@dataclass(frozen=True)
class Routed:
    """The targets after processors were replaced by their controllers."""

    targets: tuple[Target, ...]
    notes: dict[str, str]  # processor id -> why its letters go to its controller (one line)
    routed_from: dict[tuple[str, str], str]  # (controller id, kind) -> the processor id given

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(controller id, kind) for every letter, in order."""
        return [(t.controller_id, kind) for t in self.targets for kind in t.kinds]


def parse_kinds(spec: str, entry: str, where: str = "--to") -> tuple[str, ...]:
    # `where` names what the entry was given as: "--to", or "the entry" (batch sheets)
    """The letters a KIND after the colon stands for; a one-line error naming an unknown one."""
    key = "".join(spec.lower().split())
    if key not in KIND_SPECS:
        raise LetterError(f'unknown letter kind "{spec}" in {where} "{entry}"; after the colon use '
                          "access, erasure or access+erasure")
    return KIND_SPECS[key]


def parse(entry: str, default: Sequence[str], where: str = "--to") -> Target:
    """`ID` (the default kinds) or `ID:KIND` -> a Target. The id is checked later (`route`)."""
    cid, colon, spec = entry.strip().partition(":")
    cid = cid.strip().lower()
    if not cid:
        raise LetterError(f'{where} "{entry}" has no organisation id before the colon; '
                          "write it as ID or ID:KIND, e.g. home-office:access")
    kinds = parse_kinds(spec, entry, where) if colon else tuple(dict.fromkeys(default))
    return Target(cid, kinds)


def parse_all(entries: Sequence[str], default: Sequence[str], where: str = "--to") -> list[Target]:
    """Every entry parsed; the same organisation twice gets the kinds of both, in order."""
    merged: dict[str, list[str]] = {}
    for entry in entries:
        target = parse(entry, default, where)
        kinds = merged.setdefault(target.controller_id, [])
        kinds.extend(k for k in target.kinds if k not in kinds)
    return [Target(cid, tuple(k for k in LETTER_KINDS if k in kinds) or tuple(kinds))
            for cid, kinds in merged.items()]


def route(entries: Sequence[str], default: Sequence[str], directory: Directory,
          where: str = "--to") -> Routed:
    """Parse the entries, check every id, and send a processor's letters to its controller."""
    targets = parse_all(entries, default, where)
    problems: list[str] = []
    routed: list[str] = []
    notes: dict[str, str] = {}
    routed_from: dict[tuple[str, str], str] = {}
    direct: set[tuple[str, str]] = set()
    for target in targets:
        try:
            record = directory.get(target.controller_id)
        except ControllerError as exc:
            problems.extend(exc.problems)
            continue
        if record.redirect_to:
            controller = directory.get(record.redirect_to)
            notes[record.id] = (f"{record.short_name} processes data for {controller.short_name}, "
                                f"which is the controller: the letter goes to {controller.short_name} "
                                f"({controller.id}) and the tracker records it there")
            for kind in target.kinds:
                routed_from.setdefault((controller.id, kind), record.id)
            routed.append(f"{controller.id}:{'+'.join(target.kinds)}")
        else:
            direct.update((target.controller_id, kind) for kind in target.kinds)
            routed.append(str(target))
    if problems:
        raise ControllerError(problems)
    # asked of the controller itself too: that letter is not "instead of" the processor
    routed_from = {key: pid for key, pid in routed_from.items() if key not in direct}
    return Routed(tuple(parse_all(routed, default, where)), notes, routed_from)
