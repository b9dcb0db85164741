"""Reading and checking batch input: encodings, XLSX, headings, dates, every kind of bad row, org.toml.

No PDFs here: these run in well under a second each.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from batch_fixtures import HEADINGS, client, write_csv, write_org
from hypothesis import given
from hypothesis import strategies as st

from dsar.batch.columns import COLUMNS, normalise_heading, template_csv
from dsar.batch.failed_rows import failed_rows_csv, from_table
from dsar.batch.manifest import manifest_csv, neutralise
from dsar.batch.org import load_org
from dsar.batch.reader import read_table
from dsar.batch.rows import check_table, parse_date
from dsar.controllers import load_directory
from dsar.errors import BatchError, ProfileError
from dsar.files import person_folder_name


@pytest.fixture(scope="module")
def directory():  # type: ignore[no-untyped-def]
    return load_directory()


def checked(path: Path, tmp_path: Path, directory, encoding: str | None = None):  # type: ignore[no-untyped-def]
    org = load_org(write_org(tmp_path))
    table = read_table(path, encoding)
    return table, check_table(table, directory, org)


# -- encodings ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "detected"), [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "cp1252"),
])
def test_each_encoding_is_detected_and_read(tmp_path: Path, directory, encoding: str, detected: str) -> None:  # type: ignore[no-untyped-def]
    headings = [*HEADINGS, "Details"]
    rows = [[*client("C-1", name="José Núñez"), "Paid a £10 fee in 2017"]]
    path = write_csv(tmp_path / "clients.csv", rows, headings, encoding=encoding)
    table, result = checked(path, tmp_path, directory)
    assert table.encoding == detected
    assert result.bad == []
    (good,) = result.good
    assert good.profile.requester.full_name == "José Núñez"
    assert good.profile.request.details == "Paid a £10 fee in 2017"
    assert good.profile.representative is not None
    assert good.profile.representative.reference == "C-1"


def test_encoding_can_be_chosen(tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "clients.csv", [client("C-1", name="José")], encoding="cp1252")
    table, result = checked(path, tmp_path, directory, encoding="windows-1252")
    assert (table.encoding, result.good[0].profile.requester.full_name) == ("cp1252", "José")


def test_wrong_encoding_and_undecodable_file_say_what_to_do(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "clients.csv", [client("C-1", name="José")], encoding="cp1252")
    with pytest.raises(BatchError) as info:
        read_table(path, "utf-8")
    assert info.value.message == (f"{path}: is not UTF-8 text (line 2); try another --encoding or "
                                  "leave it out to detect it")
    with pytest.raises(BatchError) as info:
        read_table(path, "klingon")
    assert info.value.message == '--encoding "klingon" is not an encoding; use utf-8, utf-8-sig or cp1252'
    path.write_bytes(b"Full name\r\n\x81\x8d\r\n")  # bytes Windows-1252 leaves undefined
    with pytest.raises(BatchError) as info:
        read_table(path)
    assert info.value.message == (f"{path}: is neither UTF-8 nor Windows-1252 text; in Excel use "
                                  "Save As > CSV UTF-8, or give --encoding")


# -- XLSX ---------------------------------------------------------------------------------------

def test_xlsx_with_date_cells_and_numbers(tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([*HEADINGS, "Monitoring start", "Immigration"])
    sheet.append(["C-1", "José Example", datetime(1990, 4, 12), "1 Test Street\nExampletown", "ZZ99 9ZZ",
                  "A1234BC", "home-office;moj", "access; erasure", date(2025, 3, 1), True])
    sheet.append([None] * 10)  # a blank row Excel leaves behind
    sheet.append(["C-2", "Bob Example", "31/12/1985", "2 Test Street", None, None, "acro", None, None, False])
    path = tmp_path / "clients.xlsx"
    book.save(path)
    table, result = checked(path, tmp_path, directory)
    assert table.encoding == "xlsx"
    assert result.bad == []
    first, second = result.good
    assert (first.row, second.row) == (2, 4)
    assert first.profile.requester.date_of_birth == date(1990, 4, 12)
    assert first.profile.requester.address == ["1 Test Street", "Exampletown"]
    assert first.profile.circumstances.monitoring_start == date(2025, 3, 1)
    assert first.profile.circumstances.immigration is True
    assert (first.controllers, first.kinds) == (("home-office", "moj"), ("access", "erasure"))
    assert (second.profile.requester.date_of_birth, second.kinds) == (date(1985, 12, 31), ("access",))


def test_xlsx_sheet_choice_and_a_broken_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Clinic"
    book.active.append(HEADINGS)
    path = tmp_path / "clients.xlsx"
    book.save(path)
    with pytest.raises(BatchError) as info:
        read_table(path, sheet="Nope")
    assert info.value.message == f'{path}: has no sheet "Nope"; its sheets are: Clinic'
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BatchError) as info:
        read_table(path)
    assert info.value.message == f"{path}: is not a readable .xlsx workbook; save it again from Excel"


# -- headings -----------------------------------------------------------------------------------

def test_dotted_keys_short_keys_and_friendly_headings_all_work(tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    headings = ["CLIENT_REFERENCE", "requester.full_name", "date of birth", "Requester.Address",
                "POST CODE", "NOMIS number", "controllers", "kinds"]
    path = write_csv(tmp_path / "clients.csv", [client("C-1", prison="a1234bc")], headings)
    _, result = checked(path, tmp_path, directory)
    assert result.bad == []
    assert result.good[0].profile.identifiers.prison_number == "A1234BC"


def test_no_two_columns_share_a_heading() -> None:
    seen: dict[str, str] = {}
    for column in COLUMNS:
        for name in {column.key, column.heading, *column.aliases}:
            norm = normalise_heading(name)
            assert seen.setdefault(norm, column.key) == column.key, name


def test_unknown_duplicate_and_missing_columns_are_file_errors(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [client("C-1")], [*HEADINGS[:-1], "Nmae"])
    with pytest.raises(BatchError) as info:
        read_table(path)
    assert info.value.message == (f'{path}: unknown column "Nmae" (did you mean "Name"?); use the headings '
                                  "of `dsar batch template` (the README lists them all)")
    path = write_csv(tmp_path / "c.csv", [client("C-1")], [*HEADINGS[:-1], "Name"])
    with pytest.raises(BatchError) as info:
        read_table(path)
    assert info.value.message == f'{path}: columns "Full name" and "Name" are the same column; keep one'
    path = write_csv(tmp_path / "c.csv", [["C-1", "Amira"]], ["Client reference", "Full name"])
    table = read_table(path)
    with pytest.raises(BatchError) as info:
        check_table(table, load_directory(), load_org(write_org(tmp_path)))
    assert info.value.message == (f'{path}: has no "Date of birth", "Address", "Organisations" column; '
                                  "add it (see `dsar batch template`)")
    path.write_text("Full name,Date of birth\r\nAmira,12/04/1990,extra\r\n", encoding="utf-8")
    with pytest.raises(BatchError) as info:
        read_table(path)
    assert info.value.message == (f"{path}: row 2 has more cells than there are headings; check for a "
                                  "stray comma or a missing heading")
    path.write_text("", encoding="utf-8")
    with pytest.raises(BatchError) as info:
        read_table(path)
    assert info.value.message == f"{path}: is empty; start from `dsar batch template`"


# -- dates ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("12/04/1990", "1990-04-12"), ("3/4/1990", "1990-04-03"), ("1990-04-12", "1990-04-12"),
    (" 31/12/1985 ", "1985-12-31"), ("01.02.1990", "1990-02-01"),
])
def test_dates_are_day_first_or_iso(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(("text", "message"), [
    ("04/13/1990", '"04/13/1990" has no month 13: the order is day/month/year (so 13/04/1990 for '
                   'that date), e.g. 25/12/2026 or 2026-12-25'),
    ("31/02/1990", '"31/02/1990" is not a day of the calendar (check the day of the month); '
                   'write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25'),
    ("12/04/90", '"12/04/90" has a two-digit year; write the year in full, e.g. 25/12/2026 or 2026-12-25'),
    ("1990-13-01", '"1990-13-01" has no month 13; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25'),
    ("April 1990", '"April 1990" is not a date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25'),
    ("32874", '"32874" looks like a date as Excel stores it (01/01/1990), in a cell not formatted '
              'as a date; format the column as a date in the spreadsheet (or type the date as '
              'DD/MM/YYYY) and save again'),
])
def test_bad_dates_say_how_to_write_them(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text)
    assert str(info.value) == message


@pytest.mark.parametrize(("text", "stored"), [
    ("2020", "2020"), ("1900", "1900"), ("2100", "2100"), ("March 2020", "2020-03"), ("03/2020", "2020-03"),
    ("2020-03", "2020-03"), ("Sept 2019", "2019-09"), ("01/03/2020", "2020-03-01"), ("2020-03-01", "2020-03-01"),
])
def test_rough_date_columns_take_a_month_or_a_year_as_a_profile_does(text: str, stored: str) -> None:
    # docs/profile.md: request.date_from/date_to and the monitoring dates may be "2024", "March 2024"
    assert parse_date(text, rough=True) == stored


@pytest.mark.parametrize(("text", "message"), [
    ("43891", '"43891" looks like a date as Excel stores it (01/03/2020), in a cell not formatted '
              'as a date; format the column as a date in the spreadsheet (or type the date as '
              'DD/MM/YYYY) and save again'),
    ("1899", '"1899" looks like a date as Excel stores it (13/03/1905), in a cell not formatted '
             'as a date; format the column as a date in the spreadsheet (or type the date as '
             'DD/MM/YYYY) and save again'),
    ("Smarch 2020", '"Smarch 2020" is not a date; write it as DD/MM/YYYY, a month like 03/2024 or '
                    'March 2024, or a year like 2024'),
    ("13/2020", '"13/2020" has no month 13; write it as DD/MM/YYYY, a month like 03/2024 or March 2024, '
                'or a year like 2024'),
])
def test_rough_date_columns_still_explain_excel_numbers_and_bad_text(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_date(text, rough=True)
    assert str(info.value) == message


def test_a_year_in_date_of_birth_is_still_an_excel_number() -> None:
    with pytest.raises(ValueError, match=r'^"2020" looks like a date as Excel stores it \(12/07/1905\)'):
        parse_date("2020")


def test_rough_dates_in_a_sheet_keep_their_precision(tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    headings = [*HEADINGS, "Electronic monitoring", "Monitoring start", "Date from", "Date to"]
    rows = [[*client("R-1"), "ankle-tag", "March 2024", "2020", "03/2025"]]
    _, result = checked(write_csv(tmp_path / "clients.csv", rows, headings), tmp_path, directory)
    assert result.problem_lines() == []
    profile = result.good[0].profile
    assert [d.stored() for d in (profile.circumstances.monitoring_start, profile.request.date_from,
                                 profile.request.date_to)] == ["2024-03", "2020", "2025-03"]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_day_first_never_month_first(day: date) -> None:
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day.isoformat()
    assert parse_date(day.strftime("%d/%m/%Y")) == day.isoformat()


# -- every kind of bad row -----------------------------------------------------------------------

def test_every_kind_of_bad_row_is_reported_once_with_row_column_and_fix(tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    headings = [*HEADINGS, "Immigration", "Electronic monitoring"]
    rows = [
        [*client("C-1"), "", ""],                                      # 2: good
        [*client("", dob=""), "", ""],                                 # 3: no reference, no DOB
        [*client("C-3", dob="31/02/1990"), "", ""],                   # 4: not a date
        [*client("C-4", dob="04/25/1990"), "", ""],                   # 5: month first
        [*client("C-5", postcode="NOPE"), "", ""],                    # 6: postcode
        [*client("C-6", prison="12345"), "", ""],                     # 7: identifier format
        [*client("C-7", orgs="hom-office"), "", ""],                  # 8: unknown organisation
        [*client("C-8", kinds="acess"), "", ""],                      # 9: unknown kind
        [*client("C-1"), "", ""],                                      # 10: duplicate reference
        [*client("C-10", orgs=""), "", ""],                           # 11: no organisation
        [*client("C-11", address=""), "", ""],                        # 12: no address
        [*client("C-12"), "perhaps", ""],                              # 13: not yes/no
        [*client("C-13"), "", "wrist"],                                # 14: not a monitoring kind
        [*client("C-14", dob="01/01/2030", orgs="acro:delete"), "", ""],  # 15: future; bad kind
        [*client("c 15", name="Amira Example"), "", ""],              # 16: ok
        [*client("C 15", name="Amira Example"), "", ""],              # 17: same folder as row 16
    ]
    path = write_csv(tmp_path / "clients.csv", rows, headings)
    _, result = checked(path, tmp_path, directory)
    assert [g.row for g in result.good] == [2, 16]
    assert result.problem_lines() == [
        'row 3, column "Client reference": is empty; give each client a reference of your own, e.g. CL-0042',
        'row 3, column "Date of birth": is empty; fill it in',
        'row 4, column "Date of birth": "31/02/1990" is not a day of the calendar (check the day of the '
        'month); write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25',
        'row 5, column "Date of birth": "04/25/1990" has no month 25: the order is day/month/year (so '
        '25/04/1990 for that date), e.g. 25/12/2026 or 2026-12-25',
        'row 6, column "Postcode": "NOPE" is not a UK postcode, e.g. SW1A 1AA',
        'row 7, column "Prison number": "12345" is not a valid Prison number (NOMIS): use one letter, four '
        "digits, two letters, e.g. A1234BC",
        'row 8, column "Organisations": no organisation with id "hom-office"; did you mean home-office, '
        "hm-passport-office, durham-police? see `dsar controllers list` or `dsar controllers search TEXT`",
        'row 9, column "Letters": "acess" is not a letter a batch makes; use access or erasure',
        'row 10, column "Client reference": "C-1" is also on row 2; each client needs a different reference',
        'row 11, column "Organisations": is empty; give one or more organisation ids separated by ; '
        "(see `dsar controllers list`)",
        'row 12, column "Address": is empty; fill it in',
        'row 13, column "Immigration": must be yes or no (or left empty)',
        "row 14, column \"Electronic monitoring\": \"wrist\" must be one of: 'none', 'ankle-tag' or 'non-fitted-device'",
        'row 15, column "Organisations": unknown letter kind "delete" in the entry "acro:delete"; after '
        "the colon use access, erasure or access+erasure",
        'row 15, column "Date of birth": 2030-01-01 cannot be a date of birth; check the year',
        'row 17, column "Client reference": "C 15" and "c 15" (row 16) would share the folder '
        f"{person_folder_name('Amira Example', reference='c 15')}; make the references differ in letters or digits",
    ]
    # each bad row once, with all its problems
    assert [b.row for b in result.bad] == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17]


def test_blank_rows_are_skipped_and_row_numbers_stay_the_spreadsheets(tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "c.csv", [["", "", "", "", "", "", "", ""], client("C-1", postcode="NOPE")])
    _, result = checked(path, tmp_path, directory)
    assert result.problem_lines() == ['row 3, column "Postcode": "NOPE" is not a UK postcode, e.g. SW1A 1AA']


# -- failed-rows.csv ---------------------------------------------------------------------------

def test_failed_rows_keep_the_cells_unchanged_and_say_why(tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    rows = [client("C-1"), client("C-2", name="Zoë =Ünal", dob="31/02/1990", kinds="acess")]
    path = write_csv(tmp_path / "clients.csv", rows, encoding="cp1252")
    table, result = checked(path, tmp_path, directory)
    text = failed_rows_csv([from_table(table, b) for b in result.bad])
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == [*HEADINGS, "Why it failed"]
    assert parsed[1][:-1] == rows[1]
    assert parsed[1][-1] == (
        'row 3 of clients.csv: column "Date of birth": "31/02/1990" is not a day of the calendar (check '
        'the day of the month); write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or 2026-12-25 | column "Letters": "acess" is not a letter a batch makes; use '
        'access or erasure'
    )


# -- the manifest's formula neutralising -----------------------------------------------------

@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "=HYPERLINK(\"x\")"])
def test_formula_starts_are_neutralised(value: str) -> None:
    assert neutralise(value) == "'" + value
    cell = list(csv.reader(io.StringIO(manifest_csv([[value]]))))[1][0]
    assert cell == "'" + value


@pytest.mark.parametrize("value", ["Amira", "C-1", "1=1", "", "R-000001", "'quoted"])
def test_ordinary_cells_are_left_alone(value: str) -> None:
    assert neutralise(value) == value


@given(st.text())
def test_no_manifest_cell_can_start_a_formula(value: str) -> None:
    cell = neutralise(value)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == value or cell == value


# -- the template ------------------------------------------------------------------------------

@pytest.mark.parametrize("dotted", [False, True])
def test_template_parses_back_to_one_good_client(tmp_path: Path, directory, dotted: bool) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "template.csv"
    path.write_text(template_csv(dotted=dotted), encoding="utf-8")
    table, result = checked(path, tmp_path, directory)
    assert len(table.headings) == len(COLUMNS)
    assert result.bad == []
    (good,) = result.good
    assert good.reference == "DEMO-001"
    assert good.profile.requester.date_of_birth == date(1990, 2, 1)
    assert good.kinds == ("access", "erasure")


# -- org.toml ------------------------------------------------------------------------------------

def test_org_is_validated_with_file_key_and_fix(tmp_path: Path) -> None:
    org = write_org(tmp_path, 'colour = "red"\nlogo = "missing.png"\n[representative]\nname = ""\n'
                              'address = ["1 Road"]\nreference = "X"\n')
    with pytest.raises(ProfileError) as info:
        load_org(org)
    assert info.value.problems == [
        f"{org}: colour: is not a known key; use [representative], signatory and logo",
        f"{org}: representative.reference: is set per client from the client reference column; remove it",
        f"{org}: logo: {tmp_path / 'missing.png'} cannot be read; check the path",
    ]
    org = write_org(tmp_path, '[representative]\nname = ""\naddress = []\npostcode = "nope"\n')
    with pytest.raises(ProfileError) as info:
        load_org(org)
    assert info.value.problems == [
        f"{org}: representative.name: must not be empty",
        f"{org}: representative.address: must not be empty",
        f'{org}: representative.postcode: "nope" is not a UK postcode, e.g. SW1A 1AA',
    ]
    (tmp_path / "logo.png").write_bytes(b"GIF89a not a png")
    org = write_org(tmp_path, 'logo = "logo.png"\n[representative]\nname = "S"\naddress = ["x"]\n')
    with pytest.raises(ProfileError) as info:
        load_org(org)
    assert info.value.problems == [f"{org}: logo: {tmp_path / 'logo.png'} is not a PNG or JPEG image"]
    with pytest.raises(BatchError) as exc:
        load_org(tmp_path / "none.toml")
    assert exc.value.message == f"{tmp_path / 'none.toml'}: no such file; check the --org path"


def test_batch_help_and_template_stay_light() -> None:
    """`dsar batch --help` and `dsar batch template` import no PDF, database or spreadsheet code."""
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "from dsar.cli import main\n"
        "for argv in (['batch', '--help'], ['batch', 'run', '--help'], ['batch', 'template']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "        main(argv)\n"
        "heavy = ('weasyprint', 'sqlalchemy', 'openpyxl', 'rich.progress', 'pypdf', 'jinja2')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n", result.stderr


# -- XLSX cells: date numbers and formulas with no saved value (issue 12 item 7) ------------------

def test_xlsx_date_numbers_are_converted_where_typed_as_dates_and_explained_where_not(
        tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Client reference", "Full name", "Date of birth", "Address", "Organisations"])
    sheet.append(["C-1", "Amira Example", 32874, "1 Test Street", "home-office"])
    sheet["C2"].number_format = "dd/mm/yyyy"  # a date cell: Excel shows 01/01/1990
    sheet.append(["C-2", "Bob Example", 32874, "1 Test Street", "home-office"])  # General: a number
    path = tmp_path / "clients.xlsx"
    book.save(path)
    _, result = checked(path, tmp_path, directory)
    assert [c.profile.requester.date_of_birth.isoformat() for c in result.good] == ["1990-01-01"]
    assert result.problem_lines() == [
        'row 3, column "Date of birth": "32874" looks like a date as Excel stores it (01/01/1990), in '
        "a cell not formatted as a date; format the column as a date in the spreadsheet (or type "
        "the date as DD/MM/YYYY) and save again"]


def test_an_xlsx_formula_with_no_saved_value_says_to_save_it_in_a_spreadsheet(
        tmp_path: Path, directory) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()  # openpyxl, like any script, writes formulas without their values
    sheet = book.active
    sheet.append(["Client reference", "Full name", "Date of birth", "Address", "Organisations"])
    sheet.append(["C-1", '=CONCAT("Amira"," Example")', "12/04/1990", "1 Test Street", "home-office"])
    path = tmp_path / "clients.xlsx"
    book.save(path)
    _, result = checked(path, tmp_path, directory)
    assert result.problem_lines() == [
        'row 2, column "Full name": is a formula (=CONCAT("Amira"," Example")) with no saved value; '
        "open and save the file in Excel or LibreOffice, or paste values"]


# -- formula safety (issue 12 item 6) -------------------------------------------------------------

@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                        max_size=12), min_size=3, max_size=3))
def test_failed_rows_cells_never_run_in_a_spreadsheet_and_read_back_as_typed(cells: list[str]) -> None:
    from dsar.batch.failed_rows import FailedRow
    from dsar.batch.reader import _as_typed

    row = FailedRow("C-1", "clients.csv", 2, [("a", "Full name", cells[0]), ("b", "Address", cells[1]),
                                              ("c", "Notes", cells[2])], "why")
    parsed = list(csv.reader(io.StringIO(failed_rows_csv([row]))))
    for cell in parsed[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert [_as_typed(c) for c in parsed[1][:3]] == cells


def test_the_template_is_formula_safe() -> None:
    for row in csv.reader(io.StringIO(template_csv())):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
