"""`dsar chase`, `dsar complain` and `dsar track export`, through dsar.cli.main (the real tracker)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dsar.paths import letters_dir
from tests.cli_runner import run_cli as run
from tests.letters_fixtures import demo_folder

PROFILE = str(letters_dir() / "demo-profile.toml")




@pytest.fixture
def ref(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    """The demo person's HMPPS request, made with `dsar generate` on 1 Oct 2026 and emailed that day
    (due Mon 2 Nov 2026: overdue on 26 Nov 2026)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DSAR_TODAY", "2026-10-01")
    code, out, err = run(capsys, "generate", PROFILE, "--to", "hmpps", "--format", "pdf", "--format", "txt",
                         "--json")
    assert code == 0, err
    made = json.loads(out)[0]
    monkeypatch.setenv("DSAR_TODAY", "2026-11-26")
    assert run(capsys, "track", "log", made["ref"], "sent", "--on", "2026-10-01", "--via", "email")[0] == 0
    return str(made["ref"])


def test_chase_writes_records_and_says_how_to_correct_the_date(capsys: pytest.CaptureFixture[str],
                                                               ref: str, tmp_path: Path) -> None:
    code, out, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--format", "eml",
                         "--via", "email")
    assert code == 0, err
    folder = tmp_path / "dsar-letters" / demo_folder()
    assert out.splitlines() == [str(folder / "2026-11-26-hmpps-chase-r-000001.txt"),
                                str(folder / "2026-11-26-hmpps-chase-r-000001.eml")]
    assert (f"Recorded in {ref} as chase-sent, sent today (26 November 2026). If you send it on a later day, "
            f"log that date: dsar track log {ref} chase-sent --on YYYY-MM-DD") in err
    assert "Next: Wait for an answer to your chaser until Thu 10 Dec 2026; then complain." in err
    text = (folder / "2026-11-26-hmpps-chase-r-000001.txt").read_text(encoding="utf-8")
    assert "The law required you to answer by 2 November 2026" in " ".join(text.split())
    # the same chaser again the same day: the files are rewritten, the history is not doubled
    code, out, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--format", "eml",
                         "--via", "email")
    assert code == 0 and "Already recorded" in err
    code, out, _ = run(capsys, "track", "show", ref, "--json")
    assert [e["event"] for e in json.loads(out)["events"]].count("chase-sent") == 1


@pytest.mark.parametrize(("args", "message"), [
    (["chase", "{ref}"], "Error: the letter needs the sender's name and address: add --profile PROFILE "
                         "(e.g. dsar chase {ref} --profile me.toml)"),
    (["chase", "R-000099", "--profile", PROFILE], 'Error: no request R-000099'),
    (["chase", "{ref}", "--profile", "missing.toml"], "Error: missing.toml: no such file; check the path"),
    (["chase", "{ref}", "--profile", PROFILE, "--via", "pigeon"],
     'Error: unknown way of sending "pigeon": use one of email, online-form, post-first, post-second, hand'),
    (["chase", "{ref}", "--profile", PROFILE, "--format", "docx"],
     'Error: unknown format "docx"; use one of: pdf, html, txt, eml'),
    (["complain", "{ref}", "--to", "mp", "--profile", PROFILE], "Error: Invalid value for '--to'"),
])
def test_bad_input_is_one_line_and_writes_nothing(capsys: pytest.CaptureFixture[str], ref: str, tmp_path: Path,
                                                  args: list[str], message: str) -> None:
    before = sorted((tmp_path / "dsar-letters").rglob("*"))
    code, out, err = run(capsys, *[a.format(ref=ref) for a in args])
    assert code == 1 and out == ""
    assert err.startswith(message.format(ref=ref)) and len(err.strip().splitlines()) == 1
    assert sorted((tmp_path / "dsar-letters").rglob("*")) == before


