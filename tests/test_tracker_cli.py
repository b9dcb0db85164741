"""`dsar track add|log|list|show`, `dsar due` (with --ics) and `dsar remind`, through dsar.cli.main."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import run_cli as run


@pytest.fixture
def sent(capsys: pytest.CaptureFixture[str]) -> str:
    """A Home Office access request sent by email on Thu 1 Oct 2026 (due Mon 2 Nov: overdue)."""
    code, out, _ = run(capsys, "track", "add", "--controller", "home-office", "--requester", "Amira Example")
    assert code == 0
    ref = out.strip()
    assert run(capsys, "track", "log", ref, "sent", "--on", "2026-10-01", "--via", "email")[0] == 0
    return ref


def test_add_prints_the_ref_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "track", "add", "--controller", "police-scotland", "--requester", "Bo",
                         "--kind", "erasure", "--client-reference", "F-9")
    assert (code, out) == (0, "R-000001\n")
    assert "dsar track log R-000001 sent" in err
    code, out, _ = run(capsys, "track", "add", "--controller", "acro", "--requester", "Bo", "--json",
                       "--created", "2026-11-02")
    assert code == 0
    from dsar.controllers import load_directory

    acro = load_directory(None).get("acro")
    assert json.loads(out) == {"ref": "R-000002", "controller": "acro", "kind": "access",
                               "regime": [r.value for r in acro.regimes],
                               "nation": acro.nation.value, "requester": "Bo",
                               "client_reference": None, "created": "2026-11-02"}


def test_add_for_a_processor_tracks_its_controller(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 10 item 10: the tracker records a request against the controller, never a processor."""
    code, out, err = run(capsys, "track", "add", "--controller", "buddi", "--requester", "Bo", "--json")
    assert code == 0
    assert json.loads(out)["controller"] == "home-office"
    assert ("Warning: Buddi processes data for Home Office, which is the controller: tracking this "
            "request against Home Office (home-office)") in err


@pytest.mark.parametrize(("args", "message"), [
    (["track", "add", "--controller", "home-office-x", "--requester", "A"],
     'Error: no organisation with id "home-office-x"; did you mean home-office? see `dsar controllers '
     "list` or `dsar controllers search TEXT`"),
    (["track", "add", "--controller", "acro", "--requester", "A", "--kind", "copy"],
     'Error: unknown request kind "copy"; use one of: access, erasure'),
    (["track", "add", "--controller", "acro", "--requester", "A", "--created", "04/13/2026"],
     'Error: --created "04/13/2026" has no month 13: the order is day/month/year (so 13/04/2026 for that '
     "date), e.g. 25/12/2026 or 2026-12-25"),
    (["track", "add", "--controller", "acro", "--requester", "A", "--created", "last week"],
     'Error: --created "last week" is not a date; write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or '
     "2026-12-25"),
    (["track", "show", "R-000077"], "Error: no request R-000077 in this tracker; see `dsar track list`"),
    (["track", "show", "seven"],
     'Error: "seven" is not a request ref; refs look like R-000123 (see `dsar track list`)'),
    (["--db", "/no/such/folder/t.db", "due"],
     "Error: the folder /no/such/folder does not exist; create it or give another --db path"),
])
def test_bad_input_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], args: list[str],
                                          message: str) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (1, "", message + "\n")


@pytest.mark.parametrize(("args", "message"), [
    (["sent", "--via", "pigeon"],
     'Error: unknown way of sending "pigeon"; use one of: email, online-form, post-first, post-second, hand'),
    (["sent", "--on", "2026-12-01"],
     "Error: 2026-12-01 is after today (2026-11-26); log events when they have happened"),
    (["sent", "--on", "2026-02-30"], 'Error: --on "2026-02-30" is not a day of the calendar (check the day of '
                                     "the month); write it as YYYY-MM-DD or DD/MM/YYYY, e.g. 25/12/2026 or "
                                     "2026-12-25"),
    (["responded", "--missing", "copy"],
     "Error: --missing goes with partial-response; e.g. dsar track log R-000001 partial-response "
     "--missing copy,recipients"),
    (["sended"], 'Error: unknown event "sended"; use one of: drafted, sent, received, acknowledged, '
     "id-requested, id-provided, fee-requested, fee-paid, clarification-requested, "
     "clarification-provided, extended, responded, partial-response, refused, complaint-sent, "
     "complaint-acknowledged, ico-complaint, closed, note, chase-sent, reasons-requested"),
])
def test_log_errors_leave_the_history_alone(capsys: pytest.CaptureFixture[str], sent: str,
                                            args: list[str], message: str) -> None:
    assert run(capsys, "track", "log", sent, *args) == (1, "", message + "\n")
    history = json.loads(run(capsys, "track", "show", sent, "--json")[1])["events"]
    assert [e["event"] for e in history] == ["sent"]


