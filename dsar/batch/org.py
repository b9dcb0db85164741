"""The organisation acting for every client of a batch: `--org org.toml`.

    signatory = "Sam Adviser, Immigration Caseworker"   # optional: who signs the letters
    logo = "letterhead.png"                              # optional: PNG or JPEG, beside org.toml

    [representative]            # the profile's [representative] keys
    organisation = "Example Law Centre"
    name = "Sam Adviser"
    address = ["1 Example Road", "Exampletown"]
    postcode = "ZZ99 9ZZ"
    email = "advice@example.org"
    phone = "01234 567890"

Each client's reference becomes the representative's reference on that client's
letters, so `reference` is not allowed here.
"""

from __future__ import annotations

import base64
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from dsar.errors import BatchError, ProfileError
from dsar.inputs import TOML_LIMIT, InputError, parse_toml, read_limited
from dsar.profile import Representative, problems_from

MAX_LOGO_BYTES = 512 * 1024
_LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Org:
    representative: Representative
    signatory: str | None = None
    logo: bytes | None = None
    logo_type: str | None = None  # "image/png" or "image/jpeg"

    def for_client(self, reference: str) -> Representative:
        """The representative block for one client's letters: the client's reference added."""
        return self.representative.model_copy(update={"reference": reference})

    @property
    def logo_data_uri(self) -> str | None:
        """The logo as a data: URI (no file or network fetch is ever needed to show it)."""
        if self.logo is None or self.logo_type is None:
            return None
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode('ascii')}"


def load_org(path: Path) -> Org:
    """Read and validate org.toml; errors name the file and the key."""
    name = str(path)
    try:
        data = parse_toml(read_limited(path, "org.toml", TOML_LIMIT).decode("utf-8-sig"))
    except FileNotFoundError:
        raise BatchError(f"{name}: no such file; check the --org path") from None
    except IsADirectoryError:
        raise BatchError(f"{name}: is a folder; --org takes an org.toml file") from None
    except UnicodeDecodeError:
        raise BatchError(f"{name}: is not UTF-8 text; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise BatchError(f"{name}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise BatchError(f"{name}: cannot be read ({exc.strerror})") from None
    problems: list[str] = []
    unknown = sorted(set(data) - {"representative", "signatory", "logo"})
    problems += [
        f"{name}: {key}: is not a known key; use [representative], signatory and logo" for key in unknown
    ]
    rep_data = data.get("representative")
    representative: Representative | None = None
    if not isinstance(rep_data, dict):
        problems.append(
            f"{name}: representative: is required: a [representative] table with organisation, "
            "name, address and postcode"
        )
    elif "reference" in rep_data:
        problems.append(
            f"{name}: representative.reference: is set per client from the client reference "
            "column; remove it"
        )
    else:
        try:
            representative = Representative.model_validate(rep_data)
        except ValidationError as exc:
            problems += problems_from(exc, f"{name}: representative")
    problems = [p.replace(": representative: ", ": representative.", 1) for p in problems]
    signatory = data.get("signatory")
    if signatory is not None and (not isinstance(signatory, str) or not signatory.strip()):
        problems.append(f'{name}: signatory: must be text, e.g. "Sam Adviser, Caseworker"')
    logo, logo_type = None, None
    if "logo" in data:
        try:
            logo, logo_type = _read_logo(path, data["logo"])
        except BatchError as exc:
            problems.append(exc.message)
    if problems or representative is None:
        raise ProfileError(problems)
    return Org(
        representative=representative,
        signatory=" ".join(signatory.split()) if isinstance(signatory, str) else None,
        logo=logo,
        logo_type=logo_type,
    )


def _read_logo(org_path: Path, value: object) -> tuple[bytes, str]:
    name = str(org_path)
    if not isinstance(value, str) or not value.strip():
        raise BatchError(f'{name}: logo: must be a file name, e.g. "letterhead.png"')
    logo_path = (org_path.parent / value).expanduser()
    try:
        raw = read_limited(logo_path, "the logo", MAX_LOGO_BYTES, too_big=(
            f"{name}: logo: {logo_path} is larger than 512 KB; use a smaller image"))
    except InputError as exc:
        raise BatchError(f"{name}: logo: {exc.message}") from None
    except OSError:
        raise BatchError(f"{name}: logo: {logo_path} cannot be read; check the path") from None
    for magic, mime in _LOGO_TYPES.items():
        if raw.startswith(magic):
            return raw, mime
    raise BatchError(f"{name}: logo: {logo_path} is not a PNG or JPEG image")