def test_not_overdue_needs_force(capsys: pytest.CaptureFixture[str], ref: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DSAR_TODAY", "2026-10-20")
    code, _, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt")
    assert code == 1
    assert err == (f"Error: request {ref} is not overdue: the answer is due on Mon 2 Nov 2026; chase after "
                   "that date, or add --force to send a reminder now\n")
    code, out, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--force")
    assert code == 0
    assert "That date has not passed yet." in Path(out.strip()).read_text(encoding="utf-8")


def test_complaint_then_ico_pack_then_evidence_pack(capsys: pytest.CaptureFixture[str], ref: str,
                                                    monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert run(capsys, "track", "log", ref, "partial-response", "--on", "2026-11-20",
               "--missing", "copy,location-data")[0] == 0
    code, out, err = run(capsys, "complain", ref, "--to", "controller", "--profile", PROFILE, "--format", "txt",
                         "--via", "email", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert (done["event"], done["recorded"], done["complaint_ack_due"]) == ("complaint-sent", True, "2026-12-25")
    assert "They must acknowledge the complaint by 25 December 2026 (DPA 2018 s.164A(3)" in err
    letter = " ".join(Path(done["files"]["txt"]).read_text(encoding="utf-8").split())
    assert "left out a copy of the personal data (Article 15(3) UK GDPR / DPA 2018 s.45(1)(b)); " \
           "location data (Article 15(3) UK GDPR / DPA 2018 s.45(1)(b))." in letter

    monkeypatch.setenv("DSAR_TODAY", "2026-12-29")
    code, out, err = run(capsys, "complain", ref, "--to", "ico", "--profile", PROFILE, "--format", "txt",
                         "--format", "pdf")
    assert code == 0, err
    assert "Warning:" not in err  # complained first, last contact within three months
    assert "Use the online form at https://ico.org.uk/" in err
    pack = Path(out.splitlines()[0]).read_text(encoding="utf-8")
    assert pack.splitlines()[7:12] == ["Information Commissioner's Office", "Wycliffe House", "Water Lane",
                                       "Wilmslow", "Cheshire"]

    code, out, err = run(capsys, "track", "export", ref, "--format", "json", "--out", "-")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "dsar-evidence-pack/1"
    assert [e["event"] for e in data["events"]] == ["drafted", "sent", "partial-response", "complaint-sent",
                                                   "ico-complaint"]
    assert data["assessment"]["due_on"] == "2026-11-02"
    assert all(d["exists"] and len(d["sha256"]) == 64 for d in data["documents"])

    code, out, err = run(capsys, "track", "export", ref)
    assert code == 0, err
    target = Path(out.strip())
    assert target == tmp_path / "dsar-letters" / demo_folder() / "2026-12-29-hmpps-evidence-pack-r-000001.pdf"
    assert target.stat().st_mode & 0o777 == 0o600
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(target.read_bytes()))
    cover = " ".join(" ".join((p.extract_text() or "") for p in reader.pages).split())
    assert "Evidence pack: access request R-000001" in cover and "Answer due by: 2 November 2026" in cover
    # the request letter (drafted) and the ICO pack (pdf) follow the summary
    assert "Subject access request: Demo Person" in cover and "Complaint under section 165" in cover

    code, _, err = run(capsys, "track", "export", ref, "--out", str(tmp_path))
    assert code == 1 and err.startswith(f"Error: {tmp_path} is a folder; give a file name")


def test_wrong_persons_profile_is_refused(capsys: pytest.CaptureFixture[str], ref: str, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(Path(PROFILE).read_text(encoding="utf-8").replace('"Demo Person"', '"Other Person"'),
                     encoding="utf-8")
    code, out, err = run(capsys, "complain", ref, "--profile", str(other))
    assert code == 1 and out == ""
    assert err == (f'Error: the profile is for "Other Person" but request {ref} is for "Demo Person"; '
                   "use that person's profile\n")


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from dsar.cli import main\n"
            "for args in (['chase', '--help'], ['complain', '--help'], ['track', 'export', '--help']):\n"
            "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('sqlalchemy', 'weasyprint', 'jinja2', 'holidays', 'pypdf') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_missing_items_are_checked_when_logged(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    code, out, err = run(capsys, "track", "log", ref, "partial-response", "--missing", "copy,recipents")
    assert code == 1
    assert err.startswith('Error: "recipents" is not a missing-item code; did you mean "recipients"? '
                          "use any of: confirmation, copy, purposes,")
    code, out, _ = run(capsys, "track", "show", ref, "--json")
    assert "partial-response" not in [e["event"] for e in json.loads(out)["events"]]
