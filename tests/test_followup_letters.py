"""Follow-up letters built from whole histories in a real tracker, checked against the engine.

Each test walks a request through the real Tracker (SQLite in a temp folder) and the
real deadline engine, then checks that each letter states the dates the engine
computes (sent, received, relevant time, deadline, days overdue, the final date 14
days on) and the right citations, in plain text, HTML and the draft email; a few are
also rendered to PDF and read back with pypdf.

Golden files (exact wording on a fixed history) live in tests/golden/followup/.
After a reviewed wording change, regenerate them with
    DSAR_UPDATE_GOLDEN=1 pytest tests/test_followup_letters.py
"""

from __future__ import annotations

import email
import html
import io
import os
import re
from datetime import date, timedelta
from email.policy import default as default_policy
from pathlib import Path

import pytest
from followup_fixtures import (
    TODAY,
    History,
    day,
    demo_profile,
    directory,
    final_date,
    flat,
    new_request,
    tracker,
)
from letters_fixtures import variant

from dsar.compose import Letter
from dsar.errors import DsarError
from dsar.followup import follow_up, prepare
from dsar.followup.context import deadline_working
from dsar.followup.working import letter_working
from dsar.render import to_eml, to_html, to_pdf, to_text

__all__ = ["directory", "tracker"]  # fixtures used by name

GOLDEN = Path(__file__).parent / "golden" / "followup"
UPDATE = os.environ.get("DSAR_UPDATE_GOLDEN") == "1"


# -- helpers ---------------------------------------------------------------------------------

def views(letter: Letter) -> dict[str, str]:
    """The letter's words in every text format, flattened: txt, html (tags removed), eml body."""
    page = re.sub(r"<style>.*?</style>", " ", to_html(letter), flags=re.S)
    out = {"txt": to_text(letter), "html": html.unescape(re.sub(r"<[^>]+>", " ", page))}
    if letter.email_to:
        message = email.message_from_bytes(to_eml(letter, None), policy=default_policy)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        out["eml"] = body.get_content()  # type: ignore[attr-defined]
    return {fmt: flat(text) for fmt, text in out.items()}


def assert_says(letter: Letter, *phrases: str) -> None:
    for fmt, text in views(letter).items():
        for phrase in phrases:
            assert flat(phrase) in text, f"{fmt} lacks: {phrase}"


def pdf_text(letter: Letter) -> str:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(to_pdf(letter)))
    return flat(" ".join(page.extract_text() or "" for page in reader.pages))


def golden(name: str, text: str) -> None:
    path = GOLDEN / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run DSAR_UPDATE_GOLDEN=1 pytest {__file__}"
    assert text == path.read_text(encoding="utf-8")


def make(h: History, what: str, on: date, **kw: object) -> Letter:
    prepared = prepare(what, h.request(), h.assess(on), profile=kw.pop("profile", demo_profile()),  # type: ignore[arg-type]
                       directory=h.directory, today=on, **kw)  # type: ignore[arg-type]
    return prepared.letter


def home_office_history(tracker, directory) -> History:  # type: ignore[no-untyped-def]
    """Sent Fri 28 Aug 2026 first class (Mon 31 Aug is a bank holiday in England), ID asked
    for 8 Sep and sent 15 Sep second class: received Fri 18 Sep, due Mon 19 Oct 2026."""
    h = new_request(tracker, directory, "home-office", created=date(2026, 8, 27))
    h.log("sent", date(2026, 8, 28), via="post-first")
    h.log("id-requested", date(2026, 9, 8))
    h.log("id-provided", date(2026, 9, 15), via="post-second")
    return h


# -- the whole walk, Home Office (UK GDPR and Part 3) ---------------------------------------------

