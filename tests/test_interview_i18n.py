"""The guided interview in the person's language: the "interview" gettext catalogues, and
`dsar new --lang CODE` (or the language chosen on the first screen) in a real terminal.

The catalogue checks read the real .po files with Babel and extract the messages from the
sources afresh (questions.toml, suggestions.toml, the closing page, dsar/interview/*.py), so a
wording change without a new .pot, or a catalogue that lags behind it, fails here.
"""

from __future__ import annotations

import re
import stat
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from dsar.files import person_folder_name
from dsar.i18n import INTERVIEW, catalogue_path, i18n_dir, languages, translations
from dsar.interview import checks, flow, language, messages
from dsar.interview.questions import wording
from tests.test_interview_terminal import CLEAR, DOWN, ENTER, SETUP, Terminal, tracked

WRITTEN = sorted(p.parent.parent.name for p in i18n_dir().glob(f"*/LC_MESSAGES/{INTERVIEW}.po"))
# Messages whose translation may be the English itself (a loanword and a placeholder).
SAME_IN_SOME_LANGUAGES = {"Folder: %(folder)s"}
ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff]")


def _po(code: str) -> dict[str, str]:
    with catalogue_path(code, INTERVIEW).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_the_committed_pot_is_a_fresh_extraction() -> None:
    assert messages.pot_path().read_text(encoding="utf-8") == messages.pot_text(), \
        "run: python -m dsar.interview.messages"
    ids = [m.id for m in messages.extract() if m.id]
    # the sources' English is in it: a question, a choice, a reason, a check's error, the closing page
    for english in ("Who are these records about?", "A copy of everything they hold", "prison",
                    "please type a name", "Your letters are ready.", "Step {step} of {steps}: {title}"):
        assert english in ids
    assert len(ids) == len(set(ids)) > 250


def test_the_arabic_and_polish_catalogues_are_written() -> None:
    assert {"ar", "pl"} <= set(WRITTEN)


@pytest.mark.parametrize("code", WRITTEN)
def test_every_interview_catalogue_is_complete_with_matching_placeholders(code: str) -> None:
    assert messages.problems(code) == []
    catalogue = _po(code)
    english = {m.id for m in messages.extract() if m.id}
    assert set(catalogue) == english
    for msgid, msgstr in catalogue.items():
        assert msgstr.strip(), f"{code}: not translated: {msgid}"
        assert msgstr != msgid or msgid in SAME_IN_SOME_LANGUAGES, f"{code}: left in English: {msgid}"
        assert messages.placeholders(msgstr) == messages.placeholders(msgid)


@pytest.mark.parametrize("code", WRITTEN)
def test_every_interview_catalogue_says_whether_a_fluent_speaker_reviewed_it(code: str) -> None:
    text = catalogue_path(code, INTERVIEW).read_text(encoding="utf-8")
    assert re.search(r'^"X-Review-Status: .+\\n"$', text, re.M)
    assert re.search(r'^"Language: ' + code + r'\\n"$', text, re.M)


def test_a_placeholder_mismatch_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the check a translator runs: a broken copy of the Polish file (in a copy of letters/)
    import shutil

    copy = tmp_path / "letters"
    shutil.copytree(Path(messages.pot_path()).parent.parent, copy)
    po = copy / "i18n" / "pl" / "LC_MESSAGES" / "interview.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Poprzedni adres {n}", "Poprzedni adres {m}")
                  .replace('"X-Review-Status: not yet reviewed\\n"\n', ""), encoding="utf-8")
    monkeypatch.setattr("dsar.interview.messages.letters_dir", lambda: copy)
    monkeypatch.setattr("dsar.i18n.letters_dir", lambda: copy)
    found = messages.problems("pl")
    assert any("no X-Review-Status header" in line for line in found)
    assert any(line.startswith("placeholders differ: 'Previous address {n}") for line in found)


