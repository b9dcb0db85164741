"""`dsar batch` end to end through the real entry point: packs, real PDFs, tracker, manifest, re-runs.

Small batches (a few letters each) so the suite stays fast; PDFs are checked by
extracting their text and page counts with pypdf.
"""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest
from batch_fixtures import ORG_TOML, client, write_csv, write_org
from pypdf import PdfReader

from dsar.files import person_folder_name
from dsar.tracker import Tracker
from tests.cli_runner import run_cli


def pdf_text(path: Path) -> tuple[int, str]:
    """Page count and text (whitespace collapsed: PDF lines wrap anywhere)."""
    reader = PdfReader(path)
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def tracked(db: Path) -> list[tuple[str | None, str, str, str | None]]:
    with Tracker.open(str(db)) as tracker:
        return [(r.client_reference, r.controller_id, r.kind, r.key) for r in tracker.list()]


def files_under(out: Path) -> dict[str, bytes]:
    """Every file a batch wrote (not its own state folder, nor the markers saying whose folder it is)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".dsar-batch" not in p.parts and p.name != ".dsar-person"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "tracker.sqlite"  # conftest points DSAR_DB here


def test_a_batch_makes_each_clients_pack_tracks_every_letter_and_writes_the_manifest(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path) -> None:
    rows = [client("CL-1", name="José Example", orgs="home-office;moj", kinds="access;erasure"),
            client("CL-2", name="Bob Example", prison="A1234BC", orgs="hmpps")]
    clients = write_csv(tmp_path / "clients.csv", rows, encoding="cp1252")
    org, out = write_org(tmp_path), tmp_path / "out"
    code, stdout, stderr = run_cli(capsys, "batch", str(clients), "--org", str(org), "--out", str(out),
                                   "--jobs", "1", "--merge")
    assert code == 0, stderr
    assert stdout.splitlines()[:2] == [str(out / "manifest.csv"), str(out / "manifest.json")]
    checklist_path = Path(stdout.splitlines()[2])
    assert checklist_path.parent == out and checklist_path.name.startswith("adviser-checklist-")
    assert f"Read {clients} as Windows-1252 (Excel's \"CSV\" format); use --encoding to choose another." \
        in stderr
    assert stderr.splitlines()[-1].startswith("Made the packs of 2 clients (5 letters in all) in ")

    folder = out / person_folder_name("José Example", reference="CL-1")
    day = "2026-11-26"
    assert sorted(p.name for p in folder.iterdir() if p.name != ".dsar-person") == sorted(
        [f"{day}-{stem}.{ext}" for stem in ("cover-sheet", "letter-of-authority")
         for ext in ("pdf", "html", "txt")]
        + [f"{day}-{cid}-{kind}.{ext}" for cid in ("home-office", "moj") for kind in ("access", "erasure")
           for ext in ("pdf", "html", "txt", "eml")]
        + [f"{day}-print-all.pdf"])
    for path in out.rglob("*"):
        if path.is_file() and ".dsar-batch" not in path.parts:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

    # each letter is a PDF of its own, with its own page numbers
    pages, text = pdf_text(folder / f"{day}-home-office-access.pdf")
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "José Example" in text and "Article 15" in text and "CR0 2WF" in text
    assert "Sam Adviser, Immigration Caseworker" in text  # the org's signatory
    pages, text = pdf_text(folder / f"{day}-moj-erasure.pdf")
    assert "Request for erasure" in text and f"Page {pages} of {pages}" in text
    _, text = pdf_text(folder / f"{day}-letter-of-authority.pdf")
    assert "I, José Example, born 12 April 1990" in text
    # the cover sheet goes to the client: plain words, nothing for the adviser's eyes only
    _, cover = pdf_text(folder / f"{day}-cover-sheet.pdf")
    assert "Your records: please sign the letter of authority (our reference CL-1)" in cover
    assert "Dear José Example," in cover
    assert "Home Office: a copy of the records it holds about you" in cover
    assert ("Ministry of Justice: a copy of the records it holds about you, and to delete records "
            "about you") in cover
    assert 'sign and date it where it says "Signed" and "Date". Send it back to us at 1 Example Road, ' \
           "Exampletown, ZZ99 9ZZ" in cover
    assert "Your photo identification, such as a passport" in cover and "A copy of your photo" not in cover
    for internal in ("dsar track", "manifest", "tracker", "Email it to", ".pdf", "Check"):
        assert internal not in cover, internal
    # the adviser's checklist stays in the adviser's files: how to send, refs, checks
    checklist = checklist_path.read_text(encoding="utf-8")
    assert "Keep this in your files; it does not go to the client." in checklist
    assert "== CL-1: José Example" in checklist and "== CL-2: Bob Example" in checklist
    assert ("How to send: Use the online form at https://visas-immigration.service.gov.uk/product/saru"
            in checklist)  # the Home Office asks for its form or post, not email
    assert "dsar track log REF sent --on YYYY-MM-DD" in checklist
    assert "Check: Erasing Home Office records can remove evidence" in checklist
    assert stat.S_IMODE(checklist_path.stat().st_mode) == 0o600

    # the merged PDF: every document of the pack, in order
    order = ["cover-sheet", "letter-of-authority", "home-office-access", "home-office-erasure",
             "moj-access", "moj-erasure"]
    counts = [len(PdfReader(folder / f"{day}-{stem}.pdf").pages) for stem in order]
    merged = PdfReader(folder / f"{day}-print-all.pdf")
    assert len(merged.pages) == sum(counts)
    def page(n: int) -> str:
        return " ".join(merged.pages[n].extract_text().split())

    assert "Your records: please sign the letter of authority" in page(0)
    assert "Letter of authority" in page(counts[0])
    assert "Request for erasure" in page(sum(counts[:3]))
    assert f"Page {counts[-1]} of {counts[-1]}" in page(len(merged.pages) - 1)

    # the tracker: every letter, with the client reference, keyed by batch/client/org/kind
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    batch_id = manifest["batch_id"]
    assert sorted(tracked(db)) == sorted(
        [("CL-1", cid, kind, f"{batch_id}/CL-1/{cid}/{kind}") for cid in ("home-office", "moj")
         for kind in ("access", "erasure")] + [("CL-2", "hmpps", "access", f"{batch_id}/CL-2/hmpps/access")])

    # the manifest lists every file and every letter's tracker ref
    listed = {path for c in manifest["clients"] for d in c["documents"] for path in d["files"].values()}
    assert listed == set(files_under(out)) - {"manifest.csv", "manifest.json", checklist_path.name}
    letters = [d for c in manifest["clients"] for d in c["documents"] if d["document"] == "letter"]
    assert len(letters) == 5 and all(d["tracker_ref"].startswith("R-") for d in letters)
    rows = list(csv.DictReader(io.StringIO((out / "manifest.csv").read_text(encoding="utf-8-sig"))))
    assert {r["tracker_ref"] for r in rows if r["document"] == "letter"} == {d["tracker_ref"] for d in letters}
    assert manifest["failed_rows"] == []


def test_running_the_same_batch_again_makes_no_duplicates(capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path, db: Path) -> None:
    clients = write_csv(tmp_path / "clients.csv", [client("CL-1"), client("CL-2", name="Bob Example")])
    org, out = write_org(tmp_path), tmp_path / "out"
    args = ["batch", str(clients), "--org", str(org), "--out", str(out), "--jobs", "1", "--json"]
    code, first, err = run_cli(capsys, *args)
    assert code == 0, err
    before = files_under(out)
    tracker_before = tracked(db)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    code, second, err = run_cli(capsys, *args)
    assert code == 0, err
    assert json.loads(second)["clients_already_complete"] == 2
    assert json.loads(second)["clients_made"] == 0
    assert files_under(out).keys() == before.keys()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == mtimes  # not written again
    assert tracked(db) == tracker_before and len(tracker_before) == 2
    with Tracker.open(str(db)) as tracker:
        for request in tracker.list():
            assert [e.kind for e in request.events] == ["drafted"]
    m1 = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert json.loads(first)["batch_id"] == m1["batch_id"]


def test_bad_rows_go_to_failed_rows_csv_and_the_fixed_file_goes_through(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path) -> None:
    rows = [client("CL-1"), client("CL-2", name="Bob Example", dob="31/02/1990"),
            client("CL-3", name="Cai Example", orgs="hom-office")]
    clients = write_csv(tmp_path / "clients.csv", rows)
    org, out = write_org(tmp_path), tmp_path / "out"
    code, stdout, stderr = run_cli(capsys, "--quiet", "batch", str(clients), "--org", str(org),
                                   "--out", str(out), "--format", "txt")
    failed = out / "failed-rows.csv"
    assert code == 1
    assert stdout.splitlines()[:3] == [str(out / "manifest.csv"), str(out / "manifest.json"), str(failed)]
    # the Home Office's contact facts come from undated or older pages: warned about, not errors
    assert [line for line in stderr.splitlines() if not line.startswith("Warning: ")] == [
        'Error: row 3, column "Date of birth": "31/02/1990" is not a day of the calendar (check the '
        'day of the month); write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25',
        'Error: row 4, column "Organisations": no organisation with id "hom-office"; did you mean '
        "home-office, hm-passport-office, durham-police? see `dsar controllers list` or "
        "`dsar controllers search TEXT`",
        f"Error: 2 of 3 rows failed (listed above) and 1 was made; fix the rows in {failed} and run "
        f"`dsar batch {failed} --org {org} --out {out}`.",
    ]
    assert [t[0] for t in tracked(db)] == ["CL-1"]
    # the adviser fixes the two cells in failed-rows.csv and feeds it back
    text = failed.read_bytes().decode("utf-8-sig").replace("31/02/1990", "28/02/1990")
    edited = text.replace("hom-office", "home-office").encode("utf-8-sig")
    failed.write_bytes(edited)
    code, stdout, stderr = run_cli(capsys, "--quiet", "batch", str(failed), "--org", str(org),
                                   "--out", str(out), "--format", "txt")
    assert code == 0
    assert all(line.startswith("Warning: the ") for line in stderr.splitlines())
    assert failed.read_bytes() == edited  # the input is never deleted or changed
    # the manifest is cumulative: the first run's client is still listed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [c["client_reference"] for c in manifest["clients"]] == ["CL-1", "CL-2", "CL-3"]
    assert manifest["failed_rows"] == []
    assert sorted(t[0] for t in tracked(db)) == ["CL-1", "CL-2", "CL-3"]
    assert (out / person_folder_name("Bob Example", reference="CL-2") / "2026-11-26-home-office-access.txt").is_file()


def test_check_writes_nothing_and_strict_makes_nothing(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path, db: Path) -> None:
    clients = write_csv(tmp_path / "clients.csv", [client("CL-1"), client("CL-2", postcode="NOPE")])
    org, out = write_org(tmp_path), tmp_path / "out"
    code, stdout, stderr = run_cli(capsys, "batch", str(clients), "--org", str(org), "--out", str(out),
                                   "--check")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[-2:] == [
        'Error: row 3, column "Postcode": "NOPE" is not a UK postcode, e.g. SW1A 1AA',
        "Error: 1 of 2 rows has problems (listed above); fix it and check again. Nothing was written.",
    ]
    assert not out.exists() and not db.exists()
    code, stdout, stderr = run_cli(capsys, "batch", str(clients), "--org", str(org), "--out", str(out),
                                   "--strict")
    assert code == 1
    assert stderr.splitlines()[-1] == (
        f"Error: 1 of 2 rows failed and --strict is set, so nothing was made; fix it in "
        f"{out / 'failed-rows.csv'} and run again.")
    assert sorted(p.name for p in out.iterdir()) == [".dsar-batch", "failed-rows.csv"]
    good = write_csv(tmp_path / "good.csv", [client("CL-1")])
    code, stdout, stderr = run_cli(capsys, "batch", str(good), "--org", str(org), "--check")
    assert (code, stdout, stderr.splitlines()[-1]) == (
        0, "", "The 1 row is good; run again without --check to make the letters.")


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "docx"], 'Error: unknown format "docx"; use one of: pdf, html, txt, eml'),
    (["--format", "txt", "--merge"], "Error: --merge joins PDFs; add --format pdf or leave --merge out"),
    (["--jobs", "0"], "Error: --jobs 0: give 1 or more"),
    (["--batch-id", "../x"],
     'Error: --batch-id "../x" must be 1-64 letters, digits, dots, hyphens or underscores'),
])
def test_bad_options_are_one_line_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         args: list[str], message: str) -> None:
    clients = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    code, _, stderr = run_cli(capsys, "--quiet", "batch", str(clients), "--org", str(write_org(tmp_path)),
                              "--out", str(tmp_path / "out"), *args)
    assert (code, stderr.splitlines()[-1]) == (1, message)


def test_missing_files_and_an_out_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    org = write_org(tmp_path)
    code, _, stderr = run_cli(capsys, "batch", str(tmp_path / "none.csv"), "--org", str(org))
    assert (code, stderr) == (1, f"Error: {tmp_path / 'none.csv'}: no such file; check the path\n")
    clients = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    (tmp_path / "file").write_text("x")
    code, _, stderr = run_cli(capsys, "--quiet", "batch", str(clients), "--org", str(org), "--out",
                              str(tmp_path / "file"), "--format", "txt")
    # (the Home Office's contact facts are warned about first: their pages are undated or older)
    assert code == 1
    assert [line for line in stderr.splitlines() if not line.startswith("Warning: ")] == [
        f"Error: {tmp_path / 'file'}: is a file; --out needs a folder"]
    code, _, stderr = run_cli(capsys, "batch", str(clients))
    assert (code, stderr) == (1, "Error: --org ORG.TOML is required: the organisation acting for the "
                                 "clients (see the batch section of README.md)\n")


def test_template_command_writes_a_csv_that_goes_straight_through(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    code, stdout, _ = run_cli(capsys, "batch", "template")
    assert code == 0
    header = next(csv.reader(io.StringIO(stdout)))
    assert header[:4] == ["Client reference", "Full name", "Other names", "Date of birth"]
    path = tmp_path / "clients.csv"
    code, stdout, _ = run_cli(capsys, "batch", "template", "--out", str(path))
    assert (code, stdout) == (0, f"{path}\n")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads it as UTF-8
    code, _, stderr = run_cli(capsys, "batch", str(path), "--org", str(write_org(tmp_path)), "--check")
    assert code == 0, stderr


def test_org_logo_is_on_the_letterhead(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import base64

    # a 1x1 PNG
    (tmp_path / "logo.png").write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
    org = write_org(tmp_path, 'logo = "logo.png"\n' + ORG_TOML)
    clients = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    out = tmp_path / "out"
    code, _, stderr = run_cli(capsys, "batch", str(clients), "--org", str(org), "--out", str(out),
                              "--format", "pdf", "--format", "html", "--jobs", "1")
    assert code == 0, stderr
    letter = out / person_folder_name("Amira Example", reference="CL-1") / "2026-11-26-home-office-access"
    assert len(PdfReader(f"{letter}.pdf").pages[0].images) == 1
    assert '<img class="letterhead-logo" alt="Example Law Centre" src="data:image/png;base64,' in \
        Path(f"{letter}.html").read_text(encoding="utf-8")


def test_a_name_with_markup_stays_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    name = '<img src="file:///etc/passwd"> Example'
    clients = write_csv(tmp_path / "clients.csv", [client("CL-1", name=name)])
    out = tmp_path / "out"
    code, _, stderr = run_cli(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)), "--out",
                              str(out), "--format", "html", "--format", "txt")
    assert code == 0, stderr
    (folder,) = [p for p in out.iterdir() if p.is_dir() and p.name != ".dsar-batch"]
    assert folder.name.startswith("cl-1-img-src-file-etc-passwd-example-")
    html = (folder / "2026-11-26-cover-sheet.html").read_text(encoding="utf-8")
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; Example" in html
    assert "<img src=" not in html


def test_help_lists_run_and_template(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = run_cli(capsys, "batch")
    commands = [line.split()[0] for line in stderr.splitlines() if line.startswith("  ")]
    assert (code, commands[-2:]) == (0, ["template", "run"])


@pytest.mark.slow
def test_progress_bar_in_a_real_terminal_and_quiet_silences_it(tmp_path: Path) -> None:
    import os
    import sys

    import pexpect

    clients = write_csv(tmp_path / "clients.csv", [client(f"CL-{n}", name=f"Client {n}") for n in range(3)])
    org = write_org(tmp_path)
    env = {**os.environ, "COLUMNS": "150", "NO_COLOR": "1"}
    args = ["-m", "dsar", "batch", str(clients), "--org", str(org), "--out", str(tmp_path / "out"),
            "--format", "txt", "--jobs", "1"]
    child = pexpect.spawn(sys.executable, args, env=env, encoding="utf-8", timeout=60)
    child.expect(r"Clients .* 3/3 rows, 3/3 letters")
    child.expect("Made the packs of 3 clients")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    quiet = pexpect.spawn(sys.executable, ["-m", "dsar", "--quiet", *args[2:]], env=env, encoding="utf-8",
                          timeout=60)
    quiet.expect(pexpect.EOF)
    quiet.close()
    assert quiet.exitstatus == 0
    # --quiet leaves the results and the warnings (here: the Home Office's undated or older pages)
    results = [line.strip() for line in quiet.before.splitlines()
               if line.strip() and not line.startswith("Warning: ")]
    assert results[:2] == [str(tmp_path / "out" / "manifest.csv"),
                           str(tmp_path / "out" / "manifest.json")]
    assert results[2].startswith(str(tmp_path / "out" / "adviser-checklist-"))
    assert len(results) == 3


def test_a_named_batch_can_grow_and_another_batch_reuses_its_open_requests(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db: Path) -> None:
    org, out = write_org(tmp_path), tmp_path / "out"
    first = write_csv(tmp_path / "clinic.csv", [client("CL-1")])
    common = ["--org", str(org), "--out", str(out), "--format", "txt"]
    assert run_cli(capsys, "batch", str(first), *common, "--batch-id", "clinic-nov")[0] == 0
    grown = write_csv(tmp_path / "clinic.csv", [client("CL-1"), client("CL-2", name="Bob Example")])
    code, _, err = run_cli(capsys, "batch", str(grown), *common, "--batch-id", "clinic-nov")
    assert code == 0, err
    assert "1 was already complete" in err
    assert sorted(k for *_, k in tracked(db)) == ["clinic-nov/CL-1/home-office/access",
                                                 "clinic-nov/CL-2/home-office/access"]
    # the same sheet without --batch-id is another batch: it reuses both open requests
    code, _, err = run_cli(capsys, "batch", str(grown), *common)
    assert code == 0, err
    assert "Made the packs of 0 clients (2 letters in all; 2 were already complete)" in err
    assert "Reused 2 open requests instead of tracking them twice; --new-requests opens new ones." in err
    assert len(tracked(db)) == 2


def test_when_every_row_fails_nothing_is_made_but_the_failed_rows(capsys: pytest.CaptureFixture[str],
                                                                  tmp_path: Path, db: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Client ref", "Name", "DOB", "Address", "Send to"])
    book.active.append(["CL-1", "Amira Example", "31/02/1990", "1 Test Street", "home-office"])
    clients = tmp_path / "clients.xlsx"
    book.save(clients)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(capsys, "--quiet", "batch", str(clients), "--org", str(write_org(tmp_path)),
                                   "--out", str(out), "--format", "txt")
    assert code == 1
    assert stderr.splitlines()[-1].startswith("Error: the only row failed (listed above) and 0 were made; fix it in ")
    rows = list(csv.reader(io.StringIO((out / "failed-rows.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["Client ref", "Name", "DOB", "Address", "Send to", "Why it failed"]
    assert rows[1][:5] == ["CL-1", "Amira Example", "31/02/1990", "1 Test Street", "home-office"]
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["clients"] == []
    assert tracked(db) == [] and stdout.splitlines()[-1] == str(out / "failed-rows.csv")


def test_one_client_is_one_client(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clients = write_csv(tmp_path / "clients.csv", [client("ONE-1")])
    code, _, err = run_cli(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)),
                           "--out", str(tmp_path / "out"), "--format", "txt")
    assert code == 0, err
    assert "Making the letters of 1 client...\n" in err
    assert err.splitlines()[-1].startswith("Made the packs of 1 client (1 letter in all) in ")


def test_kinds_per_organisation_in_one_pack(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            db: Path) -> None:
    """id:kind entries in the Organisations column: one client, one authority, one cover sheet;
    a processor (buddi) is written to its controller and tracked there."""
    rows = [client("CL-1", orgs="home-office:access; buddi:erasure; acro", kinds="erasure")]
    clients = write_csv(tmp_path / "clients.csv", rows)
    org, out = write_org(tmp_path), tmp_path / "out"
    code, _, stderr = run_cli(capsys, "batch", str(clients), "--org", str(org), "--out", str(out),
                              "--jobs", "1", "--format", "txt")
    assert code == 0, stderr
    assert "Buddi processes data for Home Office, which is the controller" in stderr
    assert "Erasing Home Office records can remove evidence an immigration case needs" in stderr
    day = "2026-11-26"
    folder = out / person_folder_name("Amira Example", reference="CL-1")
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        f"{day}-{stem}.txt" for stem in ("acro-erasure", "cover-sheet", "home-office-access",
                                         "home-office-erasure", "letter-of-authority")]
    assert sorted((cid, kind) for _, cid, kind, _ in tracked(db)) == [
        ("acro", "erasure"), ("home-office", "access"), ("home-office", "erasure")]


def test_the_checklist_says_each_check_once_per_client(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    # the Home Office's address and email checks apply to its access and erasure letters alike:
    # the adviser reads them once, under the first letter
    clients = write_csv(tmp_path / "clients.csv",
                        [client("CL-1", orgs="home-office", kinds="access; erasure")])
    code, _, err = run_cli(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)),
                           "--out", str(tmp_path / "out"), "--format", "txt", "--jobs", "1")
    assert code == 0, err
    [checklist] = (tmp_path / "out").glob("adviser-checklist-*.txt")
    text = checklist.read_text(encoding="utf-8")
    assert text.count("Check: The postal address for Home Office") == 1
    assert text.count("Home Office, erasure request") == 1  # both letters still listed
    assert "Check: Erasing Home Office records can remove evidence" in text  # the erasure's own


def test_the_letter_of_authority_covers_only_the_letters_the_client_asked_for(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A client with Letters = access signs authority for access requests, not erasure ones."""
    rows = [client("ACC-1", kinds="access"), client("ERA-1", name="Bea Example", kinds="erasure"),
            client("BOTH-1", name="Cai Example", orgs="home-office:access; acro:erasure", kinds="access")]
    clients = write_csv(tmp_path / "clients.csv", rows)
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)),
                           "--out", str(out), "--jobs", "1", "--format", "txt")
    assert code == 0, err

    def authority(name: str, ref: str) -> str:
        text = (out / person_folder_name(name, reference=ref) / "2026-11-26-letter-of-authority.txt").read_text()
        return " ".join(text.split())

    made = "to act for me in making {} any related requests and complaints about my personal data"
    assert made.format("subject access requests and") in authority("Amira Example", "ACC-1")
    assert "erasure" not in authority("Amira Example", "ACC-1")
    assert made.format("erasure requests and") in authority("Bea Example", "ERA-1")
    assert made.format("subject access requests, erasure requests, and") in authority("Cai Example", "BOTH-1")


def test_a_year_or_a_month_in_the_date_columns_goes_into_the_letters_as_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Date from = 2020 and Monitoring start = March 2024, as a profile allows (docs/profile.md),
    not an Excel serial (12/07/1905) nor "is not a date"."""
    headings = ["Client reference", "Full name", "Date of birth", "Address", "Postcode",
                "Electronic monitoring", "Monitoring start", "Date from", "Organisations", "Letters"]
    rows = [["Y-1", "Amira Example", "12/04/1990", "1 Test Street; Exampletown", "ZZ99 9ZZ",
             "ankle-tag", "March 2024", "2020", "home-office", "access"]]
    clients = write_csv(tmp_path / "clients.csv", rows, headings)
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)),
                           "--out", str(out), "--jobs", "1", "--format", "txt")
    assert code == 0, err
    letter = (out / person_folder_name("Amira Example", reference="Y-1") / "2026-11-26-home-office-access.txt")
    text = " ".join(letter.read_text().split())
    assert "since March 2024." in text
    assert "from 2020 to today" in text
    assert "1905" not in text
