"""The command line: a thin Typer layer that parses, calls the library and prints.

`main()` is the one place that turns the project's errors (and Click's usage
errors) into a one-line `Error: ...` on stderr and exit status 1. Results go to
stdout; warnings, hints and progress go to stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import click
import typer
import typer.core

from dsar.cli import (
    batch_cmd,
    controllers_cmd,
    followup_cmd,
    interview_cmd,
    letters_cmd,
    track_cmd,
)
from dsar.cli.state import Settings
from dsar.errors import DsarError
from dsar.files import os_problem
from dsar.terminal import shown

# Typer 0.16 rich-escapes "[default: ...]" / "[required]" whenever rich is installed, even with
# rich markup off, so plain help showed "\[required]". Plain Click help is what we want.
typer.core.rich = None  # type: ignore[assignment]

# `dsar --help` lists commands in the order a newcomer meets them (issue 14 item 7);
# commands not named here follow, in the order they were added.
COMMAND_ORDER = ("new", "generate", "batch", "due", "remind", "track", "chase", "complain",
                 "controllers", "demo")


class _NewcomerOrder(typer.core.TyperGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        names = list(super().list_commands(ctx))
        rank = {name: n for n, name in enumerate(COMMAND_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="dsar",
    cls=_NewcomerOrder,
    help=(
        "Get your personal data from the UK Home Office, the Ministry of Justice and the police, "
        "and have it erased: letters, deadlines, reminders and follow-ups. Not legal advice."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="DSAR_DB", show_envvar=False,
                     help="Tracker database: a file path or an SQLAlchemy URL "
                     "(postgresql+psycopg://...); or set DSAR_DB. Default: a SQLite file in "
                     "your data folder."),
    ] = None,
    controllers: Annotated[
        Path | None,
        typer.Option("--controllers", envvar="DSAR_CONTROLLERS_DIR", show_envvar=False,
                     help="A folder of your own controller records (TOML) that add to or "
                     "override the built-in ones; or set DSAR_CONTROLLERS_DIR."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No hints or progress on stderr.")]
    = False,
) -> None:
    ctx.obj = Settings(db=db, controllers_dir=controllers, quiet=quiet)


for module in (letters_cmd, controllers_cmd, track_cmd, followup_cmd, interview_cmd, batch_cmd):
    module.register(app)


def _usage_message(exc: click.UsageError) -> str:
    # Typer 0.16 on Click 8.2 names a missing environment variable in parameter errors:
    # "Invalid value for '--within' (env var: 'None')"; no option here reads one by that name.
    return exc.format_message().replace(" (env var: 'None')", "")


def _plain_streams() -> None:
    """Never fail to print: a character the terminal's encoding lacks becomes \\uXXXX.

    (PYTHONIOENCODING=ascii or a C locale with a non-ASCII name raised UnicodeEncodeError.)
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or odd stream: leave it
                reconfigure(errors="backslashreplace")


def _error(line: str) -> None:
    print(f"Error: {shown(line)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every expected failure into `Error: ...` and exit 1.

    Anything unexpected becomes one line and exit 70, the traceback saved to a 0600
    crash file in the data folder (dsar.crash), never shown on screen.
    """
    _plain_streams()
    try:
        # standalone_mode=False makes Click return (not raise) the code of `typer.Exit(code)`
        code = app(args=argv, prog_name="dsar", standalone_mode=False)
        if code == 130:  # Typer turns Ctrl-C (KeyboardInterrupt) into Exit(130)
            _stopped(as_program=argv is None)
        if isinstance(code, int) and code:
            sys.exit(code)
    except DsarError as exc:
        for line in exc.lines():
            _error(line)
        sys.exit(1)
    except click.exceptions.NoArgsIsHelpError as exc:
        # `dsar` or `dsar track` with nothing else: show the help, succeed
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        sys.exit(0)
    except click.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx else "dsar"
        _error(f"{_usage_message(exc)} (see `{command} --help`)")
        sys.exit(1)
    except click.exceptions.Abort:
        _stopped(as_program=argv is None)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        _error(exc.format_message())
        sys.exit(1)
    except KeyboardInterrupt:
        _stopped(as_program=argv is None)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        if exc.filename is None:  # not about a file the user named: a fault inside dsar
            _crashed(exc)
        _error(os_problem(exc))
        sys.exit(1)
    except Exception as exc:  # the last resort: one line, never a traceback
        _crashed(exc)


def _stopped(*, as_program: bool) -> NoReturn:
    """Ctrl-C: say so and exit 130.

    As a program (not called from Python with argv), leave at once with os._exit once the
    output is flushed: everything dsar writes is already complete (atomic files, committed
    tracker rows), and a second Ctrl-C, or the worker pool's tear-down, arriving while the
    interpreter shuts down (its SIGINT handler back to the default) would otherwise kill the
    process by the signal instead (exit -2, seen under load in test_batch_resume).
    """
    print("Stopped.", file=sys.stderr)
    if as_program:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(130)
    sys.exit(130)


def _crashed(exc: BaseException) -> NoReturn:
    from dsar.crash import save_crash

    where = save_crash(exc)
    saved = f"details saved to {where}" if where else "the details could not be saved"
    print(f"Error: something went wrong inside dsar: {type(exc).__name__}; {saved}", file=sys.stderr)
    sys.exit(70)
