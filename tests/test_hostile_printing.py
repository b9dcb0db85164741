"""Issue 16 item 3: values from a person, a sheet or the tracker never drive the terminal.

Each test runs the command from the issue and checks stdout and stderr hold no escape or
control character, and that a newline in a value is shown as a visible \\n (no fake line)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dsar.terminal import safe_lines, shown
from tests.cli_runner import run_cli as run

TITLE = "\x1b]0;owned\x07"  # sets the terminal's window title
CLEAR = "\x1b[2J"  # clears the screen
FAKE = "Amira\nR-000099  Home Office  access  overdue  due 2026-01-01  Someone Else"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _clean(text: str) -> None:
    assert not CONTROL.search(text), repr(text)


def test_shown_strips_escapes_and_makes_newlines_visible() -> None:
    assert shown(f"A{TITLE}B{CLEAR}C") == "ABC"
    assert shown("a\nb\r\nc\rd") == r"a\nb\nc\nd"
    assert shown("x\x9b31my\u202ez\x00") == "xyz"
    assert shown("محمد علي · 张伟 · Zoë") == "محمد علي · 张伟 · Zoë"
    assert shown(None) == ""
    assert safe_lines(f"one\ntwo{CLEAR}\x07") == "one\ntwo"


def test_tracker_views_print_no_escapes_and_no_fake_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "track", "add", "--controller", "home-office",
                         "--requester", f"{FAKE}{TITLE}", "--client-reference", f"C{CLEAR}-1\n2",
                         "--created", "2026-09-01")
    assert code == 0, err
    ref = out.strip()
    _clean(err)
    assert "Amira\\nR-000099" in err
    code, _, err = run(capsys, "track", "log", ref, "sent", "--on", "2026-09-01", "--via", "email",
                       "--note", f"rang{TITLE}\nR-000100 fake")
    assert code == 0, err
    for command in (["track", "list"], ["due"], ["remind"], ["track", "show", ref]):
        code, out, err = run(capsys, *command)
        assert code == 0, (command, err)
        _clean(out + err)
        assert "R-000099" not in "".join(line[:9] for line in out.splitlines()), command
        assert "Amira\\nR-000099" in out, command
    assert "C-1\\n2" in out and "rang\\nR-000100 fake" in out  # track show: the reference and note


def test_json_keeps_the_value_as_typed(capsys: pytest.CaptureFixture[str]) -> None:
    # --json is data, not a terminal view: the value round-trips exactly (JSON escapes controls)
    import json

    # (8-bit controls and bidirectional overrides, which JSON may carry raw, are \u-escaped too)
    typed = f"A{CLEAR}\nB\x9b2J\u202eC\u2028D"
    code, out, _ = run(capsys, "track", "add", "--controller", "home-office", "--requester", typed, "--json")
    assert code == 0 and json.loads(out)["requester"] == typed
    _clean(out)
    code, out, err = run(capsys, "track", "show", "R-000001", "--json")
    assert code == 0 and json.loads(out)["requester"] == typed, err
    _clean(out)
    code, out, err = run(capsys, "track", "list", "--json")
    assert code == 0 and [r["requester"] for r in json.loads(out)] == [typed], err
    _clean(out)


def test_a_batch_cell_cannot_reach_the_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.batch_fixtures import client, write_csv, write_org

    rows = [client("CL-1", dob=f"{TITLE}32/13/1990\nfake")]
    clients = write_csv(tmp_path / "clients.csv", rows)
    code, out, err = run(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)), "--out",
                         str(tmp_path / "out"), "--check")
    assert code == 1
    _clean(out + err)
    assert err.splitlines()[1:] == [
        'Error: row 2, column "Date of birth": "32/13/1990\\nfake" is not a date; write it as '
        "YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25",
        "Error: the only row has problems (listed above); fix it and check again. Nothing was written."]


def test_an_error_line_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "generate", str(tmp_path / f"x{CLEAR}\ny.toml"), "--to", "acro")
    assert code == 1 and err.count("\n") == 1
    _clean(err)


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}])
def test_non_ascii_names_print_under_an_ascii_terminal(tmp_path: Path, env: dict[str, str]) -> None:
    full = {**os.environ, **env, "DSAR_DB": str(tmp_path / "t.sqlite"), "DSAR_TODAY": "2026-11-26"}
    for args in (["track", "add", "--controller", "home-office", "--requester", "محمد علي"],
                 ["track", "list"], ["due"], ["track", "show", "R-000001"]):
        done = subprocess.run([sys.executable, "-m", "dsar", *args], env=full, capture_output=True,
                              timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        assert b"Traceback" not in done.stderr
    assert b"\\u0645\\u062d\\u0645\\u062f" in done.stdout or "محمد".encode() in done.stdout


# -- records, local facts, the interview's closing page, batch warnings, follow-ups ----------

# A user's own record (--controllers DIR) whose texts hold escapes and a fake line; TOML's
# own escapes put ESC and BEL in the file.
HOSTILE_RECORD = r'''
id = "example-police"
name = "Example Police\u001b]0;owned\u0007\nR-000099  fake line"
short_name = "Example\u001b[2J"
kind = "police"
nation = "england"
regimes = ["dpa-part-3", "uk-gdpr"]
aliases = ["expol\u001b[2J"]
areas = ["Exampleton\nR-000098 fake"]
sar_page = "https://www.example.police.uk/sar"
researched_on = 2026-11-20
notes = ["ring first\u001b]0;owned\u0007\nR-000097 fake"]

[access]
unit = "Disclosure\u001b[2J Unit"

[access.address]
value = ["Disclosure Unit\u001b[2J", "1 Example Road\nR-000096 fake", "Exampleton"]
source = "https://www.example.police.uk/sar"
read_on = 2026-11-20

[access.postcode]
value = "SW1A 1AA"
source = "https://www.example.police.uk/sar"
read_on = 2026-11-20
'''


def _no_fake_lines(text: str) -> None:
    """No printed line starts with a ref a value tried to fake."""
    assert not any(line.lstrip().startswith(("R-00009",)) for line in text.splitlines()), text


def test_a_users_records_print_no_escapes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "example-police.toml").write_text(HOSTILE_RECORD, encoding="utf-8")
    for command in (["controllers", "list", "--kind", "police"], ["controllers", "search", "expol"],
                    ["controllers", "show", "example-police"]):
        code, out, err = run(capsys, "--controllers", str(folder), *command)
        assert code == 0, (command, err)
        _clean(out + err)
        _no_fake_lines(out + err)
        assert "Example Police\\nR-000099  fake line" in out, command
    assert "ring first\\nR-000097 fake" in out and "1 Example Road\\nR-000096 fake" in out  # show
    # the same record's values in generate's warnings and summary, and on the closing page of new
    profile = letters_fixture_profile(tmp_path)
    for command in (["generate", str(profile), "--to", "example-police", "--out", str(tmp_path / "g"),
                     "--format", "txt"],
                    ["new", "--profile", str(profile), "--to", "example-police", "--kind", "access",
                     "--yes", "--out", str(tmp_path / "n")]):
        code, out, err = run(capsys, "--controllers", str(folder), *command)
        assert code == 0, (command, err)
        _clean(out + err)
        _no_fake_lines(out + err)
    assert "Example Police\\nR-000099  fake line: a copy of the records (access)" in out  # new's page


def letters_fixture_profile(tmp_path: Path) -> Path:
    """A representative's profile whose names, address and reference hold bidi overrides (which
    reorder a terminal line) and fake lines. Terminal escapes are refused when a profile is read
    (test_a_profile_with_escapes_is_refused), so these are what can still reach a terminal."""
    path = tmp_path / "hostile.toml"
    path.write_text(r'''
[requester]
full_name = "Amira\u202e\u202c Example\nR-000095  fake line"
other_names = ["Ami\u2066\u2069"]
date_of_birth = 1990-04-12
address = ["1 Test\u2066\u2069 Street\nR-000094 fake", "Leeds"]
postcode = "LS2 2BB"

[representative]
organisation = "Law\u2066\u2069 Centre"
name = "Sam\u202e\u202c Adviser\nR-000093 fake"
address = ["1 High Street", "Leeds"]
postcode = "LS1 1AA"
email = "sam@lawcentre.example"
reference = "C\u2066\u2069-42\nR-000092 fake"

[request]
details = "note\u202e\u202c\nR-000091 fake"
''', encoding="utf-8")
    return path


def test_a_profile_with_escapes_is_refused_in_one_line_each(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    path = letters_fixture_profile(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(r"\u202e\u202c", r"\u001b]0;owned\u0007"),
                    encoding="utf-8")
    code, out, err = run(capsys, "generate", str(path), "--to", "home-office", "--out", str(tmp_path / "g"))
    assert code == 1 and out == ""
    _clean(err)
    assert err.splitlines() == [
        f"Error: {path}: {key}: contains a control character (U+001B) that cannot be printed; type "
        "it again without it (it often comes from copying text out of another program)"
        for key in ("requester.full_name", "request.details", "representative.name")]
    assert not (tmp_path / "g").exists()


def test_the_closing_page_of_new_shows_a_profiles_values_safely(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    profile = letters_fixture_profile(tmp_path)
    code, out, err = run(capsys, "new", "--profile", str(profile), "--to", "home-office", "--kind", "access",
                         "--yes", "--out", str(tmp_path / "out"), "--save", str(tmp_path / f"p{CLEAR}\nx.toml"))
    assert code == 0, err
    _clean(out + err)
    _no_fake_lines(out + err)
    # the letter of authority: "ask <the person> to sign it" (its white space made plain spaces)
    assert "ask Amira Example R-000095 fake line to sign" in out
    assert "p\\nx.toml" in out  # the saved profile's path, as typed but on one line


def test_local_facts_print_no_escapes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "controllers", "set", "kent-police", "address",
                         f"Disclosure{CLEAR} Unit;1 Road{TITLE};Maidstone", "--source",
                         "https://www.kent.police.uk/sar", "--note", f"rang them{TITLE}\nR-000090 fake")
    assert code == 0, err
    _clean(out + err)
    code, out, err = run(capsys, "controllers", "show", "kent-police")
    assert code == 0, err
    _clean(out + err)
    _no_fake_lines(out + err)
    assert "Disclosure Unit" in out and "1 Road" in out
    assert "rang them\\nR-000090 fake" in out


def test_batch_warnings_quote_cells_on_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.batch_fixtures import client, write_csv, write_org

    # a cell with an escape is refused on one line that does not repeat it
    clients = write_csv(tmp_path / "escape.csv", [client("CL-1", name=f"Amira{TITLE} Example")])
    code, out, err = run(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)), "--out",
                         str(tmp_path / "out"), "--check")
    assert code == 1
    _clean(out + err)
    assert 'Error: row 2, column "Full name": contains a control character (U+001B)' in err
    name = "Amira\u202e\u202c Example\nR-000089  fake line"  # a bidi override and a fake line
    rows = [client("CL-1", name=name), client("CL-2", name=name)]  # the same person twice
    clients = write_csv(tmp_path / "clients.csv", rows)
    code, out, err = run(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)), "--out",
                         str(tmp_path / "out"), "--check")
    assert code == 0, err
    _clean(out + err)
    _no_fake_lines(out + err)
    assert "(Amira Example R-000089 fake line, 12/04/1990)" in err  # a cell's white space made plain


def test_a_chaser_prints_no_escapes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    profile = letters_fixture_profile(tmp_path)
    code, out, err = run(capsys, "generate", str(profile), "--to", "home-office", "--out", str(tmp_path / "g"),
                         "--format", "txt")
    assert code == 0, err
    code, _, err = run(capsys, "track", "log", "R-000001", "sent", "--on", "2026-09-01", "--via", "email",
                       "--note", f"sent{TITLE}\nR-000088 fake")
    assert code == 0, err
    for command in (["chase", "R-000001", "--out", str(tmp_path / "c"), "--format", "txt"],
                    ["track", "show", "R-000001"], ["due"]):
        code, out, err = run(capsys, *command)
        assert code == 0, (command, err)
        _clean(out + err)
        _no_fake_lines(out + err)


def test_a_crash_file_holds_no_escapes() -> None:
    # the traceback of an unexpected error can quote a value; the file is often read with `cat`
    from dsar.crash import save_crash

    try:
        raise ValueError(f"name {TITLE}Amira{CLEAR}")
    except ValueError as exc:
        path = save_crash(exc)
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "ValueError: name Amira\n" in text
    _clean(text.replace("\n", ""))
