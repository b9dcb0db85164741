"""The resumable plan of a batch: which files each client gets, which already exist, and the lock.

A batch's id is the first 16 hex digits of the SHA-256 of the input file (or
`--batch-id`). The first run records the batch's date in
OUT/.dsar-batch/<id>.json, so a run resumed on a later day writes the same file
names and letter dates. Every output is written atomically (a temp file, then a
rename), so a file under its final name is always complete: a client whose
files all exist is done and is skipped; any other client is made again. Temp
files left by a run that was killed are removed first. A lock
(OUT/.dsar-batch/lock) stops two runs writing into one folder at once.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from dsar.batch.rows import ClientRow
from dsar.controllers import Directory
from dsar.errors import BatchError
from dsar.files import inside, make_folder, write_private

STATE_DIR = ".dsar-batch"
BATCH_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
DOC_FORMATS = ("pdf", "html", "txt")  # cover sheet and letter of authority: no email draft
TEMP_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")  # dsar.files.write_private's temp names


def batch_id_for(digest: str, given: str | None) -> str:
    if given is None:
        return digest[:16]
    if not BATCH_ID.match(given):
        raise BatchError(
            f'--batch-id "{given}" must be 1-64 letters, digits, dots, hyphens or underscores'
        )
    return given


@dataclass(frozen=True)
class DocPlan:
    """One document of a client's pack and the files it becomes."""

    document: str  # "cover-sheet" | "letter-of-authority" | "letter" | "summary"
    controller_id: str | None
    kind: str | None  # "access" | "erasure" for letters
    stem: str  # file name without the extension
    formats: tuple[str, ...]
    language: str | None = None  # the summary sheet's language code (dsar.i18n)

    def file(self, fmt: str) -> str:
        return f"{self.stem}.{fmt}"


@dataclass(frozen=True)
class ClientPlan:
    client: ClientRow
    docs: tuple[DocPlan, ...]  # in print order: cover sheet, letter of authority, letters
    merged: str | None  # the file name of the client's merged PDF (--merge)
    # the summary sheet in the client's language (issue 14): its documents' stem and formats,
    # None for English
    summary: DocPlan | None = None

    @property
    def letters(self) -> tuple[DocPlan, ...]:
        return tuple(d for d in self.docs if d.document == "letter")

    def relative_files(self) -> list[str]:
        files = [f"{self.client.folder}/{d.file(fmt)}" for d in self.docs for fmt in d.formats]
        if self.summary is not None:
            files += [f"{self.client.folder}/{self.summary.file(fmt)}" for fmt in self.summary.formats]
        if self.merged:
            files.append(f"{self.client.folder}/{self.merged}")
        return files

    def is_complete(self, out: Path) -> bool:
        return all((out / f).is_file() for f in self.relative_files())


def plan_client(client: ClientRow, directory: Directory, on: date, formats: tuple[str, ...],
                merge: bool) -> ClientPlan:
    """The files of one client, named as `dsar generate` names them (date, organisation, kind)."""
    from dsar.compose import kind_named

    day = on.isoformat()
    doc_formats = tuple(f for f in formats if f in DOC_FORMATS)
    docs = [
        DocPlan("cover-sheet", None, None, f"{day}-cover-sheet", doc_formats),
        DocPlan("letter-of-authority", None, None, f"{day}-letter-of-authority", doc_formats),
    ]
    for cid, kind in client.letters:
        controller = directory.get(cid)
        has_email = controller.contacts_for(kind_named(kind).contacts).email is not None
        fmts = tuple(f for f in formats if f != "eml" or has_email)
        docs.append(DocPlan("letter", cid, kind, f"{day}-{cid}-{kind}", fmts))
    return ClientPlan(client, tuple(docs), f"{day}-print-all.pdf" if merge else None,
                      summary=_summary_plan(client, day, formats))


def _summary_plan(client: ClientRow, day: str, formats: tuple[str, ...]) -> DocPlan | None:
    """The summary sheet's files (dsar.summary.write_summary names them so), or None for English."""
    from dsar.i18n import ENGLISH, normalise

    code = client.profile.requester.language
    if code is None or normalise(code) == ENGLISH:
        return None
    code = normalise(code)
    return DocPlan("summary", None, None, f"{day}-summary-{code}",
                   tuple(f for f in formats if f in DOC_FORMATS), language=code)


@dataclass
class JobState:
    """The batch's record in OUT/.dsar-batch: its id, date and whether this run resumes it."""

    out: Path
    batch_id: str
    on: date
    resumed: bool
    _lock: IO[str] | None = None

    @classmethod
    def open(cls, out: Path, batch_id: str, digest: str, today: date, *,
             named: bool = False) -> JobState:
        """Create OUT and take its lock; read the batch's date if an earlier run recorded it.

        `named`: the id came from --batch-id, so the input file may have changed since
        (rows added to a clinic's sheet); otherwise an id belongs to one input file.
        """
        if out.exists() and not out.is_dir():
            raise BatchError(f"{out}: is a file; --out needs a folder")
        try:
            state_dir = make_folder(out / STATE_DIR)  # each folder it makes 0700 (issue 16)
        except OSError as exc:
            raise BatchError(f"{out}: cannot create the output folder ({exc.strerror})") from None
        lock = _take_lock(state_dir / "lock", out)
        record = state_dir / f"{batch_id}.json"
        try:
            if record.is_file():
                data = json.loads(record.read_text(encoding="utf-8"))
                on = date.fromisoformat(data["date"])
                if not named and data.get("input_sha256") not in (None, digest):
                    raise BatchError(
                        f"{out}: batch id {batch_id} was used for a different input file; "
                        "give another --batch-id or another --out"
                    )
                return cls(out, batch_id, on, True, lock)
            _write_record(record, {"batch_id": batch_id, "date": today.isoformat(),
                                   "input_sha256": digest, "clients": []})
            return cls(out, batch_id, today, False, lock)
        except (ValueError, KeyError, TypeError):
            lock.close()
            raise BatchError(
                f"{record}: is damaged; delete it to start this batch again"
            ) from None
        except BaseException:
            lock.close()
            raise

    @property
    def record(self) -> Path:
        return self.out / STATE_DIR / f"{self.batch_id}.json"

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def remove_temp_files(self, folders: list[str]) -> int:
        """Delete the temp files a killed run left behind (in OUT and the clients' folders)."""
        removed = 0
        for folder in [self.out, *(self.out / f for f in folders)]:
            try:
                entries = list(folder.iterdir())
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in entries:
                if TEMP_FILE.match(entry.name):
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed

    def client_folder(self, folder: str) -> Path:
        return inside(self.out, folder)


def _write_record(path: Path, data: dict[str, object]) -> None:
    write_private(path, json.dumps(data, indent=2) + "\n")


def _take_lock(path: Path, out: Path) -> IO[str]:
    # 0600 whatever the umask, and never through a link someone put there (issue 16)
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        raise BatchError(f"{path}: cannot take the batch lock ({exc.strerror})") from None
    handle = os.fdopen(fd, "a", encoding="utf-8")
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; documented
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise BatchError(
            f"{out}: another `dsar batch` is writing into this folder; wait for it to finish "
            "or use another --out"
        ) from None
    return handle
