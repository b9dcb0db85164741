"""Every format is a view of the same Letter: golden text and HTML, real PDFs read back with pypdf.

Golden files live in tests/golden/letters/. To regenerate them after a reviewed
wording change, run:

    DSAR_UPDATE_GOLDEN=1 pytest tests/test_render.py

then read the diff (`git diff tests/golden`) before committing it.
"""

from __future__ import annotations

import email
import io
import os
import sys
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pypdf
import pytest

from dsar.compose import Letter, compose, compose_authority
from dsar.errors import LetterError, PdfUnavailableError
from dsar.paths import letters_dir
from dsar.render import asset_fetcher, load_weasyprint, to_eml, to_html, to_pdf, to_text, weasyprint_fetcher
from tests.letters_fixtures import FIRST_SEVEN, GOLDEN, KINDS, ON, demo, directory, variant

UPDATE = os.environ.get("DSAR_UPDATE_GOLDEN") == "1"
NASTY = '<img src="file:///etc/passwd">'


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run DSAR_UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("cid", FIRST_SEVEN)
def test_text_golden(cid: str, kind: str) -> None:
    _golden(f"{cid}-{kind}.txt", to_text(compose(demo(), directory().get(cid), kind, ON)))


def test_authority_golden() -> None:
    d = directory()
    letter = compose_authority(demo(), [d.get(c) for c in ("home-office", "hmpps", "metropolitan-police")], ON,
                               kinds=["access", "erasure"])
    _golden("letter-of-authority.txt", to_text(letter))


def test_html_golden() -> None:
    _golden("home-office-access.html", to_html(compose(demo(), directory().get("home-office"), "access", ON)))


def test_text_lines_fit_78_columns_except_unbreakable_urls() -> None:
    for cid in FIRST_SEVEN:
        for line in to_text(compose(demo(), directory().get(cid), "access", ON)).splitlines():
            assert len(line) <= 78 or "https://" in line, line


def _nasty_letter() -> Letter:
    nasty = variant(requester={"full_name": NASTY}, request={"details": f"see {NASTY} & <b>x</b>"})
    return compose(nasty, directory().get("home-office"), "access", ON)


def test_user_text_is_escaped_in_html_and_literal_in_text() -> None:
    letter = _nasty_letter()
    html = to_html(letter)
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert "&amp; &lt;b&gt;x&lt;/b&gt;" in html
    text = to_text(letter)
    assert f"I, {NASTY}" not in text  # (that wording is the authority letter's)
    assert f"- Full name: {NASTY}" in text
    assert f"see {NASTY} & <b>x</b>" in " ".join(text.split())


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture(scope="module")
def home_office_pdf() -> bytes:
    return to_pdf(compose(demo(), directory().get("home-office"), "access", ON))


def test_pdf_carries_citations_identifiers_address_and_page_numbers(home_office_pdf: bytes) -> None:
    pages, text = _pdf_text(home_office_pdf)
    assert 2 <= pages <= 5
    flat = " ".join(text.split())
    for phrase in ("Article 15 of the UK GDPR", "Article 15(3) UK GDPR", "Article 15(1A) UK GDPR",
                   "immigration exemption (DPA 2018, Schedule 2, paragraph 4)",
                   "Home Office reference: B1234567", "Prison number (NOMIS): A1234BC",
                   "2 Ruskin Square", "CR0 2WF", "Demo Person", f"Page 1 of {pages}",
                   f"Page {pages} of {pages}"):
        assert phrase in flat, phrase


