"""What dsar accepts as an email address, and turning one into a header value.

The pattern is the common "dot-atom" form of RFC 5322 section 3.4.1 (letters, digits
and ! # $ % & ' * + / = ? ^ _ ` { | } ~ - in dot-separated parts), an @, and a domain
of letter/digit/hyphen labels with at least one dot. No commas, spaces, quotes, angle
brackets or control characters, so one address can never become two, or a header line
of its own. Headers are then built by the standard library (email.headerregistry).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from email.headerregistry import Address

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# anchored (\Z, not $, which also matches before a final newline): EMAIL.match is a whole match
EMAIL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+\Z")
MAX_LENGTH = 254  # RFC 5321 section 4.5.3.1.3 (a path of 256 octets less its angle brackets)


def is_email(text: str | None) -> bool:
    """True for one plain address (the whole text), as dsar accepts them."""
    return bool(text) and len(text or "") <= MAX_LENGTH and EMAIL.fullmatch(text or "") is not None


def address(text: str | None, name: str = "") -> Address | None:
    """An email.headerregistry.Address for a valid address (with a display name), else None."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    if text is None or not is_email(text):
        return None
    local, _, domain = text.rpartition("@")
    display = " ".join(name.split())  # no line breaks or tabs in a display name
    try:
        return Address(display_name=display, username=local, domain=domain)
    except (ValueError, HeaderParseError):
        return None
