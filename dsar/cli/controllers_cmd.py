"""`dsar controllers list|show|search`: the directory of organisations.

A record can come from the user (--controllers DIR, DSAR_CONTROLLERS_DIR) and a fact from
the tracker (`dsar controllers set`), so every line printed from them goes through
dsar.terminal.shown: no terminal escapes, a line break in a value shown as \\n. (--json is
data: json.dumps escapes every control character.)
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from dsar.cli.state import settings
from dsar.terminal import shown

if TYPE_CHECKING:
    from dsar.directory.loading import Directory
    from dsar.directory.records import Controller

controllers_app = typer.Typer(
    help="The organisations dsar knows: where to send requests. When a record lacks a contact "
         "(`dsar controllers coverage --missing`), check the organisation's live page and record "
         "what it says, with the page: `dsar controllers set ID FIELD VALUE --source URL`. "
         "Everyone using the same tracker then gets it in their letters.",
    no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def register(app: typer.Typer) -> None:
    app.add_typer(controllers_app, name="controllers")


def _line(c: Controller) -> str:
    return f"{c.id:32} {c.kind.value:16} {c.nation.value:16} {c.name}"


@controllers_app.command("list")
def list_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(
        "--kind", help="Only this kind: government, police, criminal-records, regulator, processor.",
    )] = None,
    nation: Annotated[str | None, typer.Option(
        "--nation", help="Only this nation: england, wales, scotland, northern-ireland.",
    )] = None,
    as_json: JsonOption = False,
) -> None:
    """List organisations: id, kind, nation and name."""
    from dsar.directory.search import select

    records = select(settings(ctx).directory(), kind=kind, nation=nation)
    if as_json:
        print(json.dumps([c.model_dump(mode="json") for c in records], indent=2))
        return
    for c in records:
        print(shown(_line(c)))


@controllers_app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(
        metavar="TEXT", help="A name, short name (met, gmp), town, or your own words (tag, "
                             "immigration bail, brook house, tribunal).")],
    as_json: JsonOption = False,
) -> None:
    """Find organisations by name, short name, town or people's words, best match first, each
    with what matched and why."""
    from dsar.directory.search import search as find

    directory = settings(ctx).directory()
    hits = find(directory, text)
    if as_json:
        print(json.dumps([h.as_dict() for h in hits], indent=2))
        return
    for hit in hits:
        c = hit.controller
        redirect = ""
        if len(c.works_for) > 1:
            redirect = " -> " + "; ".join(
                f"for {r.what}, send requests to {_name_of(directory, r.controller)}"
                for r in c.works_for)
        elif c.redirect_to:
            redirect = f" -> send requests to {_name_of(directory, c.redirect_to)}"
        print(shown(f"{_line(c)} [{hit.matched}]{redirect}"))


@controllers_app.command("coverage")
def coverage_(
    ctx: typer.Context,
    show_missing: Annotated[bool, typer.Option(
        "--missing", help="List the organisations still without an address, email or form, "
                          "most used first (from the tracker).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Count the records, their channels, and their facts by age band and by how they were sourced."""
    from dsar.directory.checks import coverage, missing, recheck_first

    directory = settings(ctx).directory()
    if show_missing:
        rows = missing(directory, _requests_per_controller(ctx))
        if as_json:
            print(json.dumps([{"id": cid, "requests": n} for cid, n in rows], indent=2))
            return
        for cid, n in rows:
            c = directory.get(cid)
            print(shown(f"{cid:32} {n:5} request{'s' if n != 1 else ' '}  {c.sar_page or 'no page known'}"))
        return
    counts = coverage(directory)
    first = recheck_first(directory)
    if as_json:
        print(json.dumps({**counts, "re-check first": [
            {"id": cid, "facts old": old, "facts undated": undated} for cid, old, undated in first]},
            indent=2))
        return
    width = max(len(label) for label in counts) + 2
    for label, count in counts.items():
        print(f"{label:{width}} {count}")
    if first:
        print("re-check first (facts old, undated):")
        for cid, old, undated in first:
            print(f"  {cid:{width - 2}} {old}, {undated}")


def _requests_per_controller(ctx: typer.Context) -> dict[str, int]:
    from dsar.tracker import Tracker
    from dsar.tracker.local_facts import requests_per_controller, tracker_exists

    db = settings(ctx).db
    if not tracker_exists(db):
        return {}
    with Tracker.open(db) as tracker:
        return requests_per_controller(tracker)


def _name_of(directory: Directory, controller_id: str) -> str:
    if controller_id in directory:
        return f"{directory.get(controller_id).name} ({controller_id})"
    return controller_id