def test_questions_choices_and_errors_follow_the_language_and_answers_stay_values() -> None:
    try:
        language.use("pl")
        question = wording("monitoring")
        assert question.text == _po("pl")[
            "Have you been tagged, or given a watch or phone that takes your photo?"]
        assert [o.value for o in question.options] == ["none", "ankle-tag", "non-fitted-device"]
        assert question.options[1].label == "Tak, opaska na kostce"
        assert flow.accept(question, "ankle-tag", {}, SETUP) == "ankle-tag"  # the value, not the label
        with pytest.raises(ValueError, match=r'^"nope" to nie jest brytyjski kod pocztowy'):
            checks.check("postcode", "nope")
        with pytest.raises(ValueError, match=r"^1990-04-23|^\d{4}-\d\d-\d\d nie może być datą urodzenia"):
            checks.check("past-date", "23/04/2990")
        language.use("en")
        with pytest.raises(ValueError, match=r'^"nope" is not a UK postcode, e\.g\. SW1A 1AA$'):
            checks.check("postcode", "nope")  # English keeps the check's own message
    finally:
        language.use(None)


def test_english_and_a_language_without_an_interview_catalogue_speak_english() -> None:
    assert translations("en", INTERVIEW).gettext("Postcode") == "Postcode"
    for code in set(languages()) - set(WRITTEN) - {"en"}:
        assert translations(code, INTERVIEW).gettext("Postcode") == "Postcode"


# --- in a real terminal ----------------------------------------------------------------------


def _letters_are_english(folder: Path) -> None:
    letters = sorted(folder.glob("2026-11-26-home-office-access.txt"))
    assert letters, list(folder.iterdir())
    text = letters[0].read_text(encoding="utf-8")
    assert "Article 15" in text and "Dear" in text
    assert not ARABIC_LETTERS.search(text) and "Poprzedni" not in text


@pytest.mark.slow
def test_the_interview_in_arabic_writes_english_letters(tmp_path: Path) -> None:
    ar = _po("ar")
    t = Terminal(tmp_path, "--lang", "ar", "--out", "letters")
    # the first screen: the terminal may draw right-to-left text badly (English and Arabic)
    t.expect("Many terminals cannot show right-to-left writing well")
    t.expect(ar[messages.english_right_to_left()])
    t.answer(ar["Who are these records about?"], ENTER)  # Me
    t.answer(ar["Did someone tell you to get these records, to give to them?"], "n")
    t.answer(ar["Your full name"], "Amal Haddad" + ENTER)
    t.answer(ar["Any other names you have used (put a comma between them; optional)"], ENTER)
    t.answer(ar["Your date of birth"], "1990-13-01" + ENTER)
    t.after('"1990-13-01" ليس تاريخًا يستطيع dsar قراءته', CLEAR + "23/04/1990" + ENTER)
    t.answer(ar["Your nationality (optional)"], ENTER)
    t.answer(ar["Your email address (optional)"], ENTER)
    t.answer(ar["Your phone number (optional)"], ENTER)
    t.answer(ar["Your address now, without the postcode (put a comma between lines)"],
             "Flat 2, 10 Park Road, Leeds" + ENTER)
    t.answer(ar["Postcode"], "ls2 2bb" + ENTER)
    t.answer(ar["Have you lived at another address in the time you want records for?"], "n")
    t.answer(ar["Have you been tagged, or given a watch or phone that takes your photo?"], ENTER)  # No
    t.answer(ar["Have you had any contact with the Home Office about immigration?"], "y")
    t.answer(ar["Have you been held by the Home Office, for example in a removal centre?"], "n")
    t.answer(ar["Have you been in prison or on probation?"], ENTER)
    t.answer(ar["Have you been arrested, or had any contact with the police?"], "n")
    t.answer(ar["These organisations probably hold records. Which do you want to write to?"], ENTER)
    t.answer(ar["What do you want to ask for?"], ENTER)  # a copy
    t.answer(ar["How do you want the copy?"], ENTER)
    t.answer(ar["Do you want records from some dates only?"], "n")
    t.answer(ar["Anything else that would help them find the records? (optional)"], ENTER)
    t.answer(ar["Which of these numbers do you have? (they are on letters from the organisations)"], ENTER)
    t.expect(ar["Check your answers"])
    t.answer(ar["Is everything right?"], ENTER)
    t.expect(ar["Your letters are ready."])
    assert t.end() == 0
    text = t.transcript()
    assert ar["immigration application or reporting"] in text  # why the Home Office is ticked
    assert "Who are these records about?" not in text
    folder = tmp_path / "letters" / person_folder_name("Amal Haddad", date(1990, 4, 23))
    _letters_are_english(folder)
    assert (folder / "2026-11-26-summary-ar.pdf").is_file()  # --lang still adds the summary sheet
    saved = (folder / "profile.toml").read_text(encoding="utf-8")
    assert stat.S_IMODE((folder / "profile.toml").stat().st_mode) == 0o600
    # the answers are stored as values, the same whatever the language
    assert 'electronic_monitoring = "none"' in saved and 'response_format = "electronic"' in saved
    assert 'language = "ar"' in saved and not ARABIC_LETTERS.search(saved)
    assert tracked(tmp_path) == [("home-office", "access", None)]


