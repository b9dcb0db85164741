"""After the review screen: save the profile, write the letters, record them, say what to do next.

Letters are written by dsar.generate (atomically, mode 0600) only now, after the
user chose "write the letters", so an interrupted interview never leaves a
half-written letter. Each letter is recorded in the tracker as drafted, and the
closing page says, for each one, how to send it, what ID to enclose and the date
the answer is due if it is sent today (dsar.deadlines: one month from receipt,
UK GDPR Article 12A / DPA 2018 s.54, uk-law.md "Deadlines").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dsar.files import write_private
from dsar.paths import letters_dir
from dsar.profile import Profile, profile_to_toml
from dsar.render import DEFAULT_PDF_VARIANT

if TYPE_CHECKING:
    from dsar.controllers import Controller, Directory
    from dsar.generate import GenerationResult, Written



@dataclass(frozen=True)
class Item:
    """One letter on the closing page."""

    controller_id: str
    name: str
    kind: str
    ref: str
    file: str
    how_to_send: str
    id_required: tuple[str, ...]
    via: str  # how it is most likely sent: email, online-form, post-first
    due_on: date | None  # shown the language's way by the closing page
    regimes: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Authority:
    file: str
    how_to_send: str


@dataclass(frozen=True)
class Outcome:
    folder: Path
    profile_path: Path | None
    items: tuple[Item, ...]
    authority: Authority | None = None
    refs: dict[tuple[str, str], str] = field(default_factory=dict)
    summary: tuple[str, ...] = ()  # the summary sheet in the person's language (its files)
    language: str = "en"  # the interview's language: the closing page speaks it


def save_profile(profile: Profile, path: Path) -> Path:
    """The answers as a profile TOML file (the public format), atomically with mode 0600."""
    return write_private(path, profile_to_toml(profile))


def channel(controller: Controller, kind: str) -> str:
    """How the letter is most likely sent: the route how-to-send.j2 suggests (post when none)."""
    from dsar.directory.routes import send_route

    return send_route(controller, kind).via or "post-first"


def due_if_sent_today(controller: Controller, kind: str, via: str, on: date) -> date | None:
    """The deadline engine's due date for a request sent on `on` by `via` (deemed receipt for post)."""
    from dsar.deadlines import Event, assess

    assessment = assess([Event("sent", on, via=via)], nation=controller.nation.value, kind=kind,
                        regimes=[r.value for r in controller.regimes], today=on)
    return assessment.due_on


def _main_file(written: Written) -> str:
    for fmt in ("pdf", "html", "txt", "eml"):
        if fmt in written.files:
            return str(written.files[fmt])
    return ""


def write_letters(profile: Profile, controller_ids: Sequence[str], kinds: Sequence[str], out: Path, *,
                  directory: Directory, on: date, db: str | None, profile_path: Path | None,
                  warn: Callable[[str], None] | None = None,
                  pdf_variant: str = DEFAULT_PDF_VARIANT) -> Outcome:
    """Write every letter (PDFs in `pdf_variant`), save the profile (if asked), record each
    letter in the tracker.

    The tracker is opened before anything is written; if recording fails, the letters, the
    profile and the folders this call created are removed again (files it replaced stay)."""
    from dsar.followup.sender import from_path, from_profile
    from dsar.generate import generate
    from dsar.render import FORMATS, pdf_available
    from dsar.tracker import Tracker, record_letters

    formats = list(FORMATS)
    if not pdf_available():
        formats.remove("pdf")
        if warn is not None:
            warn("PDF output is not available here (WeasyPrint or Pango cannot load); writing the "
                 "other formats. See README: WeasyPrint's system needs.")
    rep = profile.representative
    # letters and their tracker rows are one step (issue 16 item 6): the tracker is opened
    # first, so a bad one writes nothing (no letters, no folders, no profile); and what this
    # run wrote is removed again when its rows cannot be recorded
    with Tracker.open(db) as tracker:
        # No `warn` here: the closing page shows each letter's warnings beside it.
        result = generate(profile, controller_ids, kinds, out, directory=directory, on=on,
                          formats=formats, pdf_variant=pdf_variant)
        try:
            if profile_path is not None:
                result.created.extend(_new_paths(profile_path))
                save_profile(profile, profile_path)
            refs = record_letters(tracker, result, requester=profile.requester.full_name,
                                  directory=directory, on=on,
                                  client_reference=rep.reference if rep else None,
                                  # follow-ups use it (issue 11 item 5)
                                  sender=from_path(profile_path) if profile_path is not None
                                  else from_profile(profile))
        except BaseException:
            result.undo()
            raise
    return outcome(result, refs, directory=directory, on=on, profile_path=profile_path)


def _new_paths(path: Path) -> list[Path]:
    """The folders (outermost first) and the file that writing `path` would create."""
    return [p for p in (*reversed(path.parents), path) if not p.exists()]


def outcome(result: GenerationResult, refs: dict[tuple[str, str], str], *, directory: Directory,
            on: date, profile_path: Path | None) -> Outcome:
    """What the closing page shows, from the letters written and their tracker refs."""
    from dsar.directory.routes import send_route

    items: list[Item] = []
    authority: Authority | None = None
    for written in result.letters:
        if written.controller_id is None:
            authority = Authority(_main_file(written), written.how_to_send)
            continue
        controller = directory.get(written.controller_id)
        route = send_route(controller, written.kind)
        via = route.via or "post-first"  # as channel() says
        # no due date for a letter with no known way to send it (its how-to-send says so)
        due = due_if_sent_today(controller, written.kind, via, on) if route.channel != "none" else None
        items.append(Item(
            controller_id=controller.id, name=controller.name, kind=written.kind,
            ref=refs.get((controller.id, written.kind), "(not recorded)"),
            file=_main_file(written), how_to_send=written.how_to_send,
            id_required=written.enclosures, via=via,
            due_on=due,
            regimes=tuple(r.value for r in controller.regimes),
            warnings=tuple(written.warnings),
        ))
    return Outcome(result.folder, profile_path, tuple(items), authority, refs,
                   tuple(str(p) for p in result.summary.values()))


def due_day(day: date, code: str) -> str:
    """A due date on the closing page: "Tue 29 Dec 2026" in English, the language's own way
    with its weekday otherwise ("wtorek, 29 grudnia 2026")."""
    from dsar.deadlines import format_day
    from dsar.i18n import ENGLISH

    if code == ENGLISH:
        return format_day(day)
    from babel.dates import format_date

    return format_date(day, "full", locale=code.replace("-", "_"))


def closing_page(result: Outcome) -> str:
    """The closing page text (letters/interview/closing.txt.j2).

    Every value it prints (names, addresses, paths, notes from a record or a profile) goes
    through dsar.terminal.shown: no terminal escapes, a line break shown as \\n."""
    import jinja2

    from dsar.terminal import shown

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(letters_dir() / "interview"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - plain text for a terminal, never HTML
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        finalize=lambda value: value if isinstance(value, jinja2.Undefined) else shown(value),
    )
    from dsar.i18n import INTERVIEW, translations
    env.install_gettext_translations(translations(result.language, INTERVIEW), newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = lambda day: due_day(day, result.language)
    from dsar.deadlines.vocabulary import VIAS

    return env.get_template("closing.txt.j2").render(outcome=result, vias=VIAS)
