from __future__ import annotations

from pathlib import Path

from dsar.controllers import load_directory
from dsar.directory.names import short_names
from dsar.paths import letters_dir


def test_listing_names_match_the_validated_records() -> None:
    assert short_names() == {c.id: c.short_name for c in load_directory()}


def test_a_users_folder_overrides_names_and_bad_files_are_left_out(tmp_path: Path) -> None:
    record = (letters_dir() / "controllers" / "acro.toml").read_text(encoding="utf-8")
    (tmp_path / "acro.toml").write_text(
        record.replace('short_name = "ACRO"', 'short_name = "ACRO (our copy)"'), encoding="utf-8")
    (tmp_path / "broken.toml").write_text("id = [", encoding="utf-8")
    names = short_names(tmp_path)
    assert names["acro"] == "ACRO (our copy)"
    assert "broken" not in names
    assert names["home-office"] == "Home Office"
