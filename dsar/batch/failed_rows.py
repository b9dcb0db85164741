"""failed-rows.csv: exactly the rows still failing, unchanged, with a last column saying why.

Written as UTF-8 with a byte-order mark, so Excel opens every character
correctly and `dsar batch` reads it back; the extra column is ignored on the
way back in, so a fixed file can be fed straight back.

The list is kept across runs into one output folder (OUT/.dsar-batch/failed-rows.json):
a run drops every row whose client it made (or whose client this folder's
manifest already has) and adds the rows that failed this time, so re-running
the fixed failed-rows.csv, or the original sheet, leaves only what still fails.
Cells a spreadsheet would run as a formula get a leading apostrophe (as in
manifest.csv); reading the file back takes it off again, so letters show the
text as typed.

dsar never deletes a file it did not write for itself: when nothing fails any
more, failed-rows.csv is removed only if it is exactly as dsar wrote it and is
not the file this run read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dsar.batch.columns import PROBLEM_HEADING, is_problem_column
from dsar.batch.job import STATE_DIR
from dsar.batch.manifest import neutralise
from dsar.batch.reader import Table
from dsar.batch.rows import BadRow
from dsar.files import write_private

FILE_NAME = "failed-rows.csv"
STATE_NAME = "failed-rows.json"


@dataclass
class FailedRow:
    """A row still failing: its cells by column (key, or heading when unknown) and why."""

    reference: str  # the client reference, "" when the row has none
    input: str  # the file it came from
    row: int
    cells: list[tuple[str, str, str]]  # (column key, heading as that file had it, value)
    why: str

    @property
    def ident(self) -> str:
        return self.reference or f"{self.input}#{self.row}"

    def as_json(self) -> dict[str, Any]:
        return {"client_reference": self.reference, "input": self.input, "row": self.row,
                "cells": [list(c) for c in self.cells], "why": self.why}


@dataclass
class FailedRows:
    """What a run leaves in OUT: the rows still failing and the failed-rows.csv that lists them."""

    rows: list[FailedRow]
    path: Path | None  # failed-rows.csv when written this run
    kept: Path | None = None  # a failed-rows.csv left alone (edited by hand, or this run's input)


def from_table(table: Table, bad: BadRow) -> FailedRow:
    """A failed row of `table` as kept in the list."""
    cells = []
    reference = ""
    for key, heading, value in zip(table.keys, table.headings, bad.cells, strict=False):
        if is_problem_column(heading):
            continue
        cells.append((key or heading, heading, value))
        if key == "client_reference":
            reference = value.strip()
    why = " | ".join(_without_row(p, bad.row) for p in bad.problems)
    return FailedRow(reference, table.path.name, bad.row, cells, why)


def _without_row(problem: str, number: int) -> str:
    """'row 3, column "X": ...' -> 'column "X": ...' (the row number is said once)."""
    for prefix in (f"row {number}, ", f"row {number}: "):
        if problem.startswith(prefix):
            return problem[len(prefix):]
    return problem


def failed_rows_csv(rows: list[FailedRow]) -> str:
    """The CSV text: every column any failed row has (first heading seen for it) and one more."""
    headings: dict[str, str] = {}
    for row in rows:
        for key, heading, _ in row.cells:
            headings.setdefault(key, heading)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*(neutralise(h) for h in headings.values()), PROBLEM_HEADING])
    for row in rows:
        values = {key: value for key, _, value in row.cells}
        writer.writerow([neutralise(values.get(key, "")) for key in headings]
                        + [neutralise(f"row {row.row} of {row.input}: {row.why}")])
    return buffer.getvalue()


def update_failed_rows(out: Path, table: Table, failing: list[FailedRow], settled: set[str],
                       ) -> FailedRows:
    """Merge this run into OUT's list of failing rows and write failed-rows.csv.

    `failing`: this run's failed rows (bad cells, or a client's own fault);
    `settled`: the client references now made (this run or in the manifest), whose
    old failures are over.
    """
    state_path = out / STATE_DIR / STATE_NAME
    previous, written_digest = _load(state_path)
    this_input = table.path.name
    here = _idents(table)
    rows = [r for r in previous
            if r.ident not in here and r.ident not in settled
            and not (not r.reference and r.input == this_input)]
    rows += [r for r in failing if not (r.reference and r.reference in settled)]
    csv_path = out / FILE_NAME
    result = FailedRows(rows, None)
    if rows:
        payload = failed_rows_csv(rows).encode("utf-8-sig")
        result.path = write_private(csv_path, payload)
        written_digest = hashlib.sha256(payload).hexdigest()
    elif csv_path.is_file():
        ours = _digest(csv_path) == written_digest
        is_input = csv_path.resolve() == table.path.resolve()
        if ours and not is_input:
            csv_path.unlink()
        else:
            result.kept = csv_path
        written_digest = None
    write_private(state_path, json.dumps(
        {"rows": [r.as_json() for r in rows], "csv_sha256": written_digest}, indent=1,
        ensure_ascii=False) + "\n")
    return result


def _idents(table: Table) -> set[str]:
    """The client references (or file#row) of every row of `table`."""
    try:
        column = table.keys.index("client_reference")
    except ValueError:
        return set()
    return {cells[column].strip() or f"{table.path.name}#{number}" for number, cells in table.rows}


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _load(path: Path) -> tuple[list[FailedRow], str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = [FailedRow(str(r["client_reference"]), str(r["input"]), int(r["row"]),
                          [(str(k), str(h), str(v)) for k, h, v in r["cells"]], str(r["why"]))
                for r in data["rows"]]
        return rows, data.get("csv_sha256")
    except (OSError, ValueError, KeyError, TypeError):
        return [], None  # none yet (or unreadable: this run's failures start it again)
