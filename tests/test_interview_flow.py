"""The interview without a terminal: validators, the flow, suggestions, state and the session."""

from __future__ import annotations

import json
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar.controllers import load_directory
from dsar.errors import InterviewError, ProfileError
from dsar.interview import checks, flow
from dsar.interview.flow import Setup
from dsar.interview.questions import Question, wording
from dsar.interview.session import Declined, Interview, Paused, prepare, request_kind_for
from dsar.interview.state import Options, load_state, save_state, state_path
from dsar.interview.suggest import Catalogue, suggest
from dsar.profile import load_profile, profile_to_toml

DIRECTORY = load_directory()
CATALOGUE = Catalogue.from_directory(DIRECTORY)
SETUP = Setup(catalogue=CATALOGUE)


# --- validators the prompts use (each re-prompt shows exactly this message) -----------------


@pytest.mark.parametrize(("typed", "expected"), [
    ("1990-04-23", date(1990, 4, 23)),
    ("23/04/1990", date(1990, 4, 23)),
    ("3/4/1990", date(1990, 4, 3)),
    (" 23.04.1990 ", date(1990, 4, 23)),
])
def test_dates_accept_iso_and_uk_order(typed: str, expected: date) -> None:
    assert checks.check_date(typed) == expected


@pytest.mark.parametrize("typed", ["1990-13-01", "31/02/2020", "April 1990", "", "23/04/90"])
def test_bad_dates_say_both_formats(typed: str) -> None:
    with pytest.raises(ValueError) as err:
        checks.check_date(typed)
    assert "25/12/2026 or 2026-12-25" in str(err.value)  # each says how to write it: tests/test_dates.py


def test_birth_date_uses_the_profile_rule() -> None:
    with pytest.raises(ValueError) as err:
        checks.check_birth_date("01/01/2999")
    assert str(err.value) == "2999-01-01 cannot be a date of birth; check the year"
    with pytest.raises(ValueError) as err:
        checks.check_birth_date("1850-01-01")
    assert str(err.value) == "1850-01-01 cannot be a date of birth; check the year"


def test_postcode_email_and_identifiers() -> None:
    assert checks.check_postcode("ls11aa") == "LS1 1AA"
    with pytest.raises(ValueError) as err:
        checks.check_postcode("12345")
    assert str(err.value) == '"12345" is not a UK postcode, e.g. SW1A 1AA'
    assert checks.check_email(" a@b.org ") == "a@b.org"
    with pytest.raises(ValueError) as err:
        checks.check_email("a@b")
    assert str(err.value) == '"a@b" is not an email address'
    assert checks.check_identifier("prison_number", "a 1234 bc") == "A1234BC"
    with pytest.raises(ValueError) as err:
        checks.check_identifier("probation_crn", "12345")
    assert str(err.value) == ('"12345" is not a valid Probation case reference number (CRN): '
                              "use one letter then six digits, e.g. X123456")
    with pytest.raises(ValueError) as err:
        checks.check_identifier("national_insurance_number", "QQ123456C")
    assert "is not a valid National Insurance number" in str(err.value)


def test_lines_and_names() -> None:
    assert checks.check_lines("Flat 2,  10 High Street ,Leeds") == ["Flat 2", "10 High Street", "Leeds"]
    with pytest.raises(ValueError) as err:
        checks.check_lines(" , ")
    assert str(err.value) == "please type the address, with a comma between lines"
    assert checks.check_names("Amira Q,  A. Example,") == ["Amira Q", "A. Example"]
    assert checks.check_names("") == []


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 25)))
def test_any_real_birth_date_round_trips_in_both_formats(day: date) -> None:
    assert checks.check_birth_date(day.isoformat()) == day
    assert checks.check_birth_date(day.strftime("%d/%m/%Y")) == day


def test_every_identifier_example_is_accepted() -> None:
    from dsar.identifiers import KINDS

    for key, kind in KINDS.items():
        assert checks.check_identifier(key, kind.example)


# --- flow -------------------------------------------------------------------------------------


def ids(answers: dict[str, Any], setup: Setup = SETUP) -> list[str]:
    return [q.id for q in flow.plan(answers, setup)]


