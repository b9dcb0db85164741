"""Does an installed font draw every character of a text? Checked before a PDF is rendered.

WeasyPrint lays text out with Pango, which falls back through every font fontconfig
knows when the CSS font stack lacks a character; a character no installed font covers
comes out as an empty box, silently. `warnings_for()` finds those characters first and
returns one warning per script, naming the package that draws it (letters/fonts.toml).

Coverage comes from one `fc-list --format '%{charset}'` call (fontconfig's own record of
each font's characters, about 60 ms for 300 fonts), read once per process and cached.
Without fontconfig's `fc-list` (some Windows set-ups) the check cannot run: then text that
is not plain Latin gets one warning saying to look at the PDF, never an error.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from dsar.paths import letters_dir

# Characters drawn without a glyph of their own: controls, format marks (ZWJ, bidi
# marks), separators, surrogates and private use.
_NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zs", "Zl", "Zp"})
_PLAIN_LATIN = range(0x0000, 0x0250)  # ASCII, Latin-1, Latin Extended-A/B: DejaVu has them


@dataclass(frozen=True)
class Coverage:
    """Every character some installed font draws; `None` when fontconfig could not be asked."""

    chars: frozenset[int] | None
    why: str = ""

    def covers(self, char: str) -> bool:
        return self.chars is None or ord(char) in self.chars


@cache
def _settings() -> dict[str, Any]:
    return tomllib.loads((letters_dir() / "fonts.toml").read_text(encoding="utf-8"))


def parse_charsets(output: str) -> frozenset[int]:
    """The union of fontconfig charsets printed one per line as hex ranges ("20-7e a0 600-6ff")."""
    found: set[int] = set()
    for token in output.split():
        first, _, last = token.partition("-")
        try:
            start = int(first, 16)
            end = int(last, 16) if last else start
        except ValueError:
            continue
        found.update(range(start, end + 1))
    return frozenset(found)


@cache
def installed_coverage() -> Coverage:
    """What the installed fonts draw, asked of fontconfig once per process."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return Coverage(None, "fontconfig's fc-list was not found")
    try:
        done = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True,
                              text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return Coverage(None, f"fc-list failed: {exc}")
    if done.returncode != 0:
        return Coverage(None, f"fc-list exited with status {done.returncode}")
    return Coverage(parse_charsets(done.stdout))


def script_of(char: str) -> str:
    """A character's script as people name it: "Ethiopic", "Arabic", "CJK", "emoji"..."""
    name = unicodedata.name(char, "")
    category = unicodedata.category(char)
    if category == "So" and ord(char) >= 0x1F000:
        return "emoji"
    if not name or not category.startswith(("L", "M", "N")):
        return "symbols"
    word = name.split()[0]
    return word if word in ("CJK", "NKO") else word.capitalize()


def needs_glyph(char: str) -> bool:
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES


def missing_by_script(texts: Iterable[str], coverage: Coverage) -> dict[str, list[str]]:
    """The characters of `texts` no installed font draws, grouped by script, in first-seen order."""
    missing: dict[str, list[str]] = {}
    for char in dict.fromkeys("".join(texts)):
        if needs_glyph(char) and not coverage.covers(char):
            missing.setdefault(script_of(char), []).append(char)
    return missing


def warnings_for(texts: Iterable[str], coverage: Coverage | None = None) -> list[str]:
    """One warning per script some character of `texts` is missing a glyph in; [] when all draw."""
    coverage = coverage or installed_coverage()
    messages = _settings()["messages"]
    texts = list(texts)
    if coverage.chars is None:
        unusual = any(ord(c) not in _PLAIN_LATIN and needs_glyph(c) for t in texts for c in t)
        return [messages["unchecked"].format(why=coverage.why)] if unusual else []
    packages: dict[str, str] = _settings()["packages"]
    out = []
    for script, chars in missing_by_script(texts, coverage).items():
        key = "emoji" if script == "emoji" else script.upper()
        package = packages.get(key, _settings()["default_package"])
        out.append(messages["missing"].format(count=len(chars), script=script,
                                              sample=" ".join(chars[:5]), package=package))
    return out
