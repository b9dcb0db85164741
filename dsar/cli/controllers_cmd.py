"""`dsar controllers list|show|search`: the directory of organisations."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from dsar.cli.state import settings

if TYPE_CHECKING:
    from dsar.directory.loading import Directory
    from dsar.directory.records import Controller

controllers_app = typer.Typer(help="The organisations dsar knows: where to send requests.",
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
        print(_line(c))


@controllers_app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="A name, short name (met, gmp) or town.")],
    as_json: JsonOption = False,
) -> None:
    """Find organisations by name, short name or town, best match first."""
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
        print(f"{_line(c)} [{hit.matched}]{redirect}")


@controllers_app.command("coverage")
def coverage_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Count the records, their channels, and their facts by age band and by how they were sourced."""
    from dsar.directory.checks import coverage, recheck_first

    directory = settings(ctx).directory()
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


def _shipped(directory: Directory, controller_id: str) -> bool:
    from dsar.paths import letters_dir

    origin = directory.origins.get(controller_id)
    return origin is None or origin.parent == letters_dir() / "controllers"


def show_lines(directory: Directory, c: Controller, warnings: dict[str, list[str]]) -> list[str]:
    """The text `dsar controllers show` prints: sources as pages and read dates, no file paths."""
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
        where = c.id_required_source or "no source: the usual practice, not confirmed"
        out.append(f"  ID it asks for ({where}):")
        out += [f"    - {item}" for item in c.id_required]
    if c.identifiers:
        out.append(f"  identifiers it uses: {', '.join(c.identifiers)}")
    if c.systems:
        out.append("  records worth naming:")
        out += [f"    - {item}" for item in c.systems]
    if c.notes:
        out.append("  notes:")
        out += [f"    - {item}" for item in c.notes]
    for kind, lines in warnings.items():
        if lines:
            out.append(f"  check before sending ({kind}):")
            out += [f"    ! {line}" for line in lines]
    return out
