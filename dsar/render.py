"""Every output format is a view of the same `Letter`: HTML, plain text, PDF and a draft email.

- `to_html`: a whole HTML document through an autoescaping layout template
  (letters/templates/letter.html.j2) with the packaged CSS inlined.
- `to_text`: plain text wrapped at 78 columns, for pasting into an online form.
- `to_pdf`: WeasyPrint, A4, the address placed for a DL window envelope, "Page N of M".
  Tagged for screen readers (PDF/UA-1, with the subject as title and `en-GB` as its
  language) unless `--pdf-variant pdf/a-3b` asks for an archival PDF/A-3b (also tagged).
  WeasyPrint is imported here only, so `dsar --help` stays fast; if it (or Pango)
  cannot load, `PdfUnavailableError` says how to fix it and the other formats work.
- `to_eml`: a draft email to the controller, the letter as the body, the PDF attached.

WeasyPrint fetches nothing except the project's own packaged assets
(`weasyprint_fetcher`): no file:// reads from user data, no network.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from dsar.compose import Letter, long_date
from dsar.errors import LetterError, PdfUnavailableError
from dsar.paths import letters_dir

if TYPE_CHECKING:
    import jinja2

FORMATS = ("pdf", "html", "txt", "eml")
# WeasyPrint's names (weasyprint.pdf.VARIANTS, WeasyPrint >= 63). PDF/UA-1 makes a tagged
# PDF with a document title and language; PDF/A-3b is for archives, and we tag it too.
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
DEFAULT_PDF_VARIANT = "pdf/ua-1"
WIDTH = 78
ASSET_SCHEME = "dsar-asset"  # dsar-asset:css/letter.css -> letters/css/letter.css

PDF_HELP = (
    "PDF output needs WeasyPrint and the Pango library ({why}); install Pango "
    "(Debian/Ubuntu: sudo apt install libpango-1.0-0 libpangoft2-1.0-0; macOS: brew install pango; "
    "Windows: see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html), "
    "or choose other formats with --format html --format txt"
)


def check_format(name: str) -> str:
    """`name` if it is a known output format, else a LetterError listing them."""
    if name not in FORMATS:
        raise LetterError(f'unknown format "{name}"; use one of: {", ".join(FORMATS)}')
    return name


def check_pdf_variant(name: str) -> str:
    """`name` if it is a PDF variant dsar offers, else a LetterError listing them."""
    if name not in PDF_VARIANTS:
        raise LetterError(f'unknown PDF variant "{name}"; use one of: {", ".join(PDF_VARIANTS)}')
    return name


def pdf_options(variant: str = DEFAULT_PDF_VARIANT) -> dict[str, Any]:
    """Keyword arguments for WeasyPrint's `write_pdf`: the variant, always tagged."""
    return {"pdf_variant": check_pdf_variant(variant), "pdf_tags": True}


