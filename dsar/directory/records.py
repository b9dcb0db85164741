"""Controller records: who holds the data, where requests go, and where each fact came from.

The models of one record (`Controller`) and its contact facts (`Fact`, `Contacts`).
Loading the record files is `dsar.directory.loading`.

Every contact fact (address, postcode, email, online form, phone) is a `Fact`
carrying its value, the page it was read on, the date it was read and, when the
page shows one, the page's own date. How old a fact is (`Fact.age`) comes from
that date, or from what dates an undated page: wording from before May 2018
(a GBP 10 fee, 40 days) or a legacy address (`.nsf`, `.aspx`, an `archive.`
site). A fact from a page more than two years old, or undated, is warned about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    computed_field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dsar.profile import EMAIL, Day, normalise_postcode

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")
# A web source: the page a fact was read on (http:// too: many old pages are only that)
SOURCE_URL_PATTERN = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$")

# Addresses that date a page with no date on it: sites retired or archived years ago.
LEGACY_URLS = (
    (re.compile(r"\.nsf\b", re.IGNORECASE), "a page on a retired (.nsf) site"),
    (re.compile(r"\.aspx?\b", re.IGNORECASE), "a page on an older (.aspx) site"),
    (re.compile(r"^https?://archive\.", re.IGNORECASE), "a page on an archived site"),
)
STALE_AFTER_YEARS = 2  # a fact whose source is older than this is warned about


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
    """How recent the source of a fact is."""

    CURRENT = "current"  # the page shows a date within the last two years
    OLD = "old"  # dated more than two years ago, worded before May 2018, or a legacy address
    UNDATED = "undated"  # no way to tell


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def legacy_url(source: str) -> str | None:
    """What dates `source` by its address alone (e.g. "a page on a retired (.nsf) site"), or None."""
    for pattern, meaning in LEGACY_URLS:
        if pattern.search(source):
            return meaning
    return None


def _url(value: Any) -> Any:
    text = str(value).strip()
    if not URL_PATTERN.match(text):
        raise PydanticCustomError("url", '"{v}" is not an https:// URL', {"v": text})
    return text


Url = Annotated[str, BeforeValidator(_url)]


def _only_known(field: str, what: str, value: Any, known: Iterable[str]) -> Any:
    """`value` (a list, or a dict by its keys) when every entry is in `known`; else one error
    naming the unknown entries and the known ones."""
    known = list(known)
    unknown = [v for v in value if v not in known]
    if unknown:
        raise PydanticCustomError(field, "unknown " + what + " {u}; known: {k}",
                                  {"u": ", ".join(unknown), "k": ", ".join(known)})
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Source(_Model):
    """Where something in a record came from: the page, the date it was read, the page's date.

    A contact fact (`Fact`) is a value with its source; a record's ID rule has a source of
    its own (`Controller.id_required_source`).
    """

    # The page it was read on (https:// or http://; the shipped records always give one).
    # In an advice service's own folder it may be any text: their own knowledge.
    source: str = Field(min_length=1)
    read_on: Day  # the date the source was read
    source_date: Day | None = None  # the date the source itself shows, when it shows one
    # The source's wording dates it before 25 May 2018 (DPA 1998, a GBP 10 fee, 40 days)
    predates_2018: bool = False
    note: str | None = None
    # Set by `dsar controllers set` (the tracker's local facts): who recorded it
    recorded_by: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _legacy_age(cls, data: Any) -> Any:
        """Older records said `age = "old" | "current" | "undated"`; age now comes from dates."""
        if isinstance(data, dict) and "age" in data:
            data = dict(data)
            if data.pop("age") == "old":
                data.setdefault("predates_2018", True)
        return data

    @model_validator(mode="after")
    def _dates(self) -> Source:
        if self.source_date is not None and self.source_date > self.read_on:
            raise PydanticCustomError(
                "source_date", "source_date {s} is after read_on {r}",
                {"s": self.source_date.isoformat(), "r": self.read_on.isoformat()})
        return self

    @property
    def is_web_source(self) -> bool:
        return bool(SOURCE_URL_PATTERN.match(self.source))

    def dating(self, today: date | None = None) -> tuple[SourceAge, str]:
        """How old the source is and why: its own date, its wording, or its address."""
        if today is None:
            from dsar.clock import today as clock_today

            today = clock_today()
        if self.recorded_by and self.source_date is None:
            # the organisation read the live page itself on read_on: that date dates it
            shown = self.read_on.isoformat()
            if self.read_on < years_before(today, STALE_AFTER_YEARS):
                return SourceAge.OLD, (f"a page your organisation read on {shown}, more than "
                                       f"{STALE_AFTER_YEARS} years ago")
            return SourceAge.CURRENT, f"a page your organisation read on {shown}"
        if self.source_date is not None:
            shown = self.source_date.isoformat()
            if self.source_date < years_before(today, STALE_AFTER_YEARS):
                return SourceAge.OLD, f"a page dated {shown}, more than {STALE_AFTER_YEARS} years ago"
            return SourceAge.CURRENT, f"a page dated {shown}"
        if self.predates_2018:
            return SourceAge.OLD, "a page written before May 2018"
        if (legacy := legacy_url(self.source)) is not None:
            return SourceAge.OLD, legacy
        return SourceAge.UNDATED, "an undated page" if self.is_web_source else "an undated note"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def age(self) -> SourceAge:
        return self.dating()[0]

    @property
    def is_old(self) -> bool:
        return self.age is not SourceAge.CURRENT


class Fact(Source):
    """One contact fact: its value, and where it came from (`Source`)."""

    value: str | list[str]
    # What another source says when sources disagree (this fact is the newer read)
    disagrees: str | None = None
    # False when the source does not give this as where requests go (e.g. the data
    # protection officer's or the headquarters' address): usable, but not certain
    for_requests: bool = True

    @property
    def text(self) -> str:
        return ", ".join(self.value) if isinstance(self.value, list) else self.value


class Preference(Source):
    """A body's own stated preference for how requests reach it, and where it says so.

    The Home Office's guidance asks for requests by its online form or by post rather than
    email; without this, dsar would suggest email first (dsar.directory.routes).
    """

    # the routes it asks for, best first (the first one known for the letter's kind is used)
    channels: list[Literal["email", "online-form", "post"]] = Field(min_length=1)
    # Why, in plain words for the person sending ("its guidance asks ..."), shown beside the route
    why: str = Field(min_length=1)


class Contacts(_Model):
    unit: str | None = None
    prefer: Preference | None = None  # the body's own preferred route, when it states one
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


class Route(_Model):
    """A processor's work for one controller: where requests about that work go."""

    controller: str  # the controller's id
    what: str = Field(min_length=1)  # what the processor did for it, in plain words


