"""`dsar controllers list|show|search` through the real entry point, and contact_warnings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dsar.controllers import Controller, Fact, contact_warnings, load_directory
from tests.cli_runner import run_cli as run

DIRECTORY = load_directory()




# ---------------------------------------------------------------- contact_warnings

def record(**access: Fact) -> Controller:
    return Controller.model_validate({
        "id": "x-police", "name": "X Police", "short_name": "X Police", "kind": "police",
        "nation": "england", "regimes": ["dpa-part-3"], "verified_on": "2026-11-26",
        "sar_page": "https://www.x.police.uk/sar", "access": access,
    })


def fact(value: str | list[str], age: str = "current", **extra: object) -> Fact:
    return Fact.model_validate({"value": value, "source": "https://www.x.police.uk/old",
                                "read_on": dt.date(2026, 11, 26), "age": age, **extra})


CHECK = "check https://www.x.police.uk/sar before sending"


def test_warns_when_no_channel_is_known() -> None:
    assert contact_warnings(record()) == [
        f"no postal address, email or online form is known for X Police; {CHECK}"
    ]


def test_warns_for_an_old_pnn_email() -> None:
    c = record(email=fact("sar@x.pnn.police.uk", age="old"))
    assert contact_warnings(c) == [
        f"no postal address is known for X Police; {CHECK}",
        "the email address for X Police (sar@x.pnn.police.uk) comes from an old source "
        "(https://www.x.police.uk/old) and is on the older pnn.police.uk domain and may be "
        f"retired; {CHECK}",
    ]


def test_warns_for_a_current_pnn_email_and_an_undated_address() -> None:
    c = record(email=fact("sar@x.pnn.police.uk"), address=fact(["1 Road", "Town"], age="undated"),
               postcode=fact("SW1A 1AA"))
    assert contact_warnings(c) == [
        "the postal address for X Police (1 Road, Town) comes from an undated source "
        f"(https://www.x.police.uk/old); {CHECK}",
        "the email address for X Police (sar@x.pnn.police.uk) is on the older pnn.police.uk "
        f"domain and may be retired; {CHECK}",
    ]


def test_warns_when_the_address_is_not_given_for_requests() -> None:
    c = record(address=fact(["DPO", "HQ", "Town"], for_requests=False), postcode=fact("SW1A 1AA"))
    assert contact_warnings(c) == [
        "the postal address for X Police (DPO, HQ, Town) is not one its source gives for "
        "requests (it may be a data protection officer's or headquarters' address); " + CHECK,
    ]


def test_a_clean_record_has_no_warnings() -> None:
    c = record(address=fact(["Unit", "Town"]), postcode=fact("SW1A 1AA"),
               email=fact("sar@x.police.uk"))
    assert contact_warnings(c) == []


def test_a_processor_is_pointed_at_its_controller_only() -> None:
    assert contact_warnings(DIRECTORY.get("buddi")) == [
        "Buddi processes data for another organisation; send requests to home-office instead"
    ]


def test_real_records_warn_about_their_old_facts() -> None:
    cleveland = contact_warnings(DIRECTORY.get("cleveland-police"))
    assert len(cleveland) == 4
    assert any("pnn.police.uk domain" in w and "old source" in w for w in cleveland)
    assert contact_warnings(DIRECTORY.get("police-scotland")) == []


# ---------------------------------------------------------------- the commands

def test_search_prints_one_line_per_hit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "controllers", "search", "GMP")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "greater-manchester-police        police           england          "
        'Greater Manchester Police [alias "gmp"]'
    ]


def test_search_shows_where_a_processor_sends_you(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "controllers", "search", "smartwatch")
    assert code == 0
    assert out.splitlines()[0].endswith(
        '[alias "smartwatch"] -> send requests to Home Office, Subject Access Request Unit '
        "(home-office)")


def test_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "controllers", "search", "salford", "--json")
    assert code == 0
    data = json.loads(out)
    assert data[0] == {"id": "greater-manchester-police", "name": "Greater Manchester Police",
                       "kind": "police", "nation": "england", "score": 70,
                       "matched": 'area "Salford"', "redirect_to": None}


def test_search_without_a_match_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "controllers", "search", "zzqx")
    assert (code, out) == (1, "")
    assert err == ('Error: no organisation matches "zzqx"; try another name or a town, '
                   "or see `dsar controllers list --kind police`\n")


def test_list_filters_by_kind_and_nation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "controllers", "list", "--kind", "police", "--nation", "wales")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [
        "british-transport-police", "dyfed-powys-police", "gwent-police", "north-wales-police",
        "south-wales-police"]
    code, out, _ = run(capsys, "controllers", "list", "--json", "--kind", "regulator")
    assert [c["id"] for c in json.loads(out)] == ["ico"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "cops"], 'Error: --kind: "cops" is not one of government, police, '
                             "criminal-records, regulator, processor\n"),
        (["--nation", "ni"], 'Error: --nation: "ni" is not one of england, wales, scotland, '
                             "northern-ireland\n"),
    ],
)
def test_list_rejects_bad_values(capsys: pytest.CaptureFixture[str], args: list[str],
                                 message: str) -> None:
    code, out, err = run(capsys, "controllers", "list", *args)
    assert (code, out, err) == (1, "", message)


def test_show_gives_sources_dates_ages_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "controllers", "show", "norfolk-police")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Norfolk Constabulary (norfolk-police)"
    assert "  verified_on: 2026-11-26" in lines
    assert "    email: dataprotection@norfolk.pnn.police.uk" in lines
    assert ("      source: http://www.norfolk.police.uk/aboutus/yourrighttoinformation/"
            "dataprotection/frequentlyaskedquestions.aspx (read 2026-11-26, old)") in lines
    assert "  ID it asks for (no source: the usual practice, not confirmed):" in lines
    assert "  check before sending (access):" in lines
    assert any(line.startswith("    ! the email address for Norfolk Police") for line in lines)


def test_show_json_has_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "controllers", "show", "buddi", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["redirect_to"] == "home-office"
    assert data["warnings"] == {"access": [
        "Buddi processes data for another organisation; send requests to home-office instead"]}


def test_show_an_unknown_id_suggests_the_right_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "controllers", "show", "gmp")
    assert (code, out) == (1, "")
    assert err == ('Error: no organisation with id "gmp"; did you mean greater-manchester-police? '
                   "see `dsar controllers list` or `dsar controllers search TEXT`\n")


def test_the_users_folder_overrides_from_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    built_in = (Path(str(DIRECTORY.origins["kent-police"]))).read_text(encoding="utf-8")
    (folder / "kent-police.toml").write_text(
        built_in.replace('name = "Kent Police"', 'name = "Kent Police (checked)"'), encoding="utf-8")
    code, out, _ = run(capsys, "--controllers", str(folder), "controllers", "show", "kent-police")
    assert code == 0
    assert out.splitlines()[0] == "Kent Police (checked) (kent-police)"
    assert f"  record file: {folder / 'kent-police.toml'}" in out.splitlines()


def test_a_bad_user_record_is_a_clean_error(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    built_in = Path(str(DIRECTORY.origins["kent-police"])).read_text(encoding="utf-8")
    bad = folder / "kent-police.toml"
    bad.write_text(built_in.replace('value = "ME20 7SL"', 'value = "ME20"'), encoding="utf-8")
    code, out, err = run(capsys, "--controllers", str(folder), "controllers", "list")
    assert (code, out) == (1, "")
    assert err == f'Error: {bad}: access.postcode: "ME20" is not a UK postcode, e.g. SW1A 1AA\n'


def test_coverage_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "controllers", "coverage", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["records"] == len(DIRECTORY) and data["kind police"] == 48
    code, out, _ = run(capsys, "controllers", "coverage")
    assert out.splitlines()[0].split() == ["records", str(len(DIRECTORY))]
