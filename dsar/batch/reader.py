"""Reading a batch input file: CSV (UTF-8, UTF-8 with BOM, Windows-1252) or XLSX, into rows of text.

Every cell becomes text: XLSX dates become DD/MM/YYYY (how a UK spreadsheet shows
them), whole numbers lose their `.0`. Row numbers are the spreadsheet's own
(the heading row is row 1), so an adviser can find a row in Excel.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from dsar.batch.columns import is_problem_column, key_for
from dsar.errors import BatchError
from dsar.inputs import InputError, read_limited

ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with a byte-order mark",
    "cp1252": "Windows-1252 (Excel's \"CSV\" format)",
}
MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024  # an .xlsx is a zip: what its parts unpack to
MAX_CELLS = 2_000_000  # e.g. 50,000 clients x 40 columns


@dataclass
class Table:
    """A batch input file read into text cells."""

    path: Path
    headings: list[str]  # as the file has them
    keys: list[str | None]  # the column key per heading; None for the failed-rows problem column
    rows: list[tuple[int, list[str]]]  # (spreadsheet row number, cells), blank rows left out
    encoding: str  # a codec name, or "xlsx"
    digest: str  # sha256 of the file's bytes

    @property
    def encoding_name(self) -> str:
        return ENCODING_NAMES.get(self.encoding, self.encoding)


def read_table(path: Path, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file; raise BatchError (one line, what to do) if it cannot be used."""
    try:
        raw = read_limited(path, "a batch sheet", MAX_BYTES,
                           too_big=f"{path}: is larger than 50 MB; split it into smaller files")
    except FileNotFoundError:
        raise BatchError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise BatchError(f"{path}: is a folder; give a .csv or .xlsx file") from None
    except InputError as exc:  # a FIFO, a device: never read (issue 16)
        raise BatchError(exc.message) from None
    except OSError as exc:
        raise BatchError(f"{path}: cannot be read ({exc.strerror})") from None
    digest = hashlib.sha256(raw).hexdigest()
    if raw[:4] == b"PK\x03\x04" or path.suffix.lower() in (".xlsx", ".xlsm"):
        if encoding:
            raise BatchError(f"{path}: --encoding applies to CSV files only; leave it out for .xlsx")
        grid = _xlsx_rows(path, raw, sheet)
        used = "xlsx"
    else:
        if sheet:
            raise BatchError(f"{path}: --sheet applies to .xlsx files only; leave it out for CSV")
        text, used = _decode(path, raw, encoding)
        grid = _csv_rows(path, text)
    return _table(path, grid, used, digest)


def _decode(path: Path, raw: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            raise BatchError(
                f'--encoding "{encoding}" is not an encoding; use utf-8, utf-8-sig or cp1252'
            ) from None
        # rot13, base64, zlib... are codecs but not text encodings (decode raised LookupError)
        if not getattr(info, "_is_text_encoding", True):
            raise BatchError(
                f'--encoding "{encoding}" is not a text encoding; use utf-8, utf-8-sig or cp1252'
            )
        name = info.name
        try:
            return raw.decode(name), name
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise BatchError(
                f"{path}: is not {ENCODING_NAMES.get(name, name)} text (line {line}); "
                "try another --encoding or leave it out to detect it"
            ) from None
        except UnicodeError:  # "undefined", "punycode"...: not an encoding for a sheet
            raise BatchError(
                f'--encoding "{encoding}" cannot read text files; use utf-8, utf-8-sig or cp1252'
            ) from None
        except (ValueError, TypeError):  # a codec that fails another way on these bytes
            raise BatchError(
                f"{path}: cannot be read as {name}; try utf-8, utf-8-sig or cp1252"
            ) from None
    if raw.startswith(codecs.BOM_UTF8):
        return raw.decode("utf-8-sig", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise BatchError(
            f"{path}: is neither UTF-8 nor Windows-1252 text; in Excel use "
            "Save As > CSV UTF-8, or give --encoding"
        ) from None


def _csv_rows(path: Path, text: str) -> list[list[str]]:
    if "\x00" in text:
        raise BatchError(f"{path}: is not a CSV text file; give a .csv or .xlsx file")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise BatchError(f"{path}: is not valid CSV ({exc}); check the quotes") from None


def _xlsx_rows(path: Path, raw: bytes, sheet: str | None) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    unreadable = f"{path}: is not a readable .xlsx workbook; save it again from Excel"
    _check_xlsx_size(path, raw)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError, RecursionError):
        raise BatchError(unreadable) from None
    try:
        if sheet is not None:
            if sheet not in book.sheetnames:
                raise BatchError(
                    f'{path}: has no sheet "{sheet}"; its sheets are: {", ".join(book.sheetnames)}'
                )
            ws = book[sheet]
        else:
            ws = book.worksheets[0]
        return _budgeted_rows(path, ws)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError, RecursionError):
        raise BatchError(unreadable) from None  # bad XML inside a sheet (entities never expanded)
    finally:
        book.close()


