"""Make letters and write them to disk: used by `dsar generate`, `dsar demo`, the interview and batches.

Files land in OUT/<person folder>/ (`dsar.files.person_folder`: a readable name plus a short id
from the person's name and date of birth, claimed for that person) as
<YYYY-MM-DD>-<controller-id>-<kind>.<ext>
(the letter of authority as <YYYY-MM-DD>-letter-of-authority.<ext>), written with
`dsar.files.write_private` (atomic, mode 0600) at paths checked by
`dsar.files.inside`, so no name can escape OUT. Every letter is composed, and
PDF support checked, before the first file is written: bad input writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dsar.compose import Letter, compose, compose_authority, environment, kind_named
from dsar.errors import LetterError, ProfileError
from dsar.files import (
    MARKER,
    PATH_MAX,
    check_length,
    inside,
    person_folder,
    person_folder_name,
    slug,
    write_private,
)
from dsar.profile import unknown_organisations
from dsar.render import (
    DEFAULT_PDF_VARIANT,
    FORMATS,
    check_format,
    check_pdf_variant,
    to_eml,
    to_html,
    to_pdf,
    to_text,
)

if TYPE_CHECKING:
    from dsar.controllers import Controller, Directory
    from dsar.profile import Profile

AUTHORITY_STEM = "letter-of-authority"


@dataclass
class Written:
    """One letter on disk."""

    controller_id: str | None
    kind: str
    files: dict[str, Path]  # format -> path
    how_to_send: str  # one plain sentence: email X / use the online form Z / post to Y
    warnings: list[str] = field(default_factory=list)
    enclosures: tuple[str, ...] = ()  # what to send with it, as the letter lists it
    routed_from: str | None = None  # the processor named instead of this controller
    note: str | None = None  # why it went to the controller (dsar.targets)


@dataclass
class GenerationResult:
    folder: Path  # OUT/<person folder> (dsar.files.person_folder)
    letters: list[Written]  # the authority letter included as kind "authority" when a representative acts
    # the summary sheet in the person's language (dsar.summary), when it is not English
    summary: dict[str, Path] = field(default_factory=dict)
    summary_warnings: list[str] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)  # files (and folders) that did not exist before

    def undo(self) -> None:
        """Remove what this run created (not files it replaced): for when tracking them failed."""
        discard(self.created)


def discard(created: Sequence[Path]) -> None:
    """Remove files, then folders (if empty), that one run created; newest first."""
    for path in reversed(created):
        try:
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink(missing_ok=True)
        except OSError:
            continue  # a folder someone else wrote into meanwhile: leave it


@dataclass(frozen=True)
class Planned:
    """A composed letter and the organisation it goes to (None for the authority letter)."""

    letter: Letter
    controller: Controller | None
    routed_from: str | None = None  # the processor named instead of this controller
    note: str | None = None  # why it goes here and not to the processor (dsar.targets)


# room under OUT for <person>/<date>-<organisation>-<kind>.<ext> (and a temp name beside it)
ROOM_UNDER_OUT = 200


def check_out(out: Path) -> None:
    """Refuse an output folder that is a file or too long a path (before anything is written)."""
    check_length(out)
    if len(os.fsencode(out.absolute())) > PATH_MAX - ROOM_UNDER_OUT:
        raise LetterError(f"the --out path is {len(os.fsencode(out.absolute()))} bytes long; with the "
                          f"folder and file names dsar adds it must stay under {PATH_MAX} bytes; "
                          "choose a shorter one")
    if out.exists() and not out.is_dir():
        raise LetterError(f"{out} is a file, not a folder; choose another --out")


def plan(profile: Profile, controller_ids: Sequence[str], kinds: Sequence[str], *,
         directory: Directory, on: date) -> list[Planned]:
    """Compose every letter (and the authority letter when a representative acts); writes nothing.

    Each of `controller_ids` is an id, which gets the letters of `kinds`, or `id:kind`
    (`access`, `erasure`, `access+erasure`) with its own; a processor's letters go to its
    controller (dsar.targets). One authority letter covers every organisation.
    """
    from dsar.targets import route

    if not controller_ids:
        raise LetterError("no organisation given; add --to ID (see `dsar controllers list`)")
    for name in kinds:
        if not kind_named(name).per_controller:
            raise LetterError(f'"{name}" letters are made automatically when a representative acts; '
                              'use --kind access or --kind erasure')
    routed = route(controller_ids, kinds, directory)
    controllers = [directory.get(t.controller_id) for t in routed.targets]
    if unknown := unknown_organisations(profile, set(directory.ids)):
        raise ProfileError(unknown)  # request.details_for / police_contacts name an unknown id
    also_to = {"also_to": [c.id for c in controllers]}  # letters made together (no "send X too")
    planned = []
    for controller, target in zip(controllers, routed.targets, strict=True):
        for kind in target.kinds:
            processor = routed.routed_from.get((controller.id, kind))
            letter = _cautioned(compose(profile, controller, kind, on, also_to), controller)
            planned.append(Planned(letter, controller, processor,
                                   routed.notes[processor] if processor else None))
    if profile.representative is not None:
        asked = {kind for target in routed.targets for kind in target.kinds}
        planned.append(Planned(compose_authority(profile, controllers, on, kinds=sorted(asked)), None))
    return with_glyph_warnings(planned)


def letter_texts(letter: Letter) -> list[str]:
    """Every piece of text a letter prints."""
    blocks = [piece for b in letter.blocks for piece in (b.text, *b.items)]
    return [*letter.sender, *letter.recipient, letter.subject, *blocks, *letter.signature,
            *letter.enclosures]


def with_glyph_warnings(planned: list[Planned]) -> list[Planned]:
    """Add a warning to each letter when some character in them has no glyph in any installed font."""
    from dsar.glyphs import warnings_for

    missing = warnings_for(t for p in planned for t in letter_texts(p.letter))
    if not missing:
        return planned
    return [replace(p, letter=replace(p.letter, warnings=(*p.letter.warnings, *missing)))
            for p in planned]


def _cautioned(letter: Letter, controller: Controller) -> Letter:
    """The letter with the erasure caution for its organisation (letters/cautions.toml) first
    among its warnings and the notes about the ID it asks for (letters/id-notes.toml) last:
    they are shown wherever warnings are (generate, the closing page, a batch's checklist)."""
    from dataclasses import replace

    from dsar.cautions import erasure_caution
    from dsar.id_notes import id_notes

    caution = erasure_caution(letter.controller_id) if letter.kind == "erasure" else None
    notes = id_notes(controller, letter.on)
    if not caution and not notes:
        return letter
    return replace(letter, warnings=(*([caution] if caution else []), *letter.warnings, *notes))


def file_stem(letter: Letter) -> str:
    """<YYYY-MM-DD>-<controller-id>-<kind>, or <YYYY-MM-DD>-letter-of-authority."""
    if letter.controller_id is None:
        return f"{letter.on.isoformat()}-{AUTHORITY_STEM}"
    return f"{letter.on.isoformat()}-{slug(letter.controller_id)}-{slug(letter.kind)}"


def how_to_send(letter: Letter, controller: Controller | None, files: dict[str, Path],
                profile: Profile, *, new_request: bool = True) -> str:
    """One plain sentence (from letters/templates/how-to-send.j2).

    `new_request=False`: a follow-up (chaser, complaint) about a request already made; the route
    is dsar.directory.routes.send_route's for follow-ups, the one dsar.followup.make.default_via
    records, so the sentence and the history name the same way of sending."""
    module: Any = environment().get_template("how-to-send.j2").make_module(
        {"requester": profile.requester})
    from dsar.directory.routes import send_route
    from dsar.record_deletion import route_for

    route = (send_route(controller, kind_named(letter.kind).contacts, new_request=new_request)
             if controller is not None else None)
    deletion = route_for(controller) if letter.kind == "erasure" and letter.arrest_deletion else None
    text = module.how(letter.kind, controller, route, {k: str(v) for k, v in files.items()},
                      profile.representative, deletion, new_request, bool(letter.enclosures))
    return " ".join(str(text).split())


def write(planned: Sequence[Planned], profile: Profile, out: Path, *,
          formats: Sequence[str] = FORMATS, pdf_variant: str = DEFAULT_PDF_VARIANT) -> GenerationResult:
    """Render each planned letter in `formats` and write it under OUT/<person folder>/."""
    formats = [check_format(f) for f in dict.fromkeys(formats)]
    check_pdf_variant(pdf_variant)
    if not formats:
        raise LetterError("no output format chosen; use --format with one of: " + ", ".join(FORMATS))
    check_out(out)
    if "pdf" in formats:
        from dsar.render import load_weasyprint

        load_weasyprint()  # PdfUnavailableError now, before any file is written
    who = profile.requester
    target = inside(out, person_folder_name(who.full_name, who.date_of_birth))
    created = [p for p in (*reversed(target.parents), target, target / MARKER) if not p.exists()]
    try:
        folder = person_folder(out, who.full_name, who.date_of_birth)
        written = _write_each(planned, profile, folder, formats, created, pdf_variant)
        result = GenerationResult(folder, written, created=created)
        language = profile.requester.language
        if language and language != "en" and planned:
            from dsar.summary import write_summary

            before = set(folder.iterdir())
            result.summary, result.summary_warnings = write_summary(
                planned, written, code=language, name=profile.requester.full_name,
                on=planned[0].letter.on, folder=folder, formats=formats, variant=pdf_variant,
                representative=profile.representative is not None)
            created.extend(sorted(set(folder.iterdir()) - before))
    except BaseException:
        discard(created)  # a letter half-way through a run is not left on disk
        raise
    return result


def _write_each(planned: Sequence[Planned], profile: Profile, folder: Path, formats: Sequence[str],
                created: list[Path], pdf_variant: str) -> list[Written]:
    written: list[Written] = []
    for item in planned:
        letter = item.letter
        stem = file_stem(letter)
        files: dict[str, Path] = {}
        pdf: bytes | None = None
        for fmt in formats:
            if fmt == "eml" and not letter.email_to:
                continue  # no email known: the summary says to post it or use the form
            path = inside(folder, f"{stem}.{fmt}")
            if fmt == "pdf":
                pdf = to_pdf(letter, pdf_variant)
                data: bytes | str = pdf
            elif fmt == "html":
                data = to_html(letter)
            elif fmt == "txt":
                data = to_text(letter)
            else:
                data = to_eml(letter, pdf if "pdf" in formats else None, f"{stem}.pdf")
            if not path.exists():
                created.append(path)
            files[fmt] = write_private(path, data)
        written.append(Written(letter.controller_id, letter.kind, files,
                               how_to_send(letter, item.controller, files, profile),
                               list(letter.warnings), letter.enclosures, item.routed_from, item.note))
    return written


def with_language(profile: Profile, code: str | None) -> Profile:
    """`profile` with `requester.language` set to `code` (checked), or unchanged when None."""
    if code is None:
        return profile
    from dsar.i18n import normalise

    requester = profile.requester.model_copy(update={"language": normalise(code)})
    return profile.model_copy(update={"requester": requester})


def generate(profile: Profile, controller_ids: Sequence[str], kinds: Sequence[str], out: Path, *,
             directory: Directory, on: date, formats: Sequence[str] = FORMATS,
             warn: Callable[[str], None] | None = None,
             pdf_variant: str = DEFAULT_PDF_VARIANT) -> GenerationResult:
    """Compose and write letters of each kind to each organisation (plus the authority letter).

    `warn` is called once per distinct warning before anything is written.
    """
    formats = [check_format(f) for f in formats]
    check_out(out)
    planned = plan(profile, controller_ids, kinds, directory=directory, on=on)
    if warn is not None:
        for message in dict.fromkeys(w for p in planned for w in p.letter.warnings):
            warn(message)
    return write(planned, profile, out, formats=formats, pdf_variant=pdf_variant)
