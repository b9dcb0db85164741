"""Where the packaged `letters/` folder (templates, CSS, controller records) is.

In a wheel it is installed as `dsar/letters/`; in a source checkout or an
editable install it is the `letters/` folder at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def letters_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "letters", here.parent / "letters"):
        if (candidate / "controllers").is_dir():
            return candidate
    raise RuntimeError(f"the letters/ folder is missing beside {here}; reinstall dsar")
