"""Every command through the CLI, as a user runs it (terminal pinned at 100 columns)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plancli.cli import app
from tests.conftest import ROOT


def command_names() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in command_names() if f"plancli {name}" not in readme]
    assert missing == []


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_help_with_an_example(run, name: str):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert f"Example: plancli {name}" in result.output
    assert "--format" in result.output and "--output" in result.output


def test_plans(run):
    result = run("plans")
    assert result.exit_code == 0
    assert "huadu" in result.output and "清城区" in result.output and "征求意见稿" in result.output
    assert "6/33/73/30" in result.output and "4/19/58/3" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    listing = json.loads(run("plans", "--format", "json").output)
    assert [p["id"] for p in listing] == ["huadu", "qingcheng"]
    assert listing[1] == {
        "id": "qingcheng", "title": "清远市清城区教育发展“十四五”规划（2021-2025）", "district": "清城区",
        "period": "2021-2025", "status": "征求意见稿", "headings": {"1": 4, "2": 19, "3": 58, "4": 3},
        "tasks": 39, "tables": 0, "special_projects": 7, "annexes": 0, "source": "qingcheng.txt",
    }
    csv_lines = run("plans", "-f", "csv").output.splitlines()
    assert csv_lines[0] == "id,title,district,period,status,headings,tasks,tables,special_projects"
    assert csv_lines[1].startswith("huadu,广州市花都区教育事业发展第十四个五年规划,花都区,2021-2025,,6/33/73/30,76,3,0")


def test_outline_tree(run):
    result = run("outline", "qingcheng", "--depth", "2")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "qingcheng: 清远市清城区教育发展“十四五”规划（2021-2025）"
    assert "├── 3.4 （四） 多元灵活，构建完善的终身教育服务体系" in result.output
    assert "3.1.2" not in result.output
    assert len(lines) == 1 + 4 + 19


def test_outline_json_shape(run):
    data = json.loads(run("outline", "huadu", "--format", "json").output)
    assert list(data) == ["id", "title", "outline"]
    first = data["outline"][0]
    assert list(first) == ["path", "numeric_path", "number", "title", "level", "kind", "line", "tasks", "children"]
    assert [n["kind"] for n in data["outline"]] == ["section"] * 6 + ["annex"] * 2
    assert data["outline"][2]["tasks"] == 35


def test_outline_csv_and_markdown(run):
    csv_lines = run("outline", "huadu", "-f", "csv").output.splitlines()
    assert csv_lines[0] == "path,numeric_path,level,kind,number,title,line,tasks"
    assert len(csv_lines) == 1 + 6 + 33 + 73 + 30 + 2
    markdown = run("outline", "huadu", "-f", "markdown", "--depth", "1").output
    assert markdown.splitlines()[:3] == ["# 广州市花都区教育事业发展第十四个五年规划", "", "- 1 发展基础"]


def test_show_by_either_path(run):
    by_numerals = run("show", "huadu", "三.(一).2")
    by_numbers = run("show", "huadu", "3.1.2")
    assert by_numerals.exit_code == by_numbers.exit_code == 0
    assert by_numerals.output == by_numbers.output
    assert "推进智育创新" in by_numbers.output and "着力培养学生认知能力" in by_numbers.output
    assert max(len(line) for line in by_numbers.output.splitlines()) <= 100


def test_show_section_with_table(run):
    result = run("show", "huadu", "2.3", "-f", "markdown")
    assert "| 13 | 累计新增基础教育公办学位（个） | _ | ≧3.5万 |" in result.output
    node = json.loads(run("show", "huadu", "附件2", "-f", "json").output)
    assert node["kind"] == "annex" and len(node["tables"][0]["rows"]) == 23


def test_show_unknown_section(run):
    result = run("show", "huadu", "9.9")
    assert result.exit_code == 2
    assert result.stderr == "plancli: error: huadu: no section '9.9' (see: plancli outline huadu)\n"


def test_parse_writes_identical_bytes(run, data_dir: Path, tmp_path: Path):
    out = tmp_path / "parsed"
    first = run("parse", "huadu", "qingcheng", "--out", str(out), "-f", "json")
    assert first.exit_code == 0
    assert [r["changed"] for r in json.loads(first.output)] == [True, True]
    assert [r["tokens"] for r in json.loads(first.output)] == [None, None]  # jieba is left for later
    before = (out / "huadu.json").read_bytes()
    second = run("parse", "huadu", "qingcheng", "--out", str(out), "-f", "json")
    assert [r["changed"] for r in json.loads(second.output)] == [False, False]
    assert (out / "huadu.json").read_bytes() == before
    text = before.decode("utf-8")
    assert "花都区" in text and "\\u" not in text
    assert list(json.loads(text))[:5] == ["schema_version", "parser", "id", "source", "metadata"]
    assert sorted(p.name for p in out.iterdir()) == ["huadu.json", "qingcheng.json"]
    # --tokens cuts the words now, byte-identical on re-run too.
    assert run("parse", "huadu", "--out", str(out), "--tokens").exit_code == 0
    tokens_before = (out / "huadu.tokens.json").read_bytes()
    assert run("parse", "huadu", "--out", str(out), "--tokens").exit_code == 0
    assert (out / "huadu.tokens.json").read_bytes() == tokens_before
    assert (out / "huadu.json").read_bytes() == before


def test_parse_default_folder_and_cache_reuse(run, data_dir: Path):
    assert run("parse", "huadu").exit_code == 0
    cached = data_dir / "parsed" / "huadu.json"
    assert cached.exists()
    # A cache whose hash matches is used as is: mark it and see the mark come back.
    plan = json.loads(cached.read_text(encoding="utf-8"))
    plan["metadata"]["title"] = "缓存标题"
    cached.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    assert "缓存标题" in run("outline", "huadu", "--depth", "1").output
    # Once the source changes, the stale cache is ignored.
    raw = data_dir / "raw" / "huadu.txt"
    raw.write_bytes(raw.read_bytes() + "\n补充。\n".encode())
    assert "缓存标题" not in run("outline", "huadu", "--depth", "1").output


def test_plan_given_as_a_path(run, tmp_path: Path):
    path = tmp_path / "某县规划.txt"
    path.write_text("某县教育发展规划\n一、总体要求\n（一）目标\n", encoding="gb18030")
    result = run("outline", str(path), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["id"] == "某县规划"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "file is empty"),
        (b"\n   \n", "file has no text (only blank lines)"),
        (b"\x00\x01binary", "binary file, not text (NUL byte at offset 0)"),
        ("正文".encode() + b"\xff\xff", "cannot decode as UTF-8, UTF-16, GB18030 or Big5"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(run, tmp_path: Path, content, message):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = run("parse", str(path), "--out", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"plancli: error: {path}: {message}")
    assert not out.exists()


def test_unknown_plan_id(run):
    result = run("outline", "nowhere")
    assert result.exit_code == 2
    assert re.fullmatch(r"plancli: error: nowhere: no such plan in .*raw \(known plans: huadu, qingcheng\)\n",
                        result.stderr)


def test_no_headings_warns(run, tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_text("只有一段文字。\n", encoding="utf-8")
    result = run("parse", str(path), "--out", str(tmp_path), "-f", "json")
    assert json.loads(result.output)[0]["warnings"][0].startswith("no numbered headings found")


def test_output_file_and_unsupported_format(run, tmp_path: Path):
    target = tmp_path / "outline.md"
    assert run("outline", "qingcheng", "-f", "markdown", "-o", str(target)).output == ""
    assert target.read_text(encoding="utf-8").startswith("# 清远市清城区教育发展")
    result = run("schema", "-f", "csv")
    assert result.exit_code == 2
    assert result.stderr == "plancli: error: --format csv is not available here (choose from json)\n"


def test_usage_error_exit_2(run):
    assert run("outline").exit_code == 2
    assert run("outline", "huadu", "--format", "yaml").exit_code == 2


def test_schema(run):
    schema = json.loads(run("schema").output)
    assert schema["title"] == "Plan"
    assert {"Node", "Table", "Metadata"} <= set(schema["$defs"])


def test_unwritable_output_is_one_line(run, tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = run("outline", "huadu", "-o", str(blocker / "out.txt"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"plancli: error: {blocker}") and result.stderr.count("\n") == 1


def test_no_cache_written_outside_a_data_folder(tmp_path: Path, monkeypatch):
    from typer.testing import CliRunner

    plan = tmp_path / "plan.txt"
    plan.write_text("某区教育规划\n一、总体要求\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["outline", str(plan)], env={"PLANCLI_DATA": ""})
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.txt"]


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0 and result.output == "plancli 0.1.0\n"


def test_show_special_project_and_annex(run):
    box = run("show", "qingcheng", "3.5.2.P8", "-f", "json")
    node = json.loads(box.output)
    assert (node["kind"], node["path"], node["title"]) == ("special_project", "三.（五）.2.专项工程8", "基础教育名师工程")
    annex = run("show", "huadu", "A1", "-f", "markdown")
    assert annex.output.startswith("# 附件1 花都区教育发展“十四五”重点工程")


def test_outputs_that_would_destroy_or_mislead(run, tmp_path: Path, data_dir: Path):
    plan = data_dir / "raw" / "huadu.txt"
    before = plan.read_bytes()
    result = run("outline", str(plan), "-o", str(plan))
    assert result.exit_code == 2 and "is a plan being read" in result.stderr
    assert plan.read_bytes() == before
    folder = tmp_path / "folder"
    folder.mkdir()
    result = run("outline", "huadu", "-o", str(folder))
    assert result.exit_code == 2 and result.stderr == f"plancli: error: {folder}: is a directory: name a file to write\n"
    both = run("tables", "huadu", "--index", "2", "--caption", "项目")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_output_to_a_device_and_through_a_link(run, tmp_path: Path):
    assert run("outline", "huadu", "-o", "/dev/null").exit_code == 0
    assert Path("/dev/null").is_char_device()
    target, link = tmp_path / "target.txt", tmp_path / "link.txt"
    target.write_text("old", encoding="utf-8")
    link.symlink_to(target)
    result = run("outline", "huadu", "-f", "csv", "-o", str(link))
    assert result.exit_code == 2 and result.stderr == (
        f"plancli: error: {link}: is a symbolic link to {target} (plancli does not write through links)\n")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "old"


def test_a_wrong_encoding_does_not_stick_to_the_plan(run):
    mojibake = json.loads(run("outline", "huadu", "--encoding", "latin-1", "-f", "json").output)
    assert mojibake["title"] != "广州市花都区教育事业发展第十四个五年规划"
    again = json.loads(run("outline", "huadu", "-f", "json").output)
    assert again["title"] == "广州市花都区教育事业发展第十四个五年规划"


def test_parse_refuses_two_plans_with_one_id(run, tmp_path: Path, data_dir: Path):
    other = tmp_path / "elsewhere" / "huadu.txt"
    other.parent.mkdir()
    other.write_bytes((data_dir / "raw" / "qingcheng.txt").read_bytes())
    out = tmp_path / "out"
    result = run("parse", "huadu", str(other), "--out", str(out))
    assert result.exit_code == 2 and "two plans share this id" in result.stderr
    assert not out.exists()


def test_plans_in_a_folder_without_raw(run, tmp_path: Path):
    result = run("plans", "--data", str(tmp_path))
    assert result.exit_code == 2 and "no raw/ folder" in result.stderr


def test_word_lists_in_gbk_and_bad_ones(run, tmp_path: Path):
    stop = tmp_path / "stop.txt"
    stop.write_bytes("教师\n".encode("gbk"))
    data = json.loads(run("summarize", "qingcheng", "--stopwords", str(stop), "-f", "json").output)
    assert "教师" not in [k["term"] for k in data["keywords"]]
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02")
    result = run("summarize", "qingcheng", "--dict", str(junk))
    assert result.exit_code == 2 and result.stderr.startswith(f"plancli: error: {junk}: binary file")


def test_commands_without_word_statistics_never_load_jieba(data_dir: Path):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from plancli.cli import app\n"
        f"for args in (['plans'], ['outline', 'huadu'], ['show', 'huadu', '1'], ['indicators', 'huadu'],"
        f" ['targets', 'qingcheng'], ['query', '跳绳']):\n"
        f"    assert CliRunner().invoke(app, [*args, '--data', {str(data_dir)!r}]).exit_code == 0, args\n"
        "print('jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_plans_at_80_columns_keep_ids_whole(run, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    long_id = "chengjiang_county_education_plan_draft"
    (raw / f"{long_id}.txt").write_bytes((Path(__file__).parent / "gold" / "docs" / "chengjiang.txt").read_bytes())
    result = run("plans", "--data", str(tmp_path), env={"COLUMNS": "80"})
    assert long_id in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_show_prints_a_caption_once_and_no_line_starts_with_a_comma(run):
    for width in ("60", "100"):
        output = run("show", "huadu", "二.（三）", env={"COLUMNS": width}).output
        assert output.count("“十四五”花都教育主要发展指标") == 1
        assert not [line for line in output.splitlines() if line.strip("│ ").startswith(("，", "。", "、"))]


def test_errors_never_leak_pydantic_value_error_prefix():
    from pydantic import BaseModel, field_validator

    from plancli.errors import validation_problems

    class Checked(BaseModel):
        n: int

        @field_validator("n")
        @classmethod
        def _positive(cls, value: int) -> int:
            if value < 0:
                raise ValueError("must not be negative")
            return value

    with pytest.raises(ValueError) as caught:
        Checked(n=-1)
    assert validation_problems(caught.value) == "n: must not be negative"


def test_a_backwards_period_on_the_cover_is_no_traceback(run, tmp_path):
    path = tmp_path / "reversed.txt"
    path.write_text("某区教育事业发展规划（2025-2021年）\n一、总体要求\n到2025年，入园率达到98%。\n", encoding="utf-8")
    result = run("outline", str(path))
    assert result.exit_code == 0 and "总体要求" in result.output


def test_show_never_cuts_a_number_in_two():
    from plancli.render.show import Paragraph

    text = "建设网络德育共享课程，力争至2025年，全区50%的中小学校建立网上家长学校。"
    for width in range(20, 40):
        lines = Paragraph(text).lines(width)
        assert "".join(lines) == text
        assert not any(line.startswith(("，", "。", "%", "0")) for line in lines)
        assert any("50%" in line for line in lines) and any("2025" in line for line in lines)
