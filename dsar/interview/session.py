"""Running the interview: ask each missing answer, save after each one, then the review screen.

`Interview` works with any `Prompter` (the terminal one is dsar.interview.prompts),
so the whole run can be driven from Python. Every accepted answer is written to
the state file at once, before the next question: Ctrl-C (KeyboardInterrupt)
at any point loses nothing, and `dsar new --resume` goes on from there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from dsar.errors import DsarError, InterviewError
from dsar.interview import flow
from dsar.interview.flow import Answers, Setup
from dsar.interview.language import _
from dsar.interview.questions import SECTIONS, Option, Question, note, section_title, wording
from dsar.interview.state import Options, Saved, save_state
from dsar.interview.suggest import Catalogue
from dsar.profile import load_profile
from dsar.terminal import shown

if TYPE_CHECKING:
    from dsar.controllers import Directory


class Prompter(Protocol):
    def show(self, text: str) -> None:
        """Print a line for the user (on stderr)."""

    def ask(self, question: Question, current: Any, for_other: bool,
            check: Any) -> Any:
        """Ask until `check(raw)` returns None; return the raw answer."""


class Declined(DsarError):
    """The user chose not to go on (after the enforced-subject-access explanation)."""


class Paused(DsarError):
    """The user chose "stop for now" on the review screen; the answers are kept."""


@dataclass
class Interview:
    setup: Setup
    answers: Answers
    options: Options
    state_file: Path

    def use_flags(self, *, to: list[str], kinds: list[str], directory: Directory) -> None:
        """--to and --kind answer their questions (also when given again with --resume).

        `--to ID:KIND` answers that organisation's kind; a processor's id stands for its
        controller (dsar.targets)."""
        from dsar.targets import route

        if kinds:
            self.options.kinds = list(kinds)
            self.answers["request_kind"] = request_kind_for(kinds)
        if to:
            self.options.to = list(dict.fromkeys(to))
            explicit = {t.controller_id for t in route([e for e in to if ":" in e], [], directory).targets}
            routed = route(self.options.to, kinds or ["access"], directory)
            self.answers["controllers"] = [t.controller_id for t in routed.targets]
            if explicit or kinds:  # the flags chose each organisation's kinds: nothing to ask
                for target in routed.targets:
                    if target.controller_id in explicit or kinds:
                        self.answers[f"kind_{target.controller_id}"] = flow.answer_for(target.kinds)
                if len(routed.targets) > 1:
                    self.answers["same_kind"] = not explicit
                every = {t.controller_id for t in routed.targets}
                if "request_kind" not in self.answers and explicit == every:
                    self.answers["request_kind"] = flow.answer_for(
                        [k for t in routed.targets for k in t.kinds])
        self.setup = replace(self.setup, skip=skip_for(self.options))

    def missing(self) -> Question | None:
        """The next question without an answer (None: all answered)."""
        return flow.next_question(self.answers, self.setup)

    def save(self) -> None:
        save_state(self.state_file, self.answers, self.options)

    # --- asking ---------------------------------------------------------------------------

    def ask_missing(self, prompter: Prompter) -> None:
        """Ask every applicable question that has no answer yet, in order."""
        section = None
        while (question := self.missing()) is not None:
            if question.section != section:
                section = question.section
                self._heading(prompter, section)
            self.ask(question, prompter, current=None)

    def _heading(self, prompter: Prompter, section: str) -> None:
        names = list(SECTIONS)
        step = names.index(section) + 1 if section in names else len(names)
        prompter.show("")
        # NOTE: a heading before each part of the interview, e.g. "Step 2 of 7: About the person".
        prompter.show(_("Step {step} of {steps}: {title}").format(
            step=step, steps=len(names) + 1, title=section_title(section)))

    def ask(self, question: Question, prompter: Prompter, current: Any) -> None:
        """Ask one question, store the checked answer and save at once."""

        def check(raw: Any) -> str | None:
            try:
                flow.accept(question, raw, self.answers, self.setup)
            except ValueError as exc:
                return str(exc)
            return None

        raw = prompter.ask(question, current, self.for_other, check)
        self.answers[question.id] = flow.accept(question, raw, self.answers, self.setup)
        self.save()
        if question.id == "enforced_continue" and not self.answers[question.id]:
            raise Declined(note("enforced_stop"))

    @property
    def for_other(self) -> bool:
        return self.answers.get("who") == "other"

    # --- review -----------------------------------------------------------------------------

    def summary(self) -> list[str]:
        """The review screen: every answer that applies, by section."""
        lines: list[str] = []
        section = None
        for question in flow.plan(self.answers, self.setup):
            if question.id not in self.answers:
                continue
            if question.section != section:
                section = question.section
                lines += ["", f"{section_title(section)}:"]
            # an answer is a person's (or a profile's) text: no escapes, a line break as \n
            value = shown(flow.display(question, self.answers[question.id], self.setup))
            lines.append(f"  {shown(question.worded(self.for_other))}: {value}")
        return lines

    def review(self, prompter: Prompter) -> None:
        """Show everything; let the user change any answer; return when they choose to write."""
        while True:
            self.ask_missing(prompter)
            prompter.show("")
            prompter.show(_("Step {step} of {steps}: {title}").format(
                step=len(SECTIONS) + 1, steps=len(SECTIONS) + 1,
                # NOTE: the title of the last step, the review screen.
                title=_("Check your answers")))
            for line in self.summary():
                prompter.show(line)
            prompter.show("")
            choice = prompter.ask(wording("review"), None, self.for_other, _any)
            if choice == "write":
                return
            if choice == "stop":
                raise Paused("stopped for now")
            self._change_one(prompter)

    def _change_one(self, prompter: Prompter) -> None:
        answered = [q for q in flow.plan(self.answers, self.setup) if q.id in self.answers]
        options = tuple(
            Option(q.id, f"{shown(q.worded(self.for_other))}: "
                         f"{shown(flow.display(q, self.answers[q.id], self.setup))}")
            for q in answered
        )
        picker = replace(wording("change"), options=options)
        qid = prompter.ask(picker, None, self.for_other, _any)
        current = self.answers.get(qid)
        self.answers = flow.change(self.answers, qid, self.setup)
        self.save()
        self.ask(flow.find(qid, self.answers, self.setup), prompter, current)


def _any(_raw: Any) -> str | None:
    return None


# --- starting or resuming ------------------------------------------------------------------

KIND_NAMES = ("access", "erasure")


def request_kind_for(kinds: list[str]) -> str:
    """--kind access / --kind erasure (repeatable) -> the answer to "What do you want to ask for?"."""
    unknown = [k for k in kinds if k not in KIND_NAMES]
    if unknown:
        raise InterviewError(f'--kind "{unknown[0]}" is not known: use --kind access or --kind erasure')
    wanted = set(kinds)
    return "both" if wanted == {"access", "erasure"} else kinds[0]


def skip_for(options: Options) -> frozenset[str]:
    """Questions not asked because a flag or the profile settled them.

    With a profile, the enforced-access question is not asked (a profile does not hold it;
    the tag's reason is asked only when the profile lacks circumstances.monitoring_reason). With
    --to, the organisations are chosen, so no police area is asked for.
    """
    skip: set[str] = set()
    if options.profile:
        skip.add("enforced")
    if options.to:
        skip.add("force")
    return frozenset(skip)


def prepare(options: Options, directory: Directory, *, state_file: Path,
            resume: Saved | None = None) -> Interview:
    """An Interview from the flags (and a profile), or from saved answers with --resume."""
    if options.kinds:
        request_kind_for(options.kinds)
    if options.to:  # an unknown id or kind fails here, before any question
        from dsar.targets import route

        route(options.to, options.kinds or ["access"], directory)
    answers: Answers = dict(resume.answers) if resume else {}
    if resume is None and options.profile:
        answers.update(flow.answers_from_profile(load_profile(Path(options.profile))))
    interview = Interview(setup=Setup(catalogue=Catalogue.from_directory(directory),
                                      skip=skip_for(options)),
                          answers=answers, options=options, state_file=state_file)
    if resume is None:
        interview.use_flags(to=options.to, kinds=options.kinds, directory=directory)
    return interview
