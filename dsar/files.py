"""Writing files that hold personal data: atomically, with mode 0600, never outside OUT."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

from dsar.errors import LetterError

PRIVATE_MODE = 0o600
FOLDER_MODE = 0o700
NAME_MAX = 255  # bytes in one file or folder name (ext4, APFS, NTFS all stop near here)
PATH_MAX = 4095  # bytes in a whole path (Linux PATH_MAX less its NUL)
_KINDS = (
    (stat.S_ISREG, "a file"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)


class OutputError(LetterError):
    """dsar will not write at this path (not a regular file, a name too long...)."""


def what_is(mode: int) -> str:
    """'a folder', 'a device', 'a symbolic link'... for a non-regular file's st_mode."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def check_target(path: Path) -> None:
    """Refuse to write at `path` unless it is missing or a regular file (not followed if a link).

    `dsar due --ics /dev/null` would otherwise replace /dev/null with a file of case
    details; `--out link` would replace a link the user made.
    """
    check_length(path)
    try:
        found = path.lstat()
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise OutputError(f"{path}: part of this path is a file, not a folder; "
                          "choose another path") from None
    except OSError as exc:
        raise OutputError(f"{path}: cannot be checked ({exc.strerror}); choose another path") from None
    if not stat.S_ISREG(found.st_mode):
        raise OutputError(f"{path} is {what_is(found.st_mode)}, not a regular file; dsar writes only "
                          "new files or regular files; choose another path")


def check_length(path: Path) -> None:
    """Refuse a path the file system cannot hold, before any folder of it is created."""
    raw = os.fsencode(path)
    if len(raw) > PATH_MAX:
        raise OutputError(f"the path {_short(path)} is {len(raw)} bytes long; a path can be at most "
                          f"{PATH_MAX}; choose a shorter one")
    for part in path.parts:
        if len(os.fsencode(part)) > NAME_MAX:
            raise OutputError(f'the name "{_short(Path(part))}" is {len(os.fsencode(part))} bytes long; '
                              f"a file or folder name can be at most {NAME_MAX}; choose a shorter one")


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 80 else f"{text[:40]}...{text[-30:]}"


def make_folder(path: Path) -> Path:
    """Create `path` and any missing parents, each new one with mode 0700; existing ones are kept.

    (`Path.mkdir(parents=True, mode=...)` gives the parents the umask's mode, 0755 or
    0777, so other users could list client folder names.)
    """
    check_length(path)
    missing: list[Path] = []
    current = path
    while True:
        try:
            found = current.stat()
        except FileNotFoundError:
            missing.append(current)
            if current.parent == current:
                break
            current = current.parent
            continue
        except NotADirectoryError:
            raise OutputError(f"{current}: part of this path is a file, not a folder; "
                              "choose another folder") from None
        if not stat.S_ISDIR(found.st_mode):
            raise OutputError(f"{current} is {what_is(found.st_mode)}, not a folder; "
                              "choose another folder")
        break
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise OutputError(f"{folder} is a file, not a folder; choose another folder") from None
    return path


def write_private(path: Path, data: bytes | str, mode: int = PRIVATE_MODE) -> Path:
    """Write `data` to `path` atomically: a temp file in the same folder, fsync, rename.

    The file never exists half-written under its final name, and it is created
    with `mode` (0600 by default) so no other user can read it. Only a missing path
    or a regular file is written: a device, pipe, socket, folder or symbolic link at
    `path` is refused with an OutputError. Folders created on the way are 0700.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    check_target(path)
    make_folder(path.parent)
    prefix = f".{path.name}." if len(os.fsencode(path.name)) <= NAME_MAX - 30 else ".dsar."
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError as exc:  # name the file asked for, not the temp file
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        check_target(path)  # nothing swapped in meanwhile (rename would replace a link, not follow it)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def os_problem(exc: OSError) -> str:
    """One line for an operating-system error met reading or writing a file: what and what to do."""
    where = exc.filename if exc.filename is not None else "a file"
    reasons = {
        errno.EACCES: "permission denied; choose a place you can write to or check its permissions",
        errno.EPERM: "not permitted; choose a place you can write to or check its permissions",
        errno.EROFS: "the file system is read-only; choose another place",
        errno.ENOSPC: "the disk is full; free some space and run the command again",
        errno.EDQUOT: "your disk quota is used up; free some space and run the command again",
        errno.EISDIR: "is a folder; give a file name",
        errno.ENOTDIR: "part of this path is a file, not a folder; choose another path",
        errno.ENAMETOOLONG: (f"the path or a name in it is too long (at most {NAME_MAX} bytes a "
                             f"name, {PATH_MAX} a path); choose a shorter one"),
        errno.ELOOP: "too many symbolic links (a loop?); give the real path",
        errno.ENOENT: "no such file or folder; check the path",
        errno.EEXIST: "already exists; choose another path",
    }
    reason = reasons.get(exc.errno or -1, f"{exc.strerror or type(exc).__name__}; check the path")
    return f"{where}: {reason}"


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
