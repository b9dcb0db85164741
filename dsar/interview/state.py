"""Saving the answers after every question, so an interrupted interview loses nothing.

The state file is JSON, written atomically with mode 0600 (dsar.files.write_private):
`interview.json` in the user's data folder (platformdirs), or `NAME.interview.json`
next to the profile given with `--save NAME.toml`. It holds the answers so far and
the options the interview was started with, so `dsar new --resume` needs nothing else.
It is removed once the letters are written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dsar.errors import InterviewError
from dsar.files import write_private

VERSION = 1


@dataclass
class Options:
    """How the interview was started (the flags), kept for --resume."""

    profile: str | None = None
    to: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    out: str | None = None
    save: str | None = None
    lang: str | None = None  # the interview's language (--lang or the first screen)

    def to_json(self) -> dict[str, Any]:
        return {"profile": self.profile, "to": self.to, "kinds": self.kinds, "out": self.out,
                "save": self.save, "lang": self.lang}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Options:
        return cls(profile=data.get("profile"), to=list(data.get("to") or []),
                   kinds=list(data.get("kinds") or []), out=data.get("out"), save=data.get("save"),
                   lang=data.get("lang"))


@dataclass
class Saved:
    answers: dict[str, Any]
    options: Options


def default_state_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("dsar", appauthor=False)) / "interview.json"


def state_path(save: Path | None) -> Path:
    """Where the answers are kept: next to --save, or in the user's data folder."""
    if save is not None:
        return save.with_name(f"{save.stem}.interview.json")
    return default_state_path()


def save_state(path: Path, answers: dict[str, Any], options: Options) -> None:
    payload = {"version": VERSION, "options": options.to_json(), "answers": answers}
    write_private(path, json.dumps(payload, indent=1, ensure_ascii=False) + "\n")


def load_state(path: Path) -> Saved:
    """The saved answers; InterviewError (one line, what to do) if there are none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InterviewError(
            f"no interrupted interview to resume ({path} does not exist); start one with `dsar new`"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise InterviewError(
            f"the saved answers in {path} cannot be read; delete the file and run `dsar new` again"
        ) from None
    if (not isinstance(data, dict) or data.get("version") != VERSION
            or not isinstance(data.get("answers"), dict)):
        raise InterviewError(
            f"the saved answers in {path} are not in a known format; delete the file and "
            "run `dsar new` again"
        )
    return Saved(dict(data["answers"]), Options.from_json(data.get("options") or {}))


def clear_state(path: Path) -> None:
    path.unlink(missing_ok=True)
