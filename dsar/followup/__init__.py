"""After the letter: chasers, requests for reasons, complaints, the ICO pack and evidence packs.

Everything is built from a tracked request's own history (dsar.tracker) and the
deadline engine's assessment of it (dsar.deadlines); the wording lives in
letters/templates (chase.j2, reasons.j2, complaint.j2, ico-complaint.j2,
evidence-pack.j2) and the catalogue of what an answer must contain in
letters/followup/items.toml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dsar.followup.make import FollowUp, Prepared, check_profile, follow_up, prepare
    from dsar.followup.missing import Item, catalogue, parse_missing

__all__ = ["FollowUp", "Item", "Prepared", "catalogue", "check_profile", "follow_up", "parse_missing",
           "prepare"]

_FROM = {"FollowUp": "make", "Prepared": "make", "check_profile": "make", "follow_up": "make",
         "prepare": "make", "Item": "missing", "catalogue": "missing", "parse_missing": "missing"}


def __getattr__(name: str) -> Any:
    """Import on first use, so `dsar track log --help` (which lists the item codes) stays light."""
    if name in _FROM:
        import importlib

        return getattr(importlib.import_module(f"dsar.followup.{_FROM[name]}"), name)
    raise AttributeError(name)