class Controller(_Model):
    id: str
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    # "the" when the names take the definite article in a sentence ("sent the Home Office");
    # letters write f"{article} {short_name}" (issue 11 item 9)
    article: Literal["", "the"] = ""
    aliases: list[str] = []  # other names people use: "met", "gmp", "saru"
    areas: list[str] = []  # towns and counties a police force covers, for search
    kind: Kind
    nation: Nation
    regimes: list[Regime] = Field(min_length=1)
    sar_page: Url | None = None  # the organisation's own subject-access page
    access: Contacts = Contacts()
    erasure: Contacts | None = None  # None: same as access
    id_required: list[str] = []  # what ID it asks for
    # where id_required comes from: the page, the date it was read and the page's own date;
    # None: no source says, and id_required is the usual practice (proof of identity and
    # address), not confirmed
    id_required_source: Source | None = None
    identifiers: list[str] = []  # keys of dsar.profile.Identifiers it uses
    systems: list[str] = []  # systems and data holdings worth naming in a letter
    # systems worth naming only for a person with that fact (letters/tailoring.toml facts:
    # prison, probation, ...) whose records this body answers for itself (not `answered_by`)
    systems_for: dict[str, list[str]] = {}
    recipients: list[str] = []  # who it shares data with, to name in a request
    notes: list[str] = []  # for the requester
    redirect_to: str | None = None  # processors: the controller requests go to
    # kinds of records another unit answers for (letters/tailoring.toml facts -> record id):
    # the MoJ Disclosure Team's prison and probation records are answered by hmpps
    answered_by: dict[str, str] = {}
    works_for: list[Route] = []  # processors: each controller and what it did for it
    # The latest date a source of this record was read (by research, not a check of the
    # live page); older records call it verified_on
    researched_on: Day = Field(validation_alias=AliasChoices("researched_on", "verified_on"))

    @model_validator(mode="before")
    @classmethod
    def _id_source_as_text(cls, data: Any) -> Any:
        """Older records gave `id_required_source` as the page's address alone: it was read
        when the record was researched, so `researched_on` (or `verified_on`) dates the read."""
        if isinstance(data, dict) and isinstance(data.get("id_required_source"), str):
            data = dict(data)
            read_on = data.get("researched_on", data.get("verified_on"))
            data["id_required_source"] = {"source": data["id_required_source"], "read_on": read_on}
        return data

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

        return _only_known("identifiers", "identifier", value, KINDS)

    @field_validator("systems_for")
    @classmethod
    def _known_facts(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        from dsar.compose import FACTS

        return _only_known("systems_for", "fact", value, FACTS)

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
