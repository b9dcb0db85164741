"""Issue 16 item 5: .eml headers come from validated addresses only, built by the standard library."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar.compose import compose
from dsar.emails import EMAIL, address, is_email
from dsar.errors import ProfileError
from dsar.profile import profile_from_dict
from dsar.render import to_eml
from tests.letters_fixtures import ON, demo_data, directory, variant


def _headers(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    return message


def test_an_address_line_with_an_at_sign_never_becomes_from() -> None:
    # the case: no representative, no email, an address line holding "@"
    profile = variant(representative=None)
    data = profile.model_dump(mode="python", by_alias=True, exclude_none=True)
    data["requester"].pop("email", None)
    data["requester"].pop("postcode", None)
    data["requester"]["address"] = ["1 Example Street", "x <y@z.com>, w@v.com"]
    data["requester"]["date_of_birth"] = profile.requester.date_of_birth
    person = profile_from_dict(data, "test")
    letter = compose(person, directory().get("home-office"), "access", ON)
    message = _headers(to_eml(letter, None))
    assert message["From"] is None
    assert message["To"] == "subjectaccessrequest@homeoffice.gov.uk"
    assert len(message.get_all("To") or []) == 1


def test_from_is_the_profiles_own_email() -> None:
    letter = compose(variant(representative=None), directory().get("home-office"), "access", ON)
    message = _headers(to_eml(letter, None))
    assert message["From"] == "demo.person@example.com"
    assert [a.addr_spec for a in message["From"].addresses] == ["demo.person@example.com"]


@pytest.mark.parametrize("bad", ["a,b@example.com", "a@b.com, c@d.com", "a\x07@b.com", "a\r\nBcc: x@y.com",
                                 "x <y@z.com>", 'a"b@c.com', "a b@c.com", "a@b.com\n", "a@b", "a@b..com"])
def test_the_email_pattern_refuses_lists_and_control_characters(bad: str) -> None:
    assert not is_email(bad) and EMAIL.match(bad) is None and address(bad) is None
    if is_email(bad.strip()):
        return  # the profile trims surrounding space: "a@b.com\n" is a@b.com there
    data = demo_data()
    data["requester"]["email"] = bad
    with pytest.raises(ProfileError):
        profile_from_dict(data, "test")


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_whatever_passes_the_pattern_is_exactly_one_address(text: str) -> None:
    made = address(text)
    if made is None:
        return
    msg = EmailMessage()
    msg["From"] = made
    parsed = _headers(bytes(msg))
    assert [a.addr_spec for a in parsed["From"].addresses] == [text]
    assert "\n" not in text and "," not in text