@pytest.mark.slow
def test_the_interview_in_polish_writes_english_letters(tmp_path: Path) -> None:
    pl = _po("pl")
    t = Terminal(tmp_path, "--lang", "pl", "--out", "letters")
    t.answer(pl["Who are these records about?"], ENTER)
    t.answer(pl["Did someone tell you to get these records, to give to them?"], "n")
    t.answer(pl["Your full name"], "Jan Kowalski" + ENTER)
    t.answer(pl["Any other names you have used (put a comma between them; optional)"], ENTER)
    t.answer(pl["Your date of birth"], "14/07/1992" + ENTER)
    t.answer(pl["Your nationality (optional)"], "Polish" + ENTER)
    t.answer(pl["Your email address (optional)"], "jan@" + ENTER)
    t.after('"jan@" to nie jest adres e-mail', CLEAR + "jan@example.org" + ENTER)
    t.answer(pl["Your phone number (optional)"], ENTER)
    t.answer(pl["Your address now, without the postcode (put a comma between lines)"], "?" + ENTER)
    t.after(pl["Type each line of the address with a comma between them. The postcode comes next, "
               "on its own."][:40], "1 Mill Lane, Leeds" + ENTER)
    t.answer(pl["Postcode"], "nope" + ENTER)
    t.after('"nope" to nie jest brytyjski kod pocztowy', CLEAR + "LS1 1AA" + ENTER)
    t.answer(pl["Have you lived at another address in the time you want records for?"], "n")
    t.answer(pl["Have you been tagged, or given a watch or phone that takes your photo?"], ENTER)
    t.answer(pl["Have you had any contact with the Home Office about immigration?"], "y")
    t.answer(pl["Have you been held by the Home Office, for example in a removal centre?"], "n")
    t.answer(pl["Have you been in prison or on probation?"], ENTER)
    t.answer(pl["Have you been arrested, or had any contact with the police?"], "n")
    t.answer(pl["These organisations probably hold records. Which do you want to write to?"], ENTER)
    t.answer(pl["What do you want to ask for?"], ENTER)
    t.answer(pl["How do you want the copy?"], DOWN + ENTER)  # on paper
    t.answer(pl["Do you want records from some dates only?"], "n")
    t.answer(pl["Anything else that would help them find the records? (optional)"], ENTER)
    t.answer(pl["Which of these numbers do you have? (they are on letters from the organisations)"], ENTER)
    t.expect(pl["Step {step} of {steps}: {title}"].format(step=7, steps=7, title=pl["Check your answers"]))
    t.answer(pl["Is everything right?"], ENTER)
    t.expect(pl["Your letters are ready."])
    assert t.end() == 0
    text = t.transcript()
    assert "right-to-left" not in text  # Polish reads left to right: no warning
    # a yes/no answer is echoed in Polish ("Nie"), not questionary's English "No"
    police = pl["Have you been arrested, or had any contact with the police?"]
    prompt = [line for line in text.splitlines() if line.startswith(f"? {police}")]
    assert prompt and prompt[-1].rstrip().endswith(f') {pl["No"]}'), prompt
    assert pl["On paper, by post"] in text  # the review screen shows the label in Polish
    assert f'{pl["Your date of birth"]}: 14 lipca 1992' in text  # and the date the Polish way
    folder = tmp_path / "letters" / person_folder_name("Jan Kowalski", date(1992, 7, 14))
    _letters_are_english(folder)
    saved = (folder / "profile.toml").read_text(encoding="utf-8")
    assert 'response_format = "paper"' in saved and 'language = "pl"' in saved