def test_first_question_is_who_and_representative_questions_follow_other() -> None:
    first = flow.next_question({}, SETUP)
    assert first is not None and first.id == "who"
    assert "rep_name" not in ids({"who": "self"})
    assert ids({"who": "other"})[ids({"who": "other"}).index("rep_organisation"):][:3] == [
        "rep_organisation", "rep_name", "rep_address"]


def test_enforced_yes_asks_whether_to_go_on() -> None:
    assert "enforced_continue" not in ids({"enforced": False})
    assert "enforced_continue" in ids({"enforced": True})


def test_previous_addresses_repeat_while_the_user_says_more() -> None:
    answers = {"moved": True, "previous_address_1": ["1 A Road"], "more_addresses_1": True}
    planned = ids(answers)
    assert "previous_address_2" in planned and "previous_address_3" not in planned
    assert "previous_address_1" not in ids({"moved": False})


def test_tag_questions_and_detention_only_when_they_apply() -> None:
    assert "monitoring_reason" in ids({"monitoring": "ankle-tag"})
    assert "monitoring_reason" not in ids({"monitoring": "non-fitted-device"})
    assert "monitoring_start" in ids({"monitoring": "non-fitted-device"})
    assert "monitoring_start" not in ids({"monitoring": "none"})
    assert "detention" in ids({"immigration": True})
    assert "detention" not in ids({"immigration": False})


def test_force_questions_follow_police_contact() -> None:
    assert "force_1" not in ids({"police_contact": False})
    planned = ids({"police_contact": True, "force_1": "metropolitan-police", "more_forces_1": False})
    assert planned.index("force_1") < planned.index("more_forces_1") < planned.index("controllers")
    assert "force_2" not in planned


def test_resume_point_is_the_first_unanswered_question() -> None:
    answers = {"who": "self", "enforced": False, "full_name": "A Example"}
    question = flow.next_question(answers, SETUP)
    assert question is not None and question.id == "other_names"


def test_accept_checks_and_normalises() -> None:
    dob = wording("date_of_birth")
    assert flow.accept(dob, "23/04/1990", {}, SETUP) == "1990-04-23"
    with pytest.raises(ValueError, match="not a date"):
        flow.accept(dob, "23-Apr", {}, SETUP)
    with pytest.raises(ValueError) as err:
        flow.accept(wording("full_name"), "  ", {}, SETUP)
    assert str(err.value) == "please type an answer (type ? for help)"
    assert flow.accept(wording("email"), "", {}, SETUP) == ""
    assert flow.accept(wording("other_names"), "", {}, SETUP) == []


def test_dates_must_be_in_order_and_not_in_the_future() -> None:
    with pytest.raises(ValueError) as err:
        flow.accept(wording("date_to"), "2020-01-01", {"date_from": "2021-01-01"}, SETUP)
    assert str(err.value) == "1 January 2020 is before the start date (1 January 2021); check the dates"
    with pytest.raises(ValueError) as err:
        flow.accept(wording("date_from"), "2027-01-01", {}, SETUP)
    assert str(err.value) == "1 January 2027 is in the future; check the year"


def test_force_answers_resolve_by_name_or_area() -> None:
    force = wording("force")
    assert flow.accept(force, "metro", {}, SETUP) == "metropolitan-police"
    assert flow.accept(force, "Police Scotland", {}, SETUP) == "police-scotland"
    with pytest.raises(ValueError) as err:
        flow.accept(force, "atlantis", {}, SETUP)
    assert str(err.value) == 'no police force matches "atlantis"; type part of its name or a town'


def test_controllers_checkbox_needs_one_tick() -> None:
    question = flow.find("controllers", {}, SETUP)
    with pytest.raises(ValueError) as err:
        flow.accept(question, [], {}, SETUP)
    assert str(err.value) == "tick at least one organisation (Space ticks)"


def test_identifier_questions_follow_the_ticks() -> None:
    answers = {"controllers": ["hmpps"], "ids_have": ["prison_number"]}
    planned = ids(answers)
    assert "id_prison_number" in planned and "id_pnc_id" not in planned
    question = flow.find("id_prison_number", answers, SETUP)
    assert question.text == "Prison number (NOMIS)"
    with pytest.raises(ValueError, match="one letter, four digits, two letters"):
        flow.accept(question, "12345", answers, SETUP)


