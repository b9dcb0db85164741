"""compose(): the structured content of each letter, tailored from the profile and the record."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar.compose import (
    KINDS,
    Block,
    LetterKind,
    compose,
    compose_authority,
    parse_blocks,
    register_kind,
)
from dsar.controllers import Controller
from dsar.errors import LetterError
from dsar.profile import control_character
from dsar.render import to_text
from tests.letters_fixtures import ON, demo, directory, variant


def _text(profile, controller_id: str, kind: str = "access") -> str:
    return to_text(compose(profile, directory().get(controller_id), kind, ON))


def test_parse_blocks_reads_headings_lists_numbers_and_paragraphs() -> None:
    markup = ("Dear X,\n\n## Heading\nOne line\nand the next\n- a\n- b\n  continued\n"
              "1. first\n2. second\n\nEnd\n")
    assert parse_blocks(markup) == (
        Block("para", "Dear X,"),
        Block("heading", "Heading"),
        Block("para", "One line and the next"),
        Block("list", items=("a", "b continued")),
        Block("numbered", items=("first", "second")),
        Block("para", "End"),
    )


def test_home_office_access_cites_both_regimes_and_asks_about_the_immigration_exemption() -> None:
    letter = compose(demo(), directory().get("home-office"), "access", ON)
    text = " ".join(to_text(letter).split())
    # uk-law-addendum.md point 7: the Home Office is also a Part 3 competent authority
    assert ("subject access request under Article 15 of the UK GDPR and/or section 45 of the "
            "Data Protection Act 2018 (DPA 2018), as applicable.") in text
    assert "immigration exemption (DPA 2018, Schedule 2, paragraph 4)" in text
    assert ("paragraph 4A of Schedule 2 (inserted by SI 2024/342), the decision must be made case "
            "by case, separately for each right, and afresh on each occasion") in text
    assert "published policy" not in text
    assert "please tell us whether you restrict access under section 45(4) DPA 2018" in text
    assert "A copy of all of that personal data (Article 15(3) UK GDPR; section 45(1)(b) DPA 2018)" in text
    assert letter.recipient == ("Subject Access Request Unit", "Home Office", "2 Ruskin Square",
                                "Dingwall Road", "Croydon", "CR0 2WF")
    assert letter.email_to == "subjectaccessrequest@homeoffice.gov.uk"
    # the address was read on a third party's undated page; the email on a page dated 2023
    assert [w.split(" (")[0] for w in letter.warnings] == [
        "the postal address for Home Office", "the email address for Home Office",
        "the online form for Home Office"]
    assert "Croydon, CR0 2WF) comes from an undated page (https://the3million.org.uk/" in letter.warnings[0]
    assert "a page dated 2023-12-08, more than 2 years ago" in letter.warnings[1]


@pytest.mark.parametrize("cid", ["hmpps", "moj", "acro", "metropolitan-police", "police-scotland", "psni"])
def test_part3_organisations_cite_both_regimes_and_not_the_immigration_exemption(cid: str) -> None:
    text = _text(demo(), cid)
    assert ("Article 15 of the UK GDPR and/or section 45 of the Data Protection Act 2018 "
            "(DPA 2018), as applicable") in " ".join(text.split())
    assert "section 45(2A) DPA 2018" in " ".join(text.split())
    assert "immigration exemption" not in text
    erasure = " ".join(_text(demo(), cid, "erasure").split())
    assert "Article 17 of the UK GDPR and/or section 47 of the Data Protection Act 2018" in erasure
    assert ("Section 47(1) DPA 2018: you must erase personal data without undue delay where its "
            "processing would infringe section 35, 36(1) to (3), 37, 38(1), 39(1), 40, 41 or 42") in erasure


def test_access_gives_each_information_item_its_provision_in_each_regime() -> None:
    text = " ".join(_text(demo(), "metropolitan-police").split())
    for item in ("a", "b", "c", "d", "e", "ea", "f", "g"):
        assert f"(Article 15(1)({item}); section 45(2)({item})" in text
    # Part 3 has no right to object and no "logic" item (uk-law-addendum.md point 2)
    assert "where the UK GDPR applies, the right to object to it (Article 15(1)(e))" in text
    assert "where the UK GDPR applies, whether decisions about our client are made by automated" in text
    assert "section 50C(2)(a) DPA 2018" in text
    assert "section 45(2) DPA 2018: the right to object" not in text
    gdpr_only = " ".join(_text(demo(), "buddi").split()) if "buddi" in directory() else ""
    assert "section 45" not in gdpr_only


def test_the_complaint_to_the_controller_is_listed_from_19_june_2026() -> None:
    before = to_text(compose(demo(), directory().get("hmpps"), "access", date(2026, 6, 18)))
    after = to_text(compose(demo(), directory().get("hmpps"), "access", date(2026, 6, 19)))
    assert "164A" not in before
    assert "the right to complain to you" in after and "section 164A DPA 2018" in after


def test_only_identifiers_the_organisation_uses_appear() -> None:
    ho = _text(demo(), "home-office")
    assert "Home Office reference: B1234567" in ho
    assert "Probation case reference number (CRN)" not in ho  # not in the Home Office record
    hmpps = _text(demo(), "hmpps")
    assert "Probation case reference number (CRN): X123456" in hmpps
    assert "- Home Office reference:" not in hmpps  # (the monitoring paragraph names it: item 9)


def test_circumstance_modules_appear_only_when_they_apply_and_fit() -> None:
    plain = variant(circumstances={"electronic_monitoring": "none", "immigration": False,
                                   "detention": False, "prison": False, "police_contact": False})
    text = _text(plain, "home-office")
    for heading in ("Electronic monitoring", "Immigration records", "Detention", "Prison\n"):
        assert heading not in text
    full = _text(demo(), "metropolitan-police")
    assert "Police records" in full
    assert "Prison\n" not in full  # a police force has no role in prison records
    assert "Prison\n" in _text(demo(), "hmpps")


def test_smartwatch_section_asks_for_the_facial_checks_at_the_body_that_runs_it() -> None:
    text = " ".join(_text(demo(), "home-office").split())
    for phrase in ("every facial image taken at each check-in",
                   "the match score and the threshold used",
                   "every failed or missed check, and the record of its manual review",
                   "location data at the full resolution recorded",
                   "sensitive processing under section 35(8) DPA 2018",
                   "enforcement notice to the Home Office of 28 February 2024"):
        assert phrase in text
    assert "curfew" not in text and "breach report" not in text  # no criminal-justice examples
    # a body that may have received the data gets one paragraph, not the device internals
    police = " ".join(_text(demo(), "metropolitan-police").split())
    assert "match score" not in police and "Electronic monitoring data" in police


def test_criminal_justice_tag_section_asks_for_the_order_curfew_zones_and_breaches() -> None:
    tag = variant(circumstances={"electronic_monitoring": "ankle-tag", "monitoring_reason": "licence"})
    text = " ".join(_text(tag, "moj").split())
    for phrase in ("the licence condition that imposed the monitoring",
                   "the curfew hours and the curfew address, and any inclusion or exclusion zones",
                   "the trail monitoring specification",
                   "the records of the fitting, removal and home visits",
                   "every call and message between our client and the monitoring centre",
                   "every breach report sent to probation, a court or the police",
                   "for example probation, the police or the Home Office"):
        assert phrase in text
    assert "facial" not in text and "face matching" not in text  # no smartwatch examples


def test_erasure_grounds_restriction_and_recipients() -> None:
    text = " ".join(_text(demo(), "home-office", "erasure").split())
    for phrase in ("Article 17(1)(a) UK GDPR", "Article 17(1)(d) UK GDPR",
                   "section 47(2) DPA 2018 requires you to restrict",
                   "(Article 19 UK GDPR)", "the monitoring ended on 1 September 2023"):
        assert phrase in text
    assert "Article 21(1)" not in text  # no grounds given, no objection
    assert "while the objection" not in text and "section 47 DPA 2018)" not in text
    objecting = variant(request={"objection_grounds_for": {"home-office": "The checks at night harm my sleep."}})
    text = " ".join(_text(objecting, "home-office", "erasure").split())
    assert ("Article 17(1)(c) and Article 21(1) UK GDPR: our client objects to the processing on grounds "
            "relating to their particular situation: “The checks at night harm my sleep.”") in text
    assert "(Article 18(1)(d) UK GDPR)" in text
    assert "Article 21(1)" not in _text(objecting, "hmpps", "erasure")


def test_without_a_representative_the_requester_writes_in_the_first_person() -> None:
    alone = variant(representative=None)
    letter = compose(alone, directory().get("home-office"), "access", ON)
    text = to_text(letter)
    assert letter.sender == ("Demo Person", "Flat 1, 1 Example Street", "Exampletown", "ZZ1 1ZZ",
                             "demo.person@example.com")
    assert "I am making a subject access request" in text
    assert "our client" not in text
    assert letter.signature == ("Demo Person",)
    # the record's "from a representative: ..." items are left out when nobody represents
    assert not any("representative" in e or "authority" in e for e in letter.enclosures)
    assert "by email to demo.person@example.com" in " ".join(text.split())


def test_representative_letters_come_from_the_representative() -> None:
    letter = compose(demo(), directory().get("hmpps"), "access", ON)
    assert letter.sender[:2] == ("Sam Adviser", "Example Advice Centre (fictional)")
    assert letter.signature == ("Sam Adviser", "Example Advice Centre (fictional)", "for Demo Person",
                                "Reference: DEMO-0001")
    assert "Demo Person's signed letter of authority" in letter.enclosures
    assert "A copy of our client's passport or driving licence" in letter.enclosures


def test_paper_response_format() -> None:
    paper = variant(request={"response_format": "paper"})
    assert "Please send the copy on paper to the address at the top" in " ".join(
        _text(paper, "acro").split())


def test_missing_address_leaves_only_the_name_in_the_address_block_and_warns() -> None:
    # the block sits in the envelope window (and is pasted into forms): a note to the user there
    # would reach the recipient; the warning tells the user instead
    met = directory().get("metropolitan-police")
    letter = compose(demo(), met, "access", ON)
    unit = met.access.unit
    assert letter.recipient == ((unit, met.name) if unit else (met.name,))
    assert "not known" not in to_text(letter)
    assert any("no postal address is known" in w for w in letter.warnings)


def test_authority_letter_lists_the_organisations_and_has_a_signature_space() -> None:
    d = directory()
    letter = compose_authority(demo(), [d.get("home-office"), d.get("acro")], ON, kinds=["access", "erasure"])
    text = " ".join(to_text(letter).split())
    assert letter.kind == "authority" and letter.controller_id is None
    assert "I, Demo Person, born 12 April 1990, of Flat 1, 1 Example Street, Exampletown, ZZ1 1ZZ, authorise:" in text
    assert "- Home Office, Subject Access Request Unit" in text
    assert letter.signature[0].startswith("Signed: ____")
    with pytest.raises(LetterError, match=r"^a letter of authority needs a \[representative\] in the profile$"):
        compose_authority(variant(representative=None), [d.get("acro")], ON, kinds=["access"])


@pytest.mark.parametrize(("kinds", "authorised"), [
    (["access"], "to act for me in making subject access requests and any related requests and complaints"),
    (["erasure"], "to act for me in making erasure requests and any related requests and complaints"),
    (["erasure", "access"], "to act for me in making subject access requests, erasure requests, and any related "
                            "requests and complaints"),
])
def test_authority_letter_authorises_only_the_kinds_requested(kinds: list[str], authorised: str) -> None:
    # the requester must not sign authority for an erasure request nobody told them about
    letter = compose_authority(demo(), [directory().get("acro")], ON, kinds=kinds)
    text = " ".join(to_text(letter).split())
    assert f"{authorised} about my personal data, to the following organisations:" in text
    if "erasure" not in kinds:
        assert "erasure" not in text
    if "access" not in kinds:
        assert "access" not in text


def test_authority_letter_refuses_a_kind_it_cannot_authorise() -> None:
    with pytest.raises(LetterError, match=r"^a letter of authority covers access and erasure requests, not chase$"):
        compose_authority(demo(), [directory().get("acro")], ON, kinds=["chase"])


def test_unknown_kind_is_a_one_line_error() -> None:
    with pytest.raises(LetterError) as exc:
        compose(demo(), directory().get("acro"), "complain", ON)
    assert exc.value.message == 'unknown letter kind "complain"; use one of: access, erasure'


def test_registered_kinds_demand_their_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(KINDS, "reminder", LetterKind("reminder", "access.j2", needs=("sent_on",)))
    with pytest.raises(LetterError) as exc:
        compose(demo(), directory().get("acro"), "reminder", ON)
    assert exc.value.message == "the reminder letter needs a value for: sent_on"
    letter = compose(demo(), directory().get("acro"), "reminder", ON, {"sent_on": date(2026, 10, 1)})
    assert letter.kind == "reminder"
    assert register_kind(LetterKind("reminder", "access.j2")).name == "reminder"


def test_a_record_without_an_address_email_or_form() -> None:
    bare = Controller.model_validate({
        "id": "test-force", "name": "Test Force", "short_name": "Test Force", "kind": "police",
        "nation": "england", "regimes": ["dpa-part-3"], "verified_on": "2026-11-26"})
    letter = compose(demo(), bare, "access", ON)
    text = to_text(letter)
    assert "request under section 45 of the Data Protection Act 2018 (DPA 2018)." in " ".join(text.split())
    assert "(section 45(1)(b) DPA 2018)" in " ".join(text.split())
    assert "UK GDPR" not in text
    assert letter.recipient == ("Test Force",)
    assert letter.email_to is None
    assert letter.warnings == ("no postal address, email or online form is known for Test Force; "
                               "check the organisation's website before sending",)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80).filter(lambda s: s.strip() and control_character(s) is None))
def test_nothing_a_user_types_changes_the_letter_structure(typed: str) -> None:
    """Whatever the free text holds (newlines, '## ', '- ', '1. '), the block layout is the same.
    (Control characters other than line breaks are refused when a profile is read.)"""
    base = compose(variant(request={"details": "x"}), directory().get("acro"), "access", ON)
    other = compose(variant(request={"details": typed}), directory().get("acro"), "access", ON)
    assert [(b.style, len(b.items)) for b in other.blocks] == [(b.style, len(b.items)) for b in base.blocks]
    found = [b.text for b in other.blocks if b.text.startswith("Other details")]
    assert found == [f"Other details that may help your search: {' '.join(typed.split())}"] or \
        not " ".join(typed.split())
