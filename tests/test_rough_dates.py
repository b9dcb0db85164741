"""Rough dates in a profile: kept with their precision, written back the same, and letters that
say "from March 2024", never a day nobody gave."""

from __future__ import annotations

import pickle
import tomllib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dsar.compose import compose
from dsar.dates import DateTextError, RoughDate, parse_rough_date
from dsar.errors import ProfileError
from dsar.profile import profile_from_dict, profile_to_toml
from dsar.render import to_text
from tests.letters_fixtures import ON, demo_data, directory


def _profile(circumstances: dict[str, object], request: dict[str, object]):  # type: ignore[no-untyped-def]
    """The demo profile with these keys replaced (None removes one)."""
    data = demo_data()
    for section, values in (("circumstances", circumstances), ("request", request)):
        for key, value in values.items():
            if value is None:
                data[section].pop(key, None)
            else:
                data[section][key] = value
    return profile_from_dict(data, "test")


def test_profile_keeps_month_and_year_and_writes_them_back() -> None:
    profile = _profile({"monitoring_start": "2024-03", "monitoring_end": "March 2025"},
                       {"date_from": "2019", "date_to": date(2026, 11, 1)})
    c, r = profile.circumstances, profile.request
    assert (c.monitoring_start.precision, c.monitoring_end.precision) == ("month", "month")  # type: ignore[union-attr]
    assert r.date_from.precision == "year" and r.date_to.precision == "day"  # type: ignore[union-attr]
    text = profile_to_toml(profile)
    assert 'monitoring_start = "2024-03"' in text and 'date_from = "2019"' in text
    assert "date_to = 2026-11-01" in text  # a whole day stays a TOML date
    again = profile_from_dict(tomllib.loads(text), "again")
    assert again.circumstances.monitoring_start.precision == "month"  # type: ignore[union-attr]


def test_letters_say_the_month_not_a_made_up_day() -> None:
    profile = _profile({"monitoring_start": "03/2024", "monitoring_end": None,
                        "electronic_monitoring": "non-fitted-device"},
                       {"date_from": "2019", "date_to": None})
    letter = to_text(compose(profile, directory().get("home-office"), "access", ON))
    flat = " ".join(letter.split())
    assert "since March 2024" in flat  # no end date: present tense (issue 10 item 2)
    assert "1 March 2024" not in flat
    assert "from 2019 to today" in flat


def test_a_bad_rough_date_in_a_profile_is_one_clear_problem() -> None:
    with pytest.raises(ProfileError) as err:
        _profile({"monitoring_start": "Smarch 2024"}, {})
    [line] = err.value.lines()
    assert "circumstances.monitoring_start" in line and "a month like 03/2024 or March 2024" in line


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["day", "month", "year"]))
def test_stored_text_parses_back_to_the_same_rough_date(day: date, precision: str) -> None:
    rough = RoughDate(day.year, day.month if precision != "year" else 1,
                      day.day if precision == "day" else 1, precision)
    back = parse_rough_date(rough.stored())
    assert back == rough and back.precision == rough.precision
    assert pickle.loads(pickle.dumps(rough)).precision == precision


def test_words_that_are_not_dates_are_refused() -> None:
    for text in ("", "soon", "Marchember 2024", "00/2024"):
        with pytest.raises(DateTextError):
            parse_rough_date(text)
