"""`dsar new` driven in a real pseudo-terminal (pexpect), as a new user would; and without one.

Each run spawns the real command with a fixed date, a temporary tracker database, a
temporary data folder (XDG_DATA_HOME) and a fixed window size. The keys sent are the
ones a person presses: letters, Enter, the arrow keys, Space, Ctrl-U (clear the line)
and Ctrl-C.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pexpect
import pytest

from dsar.controllers import load_directory
from dsar.files import person_folder_name
from dsar.interview import flow
from dsar.interview.flow import Setup
from dsar.interview.suggest import Catalogue
from dsar.tracker import Tracker
from tests.letters_fixtures import demo_folder

pytestmark = pytest.mark.slow

DOWN = "\x1b[B"
ENTER = "\r"
SPACE = " "
CLEAR = "\x15"  # Ctrl-U: delete the line typed so far
QMARK = r"\?(?:\x1b\[[0-9;]*m)* "  # questionary's "?" before each question, then its colours
TIMEOUT = 40  # generous: the machine is shared, and the last step renders PDFs

SETUP = Setup(catalogue=Catalogue.from_directory(load_directory()))


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DSAR_")}
    env.update({
        "DSAR_TODAY": "2026-11-26",
        "DSAR_DB": str(tmp_path / "tracker.sqlite"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # no cursor-position queries: pexpect does not answer them
    })
    return env


class Terminal:
    """One `dsar new` run in a pseudo-terminal, 40 rows by 120 columns."""

    def __init__(self, tmp_path: Path, *args: str) -> None:
        self.log = tmp_path / f"terminal-{len(list(tmp_path.glob('terminal-*')))}.log"
        self.child = pexpect.spawn(sys.executable, ["-m", "dsar", "new", *args], cwd=str(tmp_path),
                                   env=environment(tmp_path), dimensions=(40, 120),
                                   encoding="utf-8", timeout=TIMEOUT)
        self.child.logfile_read = self.log.open("w", encoding="utf-8")

    def answer(self, question: str, keys: str) -> None:
        """Wait until the question that starts with `question` is drawn, then press `keys`."""
        self.child.expect(QMARK + re.escape(question))
        self.child.send(keys)

    def after(self, text: str, keys: str) -> None:
        """Wait for `text` (an error message, a help text), then press `keys`."""
        self.expect(text)
        self.child.send(keys)

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def end(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        self.child.logfile_read.close()
        return int(self.child.exitstatus)

    def transcript(self) -> str:
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", self.log.read_text(encoding="utf-8"))


def tracked(tmp_path: Path) -> list[tuple[str, str, str | None]]:
    with Tracker.open(str(tmp_path / "tracker.sqlite")) as tracker:
        return sorted((r.controller_id, r.kind, r.client_reference) for r in tracker.list())


def downs_to(options: list[str], wanted: str) -> str:
    return DOWN * options.index(wanted)


def test_a_person_with_a_smartwatch_and_an_immigration_history(tmp_path: Path) -> None:
    t = Terminal(tmp_path, "--out", "letters")
    t.answer("Which language do you want for the questions?", ENTER)  # English, the default
    t.answer("Who are these records about", ENTER)  # Me
    t.answer("Did someone tell", "n")
    t.answer("Your full name", "Amira Example" + ENTER)
    t.answer("Any other names", ENTER)
    t.answer("Your date of birth", "1990-13-01" + ENTER)
    t.after('"1990-13-01" has no month 13; write it as YYYY-MM-DD or DD/MM/YYYY', CLEAR + "23/04/1990" + ENTER)
    t.answer("Your nationality", "Sudanese" + ENTER)
    t.answer("Your email address", "amira@" + ENTER)
    t.after('"amira@" is not an email address', CLEAR + "amira@example.org" + ENTER)
    t.answer("Your phone number", ENTER)
    t.answer("Your address now", "?" + ENTER)  # more help
    t.after("Type each line of the address with a comma", "Flat 2, 10 Park Road, Leeds" + ENTER)
    t.answer("Postcode", "nope" + ENTER)
    t.after('"nope" is not a UK postcode', CLEAR + "ls2 2bb" + ENTER)
    t.answer("Have you lived at another address", "n")
    t.answer("Have you been tagged", DOWN + DOWN + ENTER)  # a watch or phone that takes photos
    t.answer("When did the monitoring start", "01/09/2023" + ENTER)
    t.answer("When did it end", ENTER)
    t.answer("Have you had any contact with the Home Office", "y")
    t.answer("Have you been held by the Home Office", "y")
    t.answer("Have you been in prison or on probation", ENTER)  # No
    t.answer("Have you been arrested", "n")
    t.answer("These organisations probably hold records", ENTER)  # the Home Office, ticked for us
    t.answer("What do you want to ask for", DOWN + DOWN + ENTER)  # both
    # erasure at the Home Office during an immigration case: the caution, and access suggested
    t.expect("Erasing Home Office records can remove evidence an immigration case needs")
    t.answer("Home Office: what do you want to ask for", DOWN + DOWN + ENTER)  # access -> both
    t.answer("How do you want the copy", ENTER)  # electronic
    t.answer("Do you want records from some dates only", "n")
    t.answer("Anything else that would help", "GPS data from my watch" + ENTER)
    t.answer("Why should they stop using your data", "The photo checks at night stop me sleeping" + ENTER)
    t.answer("What should the Home Office delete", ENTER)  # only face photos and monitoring data
    t.answer("Which of these numbers do you have", SPACE + ENTER)  # Home Office reference
    t.answer("Home Office reference", "B12" + ENTER)
    t.after('"B12" is not a valid Home Office reference', CLEAR + "B1234567" + ENTER)
    t.expect("Check your answers")
    t.answer("Is everything right", DOWN + ENTER)  # change an answer
    t.answer("Which answer do you want to change", DOWN + DOWN + ENTER)  # who, enforced, full name
    t.answer("Your full name", CLEAR + "Amira Q Example" + ENTER)
    t.answer("Is everything right", ENTER)  # write the letters
    t.expect("Your letters are ready")
    assert t.end() == 0

    text = t.transcript()
    assert "Your full name: Amira Q Example" in text  # the review screen shows the change
    assert "the answer is due by Tue 29 Dec 2026" in text  # sent today by email
    assert "Enclose: A copy of my photo identification, such as a passport" in text
    assert "Check: If your photo ID is a biometric residence permit (BRP), look at its expiry date" in text
    assert "from a representative" not in text  # she writes for herself: the letter's own list
    assert "Check: Erasing Home Office records can remove evidence" in text  # on the closing page
    folder = tmp_path / "letters" / person_folder_name("Amira Q Example", date(1990, 4, 23))
    for kind in ("access", "erasure"):
        assert (folder / f"2026-11-26-home-office-{kind}.pdf").stat().st_size > 1000
    profile = folder / "profile.toml"
    assert stat.S_IMODE(profile.stat().st_mode) == 0o600
    saved = profile.read_text()
    assert 'full_name = "Amira Q Example"' in saved and 'home_office_reference = "B1234567"' in saved
    assert 'electronic_monitoring = "non-fitted-device"' in saved
    assert 'objection_grounds = "The photo checks at night stop me sleeping"' in saved
    assert 'erasure_scope = "named"' in saved
    assert tracked(tmp_path) == [("home-office", "access", None), ("home-office", "erasure", None)]
    assert not (tmp_path / "data" / "dsar" / "interview.json").exists()  # removed after success


def test_an_adviser_for_a_client_with_prison_and_police_history(tmp_path: Path) -> None:
    controllers = ["hmpps", "acro", "greater-manchester-police"]
    id_options = [o.value for o in flow.identifier_options({"controllers": controllers}, SETUP)]
    t = Terminal(tmp_path, "--out", "letters", "--save", "client.toml")
    t.answer("Which language", ENTER)
    t.answer("Who are these records about", DOWN + ENTER)  # someone I represent
    t.answer("Did someone tell", "n")
    t.answer("The name of your organisation", "Leeds Law Centre" + ENTER)
    t.answer("Your full name", "Sam Adviser" + ENTER)
    t.answer("Your address, without", "1 High Street, Leeds" + ENTER)
    t.answer("Your postcode", "LS1 1AA" + ENTER)
    t.answer("Your email address", "sam@lawcentre.example" + ENTER)
    t.answer("Your phone number", ENTER)
    t.answer("Your own reference for this client", "C-42" + ENTER)
    t.answer("The person's full name", "John Client" + ENTER)
    t.answer("Any other names the person has used", ENTER)
    t.answer("The person's date of birth", "1985-02-03" + ENTER)
    t.answer("The person's nationality", ENTER)
    t.answer("The person's email address", ENTER)
    t.answer("The person's phone number", ENTER)
    t.answer("The person's address now", "HMP Example, Wakefield" + ENTER)
    t.answer("Postcode", ENTER)
    t.answer("Has the person lived at another address", "n")
    t.answer("Has the person been tagged", ENTER)  # No
    t.answer("Has the person had any contact with the Home Office", "n")
    t.answer("Has the person been in prison or on probation", DOWN * 3 + ENTER)  # both
    t.answer("What was the probation for", ENTER)  # a licence
    t.answer("Has the person been arrested", "y")
    t.answer("Which police area", "manch")  # search as you type
    t.after("Greater Manchester Police", DOWN + ENTER)  # choose the suggestion
    t.answer("What happened with Greater Manchester Police", ENTER)  # arrested
    t.answer("When was it", "2020-02-03" + ENTER)
    t.answer("In which town or place", "Salford" + ENTER)
    t.answer("How did it end", ENTER)  # no further action
    t.answer("Was any of these true", DOWN + ENTER)  # mistaken identity
    t.answer("Was there another police area", "n")
    t.answer("These organisations probably hold records", ENTER)
    t.answer("What do you want to ask for", ENTER)  # access
    t.answer("Ask every organisation for the same", ENTER)  # yes
    t.answer("How do you want the copy", DOWN + ENTER)  # paper
    t.answer("Do you want records from some dates only", "y")
    t.answer("From which date", "2019-06-01" + ENTER)
    t.answer("Until which date", "2019-01-01" + ENTER)
    t.after("1 January 2019 is before the start date (1 June 2019)", CLEAR + ENTER)
    t.answer("Anything else", ENTER)
    prison, pnc = id_options.index("prison_number"), id_options.index("pnc_id")
    t.answer("Which of these numbers does the person have",
             DOWN * prison + SPACE + DOWN * (pnc - prison) + SPACE + ENTER)
    t.answer("Prison number (NOMIS)", "A12" + ENTER)
    t.after('"A12" is not a valid Prison number (NOMIS)', CLEAR + "a1234bc" + ENTER)
    t.answer("PNC ID", "19/0123456X" + ENTER)
    t.answer("Is everything right", ENTER)
    t.expect("Your letters are ready")
    assert t.end() == 0

    folder = tmp_path / "letters" / person_folder_name("John Client", date(1985, 2, 3))
    assert (folder / "2026-11-26-letter-of-authority.pdf").exists()
    for cid in controllers:
        assert (folder / f"2026-11-26-{cid}-access.pdf").exists()
    assert tracked(tmp_path) == sorted((cid, "access", "C-42") for cid in controllers)
    saved = (tmp_path / "client.toml").read_text()
    assert stat.S_IMODE((tmp_path / "client.toml").stat().st_mode) == 0o600
    assert 'prison_number = "A1234BC"' in saved and 'reference = "C-42"' in saved
    assert "date_from = 2019-06-01" in saved and "date_to" not in saved
    assert 'probation_reason = "licence"' in saved
    assert ('[[circumstances.police_contacts]]\nforce = "greater-manchester-police"\nevent = "arrest"\n'
            'date = 2020-02-03\nplace = "Salford"\noutcome = "no-further-action"\n'
            'reason = "mistaken-identity"') in saved
    text = t.transcript()
    assert "FIRST: the letter of authority" in text
    assert "Greater Manchester Police: a copy of the records (access)" in text


FIRST_HALF = [
    ("Who are these records about", ENTER),
    ("Did someone tell", "n"),
    ("Your full name", "Rana Example" + ENTER),
    ("Any other names", ENTER),
    ("Your date of birth", "1979-12-31" + ENTER),
    ("Your nationality", ENTER),
    ("Your email address", ENTER),
    ("Your phone number", ENTER),
    ("Your address now", "3 Hill Road, Croydon" + ENTER),
    ("Postcode", "CR0 2AB" + ENTER),
    ("Have you lived at another address", "n"),
]


def test_an_interrupted_interview_resumes_without_asking_twice(tmp_path: Path) -> None:
    first = Terminal(tmp_path)
    first.answer("Which language", ENTER)  # kept with the answers: --resume does not ask again
    for question, keys in FIRST_HALF:
        first.answer(question, keys)
    first.expect("Have you been tagged")
    first.child.sendcontrol("c")
    first.expect("Stopped. Your answers so far are saved in")
    assert first.end() == 130
    state = tmp_path / "data" / "dsar" / "interview.json"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    answers = json.loads(state.read_text())["answers"]
    assert answers["full_name"] == "Rana Example" and answers["postcode"] == "CR0 2AB"
    assert "To go on where you stopped, run: dsar new --resume" in first.transcript()
    assert not (tmp_path / "dsar-letters").exists()  # no letter, not even half of one

    second = Terminal(tmp_path, "--resume")
    second.answer("Have you been tagged", ENTER)
    second.answer("Have you had any contact with the Home Office", "y")
    second.answer("Have you been held by the Home Office", "n")
    second.answer("Have you been in prison or on probation", ENTER)
    second.answer("Have you been arrested", "n")
    second.answer("These organisations probably hold records", ENTER)
    second.answer("What do you want to ask for", ENTER)
    second.answer("How do you want the copy", ENTER)
    second.answer("Do you want records from some dates only", "n")
    second.answer("Anything else", ENTER)
    second.answer("Which of these numbers do you have", ENTER)  # none
    second.answer("Is everything right", ENTER)
    second.expect("Your letters are ready")
    assert second.end() == 0
    assert all(f"? {q}" in first.transcript() for q, _ in FIRST_HALF)  # the check below can fail
    asked_again = [q for q, _ in FIRST_HALF if f"? {q}" in second.transcript()]
    assert asked_again == []
    assert (tmp_path / "dsar-letters" / person_folder_name("Rana Example", date(1979, 12, 31))
            / "2026-11-26-home-office-access.pdf").exists()
    assert tracked(tmp_path) == [("home-office", "access", None)]
    assert not state.exists()


def test_enforced_subject_access_is_explained(tmp_path: Path) -> None:
    t = Terminal(tmp_path)
    t.answer("Which language", ENTER)
    t.answer("Who are these records about", ENTER)
    t.answer("Did someone tell", "y")
    t.expect("Data Protection Act 2018, section 184")
    t.answer("Do you still want to ask", "n")
    t.expect("Nothing was written, and your answers were deleted.")
    assert t.end() == 0
    assert "different ACRO service" in t.transcript()
    assert not (tmp_path / "data" / "dsar" / "interview.json").exists()


# --- without a terminal ----------------------------------------------------------------------


def run_without_terminal(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dsar", "new", *args], cwd=tmp_path,
                          env=environment(tmp_path), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, check=False)


def test_no_terminal_and_answers_missing_says_how_to_run_without_one(tmp_path: Path) -> None:
    result = run_without_terminal(tmp_path, "--to", "home-office")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        'Error: dsar new needs a terminal to ask "Who are these records about?"; without one, give '
        "every answer: `dsar new --profile me.toml --to ID --kind access --yes`, or use "
        "`dsar generate me.toml --to ID`\n")


def test_no_terminal_and_no_yes_asks_for_yes(tmp_path: Path) -> None:
    profile = Path(__file__).resolve().parent.parent / "letters" / "demo-profile.toml"
    result = run_without_terminal(tmp_path, "--profile", str(profile), "--to", "hmpps",
                                  "--kind", "access")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: dsar new needs a terminal to ask you to check the answers (or add --yes); without "
        "one, give every answer: `dsar new --profile me.toml --to ID --kind access --yes`, or use "
        "`dsar generate me.toml --to ID`\n")


def test_a_complete_profile_and_flags_run_without_a_terminal(tmp_path: Path) -> None:
    profile = Path(__file__).resolve().parent.parent / "letters" / "demo-profile.toml"
    result = run_without_terminal(tmp_path, "--profile", str(profile), "--to", "hmpps",
                                  "--to", "home-office", "--kind", "access", "--kind", "erasure",
                                  "--yes", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Your letters are ready.\n")
    assert "the answer is due by" in result.stdout
    folder = tmp_path / "out" / demo_folder()
    for cid in ("hmpps", "home-office"):
        for kind in ("access", "erasure"):
            assert (folder / f"2026-11-26-{cid}-{kind}.pdf").exists()
    assert not (folder / "profile.toml").exists()  # the answers came from a file already
    assert len(tracked(tmp_path)) == 4


def test_kinds_per_organisation_and_a_processor_without_a_terminal(tmp_path: Path) -> None:
    """--to ID:KIND gives each organisation its own letters; --to buddi writes to the Home Office;
    one letter of authority whatever the kinds (the demo profile has a representative)."""
    profile = Path(__file__).resolve().parent.parent / "letters" / "demo-profile.toml"
    result = run_without_terminal(tmp_path, "--profile", str(profile), "--to", "buddi:access",
                                  "--to", "hmpps:access+erasure", "--yes", "--out", "out")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / demo_folder()
    assert sorted(p.name for p in folder.glob("*.pdf")) == [
        "2026-11-26-hmpps-access.pdf", "2026-11-26-hmpps-erasure.pdf",
        "2026-11-26-home-office-access.pdf", "2026-11-26-letter-of-authority.pdf"]
    assert [(c, k) for c, k, _ in tracked(tmp_path)] == [
        ("hmpps", "access"), ("hmpps", "erasure"), ("home-office", "access")]
    assert ("Warning: Buddi processes data for Home Office, which is the controller: the letter goes to "
            "Home Office (home-office) and the tracker records it there") in result.stderr


def test_bad_flags_are_one_line_errors(tmp_path: Path) -> None:
    result = run_without_terminal(tmp_path, "--to", "home-office", "--kind", "copy")
    assert (result.returncode, result.stderr) == (
        1, 'Error: --kind "copy" is not known: use --kind access or --kind erasure\n')
    result = run_without_terminal(tmp_path, "--to", "home-office:copy")
    assert (result.returncode, result.stderr) == (
        1, 'Error: unknown letter kind "copy" in --to "home-office:copy"; after the colon use access, '
           "erasure or access+erasure\n")
    assert not (tmp_path / "data" / "dsar" / "interview.json").exists()
    result = run_without_terminal(tmp_path, "--resume")
    state = tmp_path / "data" / "dsar" / "interview.json"
    assert (result.returncode, result.stderr) == (
        1, f"Error: no interrupted interview to resume ({state} does not exist); start one with "
           "`dsar new`\n")


HOSTILE_PROFILE = r'''
[requester]
full_name = "Amira\u001b]0;owned\u0007 Example\nR-000087  fake line"
date_of_birth = 1990-04-12
nationality = "Sudanese\u001b[2J"
address = ["1 Test\u001b[2J Street\nR-000086 fake", "Leeds"]
postcode = "LS2 2BB"

[request]
details = "ring\u001b]0;owned\u0007 first\nR-000085 fake"
'''


def test_a_profile_with_escapes_is_refused_before_any_question(tmp_path: Path) -> None:
    # issue 16 item 3: a terminal escape in a profile never reaches the screen: the profile is
    # refused, one line per field, without repeating the escape
    profile = tmp_path / "hostile.toml"
    profile.write_text(HOSTILE_PROFILE, encoding="utf-8")
    t = Terminal(tmp_path, "--profile", str(profile), "--to", "home-office", "--kind", "access",
                 "--out", "letters")
    t.expect("contains a control character")
    assert t.end() == 1
    raw = t.log.read_text(encoding="utf-8")
    assert "\x1b]0;owned" not in raw and "\x07" not in raw and "\x1b[2J" not in raw
    assert "requester.full_name: contains a control character (U+001B)" in t.transcript()
    assert not (tmp_path / "letters").exists()


def test_a_profiles_line_breaks_never_fake_a_line(tmp_path: Path) -> None:
    # the review screen and the closing page show a profile's values on their own line: a line
    # break in a name becomes a space, in free text a visible \n; an escape typed when changing
    # an answer is dropped
    profile = tmp_path / "breaks.toml"
    profile.write_text(HOSTILE_PROFILE.replace("\\u001b]0;owned\\u0007", "").replace("\\u001b[2J", ""),
                       encoding="utf-8")
    t = Terminal(tmp_path, "--profile", str(profile), "--to", "home-office", "--kind", "access",
                 "--out", "letters")
    t.expect("Check your answers")
    t.answer("Is everything right", DOWN + ENTER)  # change an answer: the picker lists every value
    t.answer("Which answer do you want to change", DOWN + ENTER)  # who, full name
    t.answer("Your full name", CLEAR + "Amira Example" + ENTER)
    t.answer("Is everything right", ENTER)  # write the letters
    t.expect("Your letters are ready")
    assert t.end() == 0
    raw = t.log.read_text(encoding="utf-8")
    assert "\x1b[2J" not in raw  # the screen never cleared
    text = t.transcript()
    assert "Your full name: Amira Example R-000087 fake line" in text  # the first review screen
    assert "Your full name: Amira Example\n" in text  # after the change
    assert "Your nationality (optional): Sudanese\n" in text
    assert "1 Test Street R-000086 fake, Leeds" in text
    assert "Anything else that would help them find the records? (optional): ring first\\nR-000085 fake" in text
    assert not any(line.lstrip().startswith("R-00008") for line in text.splitlines())
