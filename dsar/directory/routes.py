"""How a letter is sent: the one route every part of dsar suggests for a record and a kind.

The order is email, then the online form, then post: email and forms give a dated record at
once and the one-month clock starts on the day sent (../shared/research/uk-law.md
"Deadlines": email and online forms, the day sent). A body's own stated preference
(`Contacts.prefer`, with its source) comes first when that route is known. An erasure letter
never goes through an online form that is for access requests (a record's form is for
erasure only when the record has its own [erasure] contacts).

Used by the how-to-send sentence (letters/templates/how-to-send.j2), the interview's closing
page, the summary sheet and the follow-ups, so they never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dsar.directory.records import Contacts, Controller, Fact, Preference

Channel = Literal["email", "online-form", "post", "none"]


@dataclass(frozen=True)
class SendRoute:
    channel: Channel  # the route to suggest
    contacts: Contacts  # the contacts for this kind
    email: Fact | None
    form: Fact | None  # the online form, when it takes requests of this kind
    address: str  # the postal address with its postcode on one line, or ""
    preferred: Preference | None  # the body's stated preference, when it chose the route

    @property
    def via(self) -> str | None:
        """The tracker's --via for this route ("post-first" for post), None when unknown."""
        return {"email": "email", "online-form": "online-form", "post": "post-first"}.get(self.channel)


def send_route(controller: Controller, kind: str, *, new_request: bool = True) -> SendRoute:
    """The route for a letter of `kind` ("access" or "erasure" contacts) to `controller`.

    `new_request=False` (a chaser or complaint about a request already made): the body's
    preference is about how requests reach it (the Home Office's, about checking identity),
    so the plain order applies: email first, for a dated record.
    """
    contacts = controller.contacts_for(kind)
    form = contacts.online_form if (kind != "erasure" or controller.erasure is not None) else None
    address = ""
    if contacts.address is not None:
        address = ", ".join(str(v) for v in contacts.address.value)
        if contacts.postcode is not None:
            address += f", {contacts.postcode.value}"
    known: dict[Channel, bool] = {"email": contacts.email is not None, "online-form": form is not None,
                                  "post": bool(address)}
    prefer = contacts.prefer
    if prefer is not None and new_request:
        for wanted in prefer.channels:
            if known[wanted]:
                return SendRoute(wanted, contacts, contacts.email, form, address, prefer)
    channel: Channel = next((c for c, ok in known.items() if ok), "none")
    return SendRoute(channel, contacts, contacts.email, form, address, None)
