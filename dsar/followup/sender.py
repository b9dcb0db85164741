"""Whose name and address a follow-up carries: the sender recorded with the request.

Letters made by `dsar generate`, `dsar new` or `dsar batch` are recorded with where
their sender details came from (the tracker's `request_senders`, migration 0003):

- {"profile": "/abs/path/me.toml"}: the saved profile the letter was made from;
- {"profile_toml": "...", "signatory": "..."}: the sender block itself, as profile
  TOML (a batch client: the client as requester, the organisation as representative
  with the client's own reference; the batch's signatory signs).

`dsar chase`, `dsar complain` use it; `--profile` overrides it for one letter; a
request added by hand with `dsar track add` remembers the first `--profile` given.
Whatever the source, the profile must be the requester's (dsar.followup.make
check_profile), and a request with its own client reference is never sent under
another profile's reference (issue 11 item 11).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.errors import DsarError

if TYPE_CHECKING:
    from dsar.profile import Profile
    from dsar.tracker import TrackedRequest


@dataclass(frozen=True)
class Sender:
    profile: Profile
    signatory: str | None  # who signs for the organisation (a batch's signatory), if any
    source: str  # where it came from, for messages: a path, or "the batch's client details"
    remembered: bool = False  # True: the request's recorded sender (not --profile)


def from_path(path: Path) -> dict[str, Any]:
    """The record for letters made from the profile file at `path`."""
    return {"profile": str(path.expanduser().resolve())}


def from_profile(profile: Profile, signatory: str | None = None) -> dict[str, Any]:
    """The record for letters made from a profile that has no file (a batch client's)."""
    from dsar.profile import profile_to_toml

    record: dict[str, Any] = {"profile_toml": profile_to_toml(profile)}
    if signatory:
        record["signatory"] = signatory
    return record


def load(record: Mapping[str, Any], ref: str) -> Sender:
    """The sender a request's record names; DsarError (one line) says what to do when it cannot be read."""
    from dsar.errors import ProfileError
    from dsar.profile import load_profile, profile_from_dict

    if "profile" in record:
        path = Path(str(record["profile"]))
        try:
            return Sender(load_profile(path), None, str(path), remembered=True)
        except ProfileError as exc:
            raise DsarError(f"request {ref} was made from the profile {path}, which cannot be used now "
                            f"({exc.message}); give the profile with --profile PROFILE") from None
    if "profile_toml" in record:
        signatory = record.get("signatory")
        try:
            data = tomllib.loads(str(record["profile_toml"]))
            profile = profile_from_dict(data, f"the sender recorded with {ref}")
        except (tomllib.TOMLDecodeError, ProfileError):
            raise DsarError(f"the sender details recorded with {ref} cannot be read; give the profile with "
                            "--profile PROFILE") from None
        return Sender(profile, str(signatory) if signatory else None, "the details recorded with the request",
                      remembered=True)
    raise DsarError(f"the sender details recorded with {ref} are not in a known form; give the profile with "
                    "--profile PROFILE")


def for_request(profile: Profile, request: TrackedRequest) -> tuple[Profile, list[str]]:
    """The profile with the request's own client reference (issue 11 item 11), and a warning when
    the profile carried another reference."""
    rep = profile.representative
    if rep is None or not request.client_reference or rep.reference == request.client_reference:
        return profile, []
    warnings = []
    if rep.reference:
        warnings.append(f"the profile's reference {rep.reference} is not this request's client reference; "
                        f"the letter uses the request's own, {request.client_reference}")
    changed = profile.model_copy(update={"representative": rep.model_copy(
        update={"reference": request.client_reference})})
    return changed, warnings
