"""The catalogue of what an access answer must contain (letters/followup/items.toml)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dsar.errors import DsarError
from dsar.followup.missing import catalogue, codes, items_for, missing_from, parse_missing

ARTICLE_15_1 = {"purposes": "(a)", "categories": "(b)", "recipients": "(c)", "retention": "(d)",
                "rights": "(e)", "complaint-right": "(f)", "source": "(g)", "logic": "(h)"}


def test_every_article_15_1_point_and_its_part_3_twin_is_cited() -> None:
    items = catalogue()
    for code, point in ARTICLE_15_1.items():
        assert items[code].uk_gdpr.startswith(f"Article 15(1){point}"), code
    for code, point in list(ARTICLE_15_1.items())[:7]:  # s.45(2)(a)-(g); Part 3 has no (h)
        assert items[code].part3 == f"DPA 2018 s.45(2){point}", code
    assert items["copy"].uk_gdpr == "Article 15(3) UK GDPR" and items["copy"].part3 == "DPA 2018 s.45(1)(b)"
    assert "Article 22C" in items["logic"].uk_gdpr
    assert {"facial-images", "location-data", "verification-results", "manual-review",
            "sharing-records"} <= {c for c, i in items.items() if i.named}


def test_citation_follows_the_regimes() -> None:
    copy = catalogue()["copy"]
    assert copy.citation(["uk-gdpr"]) == "Article 15(3) UK GDPR"
    assert copy.citation(["dpa-part-3"]) == "DPA 2018 s.45(1)(b)"
    assert copy.citation(["dpa-part-3", "uk-gdpr"]) == "Article 15(3) UK GDPR / DPA 2018 s.45(1)(b)"


def test_asks_take_the_letters_voice() -> None:
    item = catalogue()["recipients"]
    assert "{" not in item.ask_for()
    assert item.ask_for("our client", "our client's").startswith("Tell our client the recipients")
    assert all("{" not in i.ask_for("x", "y") and "}" not in i.ask_for("x", "y") for i in catalogue().values())


def test_parse_missing_normalises_and_refuses_unknown_codes() -> None:
    assert parse_missing(" Copy, recipients,copy ,FACIAL_IMAGES") == ["copy", "recipients", "facial-images"]
    with pytest.raises(DsarError) as exc:
        parse_missing("copy,recipents")
    assert exc.value.message == f'"recipents" is not a missing-item code; did you mean "recipients"? ' \
                                f'use any of: {", ".join(codes())}'
    with pytest.raises(DsarError, match=r"^no missing items given; use any of: confirmation, copy"):
        parse_missing(" , ")


def test_missing_from_event_data() -> None:
    assert missing_from({"missing": ["copy", "logic"]}) == ["copy", "logic"]
    assert missing_from({}) == [] and missing_from({"missing": "copy"}) == ["copy"]


@given(st.lists(st.sampled_from(sorted(catalogue())), min_size=1))
def test_any_list_of_codes_gives_its_items_once_in_order(chosen: list[str]) -> None:
    items = items_for(chosen)
    assert [i.code for i in items] == list(dict.fromkeys(chosen))
    assert all(i.citation(["uk-gdpr", "dpa-part-3"]).count(" / ") == 1 for i in items)
