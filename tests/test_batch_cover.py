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
    assert "- Your passport or driving licence" in text  # "copies (not the originals) of:" leads in
    assert "our client" not in text and "signed letter of authority" not in text
    for internal in ("auth.pdf", "a.pdf", "Email it to", "check the address", "dsar", "manifest", "tracker"):
        assert internal not in text, internal


def test_the_id_list_names_each_document_once_without_a_copy_of() -> None:
    # the MoJ's list, then a police force's generic one, then the MoJ's again (HMPPS)
    moj = ("A copy of our client's passport or driving licence",
           "A copy of a bill in our client's full name (electricity, gas, council tax or other)")
    items = [CoverItem("Ministry of Justice", "access", "a.pdf", "", moj, ()),
             CoverItem("Greater Manchester Police", "access", "b.pdf", "", ("Proof of identity",
                                                                             "Proof of address"), ()),
             CoverItem("HMPPS", "access", "c.pdf", "", moj, ())]
    text = to_text(compose_cover(demo(), items, authority_file="auth.pdf", on=date(2026, 11, 26)))
    assert "or bring it to us.\n\nThe organisations also ask" in text  # its own paragraph
    listed = " ".join(text.split()).split("copies (not the originals) of: ", 1)[1].split(" What happens next")[0]
    assert listed == ("- Your passport or driving licence - A bill in your full name (electricity, gas, "
                      "council tax or other)")
    # a generic item stays when nothing else names a document of its sort
    alone = [CoverItem("Greater Manchester Police", "access", "b.pdf", "", ("Proof of identity",
                                                                            "Proof of address"), ())]
    text = " ".join(to_text(compose_cover(demo(), alone, authority_file="auth.pdf", on=date(2026, 11, 26)))
                    .split())
    assert "copies (not the originals) of: - Proof of identity - Proof of address What happens next" in text


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
