"""Options every command can see (set by the root callback), and small output helpers.

`say` and `warn` strip terminal escapes and control characters from what they print
(dsar.terminal); a value from a person should also go through `shown` by the caller,
so that a newline in it cannot start a fake line.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dsar.terminal import safe_lines

if TYPE_CHECKING:
    from dsar.controllers import Directory


@dataclass
class Settings:
    db: str | None = None
    controllers_dir: Path | None = None
    quiet: bool = False

    def directory(self) -> Directory:
        from dsar.controllers import load_directory

        return load_directory(self.controllers_dir)


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


def say(ctx: typer.Context, message: str) -> None:
    """Talk to the user on stderr, unless --quiet."""
    if not settings(ctx).quiet:
        print(safe_lines(message), file=sys.stderr)


def warn(message: str) -> None:
    """A warning on stderr, shown even with --quiet."""
    print(f"Warning: {safe_lines(message)}", file=sys.stderr)
