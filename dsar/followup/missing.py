"""The catalogue of what an access answer must contain, and the parts an answer left out.

The items (Article 15(1)(a)-(h), 15(2) and 15(3) UK GDPR; DPA 2018 s.45(1)-(2)
for Part 3; and named records such as facial images or location data) live in
data, `letters/followup/items.toml`, each with its citation under each regime.
This module reads them, checks the codes a user gives with
`dsar track log REF partial-response --missing a,b,c`, and picks the citation
that fits the organisation's regimes.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from dsar.errors import DsarError
from dsar.paths import letters_dir

UK_GDPR = "uk-gdpr"
PART_3 = "dpa-part-3"


@dataclass(frozen=True)
class Item:
    """One thing an access answer must contain."""

    code: str
    title: str
    ask: str  # one sentence for the letter: what to send ({me}, {my}: see ask_for)
    uk_gdpr: str  # citation under UK GDPR
    part3: str  # citation under DPA 2018 Part 3
    named: bool = False  # a named record rather than an Art 15(1) item
    ask_part3: str | None = None  # the ask under Part 3, when the law there asks for something else
    ask_both: str | None = None  # both asks, each with its regime, for a body under both

    def ask_for(self, me: str = "me", my: str = "my", regimes: Sequence[str] = ()) -> str:
        """The ask in the letter's voice: "me"/"my", or "our client"/"our client's"; for an
        organisation under `regimes` (an item that differs under Part 3, such as the logic of
        automated decisions, a UK GDPR item only: uk-law-addendum.md point 2)."""
        ask = self.ask
        if self.ask_part3 is not None and PART_3 in regimes:
            ask = self.ask_both if UK_GDPR in regimes and self.ask_both is not None else self.ask_part3
        return ask.replace("{me}", me).replace("{my}", my)

    def citation(self, regimes: Sequence[str]) -> str:
        """The provision(s) that require this item, for an organisation under `regimes`.

        Both regimes (the police): "Article 15(3) UK GDPR / DPA 2018 s.45(1)(b)", as the
        letters cite both "as applicable" (uk-law.md, "Which law applies").
        """
        parts = []
        if UK_GDPR in regimes or not regimes:
            parts.append(self.uk_gdpr)
        if PART_3 in regimes:
            parts.append(self.part3)
        return " / ".join(parts)


@cache
def catalogue() -> dict[str, Item]:
    """Every item, by code, in the order of the data file."""
    path = letters_dir() / "followup" / "items.toml"
    with path.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    return {
        code: Item(code=code, title=entry["title"], ask=entry["ask"], uk_gdpr=entry["uk_gdpr"],
                   part3=entry["part3"], named=bool(entry.get("named", False)),
                   ask_part3=entry.get("ask_part3"), ask_both=entry.get("ask_both"))
        for code, entry in data["items"].items()
    }


def codes() -> list[str]:
    return list(catalogue())


def parse_missing(text: str | Iterable[str]) -> list[str]:
    """Check a list of item codes ("copy,recipients" or ["copy", "recipients"]).

    Returns the codes, trimmed, lower-case, without repeats, in the order given.
    Raises DsarError naming the first unknown code, a close match and the valid codes.
    """
    raw = text.split(",") if isinstance(text, str) else list(text)
    found: list[str] = []
    for part in raw:
        code = part.strip().lower().replace("_", "-").replace(" ", "-")
        if not code or code in found:
            continue
        if code not in catalogue():
            close = difflib.get_close_matches(code, codes(), n=1)
            hint = f'did you mean "{close[0]}"? ' if close else ""
            raise DsarError(f'"{code}" is not a missing-item code; {hint}use any of: {", ".join(codes())}')
        found.append(code)
    if not found:
        raise DsarError(f"no missing items given; use any of: {', '.join(codes())}")
    return found


def items_for(missing: Sequence[str]) -> list[Item]:
    """The catalogue items for `missing` codes (checked), in the order given."""
    return [catalogue()[code] for code in parse_missing(missing)]


def missing_from(data: Mapping[str, Any]) -> list[str]:
    """The codes stored on a partial-response event (`data={"missing": [...]}`), or []."""
    value = data.get("missing") if data else None
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]
