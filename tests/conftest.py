"""Shared fixtures: paths, a fixed 'today', and a clean environment for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's real data folder, controllers folder or clock."""
    monkeypatch.delenv("DSAR_CONTROLLERS_DIR", raising=False)
    monkeypatch.setenv("DSAR_DB", str(tmp_path / "tracker.sqlite"))
    monkeypatch.setenv("DSAR_TODAY", "2026-11-26")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # crash files, the default tracker
