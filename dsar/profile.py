"""The requester's profile: the public TOML format (documented in README.md) and its validation.

Every way in (a TOML file, the interview, a CSV row) reaches the same `Profile`
model. Validation problems come back as one line each, naming the file, the key
and what to do: `me.toml: requester.date_of_birth: "1990-13-01" is not a date, use YYYY-MM-DD`.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from dsar import identifiers
from dsar.emails import EMAIL as EMAIL  # re-exported for the controller records
from dsar.emails import is_email
from dsar.errors import ProfileError
from dsar.inputs import PROFILE_LIMIT, InputError, parse_toml, read_limited

# UK postcode shape (the outward code, a space, the inward code); GIR 0AA is
# the one historic exception. Source: ONS/Royal Mail postcode format.
POSTCODE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})$")
ORG_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # the shape of a controller record id


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    spaced = f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact
    if not POSTCODE.match(spaced):
        raise ValueError(f'"{value}" is not a UK postcode, e.g. SW1A 1AA')
    return spaced


def _to_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError(
            "date", '"{value}" is not a date, use YYYY-MM-DD', {"value": text}
        ) from None


# Characters no letter can print and a terminal would obey: C0 controls other than line breaks
# and tabs, DEL, and C1 controls (U+0080-U+009F). In a name they reach the letters as empty
# boxes and the folder name as garbage, so a profile or a sheet cell with one is refused.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character in `text`, as U+XXXX, or None."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def _printable(value: Any) -> Any:
    texts = value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str) and (code := control_character(text)) is not None:
            raise PydanticCustomError(
                "control", "contains a control character ({code}) that cannot be printed; type it "
                "again without it (it often comes from copying text out of another program)",
                {"code": code})
    return value


def _line(value: Any) -> Any:
    """One line of text: collapse newlines and runs of spaces."""
    _printable(value)
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _lines(value: Any) -> Any:
    _printable(value)
    if isinstance(value, str):
        value = re.split(r"[\n;]", value)
    if isinstance(value, list):
        return [" ".join(str(v).split()) for v in value if str(v).strip()]
    return value


def _postcode(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return normalise_postcode(str(value))
    except ValueError as exc:
        raise PydanticCustomError("postcode", str(exc)) from None


def _email(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if not is_email(text):
        raise PydanticCustomError("email", '"{v}" is not an email address', {"v": text})
    return text


def _language(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    from dsar.i18n import normalise

    try:
        return normalise(str(value))
    except ProfileError as exc:
        raise PydanticCustomError("language", exc.problems[0]) from None


def _to_rough_date(value: Any) -> Any:
    """A day, a month ("2024-03", "March 2024") or a year ("2024"), keeping its precision."""
    from dsar.dates import DateTextError, RoughDate, parse_rough_date

    if isinstance(value, RoughDate):
        return value
    if isinstance(value, date):
        return RoughDate(value.year, value.month, value.day)
    try:
        return parse_rough_date(str(value))
    except DateTextError as exc:
        raise PydanticCustomError("date", "{msg}", {"msg": str(exc)}) from None


def _rough_out(value: date) -> Any:
    """A day stays a TOML date; a month or a year is kept as text ("2024-03", "2024")."""
    precision = getattr(value, "precision", "day")
    return value if precision == "day" else value.stored()  # type: ignore[attr-defined]


Day = Annotated[date, BeforeValidator(_to_date)]
# where a person may know only the month or the year (dsar.dates.RoughDate)
RoughDay = Annotated[date, BeforeValidator(_to_rough_date), PlainSerializer(_rough_out)]
Line = Annotated[str, BeforeValidator(_line)]
Text = Annotated[str, BeforeValidator(_printable)]  # free text: line breaks kept
Lines = Annotated[list[str], BeforeValidator(_lines)]
Postcode = Annotated[str | None, BeforeValidator(_postcode)]
Email = Annotated[str | None, BeforeValidator(_email)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PreviousAddress(_Model):
    address: Lines = Field(min_length=1)
    postcode: Postcode = None
    from_: Day | None = Field(default=None, alias="from")
    to: Day | None = None

    model_config = ConfigDict(populate_by_name=True)


class Requester(_Model):
    full_name: Line = Field(min_length=1)
    other_names: list[Line] = []
    date_of_birth: Day
    nationality: Line | None = None
    email: Email = None
    phone: Line | None = None
    address: Lines = Field(min_length=1)
    postcode: Postcode = None
    previous_addresses: list[PreviousAddress] = []
    # BCP 47 code of the person's language (dsar.i18n): a summary sheet in it goes with the letters
    language: Annotated[str | None, BeforeValidator(_language)] = None

    @field_validator("date_of_birth")
    @classmethod
    def _born_in_past(cls, value: date) -> date:
        if value >= date.today() or value.year < 1900:
            raise PydanticCustomError(
                "dob", "{v} cannot be a date of birth; check the year", {"v": value.isoformat()}
            )
        return value


class Identifiers(_Model):
    home_office_reference: str | None = None
    port_reference: str | None = None
    gwf_reference: str | None = None
    uan: str | None = None
    cid_person_id: str | None = None
    prison_number: str | None = None
    probation_crn: str | None = None
    pnc_id: str | None = None
    cro_number: str | None = None
    national_insurance_number: str | None = None
    passport_number: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _check_formats(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        out: dict[str, Any] = {}
        for key, value in data.items():
            if value is None or (isinstance(value, str) and not value.strip()):
                continue  # empty means "not known"
            if isinstance(value, str) and (code := control_character(value)) is not None:
                raise PydanticCustomError(
                    "control", "{key}: contains a control character ({code}) that cannot be "
                    "printed; type it again without it", {"key": key, "code": code})
            if key in identifiers.KINDS and isinstance(value, str | int):
                try:
                    value = identifiers.check(key, str(value))
                except ValueError as exc:
                    raise PydanticCustomError("identifier", "{key}: {msg}",
                                              {"key": key, "msg": str(exc)}) from None
            out[key] = value
        return out

    def present(self) -> dict[str, str]:
        """The identifiers that have a value, in the order of the format."""
        return {k: v for k, v in self.model_dump().items() if v}


class Monitoring(StrEnum):
    NONE = "none"
    ANKLE_TAG = "ankle-tag"
    NON_FITTED_DEVICE = "non-fitted-device"


class MonitoringReason(StrEnum):
    """Why the tag or device was given: decides who runs it (uk-law-addendum.md point 10)."""

    IMMIGRATION_BAIL = "immigration-bail"  # Home Office
    LICENCE = "licence"  # licence after prison: MoJ/HMPPS
    COURT_ORDER = "court-order"  # a court order (community order, criminal bail): MoJ/HMPPS
    OTHER = "other"


class ProbationReason(StrEnum):
    """What the probation supervision was for: decides licence or community-order wording."""

    LICENCE = "licence"  # after release from prison
    COMMUNITY_ORDER = "community-order"  # a community order or suspended sentence order
    OTHER = "other"


class PoliceEvent(StrEnum):
    ARREST = "arrest"
    VOLUNTARY_INTERVIEW = "voluntary-interview"
    STOP_AND_SEARCH = "stop-and-search"
    OTHER = "other"


class PoliceOutcome(StrEnum):
    """What came of a police contact: decides what an erasure letter may ask for."""

    NO_FURTHER_ACTION = "no-further-action"
    NOT_CHARGED = "not-charged"
    ACQUITTED = "acquitted"
    OUT_OF_COURT = "out-of-court-disposal"  # caution, conditional caution, penalty notice
    CONVICTED = "convicted"
    ONGOING = "ongoing"
    OTHER = "other"


class PoliceReason(StrEnum):
    """Why the person says the records should not exist (ACRO record-deletion grounds,
    uk-law-addendum.md point 8)."""

    MISTAKEN_IDENTITY = "mistaken-identity"
    MALICIOUS_ALLEGATION = "malicious-allegation"
    NO_CRIME = "no-crime"


class PoliceContact(_Model):
    """One police contact: which force (its record id), what, when, and what came of it."""

    force: Line = Field(min_length=1)
    event: PoliceEvent = PoliceEvent.ARREST
    date: Day | None = None
    place: Line | None = None
    outcome: PoliceOutcome = PoliceOutcome.OTHER
    reason: PoliceReason | None = None

    @field_validator("force")
    @classmethod
    def _force_id(cls, value: str) -> str:
        if not ORG_ID.match(value):
            raise PydanticCustomError(
                "org_id", '"{v}" is not an organisation id (see `dsar controllers list`)', {"v": value})
        return value


class Circumstances(_Model):
    electronic_monitoring: Monitoring = Monitoring.NONE
    monitoring_reason: MonitoringReason | None = None
    monitoring_start: RoughDay | None = None
    monitoring_end: RoughDay | None = None
    immigration: bool = False
    detention: bool = False
    prison: bool = False
    probation: bool = False
    probation_reason: ProbationReason | None = None
    police_contact: bool = False
    police_contacts: list[PoliceContact] = []

    @model_validator(mode="after")
    def _contacts_mean_contact(self) -> Circumstances:
        if self.police_contacts:
            self.police_contact = True
        return self

    @property
    def monitoring_ongoing(self) -> bool:
        """Monitoring with no end date has not ended: the letters speak of it in the present."""
        return self.electronic_monitoring is not Monitoring.NONE and self.monitoring_end is None


class ResponseFormat(StrEnum):
    ELECTRONIC = "electronic"
    PAPER = "paper"


class ErasureScope(StrEnum):
    """What an erasure letter asks for: only the named records (the default), or also
    "any other personal data you no longer need" (which can remove evidence a case needs)."""

    NAMED = "named"
    BROAD = "broad"


class RequestDetails(_Model):
    date_from: RoughDay | None = None
    date_to: RoughDay | None = None
    details: Text | None = None  # goes to every letter
    details_for: dict[str, Line] = {}  # organisation id -> text for that organisation's letter only
    response_format: ResponseFormat = ResponseFormat.ELECTRONIC
    # Article 21(1) UK GDPR: grounds relating to the person's particular situation, in their
    # words; without them an erasure letter makes no objection (issue 10 item 5).
    objection_grounds: Line | None = None  # to every letter
    objection_grounds_for: dict[str, Line] = {}  # organisation id -> grounds for that letter only
    erasure_scope: ErasureScope = ErasureScope.NAMED

    @field_validator("details_for", "objection_grounds_for")
    @classmethod
    def _org_ids(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not ORG_ID.match(key):
                raise PydanticCustomError(
                    "org_id", '"{v}" is not an organisation id (see `dsar controllers list`)',
                    {"v": key})
        return {k: v for k, v in value.items() if v}

    @model_validator(mode="after")
    def _period_in_order(self) -> RequestDetails:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise PydanticCustomError(
                "period", "date_from is after date_to; swap them", {}
            )
        return self


class Representative(_Model):
    organisation: Line | None = None
    name: Line = Field(min_length=1)
    address: Lines = Field(min_length=1)
    postcode: Postcode = None
    email: Email = None
    phone: Line | None = None
    reference: Line | None = None


class Profile(_Model):
    requester: Requester
    identifiers: Identifiers = Identifiers()
    circumstances: Circumstances = Circumstances()
    request: RequestDetails = RequestDetails()
    representative: Representative | None = None


_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known key; check the spelling (see the profile format in README.md)",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text in quotes",
    "list_type": 'must be a list, e.g. ["line 1", "town"]',
    "enum": "must be one of: {expected}",
}


def _describe(err: Any) -> tuple[str, str]:
    loc = [str(p) for p in err["loc"] if not str(p).startswith("function-")]
    key = ".".join(loc) if loc else "(top level)"
    kind = err["type"]
    msg = _MESSAGES[kind].format(**(err.get("ctx") or {})) if kind in _MESSAGES else err["msg"]
    if kind == "enum" and isinstance(err.get("input"), str):
        msg = f'"{err["input"]}" {msg}'  # name the unknown value
    if kind == "identifier":
        # the message already names the identifier key
        sub, _, rest = msg.partition(": ")
        key = f"{key}.{sub}" if key != "(top level)" else sub
        msg = rest
    return key, msg


def problems_from(exc: ValidationError, source: str) -> list[str]:
    """One `source: key: problem` line per validation error."""
    lines = []
    for err in exc.errors():
        key, msg = _describe(err)
        line = f"{source}: {key}: {msg}"
        if line not in lines:
            lines.append(line)
    return lines


def unknown_organisations(profile: Profile, known: set[str] | list[str]) -> list[str]:
    """One line per organisation id the profile names that the directory does not know."""
    problems = [f'request.details_for: "{key}" is not a known organisation id; '
                "check the spelling (see `dsar controllers list`)"
                for key in profile.request.details_for if key not in known]
    problems += [f'request.objection_grounds_for: "{key}" is not a known organisation id; '
                 "check the spelling (see `dsar controllers list`)"
                 for key in profile.request.objection_grounds_for if key not in known]
    problems += [f'circumstances.police_contacts: force "{c.force}" is not a known organisation id; '
                 "check the spelling (see `dsar controllers list`)"
                 for c in profile.circumstances.police_contacts if c.force not in known]
    return problems


def profile_from_dict(data: dict[str, Any], source: str = "profile") -> Profile:
    """Validate a plain dict (from TOML, the interview or a CSV row) into a Profile."""
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(problems_from(exc, source)) from None


def load_profile(path: Path) -> Profile:
    """Read and validate a profile TOML file; raises ProfileError with one line per problem."""
    name = str(path)
    try:
        raw = read_limited(path, "a profile", PROFILE_LIMIT)
    except FileNotFoundError:
        raise ProfileError([f"{name}: no such file; check the path"]) from None
    except IsADirectoryError:
        raise ProfileError([f"{name}: is a folder; give the profile's .toml file"]) from None
    except InputError as exc:
        raise ProfileError([exc.message]) from None
    except OSError as exc:
        raise ProfileError([f"{name}: cannot be read ({exc.strerror})"]) from None
    try:
        data = parse_toml(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ProfileError([f"{name}: is not UTF-8 text; save it as UTF-8"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError([f"{name}: not valid TOML: {exc}"]) from None
    return profile_from_dict(data, name)


def profile_to_toml(profile: Profile) -> str:
    """The profile as TOML text in the public format (for saving interview answers)."""
    import tomli_w

    data = profile.model_dump(mode="python", by_alias=True, exclude_none=True)
    data["requester"]["date_of_birth"] = profile.requester.date_of_birth
    return tomli_w.dumps(_enums_to_str(data))


def _enums_to_str(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _enums_to_str(v) for k, v in value.items() if v not in ([], None)}
    if isinstance(value, list):
        return [_enums_to_str(v) for v in value]
    if isinstance(value, StrEnum):
        return str(value)
    return value
