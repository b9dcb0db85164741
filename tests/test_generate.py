"""generate(): files on disk, names, modes, what gets an .eml, and nothing written on bad input."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from dsar.controllers import load_directory
from dsar.errors import ControllerError, LetterError, PdfUnavailableError
from dsar.generate import generate
from tests.letters_fixtures import ON, demo, demo_folder, directory, variant

QUICK = ("html", "txt", "eml")  # no PDF: the PDF tests live in test_render.py and one here


def _files(folder: Path) -> list[str]:
    """The letters in a folder (not the hidden .dsar-person marker that says whose folder it is)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_generate_writes_each_letter_with_dated_names(tmp_path: Path) -> None:
    warnings: list[str] = []
    result = generate(demo(), ["home-office", "metropolitan-police"], ["access", "erasure"], tmp_path,
                      directory=directory(), on=ON, formats=QUICK, warn=warnings.append)
    assert result.folder == tmp_path.resolve() / demo_folder()
    assert _files(result.folder) == [
        "2026-11-26-home-office-access.eml", "2026-11-26-home-office-access.html",
        "2026-11-26-home-office-access.txt", "2026-11-26-home-office-erasure.eml",
        "2026-11-26-home-office-erasure.html", "2026-11-26-home-office-erasure.txt",
        "2026-11-26-letter-of-authority.html", "2026-11-26-letter-of-authority.txt",
        "2026-11-26-metropolitan-police-access.html", "2026-11-26-metropolitan-police-access.txt",
        "2026-11-26-metropolitan-police-erasure.html", "2026-11-26-metropolitan-police-erasure.txt",
    ]
    assert [(w.controller_id, w.kind) for w in result.letters] == [
        ("home-office", "access"), ("home-office", "erasure"),
        ("metropolitan-police", "access"), ("metropolitan-police", "erasure"), (None, "authority")]
    for path in result.folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    ho = result.letters[0]
    # the Home Office asks for its form or post, not email (its record's `prefer`, with source)
    assert ho.how_to_send.startswith(
        "Use the online form at https://visas-immigration.service.gov.uk/product/saru and paste in "
        "the text from ")
    assert ("(the Home Office's guidance asks for requests not to be made by email, as email may "
            "delay checking your identity; you can also post it to Subject Access Request Unit, "
            "Home Office, 2 Ruskin Square, Dingwall Road, Croydon, CR0 2WF with copies of the "
            "documents listed under Enclosed; if you email it instead, the address is "
            "subjectaccessrequest@homeoffice.gov.uk).") in ho.how_to_send
    # its form is for access requests: the erasure letter goes by post, the next route it asks for
    assert result.letters[1].how_to_send.startswith(
        "Post the letter, printed and signed, to Subject Access Request "
        "Unit, Home Office, 2 Ruskin Square, Dingwall Road, Croydon, CR0 2WF with copies of the "
        "documents listed under Enclosed, by a tracked service, and keep the proof of posting (the "
        "Home Office's guidance asks for requests not to be made by email")
    assert "eml" in ho.files  # an email draft is still there for whoever emails it
    met = result.letters[2]
    assert "eml" not in met.files  # no email known: post it or use the form
    assert met.how_to_send.startswith("Use the online form at https://www.met.police.uk/")
    caution = result.letters[1].warnings[0]  # the Home Office erasure letter's
    assert caution.startswith("Erasing Home Office records can remove evidence an immigration case")
    assert caution not in ho.warnings and not any("Home Office" in w for w in met.warnings)
    assert met.warnings and warnings == list(dict.fromkeys(w for x in result.letters for w in x.warnings))
    # the notes about the ID the Home Office asks for (letters/id-notes.toml), with both its letters
    brp = [w for w in ho.warnings if w.startswith("If your photo ID is a biometric residence permit")]
    assert len(brp) == 1 and brp[0] in result.letters[1].warnings and brp[0] not in met.warnings
    assert result.letters[-1].how_to_send == ("Print it, ask Demo Person to sign and date it, "
                                              "then enclose a copy with each letter.")


POST_ONLY = """
id = "post-only"
name = "Post Only Office"
short_name = "Post Only"
kind = "government"
nation = "wales"
regimes = ["uk-gdpr"]
researched_on = 2026-11-26

[access.address]
value = ["Data Team", "1 Test Row", "Cardiff"]
source = "https://example.org/sar"
read_on = 2026-11-26
source_date = 2026-10-01

[access.postcode]
value = "CF10 1AA"
source = "https://example.org/sar"
read_on = 2026-11-26
source_date = 2026-10-01
"""


