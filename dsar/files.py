"""Writing files that hold personal data: atomically, with mode 0600, never outside OUT."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from dsar.errors import LetterError

PRIVATE_MODE = 0o600


def write_private(path: Path, data: bytes | str, mode: int = PRIVATE_MODE) -> Path:
    """Write `data` to `path` atomically: a temp file in the same folder, fsync, rename.

    The file never exists half-written under its final name, and it is created
    with `mode` (0600 by default) so no other user can read it.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def slug(text: str, fallback: str = "requester", limit: int = 60) -> str:
    """A safe file-name part: ASCII letters, digits and hyphens only, transliterated from any script.

    'Amira Q. Example' -> 'amira-q-example'; '../../etc' -> 'etc'; 'محمد علي' -> 'mhmd-ly';
    '张伟' -> 'zhangwei'. Different names can give the same slug: a slug is for reading, never
    for telling people apart (see `person_folder`).
    """
    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFC", text))
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].strip("-") or fallback


MARKER = ".dsar-person"  # in each person's folder: whose letters it holds (a hash, no name)


def person_key(full_name: str, date_of_birth: date | None = None, *, reference: str | None = None) -> str:
    """A stable id for one person: from the client reference when there is one, else from the
    exact name (Unicode NFC, case folded, spaces collapsed) and the date of birth."""
    if reference:
        basis = "ref:" + unicodedata.normalize("NFC", reference).strip().casefold()
    else:
        name = " ".join(unicodedata.normalize("NFC", full_name).casefold().split())
        basis = f"name:{name}|dob:{date_of_birth.isoformat() if date_of_birth else ''}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def person_folder_name(full_name: str, date_of_birth: date | None = None, *,
                       reference: str | None = None) -> str:
    """<readable-slug>-<8 hex of person_key>, e.g. 'mhmd-ly-3f9a1c2e': unique per person whatever
    their script (names with no Latin letters, names that differ only in accents or punctuation,
    or after 40 characters, all get folders of their own). A batch client's folder starts with
    the client reference: '<reference>-<name>-<id>'."""
    key = person_key(full_name, date_of_birth, reference=reference)[:8]
    readable = slug(full_name, "person", limit=40)
    if reference:
        readable = f"{slug(reference, 'client', limit=30)}-{readable}"
    return f"{readable}-{key}"


def claim_folder(folder: Path, key: str) -> None:
    """Make sure `folder` (created 0700 if missing) holds only this person's letters.

    The first writer leaves a marker with the person's key; a folder whose marker names another
    person is refused, so one person's letters can never replace another's.
    """
    marker = folder / MARKER
    if marker.is_file():
        held = marker.read_text(encoding="ascii", errors="replace").strip()
        if held and held != key:
            raise LetterError(f"{folder} holds another person's letters; choose another --out, "
                              "or move that folder away first")
        if held == key:
            return
    elif marker.exists() or marker.is_symlink():
        raise LetterError(f"{marker} is not a regular file; remove it, or choose another --out")
    write_private(marker, key + "\n")


def person_folder(out: Path, full_name: str, date_of_birth: date | None = None, *,
                  reference: str | None = None, claim: bool = True) -> Path:
    """OUT/<person_folder_name>, checked to stay inside OUT and (when `claim`) claimed for this
    person before anything is written into it."""
    folder = inside(out, person_folder_name(full_name, date_of_birth, reference=reference))
    if claim:
        claim_folder(folder, person_key(full_name, date_of_birth, reference=reference))
    return folder


def inside(base: Path, *parts: str) -> Path:
    """`base/parts...`, refusing any result that would land outside `base`."""
    root = base.resolve()
    target = root.joinpath(*parts).resolve()
    if target != root and root not in target.parents:
        raise LetterError(f"refusing to write outside {base}: {'/'.join(parts)}")
    return target
