"""Showing text from a person, a sheet or the tracker on a terminal (or in a log, or cron mail).

A name, a client reference or a note can hold terminal escapes (`ESC ] 0 ; title BEL`
sets a window title, `ESC [ 2 J` clears the screen) or a newline that prints a fake
line. `shown(value)` is what to print for one value: escapes and control characters
removed, line breaks shown as a visible `\\n`, bidirectional overrides removed.
`safe_lines(text)` is the same for a message dsar composed itself: its own line
breaks are kept, everything else is cleaned. `json_shown(text)` is for JSON printed
with ensure_ascii=False: the data stays exactly as it is, but the characters JSON
may carry raw that a terminal acts on (8-bit controls, line separators, bidirectional
overrides) are written as \\uXXXX escapes.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPE = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                 # CSI: ESC [ params final
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC: ESC ] ... BEL or ST
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?   # DCS, SOS, PM, APC ... ST
    | \x1b[ -/]*[0-~]?                         # any other escape sequence
    | \x9b[0-?]*[ -/]*[@-~]?                   # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)?  # 8-bit OSC, DCS...
    """,
    re.VERBOSE,
)
_BREAK = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")
# embeddings, overrides and isolates reorder what follows on screen ("Trojan Source")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def _strip(text: str, keep: str) -> str:
    text = _ESCAPE.sub("", text).translate(_BIDI)
    return "".join(
        " " if ch == "\t" else ch
        for ch in text
        if ch in keep or ch == "\t" or unicodedata.category(ch) != "Cc"
    )


def shown(value: object) -> str:
    """One value as it may be printed: no escapes or control characters; a line break as `\\n`."""
    text = "" if value is None else str(value)
    if text.isascii() and text.isprintable():  # nothing to remove or show (most names and refs)
        return text
    text = _ESCAPE.sub("", text)  # before breaks become visible, so an escape cannot hide in them
    return _strip(_BREAK.sub(r"\\n", text), keep="")


# json.dumps(ensure_ascii=False) escapes only U+0000-U+001F; these it leaves raw
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_shown(text: str) -> str:
    """JSON text (from json.dumps) with the rest of the controls escaped: the same data."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def safe_lines(text: str) -> str:
    """A message dsar composed: its own newlines kept; escapes and other controls removed."""
    return _strip(_BREAK.sub("\n", text), keep="\n")
