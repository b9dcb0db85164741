"""Every built-in controller record: schema, uniqueness, formats, sources and coverage."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter

import pytest

from dsar.controllers import (
    URL_PATTERN,
    Controller,
    Directory,
    Fact,
    Kind,
    Nation,
    Regime,
    contact_warnings,
    load_directory,
    load_record,
)
from dsar.paths import letters_dir
from dsar.profile import EMAIL, normalise_postcode

# The 43 territorial forces of England and Wales, the 2 other territorial forces of
# the UK and the 3 special forces: a test fails if any is missing.
ENGLAND_AND_WALES_FORCES = [
    "avon-and-somerset-police", "bedfordshire-police", "cambridgeshire-police", "cheshire-police",
    "city-of-london-police", "cleveland-police", "cumbria-police", "derbyshire-police",
    "devon-and-cornwall-police", "dorset-police", "durham-police", "dyfed-powys-police",
    "essex-police", "gloucestershire-police", "greater-manchester-police", "gwent-police",
    "hampshire-police", "hertfordshire-police", "humberside-police", "kent-police",
    "lancashire-police", "leicestershire-police", "lincolnshire-police", "merseyside-police",
    "metropolitan-police", "norfolk-police", "north-wales-police", "north-yorkshire-police",
    "northamptonshire-police", "northumbria-police", "nottinghamshire-police",
    "south-wales-police", "south-yorkshire-police", "staffordshire-police", "suffolk-police",
    "surrey-police", "sussex-police", "thames-valley-police", "warwickshire-police",
    "west-mercia-police", "west-midlands-police", "west-yorkshire-police", "wiltshire-police",
]
OTHER_TERRITORIAL = ["police-scotland", "psni"]
SPECIAL_FORCES = ["british-transport-police", "ministry-of-defence-police",
                  "civil-nuclear-constabulary"]
OTHERS = ["home-office", "hm-passport-office", "moj", "hmpps", "electronic-monitoring", "acro",
          "ico"]
WELSH_FORCES = {"dyfed-powys-police", "gwent-police", "north-wales-police", "south-wales-police"}

DIRECTORY = load_directory()
RECORDS = list(DIRECTORY)
TODAY = dt.date(2026, 12, 1)  # the latest research read


def all_facts(c: Controller) -> list[tuple[str, Fact]]:
    found = [(f"access.{n}", f) for n, f in c.access.facts().items()]
    if c.erasure is not None:
        found += [(f"erasure.{n}", f) for n, f in c.erasure.facts().items()]
    return found


def test_there_are_at_least_54_records() -> None:
    assert len(DIRECTORY) >= 54


def test_every_police_force_is_present() -> None:
    assert len(ENGLAND_AND_WALES_FORCES) == 43
    wanted = ENGLAND_AND_WALES_FORCES + OTHER_TERRITORIAL + SPECIAL_FORCES
    missing = [i for i in wanted if i not in DIRECTORY]
    assert missing == []
    assert all(DIRECTORY.get(i).kind is Kind.POLICE for i in wanted)
    # and no police record is outside the list (a typo'd duplicate would hide here)
    assert sorted(c.id for c in RECORDS if c.kind is Kind.POLICE) == sorted(wanted)


def test_government_regulator_and_criminal_records_bodies_are_present() -> None:
    assert [i for i in OTHERS if i not in DIRECTORY] == []
    assert DIRECTORY.get("acro").kind is Kind.CRIMINAL_RECORDS
    assert DIRECTORY.get("ico").kind is Kind.REGULATOR


@pytest.mark.parametrize("path", sorted((letters_dir() / "controllers").glob("*.toml")),
                         ids=lambda p: p.stem)
def test_each_file_passes_the_schema_and_is_named_by_its_id(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    record = load_record(path)
    assert record.id == path.stem
    # the file holds only known keys (extra="forbid") and parses as plain TOML too
    assert tomllib.loads(path.read_text(encoding="utf-8"))["id"] == record.id


def test_ids_names_and_short_names_are_unique() -> None:
    for attr in ("id", "name", "short_name"):
        counts = Counter(getattr(c, attr).lower() for c in RECORDS)
        assert [v for v, n in counts.items() if n > 1] == [], attr


def test_every_email_is_well_formed() -> None:
    emails = [(c.id, f.text) for c in RECORDS for n, f in all_facts(c) if n.endswith("email")]
    assert emails, "no emails at all: the test would prove nothing"
    assert [e for e in emails if not EMAIL.match(e[1])] == []


def test_every_postcode_is_a_uk_postcode_written_normally() -> None:
    codes = [(c.id, f.text) for c in RECORDS for n, f in all_facts(c) if n.endswith("postcode")]
    assert len(codes) >= 20
    assert [c for c in codes if normalise_postcode(c[1]) != c[1]] == []


def test_an_address_comes_with_a_postcode_and_lines() -> None:
    for c in RECORDS:
        facts = c.access.facts()
        if "address" in facts:
            assert "postcode" in facts, c.id
            lines = facts["address"].value
            assert isinstance(lines, list) and all(line.strip() for line in lines), c.id
            # the postcode lives in its own fact, never inside the lines
            assert facts["postcode"].text not in " ".join(lines), c.id


def test_every_page_and_form_is_an_https_url() -> None:
    urls = [(c.id, c.sar_page) for c in RECORDS if c.sar_page]
    urls += [(c.id, f.text) for c in RECORDS for n, f in all_facts(c) if n.endswith("online_form")]
    assert len(urls) >= 40
    assert [u for u in urls if not URL_PATTERN.match(u[1])] == []


def test_every_contact_fact_quotes_a_web_source_and_dates() -> None:
    """Item 1 of issue 13: a shipped fact without a source URL fails the suite."""
    facts = [(c, n, f) for c in RECORDS for n, f in all_facts(c)]
    assert len(facts) >= 60
    for c, name, fact in facts:
        assert re.match(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?$", fact.source), (c.id, name)
        assert fact.is_web_source, (c.id, name)
        assert dt.date(2018, 1, 1) <= fact.read_on <= TODAY, (c.id, name)
        if fact.source_date is not None:
            assert fact.source_date <= fact.read_on, (c.id, name)


def test_every_id_rule_quotes_a_web_source_and_dates() -> None:
    """Item 1 of issue 13 covers ID rules too: the page, the date read, the page's own date."""
    sourced = [c for c in RECORDS if c.id_required_source is not None]
    assert len(sourced) >= 12
    for c in sourced:
        source = c.id_required_source
        assert source is not None and c.id_required, c.id
        assert source.is_web_source, c.id
        assert dt.date(2018, 1, 1) <= source.read_on <= c.researched_on, c.id
        if source.source_date is not None:
            assert source.source_date <= source.read_on, c.id
    south_yorkshire = DIRECTORY.get("south-yorkshire-police").id_required_source
    assert south_yorkshire is not None and south_yorkshire.source_date == dt.date(2018, 3, 20)


