"""The columns a batch spreadsheet may have: profile keys flattened with dots, and friendly headings.

A heading matches a column when it equals the dotted key (`requester.full_name`),
the key without its section (`full_name`) or one of the friendly headings
("Full name"), ignoring case, spaces, underscores and punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dsar import identifiers


@dataclass(frozen=True)
class Column:
    key: str  # the dotted profile key, or client_reference / controllers / kinds
    heading: str  # the friendly heading `dsar batch template` writes
    aliases: tuple[str, ...] = ()  # other headings people use
    example: str = ""  # the example row of `dsar batch template`
    is_date: bool = False
    is_rough: bool = False  # a date that may be only a month or a year, as in a profile (docs/profile.md)
    is_list: bool = False  # `;`-separated (or one per line)
    required: bool = False
    note: str = ""  # for README and the template's help


def _identifier_columns() -> list[Column]:
    extra = {
        "home_office_reference": ("HO reference", "HO ref", "Home Office ref"),
        "port_reference": ("Port ref",),
        "gwf_reference": ("GWF", "GWF number"),
        "uan": ("UAN",),
        "cid_person_id": ("CID", "CID ID", "Person ID"),
        "prison_number": ("Prison number", "NOMIS number", "NOMIS"),
        "probation_crn": ("CRN", "Probation CRN", "Probation reference"),
        "pnc_id": ("PNC", "PNC number"),
        "cro_number": ("CRO",),
        "national_insurance_number": ("NI number", "NINO", "National Insurance"),
        "passport_number": ("Passport",),
    }
    examples = {"home_office_reference": "B1234567"}
    return [
        Column(f"identifiers.{kind.key}", kind.label, extra.get(kind.key, ()),
               example=examples.get(kind.key, ""))
        for kind in identifiers.KINDS.values()
    ]


COLUMNS: tuple[Column, ...] = (
    Column("client_reference", "Client reference", ("Client ref", "Reference", "Ref", "Our ref"),
           example="DEMO-001", required=True,
           note="your own reference for the client; each row needs a different one"),
    Column("requester.full_name", "Full name", ("Name", "Client name"),
           example="Demo Client", required=True),
    Column("requester.other_names", "Other names", ("Also known as", "AKA", "Aliases"),
           is_list=True, note="separate several with ;"),
    Column("requester.date_of_birth", "Date of birth", ("DOB", "Birth date"),
           example="01/02/1990", is_date=True, required=True),
    Column("requester.nationality", "Nationality"),
    Column("requester.email", "Email", ("Email address", "Client email")),
    Column("requester.phone", "Phone", ("Phone number", "Telephone", "Mobile")),
    Column("requester.address", "Address", ("Home address", "Client address"),
           example="1 Example Street; Exampletown", is_list=True, required=True,
           note="lines separated by ; or new lines, without the postcode"),
    Column("requester.postcode", "Postcode", ("Post code",), example="ZZ99 9ZZ"),
    Column("requester.language", "Language", ("Client language", "Lang"),
           note="the client's language for a summary sheet: ar, fa, ps, ckb, ti, ur, sq, pl, ro, vi "
           "(empty: English, no sheet)"),
    *_identifier_columns(),
    Column("circumstances.electronic_monitoring", "Electronic monitoring",
           ("Monitoring", "Tag", "Tagged"), example="non-fitted-device",
           note="none, ankle-tag or non-fitted-device"),
    Column("circumstances.monitoring_reason", "Monitoring reason",
           ("monitoring_reason", "Tag reason", "Why tagged"), example="immigration-bail",
           note="immigration-bail, licence, court-order or other"),
    Column("circumstances.monitoring_start", "Monitoring start", ("Tag start",), is_date=True, is_rough=True),
    Column("circumstances.monitoring_end", "Monitoring end", ("Tag end",), is_date=True, is_rough=True),
    Column("circumstances.immigration", "Immigration", example="yes", note="yes or no"),
    Column("circumstances.detention", "Detention", ("Detained",), note="yes or no"),
    Column("circumstances.prison", "Prison", note="yes or no"),
    Column("circumstances.probation", "Probation", note="yes or no"),
    Column("circumstances.police_contact", "Police contact", ("Police",), note="yes or no"),
    Column("request.date_from", "Date from", ("Period from", "From date"), is_date=True, is_rough=True),
    Column("request.date_to", "Date to", ("Period to", "To date"), is_date=True, is_rough=True),
    Column("request.details", "Details", ("Request details", "Notes for the letter")),
    Column("request.response_format", "Response format", ("Reply format",),
           note="electronic or paper"),
    Column("controllers", "Organisations", ("Controllers", "Send to", "Organisation ids"),
           example="home-office", is_list=True, required=True,
           note="organisation ids (see `dsar controllers list`), separated by ;. ID:access, "
                "ID:erasure or ID:access+erasure gives that organisation its own letters"),
    Column("kinds", "Letters", ("Kinds", "Requests", "Letter kinds"), example="access;erasure",
           is_list=True, note="access and/or erasure, separated by ; (empty: access), for each "
                              "organisation without :KIND"),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}

# The extra column of failed-rows.csv; ignored when that file is fed back.
PROBLEM_HEADING = "Why it failed"


def normalise_heading(text: str) -> str:
    """'Date of birth', 'date_of_birth' and 'DATE-OF-BIRTH' all become 'dateofbirth'."""
    return re.sub(r"[^a-z0-9.]", "", text.lower())


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in COLUMNS:
        names = [column.key, column.key.rpartition(".")[2], column.heading, *column.aliases]
        for name in names:
            index.setdefault(normalise_heading(name), column.key)
    return index


HEADINGS: dict[str, str] = _index()


def key_for(heading: str) -> str | None:
    """The column key a heading means, or None when it is not a known heading."""
    return HEADINGS.get(normalise_heading(heading))


def is_problem_column(heading: str) -> bool:
    return normalise_heading(heading) == normalise_heading(PROBLEM_HEADING)


def template_csv(dotted: bool = False) -> str:
    """A ready-to-fill CSV: one heading per column and one example row (a fictional client)."""
    import csv
    import io

    from dsar.batch.manifest import neutralise  # formula-safe, as every CSV dsar writes

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(c.key if dotted else c.heading) for c in COLUMNS])
    writer.writerow([neutralise(c.example) for c in COLUMNS])
    return buffer.getvalue()
