"""`dsar generate` and `dsar demo` through the real entry point (`dsar.cli.main`), with exact messages."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dsar.paths import letters_dir
from tests.cli_runner import run_cli as run
from tests.letters_fixtures import demo_folder

DEMO = letters_dir() / "demo-profile.toml"
QUICK = ["--format", "txt", "--format", "html"]




def test_generate_prints_a_summary_and_writes_private_files(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    code, out, err = run(capsys, "generate", str(DEMO), "--to", "home-office", "--kind", "access",
                         "--out", str(tmp_path), *QUICK)
    assert (code, err.splitlines()[-1]) == (0, "Check each letter, sign it, and send it with the "
                                               "documents it lists.")
    folder = tmp_path.resolve() / demo_folder()
    assert out.splitlines()[:5] == [
        f"Letters written to {folder}:", "", "home-office (access)",
        f"  {folder}/2026-11-26-home-office-access.txt", f"  {folder}/2026-11-26-home-office-access.html"]
    assert "  How to send: Use the online form at https://visas-immigration.service.gov.uk/product/saru" in out
    assert "letter of authority (authority)" in out
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # --kind access: the requester signs authority for access requests only, not erasure
    authority = " ".join((folder / "2026-11-26-letter-of-authority.txt").read_text().split())
    assert ("to act for me in making subject access requests and any related requests and complaints "
            "about my personal data") in authority
    assert "erasure" not in authority


def test_generate_json_and_warnings_on_stderr(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--quiet", "generate", str(DEMO), "--to", "metropolitan-police",
                         "--to", "acro", "--kind", "access", "--kind", "erasure", "--out", str(tmp_path),
                         "--format", "txt", "--format", "eml", "--json")
    assert code == 0
    data = json.loads(out)
    assert [(d["controller"], d["kind"], sorted(d["files"])) for d in data] == [
        ("metropolitan-police", "access", ["txt"]), ("metropolitan-police", "erasure", ["txt"]),
        ("acro", "access", ["txt"]), ("acro", "erasure", ["eml", "txt"]), (None, "authority", ["txt"])]
    assert all(Path(p).is_file() for d in data for p in d["files"].values())
    assert data[0]["warnings"][0].startswith("no postal address is known for Metropolitan Police")
    # warnings show even with --quiet, once each, before anything is written; talk does not
    lines = err.splitlines()
    assert lines[0].startswith("Warning: no postal address is known for Metropolitan Police; check https://")
    assert all(line.startswith("Warning: ") for line in lines)
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize(("today", "said"), [
    ("2026-06-30", "which for a card dated 31 December 2024 means until 30 June 2026."),
    ("2026-07-01", "for a card dated 31 December 2024 that period ended on 30 June 2026."),
    ("2026-11-26", "for a card dated 31 December 2024 that period ended on 30 June 2026."),
])
def test_the_brp_note_says_the_18_months_ended_on_letters_dated_after_30_june_2026(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        today: str, said: str) -> None:
    """The Home Office page (27 March 2025) allowed an expired BRP for 18 months after the date
    on the card: until 30 June 2026 for most cards. After that day the note must not say it runs."""
    monkeypatch.setenv("DSAR_TODAY", today)
    code, out, err = run(capsys, "--quiet", "generate", str(DEMO), "--to", "home-office", "--kind", "access",
                         "--out", str(tmp_path), "--format", "txt", "--json")
    assert code == 0, err
    brp = [w for w in json.loads(out)[0]["warnings"] if "biometric residence permit" in w]
    assert len(brp) == 1 and said in brp[0]
    assert "means until" not in brp[0] if "ended" in said else "ended" not in brp[0]
    # the source and the advice to check the page stay
    assert "On 27 March 2025 the Home Office's page said an expired BRP can be used for 18 months" in brp[0]
    assert brp[0].endswith("before you send an expired BRP as your ID.") and "Check https://" in brp[0]
    assert f"Warning: {brp[0]}" in err


@pytest.mark.parametrize(("toml", "expected"), [
    ('[requester]\nfull_name = "A"\ndate_of_birth = "1990-13-01"\naddress = ["1 Road"]\n',
     ['requester.date_of_birth: "1990-13-01" is not a date, use YYYY-MM-DD']),
    ('[requester]\nfullname = "A"\ndate_of_birth = 1990-01-01\naddress = ["1 Road"]\n',
     ["requester.full_name: is required",
      "requester.fullname: is not a known key; check the spelling (see the profile format in README.md)"]),
    ('[requester]\nfull_name = "A"\ndate_of_birth = 1990-01-01\naddress = ["1 Road"]\n'
     '[identifiers]\nprison_number = "12345"\n',
     ['identifiers.prison_number: "12345" is not a valid Prison number (NOMIS): use one letter, four '
      "digits, two letters, e.g. A1234BC"]),
])
def test_bad_profiles_get_one_line_per_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               toml: str, expected: list[str]) -> None:
    profile = tmp_path / "me.toml"
    profile.write_text(toml)
    code, out, err = run(capsys, "generate", str(profile), "--to", "acro", "--out", str(tmp_path / "o"))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"Error: {profile}: {line}" for line in expected]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--to", "home-offce"], 'Error: no organisation with id "home-offce"; did you mean home-office? '
                             "see `dsar controllers list` or `dsar controllers search TEXT`"),
    (["--to", "acro", "--kind", "deletion"], 'Error: unknown letter kind "deletion"; use one of: access, erasure'),
    (["--to", "acro", "--format", "docx"], 'Error: unknown format "docx"; use one of: pdf, html, txt, eml'),
    ([], "Error: no organisation given; add --to ID (see `dsar controllers list`)"),
])
def test_bad_options_are_one_line_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         args: list[str], message: str) -> None:
    code, out, err = run(capsys, "generate", str(DEMO), "--out", str(tmp_path / "o"), *args)
    assert (code, out, err) == (1, "", message + "\n")
    assert not (tmp_path / "o").exists()


def test_missing_profile_and_out_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "generate", str(tmp_path / "nope.toml"), "--to", "acro")
    assert (code, err) == (1, f"Error: {tmp_path / 'nope.toml'}: no such file; check the path\n")
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, _, err = run(capsys, "generate", str(DEMO), "--to", "acro", "--out", str(afile))
    assert (code, err) == (1, f"Error: {afile} is a file, not a folder; choose another --out\n")


@pytest.mark.slow  # seven real PDFs
def test_demo_writes_the_letters_and_keeps_out_of_the_tracker(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    code, out, err = run(capsys, "demo", "--out", str(tmp_path / "demo"), "--json")
    assert code == 0
    data = json.loads(out)
    assert [(d["controller"], d["kind"]) for d in data] == [
        ("home-office", "access"), ("home-office", "erasure"), ("hmpps", "access"), ("hmpps", "erasure"),
        ("metropolitan-police", "access"), ("metropolitan-police", "erasure"), (None, "authority")]
    assert sorted(data[0]["files"]) == ["eml", "html", "pdf", "txt"]
    assert "These letters are for a fictional person." in err
    assert not Path(os.environ["DSAR_DB"]).exists()


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys\nfrom dsar.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('weasyprint', 'sqlalchemy', 'jinja2', 'pypdf') if m in sys.modules]\n"
            "print(','.join(heavy) or 'none', file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "none"
    assert "generate" in done.stdout and "demo" in done.stdout


def test_generate_kinds_per_organisation_and_a_processor(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    """--to ID:KIND per organisation; --to buddi writes to the Home Office and says so; the
    tracker has the Home Office, never Buddi; the Home Office erasure caution is warned."""
    from dsar.tracker import Tracker

    code, out, err = run(capsys, "generate", str(DEMO), "--to", "home-office:access",
                         "--to", "buddi:erasure", "--to", "acro", "--kind", "erasure",
                         "--out", str(tmp_path), "--format", "txt", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [(d["controller"], d["kind"], d.get("asked_for")) for d in data] == [
        ("home-office", "access", None), ("home-office", "erasure", "buddi"), ("acro", "erasure", None),
        (None, "authority", None)]
    assert data[1]["note"].startswith("Buddi processes data for Home Office, which is the controller")
    assert data[1]["warnings"][0].startswith("Erasing Home Office records can remove evidence")
    assert "Warning: Erasing Home Office records can remove evidence an immigration case needs" in err
    assert "Note: Buddi processes data for Home Office" in err
    with Tracker.open(os.environ["DSAR_DB"]) as tracker:
        assert sorted((r.controller_id, r.kind) for r in tracker.list()) == [
            ("acro", "erasure"), ("home-office", "access"), ("home-office", "erasure")]


def test_generate_unknown_kind_after_the_colon_writes_nothing(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    code, out, err = run(capsys, "generate", str(DEMO), "--to", "acro", "--to", "home-office:erase",
                         "--out", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    assert err == ('Error: unknown letter kind "erase" in --to "home-office:erase"; after the colon '
                   "use access, erasure or access+erasure\n")
    assert not (tmp_path / "out").exists() and not Path(os.environ["DSAR_DB"]).exists()
