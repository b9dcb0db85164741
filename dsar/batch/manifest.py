"""The manifest of a batch: every file written and every tracker ref, as CSV and JSON.

A spreadsheet runs a cell that starts with =, +, - or @ (and some read a tab
or carriage return first) as a formula, so any such cell in manifest.csv gets
a leading apostrophe: the value shows as text and nothing runs (the OWASP
"CSV injection" advice).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dsar.files import write_private

CSV_NAME = "manifest.csv"
JSON_NAME = "manifest.json"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("client_reference", "row", "full_name", "folder", "document", "organisation", "kind",
           "format", "file", "tracker_ref", "how_to_send")


def neutralise(value: str) -> str:
    """A cell a spreadsheet will show as text, never run: "=1+1" -> "'=1+1"."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


@dataclass
class ManifestDocument:
    document: str  # "cover-sheet", "letter-of-authority", "letter", "print-all"
    files: dict[str, str]  # format -> path relative to OUT
    organisation: str | None = None
    kind: str | None = None
    tracker_ref: str | None = None
    how_to_send: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ManifestClient:
    reference: str
    row: int
    full_name: str
    folder: str
    documents: list[ManifestDocument]


@dataclass
class Manifest:
    batch_id: str
    input: str
    date: str
    clients: list[ManifestClient]
    failed_rows: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "input": self.input,
            "date": self.date,
            "clients": [
                {
                    "client_reference": c.reference,
                    "row": c.row,
                    "full_name": c.full_name,
                    "folder": c.folder,
                    "documents": [
                        {
                            "document": d.document,
                            "organisation": d.organisation,
                            "kind": d.kind,
                            "files": d.files,
                            "tracker_ref": d.tracker_ref,
                            "how_to_send": d.how_to_send,
                            "warnings": d.warnings,
                        }
                        for d in c.documents
                    ],
                }
                for c in self.clients
            ],
            "failed_rows": self.failed_rows,
        }

    def csv_rows(self) -> list[list[str]]:
        rows: list[list[str]] = []
        for c in self.clients:
            for d in c.documents:
                for fmt, path in d.files.items():
                    rows.append([c.reference, str(c.row), c.full_name, c.folder, d.document,
                                 d.organisation or "", d.kind or "", fmt, path, d.tracker_ref or "",
                                 d.how_to_send or ""])
        return rows


def manifest_csv(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def write_manifest(manifest: Manifest, out: Path) -> tuple[Path, Path]:
    """OUT/manifest.csv (UTF-8 with BOM, for Excel) and OUT/manifest.json, atomically, mode 0600."""
    csv_path = write_private(out / CSV_NAME, manifest_csv(manifest.csv_rows()).encode("utf-8-sig"))
    json_path = write_private(
        out / JSON_NAME, json.dumps(manifest.as_json(), indent=2, ensure_ascii=False) + "\n"
    )
    return csv_path, json_path
