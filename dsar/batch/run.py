"""A whole batch: read and check every row, make every client's pack on every core, track, manifest.

    prepared = prepare(Path("clients.csv"), Path("org.toml"), load_directory())
    result = run_batch(prepared, BatchOptions(out=Path("out")), db=None)

`prepare` reads and checks; it writes nothing. `run_batch` writes the good rows'
packs (unless `strict` and a row failed), failed-rows.csv, the manifest, and
records every letter in the tracker under the key
"<batch id>/<client reference>/<organisation>/<kind>", so running the same batch
again, or resuming a stopped one, adds no duplicates.
"""

from __future__ import annotations

import errno
import hashlib
import json
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from dsar.batch.checklist import checklist_text, write_checklist
from dsar.batch.failed_rows import FailedRow, from_table, update_failed_rows
from dsar.batch.job import ClientPlan, JobState, batch_id_for, plan_client
from dsar.batch.manifest import (
    Manifest,
    ManifestClient,
    ManifestDocument,
    load_clients,
    merged,
    write_manifest,
)
from dsar.batch.org import Org, load_org
from dsar.batch.reader import Table, read_table
from dsar.batch.rows import BadRow, Checked, ClientRow, check_table
from dsar.batch.worker import ClientOutcome, WorkerSettings, init_worker, make_chunk, run_chunk
from dsar.clock import today
from dsar.controllers import Directory
from dsar.errors import BatchError
from dsar.render import DEFAULT_PDF_VARIANT

if TYPE_CHECKING:
    from dsar.profile import Profile
    from dsar.tracker import Tracker
    from dsar.tracker.store import TrackedRequest

T = TypeVar("T")

DEFAULT_FORMATS = ("pdf", "html", "txt", "eml")
# Documents a worker takes at a time (dsar.batch.render_chunks): the cycle collector waits for
# the whole chunk, and a worker's memory holds one chunk's layout at a time, so memory does
# not grow with the batch (benchmarks/batch_bench.py --memory measures it).
CHUNK_DOCUMENTS = 24
WORKER_CHUNKS = 50


@dataclass
class Prepared:
    """An input file read and checked against the directory and the org: nothing written yet."""

    table: Table
    checked: Checked
    org: Org
    directory: Directory


def prepare(input_path: Path, org_path: Path, directory: Directory, *, encoding: str | None = None,
            sheet: str | None = None) -> Prepared:
    org = load_org(org_path)
    table = read_table(input_path, encoding, sheet)
    return Prepared(table, check_table(table, directory, org), org, directory)


@dataclass
class BatchOptions:
    out: Path
    formats: Sequence[str] = DEFAULT_FORMATS
    jobs: int | None = None  # None: every CPU
    merge: bool = False
    strict: bool = False
    batch_id: str | None = None
    controllers_dir: Path | None = None  # passed to the workers' load_directory
    chunk: int = CHUNK_DOCUMENTS  # documents a worker lays out (and writes, one by one) at a time
    new_requests: bool = False  # open new requests even where the client has open ones
    pdf_variant: str = DEFAULT_PDF_VARIANT  # dsar.render.PDF_VARIANTS: every PDF the batch writes


@dataclass
class Progress:
    rows_total: int
    letters_total: int
    rows_done: int = 0
    letters_done: int = 0


@dataclass
class BatchResult:
    batch_id: str
    out: Path
    on: date
    resumed: bool
    clients: list[ClientOutcome] = field(default_factory=list)
    refs: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (client, org, kind) -> ref
    unchanged: list[ManifestClient] = field(default_factory=list)  # reused as they were, not made
    reused: int = 0  # open requests reused (not opened again)
    opened: int = 0  # new requests opened by this run
    remade: int = 0  # clients whose letters were made again because their details changed
    failed: int = 0  # rows still failing in OUT (this run's and earlier runs')
    failed_here: int = 0  # rows of this input that failed (bad cells or the client's own fault)
    failed_cells: int = 0  # of which bad cells
    client_faults: list[tuple[int, str]] = field(default_factory=list)  # (row, "row N: why")
    untracked: int = 0  # letters on disk not yet tracked (the run was stopped)
    failed_rows: Path | None = None
    kept_failed_rows: Path | None = None
    manifest_csv: Path | None = None
    manifest_json: Path | None = None
    checklist: Path | None = None  # OUT/adviser-checklist-<batch id>.txt: for the adviser's files

    @property
    def letters(self) -> int:
        return sum(len(c.letters) for c in self.clients)

    @property
    def written(self) -> int:
        return sum(1 for c in self.clients if c.written)