def test_walk_home_office_from_sending_to_the_ico(tracker, directory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    h = home_office_history(tracker, directory)
    out = tmp_path / "out"

    # Before the deadline: no chaser, unless forced; the forced one says the date has not passed.
    early = date(2026, 10, 10)
    with pytest.raises(DsarError) as exc:
        make(h, "chase", early)
    assert exc.value.message == (f"request {h.ref}: the answer is not late: it is due by Mon 19 Oct 2026, so a "
                                 "chaser can be made from Tue 20 Oct 2026; add --force to make it anyway (the "
                                 "history will record that it was forced)")
    forced = make(h, "chase", early, force=True)
    assert_says(forced, "The law requires you to answer by 19 October 2026", "That date has not passed yet.",
                "Please make sure that your full answer arrives by 19 October 2026.")

    # Overdue: the chaser states every date as the engine computes it.
    on = date(2026, 11, 2)
    a = h.assess(on)
    assert (a.received_on, a.relevant_time, a.due_on, a.days_overdue) == (
        date(2026, 9, 2), date(2026, 9, 18), date(2026, 10, 19), 14)  # worked by hand in the docstring
    done = follow_up(h.tracker, h.ref, "chase", profile=demo_profile(), directory=directory, out=out,
                     today=on, formats=["txt", "html", "eml"], via="email")
    assert done.kind == "chase" and done.event == "chase-sent" and done.recorded
    letter = make(h, "chase", on)  # the same letter, composed again for checking
    assert_says(
        letter,
        f"On {day(date(2026, 8, 28))} we sent you, on our client's behalf, a subject access request by "
        "first-class post",
        f"it is treated as received on {day(a.received_on)}",
        f"You asked for proof of identity on {day(date(2026, 9, 8))}, and we sent it on "
        f"{day(date(2026, 9, 15))}",
        # ID posted second class: a deemed date, said to be one (and s.54(3): both regimes)
        f"The time limit therefore runs from {day(a.relevant_time)}, the day the proof of identity is treated as "
        "received (deemed receipt for second-class post: the 3rd working day after posting; Article 12A(2) UK GDPR",
        f"The law required you to answer by {day(a.due_on)} (Articles 12(3) and 12A UK GDPR",
        f"Your answer is now {a.days_overdue} days late.",
        f"by {final_date(on)}",
        "section 164A of the Data Protection Act 2018", "Information Commissioner under section 165",
        # the engine's working in the letter's own words: "you", dates in full, deemed dates as such
        *letter_working(deadline_working(a.explanation)),
        "You asked for proof of identity on 8 September 2026; it is treated as received on 18 September 2026, "
        "so the time limit runs from that day",
    )
    for note in ("They asked", "ID received", "Fri 18 Sep 2026", "so treated as received that day"):
        assert note not in flat(views(letter)["txt"]), note
    assert "record the real date" not in views(letter)["txt"]  # the engine's advice to the user stays out
    # the Home Office is also a Part 3 competent authority (uk-law-addendum.md point 7): both regimes
    assert "section 54(3) DPA 2018" in views(letter)["txt"].split("Yours faithfully")[0]
    assert set(done.files) == {"txt", "html", "eml"}
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in done.files.values())
    logged = h.request().entries[-1]
    assert logged.event.kind == "chase-sent" and logged.event.on == on and logged.event.via == "email"
    assert list(logged.files) == [str(p.resolve()) for p in done.files.values()]
    assert h.assess(on).action == "wait"  # the engine now waits 14 days for the chaser

    # A partial answer: the chaser asks for exactly the missing items, each with its provision.
    h.log("partial-response", date(2026, 11, 10), data={"missing": ["copy", "recipients", "facial-images"]})
    on = date(2026, 11, 12)
    a = h.assess(on)
    letter = make(h, "chase", on)
    assert_says(
        letter, f"On {day(date(2026, 11, 10))} you sent our client an answer.",
        "A copy of the personal data (Article 15(3) UK GDPR / DPA 2018 s.45(1)(b)).",
        "Recipients (Article 15(1)(c) UK GDPR / DPA 2018 s.45(2)(c)).",
        "Facial images (Article 15(3) and Article 9 UK GDPR",
        "reasonable and proportionate search (Article 15(1A) UK GDPR; section 45(2A) DPA 2018)",
        f"Your answer is now {a.days_overdue} days late.", f"Please send the missing parts by {final_date(on)}",
    )
    assert letter.subject.startswith("Subject access request sent on 28 August 2026: parts of your answer are "
                                     "missing")

    # Complaint to the organisation (s.164A); the engine then expects an acknowledgement.
    on = date(2026, 11, 26)
    done = follow_up(h.tracker, h.ref, "complaint", profile=demo_profile(), directory=directory, out=out,
                     today=on, formats=["txt"], via="email")
    a = done.assessment
    assert done.event == "complaint-sent" and a.complaint_ack_due == on + timedelta(days=29)
    text = done.files["txt"].read_text(encoding="utf-8")
    for phrase in ("This is a complaint under section 164A of the Data Protection Act 2018",
                   f"It was due by {day(a.due_on)}", f"is now {a.days_overdue} days late",
                   f"Your answer of {day(date(2026, 11, 10))}, 22 days after the deadline, left out a copy of "
                   "the personal data (Article 15(3) UK GDPR / DPA 2018 s.45(1)(b))",
                   f"We reminded you on {day(date(2026, 11, 2))}",
                   "Acknowledge this complaint within 30 days beginning with the day you receive it "
                   "(section 164A(3) DPA 2018)", "complain to the Information Commissioner (section 165"):
        assert flat(phrase) in flat(text), phrase

    # No acknowledgement by the s.164A date: the engine says complain to the ICO; the pack follows.
    on = a.complaint_ack_due + timedelta(days=1)  # type: ignore[operator]
    assert h.assess(on).action == "complain-ico"
    prepared = prepare("ico", h.request(), h.assess(on), profile=demo_profile(), directory=directory, today=on)
    # complained first, and within three months of the last contact: no warning but the ICO page's
    # own (undated) contact facts, which the directory always asks the user to check
    assert [w for w in prepared.warnings if "comes from an undated page" not in w] == []
    ico = prepared.letter
    record = directory.get("ico")
    assert ico.recipient[: len(record.access.address.value)] == tuple(record.access.address.value)  # type: ignore[union-attr]
    assert ico.recipient[-1] == record.access.postcode.text  # type: ignore[union-attr]
    assert_says(
        ico, "Complaint under section 165 of the Data Protection Act 2018 about the Home Office",
        "we sent the Home Office, on our client's behalf, a subject access request by first-class post",
        f"We complained to the Home Office on {day(date(2026, 11, 26))}; it had to acknowledge the "
        f"complaint by {day(a.complaint_ack_due)} (section 164A(3) DPA 2018). It has not acknowledged it.",
        f"{day(date(2026, 8, 28))}: Request sent by first-class post",
        f"{day(date(2026, 9, 8))}: The organisation asked for proof of identity",
        f"{day(date(2026, 11, 10))}: The organisation sent part of an answer; missing: A copy of the "
        "personal data, Recipients, Facial images",
        f"{day(date(2026, 11, 26))}: Complaint sent to the organisation by email",
        f"{done.files['txt'].name}",  # the complaint letter is listed among the documents
        "Ask the Home Office to send the missing parts of its answer without further delay",
    )
    assert "section 51" not in views(ico)["txt"]  # not Part 3
    assert "Request under section 51" not in pdf_text(ico) and "Wycliffe House" in pdf_text(ico)


