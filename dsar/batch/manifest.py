"""The manifest of an output folder: every client's files and tracker refs, as CSV and JSON.

The manifest is cumulative: each run merges its clients into the folder's
manifest by client reference (a client made again replaces its old entry, every
other entry stays), so re-running a fixed failed-rows.csv into the same folder
adds to the manifest instead of replacing it. Each client says the batch that
last made it.

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

from dsar.errors import BatchError
from dsar.files import write_private

CSV_NAME = "manifest.csv"
JSON_NAME = "manifest.json"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("client_reference", "row", "full_name", "folder", "document", "organisation", "kind",
           "format", "file", "tracker_ref", "how_to_send", "batch_id")


def neutralise(value: str) -> str:
    """A cell a spreadsheet will show as text, never run: "=1+1" -> "'=1+1".

    A cell that already starts with an apostrophe before such a character gets one more, so
    reading it back (dsar.batch.reader takes one off) gives exactly the text typed.
    """
    if value.startswith(FORMULA_STARTS) or (value[:1] == "'" and value[1:2] != ""
                                             and value.lstrip("'").startswith(FORMULA_STARTS)):
        return f"'{value}"
    return value


@dataclass
class ManifestDocument:
    document: str  # "cover-sheet", "letter-of-authority", "letter", "summary", "print-all"
    files: dict[str, str]  # format -> path relative to OUT
    organisation: str | None = None
    kind: str | None = None
    tracker_ref: str | None = None
    how_to_send: str | None = None
    warnings: list[str] = field(default_factory=list)
    language: str | None = None  # "summary": the language it is in (dsar.i18n code)


@dataclass
class ManifestClient:
    reference: str
    row: int
    full_name: str
    folder: str
    documents: list[ManifestDocument]
    batch_id: str = ""  # the batch that last made (or reused) this client's letters
    input: str = ""  # the file it came from


@dataclass
class Manifest:
    batch_id: str
    input: str
    date: str
    clients: list[ManifestClient]
    failed_rows: list[dict[str, Any]] = field(default_factory=list)  # rows still failing

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
                    "batch_id": c.batch_id,
                    "input": c.input,
                    "documents": [
                        {
                            "document": d.document,
                            "organisation": d.organisation,
                            "kind": d.kind,
                            "files": d.files,
                            "tracker_ref": d.tracker_ref,
                            "how_to_send": d.how_to_send,
                            "warnings": d.warnings,
                            **({"language": d.language} if d.language else {}),
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
                                 d.how_to_send or "", c.batch_id])
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


def load_clients(out: Path) -> list[ManifestClient]:
    """The clients of OUT/manifest.json (none when there is no manifest yet).

    Raises BatchError when the file is not a manifest dsar can read, before anything
    is made: merging into it would lose what it lists.
    """
    path = out / JSON_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise BatchError(_damaged(path, exc)) from None
    try:
        return [
            ManifestClient(
                reference=str(c["client_reference"]), row=int(c["row"]),
                full_name=str(c["full_name"]), folder=str(c["folder"]),
                batch_id=str(c.get("batch_id") or data.get("batch_id") or ""),
                input=str(c.get("input") or data.get("input") or ""),
                documents=[
                    ManifestDocument(
                        document=str(d["document"]), files={str(k): str(v) for k, v in d["files"].items()},
                        organisation=d.get("organisation"), kind=d.get("kind"),
                        tracker_ref=d.get("tracker_ref"), how_to_send=d.get("how_to_send"),
                        warnings=[str(w) for w in d.get("warnings") or []],
                        language=d.get("language"),
                    )
                    for d in c["documents"]
                ],
            )
            for c in data["clients"]
        ]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BatchError(_damaged(path, exc)) from None


def _damaged(path: Path, exc: Exception) -> str:
    why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a dsar manifest"
    return (f"{path}: cannot be read ({why}); dsar adds each run to it, so move it away "
            "(a new one is then started) or give another --out")


def merged(old: list[ManifestClient], new: list[ManifestClient]) -> list[ManifestClient]:
    """`old` with each client of `new` in place of the entry with its reference; others added."""
    by_ref = {c.reference: c for c in new}
    kept = [by_ref.pop(c.reference, c) for c in old]
    return kept + [c for c in new if c.reference in by_ref]