def check_formats(formats: Sequence[str], merge: bool) -> tuple[str, ...]:
    from dsar.render import check_format

    chosen = tuple(check_format(f) for f in dict.fromkeys(formats))
    if not chosen:
        raise BatchError("no output format chosen; use --format with pdf, html, txt or eml")
    if merge and "pdf" not in chosen:
        raise BatchError("--merge joins PDFs; add --format pdf or leave --merge out")
    if chosen == ("eml",):
        raise BatchError("--format eml alone leaves the cover sheet and letter of authority out; "
                         "add --format pdf, html or txt")
    return chosen


def run_batch(prepared: Prepared, options: BatchOptions, *, db: str | None,
              on_progress: Callable[[Progress], None] | None = None,
              warn: Callable[[str], None] | None = None) -> BatchResult:
    """Make every good row's pack; returns what was made. Raises BatchError for unusable options.

    Stopped (Ctrl-C) or killed, it can be run again with the same input and OUT:
    clients whose files all exist are skipped, the rest are made again. A fault of one
    client (its folder unwritable) fails that row; a fault of the whole batch (disk
    full, database gone, a worker killed) stops it with a BatchError, Ctrl-C with
    BatchStopped; either way the manifest of what was made is written first.
    """
    formats = check_formats(options.formats, options.merge)
    if "pdf" in formats:
        from dsar.render import load_weasyprint

        load_weasyprint()  # PdfUnavailableError now, before anything is written
    jobs = options.jobs if options.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise BatchError(f"--jobs {jobs}: give 1 or more")
    if options.chunk < 1:
        raise BatchError(f"--chunk {options.chunk}: give 1 or more documents per PDF write")
    checked, table = prepared.checked, prepared.table
    batch_id = batch_id_for(table.digest, options.batch_id)
    # the tracker first (issue 16 item 6): a bad DSAR_DB, a server that cannot be reached or
    # a foreign file at its path stops the batch before OUT, its lock or any letter is made
    tracker = _open_tracker(db)
    try:
        state = JobState.open(options.out, batch_id, table.digest, today(),
                              named=options.batch_id is not None)
    except OSError as exc:
        tracker.close()
        raise BatchError(f"{_os_fault(exc, options.out)}; nothing was made") from None
    except BaseException:
        tracker.close()
        raise
    try:
        earlier = load_clients(options.out)  # a damaged manifest stops us before anything is made
        result = BatchResult(batch_id, options.out, state.on, state.resumed)
        failing = [from_table(table, b) for b in checked.bad]
        result.failed_cells = len(failing)
        if checked.bad and options.strict:
            _finish(result, table, failing, earlier, batch_id, manifest=False)
            return result
        plans = [plan_client(c, prepared.directory, state.on, formats, options.merge)
                 for c in checked.good]
        try:
            decisions = _decide(plans, tracker, options)
            _run(plans, decisions, tracker, prepared, options, formats, state, result, failing,
                 on_progress, jobs)
        except KeyboardInterrupt:
            result.untracked = _untracked(plans, result, options.out)
            _finish(result, table, failing, earlier, batch_id, stopping=True)
            raise BatchStopped(result) from None
        except BatchFault as fault:
            result.untracked = _untracked(plans, result, options.out)
            _finish(result, table, failing, earlier, batch_id, stopping=True)
            raise BatchError(fault.explain(result)) from None
        _finish(result, table, failing, earlier, batch_id)
        if result.clients:  # nothing made (every row failed): no checklist
            result.checklist = write_checklist(checklist_text(
                result.clients, result.refs, batch_id=batch_id, on=state.on,
                names={c.id: c.short_name for c in prepared.directory}), options.out, batch_id)
        return result
    finally:
        state.close()
        tracker.close()


