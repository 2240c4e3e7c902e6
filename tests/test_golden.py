"""Golden files: the rendered outputs of compare and summarize on the real plans, byte for byte.

Regenerate after an intended change with PLANCLI_REGOLD=1; the tests then fail on purpose, so a
run with the variable left on can never pass in CI.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
REGOLD = os.environ.get("PLANCLI_REGOLD") == "1"

CASES = [
    ("compare.txt", ["compare", "huadu", "qingcheng"]),
    ("compare.md", ["compare", "huadu", "qingcheng", "-f", "markdown"]),
    ("compare.json", ["compare", "huadu", "qingcheng", "-f", "json"]),
    ("compare.csv", ["compare", "huadu", "qingcheng", "-f", "csv"]),
    ("summarize-huadu.txt", ["summarize", "huadu"]),
    ("summarize-qingcheng.md", ["summarize", "qingcheng", "-f", "markdown"]),
    ("summarize-qingcheng.json", ["summarize", "qingcheng", "-f", "json"]),
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_rendered_output_matches_its_golden_file(run, name: str, args: list[str]):
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / name
    if REGOLD:
        golden.write_text(result.stdout, encoding="utf-8")
        pytest.fail(f"regenerated {golden.name}: unset PLANCLI_REGOLD and run again")
    assert result.stdout == golden.read_text(encoding="utf-8")
