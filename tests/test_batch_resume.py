"""A batch killed outright (SIGKILL) or stopped with Ctrl-C resumes where it stopped.

Each test starts the real `dsar batch` in a subprocess with its worker pool,
waits until some clients' files exist, stops it, checks that every file there is
complete, runs the batch again and checks that the result is whole: every file,
valid PDFs, no temp files, no duplicate tracker entries.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_fixtures import client, write_csv, write_org
from pypdf import PdfReader

from dsar.tracker import Tracker

CLIENTS = 10  # x (cover sheet + authority + 1 letter) = 30 PDFs in chunks of 3 documents
# Ctrl-C must land while the batch is still working: after the first client's files appear,
# this many clients leave several seconds of work even on a busy machine (with 10, a loaded
# CI machine once finished the batch before the signal arrived).
CTRL_C_CLIENTS = 40
pytestmark = pytest.mark.slow


def _ctrl_c_as_in_a_terminal() -> None:
    # A shell without job control starts background jobs with SIGINT ignored, and an ignored
    # signal stays ignored in every program they start: the batch would never see Ctrl-C.
    # In a terminal it is not ignored, so give the batch the default, as a terminal does.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(clients: Path, org: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dsar", "batch", str(clients), "--org", str(org), "--out", str(out),
         "--format", "pdf", "--format", "txt", "--chunk", "3", "--jobs", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,  # a test: no threads started yet
    )


def wait_for_some_output(out: Path, proc: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = len(list(out.glob("*/*-home-office-access.pdf")))
        if done >= 1:
            return done
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("no output within 120 s")


def check_whole(out: Path, db: Path, clients: int = CLIENTS) -> None:
    folders = sorted(p for p in out.iterdir() if p.is_dir() and p.name != ".dsar-batch")
    assert len(folders) == clients
    for n, folder in enumerate(folders):
        names = sorted(p.name for p in folder.iterdir() if p.name != ".dsar-person")
        assert names == [f"2026-11-26-{stem}.{ext}" for stem in
                         ("cover-sheet", "home-office-access", "letter-of-authority") for ext in ("pdf", "txt")]
        for pdf in folder.glob("*.pdf"):
            reader = PdfReader(pdf, strict=True)
            text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
            assert f"Client Number{n:02d}" in text, pdf
            assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text, pdf
    assert list(out.rglob("*.tmp")) == []
    with Tracker.open(str(db)) as tracker:
        requests = tracker.list()
    keys = [r.key for r in requests]
    assert len(keys) == clients and len(set(keys)) == clients
    assert sorted(r.client_reference or "" for r in requests) == [f"CL-{n:02d}" for n in range(clients)]
    assert all([e.kind for e in r.events] == ["drafted"] for r in requests)
    assert (out / "manifest.json").is_file()


def existing_pdfs_are_complete(out: Path) -> int:
    pdfs = list(out.rglob("*.pdf"))
    for pdf in pdfs:
        assert len(PdfReader(pdf, strict=True).pages) >= 1, pdf
    return len(pdfs)


def make_batch(tmp_path: Path, clients: int) -> tuple[Path, Path, Path, Path]:
    rows = [client(f"CL-{n:02d}", name=f"Client Number{n:02d}") for n in range(clients)]
    return (write_csv(tmp_path / "clients.csv", rows), write_org(tmp_path), tmp_path / "out",
            tmp_path / "tracker.sqlite")


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    return make_batch(tmp_path, CLIENTS)


def test_a_batch_killed_outright_resumes_and_ends_whole(batch: tuple[Path, Path, Path, Path]) -> None:
    clients, org, out, db = batch
    proc = start(clients, org, out)
    wait_for_some_output(out, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the command and its workers, with no warning
    proc.communicate()
    assert not (out / "manifest.json").exists(), "the batch finished before it was killed"
    before = existing_pdfs_are_complete(out)
    assert 0 < before < 3 * CLIENTS
    rerun = start(clients, org, out)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    check_whole(out, db)


def test_ctrl_c_stops_cleanly_and_the_next_run_carries_on(tmp_path: Path) -> None:
    clients, org, out, db = make_batch(tmp_path, CTRL_C_CLIENTS)
    proc = start(clients, org, out)
    wait_for_some_output(out, proc)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole group on Ctrl-C
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert err.decode().splitlines()[-2:] == [
        "Stopping: every file written so far is complete. Run the same command again to carry on "
        "where it stopped.",
        "Stopped.",
    ]
    existing_pdfs_are_complete(out)
    assert not (out / "manifest.json").exists()
    rerun = start(clients, org, out)
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    assert "were already complete" in err.decode()
    check_whole(out, db, CTRL_C_CLIENTS)
