"""Checking what the user types, as they type it.

Every format check is the one the profile (dsar.profile) or the identifiers
module (dsar.identifiers) applies, so an answer accepted here is accepted when
the answers become a Profile. Each function returns the normalised value or
raises ValueError with a one-line message saying what to type instead.

In English the message is the check's own (it says exactly what is wrong); in another
language it is the translated message for that kind of answer (`_FAILED`), which holds
for every way such an answer can be wrong.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError

from dsar import identifiers
from dsar.i18n import ENGLISH
from dsar.interview.language import N_, _, current
from dsar.profile import Day, Email, Requester, normalise_postcode

COMMAS = re.compile("[,\u060c]")  # "," and the Arabic comma "،"
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    return TypeAdapter(Day) if kind == "date" else TypeAdapter(Email)


class Translated(ValueError):
    """A message already in the interview's language."""


def _first_message(exc: ValidationError) -> str:
    return str(exc.errors()[0]["msg"])


def check_date(text: str) -> date:
    """A date typed as YYYY-MM-DD (the profile's format) or DD/MM/YYYY (UK order): dsar.dates."""
    from dsar.dates import parse_date

    return parse_date(text)


def check_rough_date(text: str) -> date:
    """A day, or only a month ("03/2024", "March 2024") or a year ("2024"): dsar.dates."""
    from dsar.dates import parse_rough_date

    return parse_rough_date(text)


def check_birth_date(text: str) -> date:
    """A date of birth: a date, then the profile's own rule (in the past, not before 1900)."""
    value = check_date(text)
    try:
        Requester._born_in_past(value)  # the profile's own rule, not a copy of it
    except PydanticCustomError:
        # NOTE: {date} is the date typed, as YYYY-MM-DD.
        raise Translated(_("{date} cannot be a date of birth; check the year").format(
            date=value.isoformat())) from None
    return value


def check_postcode(text: str) -> str:
    return normalise_postcode(text)


def check_email(text: str) -> str:
    try:
        result: str = _adapter("email").validate_python(text.strip())
    except ValidationError as exc:
        raise ValueError(_first_message(exc)) from None
    return result


def check_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise Translated(_("please type a name"))
    return name


def check_names(text: str) -> list[str]:
    """Other names, with commas between them (may be empty): a Latin comma or the Arabic-script
    comma (U+060C) that Arabic, Persian, Pashto, Sorani and Urdu keyboards type."""
    return [name for part in re.split(COMMAS, text) if (name := " ".join(part.split()))]


def check_lines(text: str) -> list[str]:
    """An address typed on one line, with commas between its lines (Latin or Arabic-script
    commas and semicolons)."""
    lines = [" ".join(part.split()) for part in re.split(r"[,\n;\u060c\u061b]", text)]
    lines = [line for line in lines if line]
    if not lines:
        raise Translated(_("please type the address, with a comma between lines"))
    return lines


def check_identifier(key: str, text: str) -> str:
    return identifiers.check(key, text)


# What a translated interview says when an answer fails a check ({answer}: what was typed).
_FAILED = {
    "date": N_('"{answer}" is not a date dsar can read. Type it as DD/MM/YYYY, for example 23/04/1990.'),
    "past-date": N_('"{answer}" is not a date dsar can read. Type it as DD/MM/YYYY, for example '
                    '23/04/1990.'),
    "rough-date": N_('"{answer}" is not a date dsar can read. Type it as DD/MM/YYYY, or a month '
                     '(03/2024) or a year (2024).'),
    "postcode": N_('"{answer}" is not a UK postcode. A postcode looks like LS1 1AA.'),
    "email": N_('"{answer}" is not an email address. An email address looks like name@example.org.'),
    # NOTE: {example} is an example of the number, e.g. B1234567.
    "identifier": N_('"{answer}" does not look like this number. It looks like {example}.'),
}


def check(kind: str | None, text: str, param: str = "") -> Any:
    """Run the check named in questions.toml (`check = ...`) on `text`.

    Control characters cannot be seen on a terminal and are never meant (a pasted escape, a
    stray Ctrl key): they are dropped here, so the profile's own refusal never surprises the
    person after the last question.
    """
    from dsar.profile import CONTROL

    text = CONTROL.sub("", text)
    if kind is None:
        return " ".join(text.split())
    try:
        return _check(kind, text, param)
    except Translated:
        raise
    except ValueError:
        if current() == ENGLISH or kind not in _FAILED:
            raise
        example = identifiers.KINDS[param].example if kind == "identifier" else ""
        raise ValueError(_(_FAILED[kind]).format(answer=text.strip(), example=example)) from None


def _check(kind: str, text: str, param: str) -> Any:
    if kind == "identifier":
        return check_identifier(param, text)
    checker = {
        "date": check_date,
        "rough-date": check_rough_date,
        "past-date": check_birth_date,
        "postcode": check_postcode,
        "email": check_email,
        "name": check_name,
        "names": check_names,
        "lines": check_lines,
    }[kind]
    return checker(text)
