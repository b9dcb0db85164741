"""No traceback on any history (issue 11 item 6).

For any sequence of events that `dsar track log` accepts, every follow-up (`chase`,
`complain --to controller`, `complain --to ico`, forced or not) either composes its letter
or refuses with a DsarError, which the CLI prints as one `Error:` line with exit status 1.
The histories go through the real Tracker (SQLite) and the real deadline engine; each
letter is composed with the real templates and rendered as text.

The CLI half: the history from the issue (`track add`, `track log R received`, then
`chase` after the due date) runs through dsar.cli.main and writes its letter.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from followup_fixtures import demo_profile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsar.controllers import load_directory
from dsar.deadlines import EVENTS, VIAS
from dsar.errors import DsarError
from dsar.followup import follow_up, prepare
from dsar.followup.missing import codes
from dsar.followup.reasons import reasons
from dsar.paths import letters_dir
from dsar.render import to_text
from dsar.tracker import Tracker
from tests.cli_runner import run_cli as run

START = date(2026, 1, 1)  # histories run across 5 Feb 2026 (the old and the new rules)
TODAY = date(2026, 12, 31)
BODIES = ("home-office", "police-scotland", "hmpps", "metropolitan-police")  # UK GDPR, both, Part 3


@st.composite
def histories(draw: st.DrawFn) -> tuple[str, str, list[tuple[str, date, str | None, dict[str, object]]]]:
    body = draw(st.sampled_from(BODIES))
    kind = draw(st.sampled_from(("access", "erasure")))
    events = []
    for _ in range(draw(st.integers(0, 8))):
        event = draw(st.sampled_from(EVENTS))
        on = START + timedelta(days=draw(st.integers(0, (TODAY - START).days)))
        via = draw(st.none() | st.sampled_from(VIAS))
        data: dict[str, object] = {}
        if event == "partial-response" and draw(st.booleans()):
            data["missing"] = draw(st.lists(st.sampled_from(codes()), min_size=1, max_size=3, unique=True))
        if event == "refused" and draw(st.booleans()):
            usable = [c for c, r in reasons().items()
                      if not r.part3_access or (kind == "access" and body != "home-office")]
            data["reason"] = draw(st.sampled_from(usable))
        events.append((event, on, via, data))
    return body, kind, events


def test_every_follow_up_on_any_history_writes_a_letter_or_refuses_in_one_line(tmp_path: Path) -> None:
    directory = load_directory()
    profile = demo_profile()
    outcomes: dict[str, int] = {"letter": 0, "refused": 0}
    with Tracker.open(str(tmp_path / "tracker.sqlite")) as tracker:

        @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(histories(), st.integers(0, 60))
        def check(history: tuple[str, str, list[tuple[str, date, str | None, dict[str, object]]]],
                  later: int) -> None:
            body, kind, events = history
            record = directory.get(body)
            ref = tracker.add_request(controller_id=body, kind=kind, requester="Demo Person",
                                      regime=[r.value for r in record.regimes], nation=record.nation.value,
                                      created=START)
            for event, on, via, data in events:
                tracker.log(ref, event, on, via=via, data=data, today=TODAY)
            today = TODAY + timedelta(days=later)
            for what in ("chase", "complaint", "ico"):
                for force in (False, True):
                    try:
                        prepared = prepare(what, tracker.get(ref), tracker.assess(ref, today), profile=profile,
                                           directory=directory, today=today, force=force)
                    except DsarError as exc:
                        outcomes["refused"] += 1
                        assert exc.message and "\n" not in exc.message
                        continue
                    text = to_text(prepared.letter)
                    outcomes["letter"] += 1
                    assert "None" not in text and "Undefined" not in text
                    assert "Demo Person" in text
                    if force:  # and the whole command path: write the files, record the event
                        done = follow_up(tracker, ref, what, profile=profile, directory=directory,
                                         out=tmp_path / "out", today=today, formats=["txt"], force=True)
                        assert done.files["txt"].is_file() and done.recorded

        check()
    # the property is about both outcomes: it must have seen letters and refusals
    assert outcomes["letter"] > 0 and outcomes["refused"] > 0, outcomes


def test_chase_after_a_received_event_without_sent_writes_its_letter(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The crash of issue 11: `AttributeError: 'NoneType' object has no attribute 'day'`."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DSAR_DB", str(tmp_path / "tracker.sqlite"))
    monkeypatch.setenv("DSAR_TODAY", "2026-11-26")
    profile = str(letters_dir() / "demo-profile.toml")
    code, out, _ = run(capsys, "track", "add", "--controller", "police-scotland", "--requester", "Demo Person")
    ref = out.strip()
    assert run(capsys, "track", "log", ref, "received", "--on", "2026-10-01")[0] == 0
    code, out, err = run(capsys, "chase", ref, "--profile", profile, "--format", "txt")
    assert code == 0, err
    assert "no `sent` event" in err and "named by the date it was received" not in err
    text = " ".join(Path(out.strip()).read_text(encoding="utf-8").split())
    assert "Subject access request received on 1 October 2026: no answer yet." in text
    assert "You received our client's subject access request on 1 October 2026." in text
    assert "Copy of our client's subject access request received on 1 October 2026" in text