def test_pdf_places_the_address_in_a_dl_window(home_office_pdf: bytes) -> None:
    """First line of the address: about 20 mm from the left and 45-50 mm from the top of an A4 page."""
    page = pypdf.PdfReader(io.BytesIO(home_office_pdf)).pages[0]
    height = float(page.mediabox.height)
    assert round(float(page.mediabox.width)) == 595 and round(height) == 842  # A4 in points
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip() == "Subject Access Request Unit" and not found:
            found.append((cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    page.extract_text(visitor_text=visit)
    x, baseline = found[0]
    mm = 72 / 25.4
    assert 18 <= x / mm <= 25
    assert 44 <= (height - baseline) / mm <= 55


def test_pdf_of_a_hostile_name_shows_it_literally() -> None:
    _, text = _pdf_text(to_pdf(_nasty_letter()))
    assert NASTY in text


def test_fetcher_serves_only_packaged_assets() -> None:
    css = weasyprint_fetcher("dsar-asset:css/letter.css")
    assert css["mime_type"] == "text/css" and b"@page" in css["string"]
    png = weasyprint_fetcher("data:image/png;base64,iVBORw0KGgo=")  # inline images read nothing
    assert (png["mime_type"], png["string"]) == ("image/png", b"\x89PNG\r\n\x1a\n")
    own = (letters_dir() / "css" / "letter.css").resolve().as_uri()
    assert weasyprint_fetcher(own)["filename"] == "letter.css"
    for url in ("file:///etc/passwd", "http://example.com/x.css", "https://example.com/font.woff2",
                "dsar-asset:../controllers/home-office.toml", "dsar-asset:css/../../dsar/x",
                "dsar-asset:css/missing.css", "data:text/css,body{}", "data:image/svg+xml,<svg/>",
                "data:image/png;base64,!!", "ftp://example.com/x"):
        with pytest.raises(LetterError, match=r"^refused to fetch "):
            weasyprint_fetcher(url)


def test_weasyprint_asks_the_fetcher_and_gets_nothing_outside(caplog: pytest.LogCaptureFixture) -> None:
    """A document naming file:// and http:// resources renders, but every such fetch is refused."""
    weasyprint = load_weasyprint()
    secret = Path(__file__)  # a real file that must not be read
    html = (f'<link rel="stylesheet" href="{secret.as_uri()}">'
            '<img src="http://127.0.0.1:9/x.png"><p>hello</p>'
            '<link rel="stylesheet" href="dsar-asset:css/letter.css">')
    with caplog.at_level("ERROR", logger="weasyprint"):
        pdf = weasyprint.HTML(string=html, base_url="dsar-asset:/", url_fetcher=asset_fetcher()).write_pdf()
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"refused to fetch {secret.as_uri()}" in logged
    assert "refused to fetch http://127.0.0.1:9/x.png" in logged
    assert "dsar-asset:css/letter.css" not in logged  # our own stylesheet loads
    pages, text = _pdf_text(pdf)
    assert "hello" in text
    assert pages == 1


def test_eml_is_a_draft_to_the_controller_with_the_pdf(home_office_pdf: bytes) -> None:
    letter = compose(demo(), directory().get("home-office"), "access", ON)
    raw = to_eml(letter, home_office_pdf, "2026-11-26-home-office-access.pdf")
    message = email.message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "subjectaccessrequest@homeoffice.gov.uk"
    assert message["From"] == "casework@example.org"
    assert message["Subject"] == "Subject access request: Demo Person, born 12 April 1990"
    assert message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None and body.get_content().replace("\r\n", "\n").startswith(to_text(letter))
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "2026-11-26-home-office-access.pdf"
    assert attachment.get_content() == home_office_pdf


def test_eml_needs_an_email_address() -> None:
    letter = compose(demo(), directory().get("metropolitan-police"), "access", ON)
    with pytest.raises(LetterError) as exc:
        to_eml(letter, None)
    assert exc.value.message == ("no email address is known for metropolitan-police; "
                                 "post the letter or use the online form")


def test_pdf_unavailable_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    letter = compose(demo(), directory().get("acro"), "access", ON)
    with pytest.raises(PdfUnavailableError) as exc:
        to_pdf(letter)
    message = exc.value.message
    assert "\n" not in message
    assert message.startswith("PDF output needs WeasyPrint and the Pango library (")
    assert "macOS: brew install pango" in message and "--format html --format txt" in message
    assert to_html(letter) and to_text(letter)  # every other format still works
