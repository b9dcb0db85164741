"""The batch cover sheet speaks to the client; the adviser's checklist keeps the adviser's steps."""

from __future__ import annotations

from datetime import date

from dsar.batch.checklist import checklist_text
from dsar.batch.cover import CoverItem, compose_cover
from dsar.batch.worker import ClientOutcome, DocOutcome
from dsar.render import to_text
from tests.letters_fixtures import demo

ITEMS = [
    CoverItem("Home Office", "access", "a.pdf", "Email it to x@example.org", (
        "Proof of identity (a passport or other official photo ID)",
        "Demo Person's signed letter of authority"), ("check the address",)),
    CoverItem("Home Office", "erasure", "b.pdf", "Email it to x@example.org", (), ()),
    CoverItem("HMPPS", "access", "c.pdf", "Post it", ("A copy of our client's passport or driving licence",),
              ()),
]


def test_the_cover_sheet_tells_the_client_what_is_enclosed_what_to_sign_and_what_next() -> None:
    text = " ".join(to_text(compose_cover(demo(), ITEMS, authority_file="auth.pdf", on=date(2026, 11, 26)))
                    .split())
    assert "Dear Demo Person," in text
    assert ("- Home Office: a copy of the records it holds about you, and to delete records about you "
            "- HMPPS: a copy of the records it holds about you") in text
    assert "What is in this envelope" in text and "What to do" in text and "What happens next" in text
    assert 'sign and date it where it says "Signed" and "Date". Send it back to us at 3 Sample Lane' in text
    # proof of identity in the client's own words; the authority is not "proof" they send
    assert "- Proof of identity (a passport or other official photo ID)" in text
    assert "- A copy of your passport or driving licence" in text
    assert "our client" not in text and "signed letter of authority" not in text
    for internal in ("auth.pdf", "a.pdf", "Email it to", "check the address", "dsar", "manifest", "tracker"):
        assert internal not in text, internal


def test_the_adviser_checklist_has_the_steps_refs_and_checks() -> None:
    docs = [DocOutcome("letter-of-authority", None, None, {"pdf": "c1/auth.pdf"}),
            DocOutcome("letter", "home-office", "erasure", {"pdf": "c1/ho.pdf", "txt": "c1/ho.txt"},
                       how_to_send="Email it to x@example.org", warnings=["check the address"],
                       enclosures=["Proof of identity"])]
    client = ClientOutcome("CL-1", 2, "Demo Person", "c1", docs, None, True)
    text = checklist_text([client], {("CL-1", "home-office", "erasure"): "R-000007"}, batch_id="b1",
                          on=date(2026, 11, 26), names={"home-office": "Home Office"})
    assert text.startswith("Adviser's checklist: batch b1, made on 26 November 2026\n"
                           "Keep this in your files; it does not go to the client.")
    assert "1. Get the letter of authority signed: c1/auth.pdf." in text
    assert ("   - Home Office, erasure request (tracker ref R-000007): c1/ho.pdf\n"
            "     How to send: Email it to x@example.org\n"
            "     Enclose: Proof of identity\n"
            "     Check: Check the address\n") in text
    assert "dsar track log REF sent --on YYYY-MM-DD" in text
