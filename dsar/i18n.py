"""The person's language: gettext catalogues (Babel .po files) under letters/i18n/.

Each catalogue is `letters/i18n/<code>/LC_MESSAGES/dsar.po`, its English source
`letters/i18n/dsar.pot` (extracted from the templates with Babel: see docs/development.md).
The .po files are compiled in memory when first used (Babel's `read_po` and `write_mo`),
so there is no build step and a wheel needs only the .po files it already ships.

A code is a BCP 47 language tag (`ar`, `fa`, `ps`, `ckb`, `ti`, `ur`, `sq`, `pl`, `ro`,
`vi`, and `en`, the default); the languages offered are the catalogues present. Each
catalogue says in its `X-Review-Status` header whether a fluent speaker has reviewed it.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dsar.errors import ProfileError
from dsar.paths import letters_dir

ENGLISH = "en"
DOMAIN = "dsar"  # the summary sheet
INTERVIEW = "interview"  # the guided interview (`dsar new`): letters/i18n/interview.pot
NOT_REVIEWED = "not yet reviewed"


def i18n_dir() -> Path:
    return letters_dir() / "i18n"


def catalogue_path(code: str, domain: str = DOMAIN) -> Path:
    return i18n_dir() / code / "LC_MESSAGES" / f"{domain}.po"


@cache
def languages() -> tuple[str, ...]:
    """Every language offered: English, then each catalogue's code in alphabetical order."""
    found = sorted(p.name for p in i18n_dir().iterdir() if catalogue_path(p.name).is_file())
    return (ENGLISH, *found)


def normalise(code: str) -> str:
    """A tag as offered ("AR" -> "ar", "fa-AF" -> "fa"), or a ProfileError listing the codes."""
    tag = code.strip().replace("_", "-").lower()
    for candidate in (tag, tag.split("-")[0]):
        if candidate in languages():
            return candidate
    raise ProfileError([f'unknown language "{code}"; use one of: {", ".join(languages())}'])


@dataclass(frozen=True)
class Language:
    code: str
    english_name: str  # "Arabic"
    own_name: str  # "العربية"
    direction: str  # "rtl" or "ltr", from CLDR (Babel)
    review_status: str  # the catalogue's X-Review-Status header
    translations: gettext.NullTranslations

    @property
    def reviewed(self) -> bool:
        return self.review_status.strip().lower() != NOT_REVIEWED


def review_status(po_text: str) -> str:
    """The X-Review-Status header of a .po file's text ("not yet reviewed" when absent)."""
    found = re.search(r'^"X-Review-Status: *(.*?)\\n"$', po_text, re.M)
    return found.group(1).strip() if found else NOT_REVIEWED


def compile_po(path: Path) -> gettext.GNUTranslations:
    """A .po file compiled in memory to gettext translations."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalogue = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def language(code: str) -> Language:
    """The language for `code` (checked), with its compiled catalogue."""
    from babel import Locale

    code = normalise(code)
    locale = Locale.parse(code.replace("-", "_"))
    if code == ENGLISH:
        return Language(code, "English", "English", "ltr", "source text", gettext.NullTranslations())
    path = catalogue_path(code)
    return Language(code, locale.get_display_name("en") or code, locale.get_display_name(code) or code,
                    locale.text_direction, review_status(path.read_text(encoding="utf-8")),
                    compile_po(path))


@cache
def translations(code: str, domain: str) -> gettext.NullTranslations:
    """The compiled catalogue of `domain` ("dsar", "interview") for `code` (checked).

    English, or a language with no catalogue in that domain yet, gives the English source."""
    code = normalise(code)
    if domain == DOMAIN:
        return language(code).translations
    path = catalogue_path(code, domain)
    if code == ENGLISH or not path.is_file():
        return gettext.NullTranslations()
    return compile_po(path)
