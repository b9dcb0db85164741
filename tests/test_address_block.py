"""The address block never clips (issue 10 item 12).

Every organisation in the directory, for both kinds of request, has its letter's page 1
rendered by WeasyPrint; poppler then gives each word's box (pdftotext -bbox) and draws the
page (pdftoppm). Each word of the address, postcode included, must lie inside the
envelope window and have ink drawn in it: text that is clipped stays in the text layer
but is not painted, so the image is what proves the address shows.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Sequence
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dsar.address_block import SENDER, WINDOW, Box, drawn_lines, fit, fits
from dsar.compose import Block, Letter, compose
from dsar.render import to_html, to_pdf
from tests.letters_fixtures import ON, demo, directory, variant

MM = 72 / 25.4
# Where letters/css/letter.css puts the boxes on page 1 (mm from the page's left and top edges)
WINDOW_AT = (20.0, 45.0)  # 20 mm page margin; 15 mm top margin + 30 mm
SENDER_AT = (210.0 - 20.0 - SENDER.width, 15.0)
SLACK = 0.8  # mm: a glyph's box may reach a little past its line box

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                                reason="needs poppler-utils (pdftotext, pdftoppm)")


def _short(letter: Letter) -> Letter:
    """The letter with a one-line body: page 1 is all there is, and it lays out fast."""
    return dataclasses.replace(letter, blocks=(Block("para", "Dear Sir or Madam,"),))


def _pdf(letters: Sequence[Letter], tmp: Path) -> Path:
    """Page 1 of each letter, one page each, laid out by WeasyPrint with the letter's own HTML
    and CSS. Many letters go into one document (each starts a new page), as one layout run is
    much faster than one per letter."""
    from dsar.render import ASSET_SCHEME, asset_fetcher, load_weasyprint

    htmls = [to_html(_short(letter)) for letter in letters]
    head = htmls[0].split("<body>")[0]
    bodies = "".join(h.split("<body>")[1].split("</body>")[0] for h in htmls)
    html = f"{head}<style>.letter + .letter {{ break-before: page; }}</style><body>{bodies}</body></html>"
    document = load_weasyprint().HTML(string=html, base_url=f"{ASSET_SCHEME}:/",
                                      url_fetcher=asset_fetcher()).render()
    assert len(document.pages) == len(letters)
    path = tmp / "pages.pdf"
    document.write_pdf(path)
    return path


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
Word = tuple[str, float, float, float, float]
Image = tuple[int, int, bytes]


def _words(pdf: Path) -> list[list[Word]]:
    """Per page: (text, left, top, right, bottom) in mm of every word."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [[(unescape(m[5]), *(float(m[i]) / MM for i in range(1, 5))) for m in _WORD.finditer(page)]
            for page in out.split("<page ")[1:]]


def _images(pdf: Path, tmp: Path, dpi: int = 72, *, pages: int | None = None) -> list[Image]:
    """Each page (or the first `pages`) drawn as a greyscale image: (width, height, pixels)."""
    only = ["-l", str(pages)] if pages else []
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", *only, str(pdf), str(tmp / "page")], check=True)
    images = []
    for path in sorted(tmp.glob("page-*.pgm")):
        magic, width, height, maxval, pixels = path.read_bytes().split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255"
        images.append((int(width), int(height), pixels))
    return images


def _inked(image: Image, box: tuple[float, float, float, float], dpi: int = 72) -> bool:
    """True when some pixel inside the box (mm) is dark: something is drawn there."""
    width, height, pixels = image
    scale = dpi / 25.4
    left, top, right, bottom = (round(v * scale) for v in box)
    return any(pixels[y * width + x] < 128
               for y in range(max(top, 0), min(bottom + 1, height))
               for x in range(max(left, 0), min(right + 1, width)))


def _check_drawn(lines: Sequence[str], at: tuple[float, float], box: Box, words: list[Word],
                 image: Image, *, postcode: str | None = None) -> None:
    """Every word of `lines`, in order, lies inside the box and has ink drawn on it; the
    postcode, when given, is the last line, below all the others."""
    left, top = at
    right, bottom = left + box.width, top + box.height
    inside = [w for w in words
              if w[1] >= left - SLACK and w[3] <= right + SLACK and w[2] >= top - SLACK
              and w[4] <= bottom + SLACK]
    # compared without spaces and commas: a long URL may break anywhere, joined lines gain a comma
    expected = "".join(" ".join(lines).replace(",", " ").split())
    drawn = "".join(w[0] for w in inside).replace(",", "")
    assert drawn == expected, f"in the box: {drawn!r}\nwanted: {expected!r}"
    for text, *word_box in inside:
        assert _inked(image, (word_box[0], word_box[1], word_box[2], word_box[3])), f"{text!r} is not drawn"
    if postcode is not None:
        last = postcode.split()
        assert [w[0] for w in inside[-len(last):]] == last
        last_top = min(w[2] for w in inside[-len(last):])
        assert all(w[4] <= last_top + SLACK for w in inside[:-len(last)]), "the postcode is not last"


