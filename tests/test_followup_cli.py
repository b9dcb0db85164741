"""`dsar chase`, `dsar complain` and `dsar track export`, through dsar.cli.main (the real tracker)."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dsar.paths import letters_dir
from tests.cli_runner import run_cli as run
from tests.letters_fixtures import demo_folder
from tests.pdf_checks import assert_accessible

PROFILE = str(letters_dir() / "demo-profile.toml")
ORG_NAME = "HM Prison and Probation Service, Offender Subject Access Request Team (Branston)"




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
    assert err == (f"Error: request {ref}: the answer is not late: it is due by Mon 2 Nov 2026, so a chaser can "
                   "be made from Tue 3 Nov 2026; add --force to make it anyway (the history will record that "
                   "it was forced)\n")
    code, out, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--force")
    assert code == 0
    assert "That date has not passed yet." in Path(out.strip()).read_text(encoding="utf-8")
    code, out, _ = run(capsys, "track", "show", ref, "--json")
    chased = json.loads(out)["events"][-1]
    assert chased["event"] == "chase-sent" and chased["data"]["forced"].startswith("the answer is not late")


@pytest.mark.parametrize("to", ["ico", "controller"])
def test_no_complaint_before_its_time_and_a_refused_one_leaves_no_trace(
        capsys: pytest.CaptureFixture[str], ref: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        to: str) -> None:
    """Issue 11: `complain --to ico` on a request emailed today wrote a complaint and recorded it."""
    monkeypatch.setenv("DSAR_TODAY", "2026-10-01")  # the day it was emailed: due Mon 2 Nov 2026
    _, before, _ = run(capsys, "track", "show", ref, "--json")
    files = sorted((tmp_path / "dsar-letters").rglob("*"))
    code, out, err = run(capsys, "complain", ref, "--to", to, "--profile", PROFILE)
    assert code == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"Error: request {ref}: the answer is not late: it is due by Mon 2 Nov 2026, so a "
                          f"complaint{' to the ICO' if to == 'ico' else ''} can be made from Tue 3 Nov 2026")
    assert run(capsys, "track", "show", ref, "--json")[1] == before
    assert sorted((tmp_path / "dsar-letters").rglob("*")) == files
    # late, but the organisation has not had its chance: the ICO waits for a chaser's final date
    monkeypatch.setenv("DSAR_TODAY", "2026-11-26")
    if to == "ico":
        code, _, err = run(capsys, "complain", ref, "--to", "ico", "--profile", PROFILE)
        assert code == 1 and "the ICO expects the organisation to have its chance first" in err
        assert run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt")[0] == 0
        monkeypatch.setenv("DSAR_TODAY", "2026-12-10")  # the chaser's final date
        code, _, err = run(capsys, "complain", ref, "--to", "ico", "--profile", PROFILE)
        assert code == 1 and "can be made from Fri 11 Dec 2026" in err
        monkeypatch.setenv("DSAR_TODAY", "2026-12-11")
    code, out, err = run(capsys, "complain", ref, "--to", to, "--profile", PROFILE, "--format", "txt")
    assert code == 0, err
    _, shown, _ = run(capsys, "track", "show", ref, "--json")
    assert "forced" not in json.loads(shown)["events"][-1]["data"]


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
    # complained first, last contact within three months: only the ICO page's undated facts warn
    assert [w for w in err.splitlines()
            if w.startswith("Warning:") and "comes from an undated page" not in w] == []
    assert "Use the online form at https://ico.org.uk/" in err
    pack = Path(out.splitlines()[0]).read_text(encoding="utf-8")
    assert pack.splitlines()[7:12] == ["Information Commissioner's Office", "Wycliffe House", "Water Lane",
                                       "Wilmslow", "Cheshire"]

    code, out, err = run(capsys, "track", "export", ref, "--format", "json", "--out", "-")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "dsar-evidence-pack/1"
    # the representative, from the sender recorded by `dsar generate` (issue 11 item 5)
    assert data["representative"] == {"name": "Sam Adviser", "organisation": "Example Advice Centre (fictional)",
                                      "reference": "DEMO-0001"}
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
    assert "Acting for them: Sam Adviser, Example Advice Centre (fictional) (reference DEMO-0001)" in cover
    # every recorded file is attached unchanged (issue 14 item 5): the request letter (drafted),
    # the complaint and the ICO pack, each with the checksum the summary lists
    attached = {name: data[0] for name, data in reader.attachments.items()}
    assert sorted(attached) == sorted(d["name"] for d in data["documents"])
    for d in data["documents"]:
        assert hashlib.sha256(attached[d["name"]]).hexdigest() == d["sha256"]
        assert f"{d['name']}: {d['bytes']} bytes, SHA-256 {d['sha256']}; attached" in cover
    texts = {name: " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(b)).pages).split())
             for name, b in attached.items() if name.endswith(".pdf")}
    assert any("Subject access request: Demo Person" in t for t in texts.values())
    assert any("Complaint under section 165" in t for t in texts.values())
    # the pack's own pages are tagged, titled and in en-GB; the attached letters keep their tags
    assert_accessible(target, title="Evidence pack: access request R-000001 to " + ORG_NAME)
    for name, b in attached.items():
        if name.endswith(".pdf"):
            assert "/StructTreeRoot" in pypdf.PdfReader(io.BytesIO(b)).trailer["/Root"], name

    # PDF/A-3b for archiving: the XMP says so, and each attachment is the pack's "Source"
    code, out, err = run(capsys, "track", "export", ref, "--pdf-variant", "pdf/a-3b", "--out",
                         str(tmp_path / "pack-a3b.pdf"))
    assert code == 0, err
    archived = pypdf.PdfReader(tmp_path / "pack-a3b.pdf")
    assert_accessible(tmp_path / "pack-a3b.pdf", variant_is="pdf/a-3b")
    # (WeasyPrint 70 lists each file specification twice in /AF: the same objects)
    specs = {f.idnum: f.get_object() for f in archived.trailer["/Root"]["/AF"]}
    assert len(specs) == len(attached) and all(f["/AFRelationship"] == "/Source" for f in specs.values())
    code, out, err = run(capsys, "track", "export", ref, "--pdf-variant", "pdf/x-4")
    assert (code, out) == (1, "") and err == ('Error: unknown PDF variant "pdf/x-4"; use one of: pdf/ua-1, '
                                              "pdf/a-3b\n")

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


def test_track_log_help_lists_the_missing_codes_and_the_refusal_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    from dsar.followup.missing import codes
    from dsar.followup.reasons import reasons

    code, out, _ = run(capsys, "track", "log", "--help")
    assert code == 0
    text = " ".join(out.split()).replace("- ", "-")  # undo the help's wrapping (it breaks at hyphens)
    for name in [*codes(), *reasons()]:
        assert name in text, name
    for name in ("oasys", "licence-records", "custody-records", "curfew-records", "prison-records"):
        assert name in codes()


def test_refusal_reason_is_checked_and_kept(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    code, _, err = run(capsys, "track", "log", ref, "refused", "--reason", "because")
    assert code == 1 and err.startswith('Error: "because" is not a refusal reason; use one of: none-given,')
    code, _, err = run(capsys, "track", "log", ref, "responded", "--reason", "exemption")
    assert code == 1 and err.startswith("Error: --reason goes with refused")
    assert run(capsys, "track", "log", ref, "refused", "--on", "2026-11-20", "--reason", "s45-restriction")[0] == 0
    _, out, _ = run(capsys, "track", "show", ref, "--json")
    events = json.loads(out)["events"]
    assert [e["event"] for e in events].count("refused") == 1
    assert events[-1]["data"] == {"reason": "s45-restriction"}


def test_a_restriction_is_refused_unless_an_access_request_to_a_part_3_body(capsys: pytest.CaptureFixture[str],
                                                                           ref: str) -> None:
    code, out, _ = run(capsys, "track", "add", "--controller", "home-office", "--requester", "Demo Person",
                       "--kind", "erasure")  # s.45(4) restricts access, not erasure
    other = out.strip()
    code, _, err = run(capsys, "track", "log", other, "refused", "--reason", "s45-restriction")
    assert code == 1 and "use exemption, or leave --reason out" in err and len(err.splitlines()) == 1


def test_sent_before_the_letters_date_is_a_warning_naming_both(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    code, out, _ = run(capsys, "track", "add", "--controller", "hmpps", "--requester", "Demo Person",
                       "--created", "2026-11-01")
    other = out.strip()
    code, _, err = run(capsys, "track", "log", other, "sent", "--on", "2026-10-22", "--via", "email")
    assert code == 0
    assert ("the letter is dated Sun 1 Nov 2026 but you logged it as sent on Thu 22 Oct 2026, before that"
            in err)


def test_a_complaint_records_the_way_the_letter_says_to_send_it(capsys: pytest.CaptureFixture[str], ref: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11 item 4: no --via meant second-class post, three working days later than email."""
    monkeypatch.setenv("DSAR_TODAY", "2026-11-26")
    code, out, err = run(capsys, "complain", ref, "--profile", PROFILE, "--format", "txt", "--json")
    assert code == 0, err
    assert "How to send: Email it to" in err
    done = json.loads(out)
    assert done["complaint_ack_due"] == "2026-12-25"  # emailed Thu 26 Nov: day 1, so 30 days end 25 Dec
    _, shown, _ = run(capsys, "track", "show", ref, "--json")
    assert json.loads(shown)["events"][-1]["via"] == "email"


