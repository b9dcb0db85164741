"""What one worker process does with a chunk of clients: compose, render, write.

Runs in a worker of a process pool (or in the main process with --jobs 1).
Each client's letters come from `dsar.generate.plan` (the same letters
`dsar generate` makes), the cover sheet from `dsar.batch.cover`; every file is
written with `dsar.files.write_private` (atomic, mode 0600). A client whose
files all exist already (a resumed batch) is composed for the manifest but not
written again.
"""

from __future__ import annotations

import errno
import os
import signal
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from dsar.batch.cover import CoverItem, compose_cover
from dsar.batch.job import ClientPlan, DocPlan
from dsar.batch.render_chunks import add_letterhead, render_chunk
from dsar.compose import Letter
from dsar.controllers import Directory, load_directory
from dsar.errors import BatchError, LetterError
from dsar.files import claim_folder, inside, person_key, write_private
from dsar.profile import Profile
from dsar.render import DEFAULT_PDF_VARIANT


@dataclass(frozen=True)
class WorkerSettings:
    out: Path
    formats: tuple[str, ...]
    on: date
    controllers_dir: Path | None
    signatory: str | None = None
    logo_uri: str | None = None
    logo_alt: str = ""  # the organisation's name, read out where the logo is (tagged PDFs)
    pdf_variant: str = DEFAULT_PDF_VARIANT  # dsar.render.PDF_VARIANTS, for letters and summaries
    parent_pid: int | None = None  # stop when the parent is gone (killed outright)
    # the organisation's own facts (`dsar controllers set`), applied after load_directory
    local_facts: tuple[object, ...] = ()


@dataclass
class DocOutcome:
    document: str  # "cover-sheet" | "letter-of-authority" | "letter"
    controller_id: str | None
    kind: str | None
    files: dict[str, str]  # format -> path relative to OUT
    how_to_send: str | None = None
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None
    enclosures: list[str] = field(default_factory=list)  # what to send with it (the adviser's checklist)
    language: str | None = None  # a summary sheet's language code


@dataclass
class ClientOutcome:
    reference: str
    row: int
    full_name: str
    folder: str
    docs: list[DocOutcome]
    merged: str | None  # path relative to OUT
    written: bool  # False: every file existed already (resumed batch)
    problem: str | None = None  # this client's own fault (its folder unwritable...): a failed row
    summary: DocOutcome | None = None  # the sheet in the client's language (issue 14), if any

    @property
    def letters(self) -> list[DocOutcome]:
        return [d for d in self.docs if d.document == "letter"]


_settings: WorkerSettings | None = None
_directory: Directory | None = None


def init_worker(settings: WorkerSettings) -> None:
    """Pool initializer: ignore Ctrl-C (the main process decides), load the records once.

    What it loads lives as long as the worker, so it is frozen out of the cycle
    collector's reach (`gc.freeze`): the collection after each chunk
    (render_chunks) then scans only that chunk's objects.
    """
    import gc

    global _settings, _directory
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _settings = settings
    _directory = load_directory(settings.controllers_dir)
    if settings.local_facts:
        from dsar.directory.local import apply

        _directory = apply(_directory, settings.local_facts)  # type: ignore[arg-type]
    if "pdf" in settings.formats:
        from dsar.render import load_weasyprint

        load_weasyprint()  # import once per worker, not per chunk
    gc.collect()
    gc.freeze()


def run_chunk(items: list[tuple[ClientPlan, bool]]) -> list[ClientOutcome]:
    """Make the clients of one chunk; `bool` says whether to write (False: files exist)."""
    if _settings is None or _directory is None:
        raise RuntimeError("init_worker was not called")
    return make_chunk(items, _settings, _directory)


@dataclass
class _Pending:
    outcome: ClientOutcome
    letters: list[tuple[DocPlan, Letter]]
    first: int = 0  # index of its first document in the chunk's render list
    summary: Any = None  # (planned, written, profile) for the sheet in the client's language


