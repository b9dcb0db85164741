"""Bank holidays and working days for each UK nation, cached per (nation, year).

The ICO counts a month to the corresponding date and then, if that day is a
weekend or a bank holiday, moves to the next working day (uk-law.md, Deadlines,
rule 5). Bank holidays differ between England, Wales, Scotland and Northern
Ireland, so the nation of the controller decides them. They come from the
`holidays` package with the right subdivision (ENG, WLS, SCT, NIR): without a
subdivision, its GB calendar omits Easter Monday and the August holiday.

`holidays` is imported inside a cached function, so `dsar --help` never loads
it and each (nation, year) calendar is built once per process.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from dsar.errors import DsarError

# dsar.controllers.Nation values -> `holidays` subdivisions of GB.
SUBDIVISIONS: Mapping[str, str] = MappingProxyType(
    {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern-ireland": "NIR"}
)
NATION_NAMES: Mapping[str, str] = MappingProxyType(
    {"england": "England", "wales": "Wales", "scotland": "Scotland",
     "northern-ireland": "Northern Ireland"}
)

_ONE_DAY = timedelta(days=1)


def check_nation(nation: str) -> str:
    """Return `nation` if it is one we know, else raise a DsarError saying which are."""
    if nation not in SUBDIVISIONS:
        raise DsarError(
            f'unknown nation "{nation}": use england, wales, scotland or northern-ireland'
        )
    return nation


@cache
def holidays_in(nation: str, year: int) -> Mapping[date, str]:
    """The bank holidays of `nation` in `year`, as {date: name}.

    Built from three years of the package's calendar so that a substitute day
    which the package files under a neighbouring year is not lost.
    """
    subdiv = SUBDIVISIONS[check_nation(nation)]
    import holidays  # lazy: keeps `dsar --help` light

    calendar = holidays.country_holidays("GB", subdiv=subdiv, years=(year - 1, year, year + 1))
    return MappingProxyType({day: str(name) for day, name in calendar.items() if day.year == year})


def holiday_name(day: date, nation: str) -> str | None:
    """The name of the bank holiday on `day` in `nation`, or None."""
    return holidays_in(nation, day.year).get(day)


def is_working_day(day: date, nation: str) -> bool:
    """Monday to Friday and not a bank holiday of `nation`."""
    return day.weekday() < 5 and day not in holidays_in(nation, day.year)


@cache
def next_working_day(day: date, nation: str) -> date:
    """`day` itself if it is a working day in `nation`, else the first working day after it."""
    while not is_working_day(day, nation):
        day += _ONE_DAY
    return day


def working_days_after(day: date, count: int, nation: str) -> date:
    """The `count`-th working day after `day` (`day` itself never counts)."""
    for _ in range(count):
        day = next_working_day(day + _ONE_DAY, nation)
    return day


def why_not_working(day: date, nation: str) -> str:
    """Plain words for why `day` is not a working day: "a weekend" or "a bank holiday in ... (name)"."""
    name = holiday_name(day, nation)
    weekend = day.weekday() >= 5
    if name is not None and weekend:
        return f"a weekend (and {name} in {NATION_NAMES[nation]})"
    if name is not None:
        return f"a bank holiday in {NATION_NAMES[nation]} ({name})"
    return "a weekend" if weekend else "a working day"
