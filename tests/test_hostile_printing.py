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

    code, out, _ = run(capsys, "track", "add", "--controller", "home-office", "--requester",
                       f"A{CLEAR}\nB", "--json")
    assert code == 0 and json.loads(out)["requester"] == f"A{CLEAR}\nB"
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
        "DD/MM/YYYY, e.g. 25/12/1990",
        "Error: 1 of 1 rows have problems (listed above); fix them and check again. Nothing was written."]


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