def test_log_says_the_new_status_and_warns_about_odd_events(capsys: pytest.CaptureFixture[str],
                                                            sent: str) -> None:
    code, out, err = run(capsys, "track", "log", sent, "id-provided", "--on", "2026-10-03")
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        "Warning: id-provided logged with no id-requested before it; the deadline engine ignores "
        "id-provided until id-requested is logged too",
        "Logged id-provided on Sat 3 Oct 2026 for R-000001.",
        "Now: overdue. Chase them: the answer was due on Mon 2 Nov 2026",
    ]
    assert run(capsys, "--quiet", "track", "log", sent, "note", "--note", "phoned them")[2] == ""


def test_partial_response_keeps_what_is_missing(capsys: pytest.CaptureFixture[str], sent: str,
                                                tmp_path: Path) -> None:
    reply = tmp_path / "reply.pdf"
    reply.write_bytes(b"%PDF-1.4")
    assert run(capsys, "track", "log", sent, "partial-response", "--on", "2026-11-20",
               "--missing", "copy, recipients", "--file", str(reply))[0] == 0
    shown = json.loads(run(capsys, "track", "show", sent, "--json")[1])
    assert shown["events"][-1]["data"] == {"missing": ["copy", "recipients"]}
    assert shown["files"] == [str(reply)]
    assert shown["status"] == "partial"


def test_show_has_the_working_and_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str],
                                                               sent: str) -> None:
    code, out, _ = run(capsys, "track", "show", sent)
    assert code == 0
    assert "Status: overdue" in out
    assert "Deadline: Mon 2 Nov 2026 (overdue by 24 days)" in out
    assert ("one month later: Sun 1 Nov 2026; a weekend, so the next working day: Mon 2 Nov 2026"
            in out)
    assert "  2026-10-01  sent  via email" in out
    data = json.loads(run(capsys, "track", "show", sent, "--json")[1])
    assert {"ref", "controller", "kind", "regime", "status", "relevant_time", "due_on", "explanation",
            "events", "next_step", "action", "days_overdue"} <= set(data)
    assert (data["ref"], data["controller"], data["regime"], data["status"], data["relevant_time"],
            data["due_on"], data["action"]) == (sent, "home-office", ["uk-gdpr", "dpa-part-3"], "overdue",
                                                "2026-10-01", "2026-11-02", "chase")


def test_list_and_filters(capsys: pytest.CaptureFixture[str], sent: str) -> None:
    run(capsys, "track", "add", "--controller", "acro", "--requester", "Bo")
    code, out, _ = run(capsys, "track", "list")
    assert code == 0
    assert out.splitlines() == [
        "R-000001  Home Office  access  overdue  due 2026-11-02  Amira Example",
        "R-000002  ACRO  access  draft  due -  Bo",
    ]
    assert [r["ref"] for r in json.loads(run(capsys, "track", "list", "--status", "draft",
                                               "--json")[1])] == ["R-000002"]
    assert run(capsys, "track", "list", "--controller", "met")[1:] == ("", "No requests match.\n")


def test_due_and_remind(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "remind") == (0, "", "")  # nothing tracked: silent, for cron
    assert run(capsys, "due") == (0, "", "Nothing overdue or due in the next 14 days.\n")
    run(capsys, "track", "add", "--controller", "home-office", "--requester", "Amira Example")
    run(capsys, "track", "log", "R-000001", "sent", "--on", "2026-11-16", "--via", "email")
    # due Wed 16 Dec 2026: 20 days away
    assert run(capsys, "remind") == (0, "", "")
    assert run(capsys, "due", "--within", "19")[1] == ""
    line = ("R-000001  Home Office access for Amira Example: due Wed 16 Dec 2026. "
            "Wait: the answer is due on Wed 16 Dec 2026")
    assert run(capsys, "due", "--within", "20")[1] == line + "\n"
    assert run(capsys, "--quiet", "remind", "--within", "30")[1:] == (
        "dsar: 1 request needs attention (2026-11-26):\n" + line + "\n", "")
    rows = json.loads(run(capsys, "due", "--within", "30", "--json")[1])
    assert [(r["ref"], r["due_on"], r["action"], r["days_overdue"]) for r in rows] == [
        ("R-000001", "2026-12-16", "wait", 0)]


