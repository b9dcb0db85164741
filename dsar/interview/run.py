"""`dsar new` as one library call: start or resume, ask what is missing, review, write, record.

    from dsar.interview.run import NewRun, run_new
    outcome = run_new(NewRun(profile=Path("me.toml"), to=["home-office"], kinds=["access"], yes=True),
                      directory=load_directory(), db=None, prompter=None)

With `prompter=None` (no terminal) nothing is asked: if an answer is missing, or the
review screen would be needed (no `yes`), it raises InterviewError saying how to run
without a terminal. KeyboardInterrupt goes through to the caller: every answer given is
already in the state file (`state_file()` says where).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from dsar.errors import InterviewError
from dsar.files import inside, person_folder_name
from dsar.interview import flow, language
from dsar.interview.finish import Outcome, write_letters
from dsar.interview.language import _
from dsar.interview.questions import Option, english_note, note, wording
from dsar.interview.session import Interview, Prompter, prepare
from dsar.interview.state import Options, clear_state, load_state, state_path
from dsar.render import DEFAULT_PDF_VARIANT
from dsar.terminal import shown

if TYPE_CHECKING:
    from dsar.controllers import Directory

DEFAULT_OUT = Path("dsar-letters")  # the same default as `dsar generate`

NO_TERMINAL = (
    "dsar new needs a terminal to ask {what}; without one, give every answer: "
    "`dsar new --profile me.toml --to ID --kind access --yes`, or use `dsar generate me.toml --to ID`"
)


@dataclass
class NewRun:
    """The flags of `dsar new`."""

    profile: Path | None = None
    to: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    out: Path | None = None
    save: Path | None = None
    yes: bool = False
    resume: bool = False
    lang: str | None = None  # the person's language (dsar.i18n); None: the profile's, else English
    pdf_variant: str = DEFAULT_PDF_VARIANT  # dsar.render.PDF_VARIANTS

    def state_file(self) -> Path:
        return state_path(self.save)


def resume_command(run: NewRun) -> str:
    """The command that goes on with the saved answers."""
    return f"dsar new --resume --save {run.save}" if run.save else "dsar new --resume"


def _saved_language(run: NewRun) -> str | None:
    """The language of the interview the state file holds (None: none saved, or unreadable)."""
    from dsar.i18n import languages

    try:
        code = load_state(run.state_file()).options.lang
    except InterviewError:
        return None
    return code if code in languages() else None


def stopped_lines(run: NewRun) -> list[str]:
    """What Ctrl-C says, in the interview's language: where the answers are, how to go on."""
    with language.speaking(run.lang or _saved_language(run)):
        if run.state_file().exists():
            # NOTE: after Ctrl-C. {path} is a file; {command} is a command to type, e.g.
            # "dsar new --resume": keep both as they are.
            return [_("Stopped. Your answers so far are saved in {path}.").format(
                        path=shown(run.state_file())),
                    _("To go on where you stopped, run: {command}").format(
                        command=shown(resume_command(run)))]
        # NOTE: after Ctrl-C, before the first answer.
        return [_("Stopped. No answers were given, so nothing was saved.")]


def paused_line(run: NewRun) -> str:
    """What "Stop for now" on the review screen says, in the interview's language."""
    with language.speaking(run.lang or _saved_language(run)):
        # NOTE: after "Stop for now" on the review screen. {command} is e.g. "dsar new --resume".
        return _("Your answers are saved in {path}. To go on, run: {command}").format(
            path=shown(run.state_file()), command=shown(resume_command(run)))


def start(run: NewRun, directory: Directory) -> Interview:
    """A fresh interview from the flags, or the saved one with --resume."""
    path = run.state_file()
    if run.resume:
        if run.profile is not None:
            raise InterviewError("--resume goes on with the saved answers; leave out --profile, "
                                 "or leave out --resume to start again from the profile")
        saved = load_state(path)
        options = saved.options
        if run.out is not None:
            options.out = str(run.out)
        interview = prepare(options, directory, state_file=path, resume=saved)
        interview.use_flags(to=run.to, kinds=run.kinds, directory=directory)
        return interview
    options = Options(profile=str(run.profile) if run.profile else None, to=list(run.to),
                      kinds=list(run.kinds), out=str(run.out) if run.out else None,
                      save=str(run.save) if run.save else None)
    return prepare(options, directory, state_file=path)