# -- Part 3: refusal, reasons, the Commissioner's check ----------------------------------------

def test_refusal_under_part_3_asks_for_reasons_and_the_pack_asks_for_a_section_51_check(
        tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, "hmpps", created=date(2026, 9, 30))
    h.log("sent", date(2026, 10, 1), via="email").log("refused", date(2026, 10, 20),
                                                       data={"reason": "s45-restriction"})
    on = TODAY
    assert h.assess(on).action == "ask-reasons"
    letter = make(h, "chase", on)
    assert letter.kind == "reasons"
    assert_says(
        letter, f"On {day(date(2026, 10, 20))} you told our client that you would not give our client all of their personal data",
        "You have restricted our client's right of access under section 45(4) DPA 2018. Section 45(5) requires "
        "you to tell our client in writing",
        "the reasons for the restriction (unless giving them would undermine its purpose: section 45(6))",
        "right to ask the Information Commissioner to check the restriction (section 51)",
        "apply to a court (section 167)", "(section 45(7))", "Article 12(4) UK GDPR",
        "section 53(3) DPA 2018; your reasons are required by section 53(6)",
        f"Please reply by {final_date(on)}.",
    )
    h.log("reasons-requested", on)
    later = on + timedelta(days=14)  # the final date the reasons letter gives them
    assert h.assess(later).action == "wait"
    assert h.assess(later + timedelta(days=1)).action == "complain"
    h.log("complaint-sent", on, via="email")
    pack = make(h, "ico", later)
    assert_says(pack, "Request under section 51 DPA 2018",
                "We ask the Commissioner to check that the restriction is lawful (section 51 DPA 2018).",
                "Check that the restriction of access is lawful (section 51 DPA 2018).",
                f"On {day(date(2026, 10, 20))} HMPPS refused the request, restricting the right of access "
                f"under section 45(4) DPA 2018; we asked for its reasons on {day(on)}.",
                f"{day(date(2026, 10, 20))}: The organisation refused the request, restricting the right of "
                "access under section 45(4) DPA 2018")


