"""Options every command can see (set by the root callback), and small output helpers.

`say` and `warn` strip terminal escapes and control characters from what they print
(dsar.terminal). A warning is always one line (a line break in it shows as \\n); `say`
keeps dsar's own line breaks, so a value from a person, a sheet, a record or the tracker
in it should go through `shown` by the caller, so that a newline in it cannot start a
fake line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dsar.terminal import safe_lines, shown

if TYPE_CHECKING:
    from dsar.controllers import Directory


@dataclass
class Settings:
    db: str | None = None
    controllers_dir: Path | None = None
    quiet: bool = False

    def directory(self) -> Directory:
        """The records (built-in, then --controllers DIR), with the organisation's own facts
        from the tracker applied (`dsar controllers set`)."""
        from dsar.controllers import load_directory
        from dsar.tracker.local_facts import local_directory

        return local_directory(load_directory(self.controllers_dir), self.db)


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def say(ctx: typer.Context, message: str) -> None:
    """Talk to the user on stderr, unless --quiet."""
    if not settings(ctx).quiet:
        print(safe_lines(message), file=sys.stderr)


def warn(message: str) -> None:
    """A warning on stderr, shown even with --quiet: one line, whatever values it quotes."""
    print(f"Warning: {shown(message)}", file=sys.stderr)
