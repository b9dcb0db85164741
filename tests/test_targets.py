"""Which letters go to which organisation: --to ID:KIND, processors, and the interview's choices."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dsar.cautions import access_first, erasure_caution
from dsar.errors import ControllerError, LetterError
from dsar.generate import plan
from dsar.interview import flow
from dsar.interview.flow import Setup
from dsar.interview.suggest import Catalogue
from dsar.targets import KIND_SPECS, Target, parse, parse_all, route
from tests.letters_fixtures import ON, demo, directory

SETUP = Setup(catalogue=Catalogue.from_directory(directory()))


def test_an_id_takes_the_default_kinds_and_id_kind_its_own() -> None:
    assert parse("home-office", ["access", "erasure"]) == Target("home-office", ("access", "erasure"))
    assert parse("home-office:erasure", ["access"]) == Target("home-office", ("erasure",))
    assert parse(" Metropolitan-Police : Access+Erasure ", ["access"]) == Target(
        "metropolitan-police", ("access", "erasure"))
    assert parse("acro:erasure+access", ["access"]).kinds == ("access", "erasure")


def test_the_same_organisation_twice_gets_both_kinds_once() -> None:
    assert parse_all(["acro:erasure", "home-office", "acro:access", "acro"], ["access"]) == [
        Target("acro", ("access", "erasure")), Target("home-office", ("access",))]


@pytest.mark.parametrize(("entry", "message"), [
    ("home-office:erasre", 'unknown letter kind "erasre" in --to "home-office:erasre"; after the colon '
                           "use access, erasure or access+erasure"),
    ("home-office:", 'unknown letter kind "" in --to "home-office:"; after the colon use access, '
                     "erasure or access+erasure"),
    ("home-office:authority", 'unknown letter kind "authority" in --to "home-office:authority"; after '
                              "the colon use access, erasure or access+erasure"),
    (":access", '--to ":access" has no organisation id before the colon; write it as ID or ID:KIND, '
                "e.g. home-office:access"),
])
def test_a_bad_kind_is_a_one_line_error_naming_it(entry: str, message: str) -> None:
    with pytest.raises(LetterError) as err:
        parse(entry, ["access"])
    assert err.value.message == message


def test_a_processor_is_routed_to_its_controller_with_a_note() -> None:
    routed = route(["buddi:erasure", "electronic-monitoring", "acro"], ["access"], directory())
    assert routed.targets == (Target("home-office", ("erasure",)), Target("moj", ("access",)),
                              Target("acro", ("access",)))
    assert routed.routed_from == {("home-office", "erasure"): "buddi", ("moj", "access"): "electronic-monitoring"}
    assert routed.notes["buddi"] == ("Buddi processes data for Home Office, which is the controller: the "
                                     "letter goes to Home Office (home-office) and the tracker records it there")


def test_every_processor_in_the_directory_routes_to_a_controller() -> None:
    """Generic: any record with redirect_to (i13 adds more) is never written to itself."""
    processors = [c.id for c in directory() if c.redirect_to]
    assert "buddi" in processors
    routed = route(processors, ["access"], directory())
    assert {t.controller_id for t in routed.targets}.isdisjoint(processors)
    assert set(routed.notes) == set(processors)


def test_asking_the_controller_too_is_not_called_instead_of_the_processor() -> None:
    routed = route(["buddi", "home-office:access+erasure"], ["access"], directory())
    assert routed.targets == (Target("home-office", ("access", "erasure")),)
    assert routed.routed_from == {}


def test_unknown_ids_are_all_reported() -> None:
    with pytest.raises(ControllerError) as err:
        route(["home-ofice:access", "nobody"], ["access"], directory())
    assert len(err.value.problems) == 2
    assert err.value.problems[0].startswith('no organisation with id "home-ofice"; did you mean home-office')


def test_plan_makes_each_organisations_own_letters_and_one_authority() -> None:
    planned = plan(demo(), ["home-office:access", "metropolitan-police:erasure", "buddi:erasure"],
                   ["access"], directory=directory(), on=ON)
    assert [(p.letter.controller_id, p.letter.kind, p.routed_from) for p in planned] == [
        ("home-office", "access", None), ("home-office", "erasure", "buddi"),
        ("metropolitan-police", "erasure", None), (None, "authority", None)]
    authority = planned[-1].letter
    assert sum("Home Office" in line for b in authority.blocks for line in b.items) == 1


def test_the_home_office_erasure_caution_goes_with_erasure_letters_only() -> None:
    planned = plan(demo(), ["home-office:access+erasure", "acro:erasure"], ["access"],
                   directory=directory(), on=ON)
    caution = erasure_caution("home-office")
    assert caution is not None and "talk to an immigration adviser" in caution.lower()
    by_kind = {(p.letter.controller_id, p.letter.kind): p.letter.warnings for p in planned}
    assert by_kind[("home-office", "erasure")][0] == caution
    assert caution not in by_kind[("home-office", "access")]
    assert caution not in by_kind[("acro", "erasure")]


# --- the interview's per-organisation kinds -------------------------------------------------------

BASE = {"controllers": ["home-office", "acro", "metropolitan-police"], "immigration": True}


def _asked(answers: dict[str, object]) -> list[str]:
    return [q.id for q in flow.plan(answers, SETUP) if q.section == "ask"]


def test_access_is_suggested_first_at_the_home_office_during_an_immigration_case() -> None:
    answers = {**BASE, "request_kind": "both"}
    assert access_first("home-office", answers) and not access_first("acro", answers)
    assert not access_first("home-office", {"immigration": False})
    same = flow.find("same_kind", answers, SETUP)
    assert same.default is False  # the suggestion differs: choose per organisation
    assert same.help.startswith("Erasing Home Office records can remove evidence")
    answers["same_kind"] = False
    questions = {q.id: q for q in flow.plan(answers, SETUP)}
    home = questions["kind_home-office"]
    assert (home.text, home.default) == ("Home Office: what do you want to ask for?", "access")
    assert home.help == erasure_caution("home-office")
    assert questions["kind_acro"].default == "both"


def test_same_kind_for_all_needs_no_more_questions() -> None:
    answers = {**BASE, "immigration": False, "request_kind": "erasure"}
    assert flow.find("same_kind", answers, SETUP).default is True
    answers["same_kind"] = True
    assert "kind_acro" not in _asked(answers)
    assert flow.targets(answers) == ["home-office:erasure", "acro:erasure", "metropolitan-police:erasure"]


def test_per_organisation_answers_become_targets() -> None:
    answers = {**BASE, "request_kind": "erasure", "same_kind": False, "kind_home-office": "access",
               "kind_acro": "erasure", "kind_metropolitan-police": "both"}
    assert flow.targets(answers) == ["home-office:access", "acro:erasure",
                                     "metropolitan-police:access+erasure"]
    assert "response_format" in _asked(answers)  # someone gets a copy


def test_one_organisation_with_a_caution_is_asked_its_kind() -> None:
    answers = {"controllers": ["home-office"], "immigration": True, "request_kind": "erasure"}
    assert _asked(answers)[:2] == ["request_kind", "kind_home-office"]
    answers["kind_home-office"] = "access"
    assert flow.targets(answers) == ["home-office:access"]
    assert flow.targets({"controllers": ["acro"], "request_kind": "erasure"}) == ["acro:erasure"]


def test_changing_what_to_ask_for_asks_the_organisations_again() -> None:
    answers = {**BASE, "who": "self", "request_kind": "both", "same_kind": False,
               "kind_home-office": "access", "kind_acro": "both", "kind_metropolitan-police": "both"}
    changed = flow.change(answers, "request_kind", SETUP)
    assert not any(k.startswith("kind_") or k == "same_kind" for k in changed)


@given(st.lists(st.sampled_from(["home-office", "acro", "hmpps", "moj"]), min_size=1, max_size=4,
                unique=True),
       st.sampled_from(["access", "erasure", "both"]), st.booleans(),
       st.dictionaries(st.sampled_from(["home-office", "acro", "hmpps", "moj"]),
                       st.sampled_from(["access", "erasure", "both"])))
def test_targets_always_parse_and_cover_every_chosen_organisation(
        chosen: list[str], kind: str, same: bool, per_org: dict[str, str]) -> None:
    answers: dict[str, object] = {"controllers": chosen, "request_kind": kind, "same_kind": same,
                                  **{f"kind_{c}": k for c, k in per_org.items()}}
    targets = parse_all(flow.targets(answers), ["access"])
    assert [t.controller_id for t in targets] == chosen
    assert all(t.kinds and "+".join(t.kinds) in KIND_SPECS for t in targets)