@pytest.mark.parametrize("reason", [None, "none-given", "exemption", "unfounded-or-excessive",
                                    "id-not-accepted", "not-held"])
def test_a_refusal_states_only_the_logged_reason_and_no_section_51_without_a_restriction(
        tracker, directory, reason: str | None) -> None:  # type: ignore[no-untyped-def]
    from dsar.followup.reasons import reasons

    h = new_request(tracker, directory, "police-scotland", created=date(2026, 9, 30))
    h.log("sent", date(2026, 10, 1), via="email")
    h.log("refused", date(2026, 10, 20), data={"reason": reason} if reason else {})
    h.log("complaint-sent", date(2026, 10, 22), via="email")
    pack = views(make(h, "ico", TODAY))["txt"]
    said = f", {reasons()[reason].letter}" if reason else ""
    assert f"On 20 October 2026 Police Scotland refused the request{said}." in pack
    assert "section 51" not in pack and "45(4)" not in pack and "restricted" not in pack


def test_a_refused_part_3_erasure_asks_for_the_section_51_check(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, "metropolitan-police", kind="erasure")
    h.log("sent", date(2026, 10, 1), via="email").log("refused", date(2026, 11, 12))
    h.log("complaint-sent", date(2026, 11, 13), via="email")
    pack = make(h, "ico", TODAY)
    assert_says(pack, "The Metropolitan Police refused our client's request for erasure under Part 3 of the DPA "
                      "2018 (section 48). We ask the Commissioner to check that the refusal is lawful "
                      "(section 51 DPA 2018).",
                "Check that the refusal to erase is lawful (section 51 DPA 2018).",
                # tense and lateness from the dates (issue 11 item 3): due Mon 2 Nov 2026
                "The answer was due by 2 November 2026",
                "On 12 November 2026 the Metropolitan Police refused the request, 10 days after the deadline.")


def test_erasure_refusal_cites_section_48_not_45(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, "metropolitan-police", kind="erasure")
    h.log("sent", date(2026, 10, 1), via="email").log("refused", date(2026, 10, 22))
    letter = make(h, "chase", TODAY)
    assert_says(letter, "Refusal of erasure (section 48 DPA 2018)", "sent you, on our client's behalf, a request for erasure by email",
                "make a request to the Information Commissioner under section 51")
    assert "section 45(5)" not in views(letter)["txt"]


# -- refusals and edge cases ---------------------------------------------------------------------

def test_nothing_to_chase(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory)
    with pytest.raises(DsarError, match=rf"^request {h.ref} has not been sent yet; send it, then log it"):
        make(h, "chase", TODAY)
    h.log("sent", date(2026, 9, 1), via="email").log("id-requested", date(2026, 9, 3))
    with pytest.raises(DsarError) as exc:
        make(h, "chase", TODAY)
    assert exc.value.message == (f"request {h.ref} is waiting for you: they asked for proof of identity on "
                                 f"Thu 3 Sep 2026; send it, then log it with `dsar track log {h.ref} "
                                 "id-provided --on DATE`")
    h.log("id-provided", date(2026, 9, 4), via="email").log("responded", date(2026, 10, 1))
    with pytest.raises(DsarError) as exc:
        make(h, "complaint", TODAY)
    assert exc.value.message == (f"request {h.ref} was answered in full; if parts are missing, log "
                                 f"`dsar track log {h.ref} partial-response --missing copy,recipients` first")


def test_the_profile_must_be_the_requesters(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, requester="Someone Else")
    h.log("sent", date(2026, 9, 1), via="email")
    with pytest.raises(DsarError) as exc:
        make(h, "chase", TODAY)
    assert exc.value.message == (f'the profile is for "Demo Person" but request {h.ref} is for '
                                 "\"Someone Else\"; use that person's profile")


def test_a_partial_answer_without_missing_items_asks_for_the_rest_and_warns(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, "acro")
    h.log("sent", date(2026, 10, 1), via="email").log("partial-response", date(2026, 10, 20))
    prepared = prepare("chase", h.request(), h.assess(TODAY), profile=demo_profile(), directory=directory,
                       today=TODAY)
    assert_says(prepared.letter, "Please send the rest of your answer",
                "(Article 15(3) UK GDPR; section 45(1)(b) DPA 2018)")
    assert any("lists no missing items" in w for w in prepared.warnings)


