"""Issue 15: contact facts an organisation records itself (`dsar controllers set`), in the tracker."""

from __future__ import annotations

import os
import threading
import tomllib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from tracker_fixtures import db_url  # noqa: F401  (a fixture)

from dsar.directory.loading import load_directory, load_record
from dsar.tracker import Tracker
from dsar.tracker.local_facts import current, history, local_directory, record
from tests.cli_runner import run_cli as run

PAGE = "https://www.avonandsomerset.police.uk/request/access-to-your-personal-information/"
FORCE = "avon-and-somerset-police"  # no address, email or form in the shipped record


def set_fact(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run(capsys, "controllers", "set", *args)


def test_a_recorded_address_fills_the_gap_everywhere(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    code, _, err = run(capsys, "controllers", "show", FORCE)
    assert "no postal address, email or online form is known" in err + _  # before: the gap
    assert set_fact(capsys, FORCE, "address", "Information Rights; PO Box 37; Portishead",
                    "--source", PAGE, "--read-on", "20/11/2026")[0] == 0
    code, out, _ = set_fact(capsys, FORCE, "postcode", "BS20 8QJ", "--source", PAGE)
    assert (code, out) == (0, f"{FORCE} postcode (access): BS20 8QJ\n")
    code, out, _ = run(capsys, "controllers", "show", FORCE)
    lines = out.splitlines()
    assert "    address: Information Rights, PO Box 37, Portishead" in lines
    user = __import__("dsar.tracker.local_facts", fromlist=["user_name"]).user_name()
    assert (f"      source: recorded by your organisation ({user}): {PAGE}, read 20 November 2026 "
            "(a page your organisation read on 2026-11-20)") in lines
    assert not any("no postal address" in line for line in lines)
    # the letter and "how to send" use it
    code, out, err = run(capsys, "generate", str(Path(__file__).parent.parent / "letters" / "demo-profile.toml"),
                         "--to", FORCE, "--out", str(tmp_path / "out"), "--format", "txt")
    assert code == 0
    letter = next((tmp_path / "out").rglob(f"*{FORCE}-access.txt")).read_text(encoding="utf-8")
    assert "Information Rights\nPO Box 37\nPortishead\nBS20 8QJ" in letter
    assert "Post " in out and "Portishead, BS20 8QJ" in out
    assert "no postal address" not in err


def test_unset_brings_the_built_in_fact_back(capsys: pytest.CaptureFixture[str]) -> None:
    built_in = load_directory().get("kent-police").access.postcode
    assert built_in is not None
    assert set_fact(capsys, "kent-police", "postcode", "ME1 1AA", "--source",
                    "https://www.kent.police.uk/new-page")[0] == 0
    db = os.environ["DSAR_DB"]
    assert local_directory(load_directory(), db).get("kent-police").access.postcode.value == "ME1 1AA"  # type: ignore[union-attr]
    code, out, _ = run(capsys, "controllers", "unset", "kent-police", "postcode")
    assert (code, out) == (0, "kent-police postcode (access): unset\n")
    assert local_directory(load_directory(), db).get("kent-police").access.postcode == built_in
    with Tracker.open(db) as tracker:
        assert [r.value for r in history(tracker, "kent-police")] == ["ME1 1AA", None]
    code, out, _ = run(capsys, "controllers", "show", "kent-police")
    history_lines = out.split("recorded by your organisation (history, oldest first):\n")[1].splitlines()
    assert history_lines[0].endswith("postcode (access) = ME1 1AA from https://www.kent.police.uk/new-page, "
                                     "read 2026-11-26")
    assert history_lines[1].endswith("postcode (access) = unset")
    code, _, err = run(capsys, "controllers", "unset", "kent-police", "postcode")
    assert code == 1 and err.startswith("Error: your organisation has recorded no postcode")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope-police", "email", "a@b.police.uk", "--source", PAGE],
         'Error: no organisation with id "nope-police"'),
        ([FORCE, "fax", "0123", "--source", PAGE],
         'Error: unknown field "fax"; use one of address, postcode, email, online-form, phone, id-required'),
        ([FORCE, "postcode", "BS20", "--source", PAGE],
         'Error: postcode: "BS20" is not a UK postcode, e.g. SW1A 1AA'),
        ([FORCE, "email", "sar at police", "--source", PAGE],
         'Error: email: "sar at police" is not an email address'),
        ([FORCE, "online-form", "http://www.x.police.uk/form", "--source", PAGE],
         'Error: online-form: "http://www.x.police.uk/form" is not an https:// URL'),
        ([FORCE, "email", "sar@x.police.uk"],
         "Error: --source is required: give the page you read it on (https://...), so colleagues "
         "can check it"),
        ([FORCE, "email", "sar@x.police.uk", "--source", "phoned them"],
         'Error: --source: "phoned them" is not a web page; give the http:// or https:// address '
         "of the page you read it on"),
        ([FORCE, "email", "sar@x.police.uk", "--source", PAGE, "--read-on", "2026-13-01"],
         "Error: --read-on: "),
        ([FORCE, "email", "sar@x.police.uk", "--source", PAGE, "--for", "copies"],
         'Error: --for: "copies" is not one of access, erasure'),
    ],
)
def test_bad_input_is_one_line_and_stores_nothing(capsys: pytest.CaptureFixture[str], args: list[str],
                                                  message: str) -> None:
    code, out, err = set_fact(capsys, *args)
    assert (code, out) == (1, "")
    assert err.startswith(message) and err.count("\n") == 1, err
    db = os.environ["DSAR_DB"]
    if Path(db).exists():
        with Tracker.open(db) as tracker:
            assert history(tracker) == []


