"""Issue 16 items 4 and 7: bounded input and no traceback, each with the issue's own command.

A FIFO as input used to hang dsar forever: every test here runs under an alarm, so a
regression fails instead of hanging the suite."""

from __future__ import annotations

import io
import os
import signal
import stat
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dsar.files import person_folder_name
from dsar.paths import letters_dir
from tests.batch_fixtures import HEADINGS, ORG_TOML, client, write_csv, write_org
from tests.cli_runner import run_cli as run

DEMO = letters_dir() / "demo-profile.toml"
DEMO_FOLDER = person_folder_name("Demo Person", date(1990, 4, 12))


@pytest.fixture(autouse=True)
def _never_hang() -> Iterator[None]:
    def _stop(*_: object) -> None:
        raise TimeoutError("dsar hung on hostile input")

    old = signal.signal(signal.SIGALRM, _stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _one_error(code: int, out: str, err: str) -> str:
    # warnings about an organisation's contact facts (the Home Office's pages are undated or
    # older: issue 13) come before the error and are not part of it
    err = "".join(line for line in err.splitlines(keepends=True) if not line.startswith("Warning: "))
    assert (code, out) == (1, ""), err
    # a letter's own things to check (e.g. notes on the ID the Home Office asks for) come first
    err = "".join(line for line in err.splitlines(keepends=True) if not line.startswith("Warning: "))
    assert "Traceback" not in err and err.startswith("Error: ") and err.count("\n") == 1, err
    return err


# -- item 4: regular files only, bounded ---------------------------------------------------------

def test_a_fifo_or_dev_zero_as_the_profile_is_refused(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    fifo = tmp_path / "profile.toml"
    os.mkfifo(fifo)
    err = _one_error(*run(capsys, "generate", str(fifo), "--to", "home-office", "--out", str(tmp_path)))
    assert err == f"Error: {fifo} is a named pipe (FIFO), not a regular file; give a profile as a file\n"
    err = _one_error(*run(capsys, "generate", "/dev/zero", "--to", "home-office", "--out", str(tmp_path)))
    assert "/dev/zero is a device, not a regular file" in err


def test_a_profile_over_the_limit_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(DEMO.read_bytes() + b"#" * (1024 * 1024))
    err = _one_error(*run(capsys, "generate", str(big), "--to", "home-office", "--out", str(tmp_path)))
    assert err == f"Error: {big}: is larger than 1 MB, the most dsar reads for a profile; give a smaller file\n"


def test_a_fifo_as_sheet_org_or_logo_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    org = write_org(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    out = str(tmp_path / "out")
    err = _one_error(*run(capsys, "batch", str(fifo), "--org", str(org), "--out", out, "--check"))
    assert "named pipe (FIFO), not a regular file" in err
    err = _one_error(*run(capsys, "batch", str(sheet), "--org", str(fifo), "--out", out, "--check"))
    assert "named pipe (FIFO), not a regular file" in err
    org = write_org(tmp_path, 'logo = "pipe"\n' + ORG_TOML)
    err = _one_error(*run(capsys, "batch", str(sheet), "--org", str(org), "--out", out, "--check"))
    assert err.startswith(f"Error: {org}: logo: ") and "named pipe (FIFO)" in err


def test_a_fifo_among_the_controller_records_is_refused(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    os.mkfifo(folder / "local-police.toml")
    code, _, err = run(capsys, "--controllers", str(folder), "controllers", "list")
    assert code == 1 and "Traceback" not in err and "named pipe (FIFO)" in err


def test_track_log_file_refuses_a_fifo_dev_zero_a_loop_and_an_unknown_user(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, ref, err = run(capsys, "track", "add", "--controller", "home-office", "--requester", "A")
    ref = ref.strip()
    fifo = tmp_path / "reply.pdf"
    os.mkfifo(fifo)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for given, expected in ((fifo, "named pipe (FIFO), not a regular file"),
                            (Path("/dev/zero"), "/dev/zero is a device, not a regular file"),
                            (loop, "cannot follow it (an unknown ~user or a loop of links)"),
                            (Path("~nosuchuser-dsar/x.pdf"), "cannot follow it")):
        err = _one_error(*run(capsys, "track", "log", ref, "received", "--file", str(given)))
        assert expected in err, err
    code, out, err = run(capsys, "track", "show", ref)
    assert code == 0 and "received" not in out  # nothing was logged
    code, out, err = run(capsys, "track", "export", ref, "--format", "json", "--out", "-")
    assert code == 0, err


def _xlsx(sheet_xml: bytes) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADINGS)
    book.active.append(client("CL-1"))
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, data)
    return out.getvalue()


def _sheet(dimension: str, rows: int, columns: int) -> bytes:
    head = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<dimension ref="' + dimension.encode() + b'"/><sheetData>')
    body = b"".join(b'<row r="%d">' % r + b'<c t="n"><v>1</v></c>' * columns + b"</row>"
                    for r in range(1, rows + 1))
    return head + body + b"</sheetData></worksheet>"


def test_an_xlsx_declaring_4_million_cells_is_refused_before_reading(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import time

    path = tmp_path / "clients.xlsx"
    path.write_bytes(_xlsx(_sheet("A1:T200000", 3, 20)))
    started = time.monotonic()
    err = _one_error(*run(capsys, "batch", str(path), "--org", str(write_org(tmp_path)), "--out",
                          str(tmp_path / "out"), "--check"))
    assert time.monotonic() - started < 10
    assert err == (f"Error: {path}: has more than 2,000,000 cells (rows x columns); keep only the client "
                   "rows and the columns of `dsar batch template`, or split it into smaller files\n")


def test_an_xlsx_that_does_not_declare_its_size_is_stopped_by_the_cell_budget(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the budget is counted as cells are read; a smaller budget keeps the file small here
    monkeypatch.setattr("dsar.batch.reader.MAX_CELLS", 5_000)
    path = tmp_path / "clients.xlsx"
    path.write_bytes(_xlsx(_sheet("", 1_000, 10).replace(b'<dimension ref=""/>', b"")))
    err = _one_error(*run(capsys, "batch", str(path), "--org", str(write_org(tmp_path)), "--out",
                          str(tmp_path / "out"), "--check"))
    assert "has more than 5,000 cells" in err


def test_bad_xml_inside_an_xlsx_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "clients.xlsx"
    for xml in (b"<worksheet><sheetData><row><c>", b"<a></b>", b"\x00\x01"):
        path.write_bytes(_xlsx(xml))
        err = _one_error(*run(capsys, "batch", str(path), "--org", str(write_org(tmp_path)), "--out",
                              str(tmp_path / "out"), "--check"))
        assert err == f"Error: {path}: is not a readable .xlsx workbook; save it again from Excel\n"
    # an external entity is never expanded: a local file's text never gets into dsar's output
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-123")
    path.write_bytes(_xlsx(b'<!DOCTYPE x [<!ENTITY a SYSTEM "file://' + str(secret).encode() + b'">]>'
                           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                           b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a;</t></is></c></row>'
                           b"</sheetData></worksheet>"))
    code, out, err = run(capsys, "batch", str(path), "--org", str(write_org(tmp_path)), "--out",
                         str(tmp_path / "out"), "--check")
    assert code == 1 and "Traceback" not in err and "SECRET" not in out + err


# -- item 7: the listed tracebacks ---------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["rot13", "base64", "hex", "zlib", "uu", "undefined", "punycode"])
def test_batch_encodings_that_are_not_text_are_one_line(capsys: pytest.CaptureFixture[str],
                                                        tmp_path: Path, encoding: str) -> None:
    sheet = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    err = _one_error(*run(capsys, "batch", str(sheet), "--org", str(write_org(tmp_path)), "--out",
                          str(tmp_path / "out"), "--check", "--encoding", encoding))
    assert f'--encoding "{encoding}"' in err or f"{sheet}: " in err


DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"


def test_toml_nested_5000_deep_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP)
    err = _one_error(*run(capsys, "generate", str(deep), "--to", "home-office", "--out", str(tmp_path)))
    assert err == f"Error: {deep}: not valid TOML: tables or lists are nested too deeply\n"
    sheet = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    err = _one_error(*run(capsys, "batch", str(sheet), "--org", str(deep), "--out", str(tmp_path / "o"),
                          "--check"))
    assert "nested too deeply" in err
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "deep.toml").write_text(DEEP)
    code, _, err = run(capsys, "--controllers", str(folder), "controllers", "list")
    assert code == 1 and "nested too deeply" in err and "Traceback" not in err


def test_due_within_3000000_and_dsar_today_9999(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "track", "add", "--controller", "home-office", "--requester", "A")
    err = _one_error(*run(capsys, "due", "--within", "3000000"))
    assert err == ("Error: Invalid value for '--within': 3000000 is not in the range 0<=x<=36600. "
                   "(see `dsar due --help`)\n")
    monkeypatch.setenv("DSAR_TODAY", "9999-12-20")
    for command in (["due"], ["remind"], ["track", "add", "--controller", "home-office", "--requester", "B"]):
        err = _one_error(*run(capsys, *command))
        assert err == ('Error: DSAR_TODAY="9999-12-20" is out of range; use a date from 1990-01-01 to '
                       "2999-12-31 or unset it\n")


def test_invalid_json_in_a_tracker_row_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import sqlite3

    code, ref, _ = run(capsys, "track", "add", "--controller", "home-office", "--requester", "A")
    run(capsys, "track", "log", ref.strip(), "sent", "--via", "email")
    with sqlite3.connect(os.environ["DSAR_DB"]) as conn:
        conn.execute("UPDATE events SET data = '{not json', files = '[oops'")
    conn.close()
    for command in (["track", "list"], ["track", "show", ref.strip()]):
        code, out, err = run(capsys, *command)
        _one_error(code, out, err)
        assert err == ("Error: the tracker holds a damaged entry (a history's data is not valid JSON); "
                       "restore the tracker file from a backup, or give another with --db\n")
    code, out, err = run(capsys, "due", "--within", "100")  # due reads cached columns: no history needed
    assert code in (0, 1) and "Traceback" not in err


def test_unwritable_and_impossible_output_paths(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    run(capsys, "track", "add", "--controller", "home-office", "--requester", "A")
    # --ics a folder
    err = _one_error(*run(capsys, "due", "--ics", str(tmp_path)))
    assert "is a folder, not a regular file" in err
    # a name over 255 bytes, and a 4,000-character --out: refused before any folder is made
    long_name = tmp_path / ("n" * 300 + ".ics")
    err = _one_error(*run(capsys, "due", "--ics", str(long_name)))
    assert "bytes long; a file or folder name can be at most 255" in err
    deep = tmp_path / "/".join(["d" * 199] * 20)
    err = _one_error(*run(capsys, "generate", str(DEMO), "--to", "home-office", "--out", str(deep),
                          "--format", "txt"))
    assert "it must stay under 4095 bytes; choose a shorter one" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tracker.sqlite"]
    # a folder where a letter should go
    out = tmp_path / "out"
    (out / DEMO_FOLDER / "2026-11-26-home-office-access.txt").mkdir(parents=True)
    err = _one_error(*run(capsys, "generate", str(DEMO), "--to", "home-office", "--out", str(out),
                          "--format", "txt"))
    assert "is a folder, not a regular file" in err
    # a read-only folder (root ignores modes, so a read-only bind is not available here: use a file
    # where the folder should be)
    blocked = tmp_path / "blocked"
    blocked.write_text("")
    err = _one_error(*run(capsys, "generate", str(DEMO), "--to", "home-office", "--out",
                          str(blocked / "out"), "--format", "txt"))
    assert "not a folder" in err or "is a file" in err


def test_the_last_resort_saves_a_private_crash_file(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    def boom(*_: object, **__: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("dsar.tracker.views.list_line", boom)  # a stand-in for a real bug
    run(capsys, "track", "add", "--controller", "home-office", "--requester", "A")
    code, _, err = run(capsys, "track", "list")
    assert code == 70 and "Traceback" not in err and err.count("\n") == 1
    crash = tmp_path / "data" / "dsar"
    files = list(crash.glob("crash-*.txt"))
    assert len(files) == 1
    assert err == f"Error: something went wrong inside dsar: ZeroDivisionError; details saved to {files[0]}\n"
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert "Traceback" in files[0].read_text() and "ZeroDivisionError: a bug" in files[0].read_text()
