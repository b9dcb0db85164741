"""Reminders for cron: the text `dsar remind` prints, empty when nothing needs attention."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import date
from typing import TYPE_CHECKING

from dsar.tracker.views import due_line

if TYPE_CHECKING:
    from dsar.deadlines import Assessment
    from dsar.tracker.store import TrackedRequest


def reminder_text(items: Sequence[tuple[TrackedRequest, Assessment]], today: date,
                  names: Mapping[str, str], senders: Set[str] | None = None,
                  send_vias: Mapping[str, str | None] | None = None) -> str:
    """A heading and one line per request needing attention; "" when there are none.

    `send_vias`: ref -> the --via of a draft's route (dsar.tracker.views.command_for).

    Cron mails whatever a job prints, so printing nothing means no mail.
    """
    if not items:
        return ""
    count = len(items)
    heading = (f"dsar: {count} request{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
               f"attention ({today.isoformat()}):")
    return "\n".join([heading, *(due_line(request, assessment, names,
                                           sender_known=senders is None or request.ref in senders,
                                           send_via=(send_vias or {}).get(request.ref))
                                  for request, assessment in items)])