def test_an_old_id_rule_warns_and_a_current_one_does_not() -> None:
    """South Yorkshire's ID list is from a page dated 20 March 2018: more than two years old."""
    warned = [w for w in contact_warnings(DIRECTORY.get("south-yorkshire-police")) if "ID" in w]
    assert warned == [
        "the ID the letter says is enclosed for South Yorkshire Police comes from a page dated "
        "2018-03-20, more than 2 years ago (https://www.southyorkshire.police.uk/find-out/"
        "accessing-information/request-information-under-subject-access/, read 1 December 2026); "
        "check https://www.southyorkshire.police.uk/find-out/accessing-information/"
        "request-information-under-subject-access/ before sending"]
    # Greater Manchester's is on a retired (.nsf) site; PSNI's is an old DPA 1998 form
    assert any("ID the letter" in w and ".nsf" in w
               for w in contact_warnings(DIRECTORY.get("greater-manchester-police")))
    assert any("ID the letter" in w and "before May 2018" in w
               for w in contact_warnings(DIRECTORY.get("psni")))
    assert not any("ID the letter" in w for w in contact_warnings(DIRECTORY.get("acro")))


def test_an_older_records_id_source_as_text_still_loads() -> None:
    """An advice service's own record may give the ID source as a page's address alone."""
    old = Controller.model_validate({"id": "x", "name": "X", "short_name": "X", "kind": "police",
                                     "nation": "england", "regimes": ["uk-gdpr"],
                                     "id_required": ["a passport"],
                                     "id_required_source": "https://example.police.uk/sar",
                                     "researched_on": "2026-10-01"})
    assert old.id_required_source is not None
    assert old.id_required_source.source == "https://example.police.uk/sar"
    assert old.id_required_source.read_on == dt.date(2026, 10, 1)


def test_nothing_user_facing_in_a_record_names_research_files() -> None:
    """Research provenance lives in the record files' comments, never in what people read."""
    for c in RECORDS:
        text = json.dumps(c.model_dump(mode="json"))
        for internal in ("research/", ".jsonl", "stored cop", "research sweep"):
            assert internal not in text, (c.id, internal)


def test_researched_on_is_the_latest_read_date() -> None:
    for c in RECORDS:
        dates = [f.read_on for _, f in all_facts(c)]
        if c.id_required_source is not None:
            dates.append(c.id_required_source.read_on)
        if dates:
            assert c.researched_on == max(dates), c.id
        assert c.researched_on <= TODAY, c.id


def test_an_older_records_verified_on_still_loads() -> None:
    old = Controller.model_validate({"id": "x", "name": "X", "short_name": "X", "kind": "police",
                                     "nation": "england", "regimes": ["uk-gdpr"],
                                     "verified_on": "2026-11-26"})
    assert old.researched_on == dt.date(2026, 11, 26)


