"""The summary sheet in the person's language, and the gettext catalogues behind it.

Catalogue checks read the real .po files with Babel and extract the messages from the
templates afresh, so a template change without a catalogue change fails here.
"""

from __future__ import annotations

import re
import stat
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dsar.i18n import NOT_REVIEWED, catalogue_path, i18n_dir, language, languages
from dsar.paths import letters_dir
from tests.cli_runner import run_cli
from tests.letters_fixtures import demo_data

CODES = ("ar", "fa", "ps", "ckb", "ti", "ur", "sq", "pl", "ro", "vi")
RTL = {"ar", "fa", "ps", "ckb", "ur"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Legal terms and names that keep their English form beside the translation (issue 14 item 3).
LEGAL_TERMS = ("subject access request", "erasure request", "one month", "immigration exemption",
               "complaint to the controller", "Information Commissioner's Office (ICO)", "Home Office",
               "section 47(2) DPA 2018", "Schedule 2 paragraph 4 DPA 2018", "dsar chase")


def _template_messages() -> set[str]:
    method_map = [("**/summary.*.j2", "jinja2")]
    options = {"**/summary.*.j2": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            letters_dir() / "templates", method_map, options):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue(code: str) -> dict[str, str]:
    with catalogue_path(code).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_the_ten_languages_are_offered() -> None:
    assert set(languages()) == {"en", *CODES}


def test_the_pot_template_matches_the_templates() -> None:
    with (i18n_dir() / "dsar.pot").open("rb") as handle:
        pot = {m.id for m in read_po(handle) if m.id}
    assert pot == _template_messages()


@pytest.mark.parametrize("code", CODES)
def test_every_catalogue_is_complete_with_matching_placeholders(code: str) -> None:
    messages = _template_messages()
    catalogue = _catalogue(code)
    assert set(catalogue) == messages, "missing or obsolete messages"
    for msgid, msgstr in catalogue.items():
        assert msgstr.strip(), f"{code}: untranslated: {msgid}"
        assert msgstr != msgid, f"{code}: left in English: {msgid}"
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), \
            f"{code}: placeholders differ in {msgid!r}"
        for term in LEGAL_TERMS:
            if term in msgid:
                assert term in msgstr, f"{code}: {term!r} must stay beside the translation: {msgstr}"


@pytest.mark.parametrize("code", CODES)
def test_every_catalogue_says_whether_a_fluent_speaker_reviewed_it(code: str) -> None:
    text = catalogue_path(code).read_text(encoding="utf-8")
    assert re.search(r'^"X-Review-Status: .+\\n"$', text, re.M)
    lang = language(code)
    assert lang.review_status == NOT_REVIEWED and not lang.reviewed
    assert lang.direction == ("rtl" if code in RTL else "ltr")


def _profile(tmp_path: Path, *, on_their_own: bool = False, **requester: object) -> Path:
    """The demo profile with `requester` changes; `on_their_own`: without [representative]."""
    import tomli_w

    data = demo_data()
    if on_their_own:
        del data["representative"]
    data["requester"].update(requester)
    path = tmp_path / ("own.toml" if on_their_own else "profile.toml")
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_unknown_language_is_one_error_line_listing_the_codes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run_cli(capsys, "generate", str(_profile(tmp_path)), "--to", "home-office",
                             "--out", str(tmp_path / "out"), "--lang", "klingon")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        'Error: unknown language "klingon"; use one of: ' + ", ".join(languages())]
    assert not (tmp_path / "out").exists()
    code, _, err = run_cli(capsys, "generate", str(_profile(tmp_path, language="xx")), "--to", "home-office",
                           "--out", str(tmp_path / "out"))
    assert code == 1
    assert len(err.splitlines()) == 1 and 'requester.language' in err and 'unknown language "xx"' in err