def test_ics_export_is_private_and_its_uids_are_stable(capsys: pytest.CaptureFixture[str], sent: str,
                                                       tmp_path: Path) -> None:
    from icalendar import Calendar

    run(capsys, "track", "add", "--controller", "acro", "--requester", "Bo")
    run(capsys, "track", "log", "R-000002", "sent", "--on", "2026-11-16", "--via", "email")
    path = tmp_path / "cal" / "dsar.ics"
    code, _, err = run(capsys, "due", "--ics", str(path))
    assert code == 0 and err.startswith(f"Wrote 2 deadlines to {path}.")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    def events(p: Path) -> dict[str, tuple[str, object, int]]:
        cal = Calendar.from_ical(p.read_bytes())
        return {str(ev["uid"]): (str(ev["summary"]), ev.decoded("dtstart"), int(ev["sequence"]))
                for ev in cal.walk("VEVENT")}

    first = events(path)
    assert sorted(v[:2] for v in first.values()) == sorted([
        ("R-000001 Home Office access: reply due", __import__("datetime").date(2026, 11, 2)),
        ("R-000002 ACRO access: reply due", __import__("datetime").date(2026, 12, 16)),
    ])
    cal = Calendar.from_ical(path.read_bytes())
    alarm = next(iter(cal.walk("VALARM")))
    assert str(alarm["action"]) == "DISPLAY" and alarm.decoded("trigger").days == -3
    # an extension logged in time moves the date; a re-export keeps the UID, raises SEQUENCE
    run(capsys, "track", "log", "R-000002", "extended", "--on", "2026-11-20")
    run(capsys, "due", "--ics", str(path))
    second = events(path)
    assert set(second) == set(first)
    uid = next(u for u in second if u.startswith("R-000002-response-"))
    assert second[uid][1] == __import__("datetime").date(2027, 2, 16)
    assert second[uid][2] == first[uid][2] + 1


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from dsar.cli import main\n"
            "try:\n    main(['track', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'icalendar', 'holidays') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_due_names_the_command_for_each_next_step(capsys: pytest.CaptureFixture[str], sent: str) -> None:
    # sent Thu 1 Oct 2026, due Mon 2 Nov 2026: overdue on 26 Nov, so the next step is a chaser
    code, out, _ = run(capsys, "due")
    assert code == 0
    # added by hand: no sender recorded, so the hint asks for a profile (once)
    needs = "  # PROFILE: the sender's profile file; needed once, then remembered"
    assert out.splitlines()[1] == f"    then: dsar chase {sent} --profile PROFILE{needs}"
    assert json.loads(run(capsys, "due", "--json")[1])[0]["command"] == f"dsar chase {sent} --profile PROFILE{needs}"
    run(capsys, "track", "log", sent, "chase-sent", "--on", "2026-11-05", "--via", "email")
    # the chaser's final date, 19 Nov, has passed: complain to the organisation
    assert run(capsys, "due")[1].splitlines()[1] == (
        f"    then: dsar complain {sent} --to controller --profile PROFILE{needs}")


