"""`dsar new`: the guided interview (the logic is in dsar.interview; this only parses and prints)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dsar.cli.options import DEFAULT_PDF_VARIANT, PdfVariantOpt
from dsar.cli.state import say, settings, warn


def register(app: typer.Typer) -> None:
    """Add `new` to the root app."""
    app.command("new")(new_cmd)


def new_cmd(
    ctx: typer.Context,
    profile: Annotated[Path | None, typer.Option(
        "--profile", metavar="PATH", help="A profile (TOML) that answers the questions about the "
        "person: only what it does not answer is asked.", show_default=False)] = None,
    to: Annotated[list[str] | None, typer.Option(
        "--to", metavar="ID", help="An organisation to write to (repeat for more); see "
        "`dsar controllers list`. Skips the organisation questions.", show_default=False)] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", metavar="KIND", help="access or erasure (repeat for both). Skips that question.",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="DIR", help="Where to write the letters. Default: dsar-letters.",
        show_default=False)] = None,
    save: Annotated[Path | None, typer.Option(
        "--save", metavar="PATH", help="Save the answers as a profile here (mode 0600), and keep "
        "the unfinished answers next to it. Default: profile.toml beside the letters.",
        show_default=False)] = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Write the letters without the review screen.")] = False,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Go on with an interview that was stopped (Ctrl-C): nothing is asked twice.")]
    = False,
    lang: Annotated[str | None, typer.Option(
        "--lang", metavar="CODE", help="The person's language (ar, fa, ps, ckb, ti, ur, sq, pl, ro, vi, "
        "or en): the questions are asked in it (where translated), and a summary sheet in it goes "
        "with the letters "
        "(the letters stay in English). Default: requester.language of --profile; else the first "
        "screen asks.",
        show_default=False)] = None,
    pdf_variant: PdfVariantOpt = DEFAULT_PDF_VARIANT,
) -> None:
    """Answer a few plain questions and get letters you can send today.

    Asks who the records are about, what happened (to find the organisations that hold
    records), what to ask for and any reference numbers; shows everything to check; then
    writes the letters, records them in the tracker and says how to send each one.
    Answers are saved after each question: stop with Ctrl-C and go on with --resume.
    """
    from dsar.interview.finish import closing_page
    from dsar.interview.run import NewRun, paused_line, run_new, stopped_lines
    from dsar.interview.session import Declined, Paused

    run = NewRun(profile=profile, to=list(to or []), kinds=list(kind or []), out=out, save=save,
                 yes=yes, resume=resume, lang=lang, pdf_variant=pdf_variant)
    st = settings(ctx)
    directory = st.directory()
    prompter = None
    if sys.stdin.isatty():
        from dsar.interview.prompts import TerminalPrompter
        from dsar.interview.suggest import Catalogue

        prompter = TerminalPrompter(Catalogue.from_directory(directory))
    try:
        outcome = run_new(run, directory=directory, db=st.db, prompter=prompter, warn=warn)
    except (KeyboardInterrupt, EOFError):
        print("", file=sys.stderr)
        for line in stopped_lines(run):
            print(line, file=sys.stderr)
        sys.exit(130)
    except Paused:
        print(paused_line(run), file=sys.stderr)
        return
    except Declined as exc:
        from dsar.interview.state import clear_state

        clear_state(run.state_file())
        say(ctx, str(exc))  # in the interview's language
        return
    print(closing_page(outcome), end="")