def test_english_writes_no_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_cli(capsys, "generate", str(_profile(tmp_path)), "--to", "home-office",
                           "--format", "txt", "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert not list((tmp_path / "out").rglob("*summary*"))


def test_arabic_summary_sheet_right_to_left_tagged_and_true_to_the_letters(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = _profile(tmp_path, language="ar", full_name='Amal <img src="x"> Haddad')
    code, out, err = run_cli(capsys, "generate", str(profile), "--to", "home-office", "--to", "hmpps",
                             "--kind", "access", "--kind", "erasure", "--out", str(tmp_path / "out"))
    assert code == 0, err
    [folder] = (tmp_path / "out").iterdir()
    stem = folder / "2026-11-26-summary-ar"
    for ext in ("pdf", "html", "txt"):
        path = stem.with_suffix(f".{ext}")
        assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
        assert str(path) in out
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "<img" not in html and "&lt;img" in html
    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    ar = _catalogue("ar")
    # to whom each letter went and what it asks for, with the English names kept
    assert text.count("إلى: Home Office, Subject Access Request Unit") == 2
    assert "إلى: HM Prison and Probation Service" in text
    assert "“subject access request”، Article 15 UK GDPR / section 45 DPA 2018" in text
    assert "“erasure request”، Article 17 UK GDPR / section 47 DPA 2018" in text
    # how to send, as the English instruction says: the Home Office's form for access (it asks
    # for its form or post, not email), post for erasure (its form is for access requests);
    # the demo profile has a representative, so the adviser sends them
    assert "يرسله مستشارك عبر النموذج الإلكتروني للجهة على https://visas-immigration.service.gov.uk/product/saru" in text
    assert "يرسله مستشارك بالبريد المتتبَّع (tracked) إلى: Subject Access Request Unit" in text
    assert "اطبعه ووقّعه" not in text and "كيف يُرسَل: يرسله مستشارك" in text
    assert ("يرسله مستشارك بالبريد الإلكتروني إلى Data.Access1@justice.gov.uk. تبدأ المهلة من اليوم الذي "
            "تستلمه فيه الجهة من مستشارك") in text
    assert "وتبدأ المهلة من يوم الإرسال" not in text  # not "from the day you send it": the adviser sends it
    assert "بالبريد الإلكتروني إلى subjectaccessrequest@homeoffice.gov.uk" not in text
    # an adviser sends the letters: the English instruction and the checks before sending are the
    # adviser's (in the checklist and on the terminal), not on the person's sheet; no file paths
    assert "paste in the text from" not in text and "(English: " not in text
    assert ar["Things to check before sending it (from dsar, in English):"] not in text
    assert str(tmp_path) not in text and str(tmp_path) not in html
    # due: received 26 November 2026 -> 26 December 2026 is a Saturday; Christmas bank holidays
    # (28 December substitute) -> Tuesday 29 December 2026 in England (uk-law.md Deadlines rule 5)
    assert "26 نوفمبر 2026" in text and "29 ديسمبر 2026" in text
    # erasure warning, the Home Office exemption only on its erasure letter, the review status
    assert text.count("“immigration exemption”") == 1
    assert ar["If no answer comes"] in text
    assert ar["This translation has not yet been checked by a fluent speaker. If something is not clear, "
              "ask your adviser."] in text
    assert "Translation status: not yet reviewed." in text
    # the PDF: tagged, Arabic as its language, the translated title, Arabic text drawn
    pdf = stem.with_suffix(".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert ar["Your letters: what was sent and what happens next"] in info
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "ar"
    assert subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, check=False).returncode == 0
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Naskh-Arabic" in fonts


@pytest.mark.parametrize("code", CODES)
def test_every_language_renders_a_sheet_without_missing_glyphs(
        code: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code_, _, err = run_cli(capsys, "generate", str(_profile(tmp_path)), "--to", "home-office",
                            "--kind", "erasure", "--format", "txt", "--format", "html",
                            "--out", str(tmp_path / "out"), "--lang", code)
    assert code_ == 0, err
    # no font warnings: the only warnings are the letter's own things to check (contact facts,
    # the Home Office erasure caution, notes on the ID it asks for)
    from dsar.controllers import load_directory
    from dsar.generate import plan
    from tests.letters_fixtures import ON, demo

    own = {w for p in plan(demo(), ["home-office"], ["erasure"], directory=load_directory(), on=ON)
           for w in p.letter.warnings}
    assert own and not [line for line in err.splitlines()
                        if line.startswith("Warning") and line.removeprefix("Warning: ") not in own]
    [sheet] = (tmp_path / "out").rglob(f"*-summary-{code}.txt")
    text = sheet.read_text(encoding="utf-8")
    catalogue = _catalogue(code)
    assert catalogue["What the erasure request means for you"] in text
    assert "Home Office" in text and "Schedule 2 paragraph 4 DPA 2018" in text


def test_dsar_new_lang_writes_the_summary_and_names_it_on_the_closing_page(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    profile = _profile(tmp_path)
    code, out, err = run_cli(capsys, "new", "--profile", str(profile), "--to", "home-office",
                             "--kind", "access", "--yes", "--out", str(tmp_path / "out"),
                             "--save", str(tmp_path / "saved.toml"), "--lang", "fa")
    assert code == 0, err
    [sheet] = (tmp_path / "out").rglob("*-summary-fa.txt")
    from dsar.i18n import INTERVIEW, translations

    # the closing page speaks the interview's language (Persian here)
    persian = translations("fa", INTERVIEW).gettext
    line = "For the person, in their own language: what each letter asks for and what happens next"
    assert persian(line) != line and persian(line) in out and str(sheet) in out
    assert 'language = "fa"' in (tmp_path / "saved.toml").read_text(encoding="utf-8")
    assert _catalogue("fa")["If no answer comes"] in sheet.read_text(encoding="utf-8")
    code, out, err = run_cli(capsys, "new", "--profile", str(profile), "--to", "home-office",
                             "--kind", "access", "--yes", "--out", str(tmp_path / "out2"), "--lang", "de")
    assert code == 1 and err.splitlines() == [
        'Error: unknown language "de"; use one of: ' + ", ".join(languages())]
    assert not (tmp_path / "out2").exists()


def test_batch_language_column_adds_the_summary_to_that_clients_folder(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from dsar.files import person_folder_name
    from tests.batch_fixtures import HEADINGS, client, write_csv, write_org

    rows = [[*client("CL-1", name="Amal Example", orgs="home-office", kinds="erasure"), "ar"],
            [*client("CL-2", name="Bob Example", orgs="home-office"), ""]]
    clients = write_csv(tmp_path / "clients.csv", rows, headings=[*HEADINGS, "Language"])
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)),
                           "--out", str(out), "--jobs", "1")
    assert code == 0, err
    amal = out / person_folder_name("Amal Example", reference="CL-1")
    sheets = sorted(p.name for p in amal.glob("*summary*"))
    assert sheets == [f"2026-11-26-summary-ar.{ext}" for ext in ("html", "pdf", "txt")]
    text = (amal / "2026-11-26-summary-ar.txt").read_text(encoding="utf-8")
    assert "إلى: Home Office" in text and "“immigration exemption”" in text
    # the adviser sends each letter (the cover sheet: "we send each request"), so the sheet
    # says so, and the month runs from when the organisation receives it from the adviser
    ar = _catalogue("ar")
    post = ("your adviser sends it by tracked post to: %(address)s. The time limit starts on the day the "
            "organisation receives it from your adviser.")
    assert ar["How it is sent:"] + " " + ar[post].split("%(address)s")[0] in text
    assert "كيف يُرسَل: يرسله مستشارك بالبريد المتتبَّع (tracked) إلى: Subject Access Request Unit" in text
    assert "تبدأ المهلة من اليوم الذي تستلمه فيه الجهة من مستشارك" in text
    assert "اطبعه ووقّعه" not in text and "طريقة الإرسال:" not in text
    assert ar["print it, sign it and send it by tracked post to: %(address)s. Keep the proof of posting."
              ].split("%(address)s")[0] not in text
    assert not list((out / person_folder_name("Bob Example", reference="CL-2")).glob("*summary*"))
    # the sheet goes with the letter of authority, so Amal reads in Arabic what she authorises:
    # her cover sheet lists it, the adviser's checklist says to send it; nothing of one for Bob
    [checklist] = out.glob("adviser-checklist-*.txt")
    listed = checklist.read_text(encoding="utf-8")
    assert (f"; send it with the cover sheet and the summary in Amal Example's language "
            f"({amal.name}/2026-11-26-summary-ar.pdf), which explains it.") in listed
    assert listed.count("the summary in") == 1
    cover = " ".join((amal / "2026-11-26-cover-sheet.txt").read_text(encoding="utf-8").split())
    assert ("- A sheet in your own language (العربية) that says what each letter asks for and what "
            "happens next. Please read it before you sign.") in cover
    bob = out / person_folder_name("Bob Example", reference="CL-2")
    assert "A sheet in your own language" not in (bob / "2026-11-26-cover-sheet.txt").read_text(encoding="utf-8")
    rows[1][-1] = "xx"
    write_csv(tmp_path / "bad.csv", rows, headings=[*HEADINGS, "Language"])
    code, _, err = run_cli(capsys, "batch", str(tmp_path / "bad.csv"), "--org", str(write_org(tmp_path)),
                           "--out", str(tmp_path / "out2"), "--jobs", "1", "--strict")
    assert code == 1 and 'unknown language "xx"' in err


def _on_their_own(tmp_path: Path, **requester: object) -> Path:
    """The demo profile without [representative]: the person makes and sends their own letters."""
    return _profile(tmp_path, on_their_own=True, **requester)


def test_a_person_on_their_own_is_not_told_to_ask_an_adviser_or_run_a_command(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # south-wales-police: no address for erasure requests is known (the "none" route)
    code, out, err = run_cli(capsys, "generate", str(_on_their_own(tmp_path, language="ar")),
                             "--to", "home-office", "--to", "south-wales-police", "--kind", "erasure",
                             "--out", str(tmp_path / "out"))
    assert code == 0, err
    # generate's own line speaks to the person, not to an adviser about them
    assert "\nIn your own language: what each letter asks for and what happens next\n" in out
    assert "Summary for the person" not in out and "give it to them" not in out
    ar = _catalogue("ar")
    for ext in ("txt", "html"):
        [sheet] = (tmp_path / "out").rglob(f"*-summary-ar.{ext}")
        text = sheet.read_text(encoding="utf-8")
        if ext == "html":
            text = re.sub(r"<[^>]+>", "", text).replace("&#39;", "'")
        assert "مستشار" not in text  # no "adviser" anywhere in the Arabic
        assert "your adviser" not in text  # (a warning may still say to see an immigration adviser)
        for english in (
                "This translation has not yet been checked by a fluent speaker. If something is not clear, "
                "ask someone you trust who reads English to help you.",
                "no address is known for this organisation yet. Look on its website to find where to send it; "
                "the English text below says where to look.",
                "Send a reminder: write to the organisation again, say on which day you sent the letter, "
                "and ask it to answer now."):
            assert ar[english] in text
        assert "فاطلب المساعدة من شخص تثق به يقرأ الإنجليزية" in text
        assert "أرسل تذكيرًا: اكتب إلى الجهة مرة أخرى" in text
        assert "ابحث في موقعها الإلكتروني" in text
        # the command appears only as an English aside, never as the step itself
        assert "(In English: dsar chase writes this reminder for you.)" in text
        assert "“dsar chase”" not in text
        if ext == "txt":  # the next step starts its own line; the person sends it: English kept
            assert "(In English: dsar chase writes this reminder for you.)\n2. " in text
            assert "(English: " in text
    # with a representative, the adviser is still the one to ask (and the one with the command)
    code, out, err = run_cli(capsys, "generate", str(_profile(tmp_path, language="ar")), "--to", "home-office",
                             "--format", "txt", "--out", str(tmp_path / "rep"))
    assert code == 0, err
    assert "Summary for the person, in their language (give it to them with their copies)" in out
    [sheet] = (tmp_path / "rep").rglob("*-summary-ar.txt")
    text = sheet.read_text(encoding="utf-8")
    assert ar["Send a reminder. Your adviser can make one with the command “dsar chase”."] in text
    assert "In English: dsar chase" not in text


RDP_FORM = ("https://www.gov.uk/government/publications/dna-early-deletion-guidance-and-application-form/"
            "application-form-record-deletion-accessible")
ACRO_POST = "ACRO Information Management Unit, PO Box 481, Fareham, Hampshire, PO14 9FS"


def test_police_erasure_sheet_gives_acros_deletion_form_first_then_the_force(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import tomli_w

    # the review's case: a person on their own, arrested in Wales, erasure to the force and ACRO
    profile = tmp_path / "c.toml"
    profile.write_text(tomli_w.dumps({
        "requester": {"full_name": "Rhys Jones", "date_of_birth": date(1995, 7, 7),
                      "address": ["5 Castle St", "Cardiff"], "postcode": "CF10 1AA"},
        "identifiers": {"pnc_id": "20/0000001A"},
        "circumstances": {"police_contacts": [
            {"force": "south-wales-police", "event": "arrest", "date": date(2023, 6, 3), "place": "Cardiff",
             "outcome": "no-further-action", "reason": "mistaken-identity"}]}}), encoding="utf-8")
    code, out, err = run_cli(capsys, "new", "--profile", str(profile), "--to", "south-wales-police",
                             "--to", "acro", "--kind", "erasure", "--yes", "--lang", "ar",
                             "--out", str(tmp_path / "out"), "--save", str(tmp_path / "saved.toml"))
    assert code == 0, err
    [sheet] = (tmp_path / "out").rglob("*-summary-ar.txt")
    assert str(sheet) in out
    text = sheet.read_text(encoding="utf-8")
    force, acro = text.split("== إلى: ")[1:3]
    assert force.startswith("South Wales Police") and acro.startswith("ACRO Criminal Records Office")
    ar = _catalogue("ar")
    first = ("First, for the records of an arrest (the PNC record, fingerprints, DNA and custody image), apply to "
             "%(name)s: fill in the form at %(form)s and send it by email to %(email)s, or by post to "
             "%(address)s. It is free.")
    then = "Then, for the force's own records, send this letter to the force too:"
    whole = ("Send it with an application to %(name)s: fill in the form at %(form)s, then send the form and this "
             "letter by email to %(email)s, or post both to %(address)s. It is free.")
    facts = {"name": "ACRO's Record Deletion Process", "form": RDP_FORM, "email": "deletions@acro.police.uk",
             "address": ACRO_POST}
    # the force: ACRO's form first, then this letter to the force (whose address for erasure is unknown)
    how = force.split("\n")[2]
    assert how == (ar["How to send it:"] + " " + ar[first] % facts + " " + ar[then] + " " + ar[
        "no address is known for this organisation yet. Look on its website to find where to send it; the "
        "English text below says where to look."])
    assert "أولًا، لسجلات الاعتقال" in how and "املأ النموذج على " + RDP_FORM in how
    assert how.index("ACRO's Record Deletion Process") < how.index("أرسل هذا الخطاب إلى قوة الشرطة أيضًا")
    assert "(English: For an arrest's records (the PNC record, fingerprints, DNA and custody image), apply to " \
           "ACRO's Record Deletion Process: fill in the form at " + RDP_FORM in force
    assert "مستشار" not in force  # no "your adviser must find out where to send it"
    # ACRO: the letter goes with the application form, as the English line says
    how = acro.split("\n")[2]
    assert how == ar["How to send it:"] + " " + ar[whole] % facts
    assert "أرسله مع طلب إلى ACRO's Record Deletion Process: املأ النموذج على " + RDP_FORM in how
    assert "(English: Send it with an application to ACRO's Record Deletion Process: fill in the form at " \
           + RDP_FORM + " and email it with this letter to deletions@acro.police.uk" in acro
    # with a representative (the demo profile), the adviser applies and sends
    code, _, err = run_cli(capsys, "generate", str(_profile(tmp_path, language="ar")), "--to", "acro",
                           "--to", "west-midlands-police", "--kind", "erasure", "--format", "txt",
                           "--out", str(tmp_path / "rep"))
    assert code == 0, err
    [sheet] = (tmp_path / "rep").rglob("*-summary-ar.txt")
    text = sheet.read_text(encoding="utf-8")
    assert "يرسله مستشارك مع طلب إلى ACRO's Record Deletion Process" in text
    assert "يقدّم مستشارك طلبًا إلى ACRO's Record Deletion Process" in text
    assert ar["Then, for the force's own records, this letter goes to the force too:"] in text
    assert ar[whole].split(":")[0] % facts not in text and ar[first].split(":")[0] % facts not in text
