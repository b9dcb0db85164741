"""Each person's letters get a folder of their own under OUT, whatever the script of their name.

Issue 16 item 1: a name with no Latin letters used to slug to `requester`, so two people's
letters overwrote each other in one folder.
"""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dsar.errors import LetterError
from dsar.files import MARKER, claim_folder, person_folder, person_folder_name, person_key, slug
from dsar.generate import generate
from tests.letters_fixtures import ON, demo, directory

DOB = date(1990, 4, 12)

# Ten scripts, as the people this tool is for write their names, plus near-duplicates.
NAMES = [
    "محمد علي",            # Arabic
    "محمد على",            # Arabic, one letter different (alef maqsura)
    "علی رضایی",           # Persian
    "ሰላም ተስፋይ",           # Tigrinya (Ge'ez)
    "张伟",                # Chinese
    "Nguyễn Văn An",       # Vietnamese
    "Nguyen Van An",       # the same without accents
    "Łukasz Żółć",         # Polish
    "Иван Петров",         # Cyrillic
    "Σωκράτης Παππάς",     # Greek
    "ਸੁਖਦੀਪ ਸਿੰਘ",           # Gurmukhi
    "Zoë O'Brien",
    "Zoë O Brien",         # differs only in punctuation
    "A" * 60 + " One",     # differ only after 60 characters
    "A" * 60 + " Two",
]


def test_every_name_gets_a_folder_of_its_own() -> None:
    names = [person_folder_name(n, DOB) for n in NAMES]
    assert len(set(names)) == len(NAMES)
    for name in names:
        assert name.isascii() and "/" not in name and len(name) <= 60
        assert not name.startswith("requester")


def test_folder_names_are_readable_and_stable() -> None:
    assert person_folder_name("محمد علي", DOB).startswith("mhmd-ly-")
    assert person_folder_name("张伟", DOB).startswith("zhangwei-")
    assert person_folder_name("ሰላም ተስፋይ", DOB).startswith("selam-tesfay-")
    # the same person (case, spacing, Unicode normal form) -> the same folder, run after run
    assert person_folder_name("Amira  EXAMPLE", DOB) == person_folder_name("amira example", DOB)
    assert person_folder_name("Zoe\u0308", DOB) == person_folder_name("Zo\u00eb", DOB)
    # another date of birth -> another person
    assert person_folder_name("Amira Example", DOB) != person_folder_name("Amira Example", date(1991, 4, 12))
    # a batch client's folder starts with the reference and is keyed by it
    assert person_folder_name("张伟", reference="C-7").startswith("c-7-zhangwei-")
    assert person_folder_name("张伟", reference="C-7") != person_folder_name("张伟", reference="C-8")


@given(st.text(min_size=1, max_size=80), st.text(min_size=1, max_size=80))
def test_different_people_never_share_a_folder(a: str, b: str) -> None:
    if person_key(a, DOB) != person_key(b, DOB):
        assert person_folder_name(a, DOB) != person_folder_name(b, DOB)
    assert slug(a).isascii()


def test_a_folder_holding_another_persons_letters_is_refused(tmp_path: Path) -> None:
    folder = person_folder(tmp_path, "张伟", DOB)
    marker = folder / MARKER
    assert stat.S_IMODE(marker.stat().st_mode) == 0o600
    assert marker.read_text(encoding="ascii").strip() == person_key("张伟", DOB)
    claim_folder(folder, person_key("张伟", DOB))  # the same person again: fine
    with pytest.raises(LetterError, match="holds another person's letters"):
        claim_folder(folder, person_key("محمد علي", DOB))


def test_generate_keeps_two_non_latin_names_apart(tmp_path: Path) -> None:
    """The issue's reproduction: محمد علي then 张伟 into one --out."""
    base = demo()
    made = []
    for name in ("محمد علي", "张伟"):
        profile = base.model_copy(update={"requester": base.requester.model_copy(update={"full_name": name})})
        made.append(generate(profile, ["home-office"], ["access"], tmp_path, directory=directory(), on=ON,
                             formats=["txt"]))
    first, second = made
    assert first.folder != second.folder
    for result, name in zip(made, ("محمد علي", "张伟"), strict=True):
        texts = [p for w in result.letters for p in w.files.values()]
        assert texts and all(p.exists() for p in texts)
        assert all(p.parent == result.folder for p in texts)
        letter = next(p for w in result.letters if w.controller_id == "home-office" for p in w.files.values())
        assert name in letter.read_text(encoding="utf-8")
