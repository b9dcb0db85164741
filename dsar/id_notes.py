"""What to know about the ID an organisation asks for (letters/id-notes.toml).

A record's `id_required` is what the letter lists as enclosed; a note here is for the
person, not the organisation: an expired biometric residence permit (uk-law-addendum.md
point 9), or a page that is silent about people without a passport. Notes are shown among
what to check before sending, and never put in a letter.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import TYPE_CHECKING, Any

from dsar.paths import letters_dir

if TYPE_CHECKING:
    from dsar.controllers import Controller


@cache
def _notes() -> dict[str, Any]:
    with (letters_dir() / "id-notes.toml").open("rb") as handle:
        return tomllib.load(handle)


def id_notes(controller: Controller | None) -> list[str]:
    """The ID notes for letters to this organisation, its page filled in."""
    if controller is None:
        return []
    page = controller.sar_page or "the organisation's website"
    return [" ".join(str(note["text"]).replace("{page}", page).split())
            for note in _notes().get(controller.id, [])]
