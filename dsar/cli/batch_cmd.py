"""`dsar batch CLIENTS.csv --org org.toml --out DIR` and `dsar batch template`.

Thin: parse the options, call dsar.batch, print. Results (the manifest and
failed-rows paths, --json) go to stdout; row problems, warnings, the progress
bar and the summary go to stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import click
import typer
from typer.core import TyperGroup

from dsar.cli.options import DEFAULT_PDF_VARIANT, PdfVariantOpt
from dsar.cli.state import say, settings, warn
from dsar.errors import BatchError
from dsar.terminal import shown

if TYPE_CHECKING:
    from dsar.batch.run import BatchOptions, BatchResult, Prepared, Progress


class _RunByDefault(TyperGroup):
    """`dsar batch FILE ...` means `dsar batch run FILE ...`; `dsar batch template` is the other."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


batch_app = typer.Typer(
    cls=_RunByDefault,
    no_args_is_help=True,
    help=(
        "Letters for many clients at once, from a spreadsheet (CSV or XLSX): "
        "`dsar batch CLIENTS.csv --org org.toml --out DIR` (short for `dsar batch run ...`). "
        "Start from `dsar batch template`."
    ),
)


def register(app: typer.Typer) -> None:
    """Add `batch` (with `run` as its default and `template`) to the root app."""
    app.add_typer(batch_app, name="batch")


@batch_app.command("template")
def template_cmd(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option("--out", metavar="FILE",
                                             help="Write the CSV here (UTF-8 with a byte-order "
                                             "mark, for Excel) instead of to stdout.")] = None,
    keys: Annotated[bool, typer.Option("--keys", help="Head the columns with the profile keys "
                                       "(requester.full_name...) instead of friendly headings.")]
    = False,
) -> None:
    """Write a ready-to-fill CSV: every column's heading and one example row."""
    from dsar.batch.columns import template_csv
    from dsar.files import write_private

    text = template_csv(dotted=keys)
    if out is None:
        sys.stdout.write(text)
        return
    if out.is_dir():
        raise BatchError(f"{out}: is a folder; give a file name, e.g. clients.csv")
    write_private(out, text.encode("utf-8-sig"))
    print(shown(out))
    say(ctx, "Fill in one row per client, delete the example row, then run "
             f"`dsar batch {out} --org org.toml --out DIR`.")


