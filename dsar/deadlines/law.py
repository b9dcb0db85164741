"""Citations: which law a line cites, for a body under UK GDPR, DPA 2018 Part 3, or both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dsar.deadlines.vocabulary import REGIMES
from dsar.errors import DsarError


@dataclass(frozen=True, slots=True)
class Law:
    gdpr: bool
    part3: bool
    new: bool

    def cite(self, article: str, section: str) -> str:
        """E.g. "UK GDPR Art 12A(1); DPA 2018 s.54(2) as amended by DUAA 2025 s.76"."""
        parts = []
        if self.gdpr:
            parts.append(f"UK GDPR {article}" + ("" if self.new else " before 5 Feb 2026"))
        if self.part3:
            parts.append(f"DPA 2018 {section}" + (" as amended by DUAA 2025 s.76" if self.new
                                                  else " before amendment"))
        return "; ".join(parts)


@cache
def law_for(gdpr: bool, part3: bool, new: bool) -> Law:
    return Law(gdpr, part3, new)


def _check_regimes(regimes: Sequence[str]) -> tuple[bool, bool]:
    if not regimes:
        raise DsarError("no regime given: use uk-gdpr, dpa-part-3 or both")
    for regime in regimes:
        if regime not in REGIMES:
            raise DsarError(f'unknown regime "{regime}": use uk-gdpr or dpa-part-3')
    return "uk-gdpr" in regimes, "dpa-part-3" in regimes
