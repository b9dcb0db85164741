"""Loading the directory: the shipped records, then a user's own folder overriding by id.

Records are TOML files, one per organisation, in `letters/controllers/` (shipped
inside the package) and optionally in a user's own folder (`--controllers DIR`
or DSAR_CONTROLLERS_DIR), whose records add to or override the built-in ones
by id. Every record is validated on load; errors name the file and the field.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from dsar.directory.records import Controller
from dsar.directory.search import search
from dsar.errors import ControllerError
from dsar.inputs import TOML_LIMIT, InputError, parse_toml, read_limited
from dsar.paths import letters_dir
from dsar.profile import problems_from


class Directory:
    """All controller records: built-in ones, then a user's folder overriding by id."""

    def __init__(self, records: dict[str, Controller], origins: dict[str, Path],
                 local: tuple[object, ...] = ()) -> None:
        self._records = records
        self.origins = origins
        self.local = local  # the organisation's own facts applied (dsar.directory.local)

    def __iter__(self) -> Iterator[Controller]:
        return iter(sorted(self._records.values(), key=lambda c: c.id))

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, controller_id: object) -> bool:
        return controller_id in self._records

    def get(self, controller_id: str) -> Controller:
        try:
            return self._records[controller_id]
        except KeyError:
            raise ControllerError([self._unknown_message(controller_id)]) from None

    def _unknown_message(self, controller_id: str) -> str:
        import difflib

        close = difflib.get_close_matches(controller_id, list(self._records), n=3)
        if not close:  # "gmp", "met": what people call it, not its id
            try:
                close = [hit.controller.id for hit in search(self, controller_id, limit=3)]
            except ControllerError:
                close = []
        hint = f"did you mean {', '.join(close)}? " if close else ""
        return (f'no organisation with id "{controller_id}"; {hint}'
                f"see `dsar controllers list` or `dsar controllers search TEXT`")

    @cached_property
    def ids(self) -> list[str]:
        return sorted(self._records)


def load_record(path: Path) -> Controller:
    """Read and validate one record file; errors name the file and the field."""
    try:
        data = parse_toml(read_limited(path, "a controller record", TOML_LIMIT).decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ControllerError([f"{path}: not valid TOML: {exc}"]) from None
    except InputError as exc:
        raise ControllerError([exc.message]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ControllerError([f"{path}: cannot be read: {exc}"]) from None
    try:
        record = Controller.model_validate(data)
    except ValidationError as exc:
        raise ControllerError([_explained(line) for line in problems_from(exc, str(path))]) from None
    if record.id != path.stem:
        raise ControllerError([f'{path}: id: "{record.id}" must match the file name "{path.stem}"'])
    return record


def _explained(line: str) -> str:
    """Say what a missing source or read date should be."""
    if line.endswith(".source: is required"):
        return line + ("; give the page the fact was read on, or where your organisation "
                       "learnt it, and read_on")
    if line.endswith(".read_on: is required"):
        return line + "; give the date the source was read, YYYY-MM-DD"
    return line


def _read_folder(folder: Path) -> dict[str, tuple[Controller, Path]]:
    found: dict[str, tuple[Controller, Path]] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            record = load_record(path)
        except ControllerError as exc:
            problems.extend(exc.problems)
            continue
        found[record.id] = (record, path)
    if problems:
        raise ControllerError(problems)
    return found


def load_directory(extra: Path | None = None) -> Directory:
    """The built-in records plus those in `extra` (or DSAR_CONTROLLERS_DIR), validated."""
    if extra is None and os.environ.get("DSAR_CONTROLLERS_DIR"):
        extra = Path(os.environ["DSAR_CONTROLLERS_DIR"])
    found = _read_folder(letters_dir() / "controllers")
    if extra is not None:
        if not extra.is_dir():
            raise ControllerError([f"{extra}: no such folder of controller records; check the path"])
        found.update(_read_folder(extra))
    records = {cid: rec for cid, (rec, _) in found.items()}
    origins = {cid: path for cid, (_, path) in found.items()}
    problems = [
        f"{origins[c.id]}: redirect_to: no organisation with id \"{c.redirect_to}\""
        for c in records.values()
        if c.redirect_to and c.redirect_to not in records
    ]
    problems += [
        f"{origins[c.id]}: works_for: no organisation with id \"{route.controller}\""
        for c in records.values() for route in c.works_for
        if route.controller not in records
    ]
    if problems:
        raise ControllerError(problems)
    return Directory(records, origins)
