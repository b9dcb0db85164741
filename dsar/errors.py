"""The project's own exceptions.

Library code raises these; `dsar.cli.main` is the one place that turns them
into `Error: ...` lines on stderr and exit status 1. Every message is one line
that says what is wrong and what to do next.
"""

from __future__ import annotations


class DsarError(Exception):
    """Base class: the message is shown to the user as `Error: <message>`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The lines to show, one per problem."""
        return [self.message]


class ProblemsError(DsarError):
    """Several problems found at once (a profile, a record, a CSV row...)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "invalid input")
        self.problems = problems

    def lines(self) -> list[str]:
        return list(self.problems)


class ProfileError(ProblemsError):
    """A profile file is missing, unreadable or invalid."""


class ControllerError(ProblemsError):
    """A controller record is invalid, or an id is unknown."""


class LetterError(DsarError):
    """A letter cannot be made (unknown kind, bad output folder...)."""


class PdfUnavailableError(LetterError):
    """WeasyPrint (or the Pango library it needs) cannot be loaded."""


class TrackerError(DsarError):
    """The tracker database or a request in it is not usable as asked."""


class InterviewError(DsarError):
    """The guided interview cannot run (e.g. no terminal)."""


class BatchError(DsarError):
    """A batch input file cannot be read."""
