"""plancli check from the command line: exit codes, CI formats, baselines, configuration."""

from __future__ import annotations

import json
from pathlib import Path


def test_findings_exit_1_and_name_their_place(run):
    result = run("check", "qingcheng")
    assert result.exit_code == 1
    assert "118:1  error    NUM001 numbering-gap  三.（四）" in result.stdout
    assert result.stdout.rstrip().endswith("2 errors, 1 warning, 7 infos in 1 plan")


def test_select_and_ignore_decide_what_fails(run):
    assert run("check", "qingcheng", "--select", "TXT").exit_code == 0
    assert run("check", "qingcheng", "--select", "TXT", "--strict").exit_code == 1
    assert run("check", "qingcheng", "--ignore", "NUM001").exit_code == 0


def test_json_and_sarif_are_complete(run):
    report = json.loads(run("check", "huadu", "qingcheng", "-f", "json").stdout)
    assert report["summary"] == {"error": 4, "warning": 5, "info": 15}
    sarif = json.loads(run("check", "huadu", "-f", "sarif").stdout)
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["columnKind"] == "unicodeCodePoints"


def test_github_format_writes_the_full_list_to_the_step_summary(run, tmp_path: Path):
    summary = tmp_path / "summary.md"
    result = run("check", "huadu", "-f", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert result.stdout.startswith("::warning file=")
    assert "::error file=" in result.stdout and "title=DAT001 count-mismatch::" in result.stdout
    assert "初初中教育质量全面提升工程" in summary.read_text(encoding="utf-8")


def test_a_baseline_reports_only_new_findings(run, tmp_path: Path, data_dir: Path):
    baseline = tmp_path / "baseline.json"
    assert run("check", "qingcheng", "--write-baseline", str(baseline)).exit_code == 1
    assert run("check", "qingcheng", "--baseline", str(baseline)).exit_code == 0
    plan = data_dir / "raw" / "qingcheng.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("名班主任工程", "名班主任工程。。"), encoding="utf-8")
    again = run("check", "qingcheng", "--baseline", str(baseline), "-f", "json")
    assert [f["rule"] for f in json.loads(again.stdout)["findings"]] == ["TXT002"]


def test_configuration_from_pyproject_found_upward(run, data_dir: Path):
    (data_dir / "pyproject.toml").write_text('[tool.plancli.check]\nignore = ["NUM001"]\n', encoding="utf-8")
    assert run("check", str(data_dir / "raw" / "qingcheng.txt")).exit_code == 0


def test_rules_lists_every_rule(run):
    from plancli.analyses.check import RULES

    listed = json.loads(run("check", "--rules", "-f", "json").stdout)
    assert [r["id"] for r in listed] == [r.id for r in RULES]


def test_a_bad_baseline_is_an_input_error(run, tmp_path: Path):
    bad = tmp_path / "baseline.json"
    bad.write_text("not json", encoding="utf-8")
    result = run("check", "huadu", "--baseline", str(bad))
    assert result.exit_code == 2 and result.stderr.startswith(f"plancli: error: {bad}")
