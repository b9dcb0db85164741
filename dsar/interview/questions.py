"""The interview's wording, read once from letters/interview/questions.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from dsar.paths import letters_dir

QuestionKind = Literal["text", "select", "confirm", "checkbox", "force"]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool = False
    why: str = ""  # why it is suggested, shown wrapped above the menu (never cut at the edge)


@dataclass(frozen=True)
class Question:
    """One screen of the interview. `id` is the key its answer is stored under."""

    id: str
    section: str
    kind: QuestionKind
    text: str
    help: str
    more: str = ""
    text_other: str = ""
    check: str | None = None
    optional: bool = False
    default: Any = None
    options: tuple[Option, ...] = field(default=())
    note: str = ""  # a text from [notes] shown before the question
    template: str = ""  # the wording entry this question was made from
    param: str = ""  # for repeated questions: the identifier key, or the number

    def worded(self, for_other: bool) -> str:
        return self.text_other if for_other and self.text_other else self.text

    def specialise(self, qid: str, **values: str) -> Question:
        """A copy for a repeated question (previous address 2, an identifier...)."""
        return replace(
            self, id=qid, text=self.text.format(**values), help=self.help.format(**values),
            more=self.more.format(**values),
            text_other=self.text_other.format(**values) if self.text_other else "",
        )


SECTIONS = {
    "who": "Who the request is for",
    "person": "About the person",
    "happened": "What happened",
    "organisations": "Organisations",
    "ask": "What to ask for",
    "identifiers": "Reference numbers",
}


@cache
def _raw() -> dict[str, Any]:
    with (letters_dir() / "interview" / "questions.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def wording(key: str) -> Question:
    """The question worded under `key` in questions.toml."""
    entry = _raw()[key]
    return Question(
        id=key,
        section=entry["section"],
        kind=entry["kind"],
        text=entry["text"],
        help=entry.get("help", ""),
        more=entry.get("more", ""),
        text_other=entry.get("text_other", ""),
        check=entry.get("check"),
        optional=entry.get("optional", False),
        default=entry.get("default"),
        options=tuple(Option(c["value"], c["label"]) for c in entry.get("choices", [])),
        note=entry.get("note", ""),
        template=key,
    )


def note(key: str) -> str:
    """A text shown rather than asked (the enforced-subject-access explanation...)."""
    return str(_raw()["notes"][key]).strip()


def label_of(question: Question, value: str) -> str:
    for option in question.options:
        if option.value == value:
            return option.label
    return value
