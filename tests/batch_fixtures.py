"""Helpers for the batch tests: an org.toml, client spreadsheets written on the fly, the CLI."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

ORG_TOML = """\
signatory = "Sam Adviser, Immigration Caseworker"

[representative]
organisation = "Example Law Centre"
name = "Sam Adviser"
address = ["1 Example Road", "Exampletown"]
postcode = "ZZ99 9ZZ"
email = "advice@example.org"
"""

HEADINGS = ["Client reference", "Full name", "Date of birth", "Address", "Postcode",
            "Prison number", "Organisations", "Letters"]


def client(ref: str, name: str = "Amira Example", dob: str = "12/04/1990",
           address: str = "1 Test Street; Exampletown", postcode: str = "zz99 9zz",
           prison: str = "", orgs: str = "home-office", kinds: str = "access") -> list[str]:
    return [ref, name, dob, address, postcode, prison, orgs, kinds]


def write_org(folder: Path, text: str = ORG_TOML) -> Path:
    path = folder / "org.toml"
    path.write_text(text, encoding="utf-8")
    return path


def csv_text(rows: Sequence[Sequence[str]], headings: Sequence[str] = HEADINGS) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue()


def write_csv(path: Path, rows: Sequence[Sequence[str]], headings: Sequence[str] = HEADINGS,
              encoding: str = "utf-8") -> Path:
    path.write_bytes(csv_text(rows, headings).encode(encoding))
    return path