def test_no_identifier_question_when_nothing_is_used() -> None:
    assert "ids_have" not in ids({"controllers": []})


# --- suggestions ----------------------------------------------------------------------------


def ticked(answers: dict[str, Any]) -> list[str]:
    question = flow.find("controllers", answers, SETUP)
    return [o.value for o in question.options if o.checked]


def test_watch_and_immigration_suggest_the_home_office() -> None:
    assert ticked({"monitoring": "non-fitted-device"}) == ["home-office"]
    assert ticked({"immigration": True, "detention": True}) == ["home-office"]
    (home,) = suggest({"immigration": True, "detention": True}, [], CATALOGUE)
    assert home.reasons == ("immigration application or reporting", "immigration detention")


def test_prison_probation_and_criminal_tags_suggest_hmpps_and_moj() -> None:
    assert ticked({"prison": "both"}) == ["hmpps"]
    assert ticked({"monitoring": "ankle-tag", "monitoring_reason": "licence"}) == ["moj"]
    assert ticked({"monitoring": "ankle-tag", "monitoring_reason": "other"}) == ["home-office", "moj"]


def test_police_contact_suggests_acro_and_each_named_force() -> None:
    answers = {"police_contact": True, "force_1": "metropolitan-police", "more_forces_1": True,
               "force_2": "police-scotland", "more_forces_2": False}
    assert ticked(answers) == ["acro", "metropolitan-police", "police-scotland"]


def test_the_main_organisations_are_always_offered_unticked() -> None:
    question = flow.find("controllers", {"prison": "prison"}, SETUP)
    offered = {o.value: o.checked for o in question.options}
    assert offered == {"hmpps": True, "home-office": False, "moj": False, "acro": False}


# --- answers <-> profile ----------------------------------------------------------------------


ALL_ANSWERS: dict[str, Any] = {
    "who": "other", "enforced": False,
    "rep_organisation": "Leeds Advice", "rep_name": "Sam Adviser", "rep_address": ["1 High St", "Leeds"],
    "rep_postcode": "LS1 1AA", "rep_email": "sam@advice.example", "rep_phone": "", "rep_reference": "C-42",
    "full_name": "Amira Example", "other_names": ["Amira Q"], "date_of_birth": "1990-04-23",
    "nationality": "Sudanese", "email": "", "phone": "", "address": ["Flat 2", "10 Park Road", "Leeds"],
    "postcode": "LS2 2BB", "moved": True, "previous_address_1": ["5 Old Road", "Croydon"],
    "previous_postcode_1": "CR0 1AA", "more_addresses_1": False,
    "monitoring": "ankle-tag", "monitoring_reason": "licence", "monitoring_start": "2024-01-10",
    "monitoring_end": "", "immigration": False, "prison": "both", "probation_reason": "licence",
    "police_contact": True,
    "force_1": "metropolitan-police", "police_event_1": "arrest", "police_date_1": "2023-06-03",
    "police_place_1": "Hackney", "police_outcome_1": "no-further-action",
    "police_reason_1": "mistaken-identity", "more_forces_1": False,
    "controllers": ["hmpps", "acro", "metropolitan-police"], "request_kind": "both",
    "response_format": "paper", "has_period": True, "date_from": "2023-01-01", "date_to": "",
    "details": "tag data", "details_about": "metropolitan-police",
    "objection": "The curfew checks wake my children.", "objection_about": "all",
    "ids_have": ["prison_number", "pnc_id"],
    "id_prison_number": "A1234BC", "id_pnc_id": "19/0123456X",
}


