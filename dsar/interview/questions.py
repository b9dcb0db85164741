"""The interview's wording, read once from letters/interview/questions.toml.

Every text is given in the interview's language (dsar.interview.language): the English in
questions.toml is the msgid, its translation comes from the "interview" catalogue.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from dsar.interview.language import N_, _, current
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
    # NOTE: a section title, shown as "Step 1 of 7: <title>" and on the review screen.
    "who": N_("Who the request is for"),
    # NOTE: a section title ("the person": the one the records are about).
    "person": N_("About the person"),
    # NOTE: a section title: the questions about prison, police, the Home Office, tags.
    "happened": N_("What happened"),
    # NOTE: a section title: the organisations to write to.
    "organisations": N_("Organisations"),
    # NOTE: a section title: a copy of the records, or deleting them.
    "ask": N_("What to ask for"),
    # NOTE: a section title: numbers on letters from the Home Office, a prison or the police.
    "identifiers": N_("Reference numbers"),
}


def section_title(section: str) -> str:
    """A section's title in the interview's language."""
    return _(SECTIONS[section]) if section in SECTIONS else section


@cache
def _raw() -> dict[str, Any]:
    with (letters_dir() / "interview" / "questions.toml").open("rb") as handle:
        return tomllib.load(handle)


def wording(key: str) -> Question:
    """The question worded under `key` in questions.toml, in the interview's language."""
    return _wording(key, current())


@cache
def _wording(key: str, code: str) -> Question:
    entry = _raw()[key]
    return Question(
        id=key,
        section=entry["section"],
        kind=entry["kind"],
        text=_(entry["text"]),
        help=_(entry.get("help", "")),
        more=_(entry.get("more", "")),
        text_other=_(entry.get("text_other", "")),
        check=entry.get("check"),
        optional=entry.get("optional", False),
        default=entry.get("default"),
        options=tuple(Option(c["value"], _(c["label"])) for c in entry.get("choices", [])),
        note=entry.get("note", ""),
        template=key,
    )


def note(key: str) -> str:
    """A text shown rather than asked (the enforced-subject-access explanation...)."""
    return _(english_note(key))


def english_note(key: str) -> str:
    """A text shown rather than asked, in English whatever the interview's language."""
    return str(_raw()["notes"][key]).strip()


def label_of(question: Question, value: str) -> str:
    for option in question.options:
        if option.value == value:
            return option.label
    return value
