"""failed-rows.csv: the rows that failed, unchanged, with a last column saying why.

Written as UTF-8 with a byte-order mark, so Excel opens every character
correctly and `dsar batch` reads it back; the extra column is ignored on the
way back in, so a fixed file can be fed straight back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from dsar.batch.columns import PROBLEM_HEADING, is_problem_column
from dsar.batch.reader import Table
from dsar.batch.rows import BadRow
from dsar.files import write_private

FILE_NAME = "failed-rows.csv"


def failed_rows_csv(table: Table, bad: list[BadRow]) -> str:
    """The CSV text: the file's own headings (without an old problem column) and one more."""
    keep = [i for i, h in enumerate(table.headings) if not is_problem_column(h)]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*(table.headings[i] for i in keep), PROBLEM_HEADING])
    for row in bad:
        why = " | ".join(_without_row(p, row.row) for p in row.problems)
        writer.writerow([*(row.cells[i] for i in keep), f"row {row.row} of {table.path.name}: {why}"])
    return buffer.getvalue()


def _without_row(problem: str, number: int) -> str:
    """'row 3, column "X": ...' -> 'column "X": ...' (the row number is said once)."""
    for prefix in (f"row {number}, ", f"row {number}: "):
        if problem.startswith(prefix):
            return problem[len(prefix):]
    return problem


def write_failed_rows(table: Table, bad: list[BadRow], out: Path) -> Path:
    """Write OUT/failed-rows.csv atomically (mode 0600: it holds personal data)."""
    return write_private(out / FILE_NAME, failed_rows_csv(table, bad).encode("utf-8-sig"))