def test_ico_pack_warns_without_a_complaint_first_and_after_three_months(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, "psni", created=date(2026, 6, 1))
    h.log("sent", date(2026, 6, 1), via="email")
    with pytest.raises(DsarError, match="the ICO expects the organisation to have its chance first"):
        prepare("ico", h.request(), h.assess(TODAY), profile=demo_profile(), directory=directory, today=TODAY)
    prepared = prepare("ico", h.request(), h.assess(TODAY), profile=demo_profile(), directory=directory,
                       today=TODAY, force=True)
    assert prepared.forced is not None and prepared.warnings[0].startswith("made before its time (the ICO")
    assert prepared.warnings[1:3] == [
        "more than three months have passed since your last contact with the organisation (Mon 1 Jun 2026); "
        "the ICO expects complaints within three months of the last meaningful contact and may not look at "
        "this one: say why in the pack, or contact the organisation again first",
        f"you have not complained to the organisation first; the ICO expects that (make one with "
        f"`dsar complain {h.ref} --to controller`)",
    ]
    assert_says(prepared.letter, "We have not complained to the PSNI first.",
                "The last contact with the PSNI was on 1 June 2026.")


def test_first_person_when_no_representative_acts(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, "moj")
    h.log("sent", date(2026, 9, 1), via="online-form")
    h.log("partial-response", date(2026, 10, 30), data={"missing": ["source", "logic"]})
    letter = make(h, "chase", TODAY, profile=variant(representative=None))
    assert_says(letter, "On 1 September 2026 I sent you a subject access request through your online form.",
                "It reached you the same day, 1 September 2026.",
                "tell me all the information you have about where it came from.",
                "Where the UK GDPR applies, tell me whether decisions about me are taken by automated "
                "decision-making")
    assert "our client" not in views(letter)["txt"]


