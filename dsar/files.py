"""Writing files that hold personal data: atomically, with mode 0600, never outside OUT."""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import unicodedata
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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
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


def slug(text: str, fallback: str = "requester") -> str:
    """A safe file-name part: ASCII letters, digits and hyphens only.

    'Amira Q. Example' -> 'amira-q-example'; '../../etc' -> 'etc'.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:60].strip("-") or fallback


def inside(base: Path, *parts: str) -> Path:
    """`base/parts...`, refusing any result that would land outside `base`."""
    root = base.resolve()
    target = root.joinpath(*parts).resolve()
    if target != root and root not in target.parents:
        raise LetterError(f"refusing to write outside {base}: {'/'.join(parts)}")
    return target
