"""Reading the files a person gives dsar: regular files only, and no more than a stated size.

A FIFO as a profile used to hang dsar forever and /dev/zero exhausted memory. Every
input is now opened without blocking, checked to be a regular file, and read up to its
limit (the limits are in docs/profile.md, docs/batch.md and docs/followups.md):

| input                                  | limit  |
|----------------------------------------|--------|
| profile (TOML)                          | 1 MB   |
| org.toml, controller records (TOML)     | 1 MB   |
| batch sheet (CSV or XLSX)               | 50 MB  |
| org logo (PNG or JPEG)                  | 512 KB |
| a file logged with `track log --file`   | 100 MB |

Missing files and permission problems still raise the usual OSError, so each caller
keeps its own message for those; anything else is an InputError (one line).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dsar.errors import DsarError

MB = 1024 * 1024
PROFILE_LIMIT = 1 * MB
TOML_LIMIT = 1 * MB  # org.toml, controller records
SHEET_LIMIT = 50 * MB
ATTACHMENT_LIMIT = 100 * MB


class InputError(DsarError):
    """An input path is not a regular file, or is larger than dsar reads."""


def size_text(limit: int) -> str:
    return f"{limit // MB} MB" if limit >= MB else f"{limit // 1024} KB"


def _open_regular(path: Path, what: str) -> tuple[int, os.stat_result]:
    # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting forever
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        found = os.fstat(fd)
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        if not stat.S_ISREG(found.st_mode):
            from dsar.files import what_is

            raise InputError(f"{path} is {what_is(found.st_mode)}, not a regular file; "
                             f"give {what} as a file")
    except BaseException:
        os.close(fd)
        raise
    return fd, found


def check_regular(path: Path, what: str, limit: int) -> int:
    """The size of `path` after checking it is a regular file no larger than `limit`."""
    fd, found = _open_regular(path, what)
    os.close(fd)
    if found.st_size > limit:
        raise InputError(f"{path}: is larger than {size_text(limit)}, the most dsar reads for "
                         f"{what}; give a smaller file")
    return found.st_size


def read_limited(path: Path, what: str, limit: int, too_big: str | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    `what` names the input in messages ("a profile", "the logo"); `too_big` replaces the
    message for a file over the limit.
    """
    fd, found = _open_regular(path, what)
    message = too_big or (f"{path}: is larger than {size_text(limit)}, the most dsar reads for "
                          f"{what}; give a smaller file")
    try:
        if found.st_size > limit:
            raise InputError(message)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 * MB, limit + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise InputError(message)
    finally:
        os.close(fd)
    return b"".join(chunks)


def parse_toml(text: str) -> dict[str, object]:
    """tomllib.loads, with nesting too deep for Python (RecursionError) as a TOMLDecodeError."""
    import tomllib

    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("tables or lists are nested too deeply") from None
