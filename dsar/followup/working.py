"""The deadline's working as a follow-up letter shows it: the engine's lines in the letter's voice.

The engine's explanation (dsar.deadlines) is the tracker's note, read by the user in
`dsar track show`: "They gave notice of an extension on Sun 20 Dec 2026", "The request was
sent by online form on Wed 2 Dec 2026, so treated as received that day". A letter is read by
the organisation or the ICO, so `letter_working` rewrites each line for its reader with the
rules in letters/followup/working.toml (the wording lives there): "you gave notice ... on
20 December 2026", "treated as received on 4 December 2026 (deemed receipt for first-class
post ...)". The dates and the reasoning stay the engine's; `track show` is unchanged.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from dsar.paths import letters_dir

_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LONG_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
# dsar.deadlines.periods.format_day's "Wed 2 Dec 2026", and the plain "5 Feb 2026" of its citations
_SHORT_DATE = re.compile(r"\b(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(\d{1,2}) (" + "|".join(_SHORT_MONTHS)
                         + r") (\d{4})\b")
_LONG_DATE = r"\d{1,2} (?:" + "|".join(_LONG_MONTHS) + r") \d{4}"
_DEEMED_ID = re.compile(r"^The proof of identity was sent (?:by (?:first|second)-class post )?on "
                        r".*deemed receipt")


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    replace: str
    after_deemed_id: bool


@cache
def _rules() -> tuple[_Rule, ...]:
    with (letters_dir() / "followup" / "working.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(_Rule(re.compile(rule["pattern"].replace("DATE", _LONG_DATE)), rule["replace"],
                       bool(rule.get("after_deemed_id", False))) for rule in data["rule"])


def long_dates(line: str) -> str:
    """Every date in `line` in full: "Wed 2 Dec 2026" -> "2 December 2026"."""
    return _SHORT_DATE.sub(lambda m: f"{int(m[1])} {_LONG_MONTHS[_SHORT_MONTHS.index(m[2])]} {m[3]}", line)


def letter_working(lines: Sequence[str], *, you: str = "you", your: str = "your") -> list[str]:
    """The engine's working `lines` for a letter's reader: the organisation itself (the defaults),
    or someone reading about it (`you="the Home Office"`, `your="the Home Office's"`)."""
    words = {"{You}": you[:1].upper() + you[1:], "{you}": you, "{your}": your}
    out: list[str] = []
    for line in lines:
        text = long_dates(line)
        deemed_id = bool(out) and _DEEMED_ID.match(out[-1]) is not None
        for rule in _rules():
            if rule.after_deemed_id and not deemed_id:
                continue
            replace = rule.replace
            for key, value in words.items():
                replace = replace.replace(key, value.replace("\\", "\\\\"))
            changed = rule.pattern.sub(replace, text)
            if changed != text:
                text = changed
                if rule.after_deemed_id:
                    break  # the deemed variant replaces the plain one
        out.append(text)
    return out
