"""The terminal layer of the interview: questionary prompts (prompt_toolkit underneath).

prompt_toolkit works in Linux and macOS terminals, over SSH and in Windows
consoles. The prompts draw on stderr, so stdout stays free for the results
(paths, references) even when it is redirected. Ctrl-C (or Ctrl-D) raises
KeyboardInterrupt; the session has already saved every answer given.
questionary is imported here only, inside the functions that use it.

What a question shows that came from a person, a profile or a controller record (an
answer on the review screen, an organisation's name, a message quoting what was typed)
goes through dsar.terminal first: no terminal escapes, a line break shown as \\n.
prompt_toolkit itself draws control characters typed into a field as ^[ and the like.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from dsar.interview.flow import as_text
from dsar.interview.language import _
from dsar.interview.questions import Question, note
from dsar.interview.suggest import Catalogue
from dsar.terminal import safe_lines, shown

if TYPE_CHECKING:
    from prompt_toolkit.completion import CompleteEvent, Completion
    from prompt_toolkit.document import Document
    from prompt_toolkit.output import Output

Check = Callable[[Any], str | None]  # None: accepted; text: the message to show


def _output() -> Output:
    from prompt_toolkit.output import create_output

    return create_output(stdout=sys.stderr)


def _force_completer(catalogue: Catalogue) -> Any:
    from prompt_toolkit.completion import Completer, Completion

    class ForceCompleter(Completer):
        """Forces whose name, alias or area contains what was typed."""

        def get_completions(self, document: Document, complete_event: CompleteEvent
                            ) -> Iterator[Completion]:
            typed = document.text_before_cursor
            for org in catalogue.find_forces(typed):
                # each force once: its full name beside only when it says more
                meta = org.name if org.name != org.short_name else ""
                yield Completion(org.short_name, start_position=-len(typed),
                                 display=shown(org.short_name), display_meta=shown(meta))

    return ForceCompleter()


class TerminalPrompter:
    """Asks one question at a time in the terminal, re-prompting until the answer is accepted."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    def show(self, text: str) -> None:
        print(safe_lines(text), file=sys.stderr, flush=True)

    def ask(self, question: Question, current: Any, for_other: bool, check: Check) -> Any:
        if question.note:
            self.show("")
            self.show(note(question.note))
        message = shown(question.worded(for_other))  # may name an organisation (a record's name)
        if question.help:
            self.show(_wrap(question.help))
        reasons = [o for o in question.options if o.why]
        for option in reasons:
            self.show(_wrap(f"{option.label}: {option.why}", bullet=True))
        while True:
            answer = self._ask_once(question, message, current, check)
            if isinstance(answer, str) and answer.strip() == "?":
                self.show(_wrap(question.more or question.help))
                continue
            return answer

    def _ask_once(self, question: Question, message: str, current: Any, check: Check) -> Any:
        import questionary

        def validate(value: Any) -> bool | str:
            if isinstance(value, str) and value.strip() == "?":
                return True
            verdict = check(value)
            return True if verdict is None else shown(verdict)  # it may quote what was typed

        common: dict[str, Any] = {"qmark": "?", "output": _output()}
        if question.kind == "select":
            choices = [questionary.Choice(shown(o.label), value=o.value) for o in question.options]
            values = [o.value for o in question.options]
            default = current if current in values else (
                question.default if question.default in values else None)
            return _with_help_key(questionary.select(
                message, choices=choices, default=default,
                instruction=_("(arrow keys, then Enter; ? for help)"), **common)).unsafe_ask()
        if question.kind == "checkbox":
            ticked = set(current) if isinstance(current, list) else None
            choices = [questionary.Choice(shown(o.label), value=o.value,
                                          checked=o.value in ticked if ticked is not None else o.checked)
                       for o in question.options]
            return _with_help_key(questionary.checkbox(
                message, choices=choices, validate=lambda picked: validate(list(picked)),
                instruction=_("(Space ticks, Enter confirms; ? for help)"), **common,
            )).unsafe_ask()
        if question.kind == "confirm":
            default = bool(current) if isinstance(current, bool) else bool(question.default)
            # questionary echoes the answer from its module's YES/NO: in the interview's language
            from questionary.prompts import confirm as confirm_prompt

            confirm_prompt.YES, confirm_prompt.NO = _("Yes"), _("No")
            return _with_help_key(questionary.confirm(
                message, default=default,
                # NOTE: {keys} is "Y/n" or "y/N": the keys to press are y (yes) and n (no) in
                # every language; keep {keys} as it is.
                instruction=_("({keys}; ? for help) ").format(keys="Y/n" if default else "y/N"),
                **common)).unsafe_ask()
        if question.kind == "force":
            return questionary.autocomplete(
                message, choices=[f.short_name for f in self.catalogue.forces],
                completer=_force_completer(self.catalogue), validate=validate,
                default=as_text(self._force_name(current)), validate_while_typing=False, **common,
            ).unsafe_ask()
        return questionary.text(message, default=as_text(current), validate=validate,
                                instruction=self._instruction(question), validate_while_typing=False,
                                **common).unsafe_ask()

    def _force_name(self, current: Any) -> str:
        org = self.catalogue.orgs.get(str(current)) if current else None
        return org.short_name if org else ""

    @staticmethod
    def _instruction(question: Question) -> str | None:
        return _("(? for help)")


def _with_help_key(prompt: Any) -> Any:
    """A questionary menu or yes/no question where the ? key ends the prompt with "?" (more help)."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    extra = KeyBindings()

    @extra.add("?", eager=True)
    def _help(event: Any) -> None:
        event.app.exit(result="?")

    app = prompt.application
    # last, so it wins over the prompt's own catch-all key handler
    app.key_bindings = merge_key_bindings([app.key_bindings, extra]) if app.key_bindings else extra
    return prompt


def _wrap(text: str, bullet: bool = False) -> str:
    """Help text wrapped to the terminal's width, indented under the question (never cut)."""
    import shutil
    import textwrap

    text = safe_lines(text)  # its line breaks become spaces below, as any other white space
    width = max(40, min(shutil.get_terminal_size((80, 24)).columns, 100) - 1)
    first = "  - " if bullet else "  "
    return textwrap.fill(text, width, initial_indent=first, subsequent_indent="    " if bullet else "  ",
                         break_long_words=False, break_on_hyphens=False)