def make_chunk(items: list[tuple[ClientPlan, bool]], settings: WorkerSettings,
               directory: Directory) -> list[ClientOutcome]:
    _stop_if_orphaned(settings)
    pending = [_compose_client(plan, write, settings, directory) for plan, write in items]
    to_write = [p for p, (_, write) in zip(pending, items, strict=True) if write]
    htmls: dict[tuple[str, str], str] = {}
    if to_write:
        for p in to_write:
            for doc, letter in p.letters:
                htmls[(p.outcome.folder, doc.stem)] = add_letterhead(_html(letter), settings.logo_uri,
                                                                       settings.logo_alt)
        pdfs: dict[tuple[str, str], bytes] = {}
        merged: dict[str, bytes] = {}
        if "pdf" in settings.formats:
            order: list[tuple[str, str]] = []
            groups: list[tuple[int, int]] = []
            for p in to_write:
                p.first = len(order)
                order += [(p.outcome.folder, doc.stem) for doc, _ in p.letters]
                if p.outcome.merged:
                    groups.append((p.first, len(order)))
            rendered = render_chunk([htmls[k] for k in order], groups, settings.pdf_variant)
            pdfs = dict(zip(order, rendered.pdfs, strict=True))
            pages = dict(zip(order, rendered.pages, strict=True))
            merged = {p.outcome.folder: pdf for p, pdf in
                      zip([p for p in to_write if p.outcome.merged], rendered.groups, strict=True)}
            for p in to_write:
                for (doc, _), outcome in zip(p.letters, p.outcome.docs, strict=True):
                    outcome.pages = pages[(p.outcome.folder, doc.stem)]
        _stop_if_orphaned(settings)
        for p in to_write:
            try:
                _write_client(p, htmls, pdfs, merged.get(p.outcome.folder), settings)
            except LetterError as exc:  # its folder is a link out of OUT, or someone else's
                hint = (f"; make {p.outcome.folder} a plain folder in OUT"
                        if exc.message.startswith("refusing to write outside") else "")
                p.outcome.problem = exc.message + hint
            except OSError as exc:
                if exc.errno in GLOBAL_ERRNOS:
                    raise
                p.outcome.problem = client_fault(exc, p.outcome.folder)
    return [p.outcome for p in pending]


# Faults that stop the whole batch (every client would meet them): the disk, not one folder.
GLOBAL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS})


def client_fault(exc: OSError, folder: str) -> str:
    """One client's folder cannot be written: what happened and what to do."""
    return (f"cannot write this client's files in {folder} ({exc.strerror or exc}); make that "
            "folder writable (or move it away) and run the batch again")


def _html(letter: Letter) -> str:
    from dsar.render import to_html

    return to_html(letter)


def _compose_client(plan: ClientPlan, write: bool, settings: WorkerSettings,
                    directory: Directory) -> _Pending:
    from dsar.generate import how_to_send
    from dsar.generate import plan as plan_letters

    client = plan.client
    profile = client.profile
    planned = plan_letters(profile, client.entries, client.kinds, directory=directory,
                           on=settings.on)
    by_stem: dict[str, Letter] = {}
    how_by_stem: dict[str, str] = {}
    outcomes: list[DocOutcome] = []
    items: list[CoverItem] = []
    authority_doc = next(d for d in plan.docs if d.document == "letter-of-authority")
    for item in planned:
        letter = _signed(item.letter, profile, settings.signatory)
        if item.controller is None:
            by_stem[authority_doc.stem] = letter
            continue
        doc = next((d for d in plan.letters
                    if d.controller_id == item.controller.id and d.kind == letter.kind), None)
        if doc is None:
            raise BatchError(f"row {client.row}: no file planned for the {letter.kind} letter to "
                             f"{item.controller.id}; this is a bug in dsar, please report it")
        by_stem[doc.stem] = letter
        names = {fmt: Path(doc.file(fmt)) for fmt in doc.formats}
        how = how_by_stem[doc.stem] = how_to_send(letter, item.controller, names, profile)
        shown = doc.file("pdf") if "pdf" in doc.formats else doc.file(doc.formats[0])
        items.append(CoverItem(item.controller.short_name, letter.kind, shown, how,
                               letter.enclosures, letter.warnings))
    authority_name = (authority_doc.file("pdf") if "pdf" in authority_doc.formats
                      else authority_doc.file(authority_doc.formats[0]))
    cover_doc = plan.docs[0]
    by_stem[cover_doc.stem] = compose_cover(profile, items, authority_file=authority_name,
                                            on=settings.on, signatory=settings.signatory)
    letters: list[tuple[DocPlan, Letter]] = []
    for doc in plan.docs:
        letter = by_stem[doc.stem]
        letters.append((doc, letter))
        outcomes.append(DocOutcome(
            document=doc.document, controller_id=doc.controller_id, kind=doc.kind,
            files={fmt: f"{client.folder}/{doc.file(fmt)}" for fmt in doc.formats},
            how_to_send=how_by_stem.get(doc.stem), warnings=list(letter.warnings),
            enclosures=list(letter.enclosures),
        ))
    outcome = ClientOutcome(
        reference=client.reference, row=client.row, full_name=profile.requester.full_name,
        folder=client.folder, docs=outcomes,
        merged=f"{client.folder}/{plan.merged}" if plan.merged else None, written=write,
        summary=None if plan.summary is None else DocOutcome(
            document="summary", controller_id=None, kind=None,
            files={fmt: f"{client.folder}/{plan.summary.file(fmt)}" for fmt in plan.summary.formats},
            language=plan.summary.language),
    )
    return _Pending(outcome, letters, summary=_summary_inputs(planned, how_by_stem, plan, profile))