def test_nations_and_regimes_are_valid_and_fit_the_kind() -> None:
    for c in RECORDS:
        assert isinstance(c.nation, Nation) and c.regimes
        assert all(isinstance(r, Regime) for r in c.regimes)
        if c.kind is Kind.POLICE:
            assert set(c.regimes) == {Regime.DPA_PART_3, Regime.UK_GDPR}, c.id
            assert c.areas and c.aliases, c.id
            assert {"pnc_id", "cro_number"} <= set(c.identifiers), c.id
    assert {c.id for c in RECORDS if c.nation is Nation.WALES} == WELSH_FORCES | {
        "british-transport-police"}
    assert DIRECTORY.get("police-scotland").nation is Nation.SCOTLAND
    assert DIRECTORY.get("psni").nation is Nation.NORTHERN_IRELAND
    # both regimes: the Home Office is also a Part 3 competent authority (uk-law-addendum.md point 7)
    assert DIRECTORY.get("home-office").regimes == [Regime.UK_GDPR, Regime.DPA_PART_3]


def test_processors_point_to_an_existing_controller() -> None:
    processors = [c for c in RECORDS if c.kind is Kind.PROCESSOR]
    assert processors
    for c in processors:
        assert c.redirect_to in DIRECTORY, c.id
        assert DIRECTORY.get(c.redirect_to).kind is not Kind.PROCESSOR
    assert DIRECTORY.get("buddi").redirect_to == "home-office"
    assert DIRECTORY.get("electronic-monitoring").redirect_to == "moj"


def test_id_required_says_where_it_comes_from() -> None:
    """A record either cites a source for its ID list, or says it is only the usual practice."""
    for c in RECORDS:
        if c.id_required and c.id_required_source is None and c.kind is Kind.POLICE:
            assert any("usual police practice" in n for n in c.notes), c.id


def test_ico_name_and_address_live_in_data() -> None:
    ico = DIRECTORY.get("ico")
    assert ico.name == "Information Commissioner's Office"
    assert ico.access.postcode is not None and ico.access.postcode.value == "SK9 5AF"
    assert any("Information Commission" in n for n in ico.notes)


def test_directory_object_basics() -> None:
    assert isinstance(DIRECTORY, Directory)
    assert DIRECTORY.ids == sorted(DIRECTORY.ids)
    assert "metropolitan-police" in DIRECTORY
    assert DIRECTORY.origins["acro"].name == "acro.toml"


def test_coverage_counts_add_up() -> None:
    from dsar.controllers import coverage

    counts = coverage(DIRECTORY)
    assert counts["records"] == len(DIRECTORY)
    assert sum(counts[f"kind {k.value}"] for k in Kind) == counts["records"]
    assert counts["facts current"] + counts["facts old"] + counts["facts undated"] == \
        counts["contact facts"]
    # every record either has a channel or is counted as having none
    with_channel = sum(
        any(n in c.access.facts() for n in ("address", "email", "online_form")) for c in RECORDS)
    assert with_channel + counts["with no address, email or form"] == counts["records"]
    assert counts["kind police"] == 48


def test_coverage_by_age_band_and_sourcing() -> None:
    """Item 6 of issue 13: every fact falls in exactly one age band and one sourcing."""
    from dsar.directory.checks import AGE_BANDS, SOURCINGS, age_band, coverage, sourcing

    counts = coverage(DIRECTORY, today=TODAY)
    assert sum(counts[f"facts {band}"] for band in AGE_BANDS) == counts["contact facts"]
    assert sum(counts[f"facts from {how}"] for how in SOURCINGS) == counts["contact facts"]
    assert counts["facts from the advice service's own knowledge"] == 0  # shipped: all web pages
    assert counts["facts where sources disagree"] == 3  # MoJ address, West Midlands address and email
    moj = DIRECTORY.get("moj")
    assert moj.access.address is not None
    assert age_band(moj.access.address, TODAY) == "dated, within 2 years"
    assert sourcing(moj.access.address, moj) == "a third party's copy or page"  # github.com
    durham = DIRECTORY.get("durham-police")
    assert durham.access.phone is not None
    assert age_band(durham.access.phone, TODAY) == "dated, over 5 years old"  # March 2020
    acro = DIRECTORY.get("acro")
    assert acro.erasure is not None and acro.erasure.online_form is not None
    assert age_band(acro.erasure.online_form, TODAY) == "dated, 2 to 5 years old"  # June 2023
    gmp = DIRECTORY.get("greater-manchester-police")
    assert gmp.access.email is not None
    assert age_band(gmp.access.email, TODAY) == "undated, on a legacy address (.nsf, .aspx, archive.)"
    assert sourcing(gmp.access.email, gmp) == "an official page"


def test_recheck_first_lists_the_records_with_most_old_facts() -> None:
    from dsar.directory.checks import recheck_first

    rows = recheck_first(DIRECTORY, today=TODAY, limit=100)
    olds = [old for _, old, _ in rows]
    assert olds == sorted(olds, reverse=True) and olds[0] >= 3
    assert "serco" not in [cid for cid, _, _ in rows]  # processors send you elsewhere
