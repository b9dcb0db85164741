"""The cover sheet of a client's pack: what to sign, what to send where, what to enclose.

Its wording is letters/templates/batch-cover.j2 (block markup, like every
letter), and it is a `Letter`, so dsar.render makes its PDF, HTML and text like
any other: addressed to the client (it can go out with the letter of authority
in a window envelope), from the organisation acting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dsar.compose import Letter, environment, parse_blocks, sender_lines
from dsar.errors import LetterError
from dsar.paths import letters_dir
from dsar.profile import Profile

TEMPLATE = "batch-cover.j2"


@dataclass(frozen=True)
class CoverItem:
    """One letter in the pack, as the cover sheet lists it."""

    organisation: str
    kind: str
    file: str  # the file to send (the PDF, else the first format made)
    how: str  # how to send it (dsar.generate.how_to_send)
    enclosures: tuple[str, ...]
    warnings: tuple[str, ...]


def compose_cover(profile: Profile, items: Sequence[CoverItem], *, authority_file: str, on: date,
                  signatory: str | None = None) -> Letter:
    """The cover sheet as a Letter (kind "batch-cover")."""
    import jinja2

    if profile.representative is None:
        raise LetterError("a batch cover sheet needs the organisation acting (--org)")
    values: dict[str, Any] = {
        "requester": profile.requester,
        "rep": profile.representative,
        "on": on,
        "signatory": signatory,
        "authority": authority_file,
        "items": list(items),
        # the summary sheet in the client's language goes in the same envelope (issue 14): the
        # client reads what they authorise before signing; None for English (no sheet)
        "language_name": _language_name(profile.requester.language),
    }
    try:
        module: Any = environment().get_template(TEMPLATE).make_module(values)
    except jinja2.TemplateNotFound:
        raise LetterError(f"the template {TEMPLATE} is missing from {letters_dir() / 'templates'}; "
                          "reinstall dsar") from None
    req = profile.requester
    return Letter(
        kind="batch-cover",
        controller_id=None,
        on=on,
        sender=sender_lines(profile),
        recipient=(req.full_name, *req.address, *([req.postcode] if req.postcode else [])),
        subject=" ".join(str(module.subject).split()),
        blocks=parse_blocks(str(module)),
        signature=tuple(line.strip() for line in str(module.signature).splitlines() if line.strip()),
        enclosures=(),
        email_to=None,
        warnings=(),
    )


def _language_name(code: str | None) -> str | None:
    """The language's own name ("العربية") when a summary sheet is made in it, else None."""
    from dsar.i18n import ENGLISH, language

    if not code or code == ENGLISH:
        return None
    return language(code).own_name
