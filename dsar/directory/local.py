"""Facts an organisation records itself (`dsar controllers set`): checking them and using them.

A local fact is validated exactly like a shipped one (UK postcode, email syntax, an
https:// form) and must quote the http(s) page it was read on. `apply` returns the
directory with the local facts in place of, or filling in, the built-in ones, each
marked as recorded by the organisation; their age follows the same rules, so a
local fact warns again once its read date is more than two years old.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from pydantic import ValidationError

from dsar.directory.loading import Directory
from dsar.directory.records import SOURCE_URL_PATTERN, Contacts, Controller, Fact, Source
from dsar.errors import ControllerError

# what people type -> the record's field name
FIELDS = {"address": "address", "postcode": "postcode", "email": "email",
          "online-form": "online_form", "phone": "phone", "id-required": "id_required"}
CONTACTS = ("access", "erasure")


class Row(Protocol):
    """A stored local fact (dsar.tracker.local_facts.LocalFact)."""

    @property
    def controller_id(self) -> str: ...
    @property
    def contacts(self) -> str: ...
    @property
    def field(self) -> str: ...
    @property
    def value(self) -> str | list[str] | None: ...
    @property
    def source(self) -> str | None: ...
    @property
    def read_on(self) -> date | None: ...
    @property
    def note(self) -> str | None: ...
    @property
    def set_by(self) -> str: ...


def field_named(name: str) -> str:
    """The record field for what the user typed ("online-form" -> "online_form")."""
    key = name.strip().lower().replace("_", "-")
    if key not in FIELDS:
        raise ControllerError([f'unknown field "{name}"; use one of {", ".join(FIELDS)}'])
    return FIELDS[key]


def parse_value(field: str, text: str) -> str | list[str]:
    """Address lines and ID items are separated by ';'; other fields are one value."""
    if field in ("address", "id_required"):
        items = [item.strip() for item in text.split(";") if item.strip()]
        if not items:
            raise ControllerError([f"{field}: give at least one line, separated by ;"])
        return items
    if not text.strip():
        raise ControllerError([f"{field}: the value is empty; give one or use `dsar controllers unset`"])
    return text.strip()


def check(controller: Controller, field: str, value: str | list[str], *, contacts: str,
          source: str, read_on: date, note: str | None = None) -> Fact:
    """The fact as it would be used, validated like the shipped records; ControllerError if not."""
    if contacts not in CONTACTS:
        raise ControllerError([f'--for: "{contacts}" is not one of access, erasure'])
    if not SOURCE_URL_PATTERN.match(source.strip()):
        raise ControllerError([f'--source: "{source}" is not a web page; give the http:// or '
                               "https:// address of the page you read it on"])
    try:
        fact = Fact(value=value, source=source.strip(), read_on=read_on, note=note)
        if field != "id_required":
            Contacts.model_validate({field: fact.model_dump(exclude={"age"})})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ControllerError([f"{field.replace('_', '-')}: {first['msg']}"]) from None
    return fact


def _as_fact(row: Row) -> Fact:
    return Fact(value=row.value if row.value is not None else "", source=row.source or "",
                read_on=row.read_on or date.today(), note=row.note, recorded_by=row.set_by)


def apply(directory: Directory, rows: Iterable[Row]) -> Directory:
    """The directory with each local fact in place (unknown ids are skipped: a record removed)."""
    records = {c.id: c for c in directory}
    by_controller: dict[str, list[Row]] = {}
    for row in rows:
        if row.controller_id in records and row.value is not None:
            by_controller.setdefault(row.controller_id, []).append(row)
    for cid, found in by_controller.items():
        record = records[cid]
        update: dict[str, object] = {}
        for contacts in CONTACTS:
            facts = {r.field: _as_fact(r) for r in found
                     if r.contacts == contacts and r.field != "id_required"}
            if not facts:
                continue
            base = record.contacts_for(contacts) if contacts == "erasure" else record.access
            update[contacts] = base.model_copy(update=facts)
        for row in found:
            if row.field == "id_required" and isinstance(row.value, list):
                update["id_required"] = row.value
                update["id_required_source"] = Source(
                    source=row.source or "", read_on=row.read_on or date.today(), note=row.note,
                    recorded_by=row.set_by)
        records[cid] = record.model_copy(update=update)
    local = tuple(r for rows_ in by_controller.values() for r in rows_)
    return Directory(records, directory.origins, local=local)
