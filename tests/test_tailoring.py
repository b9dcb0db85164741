"""The tailoring model as tables (issue 10 items 1, 5, 17).

1. Every (fact, body) -> the role the body has and the section its letters carry.
   The expectations here are written out by hand from uk-law-addendum.md points 7,
   8 and 10, not read from letters/tailoring.toml, so a wrong edit of the data file
   fails here.
2. Every provision each letter type cites, for each regime a body can have.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from dsar.compose import compose, role_in, roles_for, tailoring_table
from dsar.controllers import Controller, Regime
from dsar.profile import Profile, profile_from_dict
from dsar.render import to_text
from tests.letters_fixtures import ON, directory

PERSON: dict[str, Any] = {
    "requester": {"full_name": "Alex Example", "date_of_birth": "1990-01-01",
                  "address": ["1 Example Street", "Exampletown"]},
}


def person(circumstances: dict[str, Any], request: dict[str, Any] | None = None) -> Profile:
    return profile_from_dict({**PERSON, "circumstances": circumstances, "request": request or {}}, "test")


# fact -> the circumstances that state it
FACTS: dict[str, dict[str, Any]] = {
    "smartwatch": {"electronic_monitoring": "non-fitted-device"},
    "tag-immigration-bail": {"electronic_monitoring": "ankle-tag", "monitoring_reason": "immigration-bail"},
    "tag-licence": {"electronic_monitoring": "ankle-tag", "monitoring_reason": "licence"},
    "tag-court-order": {"electronic_monitoring": "ankle-tag", "monitoring_reason": "court-order"},
    "tag-reason-unknown": {"electronic_monitoring": "ankle-tag"},
    "immigration": {"immigration": True},
    "detention": {"detention": True},
    "prison": {"prison": True},
    "probation": {"probation": True},
    "police": {"police_contact": True},
}
BODIES = ("home-office", "moj", "hmpps", "electronic-monitoring", "west-midlands-police", "acro",
          "psni", "hm-passport-office")
R, V, E = "runs", "received", "elsewhere"
POLICE = {"west-midlands-police": V, "acro": V, "psni": V}
# (fact) -> {body: role}; a body not named has no role
ROLES: dict[str, dict[str, str]] = {
    "smartwatch": {"home-office": R, "moj": V, "hmpps": V, "electronic-monitoring": V, **POLICE},
    "tag-immigration-bail": {"home-office": R, "moj": V, "hmpps": V, "electronic-monitoring": V, **POLICE},
    "tag-licence": {"moj": R, "electronic-monitoring": R, "hmpps": V, "home-office": V, **POLICE},
    "tag-court-order": {"moj": R, "electronic-monitoring": R, "hmpps": V, "home-office": V, **POLICE},
    "tag-reason-unknown": {"home-office": R, "moj": R, "electronic-monitoring": R, "hmpps": V, **POLICE},
    "immigration": {"home-office": R, "moj": V, "hmpps": V, "electronic-monitoring": V, **POLICE},
    "detention": {"home-office": R, "hmpps": V},
    # the MoJ Disclosure Team's record says HMPPS answers for prison and probation (item 17)
    "prison": {"hmpps": R, "moj": E, "home-office": V},
    "probation": {"hmpps": R, "moj": E, "home-office": V, "west-midlands-police": V, "psni": V},
    "police": {"west-midlands-police": R, "acro": R, "psni": R, "home-office": V, "hmpps": V},
}
# (fact family, role) -> (heading the access letter carries, a phrase only that section has)
SECTIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("monitoring", R): ("Electronic monitoring", "Please include all data from that monitoring that you hold"),
    ("monitoring", V): ("Electronic monitoring data", "data from that monitoring that you received"),
    ("immigration", R): ("Immigration records", "UK Visas and Immigration, Immigration Enforcement"),
    ("immigration", V): ("Immigration information", "sent to or received from the Home Office"),
    ("detention", R): ("Immigration detention", "in an immigration removal centre or elsewhere"),
    ("detention", V): ("Immigration detention", "held in a prison under immigration powers"),
    ("prison", R): ("Prison", "OASys assessments, sentence plans"),
    ("prison", V): ("Prison records", "received from HM Prison and Probation Service"),
    ("prison", E): ("Prison and probation records", "records out of this request"),
    ("probation", R): ("Probation", "nDelius case records"),
    ("probation", V): ("Probation records", "received from the Probation Service"),
    ("probation", E): ("Prison and probation records", "records out of this request"),
    ("police", R): ("Police records", "custody images, fingerprint and DNA records"),
    ("police", V): ("Police information", "received from the police or from the Police National Computer"),
}


def family(fact: str) -> str:
    return "monitoring" if fact.startswith(("tag", "smart")) else fact


def headings(text_blocks: Any) -> list[str]:
    return [b.text for b in text_blocks if b.style == "heading"]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("fact", list(FACTS))
def test_each_fact_and_body_gets_the_section_for_its_role(fact: str, body: str) -> None:
    profile = person(FACTS[fact])
    controller = directory().get(body)
    expected = ROLES[fact].get(body)
    assert roles_for(profile, controller).get(family(fact)) == expected
    letter = compose(profile, controller, "access", ON)
    text = " ".join(to_text(letter).split())
    found = headings(letter.blocks)
    for (fam, role), (heading, phrase) in SECTIONS.items():
        if fam != family(fact):
            continue
        if role == expected:
            assert heading in found, f"{fact} at {body}: no {heading!r} section"
            assert phrase in text
        elif SECTIONS.get((fam, expected or ""), ("", ""))[1] != phrase:
            assert phrase not in text, f"{fact} at {body} ({expected}): has the {role} section"
    if expected is None:
        assert not any(h in found for (fam, _), (h, _) in SECTIONS.items() if fam == family(fact))


def test_every_row_of_the_data_file_is_covered_by_the_table_above() -> None:
    rows = set(tailoring_table())
    assert rows == {"monitoring.immigration-bail", "monitoring.licence", "monitoring.court-order",
                    "monitoring.other", "immigration", "detention", "prison", "probation", "police"}
    # a body of a kind the table names by kind gets the role without being listed by id
    met = directory().get("metropolitan-police")
    assert role_in("police", met) == "runs" and role_in("prison", met) is None


def test_a_body_with_no_role_gets_nothing_about_the_fact() -> None:
    everything = person({**FACTS["smartwatch"], "immigration": True, "detention": True,
                         "prison": True, "probation": True, "police_contact": True})
    text = to_text(compose(everything, directory().get("hm-passport-office"), "access", ON))
    for word in ("monitoring", "Prison", "Probation", "Police records", "detention"):
        assert word not in text


def test_the_moj_letter_leaves_prison_and_probation_to_hmpps_and_says_so() -> None:
    profile = person({"prison": True, "probation": True})
    letter = compose(profile, directory().get("moj"), "access", ON)
    text = " ".join(to_text(letter).split())
    assert ("Please leave prison and probation records out of this request: HM Prison and Probation "
            "Service, Offender Subject Access Request Team (Branston) answers for them") in text
    assert "nDelius" not in text and "OASys" not in text
    assert "this letter leaves prison and probation records to HMPPS: send it a letter too (--to hmpps)" \
        in letter.warnings
    together = compose(profile, directory().get("moj"), "access", ON, {"also_to": ["moj", "hmpps"]})
    assert not any("leaves" in w for w in together.warnings)
    hmpps = " ".join(to_text(compose(profile, directory().get("hmpps"), "access", ON)).split())
    assert "nDelius case records" in hmpps and "OASys assessments" in hmpps


@pytest.mark.parametrize(("probation_reason", "present", "absent"), [
    ("licence", "licence conditions and variations, recall decisions and recall dossiers",
     "community order"),
    ("community-order", "the community order and its requirements", "licence"),
    (None, "Approved Premises records", "licence"),
])
def test_licence_wording_only_for_a_licence(probation_reason: str | None, present: str,
                                            absent: str) -> None:
    circumstances: dict[str, Any] = {"probation": True}
    if probation_reason:
        circumstances["probation_reason"] = probation_reason
    text = " ".join(to_text(compose(person(circumstances), directory().get("hmpps"), "access",
                                    ON)).split())
    assert present in text
    section = text[text.index("## Probation") if "## Probation" in text else text.index("Probation "):]
    assert absent not in section.split("Exemptions")[0]


def test_ongoing_monitoring_is_present_tense_and_ended_is_past() -> None:
    ongoing = person({**FACTS["tag-immigration-bail"], "monitoring_start": "2024-03-01"})
    text = " ".join(to_text(compose(ongoing, directory().get("home-office"), "access", ON)).split())
    assert ("I am currently required to wear an electronic monitoring tag fitted to the ankle as a "
            "condition of my immigration bail, since 1 March 2024. The monitoring has not ended.") in text
    ended = person({**FACTS["tag-licence"], "monitoring_start": "2022-01-01",
                    "monitoring_end": "2023-01-01"})
    text = " ".join(to_text(compose(ended, directory().get("moj"), "access", ON)).split())
    assert ("I wore an electronic monitoring tag fitted to the ankle as a condition of my licence "
            "from 1 January 2022 to 1 January 2023. The monitoring has ended.") in text
    assert "currently" not in text


def test_moj_letter_for_immigration_monitoring_names_the_bail_condition_and_reference() -> None:
    profile = profile_from_dict({**PERSON, "identifiers": {"home_office_reference": "G1234567"},
                                 "circumstances": {**FACTS["smartwatch"], "monitoring_reason":
                                                   "immigration-bail", "detention": True}}, "test")
    text = " ".join(to_text(compose(profile, directory().get("moj"), "access", ON)).split())
    assert "as a condition of my immigration bail" in text
    assert "my Home Office reference is G1234567" in text
    assert "the Satellite Tracking Service" in text
    # (the record's own systems list may name licence conditions; the letter's sections do not)
    assert "licence condition that" not in text and "detained in a prison" not in text
    assert "curfew" not in text and "breach reports" not in text


# -- citations: every provision each letter type cites, per regime ------------------------------

CITATION = re.compile(
    r"\b(?:Articles? \d+[A-Z]?(?:\(\w+\))*(?: and (?:\d+[A-Z]?|\(\w+\))(?:\(\w+\))*)?"
    r"|sections? \d+[A-Z]?(?:\(\w+\))*(?:(?: and| or|,) \d+[A-Z]?(?:\(\w+\))*)*(?: to \(\d\))?"
    r"|Section \d+\(\d\)|Schedule \d+|paragraph \d+[A-Z]?)")


def cited(text: str) -> set[str]:
    return set(CITATION.findall(" ".join(text.split())))


def with_regimes(body: str, regimes: list[Regime]) -> Controller:
    return directory().get(body).model_copy(update={"regimes": regimes})


EVERYTHING = {**FACTS["smartwatch"], "immigration": True, "detention": True, "prison": True,
              "probation": True,
              "police_contacts": [{"force": "west-midlands-police", "date": "2023-06-03",
                                   "outcome": "no-further-action", "reason": "mistaken-identity"}]}
OBJECTING = {"objection_grounds": "The checks at night harm my sleep."}

GDPR_ACCESS = {"Article 15", "Article 15(3)", "Article 15(1)", "Article 15(1)(a)", "Article 15(1)(b)",
               "Article 15(1)(c)", "Article 15(1)(d)", "Article 15(1)(e)", "Article 15(1)(ea)",
               "Article 15(1)(f)", "Article 15(1)(g)", "Article 15(1)(h)", "Article 22C",
               "Article 15(1A)", "Articles 12(3) and 12A", "Article 12(5)", "Article 9"}
PART3_ACCESS = {"section 45", "section 45(1)(b)", "section 45(2)", "section 45(2)(a)", "section 45(2)(b)",
                "section 45(2)(c)", "section 45(2)(d)", "section 45(2)(e)", "section 45(2)(ea)",
                "section 45(2)(f)", "section 45(2)(g)", "section 164A", "section 50C(2)(a)",
                "section 45(2A)", "section 45(4)", "section 45(5)", "section 51",
                "sections 45(3) and 54", "section 52(5)", "section 35(8)", "section 42"}
HOME_OFFICE_EXTRA = {"Schedule 2", "paragraph 4", "paragraph 4A"}
GDPR_ERASURE = {"Article 17", "Article 17(1)(a)", "Article 17(1)(c)", "Article 21(1)", "Article 17(1)(d)",
                "Article 18(1)(d)", "Article 18(1)(a)", "Article 19", "Articles 12(3) and 12A"}
# (the full s.47(1) list is checked word for word in test_compose.py)
PART3_ERASURE = {"section 47", "Section 47(1)", "section 35, 36(1) to (3)",
                 "section 39(1)", "section 37", "section 38(1)", "section 35(8)", "section 35(4)",
                 "section 42", "section 47(1)", "section 47(3)", "section 47(2)",
                 "sections 48 and 54", "section 164A"}
POLICE_ERASURE = {"sections 63D"}


@pytest.mark.parametrize(("body", "regimes", "kind", "expected"), [
    ("hmpps", [Regime.UK_GDPR], "access", GDPR_ACCESS | {"section 164A"}),
    ("hmpps", [Regime.DPA_PART_3], "access", PART3_ACCESS),
    ("hmpps", [Regime.UK_GDPR, Regime.DPA_PART_3], "access", GDPR_ACCESS | PART3_ACCESS),
    ("home-office", [Regime.UK_GDPR, Regime.DPA_PART_3], "access",
     GDPR_ACCESS | PART3_ACCESS | HOME_OFFICE_EXTRA),
    ("west-midlands-police", [Regime.UK_GDPR], "erasure",
     (GDPR_ERASURE | {"section 164A"} | POLICE_ERASURE)),
    ("west-midlands-police", [Regime.DPA_PART_3], "erasure", PART3_ERASURE | POLICE_ERASURE),
    ("west-midlands-police", [Regime.UK_GDPR, Regime.DPA_PART_3], "erasure",
     GDPR_ERASURE | PART3_ERASURE | POLICE_ERASURE),
])
def test_every_provision_each_letter_type_cites(body: str, regimes: list[Regime], kind: str,
                                                expected: set[str]) -> None:
    profile = person(EVERYTHING, OBJECTING)
    text = to_text(compose(profile, with_regimes(body, regimes), kind, ON))
    found = cited(text)
    # the access letter to HMPPS has no biometric section (it only received monitoring data)
    if body == "hmpps":
        expected = expected - {"Article 9", "section 35(8)", "section 42"}
    assert found == expected, f"extra: {sorted(found - expected)}; missing: {sorted(expected - found)}"


def test_part3_letters_claim_no_objection_and_no_logic() -> None:
    part3 = to_text(compose(person(EVERYTHING, OBJECTING), with_regimes("acro", [Regime.DPA_PART_3]),
                            "erasure", ON))
    assert "object" not in part3 and "Article" not in part3
    access = to_text(compose(person(EVERYTHING), with_regimes("acro", [Regime.DPA_PART_3]), "access", ON))
    assert "logic" not in access and "object" not in access


def test_restriction_is_claimed_only_on_its_conditions() -> None:
    plain = person({"police_contacts": [{"force": "west-midlands-police", "outcome": "no-further-action"}]})
    text = " ".join(to_text(compose(plain, directory().get("west-midlands-police"), "erasure", ON)).split())
    assert "section 47(2) DPA 2018 requires you to restrict" in text
    assert "47(3)" not in text and "Article 18" not in text  # nothing contested, no objection
    assert date(2026, 6, 19) <= ON


# -- bad input: one line naming the key or value; nothing written ------------------------------

def test_unknown_monitoring_reason_is_one_line_naming_it() -> None:
    from dsar.errors import ProfileError

    with pytest.raises(ProfileError) as err:
        person({"electronic_monitoring": "ankle-tag", "monitoring_reason": "parole"})
    assert err.value.problems == [
        "test: circumstances.monitoring_reason: \"parole\" must be one of: 'immigration-bail', "
        "'licence', 'court-order' or 'other'"]


def test_unknown_organisation_in_details_for_is_an_error_and_nothing_is_written(tmp_path: Any) -> None:
    from dsar.errors import ProfileError
    from dsar.generate import generate

    profile = person({}, {"details_for": {"west-midland-police": "Arrested in 2023."}})
    out = tmp_path / "out"
    with pytest.raises(ProfileError) as err:
        generate(profile, ["home-office"], ["access"], out, directory=directory(), on=ON)
    assert err.value.problems == [
        'request.details_for: "west-midland-police" is not a known organisation id; check the '
        "spelling (see `dsar controllers list`)"]
    assert not out.exists()
    with pytest.raises(ProfileError) as err:
        person({}, {"details_for": {"West Midlands": "x"}})
    assert '"West Midlands" is not an organisation id' in err.value.problems[0]


def test_a_note_for_one_body_goes_only_to_that_body() -> None:
    profile = person({"police_contact": True},
                     {"details": "For all.", "details_for": {"west-midlands-police": "Only WMP."}})
    wmp = to_text(compose(profile, directory().get("west-midlands-police"), "access", ON))
    acro = to_text(compose(profile, directory().get("acro"), "access", ON))
    assert "For all. Only WMP." in " ".join(wmp.split())
    assert "For all." in acro and "Only WMP." not in acro


def test_a_conviction_is_never_swept_into_an_erasure() -> None:
    profile = person({"police_contacts": [
        {"force": "metropolitan-police", "date": "2021-04-10", "outcome": "convicted"},
        {"force": "metropolitan-police", "date": "2024-08-20", "outcome": "no-further-action"}]},
        {"erasure_scope": "broad"})
    for body in ("metropolitan-police", "acro"):
        text = " ".join(to_text(compose(profile, directory().get(body), "erasure", ON)).split())
        assert "The records of my arrest on 20 August 2024" in text
        assert "The records of my arrest on 10 April 2021" not in text
        assert ("This request does not cover the records of my arrest on 10 April 2021") in text
        assert "Also: any other personal data about me that you no longer need" in text


def test_home_office_erasure_asks_only_for_the_named_data_unless_broad_is_chosen() -> None:
    watch = person({**FACTS["smartwatch"], "immigration": True, "police_contacts": [
        {"force": "west-midlands-police", "outcome": "no-further-action"}]})
    text = to_text(compose(watch, directory().get("home-office"), "erasure", ON))
    assert "facial image" in text and "no longer need for the purpose" not in text
    assert "arrest" not in text  # the police information it received is not asked by default
    broad = person({**FACTS["smartwatch"]}, {"erasure_scope": "broad"})
    assert "Also: any other personal data" in " ".join(
        to_text(compose(broad, directory().get("home-office"), "erasure", ON)).split())
    # no monitoring in the profile: the narrow ask by category, claiming no monitoring, and a warning
    plain = compose(person({"immigration": True}), directory().get("home-office"), "erasure", ON)
    text = " ".join(to_text(plain).split())
    assert "any electronic monitoring data about me that you hold, and any facial image" in text
    assert "no longer need" not in text and "currently required" not in text
    assert any('set request.erasure_scope = "broad" only if you mean it' in w for w in plain.warnings)


@pytest.mark.parametrize(("body", "phrase"), [
    ("acro", "Please treat this letter as an application under your Record Deletion Process for "
             "England and Wales"),
    ("west-midlands-police", "through the national Record Deletion Process, which ACRO manages and "
                             "in which the decision is yours as the owning force"),
    ("police-scotland", "sections 18 to 19C of the Criminal Procedure (Scotland) Act 1995"),
    ("psni", "decided by the PSNI's Biometrics Ratification Committee"),
])
def test_police_erasure_names_the_deletion_route_for_each_nation(body: str, phrase: str) -> None:
    profile = person({"police_contacts": [{"force": body if body != "acro" else "west-midlands-police",
                                           "outcome": "acquitted"}]})
    text = " ".join(to_text(compose(profile, directory().get(body), "erasure", ON)).split())
    assert phrase in text
    for item in ("the custody image (photograph) taken", "the fingerprints taken",
                 "the DNA profile and the DNA sample taken",
                 "the Police National Computer (PNC) record of the arrest"):
        assert item in text
    assert "facial verification" not in text and "location data" not in text
    assert ("Police and Criminal Evidence Act 1984" in text) == (body in ("acro", "west-midlands-police"))


def test_acro_erasure_leaves_scottish_and_northern_ireland_contacts_to_their_force() -> None:
    # uk-law-addendum.md point 8: ACRO's Record Deletion Process is for England and Wales
    profile = person({"police_contacts": [
        {"force": "south-wales-police", "event": "arrest", "date": "2023-06-03", "place": "Cardiff",
         "outcome": "no-further-action"},
        {"force": "police-scotland", "event": "arrest", "date": "2024-01-10", "place": "Glasgow",
         "outcome": "not-charged"},
        {"force": "psni", "event": "stop-and-search", "date": "2025-05-05", "outcome": "no-further-action"}]})
    text = " ".join(to_text(compose(profile, directory().get("acro"), "erasure", ON)).split())
    assert "The records of my arrest on 3 June 2023 in Cardiff by South Wales Police" in text
    assert "The records of my arrest on 10 January 2024" not in text
    assert "Glasgow (not charged) did not lead to a conviction" not in text
    assert ("This request does not cover the records of my arrest on 10 January 2024 in Glasgow by "
            "Police Scotland (not charged); my stop and search on 5 May 2025 by PSNI (no further action). "
            "The Record Deletion Process is for England and Wales only: those records are dealt with "
            "by Police Scotland and PSNI.") in text
    assert "Record Deletion Process for England and Wales, for the arrest event(s) above" in text
    # only Scottish contacts: nothing for the Record Deletion Process, and no application made
    scottish = person({"police_contacts": [{"force": "police-scotland", "outcome": "not-charged"}]})
    text = " ".join(to_text(compose(scottish, directory().get("acro"), "erasure", ON)).split())
    assert "Please treat this letter as an application" not in text
    assert "those records are dealt with by Police Scotland." in text
    # ... and so its how-to-send asks for no application form, and nothing says one is enclosed
    from dsar.generate import how_to_send

    letter = compose(scottish, directory().get("acro"), "erasure", ON)
    assert not letter.arrest_deletion
    assert not any("Record Deletion Process" in e for e in letter.enclosures)
    how = how_to_send(letter, directory().get("acro"), {}, scottish)
    assert "application" not in how and "form" not in how
    assert how.startswith("Email it to deletions@acro.police.uk")
    english = compose(profile, directory().get("acro"), "erasure", ON)
    assert english.arrest_deletion
    assert how_to_send(english, directory().get("acro"), {}, profile).startswith(
        "Send it with an application to ACRO's Record Deletion Process")


def test_biometric_erasure_needs_the_policy_document_for_both_conditions() -> None:
    # DPA 2018 s.42(1): the policy document is needed for sensitive processing on consent
    # (s.35(4)) as well as under a Schedule 8 condition (s.35(5)), not only the latter
    profile = person({"police_contacts": [{"force": "west-midlands-police", "outcome": "acquitted"}]})
    text = " ".join(to_text(compose(profile, directory().get("west-midlands-police"), "erasure", ON)).split())
    assert ("lawful only under section 35(4) or (5), and in either case only with an appropriate "
            "policy document in place (section 42).") in text
    assert "where section 35(5) is relied on" not in text


def test_the_policy_document_asked_for_is_cited_for_each_regime() -> None:
    # section 42 DPA 2018 is Part 3; UK GDPR processing needs a policy document only for some
    # conditions (DPA 2018 Schedule 1, not in the research, so named without a paragraph)
    profile = person({**FACTS["smartwatch"], "monitoring_reason": "immigration-bail", "immigration": True})
    text = " ".join(to_text(compose(profile, directory().get("home-office"), "access", ON)).split())
    assert ("send me your appropriate policy document for it: where the UK GDPR applies, the one the "
            "DPA 2018 requires for that condition, if it requires one; where Part 3 of the DPA 2018 "
            "applies, the one section 42 DPA 2018 requires for sensitive processing.") in text
    assert "the appropriate policy document that section 42 DPA 2018 requires" not in text


def test_acro_erasure_says_the_deletion_form_is_enclosed_and_lists_it() -> None:
    # how-to-send.j2 tells the person to send the completed form with the letter: the letter agrees
    profile = person({"police_contacts": [{"force": "west-midlands-police", "outcome": "no-further-action"}]})
    letter = compose(profile, directory().get("acro"), "erasure", ON)
    text = " ".join(to_text(letter).split())
    assert ('The completed application form ("Application form: record deletion", from GOV.UK) is '
            "enclosed.") in text
    assert "please tell me and I will complete it" not in text
    assert text.endswith('- The completed application form for the Record Deletion Process ("Application '
                         'form: record deletion")')
    # a force's own erasure letter encloses no form (the person applies to ACRO separately)
    force = to_text(compose(profile, directory().get("west-midlands-police"), "erasure", ON))
    assert "Application form: record deletion" not in force



def searched_systems(letter: Any) -> list[str]:
    """The items listed under "Where to search" (none when the letter names no system)."""
    blocks = list(letter.blocks)
    start = next(i for i, b in enumerate(blocks) if b.style == "heading" and b.text == "Where to search")
    first, second = blocks[start + 1], blocks[start + 2]
    return list(second.items) if first.text.startswith("Please search at least") else []


@pytest.mark.parametrize(("facts", "moj", "hmpps"), [
    # no prison or probation: neither letter names prison or probation systems
    ({**FACTS["tag-immigration-bail"], "immigration": True}, ["court and tribunal records"], []),
    # prison and probation: HMPPS names its systems; the MoJ leaves them to HMPPS, in one place only
    ({**FACTS["tag-licence"], "prison": True, "probation": True}, ["court and tribunal records"],
     ["prison records (NOMIS)", "sentence calculation and release records", "probation case records"]),
    ({"probation": True}, ["court and tribunal records"], ["probation case records"]),
])
def test_where_to_search_names_only_the_systems_this_body_answers_for(
        facts: dict[str, Any], moj: list[str], hmpps: list[str]) -> None:
    for body, expected in (("moj", moj), ("hmpps", hmpps)):
        letter = compose(person(facts), directory().get(body), "access", ON)
        listed = searched_systems(letter)
        named = [item for item in listed if "prison" in item or "probation" in item or "sentence" in item]
        assert [e for e in expected if "court" not in e] == [
            e for e in expected for item in named if item.startswith(e)]
        assert len(named) == len([e for e in expected if "court" not in e])
        assert all(any(item.startswith(e) for item in listed) for e in expected)
        text = to_text(letter)
        assert "(answered by" not in text
        assert ("Naming the systems" in text) == bool(listed)


def test_the_catch_all_says_other_only_after_something_named_and_names_the_forces_own_contact() -> None:
    stop = person({"police_contacts": [{"force": "psni", "event": "stop-and-search", "date": "2025-05-05",
                                        "place": "Belfast", "outcome": "other"}]})
    text = " ".join(to_text(compose(stop, directory().get("psni"), "erasure", ON)).split())
    assert ("Any personal data about me that you no longer need for the purpose for "
            "which you collected it, including the records of my stop and search on 5 May 2025 in "
            "Belfast.") in text
    assert "other personal data" not in text
    nothing = " ".join(to_text(compose(person({"prison": True}), directory().get("moj"), "erasure", ON)).split())
    assert "Any personal data about me that you no longer need" in nothing
    assert "other personal data" not in nothing


@pytest.mark.parametrize(("facts", "received"), [
    (FACTS["tag-immigration-bail"], "location data or alerts"),
    (FACTS["smartwatch"], "location data, check-in results or alerts"),
    (FACTS["tag-licence"], "location data, alerts or breach reports"),
])
def test_received_monitoring_data_is_named_for_the_device(facts: dict[str, Any], received: str) -> None:
    # check-ins (facial verification) are made only on the non-fitted device, never with a tag
    access = " ".join(to_text(compose(person(facts), directory().get("hmpps"), "access", ON)).split())
    assert f"that you received (for example {received}):" in access
    erasure = " ".join(to_text(compose(person(facts), directory().get("hmpps"), "erasure", ON)).split())
    assert f"any data from that monitoring that you received ({received})," in erasure
    assert ("check-in" in access + erasure) == ("smartwatch" in received or "check-in" in received)


def test_hmpps_letters_do_not_name_their_controller_the_moj_as_a_recipient() -> None:
    # hmpps.toml notes: the MoJ is the controller of HMPPS's records, not a recipient
    for kind in ("access", "erasure"):
        text = " ".join(to_text(compose(person({"prison": True}), directory().get("hmpps"), kind, ON)).split())
        body = text.split("Dear Sir or Madam,", 1)[1]  # the address block names the MoJ, rightly
        assert "Ministry of Justice" not in body
        assert "the Home Office; police forces; contractors operating electronic monitoring" in body
