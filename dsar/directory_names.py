"""Organisations' display names, read straight from the record files (for listings).

`dsar due`, `dsar remind` and `dsar track list` only need each id's short name.
Validating the whole directory (dsar.controllers.load_directory) costs pydantic's
import and a model per record, a large share of a `dsar due` run, so listings read
the names here instead. Records are validated wherever their facts are used.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from dsar.inputs import TOML_LIMIT, InputError, parse_toml, read_limited
from dsar.paths import letters_dir


def short_names(extra: Path | None = None) -> dict[str, str]:
    """id -> short name for the built-in records and those in `extra` (or DSAR_CONTROLLERS_DIR).

    A file that cannot be read or has no name is left out: the id then prints as it is.
    """
    if extra is None and os.environ.get("DSAR_CONTROLLERS_DIR"):
        extra = Path(os.environ["DSAR_CONTROLLERS_DIR"])
    folders = [letters_dir() / "controllers"]
    if extra is not None and extra.is_dir():
        folders.append(extra)
    names: dict[str, str] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.toml")):
            try:
                data = parse_toml(read_limited(path, "a controller record", TOML_LIMIT).decode("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, InputError):
                continue
            name = data.get("short_name") or data.get("name")
            if isinstance(name, str) and name.strip():
                names[str(data.get("id", path.stem))] = name.strip()
    return names
