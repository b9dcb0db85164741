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

import math
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dsar.batch.checklist import checklist_text, write_checklist
from dsar.batch.failed_rows import FILE_NAME as FAILED_ROWS
from dsar.batch.failed_rows import write_failed_rows
from dsar.batch.job import ClientPlan, JobState, batch_id_for, plan_client
from dsar.batch.manifest import Manifest, ManifestClient, ManifestDocument, write_manifest
from dsar.batch.org import Org, load_org
from dsar.batch.reader import Table, read_table
from dsar.batch.rows import Checked, check_table
from dsar.batch.worker import ClientOutcome, WorkerSettings, init_worker, make_chunk, run_chunk
from dsar.clock import today
from dsar.controllers import Directory
from dsar.errors import BatchError

if TYPE_CHECKING:
    from dsar.tracker import Tracker

DEFAULT_FORMATS = ("pdf", "html", "txt", "eml")
# Documents per WeasyPrint write: fonts are embedded once per chunk, and a worker's memory
# holds one chunk's layout at a time, so memory does not grow with the batch
# (benchmarks/batch_bench.py --memory measures it).
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
    chunk: int = CHUNK_DOCUMENTS  # documents per WeasyPrint write


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
    failed: int = 0
    failed_rows: Path | None = None
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
    clients whose files all exist are skipped, the rest are made again.
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
    state = JobState.open(options.out, batch_id, table.digest, today(),
                          named=options.batch_id is not None)
    try:
        result = BatchResult(batch_id, options.out, state.on, state.resumed, failed=len(checked.bad))
        if checked.bad:
            result.failed_rows = write_failed_rows(table, checked.bad, options.out)
        elif (options.out / FAILED_ROWS).is_file():
            (options.out / FAILED_ROWS).unlink()  # an old list would mislead
        if checked.bad and options.strict:
            return result
        plans = [plan_client(c, prepared.directory, state.on, formats, options.merge)
                 for c in checked.good]
        if warn is not None:
            for other, refs in state.overlaps([p.client.reference for p in plans]).items():
                warn(f"{len(refs)} client(s) of this file (e.g. {refs[0]}) are already in batch {other} "
                     f"in {options.out}: their letters are made and tracked again under batch "
                     f"{batch_id}; to add to batch {other} instead, stop and give --batch-id {other}")
        state.remove_temp_files([p.client.folder for p in plans])
        settings = WorkerSettings(
            out=options.out.resolve(), formats=formats, on=state.on,
            controllers_dir=options.controllers_dir, signatory=prepared.org.signatory,
            logo_uri=prepared.org.logo_data_uri,
        )
        progress = Progress(len(plans), sum(len(p.letters) for p in plans))
        if on_progress:
            on_progress(progress)
        tracker = _open_tracker(db)
        try:
            for outcomes in _outcomes(plans, settings, prepared.directory, jobs, options.chunk):
                for outcome in outcomes:
                    _record(tracker, outcome, prepared, result, batch_id, state.on)
                    result.clients.append(outcome)
                    progress.rows_done += 1
                    progress.letters_done += len(outcome.letters)
                if on_progress:
                    on_progress(progress)
        finally:
            tracker.close()
        state.remember([c.reference for c in result.clients])
        order = {p.client.reference: i for i, p in enumerate(plans)}
        result.clients.sort(key=lambda c: order[c.reference])
        manifest = _manifest(result, table, checked)
        result.manifest_csv, result.manifest_json = write_manifest(manifest, options.out)
        if result.clients:  # nothing made (every row failed): no checklist
            result.checklist = write_checklist(checklist_text(
                result.clients, result.refs, batch_id=batch_id, on=state.on,
                names={c.id: c.short_name for c in prepared.directory}), options.out, batch_id)
        return result
    finally:
        state.close()


def _chunks(plans: list[ClientPlan], out: Path, jobs: int,
            chunk: int) -> list[list[tuple[ClientPlan, bool]]]:
    """Clients grouped so each chunk has about `chunk` documents to render (fewer, to use every
    worker, when the batch is small); a whole client is always in one chunk."""
    todo = [(p, not p.is_complete(out)) for p in plans]
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


def _outcomes(plans: list[ClientPlan], settings: WorkerSettings, directory: Directory,
              jobs: int, size: int) -> Iterator[list[ClientOutcome]]:
    chunks = _chunks(plans, settings.out, jobs, size)
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


def _record(tracker: Tracker, outcome: ClientOutcome, prepared: Prepared, result: BatchResult,
            batch_id: str, on: date) -> None:
    """Every letter of a client into the tracker (idempotent by key), refs kept for the manifest."""
    from dsar.generate import GenerationResult, Written
    from dsar.tracker import record_letters

    out = result.out.resolve()
    written = [
        Written(d.controller_id, d.kind or "", {fmt: out / path for fmt, path in d.files.items()},
                d.how_to_send or "", d.warnings)
        for d in outcome.letters
    ]
    refs = record_letters(
        tracker, GenerationResult(out / outcome.folder, written),
        requester=outcome.full_name, directory=prepared.directory, on=on,
        client_reference=outcome.reference, key_prefix=f"{batch_id}/{outcome.reference}",
    )
    for (cid, kind), ref in refs.items():
        result.refs[(outcome.reference, cid, kind)] = ref


def _manifest(result: BatchResult, table: Table, checked: Checked) -> Manifest:
    clients = []
    for c in result.clients:
        documents = [
            ManifestDocument(
                document=d.document, files=d.files, organisation=d.controller_id, kind=d.kind,
                tracker_ref=result.refs.get((c.reference, d.controller_id or "", d.kind or "")),
                how_to_send=d.how_to_send, warnings=d.warnings,
            )
            for d in c.docs
        ]
        if c.merged:
            documents.append(ManifestDocument(document="print-all", files={"pdf": c.merged}))
        clients.append(ManifestClient(c.reference, c.row, c.full_name, c.folder, documents))
    return Manifest(
        batch_id=result.batch_id, input=str(table.path), date=result.on.isoformat(),
        clients=clients, failed_rows=[b.row for b in checked.bad],
    )
