"""The summary sheet in the person's language: what each letter asks for and what happens next.

With `requester.language` (or `--lang`) other than English, the person's folder also gets
`<date>-summary-<lang>.pdf/.html/.txt`. The wording is in letters/templates/summary.*.j2,
translated through gettext catalogues (dsar.i18n) with Jinja2's i18n extension; this module
only gathers the facts the sheet states, all taken from the letters just written:

- the organisation (its English name) and the kind of letter;
- how to send it: the route how-to-send.j2 gives (dsar.directory.routes),
  with the English instruction kept beside;
- what to enclose, as the letter lists it (in English);
- for an erasure letter to a police force or ACRO, the separate application that deletes
  an arrest's records (dsar.record_deletion), as how-to-send.j2 puts it: that application
  first, then the letter to the force (for ACRO, the letter goes with the application);
- when the answer is due: one month from receipt (uk-law.md "Deadlines" rules 1 and 5:
  the corresponding date next month, moved to the next working day in the
  organisation's nation), shown for a letter received on the letter's date;
- the warnings dsar gave for the letter (in English).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.i18n import Language

if TYPE_CHECKING:
    import jinja2

    from dsar.controllers import Controller
    from dsar.generate import Planned, Written

FORMATS = ("pdf", "html", "txt")
IMMIGRATION_EXEMPTION = ("home-office",)  # DPA 2018 Sch 2 para 4: the Home Office alone (uk-law.md)


@dataclass(frozen=True)
class SheetLetter:
    kind: str  # access | erasure | authority
    organisation: str  # English name
    gdpr: bool
    part3: bool
    channel: str  # email | form | post | none
    contact: str
    how_english: str
    enclosures: tuple[str, ...]
    warnings: tuple[str, ...]
    received: str  # example receipt date, in the language
    due: str  # the due date for that receipt, in the language
    immigration_exemption: bool
    # the deletion application for arrest records (dsar.record_deletion): name, form, email,
    # address, page ("" when the route has none); whole: the letter goes with it (ACRO)
    deletion: dict[str, str] | None = None
    deletion_whole: bool = False


def _channel(controller: Controller, kind: str) -> tuple[str, str]:
    """The route the English how-to-send sentence gives (dsar.directory.routes), and its contact."""
    from dsar.directory.routes import send_route

    route = send_route(controller, kind)
    if route.channel == "email" and route.email is not None:
        return "email", str(route.email.value)
    if route.channel == "online-form" and route.form is not None:
        return "form", str(route.form.value)
    if route.channel == "post":
        return "post", route.address
    return "none", ""


def _deletion(controller: Controller, kind: str) -> tuple[dict[str, str] | None, bool]:
    """The arrest-records application how-to-send.j2 names for this letter, and whether the
    letter itself goes with it (ACRO) rather than to the force afterwards."""
    from dsar.record_deletion import route_for

    route = route_for(controller) if kind == "erasure" else None
    if route is None:
        return None, False
    def value(key: str) -> Any:
        return route[key]["value"] if key in route else ""
    facts = {"name": route["name"], "form": value("form"), "email": value("email"),
             "address": ", ".join(value("address") or ()), "page": value("page")}
    return facts, controller.kind.value == "criminal-records"


def _due(on: date, nation: str) -> date:
    from dsar.bank_holidays import next_working_day
    from dsar.deadlines import one_month_after

    return next_working_day(one_month_after(on), nation)


def local_date(day: date, code: str) -> str:
    """A date written the language's way ("1 ديسمبر 2026", "1 grudnia 2026")."""
    from babel.dates import format_date

    return format_date(day, "long", locale=code.replace("-", "_")) if code != "en" else \
        f"{day.day} {day.strftime('%B')} {day.year}"


def sheet_letters(planned: Sequence[Planned], written: Sequence[Written], code: str) -> list[SheetLetter]:
    out = []
    said: set[str] = set()  # a check about an organisation is said once on the sheet
    for item, done in zip(planned, written, strict=True):
        letter, controller = item.letter, item.controller
        if controller is None:
            out.append(SheetLetter("authority", "", False, False, "none", "", done.how_to_send,
                                   (), tuple(done.warnings), "", "", False))
            continue
        channel, contact = _channel(controller, letter.kind)
        deletion, whole = _deletion(controller, letter.kind) if letter.arrest_deletion else (None, False)
        how = done.how_to_send
        for path in done.files.values():  # the sheet sits beside the letters: their names will do
            how = how.replace(str(path), path.name)
        out.append(SheetLetter(
            kind=letter.kind, organisation=controller.name, gdpr=controller.is_uk_gdpr,
            part3=controller.is_part3, channel=channel, contact=contact,
            how_english=how, enclosures=tuple(done.enclosures),
            warnings=tuple(w for w in done.warnings if w not in said), received=local_date(letter.on, code),
            due=local_date(_due(letter.on, str(controller.nation)), code),
            immigration_exemption=letter.kind == "erasure" and controller.id in IMMIGRATION_EXEMPTION,
            deletion=deletion, deletion_whole=whole))
        said.update(done.warnings)
    return out


