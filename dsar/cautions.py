"""Cautions about erasure, from letters/cautions.toml (the wording and the rule are data).

`erasure_caution(id)` is the line shown wherever an erasure letter to that organisation
is made (generate, the interview's closing page, a batch adviser's checklist);
`access_first(id, profile)` says whether the interview should suggest access rather
than erasure for it, because the person's facts make its records likely evidence.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import TYPE_CHECKING, Any

from dsar.paths import letters_dir

if TYPE_CHECKING:
    from dsar.profile import Circumstances


@cache
def _erasure() -> dict[str, Any]:
    with (letters_dir() / "cautions.toml").open("rb") as handle:
        return dict(tomllib.load(handle).get("erasure", {}))


def erasure_caution(controller_id: str | None) -> str | None:
    """The caution for an erasure letter to this organisation, or None."""
    entry = _erasure().get(controller_id or "")
    return " ".join(str(entry["text"]).split()) if entry else None


def access_first(controller_id: str, circumstances: Circumstances | dict[str, Any]) -> bool:
    """True when the person's circumstances make erasure here risky: suggest access first."""
    entry = _erasure().get(controller_id)
    if not entry:
        return False
    facts = circumstances if isinstance(circumstances, dict) else circumstances.model_dump()
    return any(bool(facts.get(name)) for name in entry.get("access_first_when", []))
