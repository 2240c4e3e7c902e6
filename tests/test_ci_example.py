"""The CI recipe in examples/ci/ cannot rot: its plancli command lines run here on the real plans."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = (ROOT / "examples" / "ci" / "plancli.yml").read_text(encoding="utf-8")


def _plancli_lines() -> list[str]:
    return [match.strip() for match in re.findall(r"(plancli (?:check|diff)[^\n|>]*)", WORKFLOW)]


def test_the_workflow_runs_check_and_diff():
    assert [line.split()[1] for line in _plancli_lines()] == ["check", "diff"]


def test_its_check_line_annotates_the_real_plans(run, data_dir: Path, tmp_path: Path):
    line = _plancli_lines()[0].replace("data/raw/*.txt", " ".join(
        str(p) for p in sorted((data_dir / "raw").glob("*.txt"))))
    summary = tmp_path / "summary.md"
    result = run(*shlex.split(line)[1:], env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1  # the seeds have errors: the step fails, as it should
    assert result.stdout.count("::error ") == 4
    assert "| error | NUM001 numbering-gap |" in summary.read_text(encoding="utf-8")


def test_its_diff_line_writes_markdown_for_the_summary(run, data_dir: Path):
    old = data_dir / "raw" / "huadu.txt"
    new = ROOT / "examples" / "revisions" / "huadu-r2.txt"
    line = _plancli_lines()[1].replace('"build/base/$(basename "$plan")"', str(old)).replace('"$plan"', str(new))
    result = run(*shlex.split(line)[1:])
    assert result.exit_code == 1
    assert result.stdout.startswith("#") and "~~多种形式的读书~~ **全民阅读**" in result.stdout
