from __future__ import annotations

from pathlib import Path

import pytest

from dsar.errors import ProfileError
from dsar.profile import load_profile, profile_to_toml

GOOD = """
[requester]
full_name = "Amira Example"
date_of_birth = 1990-04-12
address = ["1 Test Street", "Croydon"]
postcode = "cr0 2wf"

[identifiers]
prison_number = "a1234bc"
national_insurance_number = "AB 12 34 56 C"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_profile_is_normalised(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, GOOD))
    assert profile.requester.postcode == "CR0 2WF"
    assert profile.identifiers.prison_number == "A1234BC"
    assert profile.identifiers.national_insurance_number == "AB123456C"


def test_round_trip_through_toml(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, GOOD))
    again = load_profile(write(tmp_path, profile_to_toml(profile)))
    assert again == profile


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ('date_of_birth = 1990-04-12', 'requester.date_of_birth: "1990-13-01" is not a date, use YYYY-MM-DD'),
        ('postcode = "cr0 2wf"', 'requester.postcode: "NOT A CODE" is not a UK postcode, e.g. SW1A 1AA'),
        ('prison_number = "a1234bc"', 'identifiers.prison_number: "12345" is not a valid Prison number (NOMIS): use one letter, four digits, two letters, e.g. A1234BC'),
    ],
)
def test_bad_values_name_file_key_and_fix(tmp_path: Path, change: str, expected: str) -> None:
    bad = {
        'date_of_birth = 1990-04-12': 'date_of_birth = "1990-13-01"',
        'postcode = "cr0 2wf"': 'postcode = "NOT A CODE"',
        'prison_number = "a1234bc"': 'prison_number = "12345"',
    }[change]
    path = write(tmp_path, GOOD.replace(change, bad))
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.problems == [f"{path}: {expected}"]


def test_missing_and_unknown_keys_each_get_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace('full_name = "Amira Example"', 'fullname = "A"'))
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.problems == [
        f"{path}: requester.full_name: is required",
        f"{path}: requester.fullname: is not a known key; check the spelling (see the profile format in README.md)",
    ]


def test_not_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "[requester\n")
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert info.value.problems[0].startswith(f"{path}: not valid TOML:")
