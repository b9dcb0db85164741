"""Shared helpers for the letters tests: the demo profile, the seven first records, profile variants."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from dsar.controllers import Directory, load_directory
from dsar.paths import letters_dir
from dsar.profile import Profile, profile_from_dict

ON = date(2026, 11, 26)
FIRST_SEVEN = ("home-office", "moj", "hmpps", "acro", "metropolitan-police", "police-scotland", "psni")
KINDS = ("access", "erasure")
GOLDEN = Path(__file__).parent / "golden" / "letters"


def demo_data() -> dict[str, Any]:
    return tomllib.loads((letters_dir() / "demo-profile.toml").read_text(encoding="utf-8"))


def demo() -> Profile:
    return profile_from_dict(demo_data(), "demo-profile.toml")


def variant(**sections: dict[str, Any] | None) -> Profile:
    """The demo profile with whole sections replaced (None removes a section)."""
    data = demo_data()
    for name, value in sections.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = {**data.get(name, {}), **value}
    return profile_from_dict(data, "test")


@cache
def directory() -> Directory:
    """The built-in records (read once per test run; tests never change them)."""
    return load_directory()


def demo_folder() -> str:
    """The demo person's folder name under OUT (dsar.files.person_folder_name)."""
    from dsar.files import person_folder_name

    requester = demo().requester
    return person_folder_name(requester.full_name, requester.date_of_birth)
