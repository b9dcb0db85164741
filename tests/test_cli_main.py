"""The one place that turns failures into messages: dsar.cli.main."""

from __future__ import annotations

import pytest

from dsar.cli.state import Settings
from tests.cli_runner import run_cli


def test_ctrl_c_in_any_command_says_stopped_and_exits_130(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: Settings) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Settings, "directory", interrupted)
    assert run_cli(capsys, "controllers", "list") == (130, "", "Stopped.\n")


def test_a_usage_mistake_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "track", "lgo") == (
        1, "", "Error: No such command 'lgo'. (see `dsar track --help`)\n")
    assert run_cli(capsys, "due", "--within", "soon") == (
        1, "", "Error: Invalid value for '--within': 'soon' is not a valid integer range. (see `dsar due --help`)\n")
