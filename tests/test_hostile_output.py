"""Issue 16 items 2 and 6, issue 12 item 5: dsar writes only where asked, only regular files,
privately; the tracker's path is never read as something else; letters and their tracker rows
are one step. Each test runs the command from the issue through the real entry point."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from dsar.files import person_folder_name
from dsar.paths import letters_dir
from tests.cli_runner import run_cli as run

DEMO = letters_dir() / "demo-profile.toml"
DEMO_FOLDER = person_folder_name("Demo Person", date(1990, 4, 12))
QUICK = ["--format", "txt", "--format", "html"]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _track_one(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code, out, err = run(capsys, *extra, "track", "add", "--controller", "home-office",
                         "--requester", "Amira Example")
    assert code == 0, err
    return out.strip()


# -- item 2: only regular files, where asked -------------------------------------------------

@pytest.fixture
def null_device(tmp_path: Path) -> Path:
    """A null device to aim at: /dev/null itself for a normal user (who cannot replace it),
    and for root, who could, a null device of its own (major 1, minor 3, made with mknod)
    in a fresh folder, so a failing check replaces only that one."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    folder = tmp_path / "dev"
    folder.mkdir()
    node = folder / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:  # root without CAP_MKNOD (some containers)
        pytest.skip("as root without mknod a failing check would replace /dev/null itself")
    return node


def _still_the_device(node: Path) -> None:
    assert stat.S_ISCHR(node.lstat().st_mode) and node.lstat().st_rdev == os.makedev(1, 3)
    if node != Path("/dev/null"):
        assert [p.name for p in node.parent.iterdir()] == ["null"]  # nothing made beside it


def test_due_ics_dev_null_is_refused(capsys: pytest.CaptureFixture[str], null_device: Path) -> None:
    _track_one(capsys)
    code, _, err = run(capsys, "due", "--ics", str(null_device))
    assert (code, err) == (1, f"Error: {null_device} is a device, not a regular file; dsar writes only new "
                              "files or regular files; choose another path\n")
    _still_the_device(null_device)


@pytest.mark.parametrize("kind", ["fifo", "symlink", "folder"])
def test_due_ics_and_export_refuse_anything_but_a_regular_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    ref = _track_one(capsys)
    target = tmp_path / "target"
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    if kind == "fifo":
        os.mkfifo(target)
        what = "a named pipe (FIFO)"
    elif kind == "symlink":
        target.symlink_to(victim)
        what = "a symbolic link"
    else:
        target.mkdir()
        what = "a folder"
    code, _, err = run(capsys, "due", "--ics", str(target))
    assert code == 1
    assert err == (f"Error: {target} is {what}, not a regular file; dsar writes only new files or "
                   "regular files; choose another path\n")
    if kind != "folder":  # (a folder is refused with its own message by export)
        code, _, err = run(capsys, "track", "export", ref, "--format", "json", "--out", str(target))
        assert code == 1 and err.startswith(f"Error: {target} is {what}"), err
    assert victim.read_text() == "mine\n"
    assert (target.is_symlink() if kind == "symlink" else
            stat.S_ISFIFO(target.lstat().st_mode) if kind == "fifo" else target.is_dir())
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_export_to_dev_stdout_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    ref = _track_one(capsys)
    code, _, err = run(capsys, "track", "export", ref, "--format", "json", "--out", "/dev/stdout")
    assert code == 1
    assert err.startswith("Error: /dev/stdout is a symbolic link, not a regular file")


def test_regular_file_is_still_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _track_one(capsys)
    ics = tmp_path / "cal.ics"
    ics.write_text("old")
    ics.chmod(0o644)
    code, _, err = run(capsys, "due", "--ics", str(ics))
    assert code == 0, err
    assert ics.read_text().startswith("BEGIN:VCALENDAR") and _mode(ics) == 0o600


