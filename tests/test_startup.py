"""Start-up: a command imports only what it uses (the import budget), whatever it is run on."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plancli.cli import COMMAND_VIEWS, app

ROOT = Path(__file__).resolve().parents[1]
# Runs the command line on ARGS and writes the names of every module imported to FILE.
SCRIPT = (
    "import json, sys\n"
    "file, sys.argv = sys.argv[1], ['plancli', *sys.argv[2:]]\n"
    "from plancli.cli import main\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "open(file, 'w').write(json.dumps(sorted(sys.modules)))\n"
)
NEVER = ("jieba", "docx", "lxml", "plancli.words", "plancli.extract", "plancli.storage.batch",
         "plancli.storage.store", "concurrent", "sqlite3")


def imported(tmp_path: Path, *args: str) -> set[str]:
    file = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-c", SCRIPT, str(file), *args], check=True, capture_output=True, env=env,
                   cwd=tmp_path)
    return set(json.loads(file.read_text()))


def test_help_imports_no_analysis_model_or_renderer(tmp_path: Path):
    modules = imported(tmp_path, "--help")
    assert "plancli.cli" in modules
    heavy = sorted(m for m in modules if m.startswith((*NEVER, "plancli.analyses", "plancli.model", "plancli.parse",
                                                       "plancli.readers", "plancli.storage", "pydantic", "rich")))
    assert heavy == []
    assert {m for m in modules if m.startswith("plancli.render")} == {"plancli.render", "plancli.render.formats"}


def test_outline_of_a_cached_plan_imports_only_outline(tmp_path: Path, data_dir: Path):
    subprocess.run([sys.executable, "-m", "plancli", "parse", "huadu", "--data", str(data_dir)], check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    modules = imported(tmp_path, "outline", "huadu", "--data", str(data_dir))
    assert "plancli.analyses.outline" in modules and "plancli.render.outline" in modules
    assert sorted(m for m in modules if m.startswith(NEVER)) == []
    assert {m for m in modules if m.startswith("plancli.analyses.")} == {"plancli.analyses.outline"}
    assert {m for m in modules if m.startswith("plancli.render.")} == {
        "plancli.render.base", "plancli.render.formats", "plancli.render.outline"}
    assert "plancli.parse.tree" not in modules  # a cached plan is not parsed


@pytest.mark.parametrize("name", sorted(COMMAND_VIEWS))
def test_each_command_declares_its_views_formats(name: str):
    view, formats = COMMAND_VIEWS[name]
    module, cls = view.split(":")
    assert [f.value for f in getattr(importlib.import_module(module), cls).formats()] == formats.split()


def test_every_command_is_declared():
    assert sorted(c.name for c in app.registered_commands) == sorted(COMMAND_VIEWS)