@batch_app.command("run")
def run_cmd(
    ctx: typer.Context,
    clients: Annotated[Path, typer.Argument(metavar="CLIENTS", show_default=False,
                                            help="The clients: a .csv or .xlsx file with a "
                                            "heading row (see `dsar batch template`).")],
    org: Annotated[Path | None, typer.Option(
        "--org", metavar="ORG.TOML", show_default=False,
        help="Required: the organisation acting for the clients ([representative] keys, optional "
        "logo and signatory).")] = None,
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Where to write the packs.")]
    = Path("dsar-batch"),
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", metavar="FORMAT", show_default=False,
        help="pdf, html, txt or eml (repeat for more). Default: all.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N", show_default=False,
                                             help="Worker processes. Default: the number of CPUs.")]
    = None,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", metavar="NAME", show_default=False,
        help="The CSV's encoding: utf-8, utf-8-sig or cp1252 (Excel). Default: detected.")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", metavar="NAME", show_default=False,
                                              help="The sheet of an .xlsx file. Default: the first.")]
    = None,
    chunk: Annotated[int, typer.Option(
        "--chunk", metavar="N", help="Documents a worker lays out at a time: more is a little "
        "faster, fewer uses less memory.")] = 24,
    check: Annotated[bool, typer.Option("--check", help="Check every row and stop: write nothing.")]
    = False,
    strict: Annotated[bool, typer.Option("--strict", help="If any row fails, make nothing (the "
                                         "failed rows still go to failed-rows.csv).")] = False,
    merge: Annotated[bool, typer.Option("--merge", help="Also one PDF per client of the whole pack, "
                                        "in order, for printing.")] = False,
    batch_id: Annotated[str | None, typer.Option(
        "--batch-id", metavar="ID", show_default=False,
        help="Name this batch (default: from the input file's content). Re-running with the same "
        "id adds no duplicates.")] = None,
    new_requests: Annotated[bool, typer.Option(
        "--new-requests", help="Open a new tracked request for every letter, closing the client's "
        "open request to the same organisation for the same kind (default: reuse it).")] = False,
    pdf_variant: PdfVariantOpt = DEFAULT_PDF_VARIANT,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Make every client's letter pack: letters, letter of authority, cover sheet; track them all."""
    from dsar.batch.run import BatchOptions, check_formats, prepare, run_batch
    from dsar.render import check_pdf_variant

    check_pdf_variant(pdf_variant)
    state = settings(ctx)
    if org is None:
        raise BatchError("--org ORG.TOML is required: the organisation acting for the clients "
                         "(see the batch section of README.md)")
    formats = check_formats(fmt or ("pdf", "html", "txt", "eml"), merge)
    if not fmt:
        from dsar.render import pdf_available

        if not pdf_available():
            if merge:
                raise BatchError("--merge needs PDF output, which is not available here "
                                 "(WeasyPrint or Pango cannot load); see README")
            formats = tuple(f for f in formats if f != "pdf")
            warn("PDF output is not available here (WeasyPrint or Pango cannot load); writing the "
                 "other formats. See README: WeasyPrint's system needs.")
    prepared = prepare(clients, org, state.directory(), encoding=encoding, sheet=sheet)
    table = prepared.table
    if table.encoding != "xlsx" and encoding is None:
        say(ctx, f"Read {shown(clients)} as {table.encoding_name}; use --encoding to choose another.")
    for line in prepared.checked.problem_lines():
        print(f"Error: {shown(line)}", file=sys.stderr)  # a cell's escapes never reach the terminal
    checked = prepared.checked
    for line in checked.warnings:
        warn(line)
    bad, total = len(checked.bad), checked.total
    if check:
        if bad:
            raise BatchError(f"{_of(bad, total)} {_have(bad)} problems (listed above); fix "
                             f"{'it' if bad == 1 else 'them'} and check again. Nothing was written.")
        say(ctx, f"{'The 1 row is' if total == 1 else f'All {total} rows are'} good; run again "
                 "without --check to make the letters.")
        return
    if total == 0:
        raise BatchError(f"{clients}: has headings but no client rows; add one row per client")
    options = BatchOptions(out=out, formats=formats, jobs=jobs, merge=merge, strict=strict,
                           batch_id=batch_id, controllers_dir=state.controllers_dir, chunk=chunk,
                           new_requests=new_requests, pdf_variant=pdf_variant)
    if bad and strict:
        result = run_batch(prepared, options, db=state.db)
        raise BatchError(f"{_of(bad, total)} failed and --strict is set, so nothing was made; "
                         f"fix {'it' if bad == 1 else 'them'} in {result.failed_rows} and run again.")
    _warn_contacts(prepared)
    from dsar.batch.run import BatchStopped

    try:
        result = _run_with_progress(ctx, prepared, options, state.db)
    except BatchStopped as stopped:
        untracked = stopped.result.untracked
        tail = (f" {_letters(untracked)} {'is' if untracked == 1 else 'are'} on disk but not yet "
                "tracked: the next run tracks them." if untracked else "")
        print(f"Stopping: every file written so far is complete and the manifest lists what was "
              f"made.{tail} Run the same command again to carry on where it stopped.",
              file=sys.stderr)
        # Abort, not KeyboardInterrupt: Typer would turn that into a silent exit status;
        # dsar.cli.main prints "Stopped." and exits 130 for Abort
        raise click.exceptions.Abort() from None
    except KeyboardInterrupt:
        print("Stopping: every file written so far is complete. Run the same command again to "
              "carry on where it stopped.", file=sys.stderr)
        raise click.exceptions.Abort() from None
    for _row, line in result.client_faults:
        print(f"Error: {shown(line)}", file=sys.stderr)  # it may quote a cell
    _report(ctx, result, prepared, as_json)
    failed_here = result.failed_here
    if failed_here:
        made = total - failed_here
        raise BatchError(
            f"{_of(failed_here, total)} failed (listed above) and {made} "
            f"{'was' if made == 1 else 'were'} made; fix {'it' if failed_here == 1 else 'the rows'} "
            f"in {result.failed_rows} and run "
            f"`dsar batch {result.failed_rows} --org {org} --out {out}`."
        )
    if result.failed:
        warn(f"{result.failed_rows} still lists {_rows(result.failed)} of earlier runs that "
             f"{'has' if result.failed == 1 else 'have'} not been made; fix and run it as above.")


