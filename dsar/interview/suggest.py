"""Answers about "what happened" -> the organisations that probably hold records.

The rules (which answer suggests which organisation, and why) are data, in
letters/interview/suggestions.toml; this module applies them. Police forces are
the ones the person named; ACRO is suggested for any police contact.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from dsar.interview.language import N_
from dsar.paths import letters_dir

if TYPE_CHECKING:
    from dsar.controllers import Directory


@dataclass(frozen=True)
class Org:
    """What the interview needs to know about one organisation (plain data)."""

    id: str
    name: str
    short_name: str
    police: bool = False
    search_terms: tuple[str, ...] = ()  # lower-case names, aliases and areas
    identifiers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """The organisations the interview can suggest, from the controller directory."""

    orgs: dict[str, Org] = field(default_factory=dict)

    @classmethod
    def from_directory(cls, directory: Directory) -> Catalogue:
        orgs: dict[str, Org] = {}
        for record in directory:
            if record.redirect_to:  # processors: requests go to their controller
                continue
            terms = (record.name, record.short_name, record.id.replace("-", " "),
                     *record.aliases, *record.areas)
            orgs[record.id] = Org(
                id=record.id, name=record.name, short_name=record.short_name,
                police=record.kind.value == "police",
                search_terms=tuple(t.lower() for t in terms),
                identifiers=tuple(record.identifiers),
            )
        return cls(orgs)

    @property
    def forces(self) -> list[Org]:
        return sorted((o for o in self.orgs.values() if o.police), key=lambda o: o.short_name)

    def find_forces(self, text: str) -> list[Org]:
        """Police forces whose name, alias or area contains `text` (exact name first)."""
        needle = " ".join(text.lower().split())
        if not needle:
            return []
        exact = [f for f in self.forces if needle in (f.name.lower(), f.short_name.lower(), f.id)]
        if exact:
            return exact
        return [f for f in self.forces if any(needle in term for term in f.search_terms)]

    def resolve_force(self, text: str) -> Org:
        """The one force `text` names, or ValueError saying what to type."""
        found = self.find_forces(text)
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValueError(f'no police force matches "{text.strip()}"; type part of its name or a town')
        names = ", ".join(f.short_name for f in found[:4])
        more = ", ..." if len(found) > 4 else ""
        raise ValueError(f'"{text.strip()}" matches {names}{more}; type more of the name')


@dataclass(frozen=True)
class Suggestion:
    id: str
    reasons: tuple[str, ...]


@cache
def _data() -> dict[str, Any]:
    with (letters_dir() / "interview" / "suggestions.toml").open("rb") as handle:
        return tomllib.load(handle)


def _rules() -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = _data()["rule"]
    return rules


def always_offer() -> list[str]:
    """The organisations offered in the checkbox whatever the answers."""
    return [str(cid) for cid in _data()["always_offer"]]


def _situations(answers: dict[str, Any]) -> list[str]:
    """The rule names (`when` in suggestions.toml) that the answers make true."""
    found: list[str] = []
    monitoring = answers.get("monitoring", "none")
    if monitoring == "non-fitted-device":
        found.append("watch")
    elif monitoring == "ankle-tag":
        reason = answers.get("monitoring_reason", "other")
        found.append({"immigration-bail": "tag-immigration", "licence": "tag-criminal",
                      "court-order": "tag-criminal"}.get(reason, "tag-unsure"))
    if answers.get("immigration"):
        found.append("immigration")
    if answers.get("detention"):
        found.append("detention")
    prison = answers.get("prison", "none")
    if prison in ("prison", "both"):
        found.append("prison")
    if prison in ("probation", "both"):
        found.append("probation")
    if answers.get("police_contact"):
        found.append("police")
    return found


def suggest(answers: dict[str, Any], forces: list[str], catalogue: Catalogue) -> list[Suggestion]:
    """The organisations the answers point to, each with the reasons, in a stable order."""
    reasons: dict[str, list[str]] = {}
    situations = _situations(answers)
    for rule in _rules():
        if rule["when"] in situations:
            for cid in rule["ids"]:
                if cid in catalogue.orgs and rule["reason"] not in reasons.get(cid, []):
                    reasons.setdefault(cid, []).append(rule["reason"])
    for cid in forces:
        if cid in catalogue.orgs:
            reasons.setdefault(cid, []).append(N_("the police area you named"))
    return [Suggestion(cid, tuple(why)) for cid, why in reasons.items()]

