"""`dsar controllers list|show|search` through the real entry point, and contact_warnings."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dsar.controllers import Controller, Fact, SourceAge, contact_warnings, load_directory
from tests.cli_runner import run_cli as run

DIRECTORY = load_directory()




# ---------------------------------------------------------------- contact_warnings

@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ages are counted from today: fix it so the tests do not change with the calendar."""
    monkeypatch.setenv("DSAR_TODAY", "2026-12-01")


def record(**access: Fact) -> Controller:
    return Controller.model_validate({
        "id": "x-police", "name": "X Police", "short_name": "X Police", "kind": "police",
        "nation": "england", "regimes": ["dpa-part-3"], "researched_on": "2026-11-26",
        "sar_page": "https://www.x.police.uk/sar", "access": access,
    })


def fact(value: str | list[str], dated: str | None = "2026-01-05", **extra: object) -> Fact:
    return Fact.model_validate({"value": value, "source": "https://www.x.police.uk/page",
                                "read_on": dt.date(2026, 11, 26), "source_date": dated, **extra})


CHECK = "check https://www.x.police.uk/sar before sending"
READ = "https://www.x.police.uk/page, read 26 November 2026"


def test_warns_when_no_channel_is_known() -> None:
    assert contact_warnings(record()) == [
        f"no postal address, email or online form is known for X Police; {CHECK}"
    ]


def test_warns_for_an_old_pnn_email() -> None:
    c = record(email=fact("sar@x.pnn.police.uk", dated=None, predates_2018=True))
    assert contact_warnings(c) == [
        f"no postal address is known for X Police; {CHECK}",
        "the email address for X Police (sar@x.pnn.police.uk) comes from a page written before "
        f"May 2018 ({READ}) and is on the older pnn.police.uk domain and may be retired; {CHECK}",
    ]


def test_warns_for_a_current_pnn_email_and_an_undated_address() -> None:
    c = record(email=fact("sar@x.pnn.police.uk"), address=fact(["1 Road", "Town"], dated=None),
               postcode=fact("SW1A 1AA"))
    assert contact_warnings(c) == [
        f"the postal address for X Police (1 Road, Town) comes from an undated page ({READ}); {CHECK}",
        "the email address for X Police (sar@x.pnn.police.uk) is on the older pnn.police.uk "
        f"domain and may be retired; {CHECK}",
    ]


@pytest.mark.parametrize(
    ("dated", "source", "warned"),
    [
        ("2024-12-01", "https://www.x.police.uk/page", None),  # exactly two years: not yet old
        ("2024-11-30", "https://www.x.police.uk/page", "a page dated 2024-11-30, more than 2 years ago"),
        (None, "https://www.x.police.uk/page", "an undated page"),
        (None, "http://www.x.police.uk/live/site.nsf/page", "a page on a retired (.nsf) site"),
        (None, "https://www.x.police.uk/Data-Protection.aspx", "a page on an older (.aspx) site"),
        (None, "https://archive.x.police.uk/about", "a page on an archived site"),
        # the page's own date wins over its address
        ("2026-03-01", "https://www.x.police.uk/Data-Protection.aspx", None),
    ],
)
def test_age_comes_from_the_sources_date_or_address(dated: str | None, source: str,
                                                     warned: str | None) -> None:
    c = record(email=Fact.model_validate({"value": "sar@x.police.uk", "source": source,
                                          "read_on": "2026-11-26", "source_date": dated}),
               address=fact(["Unit", "Town"]), postcode=fact("SW1A 1AA"))
    expected = [] if warned is None else [
        f"the email address for X Police (sar@x.police.uk) comes from {warned} "
        f"({source}, read 26 November 2026); {CHECK}"]
    assert contact_warnings(c) == expected


def test_an_older_records_age_field_is_read_as_a_dating_clue() -> None:
    old = Fact.model_validate({"value": "x", "source": "https://www.x.police.uk/page",
                               "read_on": "2026-11-26", "age": "old"})
    current = Fact.model_validate({"value": "x", "source": "https://www.x.police.uk/page",
                                   "read_on": "2026-11-26", "age": "current"})
    assert old.predates_2018 and old.dating()[1] == "a page written before May 2018"
    assert current.dating()[1] == "an undated page"  # "current" alone no longer counts