def test_a_chased_partial_answer_stays_in_due_and_the_calendar(capsys: pytest.CaptureFixture[str], sent: str,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    """Issue 11 item 12: after a partial answer was chased, the request vanished until the final date."""
    from icalendar import Calendar

    assert run(capsys, "track", "log", sent, "partial-response", "--on", "2026-11-20", "--missing", "copy")[0] == 0
    assert run(capsys, "track", "log", sent, "chase-sent", "--on", "2026-11-24", "--via", "email")[0] == 0
    for within in ("0", "30"):
        code, out, _ = run(capsys, "due", "--within", within)
        assert code == 0
        assert out.startswith(f"{sent}  Home Office access for Amira Example: partly answered, chased; reply due "
                              "Tue 8 Dec 2026. Wait for an answer to your chaser until Tue 8 Dec 2026; then "
                              "complain")
    rows = json.loads(run(capsys, "due", "--json")[1])
    assert [(r["ref"], r["chaser_reply_due"]) for r in rows] == [(sent, "2026-12-08")]
    path = tmp_path / "dsar.ics"
    assert run(capsys, "due", "--ics", str(path))[0] == 0
    [event] = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert event.decoded("dtstart") == __import__("datetime").date(2026, 12, 8)
    text = str(event["description"])
    assert "Final date for an answer to your letter: Tue 8 Dec 2026." in text
    assert f"Then run: dsar complain {sent} --to controller" in text


def test_calendar_text_says_no_today(capsys: pytest.CaptureFixture[str], sent: str, tmp_path: Path) -> None:
    """Issue 11 item 8: "Today, Tue 1 Dec 2026, ... overdue" was frozen into calendar entries."""
    from icalendar import Calendar

    path = tmp_path / "dsar.ics"
    assert run(capsys, "due", "--ics", str(path))[0] == 0  # overdue today (26 Nov): the text must not say so
    [event] = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    text = str(event["description"])
    assert "today" not in text.lower() and "overdue" not in text.lower()
    assert "Reply due: Mon 2 Nov 2026." in text
    assert "If no full answer has come by the end of this day, chase them." in text
    assert f"Then run: dsar chase {sent}" in text
    assert "How the deadline was worked out:" in text and "the next working day: Mon 2 Nov 2026" in text


def test_show_gives_both_dates_for_an_old_rules_request_under_both_regimes(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11 item 10: received Mon 1 Sep 2025 by Police Scotland, extension notice Fri 5 Sep 2025:
    UK GDPR three months (Mon 1 Dec 2025 is St Andrew's Day in Scotland: Tue 2 Dec 2025), Part 3
    none (Wed 1 Oct 2025)."""
    _, out, _ = run(capsys, "track", "add", "--controller", "police-scotland", "--requester", "Bo",
                       "--created", "2025-08-29")
    ref = out.strip()
    run(capsys, "track", "log", ref, "received", "--on", "2025-09-01")
    run(capsys, "track", "log", ref, "extended", "--on", "2025-09-05")
    shown = json.loads(run(capsys, "track", "show", ref, "--json")[1])
    assert (shown["due_on"], shown["part3_due_on"]) == ("2025-12-02", "2025-10-01")
    text = run(capsys, "track", "show", ref)[1]
    assert "Deadline: Tue 2 Dec 2025\n" in text
    assert "Deadline for data under DPA 2018 Part 3: Wed 1 Oct 2025 (overdue by 421 days)" in text


def test_dates_are_typed_day_first_as_in_the_uk(capsys: pytest.CaptureFixture[str], sent: str) -> None:
    """Issue 11 item 13: `dsar track log R sent --on 22/10/2026` was refused."""
    code, _, err = run(capsys, "track", "log", sent, "acknowledged", "--on", "22/10/2026")
    assert code == 0, err
    assert "Logged acknowledged on Thu 22 Oct 2026" in err
    code, out, err = run(capsys, "track", "log", sent, "note", "--on", "10/22/2026")
    assert (code, out) == (1, "") and err.startswith('Error: --on "10/22/2026" has no month 22: the order is '
                                                     "day/month/year")
    _, shown, _ = run(capsys, "track", "show", sent, "--json")
    assert [e["event"] for e in json.loads(shown)["events"]] == ["sent", "acknowledged"]
    help_text = " ".join(run(capsys, "track", "log", "--help")[1].split())
    assert "YYYY-MM-DD or DD/MM/YYYY" in help_text


def test_due_says_to_log_a_draft_by_its_own_route(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A draft's `then:` line names the route its letter was to go by (send_route), not email for
    all: Home Office erasure goes by post, its access requests by its form; with no route known,
    it says so instead of suggesting one."""
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "nowhere-body.toml").write_text(
        'id = "nowhere-body"\nname = "Nowhere Body"\nshort_name = "Nowhere"\nkind = "government"\n'
        'nation = "england"\nregimes = ["uk-gdpr"]\nresearched_on = 2026-11-26\n', encoding="utf-8")
    for controller, kind in (("home-office", "erasure"), ("home-office", "access"), ("nowhere-body", "access")):
        code, _, err = run(capsys, "--controllers", str(folder), "track", "add", "--controller", controller,
                           "--requester", "Bo", "--kind", kind)
        assert code == 0, err
    code, out, err = run(capsys, "--controllers", str(folder), "due")
    assert code == 0, err
    then = [line.strip() for line in out.splitlines() if line.startswith("    then: ")]
    assert then[0] == ("then: dsar track log R-000001 sent --via post-first  "
                       "# or --via email, online-form, post-second, hand")
    assert then[1] == ("then: dsar track log R-000002 sent --via online-form  "
                       "# or --via email, post-first, post-second, hand")
    assert then[2].startswith("then: dsar track log R-000003 sent --via HOW  # no email, online form or postal "
                              "address is known for this organisation")
    _, out, _ = run(capsys, "--controllers", str(folder), "due", "--json")
    assert [d["command"].split("  #")[0] for d in json.loads(out)] == [
        "dsar track log R-000001 sent --via post-first", "dsar track log R-000002 sent --via online-form",
        "dsar track log R-000003 sent --via HOW"]
    _, out, _ = run(capsys, "--controllers", str(folder), "track", "show", "R-000001")
    assert "(`dsar track log R-000001 sent --via post-first  # or" in out
    _, out, _ = run(capsys, "--controllers", str(folder), "remind")
    assert "R-000001 sent --via post-first" in out
