"""Writing files that hold personal data: atomically, with mode 0600, never outside OUT."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
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
