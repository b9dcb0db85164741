"""`dsar.directory.search`: forgiving search by name, short name and town; filtering."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dsar.controllers import Kind, load_directory
from dsar.directory.search import normalise, search, select
from dsar.errors import ControllerError

DIRECTORY = load_directory()


def top(text: str) -> str:
    return search(DIRECTORY, text)[0].controller.id


# What people call each force (and the other bodies), and the record it must find first.
SHORT_NAMES = [
    ("met", "metropolitan-police"), ("the met", "metropolitan-police"),
    ("MPS", "metropolitan-police"), ("Met Police", "metropolitan-police"),
    ("metropolitan police service", "metropolitan-police"), ("scotland yard", "metropolitan-police"),
    ("gmp", "greater-manchester-police"), ("greater manchester", "greater-manchester-police"),
    ("Greater Manchester Police", "greater-manchester-police"),
    ("wmp", "west-midlands-police"), ("west midlands", "west-midlands-police"),
    ("wyp", "west-yorkshire-police"), ("syp", "south-yorkshire-police"),
    ("nyp", "north-yorkshire-police"), ("tvp", "thames-valley-police"),
    ("thames valley", "thames-valley-police"), ("psni", "psni"),
    ("police service of northern ireland", "psni"), ("police scotland", "police-scotland"),
    ("police service of scotland", "police-scotland"), ("btp", "british-transport-police"),
    ("british transport police", "british-transport-police"),
    ("mdp", "ministry-of-defence-police"), ("mod police", "ministry-of-defence-police"),
    ("cnc", "civil-nuclear-constabulary"), ("civil nuclear", "civil-nuclear-constabulary"),
    ("avon and somerset", "avon-and-somerset-police"),
    ("Avon & Somerset Constabulary", "avon-and-somerset-police"),
    ("avon and somerset police", "avon-and-somerset-police"),
    ("colp", "city-of-london-police"), ("city of london", "city-of-london-police"),
    ("City of London Police", "city-of-london-police"),
    ("beds police", "bedfordshire-police"), ("cambs police", "cambridgeshire-police"),
    ("herts police", "hertfordshire-police"), ("hertfordshire constabulary", "hertfordshire-police"),
    ("hampshire", "hampshire-police"), ("Hampshire and Isle of Wight Constabulary", "hampshire-police"),
    ("devon and cornwall", "devon-and-cornwall-police"), ("devon & cornwall police", "devon-and-cornwall-police"),
    ("dyfed-powys", "dyfed-powys-police"), ("dyfed powys", "dyfed-powys-police"),
    ("north wales", "north-wales-police"), ("south wales", "south-wales-police"),
    ("gwent", "gwent-police"), ("lancs police", "lancashire-police"),
    ("leics police", "leicestershire-police"), ("lincs police", "lincolnshire-police"),
    ("notts police", "nottinghamshire-police"), ("northants police", "northamptonshire-police"),
    ("staffs police", "staffordshire-police"), ("west mercia", "west-mercia-police"),
    ("durham constabulary", "durham-police"), ("acro", "acro"),
    ("police national computer", "acro"), ("saru", "home-office"), ("ukvi", "home-office"),
    ("home office", "home-office"), ("hmpo", "hm-passport-office"),
    ("passport office", "hm-passport-office"), ("moj", "moj"), ("ministry of justice", "moj"),
    ("hmpps", "hmpps"), ("prison", "hmpps"), ("probation", "hmpps"),
    ("tagging", "electronic-monitoring"), ("ico", "ico"), ("information commissioner", "ico"),
    ("buddi", "buddi"),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_NAMES)
def test_short_names_find_the_record_first(text: str, expected: str) -> None:
    assert top(text) == expected


TOWNS = [
    ("salford", "greater-manchester-police"), ("Wigan", "greater-manchester-police"),
    ("cardiff", "south-wales-police"), ("swansea", "south-wales-police"),
    ("inverness", "police-scotland"), ("glasgow", "police-scotland"),
    ("belfast", "psni"), ("croydon", "metropolitan-police"), ("london", "metropolitan-police"),
    ("bristol", "avon-and-somerset-police"), ("leeds", "west-yorkshire-police"),
    ("sheffield", "south-yorkshire-police"), ("liverpool", "merseyside-police"),
    ("birmingham", "west-midlands-police"), ("newcastle upon tyne", "northumbria-police"),
    ("carmarthen", "dyfed-powys-police"), ("wrexham", "north-wales-police"),
    ("Stoke-on-Trent", "staffordshire-police"), ("King's Lynn", "norfolk-police"),
    ("kings lynn", "norfolk-police"), ("isle of wight", "hampshire-police"),
]


@pytest.mark.parametrize(("text", "expected"), TOWNS)
def test_a_town_finds_the_force_that_covers_it(text: str, expected: str) -> None:
    assert top(text) == expected


def test_every_record_is_found_first_by_its_id_name_and_short_name() -> None:
    for c in DIRECTORY:
        assert top(c.id) == c.id
        assert top(c.name) == c.id
        assert top(c.short_name) == c.id, c.short_name


def test_every_police_alias_finds_its_force_first() -> None:
    for c in DIRECTORY:
        if c.kind is Kind.POLICE:
            for alias in c.aliases:
                assert top(alias) == c.id, alias


def test_hits_say_what_matched_and_are_ranked() -> None:
    hits = search(DIRECTORY, "gmp")
    assert hits[0].matched == 'alias "gmp"'
    hits = search(DIRECTORY, "york")
    assert hits[0].controller.id == "north-yorkshire-police"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert {"south-yorkshire-police", "west-yorkshire-police"} <= {h.controller.id for h in hits}


def test_near_spellings_are_found_when_nothing_better_is() -> None:
    assert top("manchster") == "greater-manchester-police"
    assert top("metropolitn police") == "metropolitan-police"


def test_a_processor_hit_carries_its_redirect() -> None:
    hit = search(DIRECTORY, "buddi")[0]
    assert hit.as_dict()["redirect_to"] == "home-office"


def test_no_match_is_a_one_line_error() -> None:
    with pytest.raises(ControllerError) as info:
        search(DIRECTORY, "zzqx")
    assert info.value.problems == [
        'no organisation matches "zzqx"; try another name or a town, '
        "or see `dsar controllers list --kind police`"
    ]


def test_only_filler_words_is_a_one_line_error() -> None:
    with pytest.raises(ControllerError) as info:
        search(DIRECTORY, " The Police ")
    assert info.value.problems == [
        '"The Police" is too general; give a name, a short name such as "met" or a town, '
        "or see `dsar controllers list --kind police`"
    ]


@given(st.sampled_from([t for t, _ in SHORT_NAMES + TOWNS]),
       st.sampled_from(["", " ", "!", ".", "  police", " constabulary", " service"]))
@settings(max_examples=60, deadline=None)
def test_case_punctuation_and_filler_do_not_matter(text: str, extra: str) -> None:
    plain = [h.controller.id for h in search(DIRECTORY, text)]
    assert [h.controller.id for h in search(DIRECTORY, text.upper() + extra)] == plain


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_search_either_finds_or_raises_controller_error(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
    try:
        hits = search(DIRECTORY, text)
    except ControllerError as exc:
        assert len(exc.problems) == 1
    else:
        assert hits


def test_select_by_kind_and_nation() -> None:
    scottish_police = select(DIRECTORY, kind="police", nation="scotland")
    assert [c.id for c in scottish_police] == ["police-scotland"]
    welsh = select(DIRECTORY, nation="Wales")
    assert {c.id for c in welsh} >= {"gwent-police", "south-wales-police"}
    assert len(select(DIRECTORY, kind="police")) == 48
    assert len(select(DIRECTORY)) == len(DIRECTORY)
    assert [c.id for c in select(DIRECTORY, kind="criminal_records")] == ["acro"]


@pytest.mark.parametrize(
    ("kind", "nation", "expected"),
    [
        ("polis", None, '--kind: "polis" is not one of government, police, criminal-records, '
                        "regulator, processor"),
        (None, "ulster", '--nation: "ulster" is not one of england, wales, scotland, '
                         "northern-ireland"),
    ],
)
def test_select_rejects_unknown_values(kind: str | None, nation: str | None, expected: str) -> None:
    with pytest.raises(ControllerError) as info:
        select(DIRECTORY, kind=kind, nation=nation)
    assert info.value.problems == [expected]


# ---------------------------------------------------------------- people's words (issue 13, item 4)

PEOPLES_WORDS = [
    # (what a person types, the records expected first, in order)
    ("tag", ["electronic-monitoring", "home-office"]),
    ("gps tag", ["electronic-monitoring", "home-office"]),
    ("ankle tag", ["electronic-monitoring", "home-office"]),
    ("curfew", ["electronic-monitoring", "home-office"]),
    ("smartwatch", ["home-office", "buddi"]),
    ("immigration bail", ["home-office"]),
    ("reporting centre", ["home-office"]),
    ("detention", ["home-office", "mitie", "serco"]),
    ("Brook House", ["home-office"]),
    ("Tinsley House", ["home-office"]),
    ("Harmondsworth", ["home-office"]),
    ("Colnbrook", ["home-office"]),
    ("Yarl's Wood", ["home-office"]),
    ("Derwentside", ["home-office"]),
    ("Dungavel", ["home-office"]),
    ("Campsfield House", ["home-office"]),
    ("tribunal", ["hmcts", "moj"]),
    ("immigration tribunal", ["hmcts"]),
    ("nca", ["national-crime-agency"]),
    ("national crime agency", ["national-crime-agency"]),
    ("mitie", ["mitie"]),
    ("serco", ["serco"]),
    ("capita", ["capita"]),
    ("G4S", ["g4s"]),
    ("Allied Universal", ["g4s"]),
    ("GEO group", ["geo-group"]),
    ("scottish prison service", ["scottish-prison-service"]),
    ("probation ni", ["probation-board-ni"]),
    ("pbni", ["probation-board-ni"]),
    ("probation", ["hmpps", "probation-board-ni"]),
    ("criminal record", ["acro"]),
]


@pytest.mark.parametrize(("words", "expected"), PEOPLES_WORDS)
def test_peoples_words_find_the_right_records(words: str, expected: list[str]) -> None:
    hits = search(DIRECTORY, words)
    assert [h.controller.id for h in hits[:len(expected)]] == expected
    for hit in hits:
        assert hit.matched  # each result says why it matched


def test_a_synonym_result_says_why() -> None:
    hits = search(DIRECTORY, "tag")
    assert hits[1].matched == '"tag": tags and smartwatches on immigration bail'


@pytest.mark.parametrize("words", ["scottish prison service", "prisons in scotland", "scottish prison"])
def test_nation_words_win(words: str) -> None:
    ids = [h.controller.id for h in search(DIRECTORY, words)]
    assert ids[0] == "scottish-prison-service"
    assert "hmpps" not in ids


def test_a_nation_word_keeps_another_nations_exact_name() -> None:
    """"scotland yard" is the Met's own alias: the nation rule does not hide it."""
    assert search(DIRECTORY, "scotland yard")[0].controller.id == "metropolitan-police"


def test_every_synonym_names_a_real_record() -> None:
    from dsar.directory.search import synonyms

    table = synonyms()
    assert table
    assert [cid for cid in table if cid not in DIRECTORY] == []
