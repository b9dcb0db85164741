"""`dsar controllers list|show|search`: the directory of organisations."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from dsar.cli.state import settings

controllers_app = typer.Typer(help="The organisations dsar knows: where to send requests.",
                              no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(controllers_app, name="controllers")


@controllers_app.command("list")
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List every organisation: id, kind, nation and name."""
    directory = settings(ctx).directory()
    records = list(directory)
    if as_json:
        print(json.dumps([c.model_dump(mode="json") for c in records], indent=2))
        return
    for c in records:
        print(f"{c.id:32} {c.kind.value:16} {c.nation.value:16} {c.name}")


@controllers_app.command("show")
def show(
    ctx: typer.Context,
    controller_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one organisation's record, with the source and date of each contact fact."""
    c = settings(ctx).directory().get(controller_id)
    if as_json:
        print(json.dumps(c.model_dump(mode="json"), indent=2))
        return
    print(f"{c.name} ({c.id})")
    print(f"  kind: {c.kind.value}; nation: {c.nation.value}; law: "
          f"{', '.join(r.value for r in c.regimes)}")
    print(f"  verified_on: {c.verified_on.isoformat()}")
    for label, contacts in (("access", c.access), ("erasure", c.erasure)):
        if contacts is None:
            continue
        print(f"  {label} requests:" + (f" {contacts.unit}" if contacts.unit else ""))
        for name, fact in contacts.facts().items():
            print(f"    {name}: {fact.text}")
            print(f"      source: {fact.source} (read {fact.read_on.isoformat()}, {fact.age.value})")