@pytest.mark.parametrize(("read_on", "warned"), [("2026-11-01", False), ("2024-11-25", True)])
def test_a_local_fact_warns_again_when_it_grows_old(capsys: pytest.CaptureFixture[str], read_on: str,
                                                   warned: bool) -> None:
    from dsar.directory.checks import contact_warnings

    set_fact(capsys, FORCE, "email", "dataprotection@avonandsomerset.police.uk", "--source", PAGE,
             "--read-on", read_on)
    force = local_directory(load_directory(), os.environ["DSAR_DB"]).get(FORCE)
    email_warnings = [w for w in contact_warnings(force) if w.startswith("the email address")]
    assert bool(email_warnings) is warned  # today is 2026-11-26 in the tests
    if warned:
        assert "a page your organisation read on 2024-11-25, more than 2 years ago" in email_warnings[0]


def test_id_required_is_recorded_with_its_source(capsys: pytest.CaptureFixture[str]) -> None:
    set_fact(capsys, FORCE, "id-required", "a passport; a utility bill from the last 3 months",
             "--source", PAGE)
    force = local_directory(load_directory(), os.environ["DSAR_DB"]).get(FORCE)
    assert force.id_required == ["a passport", "a utility bill from the last 3 months"]
    assert force.id_required_source is not None
    assert force.id_required_source.source == PAGE
    assert force.id_required_source.recorded_by is not None


def test_export_local_writes_records_that_load(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    set_fact(capsys, FORCE, "email", "dataprotection@avonandsomerset.police.uk", "--source", PAGE)
    set_fact(capsys, FORCE, "address", "Unit; PO Box 1; Portishead", "--source", PAGE, "--for", "erasure")
    set_fact(capsys, FORCE, "postcode", "BS20 8QJ", "--source", PAGE, "--for", "erasure")
    code, out, _ = run(capsys, "controllers", "export-local", "--out", str(tmp_path / "export"))
    path = tmp_path / "export" / f"{FORCE}.toml"
    assert (code, out) == (0, f"{path}\n")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    exported = load_record(path)
    assert exported.access.email is not None and exported.access.email.source == PAGE
    assert exported.erasure is not None and exported.erasure.postcode is not None
    assert exported.name == load_directory().get(FORCE).name
    assert "# access.email: recorded by " in path.read_text(encoding="utf-8")
    tomllib.loads(path.read_text(encoding="utf-8"))  # plain TOML


def test_coverage_counts_local_facts_and_lists_the_missing_most_used_first(
        capsys: pytest.CaptureFixture[str]) -> None:
    db = os.environ["DSAR_DB"]
    with Tracker.open(db) as tracker:
        for cid, n in (("hampshire-police", 1), ("merseyside-police", 3)):
            for _ in range(n):
                tracker.add_request(controller_id=cid, kind="access", requester="A", regime=["uk-gdpr"],
                                    nation="england", created=date(2026, 11, 1))
    code, out, _ = run(capsys, "controllers", "coverage", "--missing")
    ids = [line.split()[0] for line in out.splitlines()]
    assert code == 0 and ids[:2] == ["merseyside-police", "hampshire-police"]
    assert FORCE in ids
    set_fact(capsys, FORCE, "email", "dataprotection@avonandsomerset.police.uk", "--source", PAGE)
    code, out, _ = run(capsys, "controllers", "coverage", "--missing")
    assert FORCE not in [line.split()[0] for line in out.splitlines()]
    code, out, _ = run(capsys, "controllers", "coverage", "--json")
    assert __import__("json").loads(out)["facts recorded by your organisation"] == 1


def test_reading_facts_never_creates_a_tracker(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    directory = load_directory()
    assert local_directory(directory, str(missing)) is directory
    assert not missing.exists()


def test_concurrent_sets_are_both_kept_and_the_later_wins(db_url: str) -> None:  # noqa: F811
    """Two colleagues set the same fact at the same moment: neither is lost."""
    with Tracker.open(db_url) as tracker:
        pass  # create the schema once
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def colleague(name: str, email: str, second: int) -> None:
        try:
            with Tracker.open(db_url) as own:
                barrier.wait()
                record(own, controller_id=FORCE, contacts="access", field="email", value=email,
                       source=PAGE, read_on=date(2026, 11, 26), set_by=name,
                       at=datetime(2026, 11, 26, 10, 0, second, tzinfo=UTC))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=colleague, args=("amira", "a@x.police.uk", 1)),
               threading.Thread(target=colleague, args=("bo", "b@x.police.uk", 2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Tracker.open(db_url) as tracker:
        assert sorted((r.set_by, r.value) for r in history(tracker)) == [
            ("amira", "a@x.police.uk"), ("bo", "b@x.police.uk")]
        (now,) = current(tracker)
        assert (now.set_by, now.value) == ("bo", "b@x.police.uk")  # set later: it wins


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_uses_the_recorded_facts_in_its_workers(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path, jobs: str) -> None:
    from batch_fixtures import client, write_csv, write_org

    set_fact(capsys, FORCE, "address", "Information Rights; PO Box 37; Portishead", "--source", PAGE)
    set_fact(capsys, FORCE, "postcode", "BS20 8QJ", "--source", PAGE)
    clients = write_csv(tmp_path / "clients.csv", [client(f"C-{i}", orgs=FORCE) for i in range(4)])
    code, _, err = run(capsys, "batch", str(clients), "--org", str(write_org(tmp_path)),
                       "--out", str(tmp_path / "out"), "--format", "txt", "--jobs", jobs)
    assert code == 0, err
    letters = sorted((tmp_path / "out").rglob(f"*{FORCE}-access.txt"))
    assert len(letters) == 4
    for letter in letters:
        assert "Information Rights\nPO Box 37\nPortishead\nBS20 8QJ" in letter.read_text(encoding="utf-8")
    assert "no postal address" not in err