def test_post_only_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's own record (--controllers DIR) with a postal address and nothing else."""
    monkeypatch.setenv("DSAR_TODAY", "2026-11-26")  # the page, dated 2026-10-01, is recent
    records = tmp_path / "records"
    records.mkdir()
    (records / "post-only.toml").write_text(POST_ONLY)
    result = generate(variant(representative=None), ["post-only"], ["access"], tmp_path / "out",
                      directory=load_directory(records), on=ON, formats=["txt", "pdf"])
    (letter,) = result.letters
    # the record asks for no ID and nobody acts for the person: the letter lists nothing under
    # Enclosed, so the sentence does not tell them to send copies of what it lists
    assert letter.enclosures == ()
    assert letter.how_to_send == (
        f"Post {letter.files['pdf']}, printed and signed, to Data Team, 1 Test Row, Cardiff, CF10 1AA, "
        "by a tracked service, and keep the proof of posting; no email address or online form is known.")
    assert letter.warnings == []


def test_one_pdf_and_eml_attachment_on_disk(tmp_path: Path) -> None:
    result = generate(variant(representative=None), ["home-office"], ["access"], tmp_path,
                      directory=directory(), on=ON, formats=["pdf", "eml"])
    (letter,) = result.letters
    assert set(letter.files) == {"pdf", "eml"}
    pdf = letter.files["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF")
    import email
    from email.policy import default

    message = email.message_from_bytes(letter.files["eml"].read_bytes(), policy=default)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content() == pdf


def test_a_name_cannot_escape_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    sneaky = variant(requester={"full_name": "../../etc/passwd"})
    result = generate(sneaky, ["acro"], ["access"], out, directory=directory(), on=ON, formats=["txt"])
    assert result.folder.parent == out.resolve()
    assert result.folder.name.startswith("etc-passwd-")
    assert [p.parent for p in result.letters[0].files.values()] == [result.folder]
    assert _files(tmp_path) == ["out"]


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "letters"
    out.write_text("not a folder")
    with pytest.raises(LetterError) as exc:
        generate(demo(), ["acro"], ["access"], out, directory=directory(), on=ON, formats=["txt"])
    assert exc.value.message == f"{out} is a file, not a folder; choose another --out"


def test_bad_input_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ControllerError) as exc:
        generate(demo(), ["acro", "home-offic", "metropolitan"], ["access"], tmp_path,
                 directory=directory(), on=ON, formats=["txt"])
    assert exc.value.lines() == [
        'no organisation with id "home-offic"; did you mean home-office? see `dsar controllers list` '
        "or `dsar controllers search TEXT`",
        'no organisation with id "metropolitan"; did you mean metropolitan-police? see '
        "`dsar controllers list` or `dsar controllers search TEXT`",
    ]
    with pytest.raises(LetterError, match=r'^unknown letter kind "copy"; use one of: access, erasure$'):
        generate(demo(), ["acro"], ["copy"], tmp_path, directory=directory(), on=ON, formats=["txt"])
    with pytest.raises(LetterError, match=r'^unknown format "docx"; use one of: pdf, html, txt, eml$'):
        generate(demo(), ["acro"], ["access"], tmp_path, directory=directory(), on=ON, formats=["docx"])
    with pytest.raises(LetterError, match=r"^\"authority\" letters are made automatically"):
        generate(demo(), ["acro"], ["authority"], tmp_path, directory=directory(), on=ON)
    assert _files(tmp_path) == []


def test_pdf_unavailable_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailableError):
        generate(demo(), ["acro"], ["access"], tmp_path, directory=directory(), on=ON,
                 formats=["txt", "pdf"])
    assert _files(tmp_path) == []
    result = generate(demo(), ["acro"], ["access"], tmp_path, directory=directory(), on=ON,
                      formats=["txt", "html"])
    assert set(result.letters[0].files) == {"txt", "html"}