# A run of Latin text (English names, laws, quoted terms) inside a right-to-left sentence;
# escaped HTML (&#39; &amp;) included, so this runs on the autoescaped output.
_LATIN_RUN = re.compile(r"[“(A-Za-z0-9][A-Za-z0-9 .,:;/@&#’'“”()_+-]*[A-Za-z0-9)”]")


def isolate_latin(text: Any) -> Any:
    """Wrap each Latin run of an escaped right-to-left message in an LTR span, so the bidi
    algorithm keeps "“subject access request”, Article 15 UK GDPR" in its own order."""
    from markupsafe import Markup

    def wrap(match: re.Match[str]) -> str:
        run, before, after = match.group(0), "", ""
        # a bracket that closes (or opens) the right-to-left sentence stays outside the run
        while run.endswith(")") and run.count(")") > run.count("("):
            run, after = run[:-1], ")" + after
        while run.startswith("(") and run.count("(") > run.count(")"):
            run, before = run[1:], before + "("
        return f'{before}<span class="ltr" dir="ltr" lang="en">{run}</span>{after}'

    return Markup(_LATIN_RUN.sub(wrap, str(text)))  # noqa: S704 - escaped input; we add only spans


@cache
def _environment(code: str) -> jinja2.Environment:
    import jinja2

    from dsar.i18n import language
    from dsar.paths import letters_dir

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(letters_dir() / "templates"),
        undefined=jinja2.StrictUndefined, autoescape=jinja2.select_autoescape(["html.j2"]),
        trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(language(code).translations, newstyle=True)  # type: ignore[attr-defined]
    env.filters["isolate"] = isolate_latin if language(code).direction == "rtl" else (lambda text: text)
    return env


def context(lang: Language, name: str, on: date, letters: list[SheetLetter], *,
            representative: bool) -> dict[str, Any]:
    from markupsafe import Markup

    from dsar.paths import letters_dir

    css = (letters_dir() / "css" / "summary.css").read_text(encoding="utf-8")
    return {"lang": lang, "name": name, "date": local_date(on, lang.code),
            "english_date": local_date(on, "en"), "letters": letters,
            "rep": representative,  # an adviser acts (and sends the letters); else the person does
            "css": Markup(css)}  # noqa: S704 - our own packaged stylesheet


def render(lang: Language, name: str, on: date, letters: list[SheetLetter], fmt: str, *,
           representative: bool) -> str:
    """The sheet as HTML or plain text; `representative`: an adviser acts for the person."""
    template = _environment(lang.code).get_template(f"summary.{fmt}.j2")
    text = template.render(context(lang, name, on, letters, representative=representative))
    return text if fmt == "html" else text.strip() + "\n"


def to_pdf(html: str, variant: str) -> bytes:
    """The sheet's HTML as a tagged PDF (its <html lang> is the PDF's document language)."""
    from dsar.render import ASSET_SCHEME, asset_fetcher, load_weasyprint, write_pdf

    weasyprint = load_weasyprint()
    document = weasyprint.HTML(string=html, base_url=f"{ASSET_SCHEME}:/",
                               url_fetcher=asset_fetcher()).render()
    return write_pdf(document, variant)


def write_summary(planned: Sequence[Planned], written: Sequence[Written], *, code: str, name: str,
                  on: date, folder: Path, formats: Sequence[str], variant: str,
                  representative: bool) -> tuple[dict[str, Path], list[str]]:
    """Write the sheet in each of `formats` that applies; (files by format, font warnings).

    `representative`: an adviser acts for the person and sends the letters (a profile's
    [representative], every batch client); without one the sheet speaks to a person on
    their own: no adviser to ask, plain steps instead of dsar commands.
    """
    from dsar.files import inside, write_private
    from dsar.glyphs import warnings_for
    from dsar.i18n import language

    lang = language(code)
    letters = sheet_letters(planned, written, lang.code)
    files: dict[str, Path] = {}
    text = render(lang, name, on, letters, "txt", representative=representative)
    warnings = warnings_for([text])
    html = render(lang, name, on, letters, "html", representative=representative)
    stem = f"{on.isoformat()}-summary-{lang.code}"
    for fmt in (f for f in FORMATS if f in formats):
        data: str | bytes = {"txt": text, "html": html}.get(fmt) or to_pdf(html, variant)
        files[fmt] = write_private(inside(folder, f"{stem}.{fmt}"), data)
    return files, warnings