def test_how_to_send_follows_via(capsys: pytest.CaptureFixture[str], ref: str) -> None:
    code, _, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--via", "post-first")
    assert code == 0, err
    how = next(line for line in err.splitlines() if line.startswith("How to send:"))
    assert "Email" not in how and how.startswith("How to send: Post ") and "first class to" in how
    _, shown, _ = run(capsys, "track", "show", ref, "--json")
    assert json.loads(shown)["events"][-1]["via"] == "post-first"


def test_the_sender_is_remembered(capsys: pytest.CaptureFixture[str], ref: str, tmp_path: Path) -> None:
    """Issue 11 item 5: `dsar due` printed `dsar chase R --profile PROFILE` and chase failed without it."""
    # made by `dsar generate` (the fixture): the hint needs no profile, and runs as printed
    code, out, _ = run(capsys, "due")
    hint = out.splitlines()[1].strip()
    assert hint == f"then: dsar chase {ref}"
    code, out, err = run(capsys, *hint.removeprefix("then: dsar ").split(), "--format", "txt")
    assert code == 0, err
    # added by hand: asks for --profile once, then remembers it
    code, out, _ = run(capsys, "track", "add", "--controller", "hmpps", "--requester", "Demo Person",
                       "--created", "2026-10-01")
    other = out.strip()
    run(capsys, "track", "log", other, "sent", "--on", "2026-10-01", "--via", "email")
    code, out, err = run(capsys, "chase", other, "--format", "txt")
    assert code == 1 and out == "" and err == (
        f"Error: request {other} has no sender recorded (it was added with `dsar track add`): add --profile "
        f"PROFILE once, e.g. dsar chase {other} --profile me.toml; dsar remembers it for this request\n")
    _, shown, _ = run(capsys, "track", "show", other, "--json")
    assert "chase-sent" not in shown
    code, out, err = run(capsys, "chase", other, "--profile", PROFILE, "--format", "txt")
    assert code == 0 and f"Remembered {PROFILE} as the sender for {other}" in err
    code, out, err = run(capsys, "complain", other, "--format", "txt")  # no --profile now
    assert code == 0, err
    assert "Demo Person" in Path(out.strip()).read_text(encoding="utf-8")