@controllers_app.command("show")
def show(
    ctx: typer.Context,
    controller_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: JsonOption = False,
) -> None:
    """Show one organisation's record, with the source, read date and age of each contact fact."""
    from dsar.directory.checks import contact_warnings

    directory = settings(ctx).directory()
    c = directory.get(controller_id)
    warnings = {"access": contact_warnings(c, "access")}
    if c.erasure is not None:
        warnings["erasure"] = contact_warnings(c, "erasure")
    if as_json:
        data = c.model_dump(mode="json")
        data["origin"] = str(directory.origins.get(c.id, ""))
        data["warnings"] = warnings
        print(json.dumps(data, indent=2))
        return
    for line in show_lines(directory, c, warnings):
        print(line)
    for line in _history_lines(ctx, c.id):
        print(shown(line))


def _history_lines(ctx: typer.Context, controller_id: str) -> list[str]:
    """Every fact the organisation recorded for this body, oldest first, unsets included."""
    from dsar.tracker import Tracker
    from dsar.tracker.local_facts import history, tracker_exists

    db = settings(ctx).db
    if not tracker_exists(db):
        return []
    with Tracker.open(db) as tracker:
        rows = history(tracker, controller_id)
    if not rows:
        return []
    out = ["  recorded by your organisation (history, oldest first):"]
    for r in rows:
        what = (", ".join(r.value) if isinstance(r.value, list) else r.value) if r.value is not None \
            else "unset"
        where = f" from {r.source}, read {r.read_on.isoformat()}" if r.source and r.read_on else ""
        out.append(f"    {r.set_at:%Y-%m-%d %H:%M} {r.set_by}: {r.field.replace('_', '-')} "
                   f"({r.contacts}) = {what}{where}")
    return out


def _shipped(directory: Directory, controller_id: str) -> bool:
    from dsar.paths import letters_dir

    origin = directory.origins.get(controller_id)
    return origin is None or origin.parent == letters_dir() / "controllers"


def show_lines(directory: Directory, c: Controller, warnings: dict[str, list[str]]) -> list[str]:
    """The text `dsar controllers show` prints: sources as pages and read dates, no file paths.

    Each line is one line whatever a record holds (dsar.terminal.shown)."""
    from dsar.directory.checks import source_text

    out = [f"{c.name} ({c.id})",
           f"  kind: {c.kind.value}; nation: {c.nation.value}; law: "
           f"{', '.join(r.value for r in c.regimes)}",
           f"  researched on: {c.researched_on.isoformat()} (from public pages; not a check of "
           f"the live site)"]
    if not _shipped(directory, c.id):
        out.append("  from your organisation's own records folder")
    if c.aliases:
        out.append(f"  also called: {', '.join(c.aliases)}")
    if c.areas:
        out.append(f"  areas: {', '.join(c.areas)}")
    if c.redirect_to:
        out.append(f"  send requests to: {_name_of(directory, c.redirect_to)}")
    for route in c.works_for:
        out.append(f"  for {route.what}: send requests to {_name_of(directory, route.controller)}")
    out.append(f"  subject access page: {c.sar_page or 'none known'}")
    for label, contacts in (("access", c.access), ("erasure", c.erasure)):
        if contacts is None:
            continue
        out.append(f"  {label} requests:" + (f" {contacts.unit}" if contacts.unit else ""))
        facts = contacts.facts()
        if not facts:
            out.append("    no contact facts known")
        if contacts.prefer is not None:
            out.append(f"    asks for: {' or '.join(contacts.prefer.channels)} ({contacts.prefer.why})")
            out.append(f"      source: {source_text(contacts.prefer)} "
                       f"({contacts.prefer.dating()[1]})")
            if contacts.prefer.note:
                out.append(f"      note: {contacts.prefer.note}")
        for name, fact in facts.items():
            out.append(f"    {name}: {fact.text}")
            _, dated = fact.dating()
            out.append(f"      source: {source_text(fact)} ({dated})")
            if fact.disagrees:
                out.append(f"      another source disagrees: {fact.disagrees}")
            if not fact.for_requests:
                out.append("      not given by its source as where requests go")
            if fact.note:
                out.append(f"      note: {fact.note}")
    if c.id_required:
        if c.id_required_source is None:
            where = "no source: the usual practice, not confirmed"
        else:
            where = f"source: {source_text(c.id_required_source)}; {c.id_required_source.dating()[1]}"
        out.append(f"  ID it asks for ({where}):")
        out += [f"    - {item}" for item in c.id_required]
    if c.identifiers:
        out.append(f"  identifiers it uses: {', '.join(c.identifiers)}")
    if c.systems:
        out.append("  records worth naming:")
        out += [f"    - {item}" for item in c.systems]
    for person_fact, items in c.systems_for.items():
        out.append(f"  records worth naming for {person_fact}:")
        out += [f"    - {item}" for item in items]
    if c.notes:
        out.append("  notes:")
        out += [f"    - {item}" for item in c.notes]
    for kind, lines in warnings.items():
        if lines:
            out.append(f"  check before sending ({kind}):")
            out += [f"    ! {line}" for line in lines]
    return [shown(line) for line in out]