class BatchStopped(KeyboardInterrupt):
    """Ctrl-C: the manifest of what was made is written; `result` says what was made."""

    def __init__(self, result: BatchResult) -> None:
        super().__init__()
        self.result = result


class BatchFault(Exception):
    """A fault of the whole batch (not one client's): stop, write the manifest, say what to do."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what

    def explain(self, result: BatchResult) -> str:
        made = len(result.clients)
        parts = [f"{self.what}; the batch stopped: {_count(made, 'client')} "
                 f"{'was' if made == 1 else 'were'} made and tracked"]
        if result.manifest_csv is not None:
            parts.append(f" (listed in {result.manifest_csv})")
        elif made:
            parts.append(" (the manifest could not be written: the next run writes it)")
        if result.untracked:
            parts.append(f"; {_count(result.untracked, 'letter')} "
                         f"{'exists' if result.untracked == 1 else 'exist'} but "
                         f"{'is' if result.untracked == 1 else 'are'} not tracked yet")
        parts.append("; run the same command again to carry on (nothing is made twice)")
        return "".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass
class Decision:
    """What this run does with one client: make its pack or not, and which requests it reuses."""

    write: bool | None  # True: make the files; False: they exist here; None: reuse, make nothing
    reused: dict[tuple[str, str], TrackedRequest]  # (organisation, kind) -> the open request
    details: str  # digest of the client's details, recorded with the letters
    changed: bool = False  # an open request was drafted from other details


def details_digest(client: ClientRow) -> str:
    """A digest of everything a client's letters are made from (their details and the org's)."""
    data = {"profile": client.profile.model_dump(mode="json"), "controllers": client.controllers,
            "kinds": client.kinds}
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]


def _last_details(request: TrackedRequest) -> str | None:
    found = [e.event.data.get("details") for e in request.entries if e.event.kind == "drafted"]
    value = found[-1] if found else None
    return value if isinstance(value, str) else None


def _decide(plans: list[ClientPlan], tracker: Tracker, options: BatchOptions) -> dict[str, Decision]:
    """For each client: reuse its open requests (one per organisation and kind, whatever the
    input file), make the letters again only where its details changed."""
    existing = _guard(lambda: tracker.open_for_clients([p.client.reference for p in plans]))
    decisions: dict[str, Decision] = {}
    for plan in plans:
        client = plan.client
        details = details_digest(client)
        reused = {} if options.new_requests else {
            (d.controller_id or "", d.kind or ""): existing[key]
            for d in plan.letters
            if (key := (client.reference, d.controller_id or "", d.kind or "")) in existing
        }
        known = [_last_details(r) for r in reused.values()]
        changed = any(k is not None and k != details for k in known)
        complete = plan.is_complete(options.out)
        write: bool | None = changed or not complete
        if (write and not changed and len(reused) == len(plan.letters)
                and all(k == details for k in known)):
            write = None  # every letter is open already, from the same details: nothing to make
        decisions[client.reference] = Decision(write, reused, details, changed)
    return decisions


def _run(plans: list[ClientPlan], decisions: dict[str, Decision], tracker: Tracker,
         prepared: Prepared, options: BatchOptions, formats: tuple[str, ...], state: JobState,
         result: BatchResult, failing: list[FailedRow], on_progress: Callable[[Progress], None] | None,
         jobs: int) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from sqlalchemy.exc import SQLAlchemyError

    table = prepared.table
    rows = dict(table.rows)
    todo = [p for p in plans if decisions[p.client.reference].write is not None]
    for plan in plans:
        decision = decisions[plan.client.reference]
        if decision.write is None:
            result.unchanged.append(_reused_entry(plan, decision, result.batch_id, table))
            result.reused += len(decision.reused)
    try:
        state.remove_temp_files([p.client.folder for p in todo])
    except OSError as exc:
        raise BatchFault(_os_fault(exc, options.out)) from None
    settings = WorkerSettings(
        out=options.out.resolve(), formats=formats, on=state.on,
        controllers_dir=options.controllers_dir, signatory=prepared.org.signatory,
        logo_uri=prepared.org.logo_data_uri, logo_alt=prepared.org.representative.organisation
        or prepared.org.representative.name,
        local_facts=prepared.directory.local, pdf_variant=options.pdf_variant,
    )
    profiles = {c.reference: c.profile for c in prepared.checked.good}
    progress = Progress(len(plans), sum(len(p.letters) for p in plans),
                        rows_done=len(plans) - len(todo),
                        letters_done=sum(len(p.letters) for p in plans) - sum(len(p.letters) for p in todo))
    if on_progress:
        on_progress(progress)
    writes = {p.client.reference: bool(decisions[p.client.reference].write) for p in todo}
    try:
        for outcomes in _outcomes(todo, writes, settings, prepared.directory, jobs, options.chunk):
            for outcome in outcomes:
                if outcome.problem is not None:
                    failing.append(from_table(table, BadRow(
                        outcome.row, rows.get(outcome.row, []), [f"row {outcome.row}: {outcome.problem}"])))
                    result.client_faults.append((outcome.row, f"row {outcome.row}: {outcome.problem}"))
                else:
                    decision = decisions[outcome.reference]
                    _guard(lambda o=outcome, d=decision: _record(  # type: ignore[misc]
                        tracker, o, d, prepared, result, options.new_requests, profiles))
                    result.clients.append(outcome)
                progress.rows_done += 1
                progress.letters_done += len(outcome.letters)
            if on_progress:
                on_progress(progress)
    except BrokenProcessPool:
        raise BatchFault("a worker process stopped unexpectedly (killed, or out of memory)") from None
    except OSError as exc:
        raise BatchFault(_os_fault(exc, options.out)) from None
    except SQLAlchemyError as exc:  # pragma: no cover - _guard turns these into BatchFault
        raise BatchFault(f"the tracker database failed ({type(exc).__name__})") from None
    order = {p.client.reference: i for i, p in enumerate(plans)}
    result.clients.sort(key=lambda c: order[c.reference])
    result.client_faults.sort()
    failing[result.failed_cells:] = sorted(failing[result.failed_cells:], key=lambda r: r.row)


def _os_fault(exc: OSError, out: Path) -> str:
    where = Path(exc.filename).parent if exc.filename else out
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk is full (writing in {where}); free some space"
    return f"cannot write in {where} ({exc.strerror or exc})"


def _final_name(path: str | None) -> str:
    """The file being written: ".manifest.csv.x1y2.tmp" (write_private's temp file) -> "manifest.csv"."""
    if not path:
        return "the manifest"
    name = Path(path).name
    match = re.match(r"^\.(.+)\.[A-Za-z0-9_]+\.tmp$", name)
    return match.group(1) if match else name


def _guard(call: Callable[[], T]) -> T:
    """Run a tracker call; a database fault (server gone, locked) stops the batch cleanly."""
    from sqlalchemy.exc import SQLAlchemyError

    from dsar.errors import TrackerError

    try:
        return call()
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        first = str(orig or exc).strip().splitlines()
        reason = first[0] if first else type(exc).__name__
        raise BatchFault(f"the tracker database stopped answering ({reason})") from None
    except TrackerError as exc:
        raise BatchFault(exc.message) from None


def _reused_entry(plan: ClientPlan, decision: Decision, batch_id: str, table: Table) -> ManifestClient:
    """The manifest entry of a client whose open requests are reused as they are: their letters
    as the tracker recorded them (made by an earlier run, maybe in another folder)."""
    documents = []
    for (cid, kind), request in decision.reused.items():
        drafted = [e for e in request.entries if e.event.kind == "drafted"]
        files = {Path(f).suffix.lstrip("."): f for f in (drafted[-1].files if drafted else ())}
        documents.append(ManifestDocument(document="letter", files=files, organisation=cid,
                                          kind=kind, tracker_ref=request.ref))
    profile = plan.client.profile
    return ManifestClient(plan.client.reference, plan.client.row, profile.requester.full_name,
                          plan.client.folder, documents, batch_id=batch_id, input=str(table.path))


def _untracked(plans: list[ClientPlan], result: BatchResult, out: Path) -> int:
    """Letters whose files are all on disk but which this run did not record (stopped first)."""
    done = {c.reference for c in result.clients} | {c.reference for c in result.unchanged}
    count = 0
    for plan in plans:
        if plan.client.reference in done:
            continue
        folder = plan.client.folder
        count += sum(1 for d in plan.letters
                     if all((out / folder / d.file(fmt)).is_file() for fmt in d.formats))
    return count


def _finish(result: BatchResult, table: Table, failing: list[FailedRow],
            earlier: list[ManifestClient], batch_id: str, *, stopping: bool = False,
            manifest: bool = True) -> None:
    """The folder's manifest (merged) and failed-rows.csv (rows still failing)."""
    made = [_manifest_client(c, result, batch_id, table) for c in result.clients]
    listed = {c.reference for c in earlier}
    # a client reused unchanged keeps the entry this folder already has (with its cover sheet)
    clients = merged(earlier, [*made, *(c for c in result.unchanged if c.reference not in listed)])
    faulty = {r.reference for r in failing[result.failed_cells:]}  # this run's client faults
    settled = {c.reference for c in clients} - faulty
    try:
        failed = update_failed_rows(result.out, table, failing, settled)
        result.failed_rows, result.kept_failed_rows = failed.path, failed.kept
        result.failed = len(failed.rows)
        result.failed_here = len(failing)
        if not manifest:
            return
        document = Manifest(
            batch_id=batch_id, input=str(table.path), date=result.on.isoformat(), clients=clients,
            failed_rows=[{"client_reference": r.reference, "input": r.input, "row": r.row}
                         for r in failed.rows],
        )
        result.manifest_csv, result.manifest_json = write_manifest(document, result.out)
    except OSError as exc:
        if stopping:
            return  # the fault being reported is enough; the next run writes them
        name = _final_name(exc.filename)
        untracked = "" if not result.clients else (
            f"; {_count(len(result.clients), 'client')} "
            f"{'was' if len(result.clients) == 1 else 'were'} made and tracked")
        raise BatchError(
            f"cannot write {name} in {result.out} ({exc.strerror or exc}){untracked}; make "
            f"{result.out} writable and run the same command again to write the manifest"
        ) from None


def _chunks(plans: list[ClientPlan], writes: dict[str, bool], jobs: int,
            chunk: int) -> list[list[tuple[ClientPlan, bool]]]:
    """Clients grouped so each chunk has about `chunk` documents to render (fewer, to use every
    worker, when the batch is small); a whole client is always in one chunk."""
    todo = [(p, writes[p.client.reference]) for p in plans]
    to_render = sum(len(p.docs) for p, write in todo if write)
    size = max(1, min(chunk, math.ceil(to_render / max(jobs, 1)))) if to_render else 1
    chunks: list[list[tuple[ClientPlan, bool]]] = []
    current: list[tuple[ClientPlan, bool]] = []
    weight = 0
    for plan, write in todo:
        current.append((plan, write))
        weight += len(plan.docs) if write else 1
        if weight >= size:
            chunks.append(current)
            current, weight = [], 0
    if current:
        chunks.append(current)
    return chunks


def _outcomes(plans: list[ClientPlan], writes: dict[str, bool], settings: WorkerSettings,
              directory: Directory, jobs: int, size: int) -> Iterator[list[ClientOutcome]]:
    chunks = _chunks(plans, writes, jobs, size)
    if not chunks:
        return
    if jobs == 1 or len(chunks) == 1:
        for chunk in chunks:
            yield make_chunk(chunk, settings, directory)
        return
    import multiprocessing

    # "spawn": a fresh interpreter per worker (safe with threads, same on every OS);
    # each imports WeasyPrint once in init_worker.
    context = multiprocessing.get_context("spawn")
    in_workers = replace(settings, parent_pid=os.getpid())
    # a fresh worker every WORKER_CHUNKS chunks: whatever a library caches, memory stays bounded
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context,
                               initializer=init_worker, initargs=(in_workers,),
                               max_tasks_per_child=WORKER_CHUNKS)
    pending: set[Future[list[ClientOutcome]]] = set()
    queue = iter(chunks)
    try:
        for chunk in queue:
            pending.add(pool.submit(run_chunk, chunk))
            if len(pending) >= 2 * jobs:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                nxt = next(queue, None)
                if nxt is not None:
                    pending.add(pool.submit(run_chunk, nxt))
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _open_tracker(db: str | None) -> Tracker:
    from dsar.tracker import Tracker

    return Tracker.open(db)