def _summary_inputs(planned: Any, how_by_stem: dict[str, str], plan: ClientPlan, profile: Profile) -> Any:
    """What the summary sheet in the client's language needs (issue 14), or None for English."""
    from dsar.generate import Written

    if plan.summary is None:  # English (dsar.batch.job names the sheet's files)
        return None
    written = []
    for item in planned:
        doc = next((d for d in plan.letters if item.controller is not None
                    and d.controller_id == item.controller.id and d.kind == item.letter.kind), None)
        how = how_by_stem.get(doc.stem, "") if doc is not None else ""
        written.append(Written(item.letter.controller_id, item.letter.kind, {}, how,
                               list(item.letter.warnings), item.letter.enclosures))
    return planned, written, profile


def _signed(letter: Letter, profile: Profile, signatory: str | None) -> Letter:
    """Put the org's signatory ("Sam Adviser, Caseworker") in place of the representative's name."""
    rep = profile.representative
    if not signatory or rep is None or not letter.signature or letter.signature[0] != rep.name:
        return letter
    return replace(letter, signature=(signatory, *letter.signature[1:]))


def _write_client(p: _Pending, htmls: dict[tuple[str, str], str], pdfs: dict[tuple[str, str], bytes],
                  merged: bytes | None, settings: WorkerSettings) -> None:
    from dsar.render import to_eml, to_text

    folder = inside(settings.out, p.outcome.folder)
    claim_folder(folder, person_key(p.outcome.full_name, reference=p.outcome.reference))
    for doc, letter in p.letters:
        key = (p.outcome.folder, doc.stem)
        for fmt in doc.formats:
            path = inside(folder, doc.file(fmt))
            if fmt == "pdf":
                write_private(path, pdfs[key])
            elif fmt == "html":
                write_private(path, htmls[key])
            elif fmt == "txt":
                write_private(path, to_text(letter))
            elif fmt == "eml":
                write_private(path, to_eml(letter, pdfs.get(key), doc.file("pdf")))
    if p.outcome.merged and merged is not None:
        write_private(inside(settings.out, *p.outcome.merged.split("/")), merged)
    if p.summary is not None:
        from dsar.summary import write_summary

        planned, written, profile = p.summary
        write_summary(planned, written, code=profile.requester.language, name=profile.requester.full_name,
                      on=settings.on, folder=folder, formats=settings.formats,
                      variant=settings.pdf_variant, representative=profile.representative is not None)


def _stop_if_orphaned(settings: WorkerSettings) -> None:
    """A worker whose batch was killed outright stops instead of writing on alone."""
    if settings.parent_pid is not None and os.getppid() != settings.parent_pid:
        os._exit(1)
