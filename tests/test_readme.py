"""The README names every command and every public library name (its outputs are checked by
`cog --check` in `make test`)."""

from __future__ import annotations

from pathlib import Path

import plancli
from plancli.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_has_a_section_with_real_output():
    names = [command.name for command in app.registered_commands]
    assert names, "no commands registered"
    for name in names:
        assert f"### plancli {name}" in README, f"no README section for plancli {name}"
        assert f"$ plancli {name}" in README or f"`plancli {name}" in README, f"no example of plancli {name}"


def test_every_public_name_is_in_the_readme():
    missing = [name for name in plancli.__all__ if f"`{name}`" not in README and f"plancli.{name}(" not in README]
    assert not missing, f"public names missing from the README: {missing}"


def test_readme_outputs_are_generated_not_pasted():
    assert README.count("[[[cog") >= len(app.registered_commands)
