"""One route per record and kind, the same in every place that tells a person how to send."""

from __future__ import annotations

import pytest

from dsar.controllers import Controller, load_directory
from dsar.directory.routes import send_route
from dsar.interview.finish import channel
from dsar.summary import _channel

DIRECTORY = load_directory()
FIRST_WORDS = {"email": "Email it to", "online-form": "Use the online form at", "post": "Post ",
               "none": "No "}


def _how(controller: Controller, kind: str) -> str:
    """The English how-to-send sentence, through the template the letters use."""
    from typing import Any

    from dsar.compose import environment
    from dsar.profile import Requester

    module: Any = environment().get_template("how-to-send.j2").make_module(
        {"requester": Requester(full_name="A Person", date_of_birth="1990-01-01",
                                address=["1 Street", "Town"], postcode="ZZ1 1ZZ")})
    text = module.how(kind, controller, send_route(controller, kind), {}, None, None)
    return " ".join(str(text).split())


@pytest.mark.parametrize("kind", ["access", "erasure"])
def test_every_record_gets_one_route_everywhere(kind: str) -> None:
    for c in DIRECTORY:
        if c.redirect_to:
            continue
        route = send_route(c, kind)
        assert _how(c, kind).startswith(FIRST_WORDS[route.channel]), (c.id, kind)
        assert channel(c, kind) == (route.via or "post-first"), (c.id, kind)
        assert _channel(c, kind)[0] == {"online-form": "form"}.get(route.channel, route.channel)
        if kind == "erasure" and c.erasure is None:
            assert route.channel != "online-form", c.id  # an access form never takes erasure


def test_the_home_office_asks_for_its_form_or_post_and_says_why() -> None:
    home = DIRECTORY.get("home-office")
    assert home.access.prefer is not None and home.access.prefer.is_web_source
    assert send_route(home, "access").channel == "online-form"
    assert send_route(home, "erasure").channel == "post"
    assert "email may delay checking your identity" in _how(home, "erasure")
    # a chaser about a request already made goes by email: the preference is about new requests
    assert send_route(home, "access", new_request=False).channel == "email"
    # without a preference the order is email, form, post
    plain = home.model_copy(update={"access": home.access.model_copy(update={"prefer": None})})
    assert send_route(plain, "access").channel == "email"
