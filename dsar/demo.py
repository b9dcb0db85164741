"""`dsar demo`: letters for a clearly fictional requester, to show what dsar makes.

The profile is letters/demo-profile.toml (shipped in the package): "Demo Person",
on invented streets with example identifiers, who wore a non-fitted monitoring
device, had immigration, detention and prison history, and has a representative.
The demo never touches the user's tracker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dsar.generate import GenerationResult, generate
from dsar.paths import letters_dir
from dsar.profile import Profile, load_profile
from dsar.render import FORMATS, pdf_available

if TYPE_CHECKING:
    from dsar.controllers import Directory

DEMO_CONTROLLERS = ("home-office", "hmpps", "metropolitan-police")
DEMO_KINDS = ("access", "erasure")


def demo_profile_path() -> Path:
    return letters_dir() / "demo-profile.toml"


def demo_profile() -> Profile:
    return load_profile(demo_profile_path())


def run_demo(out: Path, *, directory: Directory, on: date,
             warn: Callable[[str], None] | None = None,
             formats: Sequence[str] | None = None) -> GenerationResult:
    """Write the demo letters under OUT/demo-person/; without Pango, every format but PDF."""
    if formats is None:
        formats = FORMATS
        if not pdf_available():
            formats = tuple(f for f in FORMATS if f != "pdf")
            if warn is not None:
                warn("PDF output is not available here (WeasyPrint or Pango cannot load); "
                     "writing HTML, text and email only. See README: WeasyPrint's system needs.")
    return generate(demo_profile(), DEMO_CONTROLLERS, DEMO_KINDS, out,
                    directory=directory, on=on, formats=formats, warn=warn)