def test_answers_make_a_valid_profile_and_back() -> None:
    profile = flow.build_profile(ALL_ANSWERS, SETUP)
    assert profile.representative is not None and profile.representative.reference == "C-42"
    assert profile.requester.previous_addresses[0].postcode == "CR0 1AA"
    assert profile.circumstances.prison and profile.circumstances.probation
    assert profile.identifiers.present() == {"prison_number": "A1234BC", "pnc_id": "19/0123456X"}
    assert profile.request.date_from == date(2023, 1, 1) and profile.request.date_to is None
    # issue 10: why the tag was fitted, each police contact's outcome, a note for one body, grounds
    c = profile.circumstances
    assert c.monitoring_reason == "licence" and c.probation_reason == "licence"
    assert [(p.force, p.event, p.date, p.place, p.outcome, p.reason) for p in c.police_contacts] == [
        ("metropolitan-police", "arrest", date(2023, 6, 3), "Hackney", "no-further-action",
         "mistaken-identity")]
    assert profile.request.details is None
    assert profile.request.details_for == {"metropolitan-police": "tag data"}
    assert profile.request.objection_grounds == "The curfew checks wake my children."
    assert profile.request.erasure_scope == "named"  # the Home Office was not chosen: never asked
    again = flow.answers_from_profile(profile)
    assert flow.build_profile(again, SETUP) == profile


def test_the_new_facts_are_asked_only_where_they_apply() -> None:
    def ids(answers: dict[str, Any]) -> list[str]:
        return [q.id for q in flow.plan(answers, SETUP)]

    police = {"police_contact": True, "force_1": "west-midlands-police"}
    asked = [q for q in ids(police) if q.startswith("police_") and q != "police_contact"]
    assert asked == ["police_event_1", "police_date_1", "police_place_1", "police_outcome_1"]
    assert "police_reason_1" in ids({**police, "police_outcome_1": "no-further-action"})
    assert "police_reason_1" not in ids({**police, "police_outcome_1": "convicted"})
    event = flow.find("police_event_1", police, SETUP)
    assert event.text == "What happened with West Midlands Police?"
    assert "probation_reason" in ids({"prison": "probation"})
    assert "probation_reason" not in ids({"prison": "prison"})
    erasing = {"controllers": ["home-office", "moj"], "request_kind": "erasure", "details": "x"}
    assert {"objection", "erasure_scope", "details_about"} <= set(ids(erasing))
    assert "objection_about" in ids({**erasing, "objection": "why"})
    about = flow.find("details_about", erasing, SETUP)
    assert [o.value for o in about.options] == ["all", "home-office", "moj"]
    assert not {"objection", "erasure_scope"} & set(ids({**erasing, "request_kind": "access"}))
    assert "erasure_scope" not in ids({**erasing, "controllers": ["moj"]})


def test_the_broad_home_office_erasure_must_be_chosen() -> None:
    answers = dict(ALL_ANSWERS, controllers=["home-office", "hmpps"], details_about="all")
    assert flow.build_profile(answers, SETUP).request.erasure_scope == "named"
    chosen = dict(answers, erasure_scope="broad")
    assert flow.build_profile(chosen, SETUP).request.erasure_scope == "broad"


def test_answers_that_no_longer_apply_are_left_out() -> None:
    answers = dict(ALL_ANSWERS, has_period=False, moved=False)
    profile = flow.build_profile(answers, SETUP)
    assert profile.request.date_from is None
    assert profile.requester.previous_addresses == []


def test_changing_what_happened_asks_the_organisations_again() -> None:
    changed = flow.change(ALL_ANSWERS, "prison", SETUP)
    assert "prison" not in changed and "controllers" not in changed and "ids_have" not in changed
    assert changed["id_prison_number"] == "A1234BC"  # kept, offered again ticked
    assert flow.change(ALL_ANSWERS, "full_name", SETUP).keys() == ALL_ANSWERS.keys() - {"full_name"}


# --- state ------------------------------------------------------------------------------------


def test_state_is_private_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "interview.json"
    save_state(path, {"who": "self", "address": ["a", "b"]}, Options(to=["hmpps"]))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = load_state(path)
    assert saved.answers == {"who": "self", "address": ["a", "b"]}
    assert saved.options.to == ["hmpps"]


