"""The README documents every setting and keeps the two quick-start commands."""

from __future__ import annotations

from pathlib import Path

from pipelines.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_setting_is_in_the_readme_table() -> None:
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in README]
    assert not missing, f"add these to README.md (python -m pipelines.settings prints the table): {missing}"


def test_quick_start_has_exactly_two_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line for line in quick.split("```")[1].strip().splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
