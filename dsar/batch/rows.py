"""One spreadsheet row -> a validated client (Profile, organisations, letter kinds), or its problems.

Every problem is one line naming the row, the column as the file heads it, and
what to do: `row 3, column "Date of birth": "31/02/1990" is not a date; write
it as DD/MM/YYYY, e.g. 25/12/1990`. Profile problems come from the same
validation every other way in uses (dsar.profile), mapped back to the heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dsar.batch.columns import BY_KEY
from dsar.batch.org import Org
from dsar.batch.reader import Table
from dsar.controllers import Directory
from dsar.errors import BatchError, ControllerError, LetterError, ProfileError
from dsar.files import person_folder_name
from dsar.profile import Profile, profile_from_dict
from dsar.targets import Routed, Target, route

# The letters a batch makes (dsar.compose kinds that are first requests).
BATCH_KINDS = ("access", "erasure")
DEFAULT_KINDS = ("access",)

_KEYED = re.compile(r"^row \d+: (?P<key>[A-Za-z0-9_.]+|\(top level\)): (?P<msg>.*)$")


@dataclass(frozen=True)
class ClientRow:
    """A row that passed every check."""

    row: int
    reference: str
    profile: Profile
    controllers: tuple[str, ...]  # after processors were replaced by their controllers
    kinds: tuple[str, ...]  # the Letters column: for organisations given without :KIND
    folder: str  # the client's folder name under OUT
    targets: tuple[Target, ...] = ()  # each organisation and its own letters (dsar.targets)
    notes: tuple[str, ...] = ()  # processors named: where their letters went instead

    @property
    def letters(self) -> list[tuple[str, str]]:
        """(organisation id, kind) for every letter of this client, in order."""
        if not self.targets:
            return [(cid, kind) for cid in self.controllers for kind in self.kinds]
        return [(t.controller_id, kind) for t in self.targets for kind in t.kinds]

    @property
    def entries(self) -> list[str]:
        """The organisations as `id:kind` entries for dsar.generate.plan."""
        return [str(t) for t in self.targets] or list(self.controllers)


@dataclass
class BadRow:
    row: int
    cells: list[str]
    problems: list[str] = field(default_factory=list)


@dataclass
class Checked:
    """Every row of a table, sorted into good and bad."""

    good: list[ClientRow]
    bad: list[BadRow]
    warnings: list[str] = field(default_factory=list)  # rows that pass but look wrong

    @property
    def total(self) -> int:
        return len(self.good) + len(self.bad)

    def problem_lines(self) -> list[str]:
        return [p for b in self.bad for p in b.problems]


EXCEL_EPOCH = date(1899, 12, 30)  # Excel's day 0 (its day 60 is the 1900 leap day that never was)


ROUGH_YEARS = range(1900, 2101)  # a bare 4-digit number here in a rough-date column is a year


def parse_date(text: str, *, rough: bool = False) -> str:
    """A date as people type it (dsar.dates: DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD, day first)
    -> YYYY-MM-DD; raise ValueError saying how to write it.

    Day first, always (UK usage): 03/04/1990 is 3 April 1990, never 4 March. A bare
    number such as 32874 is what Excel stores for a date in a cell not formatted as a
    date: the message says which date it would be and how to fix the column.

    `rough`: the column also takes a month or a year, as a profile does (dsar.dates.
    parse_rough_date: "March 2024", "03/2024", "2024") -> "2024-03" or "2024". A 4-digit
    number from 1900 to 2100 is then a year, not an Excel serial (which would be 1905).
    """
    from dsar.dates import parse_date as parse_typed
    from dsar.dates import parse_rough_date

    value = text.strip()
    if rough and value.isdigit() and len(value) == 4 and int(value) in ROUGH_YEARS:
        return value
    if value.isdigit() and 1 <= int(value) <= 2958465 and int(value) != 60:
        day = EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(
            f'"{value}" looks like a date as Excel stores it ({day:%d/%m/%Y}), in a cell not '
            "formatted as a date; format the column as a date in the spreadsheet (or type the "
            "date as DD/MM/YYYY) and save again"
        )
    if rough:
        return parse_rough_date(value).stored()
    return parse_typed(value).isoformat()


def split_list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]


class RowChecker:
    """Checks rows one by one, remembering references and folders to catch duplicates."""

    def __init__(self, table: Table, directory: Directory, org: Org) -> None:
        self.table = table
        self.directory = directory
        self.org = org
        self.heading_of = {key: h for key, h in zip(table.keys, table.headings, strict=True) if key}
        self._references: dict[str, int] = {}
        self._folders: dict[str, tuple[int, str]] = {}
        self._people: dict[tuple[str, str], tuple[int, str]] = {}  # (name, birth date) -> row, ref
        self.warnings: list[str] = []

    def column(self, key: str) -> str:
        """How the file heads a column (or the template's heading when the file lacks it)."""
        if key in self.heading_of:
            return self.heading_of[key]
        return BY_KEY[key].heading if key in BY_KEY else key

    def _where(self, row: int, key: str) -> str:
        return f'row {row}, column "{self.column(key)}"'

    def check(self, row: int, cells: Sequence[str]) -> ClientRow | BadRow:
        values = {
            key: cell.strip()
            for key, cell in zip(self.table.keys, cells, strict=True)
            if key is not None and cell.strip()
        }
        problems: list[str] = []
        reported: set[str] = set()  # keys already reported, so the profile check does not repeat them
        for index, key in enumerate(self.table.keys):
            formula = self.table.unsaved_formulas.get((row, index))
            if formula is not None and key is not None:
                problems.append(
                    f"{self._where(row, key)}: is a formula ({formula[:40]}) with no saved value; "
                    "open and save the file in Excel or LibreOffice, or paste values"
                )
                reported.add(key)
        data: dict[str, Any] = {"representative": self.org.for_client(values.get("client_reference", ""))
                                .model_dump(exclude_none=True)}
        for key, value in values.items():
            if key in ("client_reference", "controllers", "kinds"):
                continue
            column = BY_KEY[key]
            parsed: Any = value
            if column.is_date:
                try:
                    parsed = parse_date(value, rough=column.is_rough)
                except ValueError as exc:
                    problems.append(f"{self._where(row, key)}: {exc}")
                    reported.add(key)
                    continue
            elif column.is_list:
                parsed = split_list(value)
            elif key in ("circumstances.electronic_monitoring", "circumstances.monitoring_reason"):
                parsed = "-".join(value.lower().split())
            elif key == "request.response_format":
                parsed = value.lower()
            section, _, name = key.partition(".")
            data.setdefault(section, {})[name] = parsed

        reference = values.get("client_reference", "")
        if not reference:
            problems.append(f"{self._where(row, 'client_reference')}: is empty; give each client "
                            "a reference of your own, e.g. CL-0042")
        elif reference in self._references:
            problems.append(f'{self._where(row, "client_reference")}: "{reference}" is also on row '
                            f"{self._references[reference]}; each client needs a different reference")
        kinds = self._kinds(row, values.get("kinds", ""), problems)
        routed = self._controllers(row, values.get("controllers", ""), kinds, problems)
        controllers = tuple(t.controller_id for t in routed.targets) if routed else ()

        profile: Profile | None = None
        try:
            profile = profile_from_dict(data, f"row {row}")
        except ProfileError as exc:
            for line in exc.problems:
                match = _KEYED.match(line)
                if match is None or match["key"] not in reported:
                    problems.append(self._profile_problem(row, line))

        if reference and reference not in self._references:
            self._references[reference] = row
        folder = ""
        if profile is not None and reference:
            folder = person_folder_name(profile.requester.full_name, reference=reference)
            other = self._folders.get(folder)
            if other is not None and other[1] != reference:
                problems.append(
                    f'{self._where(row, "client_reference")}: "{reference}" and "{other[1]}" '
                    f"(row {other[0]}) would share the folder {folder}; make the references differ "
                    "in letters or digits"
                )
            self._folders.setdefault(folder, (row, reference))
        if problems or profile is None:
            return BadRow(row=row, cells=list(cells), problems=_unique(problems))
        person = (" ".join(profile.requester.full_name.casefold().split()),
                  str(profile.requester.date_of_birth))
        same = self._people.setdefault(person, (row, reference))
        if same[1] != reference:
            born = date.fromisoformat(str(profile.requester.date_of_birth)).strftime("%d/%m/%Y")
            self.warnings.append(
                f'rows {same[0]} ("{same[1]}") and {row} ("{reference}") have the same name and '
                f"date of birth ({profile.requester.full_name}, {born}): if they are one person, "
                "keep one row and one reference; both are made as they are"
            )
        return ClientRow(row=row, reference=reference, profile=profile, controllers=controllers,
                         kinds=kinds, folder=folder, targets=routed.targets if routed else (),
                         notes=tuple(routed.notes.values()) if routed else ())

    def _controllers(self, row: int, text: str, kinds: Sequence[str],
                     problems: list[str]) -> Routed | None:
        """The organisations column: ids, or `id:kind` entries (dsar.targets), processors routed."""
        entries = split_list(text)
        where = self._where(row, "controllers")
        if not entries:
            problems.append(f"{where}: is empty; give one or more organisation ids separated by ; "
                            "(see `dsar controllers list`)")
            return None
        try:
            return route(entries, [k for k in kinds if k in BATCH_KINDS] or DEFAULT_KINDS,
                         self.directory, where="the entry")
        except ControllerError as exc:
            problems.extend(f"{where}: {line}" for line in exc.problems)
        except LetterError as exc:
            problems.append(f"{where}: {exc.message}")
        return None

    def _kinds(self, row: int, text: str, problems: list[str]) -> tuple[str, ...]:
        kinds = [k.lower() for k in split_list(text)] or list(DEFAULT_KINDS)
        for kind in kinds:
            if kind not in BATCH_KINDS:
                problems.append(f'{self._where(row, "kinds")}: "{kind}" is not a letter a batch '
                                f"makes; use {' or '.join(BATCH_KINDS)}")
        return tuple(dict.fromkeys(kinds))

    def _profile_problem(self, row: int, line: str) -> str:
        match = _KEYED.match(line)
        if not match:
            return line
        key, msg = match["key"], match["msg"]
        msg = msg.replace("must be true or false", "must be yes or no (or left empty)")
        msg = msg.replace("use YYYY-MM-DD", "write it as DD/MM/YYYY")
        if key.startswith("representative"):
            return f"row {row}: {key}: {msg} (from --org)"
        if key in BY_KEY:
            if msg == "is required":
                msg = "is empty; fill it in"
            return f"{self._where(row, key)}: {msg}"
        section = key.partition(".")[0]
        if section == "requester" and key == "requester":
            return f"{self._where(row, 'requester.full_name')}: {msg}"
        return f"row {row}: {key}: {msg}"


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def check_table(table: Table, directory: Directory, org: Org) -> Checked:
    """Check every row; each bad row is reported once, with every problem it has."""
    missing = [c for c in BY_KEY.values() if c.required and c.key not in table.keys]
    if missing:
        names = ", ".join(f'"{c.heading}"' for c in missing)
        raise BatchError(
            f"{table.path}: has no {names} column; add it (see `dsar batch template`)"
        )
    checker = RowChecker(table, directory, org)
    good: list[ClientRow] = []
    bad: list[BadRow] = []
    for number, cells in table.rows:
        result = checker.check(number, cells)
        if isinstance(result, ClientRow):
            good.append(result)
        else:
            bad.append(result)
    return Checked(good=good, bad=bad, warnings=checker.warnings)