def test_a_batch_client_is_chased_from_the_tracker_alone(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 11 item 11: the sender is the batch's organisation, the requester its client, the
    reference the request's own; another profile's reference is never taken silently."""
    from batch_fixtures import client, write_csv, write_org

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DSAR_TODAY", "2026-10-01")
    rows = [client("CL-7", name="José Example", orgs="hmpps")]
    clients = write_csv(tmp_path / "clients.csv", rows)
    code, _, err = run(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)), "--out",
                       str(tmp_path / "out"), "--jobs", "1", "--format", "txt")
    assert code == 0, err
    code, out, _ = run(capsys, "track", "list", "--json")
    [request] = json.loads(out)
    ref = request["ref"]
    run(capsys, "track", "log", ref, "sent", "--on", "2026-10-01", "--via", "email")
    monkeypatch.setenv("DSAR_TODAY", "2026-11-26")
    code, out, err = run(capsys, "chase", ref, "--format", "txt")
    assert code == 0, err
    text = " ".join(Path(out.strip()).read_text(encoding="utf-8").split())
    assert text.startswith("Sam Adviser Example Law Centre 1 Example Road")
    assert "We act for José Example." in text and "Reference: CL-7" in text
    assert "Sam Adviser, Immigration Caseworker" in text  # the batch's signatory signs
    # another profile for the same person: its reference is replaced by the request's, with a warning
    other = tmp_path / "jose.toml"
    other.write_text(Path(PROFILE).read_text(encoding="utf-8").replace('"Demo Person"', '"José Example"'),
                     encoding="utf-8")
    code, out, err = run(capsys, "complain", ref, "--profile", str(other), "--format", "txt")
    assert code == 0, err
    assert "the profile's reference DEMO-0001 is not this request's client reference; the letter uses the " \
           "request's own, CL-7" in err
    text = " ".join(Path(out.strip()).read_text(encoding="utf-8").split())
    assert "Reference: CL-7" in text and "DEMO-0001" not in text


@pytest.mark.parametrize("command", [("chase",), ("complain", "--to", "controller"), ("complain", "--to", "ico")])
def test_follow_ups_take_the_pdf_variant(capsys: pytest.CaptureFixture[str], ref: str,
                                         monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    if command[0] == "complain":  # a chaser sent, its final date passed: complaints may be made
        assert run(capsys, "chase", ref, "--format", "txt")[0] == 0
        monkeypatch.setenv("DSAR_TODAY", "2026-12-11")
    code, out, err = run(capsys, *command, ref, "--format", "pdf", "--pdf-variant", "pdf/x-1a")
    assert (code, out) == (1, "")
    assert err.splitlines() == ['Error: unknown PDF variant "pdf/x-1a"; use one of: pdf/ua-1, pdf/a-3b']
    for chosen in ("pdf/ua-1", "pdf/a-3b"):
        code, out, err = run(capsys, *command, ref, "--format", "pdf", "--pdf-variant", chosen)
        assert code == 0, err
        [pdf] = [Path(line) for line in out.splitlines()]
        assert_accessible(pdf, variant_is=chosen)


def test_evidence_pack_attaches_any_recorded_file_and_lists_a_missing_one(
        capsys: pytest.CaptureFixture[str], ref: str, tmp_path: Path) -> None:
    scan, gone = tmp_path / "reply-scan.jpg", tmp_path / "gone.pdf"
    scan.write_bytes(b"\xff\xd8\xff\xe0 a scanned reply \xff\xd9")
    gone.write_bytes(b"%PDF-1.4 soon gone")
    code, _, err = run(capsys, "track", "log", ref, "partial-response", "--on", "2026-11-20",
                       "--missing", "copy", "--file", str(scan), "--file", str(gone))
    assert code == 0, err
    gone.unlink()
    target = tmp_path / "pack.pdf"
    code, out, err = run(capsys, "track", "export", ref, "--out", str(target))
    assert code == 0, err
    assert out == f"{target}\n"
    assert f"Warning: {gone}: not found, so not attached" in err
    import pypdf

    reader = pypdf.PdfReader(target)
    attached = {name: data[0] for name, data in reader.attachments.items()}
    assert attached["reply-scan.jpg"] == scan.read_bytes()  # byte for byte, not only PDFs
    assert "gone.pdf" not in attached
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"gone.pdf:notfoundat{gone}whenthispackwasmade" in text.replace(" ", "")  # the path wraps
    assert f"reply-scan.jpg: {scan.stat().st_size} bytes, SHA-256 " in text
    assert_accessible(target, title="Evidence pack: access request R-000001 to " + ORG_NAME)
    # --no-attach: the summary alone, saying nothing is attached
    code, out, err = run(capsys, "track", "export", ref, "--no-attach", "--out", str(tmp_path / "alone.pdf"))
    assert code == 0, err
    assert out == f"{tmp_path / 'alone.pdf'}\n"
    alone = pypdf.PdfReader(tmp_path / "alone.pdf")
    assert alone.attachments == {}
    text = " ".join(" ".join(p.extract_text() for p in alone.pages).split())
    assert "attached" not in text
    assert_accessible(tmp_path / "alone.pdf")


def _home_office_request_sent(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                              tmp_path: Path, via: str) -> str:
    """A Home Office access letter made on 2 December 2026 in tmp_path and logged as sent by `via`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DSAR_TODAY", "2026-12-02")
    code, out, err = run(capsys, "generate", PROFILE, "--to", "home-office", "--kind", "access",
                         "--format", "txt", "--json")
    assert code == 0, err
    made: str = json.loads(out)[0]["ref"]
    assert run(capsys, "track", "log", made, "sent", "--via", via)[0] == 0
    return made


def test_a_home_office_chaser_says_and_records_the_same_route(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    """The Home Office prefers its form for new requests; a chaser goes email-first (send_route
    new_request=False): the how-to-send line and the recorded --via must be that one route."""
    made = _home_office_request_sent(capsys, monkeypatch, tmp_path, "online-form")
    monkeypatch.setenv("DSAR_TODAY", "2027-01-10")
    code, _, err = run(capsys, "chase", made, "--profile", PROFILE, "--format", "txt")
    assert code == 0, err
    how = next(line for line in err.splitlines() if line.startswith("How to send:"))
    assert how.startswith("How to send: Email it to subjectaccessrequest@homeoffice.gov.uk"), how
    assert "online form" not in how and "clock starts" not in how
    _, shown, _ = run(capsys, "track", "show", made, "--json")
    assert json.loads(shown)["events"][-1]["via"] == "email"


def test_the_online_form_is_the_organisations_when_the_reader_is_not(capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    """A chaser to the Home Office says "your online form"; the ICO pack and the evidence pack,
    read by someone else, say "the Home Office's online form"."""
    import pypdf

    made = _home_office_request_sent(capsys, monkeypatch, tmp_path, "online-form")
    monkeypatch.setenv("DSAR_TODAY", "2027-01-10")
    code, out, err = run(capsys, "chase", made, "--profile", PROFILE, "--format", "txt")
    assert code == 0, err
    chaser = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert "a subject access request through your online form." in chaser
    monkeypatch.setenv("DSAR_TODAY", "2027-01-30")
    code, out, err = run(capsys, "complain", made, "--to", "ico", "--profile", PROFILE, "--format", "txt")
    assert code == 0, err
    pack = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert "your online form" not in pack
    assert "a subject access request through the Home Office's online form." in pack
    assert "Request sent through the Home Office's online form" in pack
    code, out, err = run(capsys, "track", "export", made, "--no-attach")
    assert code == 0, err
    reader = pypdf.PdfReader(out.strip())
    evidence = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "your online form" not in evidence
    assert "Request sent through the Home Office's online form" in evidence


def test_a_partial_chaser_asks_for_the_logic_under_the_uk_gdpr_only(capsys: pytest.CaptureFixture[str],
                                                                    ref: str) -> None:
    """"Meaningful information about the logic involved" is Art 15(1)(h) UK GDPR; under Part 3,
    s.50C(2)(a) gives information about the decision (uk-law-addendum.md point 2), as the
    access letter says."""
    assert run(capsys, "track", "log", ref, "partial-response", "--on", "2026-11-20",
               "--missing", "copy,logic")[0] == 0
    code, out, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--via", "email")
    assert code == 0, err
    letter = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert ("Automated decision-making (Article 15(1)(h) and Article 22C UK GDPR / DPA 2018 s.50C(2)(a)). "
            "Where the UK GDPR applies, tell our client whether decisions about our client are taken by "
            "automated decision-making, including profiling, with meaningful information about the logic "
            "involved") in letter
    part3 = letter.split("Where Part 3 of the DPA 2018 applies, ")[1].split(". ")[0]
    assert part3 == ("tell our client whether any significant decision about our client has been based solely "
                     "on automated processing and, if so, give our client the information about that decision "
                     "that section 50C(2)(a) requires you to provide")
    assert letter.count("logic involved") == 1


@pytest.mark.parametrize(("today", "tense"), [("2026-12-22", "ends"), ("2027-01-06", "ended")])
def test_an_earlier_receipt_moves_the_time_limit_in_the_right_tense(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path, today: str,
                                                                   tense: str) -> None:
    """Posted first class on Wed 2 Dec 2026 (deemed received Fri 4 Dec, due Mon 4 Jan 2027) and
    refused on 20 Dec: before 4 Jan the time limit has not ended, earlier receipt or not."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DSAR_TODAY", "2026-12-02")
    code, out, err = run(capsys, "generate", PROFILE, "--to", "hmpps", "--format", "txt", "--json")
    assert code == 0, err
    made = json.loads(out)[0]["ref"]
    assert run(capsys, "track", "log", made, "sent", "--via", "post-first")[0] == 0
    monkeypatch.setenv("DSAR_TODAY", today)
    assert run(capsys, "track", "log", made, "refused", "--on", "2026-12-20", "--reason", "exemption")[0] == 0
    code, out, err = run(capsys, "chase", made, "--profile", PROFILE, "--format", "txt", "--via", "email")
    assert code == 0, err
    letter = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert f"If it reached you earlier, your time limit {tense} earlier too." in letter


def test_the_representative_says_it_sent_the_request_and_the_reminder(capsys: pytest.CaptureFixture[str],
                                                                      ref: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The adviser made the request ("we make a subject access request"), so the follow-ups say
    "we sent you, on our client's behalf" and "we reminded you", not "our client sent"."""
    code, out, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--via", "email")
    assert code == 0, err
    chaser = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert ("On 1 October 2026 we sent you, on our client's behalf, a subject access request by email."
            in chaser)
    assert "our client sent" not in chaser.lower()
    monkeypatch.setenv("DSAR_TODAY", "2026-12-14")
    code, out, err = run(capsys, "complain", ref, "--profile", PROFILE, "--format", "txt", "--via", "email")
    assert code == 0, err
    complaint = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert "We reminded you on 26 November 2026" in complaint
    assert "Our client reminded" not in complaint and "our client sent" not in complaint.lower()


def test_letters_give_the_working_in_their_own_words(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The tracker's notes ("They gave notice ... on Sun 20 Dec 2026", "ID received Fri 18 Dec
    2026, so the clock starts then") stay in `track show`; the letter addresses its reader, gives
    dates in full and says a deemed date is one."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DSAR_TODAY", "2026-12-02")
    code, out, err = run(capsys, "generate", PROFILE, "--to", "home-office", "--kind", "access",
                         "--format", "txt", "--json")
    assert code == 0, err
    made = json.loads(out)[0]["ref"]
    monkeypatch.setenv("DSAR_TODAY", "2027-04-01")
    for args in (["sent", "--on", "2026-12-02", "--via", "online-form"], ["id-requested", "--on", "2026-12-08"],
                 ["id-provided", "--on", "2026-12-16", "--via", "post-first"], ["extended", "--on", "2026-12-20"]):
        assert run(capsys, "track", "log", made, *args)[0] == 0
    _, shown_text, _ = run(capsys, "track", "show", made)
    assert "They gave notice of an extension on Sun 20 Dec 2026" in shown_text  # the tracker's own note
    code, out, err = run(capsys, "chase", made, "--profile", PROFILE, "--format", "txt", "--via", "email")
    assert code == 0, err
    letter = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    for phrase in ("The request was sent through your online form on 2 December 2026, so it is treated as "
                   "received that day.",
                   "The proof of identity was sent by first-class post on 16 December 2026, so it is treated as "
                   "received on 18 December 2026 (deemed receipt for first-class post: the 2nd working day after "
                   "posting).",
                   "You asked for proof of identity on 8 December 2026; it is treated as received on 18 December "
                   "2026, so the time limit runs from that day",
                   "You gave notice of an extension on 20 December 2026, within the first month (by 18 January "
                   "2027)",
                   "The time limit therefore runs from 18 December 2026, the day the proof of identity is treated "
                   "as received (deemed receipt for first-class post"):
        assert phrase in letter, phrase
    for note in ("They gave", "Sun 20 Dec", "ID received", "clock starts then", "so treated as received"):
        assert note not in letter, note


def test_reasons_letters_list_the_right_to_complain_to_the_controller(capsys: pytest.CaptureFixture[str],
                                                                       ref: str) -> None:
    """DUAA 2025 Sch 10 adds the s.164A complaint to what s.45(5) and s.48(1)(b) require
    (s.45(5)(ca), s.48(1)(b)(iia); uk-law-addendum.md point 3)."""
    assert run(capsys, "track", "log", ref, "refused", "--on", "2026-11-20", "--reason", "s45-restriction")[0] == 0
    code, out, err = run(capsys, "chase", ref, "--profile", PROFILE, "--format", "txt", "--via", "email")
    assert code == 0, err
    letter = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert ("- our client's right to complain to you (section 45(5)(ca), inserted by the Data (Use and Access) "
            "Act 2025, Schedule 10; see section 164A);") in letter
    _, out, _ = run(capsys, "track", "add", "--controller", "hmpps", "--requester", "Demo Person",
                    "--kind", "erasure", "--created", "2026-10-01")
    erasure = out.strip()
    assert run(capsys, "track", "log", erasure, "sent", "--on", "2026-10-01", "--via", "email")[0] == 0
    assert run(capsys, "track", "log", erasure, "refused", "--on", "2026-11-20")[0] == 0
    code, out, err = run(capsys, "chase", erasure, "--profile", PROFILE, "--format", "txt", "--via", "email")
    assert code == 0, err
    letter = " ".join(Path(out.split()[0]).read_text(encoding="utf-8").split())
    assert ("our client's right to complain to you under section 164A (section 48(1)(b)(iia), inserted by the "
            "Data (Use and Access) Act 2025, Schedule 10)") in letter


def test_the_evidence_pack_works_out_the_deadline_for_its_reader(capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """The pack goes to the ICO or a court: its working names the organisation, gives dates in
    full and says a deemed date is deemed; the tracker's next steps for the user stay out."""
    import pypdf

    made = _home_office_request_sent(capsys, monkeypatch, tmp_path, "post-first")
    monkeypatch.setenv("DSAR_TODAY", "2027-01-20")
    code, out, err = run(capsys, "track", "export", made, "--no-attach")
    assert code == 0, err
    reader = pypdf.PdfReader(out.strip())
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    working = text.split("How this is worked out")[1].split("What happened, date by date")[0]
    assert "treated as received on 4 December 2026 (deemed receipt for first-class post" in working
    assert "Wed 2 Dec 2026" not in working and "Fri 4 Dec 2026" not in working
    assert "dsar chase" not in working  # the user's next step is not the reader's business