def run_new(run: NewRun, *, directory: Directory, db: str | None, prompter: Prompter | None,
            warn: Callable[[str], None] | None = None) -> Outcome:
    """The whole of `dsar new`; returns what the closing page shows."""
    from dsar.i18n import normalise
    from dsar.render import check_pdf_variant

    check_pdf_variant(run.pdf_variant)  # an unknown variant stops here, before anything is asked
    if run.lang is not None:
        normalise(run.lang)  # an unknown code stops here, before anything is asked
    interview = start(run, directory)
    previous = language.current()
    try:
        return _run(run, interview, directory=directory, db=db, prompter=prompter, warn=warn)
    finally:
        language.use(previous)


def choose_language(interview: Interview, run: NewRun, prompter: Prompter | None) -> str | None:
    """The interview's language: --lang, else the one chosen before --resume, else the
    profile's, else asked on the first screen (with a terminal and questions to ask)."""
    from dsar.i18n import ENGLISH, languages
    from dsar.i18n import language as language_of

    code = run.lang or interview.options.lang or _profile_language(interview)
    if code is None and prompter is not None and interview.missing() is not None:
        offered = []
        for each in languages():
            lang = language_of(each)
            label = lang.english_name if each == ENGLISH else f"{lang.own_name} ({lang.english_name})"
            offered.append(Option(each, label))
        first = replace(wording("language"), options=tuple(offered), default=ENGLISH)
        code = str(prompter.ask(first, None, False, lambda _raw: None))
    if code is not None:
        code = language.use(code)
        interview.options.lang = code
    if prompter is not None and code in language.RIGHT_TO_LEFT:
        english = english_note("right_to_left")
        prompter.show("")
        prompter.show(english)
        if note("right_to_left") != english:
            prompter.show("")
            prompter.show(note("right_to_left"))
    return code


def _run(run: NewRun, interview: Interview, *, directory: Directory, db: str | None,
         prompter: Prompter | None, warn: Callable[[str], None] | None) -> Outcome:
    from dsar.clock import today
    from dsar.generate import with_language

    chosen = choose_language(interview, run, prompter)
    if run.to and warn is not None:  # a processor named: say its letters go to its controller
        from dsar.targets import route

        for note in route(run.to, run.kinds or ["access"], directory).notes.values():
            warn(note)
    missing = interview.missing()
    if prompter is None:
        if missing is not None:
            raise InterviewError(NO_TERMINAL.format(what=f'"{missing.worded(interview.for_other)}"'))
        if not run.yes:
            raise InterviewError(NO_TERMINAL.format(what="you to check the answers (or add --yes)"))
    elif missing is not None and not run.resume and run.state_file().exists() and warn is not None:
        warn(_("an interrupted interview is saved in {path}; your first answer here replaces it. "
               "To go on with it instead, press Ctrl-C and run `{command}`").format(
                   path=run.state_file(), command=resume_command(run)))
    if prompter is not None:
        interview.ask_missing(prompter)
        if not run.yes:
            interview.review(prompter)
    profile = with_language(flow.build_profile(interview.answers, interview.setup), chosen)
    out = Path(interview.options.out) if interview.options.out else DEFAULT_OUT
    if run.save is not None:
        profile_path: Path | None = run.save
    elif interview.options.profile:
        profile_path = None  # the answers came from that file
    else:
        profile_path = inside(out, person_folder_name(profile.requester.full_name,
                                                       profile.requester.date_of_birth), "profile.toml")
    result = write_letters(profile, flow.targets(interview.answers),
                           flow.kinds(interview.answers) or ["access"], out, directory=directory, on=today(),
                           db=db, profile_path=profile_path, warn=warn, pdf_variant=run.pdf_variant)
    if run.resume or (interview.state_file.exists() and _saved_by(interview)):
        clear_state(interview.state_file)
    return replace(result, language=language.current())


def _profile_language(interview: Interview) -> str | None:
    """`requester.language` of the --profile the interview started from, if any."""
    if not interview.options.profile:
        return None
    from dsar.profile import load_profile

    return load_profile(Path(interview.options.profile)).requester.language


def _saved_by(interview: Interview) -> bool:
    """True when the state file holds this interview's answers (not an older one's)."""
    try:
        return load_state(interview.state_file).answers == interview.answers
    except InterviewError:
        return False