def _check_xlsx_size(path: Path, raw: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than MAX_UNPACKED bytes (a zip bomb)."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # load_workbook says it is not a workbook
    if unpacked > MAX_UNPACKED:
        raise BatchError(f"{path}: unpacks to {unpacked // (1024 * 1024)} MB, more than the "
                         f"{MAX_UNPACKED // (1024 * 1024)} MB dsar reads; split it into smaller files")


def _budgeted_rows(path: Path, ws: Any) -> list[list[str]]:
    """The sheet's rows as text, checking its declared size, then each cell, against MAX_CELLS.

    A 0.47 MB file can declare 4 million cells: every one was read (40 s) before the
    headings were even checked. The declared dimension (<dimension ref="A1:Z9">) is
    checked first; the count as read guards a file that lies about it.
    """
    too_many = (f"{path}: has more than {MAX_CELLS:,} cells (rows x columns); keep only the client "
                "rows and the columns of `dsar batch template`, or split it into smaller files")
    try:
        rows, columns = ws.max_row, ws.max_column
    except (ValueError, TypeError):
        rows = columns = None
    if isinstance(rows, int) and isinstance(columns, int) and rows * columns > MAX_CELLS:
        raise BatchError(too_many)
    grid: list[list[str]] = []
    seen = 0
    for row in ws.iter_rows(values_only=True):
        seen += len(row)
        if seen > MAX_CELLS:
            raise BatchError(too_many)
        grid.append([_cell_text(v) for v in row])
    return grid


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() != time(0, 0):
            return value.strftime("%d/%m/%Y %H:%M")
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(path: Path, grid: list[list[str]], encoding: str, digest: str) -> Table:
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise BatchError(f"{path}: is empty; start from `dsar batch template`")
    header_row, headings = numbered[0]
    while headings and not headings[-1].strip():
        headings = headings[:-1]
    keys: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for heading in headings:
        if not heading.strip():
            raise BatchError(
                f"{path}: row {header_row}: a column has no heading; give every column a heading "
                "(see `dsar batch template`)"
            )
        if is_problem_column(heading):
            keys.append(None)
            continue
        key = key_for(heading)
        if key is None:
            unknown.append(heading)
            keys.append(None)
            continue
        if key in seen:
            raise BatchError(
                f'{path}: columns "{seen[key]}" and "{heading}" are the same column; keep one'
            )
        seen[key] = heading
        keys.append(key)
    if unknown:
        raise BatchError(_unknown_headings(path, unknown))
    rows: list[tuple[int, list[str]]] = []
    for number, row in numbered[1:]:
        cells = list(row)
        extra = cells[len(headings):]
        if any(c.strip() for c in extra):
            raise BatchError(
                f"{path}: row {number} has more cells than there are headings; "
                "check for a stray comma or a missing heading"
            )
        cells = cells[: len(headings)] + [""] * (len(headings) - len(cells))
        rows.append((number, cells))
    return Table(path=path, headings=headings, keys=keys, rows=rows, encoding=encoding, digest=digest)


def _unknown_headings(path: Path, unknown: list[str]) -> str:
    import difflib

    from dsar.batch.columns import COLUMNS

    names = {name.lower(): name for c in COLUMNS for name in (c.heading, *c.aliases, c.key)}
    parts = []
    for heading in unknown:
        close = difflib.get_close_matches(heading.lower(), list(names), n=1, cutoff=0.6)
        parts.append(f'"{heading}"' + (f' (did you mean "{names[close[0]]}"?)' if close else ""))
    return (
        f"{path}: unknown column {', '.join(parts)}; use the headings of `dsar batch template` "
        "(the README lists them all)"
    )