def test_rewriting_replaces_files_atomically(tmp_path: Path) -> None:
    first = generate(variant(representative=None), ["acro"], ["access"], tmp_path, directory=directory(),
                     on=ON, formats=["txt"])
    path = first.letters[0].files["txt"]
    path.write_text("old")
    generate(variant(representative=None), ["acro"], ["access"], tmp_path, directory=directory(), on=ON,
             formats=["txt"])
    assert path.read_text().startswith("Demo Person\n")
    assert _files(path.parent) == ["2026-11-26-acro-access.txt"]  # no temp files left behind


def _how(cid: str, kind: str) -> str:
    from dsar.generate import how_to_send, plan

    planned = plan(demo(), [f"{cid}:{kind}"], ["access"], directory=directory(), on=ON)
    return how_to_send(planned[0].letter, planned[0].controller,
                       {"pdf": Path("x.pdf"), "txt": Path("x.txt")}, demo())


RDP = ("apply to ACRO's Record Deletion Process: fill in the form at https://www.gov.uk/government/"
       "publications/dna-early-deletion-guidance-and-application-form/application-form-record-deletion-"
       "accessible and email it")


def test_a_police_erasure_points_to_acros_record_deletion_process_not_the_access_form() -> None:
    """uk-law-addendum.md point 8: arrest records are deleted through ACRO's RDP (England and
    Wales); the force's online form is for access requests, so an erasure never goes there."""
    met = _how("metropolitan-police", "erasure")
    assert met.startswith(f"For an arrest's records (the PNC record, fingerprints, DNA and custody image), {RDP} "
                          "to deletions@acro.police.uk, or post it to ACRO Information Management Unit, "
                          "PO Box 481, Fareham, Hampshire, PO14 9FS; it is free, and the force that made "
                          "the arrest decides. For the force's own records, send this letter too: no email "
                          "or postal address is known for Metropolitan Police, and its online form is for "
                          "access requests")
    assert "Use the online form" not in met and "paste in the text" not in met
    assert _how("metropolitan-police", "access").startswith("Use the online form at https://www.met.police.uk/")
    assert _how("west-midlands-police", "erasure").endswith(
        "send this letter too: email it to dataprotection@westmidlands.police.uk with copies of the "
        "documents listed under Enclosed; email gives a dated record and the clock starts the day you "
        "send it.")
    assert _how("acro", "erasure").startswith("Send it with an application to ACRO's Record Deletion "
                                              "Process: fill in the form at https://www.gov.uk/")
    assert "email it with this letter to deletions@acro.police.uk, or post both to" in _how("acro", "erasure")


def test_police_erasure_outside_england_and_wales_follows_addendum_8() -> None:
    psni = _how("psni", "erasure")
    assert psni.startswith("For DNA, fingerprints and custody images, apply through the PSNI's biometric "
                           "deletion requests (https://www.psni.police.uk/biometric-deletion-requests)")
    assert "ACRO" not in psni
    scotland = _how("police-scotland", "erasure")  # no application process was found
    assert "ACRO" not in scotland and "deletion" not in scotland.lower()
    assert "Record Deletion" not in _how("home-office", "erasure")


def test_id_notes_describe_an_expired_brp_as_the_source_does_and_a_silent_page_as_silent() -> None:
    """uk-law-addendum.md point 9: the page allowed an expired BRP for 18 months after the date
    on the card; the no-passport route could not be verified. Never "a BRP" as simply valid."""
    from dsar.generate import plan

    planned = {p.letter.controller_id: p.letter for p in
               plan(demo(), ["home-office", "acro", "hmpps"], ["access"], directory=directory(), on=ON)}
    home = planned["home-office"]
    text = " ".join(home.warnings)
    assert "an expired BRP can be used for 18 months after the expiry date printed on the card" in text
    assert "the card expired, not your immigration status" in text
    assert "what to send if you have no passport or other photo ID could not be confirmed" in text
    assert all("biometric residence permit" not in e.lower() for e in home.enclosures)
    assert home.enclosures[0] == "A copy of our client's photo identification, such as a passport"
    # ACRO's page says what to send without one of its documents: no "could not be confirmed" note
    assert planned["acro"].enclosures[0].startswith("A copy of one of: our client's driving licence, "
                                                    "passport or national ID card (without one of these")
    assert not any("could not be confirmed" in w for w in planned["acro"].warnings)
    assert any("if you have neither could not be confirmed" in w for w in planned["hmpps"].warnings)
    # a note is for the person: never in the letter
    assert not any("30 June 2026" in b.text or any("30 June 2026" in i for i in b.items)
                   for b in home.blocks)
