"""Controller records: who holds the data, where requests go, and where each fact came from.

Records are TOML files, one per organisation, in `letters/controllers/` (shipped
inside the package) and optionally in a user's own folder (`--controllers DIR`
or DSAR_CONTROLLERS_DIR), whose records add to or override the built-in ones
by id. Every record is validated on load; errors name the file and the field.

Every contact fact (address, postcode, email, online form, phone) is a `Fact`
carrying its value, the source it was read from, the date it was read and how
old the source looks, so the tool can warn before a letter uses an old fact.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from dsar.errors import ControllerError
from dsar.inputs import TOML_LIMIT, InputError, parse_toml, read_limited
from dsar.paths import letters_dir
from dsar.profile import EMAIL, Day, normalise_postcode, problems_from

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")


class Kind(StrEnum):
    GOVERNMENT = "government"
    POLICE = "police"
    CRIMINAL_RECORDS = "criminal-records"
    REGULATOR = "regulator"
    PROCESSOR = "processor"


class Nation(StrEnum):
    """Decides the bank holidays (holidays package subdivisions ENG, WLS, SCT, NIR)."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def holidays_subdiv(self) -> str:
        return {"england": "ENG", "wales": "WLS", "scotland": "SCT",
                "northern-ireland": "NIR"}[self.value]


class Regime(StrEnum):
    UK_GDPR = "uk-gdpr"
    DPA_PART_3 = "dpa-part-3"


class SourceAge(StrEnum):
    """How recent the source of a fact looks."""

    CURRENT = "current"  # a page written under UK GDPR / DPA 2018, or dated recently
    OLD = "old"  # written before May 2018 (DPA 1998, GBP 10 fee, 40 days) or otherwise stale
    UNDATED = "undated"  # no way to tell


def _url(value: Any) -> Any:
    text = str(value).strip()
    if not URL_PATTERN.match(text):
        raise PydanticCustomError("url", '"{v}" is not an https:// URL', {"v": text})
    return text


Url = Annotated[str, BeforeValidator(_url)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Fact(_Model):
    """One contact fact and where it came from."""

    value: str | list[str]
    source: str = Field(min_length=1)  # a URL, or a citation when there is no URL
    read_on: Day  # the date the source was read
    age: SourceAge = SourceAge.UNDATED
    note: str | None = None
    # False when the source does not give this as where requests go (e.g. the data
    # protection officer's or the headquarters' address): usable, but not certain
    for_requests: bool = True

    @property
    def is_old(self) -> bool:
        return self.age is not SourceAge.CURRENT

    @property
    def text(self) -> str:
        return ", ".join(self.value) if isinstance(self.value, list) else self.value


class Contacts(_Model):
    unit: str | None = None
    address: Fact | None = None  # value: list of lines, without the postcode
    postcode: Fact | None = None
    email: Fact | None = None
    online_form: Fact | None = None
    phone: Fact | None = None

    @field_validator("address")
    @classmethod
    def _address_lines(cls, fact: Fact | None) -> Fact | None:
        if fact is not None and (not isinstance(fact.value, list) or not fact.value):
            raise PydanticCustomError("address", "value must be a list of address lines", {})
        return fact

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, fact: Fact | None) -> Fact | None:
        if fact is None:
            return None
        try:
            normal = normalise_postcode(str(fact.value))
        except ValueError as exc:
            raise PydanticCustomError("postcode", str(exc)) from None
        if normal != fact.value:
            raise PydanticCustomError("postcode", 'write it as "{n}"', {"n": normal})
        return fact

    @field_validator("email")
    @classmethod
    def _email(cls, fact: Fact | None) -> Fact | None:
        if fact is not None and not EMAIL.match(str(fact.value)):
            raise PydanticCustomError("email", '"{v}" is not an email address', {"v": fact.value})
        return fact

    @field_validator("online_form")
    @classmethod
    def _form(cls, fact: Fact | None) -> Fact | None:
        if fact is not None:
            _url(fact.value)
        return fact

    def facts(self) -> dict[str, Fact]:
        return {
            name: fact
            for name in ("address", "postcode", "email", "online_form", "phone")
            if (fact := getattr(self, name)) is not None
        }