@pytest.mark.slow
def test_the_first_screen_asks_the_language_in_each_own_name(tmp_path: Path) -> None:
    t = Terminal(tmp_path)
    t.expect("The letters are always in English")
    t.expect("Which language do you want for the questions?")
    t.expect("العربية (Arabic)")
    t.after("polski (Polish)", DOWN + ENTER)  # Arabic, the first after English
    t.expect("Many terminals cannot show right-to-left writing well")
    t.answer(_po("ar")["Who are these records about?"], "\x03")  # Ctrl-C
    t.expect("Stopped.")
    assert t.end() == 130


def test_an_unknown_language_is_one_error_line(tmp_path: Path) -> None:
    from tests.test_interview_terminal import run_without_terminal

    result = run_without_terminal(tmp_path, "--lang", "klingon")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        'Error: unknown language "klingon"; use one of: ' + ", ".join(languages())]


@pytest.mark.slow
def test_ctrl_c_speaks_the_language_and_resume_goes_on_in_it(tmp_path: Path) -> None:
    pl = _po("pl")
    first = Terminal(tmp_path, "--lang", "pl")
    first.answer(pl["Who are these records about?"], ENTER)
    first.answer(pl["Did someone tell you to get these records, to give to them?"], "\x03")  # Ctrl-C
    first.expect(pl["Stopped. Your answers so far are saved in {path}."].split("{path}")[0])
    first.expect(pl["To go on where you stopped, run: {command}"].format(command="dsar new --resume"))
    assert first.end() == 130
    second = Terminal(tmp_path, "--resume")  # no --lang: the saved interview's language
    second.answer(pl["Did someone tell you to get these records, to give to them?"], "\x03")
    assert second.end() == 130
    assert "Which language" not in second.transcript()


def _closing(language: str, *, for_other: bool, via: str = "email") -> str:
    from datetime import date
    from pathlib import Path

    from dsar.interview.finish import Authority, Item, Outcome, closing_page

    item = Item(controller_id="moj", name="Ministry of Justice", kind="access", ref="R-000001",
                file="letters/x.pdf", how_to_send="Email it.", id_required=(), via=via,
                due_on=date(2026, 12, 29), regimes=("uk-gdpr",))
    return closing_page(Outcome(Path("letters"), None, (item,),
                                Authority("letters/a.pdf", "Print it.") if for_other else None,
                                summary=("letters/s.pdf",), language=language))


def test_the_closing_page_gives_the_due_date_the_languages_way() -> None:
    assert "the answer is due by Tue 29 Dec 2026" in _closing("en", for_other=False)
    assert "wtorek, 29 grudnia 2026" in _closing("pl", for_other=False)
    assert "الثلاثاء، 29 ديسمبر 2026" in _closing("ar", for_other=False)
    assert "Dec" not in _closing("vi", for_other=False)


def test_the_closing_page_speaks_to_the_person_or_their_adviser() -> None:
    own = _closing("en", for_other=False)
    assert "In your own language: what each letter asks for and what happens next:" in own
    assert "For the person" not in own
    helper = _closing("en", for_other=True)
    assert "For the person, in their own language" in helper and "give it to them" in helper
    assert "In your own language" not in helper


def test_the_closing_page_logs_the_first_letter_the_way_it_goes() -> None:
    assert ("dsar track log R-000001 sent --via online-form   (or --via email, post-first, post-second, "
            "hand)") in _closing("en", for_other=False, via="online-form")
    assert "sent --via email   (albo --via online-form, post-first, post-second, hand)" in \
        _closing("pl", for_other=False)