def _record(tracker: Tracker, outcome: ClientOutcome, decision: Decision, prepared: Prepared,
            result: BatchResult, new_requests: bool, profiles: Mapping[str, Profile]) -> None:
    """Every letter of a client into the tracker: its open request for that organisation and
    kind reused (a `drafted` event noting letters made again from changed details), else a new
    request (idempotent by key). Refs kept for the manifest."""
    from dsar.followup.sender import from_profile
    from dsar.generate import GenerationResult, Written
    from dsar.tracker.recording import record_client_letters

    out = result.out.resolve()
    fresh = [d for d in outcome.letters if (d.controller_id or "", d.kind or "") not in decision.reused]
    written = [
        Written(d.controller_id, d.kind or "", {fmt: out / path for fmt, path in d.files.items()},
                d.how_to_send or "", d.warnings)
        for d in fresh
    ]
    refs = record_client_letters(
        tracker, GenerationResult(out / outcome.folder, written),
        requester=outcome.full_name, directory=prepared.directory, on=result.on,
        client_reference=outcome.reference, key_prefix=f"{result.batch_id}/{outcome.reference}",
        drafted_data={"details": decision.details, "batch": result.batch_id},
        replace_open=new_requests,
        # the client and the organisation, so `dsar chase` needs no profile (issue 11 item 11)
        sender=from_profile(profiles[outcome.reference], prepared.org.signatory)
        if outcome.reference in profiles else None,
    )
    for (cid, kind), (ref, reused) in refs.items():
        result.refs[(outcome.reference, cid, kind)] = ref
        result.reused += reused
        result.opened += not reused
    for (cid, kind), request in decision.reused.items():
        result.refs[(outcome.reference, cid, kind)] = request.ref
        result.reused += 1
        if _last_details(request) == decision.details:
            continue  # made from these details already (a resumed run): nothing new to record
        doc = next(d for d in outcome.letters if (d.controller_id, d.kind) == (cid, kind))
        why = ("the client's details changed" if _last_details(request) is not None
               else "made again by a batch")
        tracker.log(request.ref, "drafted", result.on, note=f"letters made again: {why} "
                    f"(batch {result.batch_id})",
                    files=[str(out / path) for path in doc.files.values()],
                    data={"details": decision.details, "batch": result.batch_id}, today=result.on)
    if decision.changed and decision.reused:
        result.remade += 1


def _manifest_client(c: ClientOutcome, result: BatchResult, batch_id: str, table: Table
                     ) -> ManifestClient:
    documents = [
        ManifestDocument(
            document=d.document, files=d.files, organisation=d.controller_id, kind=d.kind,
            tracker_ref=result.refs.get((c.reference, d.controller_id or "", d.kind or "")),
            how_to_send=d.how_to_send, warnings=d.warnings,
        )
        for d in c.docs
    ]
    if c.summary is not None:
        documents.append(ManifestDocument(document="summary", files=c.summary.files,
                                          language=c.summary.language))
    if c.merged:
        documents.append(ManifestDocument(document="print-all", files={"pdf": c.merged}))
    return ManifestClient(c.reference, c.row, c.full_name, c.folder, documents,
                          batch_id=batch_id, input=str(table.path))