class Controller(_Model):
    id: str
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    aliases: list[str] = []  # other names people use: "met", "gmp", "saru"
    areas: list[str] = []  # towns and counties a police force covers, for search
    kind: Kind
    nation: Nation
    regimes: list[Regime] = Field(min_length=1)
    sar_page: Url | None = None  # the organisation's own subject-access page
    access: Contacts = Contacts()
    erasure: Contacts | None = None  # None: same as access
    id_required: list[str] = []  # what ID it asks for
    # where id_required comes from (a URL or citation); None: no source says, and
    # id_required is the usual practice (proof of identity and address), not confirmed
    id_required_source: str | None = None
    identifiers: list[str] = []  # keys of dsar.profile.Identifiers it uses
    systems: list[str] = []  # systems and data holdings worth naming in a letter
    recipients: list[str] = []  # who it shares data with, to name in a request
    notes: list[str] = []  # for the requester
    redirect_to: str | None = None  # processors: the controller requests go to
    # kinds of records another unit answers for (letters/tailoring.toml facts -> record id):
    # the MoJ Disclosure Team's prison and probation records are answered by hmpps
    answered_by: dict[str, str] = {}
    verified_on: Day  # the latest date a fact in this record was checked

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise PydanticCustomError(
                "id", '"{v}" must be lower-case words joined by hyphens', {"v": value}
            )
        return value

    @field_validator("identifiers")
    @classmethod
    def _known_identifiers(cls, value: list[str]) -> list[str]:
        from dsar.identifiers import KINDS

        unknown = [v for v in value if v not in KINDS]
        if unknown:
            raise PydanticCustomError(
                "identifiers", "unknown identifier {u}; known: {k}",
                {"u": ", ".join(unknown), "k": ", ".join(KINDS)},
            )
        return value

    def contacts_for(self, kind: str) -> Contacts:
        """Where a request of `kind` goes: the erasure contacts for erasure when they differ."""
        if kind == "erasure" and self.erasure is not None:
            return self.erasure
        return self.access

    @property
    def is_part3(self) -> bool:
        return Regime.DPA_PART_3 in self.regimes

    @property
    def is_uk_gdpr(self) -> bool:
        return Regime.UK_GDPR in self.regimes


class Directory:
    """All controller records: built-in ones, then a user's folder overriding by id."""

    def __init__(self, records: dict[str, Controller], origins: dict[str, Path]) -> None:
        self._records = records
        self.origins = origins

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
            from dsar.directory_search import search

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
        raise ControllerError(problems_from(exc, str(path))) from None
    if record.id != path.stem:
        raise ControllerError([f'{path}: id: "{record.id}" must match the file name "{path.stem}"'])
    return record


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
    if problems:
        raise ControllerError(problems)
    return Directory(records, origins)


FACT_LABELS = {
    "address": "postal address",
    "postcode": "postcode",
    "email": "email address",
    "online_form": "online form",
    "phone": "phone number",
}


def contact_warnings(controller: Controller, kind: str = "access") -> list[str]:
    """What the user must check before sending a request of `kind` to `controller`.

    One line each: a processor (send to the controller instead), no known channel,
    and one line per fact whose source is old or undated, that its source does not
    give as the route for requests (`for_requests = false`), or that is an email on a
    retired-looking `pnn.police.uk` domain. Each points to the organisation's own page.
    """
    contacts = controller.contacts_for(kind)
    page = controller.sar_page
    check = f"check {page} before sending" if page else "check the organisation's website before sending"
    warnings: list[str] = []
    if controller.redirect_to:
        warnings.append(
            f"{controller.short_name} processes data for another organisation; "
            f"send requests to {controller.redirect_to} instead"
        )
        return warnings  # its own channels do not matter
    facts = contacts.facts()
    if not any(name in facts for name in ("address", "email", "online_form")):
        warnings.append(
            f"no postal address, email or online form is known for {controller.short_name}; {check}"
        )
    elif "address" not in facts:
        warnings.append(f"no postal address is known for {controller.short_name}; {check}")
    for name, fact in facts.items():
        problems = []
        if fact.is_old:
            when = "an old source" if fact.age is SourceAge.OLD else "an undated source"
            problems.append(f"comes from {when} ({fact.source})")
        if not fact.for_requests:
            problems.append("is not one its source gives for requests (it may be a data "
                            "protection officer's or headquarters' address)")
        if name == "email" and str(fact.value).lower().endswith(".pnn.police.uk"):
            problems.append("is on the older pnn.police.uk domain and may be retired")
        if problems:
            warnings.append(f"the {FACT_LABELS[name]} for {controller.short_name} ({fact.text}) "
                            f"{' and '.join(problems)}; {check}")
    return warnings


def coverage(directory: Directory) -> dict[str, int]:
    """How complete the directory is: counts of records, channels and fact ages."""
    records = list(directory)
    facts = [f for c in records for f in c.access.facts().values()]
    facts += [f for c in records if c.erasure is not None for f in c.erasure.facts().values()]
    channels = [c.access.facts() for c in records]
    counts = {
        "records": len(records),
        **{f"kind {k.value}": sum(c.kind is k for c in records) for k in Kind},
        "with a postal address": sum("address" in f and "postcode" in f for f in channels),
        "with an email": sum("email" in f for f in channels),
        "with an online form": sum("online_form" in f for f in channels),
        "with a phone": sum("phone" in f for f in channels),
        "with no address, email or form": sum(
            not any(n in f for n in ("address", "email", "online_form")) for f in channels),
        "with a subject access page": sum(c.sar_page is not None for c in records),
        "with ID requirements from a source": sum(c.id_required_source is not None for c in records),
        "contact facts": len(facts),
        **{f"facts {a.value}": sum(f.age is a for f in facts) for a in SourceAge},
        "facts not given for requests (DPO/HQ)": sum(not f.for_requests for f in facts),
        "emails on pnn.police.uk": sum(
            str(f["email"].value).lower().endswith(".pnn.police.uk") for f in channels if "email" in f),
    }
    return counts
