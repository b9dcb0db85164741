"""Real faults during `dsar batch` and against the tracker (issue 12): no mocks.

- a client folder the batch may not write (run with the file-permission override
  capabilities dropped, so root is refused as any user would be), and a client
  folder that is a symlink out of OUT: that row fails into failed-rows.csv, the
  batch goes on;
- OUT not writable when the manifest is due: one Error line, nothing lost;
- a disk that fills (a 1 MB tmpfs): the batch stops cleanly with one Error line;
- a PostgreSQL connection through a proxy that is killed mid-batch;
- a worker process killed mid-batch;
- a PostgreSQL "server" that accepts and never answers: an Error line in time,
  no password shown.
Each needs something of the machine (root for mount, setpriv); without it the test
skips and says why.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from batch_fixtures import client, write_csv, write_org

from dsar.files import person_folder_name
from dsar.tracker import Tracker

DAY = "2026-11-26"
NO_OVERRIDE = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable", "--"]
pytestmark = pytest.mark.slow


def dsar(*args: str, prefix: list[str] | None = None, timeout: float = 300,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*(prefix or []), sys.executable, "-m", "dsar", *args],
                          capture_output=True, text=True, timeout=timeout)


def need_setpriv() -> None:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to drop the permission-override capabilities")
    probe = subprocess.run([*NO_OVERRIDE, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"setpriv cannot drop capabilities here: {probe.stderr.decode().strip()}")


def one_error_no_traceback(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


def test_an_unwritable_or_linked_client_folder_fails_that_row_and_the_batch_goes_on(
        tmp_path: Path) -> None:
    need_setpriv()
    org, out = write_org(tmp_path), tmp_path / "out"
    sheet = write_csv(tmp_path / "clients.csv", [
        client("CL-1"), client("CL-2", name="Bob Example"), client("CL-3", name="Cai Example"),
        client("CL-4", name="Dee Example")])
    locked = out / person_folder_name("Bob Example", reference="CL-2")
    locked.mkdir(parents=True)
    locked.chmod(0o500)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    linked = out / person_folder_name("Cai Example", reference="CL-3")
    linked.symlink_to(elsewhere)
    done = dsar("batch", str(sheet), "--org", str(org), "--out", str(out), "--format", "txt",
                "--jobs", "2", "--chunk", "1", prefix=NO_OVERRIDE)
    errors = one_error_no_traceback(done.stderr)
    assert done.returncode == 1
    assert errors[0] == (f"Error: row 3: cannot write this client's files in {locked.name} "
                         "(Permission denied); make that folder writable (or move it away) and run "
                         "the batch again")
    assert errors[1].startswith("Error: row 4: refusing to write outside ")
    assert errors[1].endswith(f"make {linked.name} a plain folder in OUT")
    assert errors[2].startswith("Error: 2 of 4 rows failed (listed above) and 2 were made; fix the "
                                "rows in ")
    assert list(elsewhere.iterdir()) == []
    with Tracker.open(os.environ["DSAR_DB"]) as tracker:
        assert sorted(r.client_reference or "" for r in tracker.list()) == ["CL-1", "CL-4"]
    failed = (out / "failed-rows.csv").read_text(encoding="utf-8-sig")
    assert "CL-2" in failed and "CL-3" in failed and "CL-1" not in failed
    # put the folders right and run the failed rows: all made, nothing twice
    locked.chmod(0o700)
    linked.unlink()
    again = dsar("batch", str(out / "failed-rows.csv"), "--org", str(org), "--out", str(out),
                 "--format", "txt", prefix=NO_OVERRIDE)
    assert again.returncode == 0, again.stderr
    with Tracker.open(os.environ["DSAR_DB"]) as tracker:
        assert sorted(r.client_reference or "" for r in tracker.list()) == ["CL-1", "CL-2", "CL-3", "CL-4"]
    import json

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [c["client_reference"] for c in manifest["clients"]] == ["CL-1", "CL-4", "CL-2", "CL-3"]


def test_an_unwritable_output_folder_at_manifest_time_is_one_error_line(tmp_path: Path) -> None:
    need_setpriv()
    org, out = write_org(tmp_path), tmp_path / "out"
    sheet = write_csv(tmp_path / "clients.csv", [client("CL-1")])
    assert dsar("batch", str(sheet), "--org", str(org), "--out", str(out), "--format", "txt").returncode == 0
    (out / person_folder_name("Bob Example", reference="CL-2")).mkdir(mode=0o700)  # the client folder is fine, OUT is not
    out.chmod(0o500)
    try:
        grown = write_csv(tmp_path / "clients.csv", [client("CL-1"), client("CL-2", name="Bob Example")])
        done = dsar("batch", str(grown), "--org", str(org), "--out", str(out), "--format", "txt",
                    prefix=NO_OVERRIDE)
    finally:
        out.chmod(0o700)
    errors = one_error_no_traceback(done.stderr)
    assert done.returncode == 1
    assert errors == [f"Error: cannot write manifest.csv in {out} (Permission denied); 2 clients were "
                      f"made and tracked; make {out} writable and run the same command again to "
                      "write the manifest"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "small"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a 1 MB tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_stops_the_batch_cleanly(tmp_path: Path, small_disk: Path) -> None:
    org = write_org(tmp_path)
    sheet = write_csv(tmp_path / "clients.csv",
                      [client(f"CL-{n:02d}", name=f"Client Number{n:02d}") for n in range(60)])
    done = dsar("batch", str(sheet), "--org", str(org), "--out", str(small_disk / "out"),
                "--format", "html", "--format", "txt", "--jobs", "1")
    errors = one_error_no_traceback(done.stderr)
    assert done.returncode == 1
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"Error: the disk is full (writing in {small_disk / 'out'}")
    assert "; free some space; the batch stopped: " in errors[0]
    assert errors[0].endswith("run the same command again to carry on (nothing is made twice)")
    with Tracker.open(os.environ["DSAR_DB"]) as tracker:
        tracked = len(tracker.list())
    assert 0 < tracked < 60
    assert f"stopped: {tracked} clients were made and tracked" in errors[0]
    assert list(small_disk.rglob("*.tmp")) == []


class Proxy:
    """A TCP proxy to PostgreSQL that can be killed (every connection dropped, port closed)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.alive = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.alive:
            try:
                near, _ = self.server.accept()
            except OSError:
                return
            if not self.alive:  # killed while waiting: refuse, as a dead server would
                near.close()
                return
            far = socket.create_connection(self.target)
            self.sockets += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def kill(self) -> None:
        self.alive = False
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the accept() (close alone may not)
        self.server.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