def test_state_lives_next_to_save_or_in_the_data_folder(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert state_path(tmp_path / "me.toml") == tmp_path / "me.interview.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert state_path(None) == tmp_path / "data" / "dsar" / "interview.json"


def test_missing_or_broken_state_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "interview.json"
    with pytest.raises(InterviewError) as err:
        load_state(path)
    assert err.value.message == (f"no interrupted interview to resume ({path} does not exist); "
                                 "start one with `dsar new`")
    path.write_text("{not json")
    with pytest.raises(InterviewError) as err:
        load_state(path)
    assert err.value.message == (f"the saved answers in {path} cannot be read; delete the file and "
                                 "run `dsar new` again")


# --- the session, driven by a scripted prompter ----------------------------------------------


class Scripted:
    """Answers questions from a script; a rejected answer takes the next one (a re-prompt)."""

    def __init__(self, script: dict[str, list[Any]], stop_at: str | None = None) -> None:
        self.script = {k: list(v) for k, v in script.items()}
        self.asked: list[str] = []
        self.messages: list[str] = []
        self.shown: list[str] = []
        self.stop_at = stop_at

    def show(self, text: str) -> None:
        self.shown.append(text)

    def ask(self, question: Question, current: Any, for_other: bool, check: Any) -> Any:
        self.asked.append(question.id)
        if question.id == self.stop_at:
            raise KeyboardInterrupt
        if question.id not in self.script:  # unscripted: the first choice, or the default
            if question.kind == "checkbox":
                return [o.value for o in question.options if o.checked]
            if question.kind == "confirm":
                return bool(question.default)
            if question.kind == "select":
                return current if current is not None else question.options[0].value
            return "" if question.optional else "x"
        while True:
            raw = self.script[question.id].pop(0)
            message = check(raw)
            if message is None:
                return raw
            self.messages.append(message)


PERSON = {
    "who": ["self"], "full_name": ["Amira Example"], "date_of_birth": ["1990-13-40", "23/04/1990"],
    "address": ["10 Park Road, Leeds"], "postcode": ["nope", "ls2 2bb"],
    "monitoring": ["non-fitted-device"], "immigration": [True], "detention": [False],
    "ids_have": [["home_office_reference"]], "id_home_office_reference": ["12", "B1234567"],
    "request_kind": ["access"], "review": ["write"],
}


def new_interview(tmp_path: Path, options: Options | None = None) -> Interview:
    return prepare(options or Options(), DIRECTORY, state_file=tmp_path / "state.json")


def test_a_whole_interview_with_re_prompts(tmp_path: Path) -> None:
    interview = new_interview(tmp_path)
    prompter = Scripted(PERSON)
    interview.ask_missing(prompter)
    interview.review(prompter)
    assert prompter.messages == [
        '"1990-13-40" has no month 13; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25',
        '"nope" is not a UK postcode, e.g. SW1A 1AA',
        '"12" is not a valid Home Office reference: use a letter then digits, e.g. B1234567 (or B1234567/2)',
    ]
    profile = flow.build_profile(interview.answers, interview.setup)
    assert profile.requester.postcode == "LS2 2BB"
    assert profile.identifiers.home_office_reference == "B1234567"
    assert flow.chosen_controllers(interview.answers) == ["home-office"]
    assert flow.kinds(interview.answers) == ["access"]
    assert "Step 7 of 7: Check your answers" in prompter.shown
    assert "  Your date of birth: 23 April 1990" in prompter.shown
    assert len(prompter.asked) == len(set(prompter.asked))  # nothing asked twice


def test_every_answer_is_saved_before_the_next_question(tmp_path: Path) -> None:
    interview = new_interview(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        interview.ask_missing(Scripted(PERSON, stop_at="monitoring"))
    saved = load_state(tmp_path / "state.json").answers
    assert saved["full_name"] == "Amira Example" and saved["postcode"] == "LS2 2BB"
    assert "monitoring" not in saved
    resumed = prepare(Options(), DIRECTORY, state_file=tmp_path / "state.json",
                      resume=load_state(tmp_path / "state.json"))
    prompter = Scripted(PERSON)
    resumed.ask_missing(prompter)
    assert prompter.asked[0] == "monitoring"
    assert "full_name" not in prompter.asked


def test_changing_an_answer_on_the_review_screen(tmp_path: Path) -> None:
    interview = new_interview(tmp_path)
    script = dict(PERSON, review=["change", "write"], change=["full_name"],
                  full_name=["Amira Example", "Amira Q Example"])
    prompter = Scripted(script)
    interview.ask_missing(prompter)
    interview.review(prompter)
    assert interview.answers["full_name"] == "Amira Q Example"
    assert prompter.asked.count("review") == 2


def test_stop_for_now_keeps_the_answers(tmp_path: Path) -> None:
    interview = new_interview(tmp_path)
    prompter = Scripted(dict(PERSON, review=["stop"]))
    interview.ask_missing(prompter)
    with pytest.raises(Paused):
        interview.review(prompter)
    assert load_state(tmp_path / "state.json").answers["full_name"] == "Amira Example"


def test_enforced_access_is_explained_and_the_user_may_stop(tmp_path: Path) -> None:
    interview = new_interview(tmp_path)
    prompter = Scripted({"who": ["self"], "enforced": [True], "enforced_continue": [False]})
    with pytest.raises(Declined):
        interview.ask_missing(prompter)
    question = flow.find("enforced_continue", interview.answers, interview.setup)
    from dsar.interview.questions import note

    assert question.note == "enforced"
    assert "section 184" in note("enforced") and "different ACRO service" in note("enforced")


def write_profile(tmp_path: Path) -> Path:
    profile = flow.build_profile(ALL_ANSWERS, SETUP)
    path = tmp_path / "me.toml"
    path.write_text(profile_to_toml(profile))
    return path


def test_a_complete_profile_and_flags_leave_nothing_to_ask(tmp_path: Path) -> None:
    path = write_profile(tmp_path)
    options = Options(profile=str(path), to=["hmpps"], kinds=["access", "erasure"])
    interview = new_interview(tmp_path, options)
    assert interview.missing() is None
    assert flow.build_profile(interview.answers, interview.setup) == load_profile(path)
    assert flow.kinds(interview.answers) == ["access", "erasure"]


def test_a_profile_without_to_asks_only_for_the_organisations(tmp_path: Path) -> None:
    options = Options(profile=str(write_profile(tmp_path)), kinds=["access"])
    interview = new_interview(tmp_path, options)
    missing = interview.missing()
    # the profile names its police contact (force, event, outcome): only the organisations are asked
    assert missing is not None and missing.id == "controllers"
    assert interview.answers["force_1"] == "metropolitan-police"
    bare = flow.build_profile(dict(ALL_ANSWERS, force_1=None), SETUP)
    path = tmp_path / "bare.toml"
    path.write_text(profile_to_toml(bare))
    interview = new_interview(tmp_path, Options(profile=str(path), kinds=["access"]))
    missing = interview.missing()
    assert missing is not None and missing.id == "force_1"  # police contact with no force named


def test_bad_flags_fail_before_any_question(tmp_path: Path) -> None:
    with pytest.raises(InterviewError) as err:
        request_kind_for(["copy"])
    assert err.value.message == '--kind "copy" is not known: use --kind access or --kind erasure'
    from dsar.errors import ControllerError

    with pytest.raises(ControllerError):
        new_interview(tmp_path, Options(to=["home-ofice"]))
    with pytest.raises(ProfileError):
        new_interview(tmp_path, Options(profile=str(tmp_path / "none.toml")))


def test_state_file_holds_no_more_than_answers_and_options(tmp_path: Path) -> None:
    interview = new_interview(tmp_path, Options(to=["hmpps"]))
    interview.save()
    data = json.loads((tmp_path / "state.json").read_text())
    assert set(data) == {"version", "options", "answers"}
    assert data["answers"] == {"controllers": ["hmpps"]}


# --- the closing page's due date ----------------------------------------------------------------


def test_due_date_if_sent_today_comes_from_the_deadline_engine() -> None:
    from dsar.interview.finish import channel, due_if_sent_today

    home = DIRECTORY.get("home-office")
    assert channel(home, "access") == "online-form"  # it asks for its form or post, not email
    assert channel(home, "erasure") == "post-first"  # its form is for access requests
    assert channel(DIRECTORY.get("moj"), "access") == "email"
    # 26 Dec 2026 is a Saturday and 28 Dec the Boxing Day substitute holiday (England)
    assert due_if_sent_today(home, "access", "email", date(2026, 11, 26)) == date(2026, 12, 29)
    # by first-class post, deemed received two working days later (Mon 30 Nov)
    assert due_if_sent_today(home, "access", "post-first", date(2026, 11, 26)) == date(2026, 12, 30)


# --- invariants --------------------------------------------------------------------------------


def test_every_question_has_a_help_line() -> None:
    from dsar.interview.questions import _raw

    entries = {k: v for k, v in _raw().items() if k != "notes"}
    assert entries and all(entry.get("help", "").strip() for entry in entries.values())


SAMPLE_TEXT = {"name": "A Person", "names": "", "past-date": "1990-04-23", "date": "", "rough-date": "", "postcode": "",
               "email": "", "lines": "1 A Road, Leeds", None: ""}


@settings(deadline=None)  # a path can now hold 12 police areas x 6 questions; no timed tests here
@given(st.data())
def test_any_path_through_the_interview_ends_in_a_valid_profile(data: st.DataObject) -> None:
    answers: dict[str, Any] = {}
    for _ in range(200):
        question = flow.next_question(answers, SETUP)
        if question is None:
            break
        planned = [q.id for q in flow.plan(answers, SETUP)]
        assert len(planned) == len(set(planned))
        if question.kind == "select":
            raw: Any = data.draw(st.sampled_from([o.value for o in question.options]))
        elif question.kind == "confirm":
            raw = data.draw(st.booleans())
        elif question.kind == "checkbox":
            values = [o.value for o in question.options]
            raw = data.draw(st.lists(st.sampled_from(values), unique=True,
                                     min_size=1 if question.id == "controllers" else 0))
        elif question.kind == "force":
            raw = data.draw(st.sampled_from([f.short_name for f in CATALOGUE.forces]))
        elif question.check == "identifier":
            from dsar.identifiers import KINDS

            raw = KINDS[question.param].example
        else:
            raw = SAMPLE_TEXT[question.check]
        answers[question.id] = flow.accept(question, raw, answers, SETUP)
    else:
        pytest.fail("the interview did not end")
    profile = flow.build_profile(answers, SETUP)
    assert profile.requester.full_name == "A Person"
    assert flow.chosen_controllers(answers) and flow.kinds(answers)


def test_resume_needs_no_profile_flag(tmp_path: Path) -> None:
    from dsar.interview.run import NewRun, start

    with pytest.raises(InterviewError) as err:
        start(NewRun(resume=True, profile=tmp_path / "me.toml"), DIRECTORY)
    assert err.value.message == ("--resume goes on with the saved answers; leave out --profile, "
                                 "or leave out --resume to start again from the profile")


def test_arabic_script_commas_separate_address_lines_and_names() -> None:
    # Arabic, Persian, Pashto, Sorani and Urdu keyboards type "،" (U+060C) and "؛" (U+061B)
    from dsar.interview.checks import check_lines, check_names

    assert check_lines("12 High Street، Leeds؛ West Yorkshire") == ["12 High Street", "Leeds", "West Yorkshire"]
    assert check_names("محمد علي، Mohamed Ali") == ["محمد علي", "Mohamed Ali"]
    assert check_lines("1 Road, Town") == ["1 Road", "Town"]


def test_no_due_date_for_a_letter_with_no_known_route(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    # South Wales Police's online form is for access requests and no postal address or email is
    # known: its erasure letter has no way to send it, so the closing page gives no due date
    from dsar.paths import letters_dir
    from tests.cli_runner import run_cli

    code, out, err = run_cli(capsys, "new", "--profile", str(letters_dir() / "demo-profile.toml"),
                             "--to", "south-wales-police", "--to", "moj", "--kind", "erasure", "--yes",
                             "--out", str(tmp_path / "out"))
    assert code == 0, err
    south_wales, moj = out.split("\n\n2. ")[0], out.split("\n\n2. ")[1]
    assert "South Wales Police" in south_wales and "no email or postal address is known" in south_wales
    assert "the answer is due by" not in south_wales
    assert "the answer is due by" in moj
    # the record-it line names a letter that can be sent, the way it goes, on its own line
    assert "late:\n  dsar track log R-000002 sent --via email   (or --via online-form, post-first," in out