@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_out_and_person_folders_are_0700_whatever_the_umask(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        out = tmp_path / "a" / "b" / "out"
        code, _, err = run(capsys, "generate", str(DEMO), "--to", "home-office", "--out", str(out),
                           *QUICK)
    finally:
        os.umask(old)
    assert code == 0, err
    made = [tmp_path / "a", tmp_path / "a" / "b", out, *[p for p in out.iterdir() if p.is_dir()]]
    assert len(made) == 4
    assert {str(p): _mode(p) for p in made} == {str(p): 0o700 for p in made}
    for letter in out.rglob("*.txt"):
        assert _mode(letter) == 0o600


def test_tracker_and_its_journals_are_0600_under_umask_000(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "t.sqlite"
    old = os.umask(0)
    try:
        from dsar.tracker import Tracker

        with Tracker.open(str(db)) as tracker:
            tracker.add_request(controller_id="home-office", kind="access", requester="A",
                                regime=["uk-gdpr"], nation="england",
                                created=__import__("datetime").date(2026, 11, 1))
            files = sorted(tmp_path.iterdir())
            assert {p.name for p in files} >= {"t.sqlite", "t.sqlite-wal", "t.sqlite-shm"}
            assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    finally:
        os.umask(old)


def test_a_path_with_a_query_is_refused_not_parsed(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"{tmp_path}/a?x=y"
    monkeypatch.setenv("DSAR_DB", db)
    code, _, err = run(capsys, "track", "list")
    assert code == 1
    assert err == (f'Error: the tracker path "{db}" holds a "?", which would be read as URL options; '
                   "write a file path without it, or a URL: sqlite:///relative/path, "
                   "sqlite:////absolute/path or postgresql+psycopg://USER@HOST:PORT/DATABASE\n")
    assert list(tmp_path.iterdir()) == []


def test_a_url_typo_is_not_taken_for_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "--db", "postgresql:/localhost/dsar", "track", "list")
    assert code == 1 and err.startswith('Error: "postgresql:/localhost/dsar" looks like a database URL '
                                        'but has no "://"')
    assert list(tmp_path.iterdir()) == []


def test_a_hash_in_a_path_is_a_file_name(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "case#1.sqlite"
    ref = _track_one(capsys, "--db", str(db))
    assert ref == "R-000001"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case#1.sqlite"] and _mode(db) == 0o600


def test_dsar_db_dev_null_is_refused_and_nothing_made_beside_it(capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                null_device: Path) -> None:
    monkeypatch.setenv("DSAR_DB", str(null_device))
    for command in (["track", "list"], ["track", "add", "--controller", "home-office", "--requester", "Bo"]):
        code, _, err = run(capsys, *command)
        assert (code, err) == (1, f"Error: {null_device} is a device, not a tracker file; choose another "
                                  "tracker with --db PATH or DSAR_DB=PATH\n")
        assert not Path(f"{null_device}-journal").exists()
        _still_the_device(null_device)


def test_a_device_as_the_tracker_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "t.sqlite"
    os.mkfifo(fifo)
    monkeypatch.setenv("DSAR_DB", str(fifo))
    code, _, err = run(capsys, "track", "list")
    assert (code, err) == (1, f"Error: {fifo} is a named pipe (FIFO), not a tracker file; choose another "
                              "tracker with --db PATH or DSAR_DB=PATH\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.sqlite"]


# -- issue 12 item 5: an empty or foreign tracker file; a ref never issued twice --------------

def test_an_empty_tracker_file_is_refused_and_left_alone(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "tracker.sqlite"
    monkeypatch.setenv("DSAR_DB", str(db))
    assert _track_one(capsys) == "R-000001"
    db.write_bytes(b"")  # e.g. a sync tool or a bad copy emptied it
    for command in (["track", "list"], ["due"], ["track", "add", "--controller", "home-office",
                                                 "--requester", "Bo"]):
        code, out, err = run(capsys, *command)
        assert (code, out) == (1, "")
        assert err == (f"Error: {db} is an empty file (0 bytes), not a dsar tracker; dsar has left it "
                       "as it is. Delete it if it was made by mistake, or choose another tracker with "
                       "--db PATH or DSAR_DB=PATH\n")
    assert db.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.sqlite"]


def test_a_foreign_file_is_refused_saying_what_it_is(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    code, _, err = run(capsys, "--db", str(pdf), "track", "list")
    assert (code, err) == (1, f"Error: {pdf} is a PDF file, not a dsar tracker; dsar has left it as it "
                              "is; choose another tracker with --db PATH or DSAR_DB=PATH\n")
    assert pdf.read_bytes() == b"%PDF-1.7\n" + b"x" * 100


def test_a_new_tracker_is_never_empty_at_its_path(tmp_path: Path) -> None:
    # made whole in a temp file and linked into place: nothing else is left beside it
    from dsar.tracker import Tracker

    db = tmp_path / "new.sqlite"
    Tracker.open(str(db)).close()
    assert db.stat().st_size > 0 and sorted(p.name for p in tmp_path.iterdir()) == ["new.sqlite"]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    conn.close()


# -- HOME and the default data folder (cron as a service user) -------------------------------

@pytest.mark.parametrize("home", ["unset", "missing", "file"])
def test_no_usable_home_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch, home: str) -> None:
    monkeypatch.delenv("DSAR_DB")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    if home == "unset":
        monkeypatch.delenv("HOME", raising=False)
        monkeypatch.setattr("os.path.expanduser", lambda p: p)  # a user with no password entry
    elif home == "missing":
        monkeypatch.setenv("HOME", str(tmp_path / "nonexistent" / "deeper"))
        (tmp_path / "nonexistent").write_text("")  # so the folder cannot be made
    else:
        (tmp_path / "homefile").write_text("")
        monkeypatch.setenv("HOME", str(tmp_path / "homefile"))
    code, out, err = run(capsys, "remind")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and err.startswith("Error: ")
    assert "set DSAR_DB to a tracker file, e.g. DSAR_DB=/srv/dsar/tracker.sqlite, or use --db" in err


# -- item 6: letters and their tracker rows are one step ------------------------------------

def _without_letter_warnings(err: str) -> str:
    """stderr without a letter's own things to check (e.g. notes on the ID the Home Office asks for),
    which come before anything is written."""
    return "".join(line for line in err.splitlines(keepends=True) if not line.startswith("Warning: "))


def test_generate_with_a_bad_tracker_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DSAR_DB", str(tmp_path / "no-such-folder" / "t.sqlite"))
    out = tmp_path / "out"
    code, _, err = run(capsys, "generate", str(DEMO), "--to", "home-office", "--out", str(out), *QUICK)
    err = _without_letter_warnings(err)
    assert code == 1 and err.startswith("Error: the folder ")
    assert not out.exists()


def test_generate_removes_its_letters_when_they_cannot_be_tracked(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.sqlite"
    monkeypatch.setenv("DSAR_DB", str(db))
    _track_one(capsys)
    # the tracker opens, but recording fails (a trigger stands in for a full disk or a lost server)
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TRIGGER no_more BEFORE INSERT ON requests "
                     "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    conn.close()
    out = tmp_path / "out"
    out.mkdir()
    keep = out / DEMO_FOLDER / "2026-11-26-home-office-access.txt"  # an earlier letter, same name
    keep.parent.mkdir()
    keep.write_text("earlier")
    code, _, err = run(capsys, "generate", str(DEMO), "--to", "home-office", "--out", str(out), *QUICK)
    assert code != 0 and "Traceback" not in err
    # what this run created is gone; what was there before is still there
    assert sorted(p.name for p in out.rglob("*")) == ["2026-11-26-home-office-access.txt", DEMO_FOLDER]


BAD_TRACKERS = {
    "missing folder": lambda tmp: (str(tmp / "no-such-folder" / "t.sqlite"), "Error: the folder "),
    "foreign file": lambda tmp: (str(tmp / "notes.txt"), f"Error: {tmp / 'notes.txt'} is a text file, "
                                                         "not a dsar tracker"),
    # port 1 on the loopback: nothing listens there, the connection is refused at once
    "no server": lambda tmp: ("postgresql+psycopg://caseworker@127.0.0.1:1/dsar",
                              "Error: cannot use the tracker database at postgresql+psycopg://"),
}


def _bad_tracker(tmp_path: Path, which: str, monkeypatch: pytest.MonkeyPatch) -> str:
    (tmp_path / "notes.txt").write_text("my own notes\n")
    db, start = BAD_TRACKERS[which](tmp_path)
    monkeypatch.setenv("DSAR_DB", db)
    return start


@pytest.mark.parametrize("which", sorted(BAD_TRACKERS))
def test_new_with_a_bad_tracker_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    start = _bad_tracker(tmp_path, which, monkeypatch)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = run(capsys, "new", "--profile", str(DEMO), "--to", "home-office", "--kind", "access",
                         "--yes", "--out", str(tmp_path / "out"), "--save", str(tmp_path / "saved" / "p.toml"))
    errors = _without_letter_warnings(err).splitlines()
    assert (code, out) == (1, "") and len(errors) == 1 and errors[0].startswith(start), err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no letters, no folders, no profile
    assert (tmp_path / "notes.txt").read_text() == "my own notes\n"


@pytest.mark.parametrize("which", sorted(BAD_TRACKERS))
def test_batch_with_a_bad_tracker_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    from tests.batch_fixtures import client, write_csv, write_org

    clients = write_csv(tmp_path / "clients.csv", [client("CL-1"), client("CL-2", "Bo Example")])
    org = write_org(tmp_path)
    start = _bad_tracker(tmp_path, which, monkeypatch)
    before = sorted(p.name for p in tmp_path.iterdir())
    for extra in ([], ["--strict"]):
        code, out, err = run(capsys, "batch", str(clients), "--org", str(org), "--out", str(tmp_path / "out"),
                             "--jobs", "1", "--format", "txt", *extra)
        errors = [line for line in err.splitlines() if line.startswith("Error: ")]
        assert (code, out) == (1, "") and len(errors) == 1 and errors[0].startswith(start), err
        assert "Traceback" not in err
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # no OUT, no lock, no letters


def test_new_removes_its_letters_and_profile_when_they_cannot_be_tracked(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.sqlite"
    monkeypatch.setenv("DSAR_DB", str(db))
    _track_one(capsys)
    with sqlite3.connect(db) as conn:  # the tracker opens, but recording fails
        conn.execute("CREATE TRIGGER no_more BEFORE INSERT ON requests "
                     "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    conn.close()
    out = tmp_path / "out"
    code, _, err = run(capsys, "new", "--profile", str(DEMO), "--to", "home-office", "--kind", "access",
                       "--yes", "--out", str(out), "--save", str(tmp_path / "saved" / "p.toml"))
    assert code != 0 and "Traceback" not in err
    # the letters, their folders and the saved profile are gone (the data folder holds the crash file)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.sqlite", "xdg-data"]


def test_dev_null_is_refused_by_the_check_itself() -> None:
    # the check alone (it writes nothing), so it runs as root too
    from dsar.files import OutputError, check_target

    for special in ("/dev/null", "/dev/zero", "/dev/stdout"):
        with pytest.raises(OutputError):
            check_target(Path(special))


def test_batch_folders_and_lock_are_private_under_umask_000(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    from tests.batch_fixtures import client, write_csv, write_org

    clients = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    org, out = write_org(tmp_path), tmp_path / "new" / "out"
    old = os.umask(0)
    try:
        code, _, err = run(capsys, "batch", str(clients), "--org", str(org), "--out", str(out),
                           "--jobs", "1", "--format", "txt")
    finally:
        os.umask(old)
    assert code == 0, err
    folders = [tmp_path / "new", out, *[p for p in out.rglob("*") if p.is_dir()]]
    assert len(folders) >= 4  # new, out, .dsar-batch, the client's folder
    assert {str(p): _mode(p) for p in folders} == {str(p): 0o700 for p in folders}
    files = [p for p in out.rglob("*") if p.is_file()]
    assert out / ".dsar-batch" / "lock" in files
    assert {str(p): _mode(p) for p in files} == {str(p): 0o600 for p in files}


def test_unwritable_output_folders_are_one_line(tmp_path: Path) -> None:
    # a real read-only folder: as root, with the capabilities that ignore modes dropped
    import shutil
    import subprocess
    import sys

    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv ignores folder modes")
        prefix = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]
    readonly = tmp_path / "ro"
    readonly.mkdir(mode=0o500)
    env = {**os.environ, "DSAR_DB": str(tmp_path / "t.sqlite"), "DSAR_TODAY": "2026-11-26"}
    for args, named in ((["generate", str(DEMO), "--to", "home-office", "--out", str(readonly / "out"),
                          "--format", "txt"], readonly / "out"),
                        (["due", "--ics", str(readonly / "cal.ics")], readonly / "cal.ics")):
        done = subprocess.run([*prefix, sys.executable, "-m", "dsar", *args], env=env, capture_output=True,
                              text=True, timeout=120, check=False)
        assert (done.returncode, done.stdout) == (1, ""), done.stderr
        assert _without_letter_warnings(done.stderr) == (
            f"Error: {named}: permission denied; choose a place you can write to or check its permissions\n")
    assert list(readonly.iterdir()) == []
