"""`dsar generate` and `dsar demo`: make the letters and say how to send each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dsar.cli.options import DEFAULT_PDF_VARIANT, PdfVariantOpt
from dsar.cli.state import say, settings, warn
from dsar.terminal import shown

if TYPE_CHECKING:
    from dsar.generate import GenerationResult


def register(app: typer.Typer) -> None:
    """Add `generate` and `demo` to the root app."""
    app.command("generate")(generate_cmd)
    app.command("demo")(demo_cmd)


def _summary(result: GenerationResult, as_json: bool,
             refs: dict[tuple[str, str], str] | None = None, *, for_other: bool = True) -> None:
    tracked = refs or {}
    if as_json:
        print(json.dumps([
            {"controller": w.controller_id, "kind": w.kind,
             "ref": tracked.get((w.controller_id or "", w.kind)),
             "files": {fmt: str(path) for fmt, path in w.files.items()},
             "how_to_send": w.how_to_send, "warnings": w.warnings,
             **({"asked_for": w.routed_from, "note": w.note} if w.routed_from else {})}
            for w in result.letters
        ] + ([{"controller": None, "kind": "summary",
               "files": {fmt: str(path) for fmt, path in result.summary.items()}}]
             if result.summary else []), indent=2))
        return
    print(f"Letters written to {shown(result.folder)}:")
    for w in result.letters:
        who = w.controller_id or "letter of authority"
        print(f"\n{who} ({w.kind})")
        if w.note:
            print(f"  Note: {shown(w.note)}")
        for path in w.files.values():
            print(f"  {shown(path)}")
        print(f"  How to send: {shown(w.how_to_send)}")
        if (ref := tracked.get((w.controller_id or "", w.kind))) is not None:
            print(f"  Tracker ref: {ref} (when sent: dsar track log {ref} sent --via ...)")
    if result.summary:
        # for_other: an adviser made the letters for someone; else the person reads this line
        print("\nSummary for the person, in their language (give it to them with their copies)" if for_other
              else "\nIn your own language: what each letter asks for and what happens next")
        for path in result.summary.values():
            print(f"  {shown(path)}")


def generate_cmd(
    ctx: typer.Context,
    profile: Annotated[Path, typer.Argument(metavar="PROFILE", help="Your profile (a TOML file).",
                                            show_default=False)],
    to: Annotated[list[str] | None, typer.Option(
        "--to", metavar="ID[:KIND]", help="An organisation's id (repeat for more); see "
        "`dsar controllers list`. ID:access, ID:erasure or ID:access+erasure asks that "
        "organisation for its own kind; a plain ID gets --kind.", show_default=False)] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", metavar="KIND", help="access or erasure (repeat for both) for each --to without "
        ":KIND. Default: access.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Where to write the letters.")]
    = Path("dsar-letters"),
    fmt: Annotated[list[str] | None, typer.Option(
        "--format", metavar="FORMAT", help="pdf, html, txt or eml (repeat for more). Default: all.",
        show_default=False)] = None,
    pdf_variant: PdfVariantOpt = DEFAULT_PDF_VARIANT,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="CODE", help="The person's language (ar, fa, ps, ckb, ti, ur, sq, pl, ro, vi): "
        "a summary sheet in it goes with the letters. Default: requester.language, else English.",
        show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Write access and erasure letters from PROFILE to each organisation, and say how to send them."""
    from dsar.clock import today
    from dsar.generate import check_out, plan, with_language, write
    from dsar.profile import load_profile
    from dsar.render import FORMATS, check_format, check_pdf_variant, pdf_available

    formats = [check_format(f) for f in fmt] if fmt else list(FORMATS)
    check_pdf_variant(pdf_variant)
    check_out(out)
    loaded = with_language(load_profile(profile), lang)
    planned = plan(loaded, to or [], kind or ["access"], directory=settings(ctx).directory(), on=today())
    for message in dict.fromkeys(w for p in planned for w in p.letter.warnings):
        warn(message)
    for note in dict.fromkeys(p.note for p in planned if p.note):
        say(ctx, f"Note: {shown(note)}.")
    if not fmt and not pdf_available():
        formats.remove("pdf")
        warn("PDF output is not available here (WeasyPrint or Pango cannot load); writing the "
             "other formats. See README: WeasyPrint's system needs.")
    # each letter (not the authority) becomes a tracked request with a `drafted` event (issue 4);
    # letters and their rows are one step: the tracker is opened first (a bad one writes
    # nothing) and letters whose rows cannot be recorded are removed again (issue 16)
    from dsar.followup.sender import from_path
    from dsar.tracker import Tracker, record_letters

    with Tracker.open(settings(ctx).db) as tracker:
        result = write(planned, loaded, out, formats=formats, pdf_variant=pdf_variant)
        try:
            refs = record_letters(
                tracker, result, requester=loaded.requester.full_name,
                directory=settings(ctx).directory(), on=today(),
                client_reference=loaded.representative.reference if loaded.representative else None,
                sender=from_path(profile),  # follow-ups use it (issue 11 item 5)
            )
        except BaseException:
            result.undo()
            raise
    for message in result.summary_warnings:
        warn(message)
    _summary(result, as_json, refs, for_other=loaded.representative is not None)
    say(ctx, "Check each letter, sign it, and send it with the documents it lists.")


def demo_cmd(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", metavar="DIR", help="Where to write the letters.")]
    = Path("dsar-demo"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Write example letters for a fictional person, to show what dsar makes (nothing is tracked)."""
    from dsar.clock import today
    from dsar.demo import run_demo

    result = run_demo(out, directory=settings(ctx).directory(), on=today(), warn=warn)
    _summary(result, as_json)
    say(ctx, "These letters are for a fictional person. Make your own with `dsar generate` "
             "or `dsar new`.")
