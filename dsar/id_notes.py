"""What to know about the ID an organisation asks for (letters/id-notes.toml).

A record's `id_required` is what the letter lists as enclosed; a note here is for the
person, not the organisation: an expired biometric residence permit (uk-law-addendum.md
point 9), or a page that is silent about people without a passport. Notes are shown among
what to check before sending, and never put in a letter.
"""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from dsar.paths import letters_dir

if TYPE_CHECKING:
    from dsar.controllers import Controller


@cache
def _notes() -> dict[str, Any]:
    with (letters_dir() / "id-notes.toml").open("rb") as handle:
        return tomllib.load(handle)


def id_notes(controller: Controller | None, on: date) -> list[str]:
    """The ID notes for a letter dated `on` to this organisation, its page filled in.

    A note about a period that ends (`until`, with its source in letters/id-notes.toml) says
    the period has ended (`text_after`) on a letter dated after that day."""
    if controller is None:
        return []
    page = controller.sar_page or "the organisation's website"
    return [_filled(note, page, on) for note in _notes().get(controller.id, [])]


def _filled(note: dict[str, Any], page: str, on: date) -> str:
    from dsar.dates import long_date

    until = note.get("until")
    text = str(note["text_after"] if isinstance(until, date) and on > until else note["text"])
    if isinstance(until, date):
        text = text.replace("{until}", long_date(until))
    return " ".join(text.replace("{page}", page).split())
