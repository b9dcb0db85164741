"""Where police records of an arrest are deleted, by nation (letters/record-deletion.toml).

An erasure letter to a police force or ACRO reaches the force's own records; the PNC
arrest record, fingerprints, DNA and custody image are deleted through a separate
application: ACRO's Record Deletion Process in England and Wales, the PSNI's biometric
deletion requests in Northern Ireland (uk-law-addendum.md point 8). "How to send" names it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import TYPE_CHECKING, Any

from dsar.paths import letters_dir

if TYPE_CHECKING:
    from dsar.controllers import Controller

POLICE_KINDS = ("police", "criminal-records")


@cache
def _routes() -> dict[str, Any]:
    with (letters_dir() / "record-deletion.toml").open("rb") as handle:
        return tomllib.load(handle)


def route_for(controller: Controller | None) -> dict[str, Any] | None:
    """The deletion route for arrest records held by this police force (or ACRO), or None."""
    if controller is None or controller.kind.value not in POLICE_KINDS:
        return None
    for route in _routes().values():
        if controller.nation.value in route["nations"]:
            return dict(route)
    return None
