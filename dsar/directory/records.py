"""Controller records: who holds the data, where requests go, and where each fact came from.

The models of one record (`Controller`) and its contact facts (`Fact`, `Contacts`).
Loading the record files is `dsar.directory.loading`.

Every contact fact (address, postcode, email, online form, phone) is a `Fact`
carrying its value, the source it was read from, the date it was read and how
old the source looks, so the tool can warn before a letter uses an old fact.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from dsar.profile import EMAIL, Day, normalise_postcode

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
