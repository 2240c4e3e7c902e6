"""Shared fixtures: the two real plans, parsed once, and a CLI runner on a scratch data folder."""

from __future__ import annotations

import os
import shutil
from functools import cache
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from plancli import parse_file
from plancli.model import Plan

# A CI run must not turn red on an example nobody has seen before: the property tests draw the
# same examples every run. HYPOTHESIS_PROFILE=explore searches afresh (and remembers failures).
settings.register_profile("fixed", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def huadu() -> Plan:
    return parse_file(RAW / "huadu.txt")


@pytest.fixture(scope="session")
def qingcheng() -> Plan:
    return parse_file(RAW / "qingcheng.txt")


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A copy of data/raw/ in a scratch folder, so tests never write into the repository."""
    data = tmp_path / "data"
    shutil.copytree(RAW, data / "raw")
    return data


@pytest.fixture()
def run(data_dir: Path):
    """Invoke the CLI as a user would, in a 100-column terminal, on the scratch data folder."""
    from plancli.cli import app

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, **kwargs):
        env = {"COLUMNS": "100", "PLANCLI_DATA": str(data_dir), "NO_COLOR": "1", **(env or {})}
        return runner.invoke(app, list(args), env=env, catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture(scope="session")
def published_file(tmp_path_factory):
    """A real plan as published (tests/writers.published), written once to a file: call it with
    the plan's name and the form ("pdf", "html", "docx")."""
    from tests.writers import published

    @cache
    def write(name: str, form: str) -> Path:
        path = tmp_path_factory.mktemp(form) / f"{name}.{form}"
        path.write_bytes(published(name, form))
        return path

    return write