def _records() -> list[tuple[str, str]]:
    return [(c.id, kind) for c in directory() for kind in ("access", "erasure")
            if not c.redirect_to and (kind == "access" or c.erasure is not None)]


@pytest.fixture(scope="module")
def directory_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Letter, list[Word], Image]]:
    """Every directory letter's page 1, rendered once for the module."""
    tmp = tmp_path_factory.mktemp("pages")
    keys = _records()
    letters = [compose(demo(), directory().get(cid), kind, ON) for cid, kind in keys]
    pdf = _pdf(letters, tmp)
    words, images = _words(pdf), _images(pdf, tmp)
    assert len(words) == len(images) == len(letters)
    return {key: (letter, w, i) for key, letter, w, i in zip(keys, letters, words, images, strict=True)}


@pytest.mark.parametrize(("cid", "kind"), _records())
def test_every_directory_address_is_drawn_inside_the_window(
        cid: str, kind: str, directory_pages: dict[tuple[str, str], tuple[Letter, list[Word], Image]]) -> None:
    letter, words, image = directory_pages[(cid, kind)]
    postcode = directory().get(cid).contacts_for(kind).postcode
    _check_drawn(letter.recipient, WINDOW_AT, WINDOW, words, image,
                 postcode=postcode.text if postcode is not None else None)


def test_a_real_pdf_draws_the_hmpps_address_whole(tmp_path: Path) -> None:
    """The whole pipeline (to_pdf, the full letter) for the longest address in the directory."""
    letter = compose(demo(), directory().get("hmpps"), "access", ON)
    pdf = tmp_path / "hmpps.pdf"
    pdf.write_bytes(to_pdf(letter))
    _check_drawn(letter.recipient, WINDOW_AT, WINDOW, _words(pdf)[0], _images(pdf, tmp_path, pages=1)[0],
                 postcode="DE14 3EG")


def test_the_longest_directory_addresses_are_among_those_checked() -> None:
    """HMPPS (8 lines and a postcode) and Dyfed-Powys (7 and a postcode) were cut before."""
    ids = {cid for cid, _ in _records()}
    assert {"hmpps", "dyfed-powys-police"} <= ids
    assert len(compose(demo(), directory().get("hmpps"), "access", ON).recipient) == 9
    assert fit(compose(demo(), directory().get("hmpps"), "access", ON).recipient).size < 10


LONG_ADDRESS = ["Flat 12B", "Block C, The Very Long Named Residential Development", "17 Regent Street",
                "Off the High Street", "Hollingworth Estate", "Little Hollingworth", "Near Glossop",
                "MANCHESTER"]


def test_a_long_sender_and_client_address_is_drawn_whole(tmp_path: Path) -> None:
    """The client's address is the recipient of a batch cover sheet (it goes in the window);
    a representative's long address is the sender block."""
    profile = variant(
        requester={"address": LONG_ADDRESS, "postcode": "M1 1AA"},
        representative={"name": "Amina Okafor", "organisation": "Greater Manchester Immigration Aid Unit",
                        "address": LONG_ADDRESS, "postcode": "M1 1AA", "email": "amina@example.org"},
    )
    letter = compose(profile, directory().get("home-office"), "access", ON)
    client = dataclasses.replace(letter, recipient=(profile.requester.full_name, *LONG_ADDRESS, "M1 1AA"))
    pdf = _pdf([client], tmp_path)
    words, image = _words(pdf)[0], _images(pdf, tmp_path)[0]
    _check_drawn(letter.sender, SENDER_AT, SENDER, words, image)
    _check_drawn(client.recipient, WINDOW_AT, WINDOW, words, image, postcode="M1 1AA")
    assert len(fit(client.recipient).lines) < len(client.recipient)  # lines were joined


def test_short_addresses_keep_the_normal_size_and_their_lines() -> None:
    lines = ("Subject Access Request Unit", "Home Office", "2 Ruskin Square", "Croydon", "CR0 2WF")
    fitted = fit(lines)
    assert fitted.lines == lines and fitted.size == 10


words = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=14)
address_lines = st.lists(words, min_size=1, max_size=4).map(" ".join)


@given(st.lists(address_lines, min_size=1, max_size=14))
def test_fitting_never_loses_or_reorders_a_word(lines: list[str]) -> None:
    fitted = fit(lines)
    assert " ".join(fitted.lines).replace(",", " ").split() == " ".join(lines).replace(",", " ").split()
    if len(lines) >= 2:
        assert fitted.lines[-1] == " ".join(lines[-1].split())  # the postcode keeps its own line
    assert fitted.size >= 8


@given(st.lists(st.text(alphabet="abcdefghij ", min_size=1, max_size=30).filter(str.strip),
                min_size=1, max_size=10))
def test_what_fits_is_within_the_box_by_the_estimate(lines: list[str]) -> None:
    if fits(lines):
        fitted = fit(lines)
        total = sum(drawn_lines(line, fitted.size, WINDOW.width) for line in fitted.lines)
        assert total * fitted.size * fitted.line_height * 25.4 / 72 <= WINDOW.height
