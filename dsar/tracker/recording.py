"""Recording letters made by `dsar generate` (and the interview and batches) in the tracker."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dsar.controllers import Directory
    from dsar.generate import GenerationResult
    from dsar.tracker.store import NewRequest, Tracker

NOT_TRACKED = frozenset({"authority"})  # the signed authority goes with a letter, it is not a request


def record_letters(tracker: Tracker, result: GenerationResult, *, requester: str,
                   directory: Directory, on: date, client_reference: str | None = None,
                   key_prefix: str | None = None,
                   sender: Mapping[str, Any] | None = None) -> dict[tuple[str, str], str]:
    """Record each letter in `result` as a request with a `drafted` event carrying its files.

    Returns {(controller id, kind): ref}. The nation and regimes come from the
    controller's record. With `key_prefix` (e.g. "<batch-id>/<client>") each request
    gets the key "<key_prefix>/<controller>/<kind>", so recording the same letters
    again returns the refs made the first time instead of duplicates. `sender`: where the
    letters' sender details came from (dsar.followup.sender.from_path / from_profile), recorded
    with each request so follow-ups need no --profile (issue 11 item 5).
    """
    made, new = _new_requests(result, requester=requester, directory=directory, on=on,
                              client_reference=client_reference, key_prefix=key_prefix, sender=sender)
    # one transaction for all of them: a letter is never recorded without the others
    return dict(zip(made, tracker.add_requests(new), strict=True)) if new else {}


def record_client_letters(tracker: Tracker, result: GenerationResult, *, requester: str,
                          directory: Directory, on: date, client_reference: str, key_prefix: str,
                          drafted_data: Mapping[str, Any], replace_open: bool = False,
                          sender: Mapping[str, Any] | None = None,
                          ) -> dict[tuple[str, str], tuple[str, bool]]:
    """`record_letters` for a client of a batch: {(controller id, kind): (ref, reused)}.

    The client's open request to the same organisation for the same kind is reused
    (`Tracker.add_or_reuse`); `replace_open` closes it and opens a new one instead.
    `drafted_data` is stored with each new request's drafted event.
    """
    made, new = _new_requests(result, requester=requester, directory=directory, on=on,
                              client_reference=client_reference, key_prefix=key_prefix, sender=sender,
                              drafted_data=drafted_data, replace_open=replace_open)
    return dict(zip(made, tracker.add_or_reuse(new), strict=True)) if new else {}


def _new_requests(result: GenerationResult, *, requester: str, directory: Directory, on: date,
                  client_reference: str | None, key_prefix: str | None,
                  sender: Mapping[str, Any] | None, drafted_data: Mapping[str, Any] | None = None,
                  replace_open: bool = False) -> tuple[list[tuple[str, str]], list[NewRequest]]:
    """One NewRequest per tracked letter of `result` (not the authority letter), with its
    (controller id, kind); nation and regimes from the controller's record."""
    from dsar.tracker.store import NewRequest

    made: list[tuple[str, str]] = []
    new: list[NewRequest] = []
    for letter in result.letters:
        if letter.controller_id is None or letter.kind in NOT_TRACKED:
            continue
        controller = directory.get(letter.controller_id)
        made.append((letter.controller_id, letter.kind))
        new.append(NewRequest(
            controller_id=controller.id, kind=letter.kind, requester=requester,
            regime=tuple(regime.value for regime in controller.regimes),
            nation=controller.nation.value, created=on, client_reference=client_reference,
            key=f"{key_prefix}/{letter.controller_id}/{letter.kind}" if key_prefix else None,
            drafted=tuple(str(path.resolve()) for path in letter.files.values()),
            drafted_data=drafted_data, replace_open=replace_open, sender=sender,
        ))
    return made, new