@cache
def _html_environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(letters_dir() / "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # every value is text; a name like <img src=...> stays literal
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _labels() -> Any:
    return _html_environment().get_template("_labels.j2").make_module({})


@cache
def _css() -> str:
    return (letters_dir() / "css" / "letter.css").read_text(encoding="utf-8")


def to_html(letter: Letter) -> str:
    """The letter as a complete HTML document (autoescaped; CSS inlined from letters/css).

    The addresses are fitted to their boxes (dsar.address_block): never clipped."""
    from markupsafe import Markup

    from dsar.address_block import SENDER, WINDOW, fit

    template = _html_environment().get_template("letter.html.j2")
    return template.render(
        letter=letter,
        sender=fit(letter.sender, SENDER),
        recipient=fit(letter.recipient, WINDOW),
        date=long_date(letter.on),
        css=Markup(_css()),  # noqa: S704 - our own packaged stylesheet, not user input
        enclosures_heading=_labels().enclosed,
    )


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def to_text(letter: Letter) -> str:
    """The letter as plain text, wrapped at 78 columns."""
    out: list[str] = [*letter.sender, ""]
    if letter.recipient:
        out += [*letter.recipient, ""]
    out += [long_date(letter.on), ""]
    out += [*_wrap(letter.subject), ""]
    for block in letter.blocks:
        if block.style == "heading":
            out += [block.text, "-" * min(len(block.text), WIDTH)]
        elif block.style == "para":
            out += _wrap(block.text)
        elif block.style == "list":
            for item in block.items:
                out += _wrap(item, "- ", "  ")
        else:
            for n, item in enumerate(block.items, 1):
                label = f"{n}. "
                out += _wrap(item, label, " " * len(label))
        out.append("")
    out += [*letter.signature]
    if letter.enclosures:
        out += ["", f"{_labels().enclosed}:"]
        for item in letter.enclosures:
            out += _wrap(item, "- ", "  ")
    return "\n".join(out).rstrip() + "\n"


def _asset_path(url: str) -> Path | None:
    """The packaged file a URL names, or None when it is not one of ours."""
    parsed = urlparse(url)
    root = letters_dir().resolve()
    if parsed.scheme == ASSET_SCHEME:
        candidate = (root / unquote(parsed.path).lstrip("/")).resolve()
    elif parsed.scheme == "file" and parsed.netloc in ("", "localhost"):
        candidate = Path(unquote(parsed.path)).resolve()
    else:
        return None
    allowed = (root / "css", root / "fonts", root / "images")
    if any(folder == candidate.parent or folder in candidate.parents for folder in allowed) \
            and candidate.is_file():
        return candidate
    return None


def _data_image(url: str) -> dict[str, Any] | None:
    """A `data:` URL holding a PNG or JPEG image, decoded; None for anything else."""
    import base64
    import binascii
    from urllib.parse import unquote_to_bytes

    header, comma, payload = url.partition(",")
    media = header.removeprefix("data:").split(";")
    if not comma or not header.startswith("data:") or media[0] not in ("image/png", "image/jpeg"):
        return None
    try:
        data = base64.b64decode(payload, validate=True) if "base64" in media[1:] \
            else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None
    return {"string": data, "mime_type": media[0], "redirected_url": url}


def weasyprint_fetcher(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A WeasyPrint url_fetcher that serves only packaged letters/ assets and refuses the rest.

    Inline PNG and JPEG images (`data:image/png;base64,...`, e.g. an organisation's
    letterhead logo) are decoded too: they read no file and touch no network.
    """
    image = _data_image(url)
    if image is not None:
        return image
    path = _asset_path(url)
    if path is None:
        raise LetterError(f"refused to fetch {url}: letters may use only dsar's own packaged files")
    types = {".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml",
             ".ttf": "font/ttf", ".woff2": "font/woff2"}
    return {
        "string": path.read_bytes(),
        "mime_type": types.get(path.suffix, "application/octet-stream"),
        "filename": path.name,
        "redirected_url": url,
    }


def asset_fetcher() -> Any:
    """What to pass to WeasyPrint as `url_fetcher`: `weasyprint_fetcher` in the form this
    WeasyPrint version wants (a `URLFetcher` object since WeasyPrint 66, a function before)."""
    load_weasyprint()
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # older WeasyPrint: a function returning a dict
        return weasyprint_fetcher

    class PackagedAssetsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            found = weasyprint_fetcher(url)
            return URLFetcherResponse(url, found["string"], {"Content-Type": found["mime_type"]})

    return PackagedAssetsOnly()


def load_weasyprint() -> Any:
    """The weasyprint module, or PdfUnavailableError saying how to install what it needs."""
    import warnings

    try:
        with warnings.catch_warnings():
            # WeasyPrint warns at import when the system lacks libharfbuzz-subset (it still
            # works, with bigger PDFs); that is about the machine, not about the letter.
            warnings.filterwarnings("ignore", message="HarfBuzz-Subset will be required",
                                    category=DeprecationWarning)
            import weasyprint
    except (ImportError, OSError) as exc:  # OSError: Pango or its friends are missing
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PdfUnavailableError(PDF_HELP.format(why=why)) from None
    return weasyprint


def pdf_available() -> bool:
    """True when WeasyPrint and Pango load; never raises."""
    try:
        load_weasyprint()
    except PdfUnavailableError:
        return False
    return True


def to_document(letter: Letter) -> Any:
    """The letter laid out by WeasyPrint (a weasyprint.Document), for combining many letters.

    `weasyprint.Document.copy(pages).write_pdf()` joins the pages of several
    documents; each letter's "Page N of M" counts its own pages.
    """
    weasyprint = load_weasyprint()
    html = weasyprint.HTML(string=to_html(letter), base_url=f"{ASSET_SCHEME}:/",
                           url_fetcher=asset_fetcher())
    return html.render()


def to_pdf(letter: Letter, variant: str = DEFAULT_PDF_VARIANT) -> bytes:
    """The letter as an A4 tagged PDF (PDF/UA-1 by default; see PDF_VARIANTS)."""
    return write_pdf(to_document(letter), variant)


def write_pdf(document: Any, variant: str = DEFAULT_PDF_VARIANT, attachments: Sequence[Any] = ()) -> bytes:
    """A laid-out WeasyPrint document as PDF bytes, tagged, in `variant`, with `attachments`
    (weasyprint.Attachment objects) as embedded files."""
    import warnings

    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A without closing it; the file is
        # read whole and dropped at once, so the warning is about WeasyPrint, not us.
        warnings.filterwarnings("ignore", message=r"unclosed file .*sRGB2014\.icc",
                                category=ResourceWarning)
        data: bytes = document.write_pdf(**pdf_options(variant), attachments=list(attachments) or None)
    return data


def to_eml(letter: Letter, pdf: bytes | None, pdf_name: str | None = None) -> bytes:
    """A draft email to `letter.email_to`, the letter as the body and the PDF attached.

    `X-Unsent: 1` makes Outlook and others open it as a draft to send.
    """
    from email.message import EmailMessage
    from email.policy import SMTP

    if not letter.email_to:
        raise LetterError(f"no email address is known for {letter.controller_id}; "
                          "post the letter or use the online form")
    from dsar.emails import address

    to = address(letter.email_to)
    if to is None:
        raise LetterError(f'the email address "{letter.email_to}" for {letter.controller_id} is not '
                          "valid; post the letter or use the online form")
    message = EmailMessage()
    # headers from validated addresses only, built by the standard library (issue 16):
    # an address can never become two, nor add a header line
    message["To"] = to
    sender = address(letter.sender_email)
    if sender is not None:
        message["From"] = sender
    message["Subject"] = " ".join(letter.subject.split())
    message["X-Unsent"] = "1"
    body = to_text(letter)
    if pdf is not None:
        body = f"{body}\n{_labels().attachment_note}\n"
    message.set_content(body)
    if pdf is not None:
        name = pdf_name or f"{letter.on.isoformat()}-{letter.controller_id}-{letter.kind}.pdf"
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes(policy=SMTP)
