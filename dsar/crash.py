"""The last resort: an unexpected exception's traceback goes to a private file, never the screen.

`save_crash(exc)` writes `crash-<UTC time>-<pid>.txt` (mode 0600) in the data folder
(the tracker's default folder), or the system's temporary folder when that cannot be
made, and returns its path; None when nothing could be written.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path


def _folders() -> list[Path]:
    found: list[Path] = []
    from dsar.tracker.database import data_folder

    with contextlib.suppress(Exception):  # HOME unset or odd: the temporary folder only
        found.append(data_folder())
    found.append(Path(tempfile.gettempdir()))
    return found


def save_crash(exc: BaseException) -> Path | None:
    """Write the traceback, dsar's version and the command's shape to a 0600 file; its path."""
    from dsar import __version__
    from dsar.terminal import safe_lines

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    # a message in the traceback can quote a value (a name, a cell): no escapes when the
    # file is shown in a terminal (`cat`), its own lines kept
    text = safe_lines("".join([
        f"dsar {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n",
        f"command: dsar {' '.join(sys.argv[1:2])} ...\n\n",
        *traceback.format_exception(exc),
    ]))
    for folder in _folders():
        try:
            from dsar.files import make_folder

            make_folder(folder)
            fd, name = tempfile.mkstemp(dir=folder, prefix=f"crash-{stamp}-{os.getpid()}-", suffix=".txt")
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(text)
            return Path(name)
        except Exception:  # noqa: S112 - try the next folder
            continue
    return None