@controllers_app.command("set")
def set_(
    ctx: typer.Context,
    controller_id: Annotated[str, typer.Argument(metavar="ID")],
    field: Annotated[str, typer.Argument(
        metavar="FIELD", help="address (lines separated by ;), postcode, email, online-form, phone "
                              "or id-required (items separated by ;).")],
    value: Annotated[str, typer.Argument(metavar="VALUE")],
    source: Annotated[str | None, typer.Option(
        "--source", help="The page you read it on (http:// or https://). Required.",
        show_default=False)] = None,
    read_on: Annotated[str | None, typer.Option(
        "--read-on", help="The date you read the page (default: today).", show_default=False)] = None,
    contacts: Annotated[str, typer.Option(
        "--for", help="Which requests it is for: access or erasure.")] = "access",
    note: Annotated[str | None, typer.Option("--note", help="Anything a colleague should know.",
                                             show_default=False)] = None,
) -> None:
    """Record a contact fact you read on the organisation's live page, with that page.

    Stored in the tracker (shared in team mode), with your user name and the time; it fills
    in or replaces the built-in fact in letters, warnings and `controllers show`.
    """
    from dsar.clock import today
    from dsar.dates import parse_date
    from dsar.directory.local import check, field_named, parse_value
    from dsar.errors import ControllerError
    from dsar.tracker import Tracker
    from dsar.tracker.local_facts import record

    state = settings(ctx)
    directory = state.directory()
    c = directory.get(controller_id)
    name = field_named(field)
    if source is None or not source.strip():
        raise ControllerError(["--source is required: give the page you read it on "
                               "(https://...), so colleagues can check it"])
    if read_on is None:
        day = today()
    else:
        try:
            day = parse_date(read_on)
        except ValueError as exc:
            raise ControllerError([f"--read-on: {exc}"]) from None
        if day > today():
            raise ControllerError([f"--read-on: {day.isoformat()} is in the future; give the date "
                                   "you read the page"])
    if name == "id_required" and contacts != "access":
        raise ControllerError(["--for: id-required applies to the whole organisation; leave --for out"])
    fact = check(c, name, parse_value(name, value), contacts=contacts, source=source,
                 read_on=day, note=note)
    with Tracker.open(state.db) as tracker:
        row = record(tracker, controller_id=c.id, contacts=contacts, field=name, value=fact.value,
                     source=fact.source, read_on=day, note=note)
    print(shown(f"{c.id} {field_named(field).replace('_', '-')} ({contacts}): {fact.text}"))
    if not state.quiet:
        import sys

        print(shown(f"Recorded by {row.set_by} from {fact.source}, read {day.isoformat()}."),
              file=sys.stderr)


@controllers_app.command("unset")
def unset(
    ctx: typer.Context,
    controller_id: Annotated[str, typer.Argument(metavar="ID")],
    field: Annotated[str, typer.Argument(metavar="FIELD")],
    contacts: Annotated[str, typer.Option("--for", help="access or erasure.")] = "access",
) -> None:
    """Remove a fact your organisation recorded (the built-in one, if any, shows again)."""
    from dsar.directory.local import field_named
    from dsar.errors import ControllerError
    from dsar.tracker import Tracker
    from dsar.tracker.local_facts import current, record

    state = settings(ctx)
    c = state.directory().get(controller_id)
    name = field_named(field)
    with Tracker.open(state.db) as tracker:
        if not any((f.controller_id, f.contacts, f.field) == (c.id, contacts, name)
                   for f in current(tracker)):
            raise ControllerError([f"your organisation has recorded no {field} for {c.id} "
                                   f"({contacts}); nothing to unset (see `dsar controllers show {c.id}`)"])
        record(tracker, controller_id=c.id, contacts=contacts, field=name, value=None)
    print(f"{c.id} {name.replace('_', '-')} ({contacts}): unset")


@controllers_app.command("export-local")
def export_local(
    ctx: typer.Context,
    out: Annotated[str, typer.Option("--out", help="Folder to write the records to.")] = "dsar-local-records",
) -> None:
    """Write your organisation's recorded facts as TOML records in the shipped format, with sources.

    Ready to contribute back to letters/controllers/, or to use with --controllers DIR.
    """
    from pathlib import Path

    from dsar.directory.export import record_toml
    from dsar.files import write_private

    directory = settings(ctx).directory()
    ids = sorted({row.controller_id for row in directory.local})  # type: ignore[attr-defined]
    folder = Path(out).expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    for cid in ids:
        path = write_private(folder / f"{cid}.toml", record_toml(directory.get(cid)))
        print(shown(path))
    if not ids:
        print("no facts recorded by your organisation yet (see `dsar controllers set --help`)",
              file=__import__("sys").stderr)
