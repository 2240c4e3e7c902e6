"""summarize and compare on the real plans: the facts a reviewer should learn, and the shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from plancli.analyses.compare import Comparison, compare_plans
from plancli.analyses.summarize import summarize
from plancli.model import Plan
from plancli.storage.tokens import plan_tokens


@pytest.fixture(scope="module")
def tokens(tmp_path_factory, huadu: Plan, qingcheng: Plan):
    data = tmp_path_factory.mktemp("data")
    return {p.id: plan_tokens(p, data) for p in (huadu, qingcheng)}


@pytest.fixture(scope="module")
def comparison(huadu: Plan, qingcheng: Plan, tokens) -> Comparison:
    return compare_plans([huadu, qingcheng], tokens)


def test_structure(comparison: Comparison):
    huadu, qingcheng = comparison.structure
    assert (huadu.indicators, huadu.construction_projects, huadu.investment, huadu.special_projects) == (
        13, 23, 268175, 0)
    assert (qingcheng.indicators, qingcheng.special_projects, qingcheng.tables, qingcheng.prose_targets) == (
        0, 7, 0, 38)
    assert huadu.top_sections == ["发展基础", "总体部署", "主要任务", "改革举措", "重点工程", "保障措施"]
    assert (huadu.tasks, qingcheng.tasks, huadu.key_projects) == (76, 39, 10)


def test_indicators_aligned_across_plans(comparison: Comparison):
    rows = {row.name: row for row in comparison.indicators}
    assert len(rows) == 16
    both = {name: (row.plans["huadu"].source, row.plans["huadu"].target, row.plans["qingcheng"].name,
                   row.plans["qingcheng"].target, row.plans["qingcheng"].shared)
            for name, row in rows.items() if row.plans["huadu"] and row.plans["qingcheng"]}
    assert both == {
        "学前教育毛入园率": ("table", "保持高水平", "学前三年教育毛入园率", "100%以上", "学前教育毛入园率"),
        "义务教育巩固率": ("table", "保持高水平", "义务教育巩固率", "100%", "义务教育巩固率"),
        "残疾儿童少年义务教育阶段入学率": ("table", "保持高水平", "残疾儿童、少年入学率", "98%", "残疾儿童少年入学率"),
        # prose targets of a plan that has a table, too
        "规范化幼儿园占比": ("text", "95%以上", "规范化幼儿园比例", "90%以上", "规范化幼儿园比例"),
        "学生每天校内、校外体育活动时间": ("text", "1个小时", "中小学生每天校外体育活动时间", "不少于1小时",
                                          "学生每天校外体育活动时间"),
    }
    # a plan-wide target covers the school-level rows; it is not dropped into one of them
    fitness = rows["国家学生体质健康达标优良率"]
    assert fitness.covers == ["小学学生体质健康优良率", "初中学生体质健康优良率", "普通高中学生体质健康优良率"]
    assert (fitness.plans["qingcheng"].year, fitness.plans["qingcheng"].value) == (2022, 50)
    assert rows["初中学生体质健康优良率"].plans["qingcheng"] is None
    assert rows["累计新增基础教育公办学位"].plans["qingcheng"] is None


def test_alignment_converts_units_and_keeps_measures_apart(huadu: Plan):
    from plancli import parse_file
    from plancli.analyses.compare import align_indicators
    from plancli.extract.targets import plan_targets

    gold = Path(__file__).parent / "gold" / "docs"
    plans = [huadu, parse_file(gold / "yunhe.txt"), parse_file(gold / "chengjiang.txt")]
    rows = {row.name: row for row in align_indicators(plans, {p.id: plan_targets(p) for p in plans})}
    places = rows["累计新增基础教育公办学位"].plans
    assert (places["huadu"].value, places["yunhe"].value, places["chengjiang"].value) == (35000, 32000, 15000)
    assert places["yunhe"].target == "3.2万个" and places["chengjiang"].target == "1.5萬個"
    # 专科 is not 本科: Chengjiang's 小學專任教師專科以上學歷比例 stays out of the 本科 row
    assert rows["小学专任教师中本科以上学历比例"].plans["chengjiang"] is None
    assert rows["小学专任教师中本科以上学历比例"].plans["yunhe"].target == "95%"
    # 劳动 is not 艺术, 市级 is not 区级
    assert "市级艺术教育特色学校" not in {c.name for r in rows.values() if "劳动" in r.name
                                       for c in r.plans.values() if c}


def test_themes_and_terms(comparison: Comparison):
    themes = {row.label: row.hits for row in comparison.themes}
    # tables count: huadu's indicator table and its annex of key projects name 随迁子女 too
    assert themes["随迁子女"] == {"huadu": 17, "qingcheng": 3}
    assert themes["高中教育"]["huadu"] > 10 * themes["高中教育"]["qingcheng"]
    huadu, qingcheng = comparison.distinctive_terms["huadu"], comparison.distinctive_terms["qingcheng"]
    assert "跳绳" in [k.term for k in huadu.key] and "跳绳" in [t.term for t in huadu.policy_terms]
    assert {"爱种子", "双师教学"} <= {t.term for t in qingcheng.policy_terms}
    assert "爱种子" in {t.term for t in qingcheng.exclusive}
    every_list = [t.term for d in (huadu, qingcheng) for t in [*d.key, *d.policy_terms, *d.exclusive]]
    assert not {"花都", "花都区", "清城区", "清远", "清远市", "广州市", "越秀区", "越秀"} & set(every_list)
    assert [t.term for t in comparison.shared_terms][:3] == ["学校", "教师", "学生"]


def test_instruments_and_projects(comparison: Comparison):
    huadu, qingcheng = comparison.instruments
    assert (huadu.tasks, qingcheng.tasks) == (76, 39)
    assert abs(sum(huadu.shares.values()) - 1) < 0.01
    assert max(qingcheng.shares, key=qingcheng.shares.get) == "environment"
    projects = comparison.special_projects
    assert projects["qingcheng"].special_projects[0] == "专项工程1 名班主任工程"
    assert len(projects["qingcheng"].special_projects) == 7
    assert projects["huadu"].key_projects[6] == "随迁子女义务教育保障工程"


def test_summarize(qingcheng: Plan, tokens):
    summary = summarize(qingcheng, tokens["qingcheng"])
    assert summary.plan.status == "征求意见稿" and summary.facts.special_projects == 7
    # keyness against general Chinese: the plan's own subjects, not 教师/学校/学生 filler
    keywords = [k.term for k in summary.keywords]
    assert keywords[:3] == ["教育资源", "民办学校", "学前教育"]
    assert {"集团化办学", "增值评价", "绩效工资"} <= set(keywords)
    assert not {"学校", "学生", "一般", "不少", "同学", "清城区", "清远", "越秀区"} & set(keywords)
    section_words = {w for s in summary.sections for w in s.keywords}
    assert not {"一般", "不减", "不少", "同学"} & section_words
    assert [s.title for s in summary.sections] == ["发展背景", "发展战略", "发展任务", "发展保障"]
    assert all(s.themes and s.keywords for s in summary.sections)


# --- commands ---------------------------------------------------------------------------


def test_compare_command_terminal(run):
    result = run("compare", "huadu", "qingcheng")
    assert result.exit_code == 0
    text = result.output
    for expected in ("indicator-table rows", "23 (268,175 万元)", "专项工程9 教育信息化提升工程", "跳绳(9:0)",
                     "爱种子", "双师教学", "随迁子女", "大于50% (2022) 文中"):
        assert expected in text, expected
    assert "越秀区" not in text.split("Distinctive terms")[1]  # a place name, masked
    assert max(cell_len(line) for line in text.splitlines()) <= 100


def test_compare_json_shape(run):
    data = json.loads(run("compare", "huadu", "qingcheng", "-f", "json").output)
    assert list(data) == ["plans", "structure", "indicators", "themes", "instruments", "distinctive_terms",
                          "shared_terms", "special_projects"]
    assert list(data["indicators"][0]["plans"]) == ["huadu", "qingcheng"]
    assert data["indicators"][3]["plans"]["qingcheng"] is None
    assert list(data["distinctive_terms"]) == ["huadu", "qingcheng"]


def test_compare_is_deterministic_and_writes_docx(run, tmp_path: Path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    one = run("compare", "huadu", "qingcheng", "-f", "markdown", "--docx", str(first))
    two = run("compare", "huadu", "qingcheng", "-f", "markdown", "--docx", str(second))
    assert one.output == two.output and "## Indicators" in one.output
    from docx import Document

    document = Document(str(first))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == ["Plans", "Structure", "Indicators", "Themes"]
    indicator_table = document.tables[2]
    assert indicator_table.rows[0].cells[0].text == "indicator" and len(indicator_table.rows) == 17
    assert first.read_bytes() == second.read_bytes()


def test_compare_needs_two_plans(run):
    result = run("compare", "huadu")
    assert result.exit_code == 2 and "two or more plans" in result.stderr


def test_summarize_command(run):
    result = run("summarize", "huadu")
    assert result.exit_code == 0 and "发展基础" in result.output and "Top keywords" in result.output
    rows = run("summarize", "huadu", "-f", "csv").output.splitlines()
    assert rows[0] == "path,title,themes,keywords" and len(rows) == 7


def test_user_stopwords_and_dictionary(run, tmp_path: Path):
    stop = tmp_path / "stop.txt"
    stop.write_text("教师\n学校\n", encoding="utf-8")
    data = json.loads(run("summarize", "qingcheng", "--stopwords", str(stop), "-f", "json").output)
    assert "教师" not in [k["term"] for k in data["keywords"]]
    words = tmp_path / "dict.txt"
    words.write_text("清雅致远 5000\n", encoding="utf-8")
    data = json.loads(run("compare", "huadu", "qingcheng", "--dict", str(words), "-f", "json").output)
    exclusive = [t["term"] for t in data["distinctive_terms"]["qingcheng"]["exclusive"]]
    assert "清雅致远" in exclusive and "清雅" not in exclusive
    missing = run("summarize", "qingcheng", "--dict", str(tmp_path / "none.txt"))
    assert missing.exit_code == 2 and "none.txt: no such file" in missing.stderr


def test_compare_does_not_import_jieba_when_cached(data_dir: Path, run):
    assert run("parse", "huadu", "qingcheng").exit_code == 0
    assert run("compare", "huadu", "qingcheng", "-f", "json").exit_code == 0  # cuts and caches tokens
    script = (
        "import sys, os\n"
        "from typer.testing import CliRunner\n"
        "from plancli.cli import app\n"
        f"result = CliRunner().invoke(app, ['compare', 'huadu', 'qingcheng', '--data', {str(data_dir)!r}, '-f', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print('jieba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_compare_same_plan_twice_is_a_usage_error(run):
    result = run("compare", "huadu", "huadu")
    assert result.exit_code == 2 and "each plan may be named once" in result.stderr
