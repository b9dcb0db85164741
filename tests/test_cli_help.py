"""Every command documents itself, and its help reads cleanly."""

from __future__ import annotations

import click
import pytest
import typer.main

from dsar.cli import app, main


def commands() -> list[tuple[str, click.Command]]:
    root = typer.main.get_command(app)
    found: list[tuple[str, click.Command]] = []

    def walk(prefix: str, command: click.Command) -> None:
        found.append((prefix, command))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(f"{prefix} {name}".strip(), sub)

    walk("", root)
    return found


def test_the_commands_the_readme_lists_exist() -> None:
    names = {name for name, _ in commands()}
    expected = {"generate", "demo", "new", "batch", "batch template", "controllers list",
                "controllers show", "controllers search", "track add", "track log", "track list",
                "track show", "track export", "due", "remind", "chase", "complain"}
    assert expected <= names


@pytest.mark.parametrize(("name", "command"), commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_and_no_escaped_brackets(
        name: str, command: click.Command, capsys: pytest.CaptureFixture[str]) -> None:
    assert (command.help or "").strip(), f"`dsar {name}` has no help text"
    try:
        main([*name.split(), "--help"])
    except SystemExit as exc:  # main() exits only on a non-zero code
        pytest.fail(f"`dsar {name} --help` exited with {exc.code}")
    out = capsys.readouterr().out
    assert "Usage: dsar" in out
    assert "\\[" not in out


def test_the_readme_documents_every_command() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    leaves = [name for name, command in commands()
              if name and not isinstance(command, click.Group) and name != "batch run"]
    missing = [name for name in leaves if f"dsar {name}" not in readme]
    assert not missing, f"README.md does not mention: {missing}"


def test_every_command_the_tool_tells_users_to_run_exists() -> None:
    """Hints like "run `dsar new`" in code and wording must name real commands."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    names = {name for name, _ in commands() if name}
    firsts = {name.split()[0] for name in names}
    told: dict[str, set[str]] = {}
    for path in [*(root / "dsar").rglob("*.py"), *(root / "letters").rglob("*.j2"),
                 *(root / "letters").rglob("*.toml")]:
        for word in re.findall(r"`dsar ([a-z][a-z-]+)", path.read_text(encoding="utf-8")):
            told.setdefault(word, set()).add(path.name)
    unknown = {word: sorted(files) for word, files in told.items() if word not in firsts}
    assert not unknown, f"hints name commands that do not exist: {unknown}"


def test_help_lists_commands_in_the_order_a_newcomer_meets_them(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        main(["--help"])
    except SystemExit as exc:
        assert not exc.code
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.split("Commands:", 1)[1].splitlines() if line.startswith("  ")]
    assert listed == ["new", "generate", "batch", "due", "remind", "track", "chase", "complain",
                      "controllers", "demo"]
