"""Golden letters for the three people of issue 10 item 13, read as their recipients would.

Profiles: tests/golden/cases/*.toml; letters: tests/golden/letters/cases/<case>/<body>-<kind>.txt.
After a deliberate wording change:

    DSAR_UPDATE_GOLDEN=1 pytest tests/test_golden_cases.py

then read the diff (`git diff tests/golden`) before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dsar.compose import compose, compose_authority
from dsar.profile import load_profile
from dsar.render import to_text
from tests.letters_fixtures import GOLDEN, ON, directory

CASES = Path(__file__).parent / "golden" / "cases"
UPDATE = os.environ.get("DSAR_UPDATE_GOLDEN") == "1"

LETTERS = {
    "a-smartwatch-immigration-bail": [
        ("home-office", "access"), ("home-office", "erasure"), ("moj", "access"),
        ("west-midlands-police", "access"), ("west-midlands-police", "erasure"), ("acro", "erasure"),
    ],
    "b-ankle-tag-licence-ended": [
        ("moj", "access"), ("hmpps", "access"), ("electronic-monitoring", "access"),
        ("metropolitan-police", "erasure"), ("acro", "erasure"), ("home-office", "access"),
    ],
    "c-adviser-community-order": [
        ("hmpps", "access"), ("moj", "access"), ("moj", "erasure"), ("psni", "erasure"),
    ],
}


def _golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run DSAR_UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("case", "body", "kind"),
                         [(case, body, kind) for case, rows in LETTERS.items() for body, kind in rows])
def test_golden_case_letters(case: str, body: str, kind: str) -> None:
    profile = load_profile(CASES / f"{case}.toml")
    letter = compose(profile, directory().get(body), kind, ON)
    _golden(GOLDEN / "cases" / case / f"{body}-{kind}.txt", to_text(letter))


def test_golden_adviser_authority_letter() -> None:
    profile = load_profile(CASES / "c-adviser-community-order.toml")
    d = directory()
    letter = compose_authority(profile, [d.get("hmpps"), d.get("moj"), d.get("psni")], ON,
                               kinds=["access", "erasure"])
    _golden(GOLDEN / "cases" / "c-adviser-community-order" / "letter-of-authority.txt", to_text(letter))