def _warn_contacts(prepared: Prepared) -> None:
    from dsar.cautions import erasure_caution
    from dsar.controllers import contact_warnings

    pairs = {pair for client in prepared.checked.good for pair in client.letters}
    messages = [m for cid, kind in sorted(pairs)
                for m in contact_warnings(prepared.directory.get(cid), kind)]
    messages += [note for client in prepared.checked.good for note in client.notes]
    messages += [c for cid, kind in sorted(pairs) if kind == "erasure" and (c := erasure_caution(cid))]
    for message in dict.fromkeys(messages):
        warn(message)


def _clients(count: int) -> str:
    return f"{count} client" if count == 1 else f"{count} clients"


def _rows(count: int) -> str:
    return f"{count} row" if count == 1 else f"{count} rows"


def _letters(count: int) -> str:
    return f"{count} letter" if count == 1 else f"{count} letters"


def _of(part: int, total: int) -> str:
    """'2 of 3 rows', '1 of 3 rows', 'the only row'."""
    return "the only row" if total == 1 and part == 1 else f"{part} of {_rows(total)}"


def _have(count: int) -> str:
    return "has" if count == 1 else "have"


def _requests(count: int) -> str:
    return f"{count} open request" if count == 1 else f"{count} open requests"


def _run_with_progress(ctx: typer.Context, prepared: Prepared, options: BatchOptions,
                       db: str | None) -> BatchResult:
    from dsar.batch.run import run_batch

    quiet = settings(ctx).quiet
    if quiet:
        return run_batch(prepared, options, db=db, warn=warn)
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        say(ctx, f"Making the letters of {_clients(len(prepared.checked.good))}...")
        return run_batch(prepared, options, db=db, warn=warn)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("rows, {task.fields[letters]} letters"), TimeElapsedColumn(),
        TextColumn("left:"), TimeRemainingColumn(),
        console=console, transient=False,
    )
    with bar:
        task = bar.add_task("Clients", total=None, letters="0")

        def update(p: Progress) -> None:
            bar.update(task, total=p.rows_total, completed=p.rows_done,
                       letters=f"{p.letters_done}/{p.letters_total}")

        return run_batch(prepared, options, db=db, on_progress=update, warn=warn)


def _report(ctx: typer.Context, result: BatchResult, prepared: Prepared, as_json: bool) -> None:
    skipped = sum(1 for c in result.clients if not c.written)
    if as_json:
        print(json.dumps({
            "batch_id": result.batch_id,
            "out": str(result.out),
            "date": result.on.isoformat(),
            "clients": len(result.clients) + len(result.unchanged),
            "clients_made": result.written,
            "clients_already_complete": skipped,
            "clients_reused_unchanged": len(result.unchanged),
            "clients_remade_details_changed": result.remade,
            "requests_opened": result.opened,
            "requests_reused": result.reused,
            "letters": result.letters,
            "failed_rows": result.failed,
            "failed_rows_csv": str(result.failed_rows) if result.failed_rows else None,
            "manifest_csv": str(result.manifest_csv),
            "manifest_json": str(result.manifest_json),
            "adviser_checklist": str(result.checklist) if result.checklist else None,
        }, indent=2))
    else:
        print(shown(result.manifest_csv))
        print(shown(result.manifest_json))
        if result.failed_rows:
            print(shown(result.failed_rows))
        if result.checklist:
            print(shown(result.checklist))
    skipped += len(result.unchanged)  # made by an earlier run (maybe in another folder), unchanged
    resumed = f"; {skipped} {'was' if skipped == 1 else 'were'} already complete" if skipped else ""
    say(ctx, f"Made the packs of {_clients(result.written)} ({_letters(result.letters)} in all"
             f"{resumed}) in {shown(result.out)}, batch {shown(result.batch_id)}, each letter in the "
             "tracker.")
    if result.reused:
        detail = (f" ({_clients(result.remade)} with changed details: letters made again and "
                  "noted in each request's history)") if result.remade else ""
        say(ctx, f"Reused {_requests(result.reused)} instead of tracking "
                 f"{'it' if result.reused == 1 else 'them'} twice{detail}; "
                 "--new-requests opens new ones.")
    if result.kept_failed_rows:
        say(ctx, f"No rows are failing now; {result.kept_failed_rows} is left as it is (you "
                 "edited it or ran it): delete it when you no longer need it.")