def test_a_name_that_looks_like_markup_stays_text(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    evil = '<img src="file:///etc/passwd">'
    profile = variant(requester={"full_name": evil}, representative=None)
    h = new_request(tracker, directory, requester=evil)
    h.log("sent", date(2026, 9, 1), via="email", note="<script>alert(1)</script>")
    letter = make(h, "ico", TODAY, profile=profile, force=True)
    page = to_html(letter)
    assert "<img" not in page and "&lt;img src=" in page
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- golden wording on a fixed history ----------------------------------------------------------

def test_golden_follow_up_letters(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = home_office_history(tracker, directory)
    golden("chase", to_text(make(h, "chase", date(2026, 11, 2))))
    h.log("chase-sent", date(2026, 11, 2), via="email")
    h.log("partial-response", date(2026, 11, 10), data={"missing": ["copy", "recipients", "logic"]})
    golden("chase-partial", to_text(make(h, "chase", date(2026, 11, 12))))
    golden("complaint", to_text(make(h, "complaint", TODAY)))
    h.log("complaint-sent", TODAY, via="email")
    golden("ico-complaint", to_text(make(h, "ico", date(2027, 1, 5))))

    p3 = new_request(tracker, directory, "hmpps", created=date(2026, 9, 30))
    p3.log("sent", date(2026, 10, 1), via="email").log("refused", date(2026, 10, 20))
    golden("reasons", to_text(make(p3, "chase", TODAY)))
    golden("reasons-first-person", to_text(make(p3, "chase", TODAY, profile=variant(representative=None))))


def test_an_unknown_code_stored_from_python_says_how_to_fix_it(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory)
    h.log("sent", date(2026, 9, 1), via="email").log("partial-response", date(2026, 10, 2),
                                                      data={"missing": ["copy", "photos"]})
    with pytest.raises(DsarError) as exc:
        make(h, "chase", TODAY)
    assert exc.value.message.startswith(f'the partial-response of 2026-10-02 in {h.ref} lists "photos" is not a '
                                        "missing-item code;")
    assert exc.value.message.endswith(f"log it again: dsar track log {h.ref} partial-response --on 2026-10-02 "
                                      "--missing CODE,CODE")


def test_follow_up_kinds_are_not_offered_to_generate() -> None:
    import dsar.followup.kinds  # noqa: F401 - registers the follow-up kinds
    from dsar.compose import KINDS, kind_named
    from dsar.errors import LetterError

    assert {"chase", "reasons", "complaint", "ico-complaint"} <= set(KINDS)
    with pytest.raises(LetterError) as exc:
        kind_named("deletion")
    assert exc.value.message == 'unknown letter kind "deletion"; use one of: access, erasure'


def test_no_note_to_the_user_in_the_address_block_of_a_letter_for_a_form(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    record = directory.get("greater-manchester-police")
    assert record.access.address is None  # the case: no postal address known
    h = new_request(tracker, directory, "greater-manchester-police")
    h.log("sent", date(2026, 10, 1), via="online-form")
    prepared = prepare("chase", h.request(), h.assess(TODAY), profile=demo_profile(), directory=directory,
                       today=TODAY)
    assert prepared.letter.recipient == (record.access.unit, record.name)
    assert "address not known" not in to_text(prepared.letter)
    assert any(w.startswith("no postal address is known for") for w in prepared.warnings)


def test_old_rules_police_chaser_says_which_part_is_late(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    """Issue 11 item 10. Received Tue 20 Jan 2026 (old rules) by Police Scotland (both regimes);
    clarification asked Sun 25 Jan, given Thu 5 Feb by email: 12 days, both included.
    Part 3 (no pause): Fri 20 Feb 2026. UK GDPR (ICO practice): 20 Feb + 12 = Wed 4 Mar 2026."""
    h = new_request(tracker, directory, "police-scotland", created=date(2026, 1, 19))
    h.log("received", date(2026, 1, 20)).log("clarification-requested", date(2026, 1, 25))
    h.log("clarification-provided", date(2026, 2, 5), via="email")
    on = date(2026, 3, 2)
    a = h.assess(on)
    assert (a.part3_due_on, a.due_on, a.days_overdue, a.status) == (
        date(2026, 2, 20), date(2026, 3, 4), 10, "overdue")
    letter = make(h, "chase", on)
    assert_says(letter,
                "for the data under Part 3 the law required you to answer by 20 February 2026; for the rest, "
                "by 4 March 2026 (Article 12(3) UK GDPR).",
                "For the data under Part 3, that date has passed: that part of your answer is now 10 days late.")
    assert "The date for the rest has passed too" not in views(letter)["txt"]
    later = make(h, "chase", date(2026, 3, 9))
    assert_says(later, "that part of your answer is now 17 days late. The date for the rest has passed too: "
                       "it is now 5 days late.")


def test_the_reasons_letter_states_the_logged_reason_only(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    h = new_request(tracker, directory, "hmpps", created=date(2026, 9, 30))
    h.log("sent", date(2026, 10, 1), via="email").log("refused", date(2026, 11, 4),
                                                       data={"reason": "s45-restriction"})
    text = views(make(h, "chase", TODAY))["txt"]
    assert ("you would not give our client all of their personal data, restricting the right of access under "
            "section 45(4) DPA 2018, 2 days after the deadline.") in text  # due Mon 2 Nov 2026
    assert "You have restricted our client's right of access under section 45(4) DPA 2018." in text
    held = new_request(tracker, directory, "home-office")
    held.log("sent", date(2026, 10, 1), via="email").log("refused", date(2026, 10, 20), data={"reason": "not-held"})
    text = views(make(held, "chase", TODAY))["txt"]
    assert "you told our client that you hold no such personal data." in text
    assert "would not give" not in text and "You have restricted" not in text
    held.log("complaint-sent", TODAY, via="email")
    complaint = views(make(held, "complaint", TODAY))["txt"]
    assert "reconsider the refusal." in complaint and "restriction" not in complaint


def test_home_office_reasons_letter_states_the_immigration_exemption_safeguards(tracker, directory) -> None:  # type: ignore[no-untyped-def]
    """uk-law-addendum.md point 6: para 4A (SI 2024/342); the published-policy duty could not be verified."""
    h = new_request(tracker, directory, "home-office")
    h.log("sent", date(2026, 10, 1), via="email").log("refused", date(2026, 10, 20), data={"reason": "exemption"})
    text = views(make(h, "chase", TODAY))["txt"]
    assert ("the decision must be made case by case, separately for each right, and afresh on each occasion "
            "(paragraph 4A, as substituted by SI 2024/342)") in text
    assert "published policy" not in text
    assert "you would not give our client all of their personal data, relying on an exemption." in text