def test_a_source_date_after_the_read_date_is_refused() -> None:
    with pytest.raises(ValueError, match="source_date 2026-11-27 is after read_on 2026-11-26"):
        fact("x", dated="2026-11-27")


def test_disagreeing_sources_warn_and_name_the_other() -> None:
    c = record(address=fact(["Unit", "Town"], disagrees="an older page gives Unit B"),
               postcode=fact("SW1A 1AA"))
    assert contact_warnings(c) == [
        "the postal address for X Police (Unit, Town) is from the newer of two sources that "
        f"disagree (an older page gives Unit B); {CHECK}"]


def test_an_advice_services_own_source_is_shown_as_such() -> None:
    from dsar.directory.checks import source_text

    own = Fact.model_validate({"value": "x", "source": "phoned the unit", "read_on": "2026-11-20"})
    assert source_text(own) == "your organisation's own records: phoned the unit, noted 20 November 2026"


def test_warns_when_the_address_is_not_given_for_requests() -> None:
    c = record(address=fact(["DPO", "HQ", "Town"], for_requests=False), postcode=fact("SW1A 1AA"))
    assert contact_warnings(c) == [
        "the postal address for X Police (DPO, HQ, Town) is not one its source gives for "
        "requests (it may be a data protection officer's or headquarters' address); " + CHECK,
    ]


def test_an_address_and_postcode_from_one_page_share_a_line() -> None:
    c = record(address=fact(["1 Road", "Town"], dated=None), postcode=fact("SW1A 1AA", dated=None),
               email=fact("sar@x.police.uk"), phone=fact("01234 567890", dated=None))
    assert contact_warnings(c) == [
        f"the postal address for X Police (1 Road, Town, SW1A 1AA) comes from an undated page "
        f"({READ}); {CHECK}"]


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
    # address and postcode share a line; the phone is not used to send, so not checked
    assert len(cleveland) == 2
    assert cleveland[0].startswith("the postal address for Cleveland Police (Data Control Unit")
    assert ", TS8 9EH) comes from a page written before May 2018" in cleveland[0]
    assert any("pnn.police.uk domain" in w and "written before May 2018" in w for w in cleveland)
    # Staffordshire's page names the DPA 2018 but shows no date: no longer "current"
    assert any("an undated page" in w for w in contact_warnings(DIRECTORY.get("staffordshire-police")))
    # Durham's phone: a notice dated March 2020 (shown by `controllers show`, not a send warning)
    durham = DIRECTORY.get("durham-police").access.phone
    assert durham is not None
    assert durham.dating() == (SourceAge.OLD, "a page dated 2020-03-24, more than 2 years ago")


def test_no_warning_or_shown_source_is_internal() -> None:
    """Research notes and files never reach a person: every source shown is a page."""
    for c in DIRECTORY:
        for kind in ("access", "erasure"):
            for line in contact_warnings(c, kind):
                assert "research" not in line and ".jsonl" not in line, (c.id, line)


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
    assert out.splitlines()[1].endswith(
        '["smartwatch": Buddi supplies the smartwatches for the Home Office] -> send requests to '
        "Home Office, Subject Access Request Unit (home-office)")
    code, out, _ = run(capsys, "controllers", "search", "serco")
    assert out.splitlines()[0].endswith(
        "-> for electronic monitoring (tags) in England and Wales and the prisons it runs, send "
        "requests to Ministry of Justice, Disclosure Team (moj); for immigration removal centres "
        "it runs, send requests to Home Office, Subject Access Request Unit (home-office)")


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
    assert "  researched on: 2026-11-26 (from public pages; not a check of the live site)" in lines
    assert "    email: dataprotection@norfolk.pnn.police.uk" in lines
    assert ("      source: http://www.norfolk.police.uk/aboutus/yourrighttoinformation/"
            "dataprotection/frequentlyaskedquestions.aspx, read 26 November 2026 (a page written "
            "before May 2018)") in lines
    assert not any("record file" in line or ".toml" in line for line in lines)
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
    assert "  from your organisation's own records folder" in out.splitlines()


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