def test_the_database_lost_mid_batch_stops_cleanly_and_the_rerun_completes(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url
    from tracker_fixtures import postgres_url

    urls = postgres_url()
    url = next(urls)
    proxy = None
    try:
        real = make_url(url)
        proxy = Proxy((real.host or "127.0.0.1", real.port or 5432))
        via_proxy = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        org, out = write_org(tmp_path), tmp_path / "out"
        sheet = write_csv(tmp_path / "clients.csv",
                          [client(f"CL-{n:02d}", name=f"Client Number{n:02d}") for n in range(40)])
        proc = subprocess.Popen(
            [sys.executable, "-m", "dsar", "--db", via_proxy, "batch", str(sheet), "--org", str(org),
             "--out", str(out), "--format", "pdf", "--jobs", "1", "--chunk", "3"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while len(list(out.glob("*/*-home-office-access.pdf"))) < 3:
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proxy.kill()
        _, err = proc.communicate(timeout=120)
        errors = one_error_no_traceback(err)
        assert proc.returncode == 1
        assert len(errors) == 1 and errors[0].startswith(
            "Error: the tracker database stopped answering ("), errors
        assert errors[0].endswith("run the same command again to carry on (nothing is made twice)")
        with Tracker.open(url) as tracker:
            before = len(tracker.list())
        assert before < 40
        # the server is back (no proxy): the same command finishes, nothing tracked twice
        again = dsar("--db", url, "batch", str(sheet), "--org", str(org), "--out", str(out),
                     "--format", "pdf", "--jobs", "1")
        assert again.returncode == 0, again.stderr
        with Tracker.open(url) as tracker:
            requests = tracker.list()
        assert sorted(r.client_reference or "" for r in requests) == [f"CL-{n:02d}" for n in range(40)]
    finally:
        if proxy is not None:
            proxy.kill()
        urls.close()


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found += [int(p) for p in text.split()]
    return found


def test_a_worker_killed_mid_batch_stops_cleanly(tmp_path: Path) -> None:
    org, out = write_org(tmp_path), tmp_path / "out"
    sheet = write_csv(tmp_path / "clients.csv",
                      [client(f"CL-{n:02d}", name=f"Client Number{n:02d}") for n in range(40)])
    proc = subprocess.Popen(
        [sys.executable, "-m", "dsar", "batch", str(sheet), "--org", str(org), "--out", str(out),
         "--format", "pdf", "--jobs", "2", "--chunk", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("*/*-home-office-access.pdf"))) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
        time.sleep(0.05)
    workers = [p for p in children(proc.pid)
               if "multiprocessing" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
               and "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
    assert workers, children(proc.pid)
    os.kill(workers[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=180)
    errors = one_error_no_traceback(err)
    assert proc.returncode == 1
    assert len(errors) == 1 and errors[0].startswith(
        "Error: a worker process stopped unexpectedly (killed, or out of memory); the batch stopped: "
        ), errors
    assert (out / "manifest.json").is_file()
    again = dsar("batch", str(sheet), "--org", str(org), "--out", str(out), "--format", "pdf")
    assert again.returncode == 0, again.stderr


def test_a_silent_postgresql_server_gives_an_error_in_time_and_hides_the_password(tmp_path: Path) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(server.accept()[0])  # accept, and never say a word
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    try:
        url = f"postgresql+psycopg://caseworker:s3cret-Pa55@127.0.0.1:{server.getsockname()[1]}/dsar"
        for command in (["due"], ["remind"], ["track", "list"]):
            started = time.monotonic()
            done = dsar("--db", url, *command, timeout=60)
            took = time.monotonic() - started
            errors = one_error_no_traceback(done.stderr)
            assert done.returncode == 1, done.stderr
            assert took < 15, (command, took)
            assert len(errors) == 1 and "connection timeout expired" in errors[0], errors
            assert "s3cret" not in done.stderr + done.stdout
            assert "caseworker:***@127.0.0.1" in errors[0]
        assert held  # it was reached, and it answered nothing
    finally:
        server.close()
        for s in held:
            s.close()


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql+psycopg://bob:p@ss@127.0.0.1:5432/db",
     'Error: the password in "postgresql+psycopg://bob:***@127.0.0.1:5432/db" contains "@"; write '
     "each @ in it as %40 (URL encoding)"),
    ("postgresql+psycopg://bob:secret@127.0.0.1:54x2/db",
     'Error: the port in "postgresql+psycopg://bob:***@127.0.0.1:54x2/db" is not a number; write it '
     "as HOST:5432"),
])
def test_a_mistyped_url_is_one_line_and_never_shows_the_password(url: str, message: str) -> None:
    done = dsar("--db", url, "due", timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [message]
    assert "ss@" not in done.stderr and "secret" not in done.stderr


def test_the_timeouts_are_set_and_the_url_can_override_them() -> None:
    from sqlalchemy.engine import make_url

    from dsar.tracker.database import connect_args_for

    plain = connect_args_for(make_url("postgresql+psycopg://u@h/db"))
    assert plain["connect_timeout"] == 8 and plain["options"] == "-c statement_timeout=60000"
    given = connect_args_for(make_url(
        "postgresql+psycopg://u@h/db?connect_timeout=30&options=-csearch_path%3Dx"))
    assert "connect_timeout" not in given
    assert given["options"] == "-csearch_path=x -c statement_timeout=60000"
    none = connect_args_for(make_url(
        "postgresql+psycopg://u@h/db?options=-c%20statement_timeout%3D0"))
    assert "options" not in none
