"""A user's own folder of records (--controllers DIR / DSAR_CONTROLLERS_DIR): add, override, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsar.controllers import load_directory
from dsar.errors import ControllerError

RECORD = """
id = "{id}"
name = "{name}"
short_name = "Example"
kind = "police"
nation = "england"
regimes = ["dpa-part-3", "uk-gdpr"]
areas = ["Exampleton"]
sar_page = "https://www.example.police.uk/sar"
verified_on = 2026-11-20

[access.address]
value = ["Disclosure Unit", "1 Example Road", "Exampleton"]
source = "https://www.example.police.uk/sar"
read_on = 2026-11-20
age = "current"

[access.postcode]
value = "SW1A 1AA"
source = "https://www.example.police.uk/sar"
read_on = 2026-11-20
age = "current"

[access.email]
value = "sar@example.police.uk"
source = "https://www.example.police.uk/sar"
read_on = 2026-11-20
age = "current"

[access.online_form]
value = "https://www.example.police.uk/form"
source = "https://www.example.police.uk/sar"
read_on = 2026-11-20
"""


def write(folder: Path, id_: str, text: str | None = None, name: str = "Example Police") -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{id_}.toml"
    path.write_text(text if text is not None else RECORD.format(id=id_, name=name), encoding="utf-8")
    return path


def test_a_new_record_is_added(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    path = write(folder, "example-police")
    directory = load_directory(folder)
    assert "example-police" in directory
    assert directory.origins["example-police"] == path
    assert "metropolitan-police" in directory  # the built-in ones are still there
    assert len(directory) == len(load_directory()) + 1


def test_a_record_overrides_the_built_in_one_by_id(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    path = write(folder, "kent-police", name="Kent Police (adviser's checked copy)")
    directory = load_directory(folder)
    kent = directory.get("kent-police")
    assert kent.name == "Kent Police (adviser's checked copy)"
    assert kent.access.email is not None and kent.access.email.value == "sar@example.police.uk"
    assert directory.origins["kent-police"] == path
    assert len(directory) == len(load_directory())


def test_the_environment_variable_names_the_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mine"
    write(folder, "example-police")
    monkeypatch.setenv("DSAR_CONTROLLERS_DIR", str(folder))
    assert "example-police" in load_directory()


def bad(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


GOOD = RECORD.format(id="example-police", name="Example Police")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (bad(GOOD, 'value = "SW1A 1AA"', 'value = "NOT A CODE"'),
         'access.postcode: "NOT A CODE" is not a UK postcode, e.g. SW1A 1AA'),
        (bad(GOOD, 'value = "SW1A 1AA"', 'value = "sw1a1aa"'),
         'access.postcode: write it as "SW1A 1AA"'),
        (bad(GOOD, 'value = "sar@example.police.uk"', 'value = "sar at example.police.uk"'),
         'access.email: "sar at example.police.uk" is not an email address'),
        (bad(GOOD, 'value = "https://www.example.police.uk/form"',
             'value = "http://www.example.police.uk/form"'),
         'access.online_form: "http://www.example.police.uk/form" is not an https:// URL'),
        (bad(GOOD, 'sar_page = "https://www.example.police.uk/sar"', 'sar_page = "example.police.uk"'),
         'sar_page: "example.police.uk" is not an https:// URL'),
        (bad(GOOD, 'kind = "police"', 'kind = "polis"'),
         "kind: \"polis\" must be one of: 'government', 'police', 'criminal-records', 'regulator' or "
         "'processor'"),
        (bad(GOOD, 'nation = "england"', 'nation = "ulster"'),
         "nation: \"ulster\" must be one of: 'england', 'wales', 'scotland' or 'northern-ireland'"),
        (bad(GOOD, '[access.email]\nvalue = "sar@example.police.uk"\nsource = '
                   '"https://www.example.police.uk/sar"\n',
             '[access.email]\nvalue = "sar@example.police.uk"\n'),
         "access.email.source: is required"),
        (bad(GOOD, '[access.postcode]\nvalue = "SW1A 1AA"\nsource = "https://www.example.police.uk/sar"\n'
                   "read_on = 2026-11-20\n",
             '[access.postcode]\nvalue = "SW1A 1AA"\nsource = "https://www.example.police.uk/sar"\n'),
         "access.postcode.read_on: is required"),
        (bad(GOOD, 'id = "example-police"', 'id = "Example Police"'),
         'id: "Example Police" must be lower-case words joined by hyphens'),
    ],
)
def test_a_bad_record_is_refused_naming_the_file_and_field(tmp_path: Path, text: str,
                                                           problem: str) -> None:
    path = write(tmp_path / "mine", "example-police", text)
    with pytest.raises(ControllerError) as info:
        load_directory(path.parent)
    assert info.value.problems == [f"{path}: {problem}"]


def test_the_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = write(tmp_path / "mine", "other-name", GOOD)
    with pytest.raises(ControllerError) as info:
        load_directory(path.parent)
    assert info.value.problems == [
        f'{path}: id: "example-police" must match the file name "other-name"'
    ]


def test_broken_toml_is_named(tmp_path: Path) -> None:
    path = write(tmp_path / "mine", "example-police", 'id = "example-police\n')
    with pytest.raises(ControllerError) as info:
        load_directory(path.parent)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith(f"{path}: not valid TOML: ")


def test_every_bad_file_is_reported_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    one = write(folder, "a-police", bad(RECORD.format(id="a-police", name="A"),
                                        'kind = "police"', 'kind = "x"'))
    two = write(folder, "b-police", bad(RECORD.format(id="b-police", name="B"),
                                        'value = "SW1A 1AA"', 'value = "X"'))
    with pytest.raises(ControllerError) as info:
        load_directory(folder)
    assert [p.split(":")[0] for p in info.value.problems] == [str(one), str(two)]


def test_a_redirect_to_an_unknown_id_is_refused(tmp_path: Path) -> None:
    text = bad(GOOD, 'kind = "police"', 'kind = "processor"\nredirect_to = "nobody"')
    path = write(tmp_path / "mine", "example-police", text)
    with pytest.raises(ControllerError) as info:
        load_directory(path.parent)
    assert info.value.problems == [f'{path}: redirect_to: no organisation with id "nobody"']


def test_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ControllerError) as info:
        load_directory(tmp_path / "nowhere")
    assert info.value.problems == [
        f"{tmp_path / 'nowhere'}: no such folder of controller records; check the path"
    ]
