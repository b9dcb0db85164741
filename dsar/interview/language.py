"""The language the interview speaks: its gettext catalogue (domain "interview", dsar.i18n).

The English wording stays the single source: questions.toml, suggestions.toml, the closing
page and the `_()`-marked strings in dsar/interview/*.py are the msgids of
letters/i18n/interview.pot, and each letters/i18n/<code>/LC_MESSAGES/interview.po translates
them (see docs/development.md, "Translations"). `use("ar")` switches every later `_()`;
answers are stored the same whatever the language (values, never labels).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from dsar.i18n import ENGLISH, INTERVIEW, normalise, translations

__all__ = ["ENGLISH", "N_", "RIGHT_TO_LEFT", "_", "current", "speaking", "use"]

_current = [ENGLISH]

# Scripts a plain terminal often draws badly (joined letters, right-to-left lines).
RIGHT_TO_LEFT = frozenset({"ar", "fa", "ps", "ckb", "ur"})


def use(code: str | None) -> str:
    """Speak `code` from now on (None: English); returns the checked code."""
    _current[0] = normalise(code) if code else ENGLISH
    return _current[0]


@contextmanager
def speaking(code: str | None) -> Iterator[str]:
    """Speak `code` (None: English) inside the block, then the language before it."""
    before = _current[0]
    try:
        yield use(code)
    finally:
        _current[0] = before


def current() -> str:
    return _current[0]


def _(message: str) -> str:
    """`message` (English, the msgid) in the interview's language."""
    if not message:
        return message
    return translations(_current[0], INTERVIEW).gettext(message)


def N_(message: str) -> str:
    """Marks `message` for extraction; translated later, where it is shown."""
    return message
