"""Indicators and project tables as typed data: the real plans and tables in other shapes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from plancli import parse_document, text_to_document
from plancli.extract.indicators import all_indicators, indicators_from_table
from plancli.extract.projects import summarize_projects, type_table
from plancli.model import Plan, Span, Table


def table(header: list[str], rows: list[list[str]], index: int = 1) -> Table:
    return Table(index=index, caption=None, header=header, rows=rows, span=Span(start=1, end=1))


def brief(value) -> tuple | None:
    return None if value is None else (value.year, value.comparator, value.value, value.unit)


# --- huadu's indicator table ------------------------------------------------------------


def test_huadu_indicators(huadu: Plan):
    indicators = all_indicators(huadu)
    assert len(indicators) == 13
    first = indicators[0]
    assert (first.seq, first.name, first.unit) == ("1", "学前教育毛入园率", "%")
    assert brief(first.baseline) == (2020, "=", 100.51, "%")
    assert (first.target.year, first.target.text, first.target.comparator, first.target.value) == (
        2025, "保持高水平", "maintain", None)
    sixth = indicators[5]
    assert sixth.name == "小学专任教师中本科以上学历比例"
    assert (brief(sixth.baseline), brief(sixth.target)) == ((2020, "=", 59, "%"), (2025, ">=", 93, "%"))
    ninth = indicators[8]
    assert ninth.name == "小学学生体质健康优良率"
    assert (ninth.baseline.value, ninth.target.comparator, ninth.target.value) == (40, ">", 58)
    last = indicators[12]
    assert (last.name, last.unit, last.baseline) == ("累计新增基础教育公办学位", "个", None)
    assert brief(last.target) == (2025, ">=", 35000, "个")
    assert last.target.text == "≧3.5万" and last.values[0].text == "_"
    assert {i.section for i in indicators} == {"二.（三）"}


def test_qingcheng_has_no_indicator_table(qingcheng: Plan):
    assert all_indicators(qingcheng) == []


# --- indicator tables in other shapes ---------------------------------------------------


def test_attribute_column_category_rows_and_percent_values():
    shaped = table(
        ["序号", "指标", "单位", "2020年", "2022年", "2025年", "属性"],
        [
            ["一、普及水平", "一、普及水平", "一、普及水平", "一、普及水平", "一、普及水平", "一、普及水平", "一、普及水平"],
            ["1", "学前三年毛入园率", "%", "95%", "96%", "97%以上", "预期性"],
            ["2", "劳动年龄人口平均受教育年限", "年", "11.2", "", "11.5年以上", "约束性"],
            ["二、教师队伍", "", "", "", "", "", ""],
            ["3", "小学教师专科及以上学历比例\n其中：本科及以上学历比例", "%", "98\n60", "", "100\n75", "预期性"],
        ],
    )
    indicators = indicators_from_table(shaped)
    assert [(i.seq, i.category, i.attribute) for i in indicators] == [
        ("1", "一、普及水平", "预期性"), ("2", "一、普及水平", "约束性"), ("3", "二、教师队伍", "预期性")]
    enrolment = indicators[0]
    assert [brief(v) for v in enrolment.values] == [(2020, "=", 95, "%"), (2022, "=", 96, "%"), (2025, ">=", 97, "%")]
    assert brief(enrolment.baseline) == (2020, "=", 95, "%") and enrolment.target.year == 2025
    years = indicators[1]
    assert (years.unit, brief(years.target)) == ("年", (2025, ">=", 11.5, "年"))
    teachers = indicators[2]
    assert (teachers.name, brief(teachers.baseline), brief(teachers.target)) == (
        "小学教师专科及以上学历比例", (2020, "=", 98, "%"), (2025, "=", 100, "%"))
    [sub] = teachers.sub_indicators
    assert (sub.name, brief(sub.baseline), brief(sub.target)) == (
        "本科及以上学历比例", (2020, "=", 60, "%"), (2025, "=", 75, "%"))


def test_unit_in_header_and_baseline_target_words():
    shaped = table(
        ["指标名称", "现状值（2020年）", "目标值（2025年）", "指标属性"],
        [["义务教育巩固率（%）", "96.5", "不低于97", "约束性"], ["其中：农村", "95", "≥96", "约束性"],
         ["特殊教育学校（所）", "_", "", "预期性"]],
    )
    main, blank = indicators_from_table(shaped)
    assert (main.name, main.unit, main.seq) == ("义务教育巩固率", "%", None)
    assert brief(main.target) == (2025, ">=", 97, "%")
    assert [s.name for s in main.sub_indicators] == ["农村"]
    assert brief(main.sub_indicators[0].target) == (2025, ">=", 96, "%")
    assert (blank.unit, blank.baseline, blank.target.comparator, blank.target.value) == ("所", None, None, None)


def test_indicator_table_found_in_a_parsed_document():
    text = (
        "某区教育发展规划\n一、发展目标\n主要指标表\n"
        "\t序号\n\t指标\n\t2020年\n\t2025年\n\t属性\n\n"
        "\t1\n\t普惠性幼儿园覆盖率（%）\n\t82\n\t≥85\n\t约束性\n\n\n"
        "二、主要任务\n"
    )
    plan = parse_document(text_to_document(text, name="x.txt"), "x")
    assert [t.kind for t in plan.tables()] == ["indicators"]
    [indicator] = all_indicators(plan)
    assert (indicator.name, indicator.attribute, indicator.section) == ("普惠性幼儿园覆盖率", "约束性", "一")


def test_a_table_without_year_columns_is_not_indicators():
    assert indicators_from_table(table(["序号", "指标", "说明"], [["1", "甲", "乙"]])) == []


# --- projects ---------------------------------------------------------------------------


def test_huadu_construction_projects(huadu: Plan):
    summary = summarize_projects(huadu)
    assert summary.count == 23 and summary.tables == [3]
    assert summary.by_build_type == {"改扩建": 15, "新建": 7, "续建": 1}
    assert summary.by_school_type == {"小学": 11, "初中": 7, "完全中学": 3, "九年一贯制": 1, "特殊教育": 1}
    assert summary.by_completion_year == {"2024": 22, "2023": 1}
    assert (summary.investment, summary.land_area, summary.floor_area) == (268175, 1004671, 641308)
    assert summary.units == {"land_area": "平方米", "floor_area": "平方米", "investment": "万元"}
    first = summary.projects[0]
    assert (first.name, first.school_type, first.build_type, first.investment, first.completion_year) == (
        "广州市第六中学花都校区建设项目", "完全中学", "新建", 60000, 2024)


def test_huadu_key_projects(huadu: Plan):
    typed = type_table(huadu.tables()[1])
    assert typed.kind == "key_projects"
    assert [p.name for p in typed.key_projects][:2] == ["党建引领教育高质量发展工程", "教师素质发展体系建设工程"]
    assert len(typed.key_projects) == 10


def test_construction_columns_in_another_order_and_units():
    shaped = table(
        ["项目名称", "建设性质", "学段", "用地面积（亩）", "建筑面积(㎡)", "总投资（亿元）", "建成年份"],
        [["某小学", "新建", "小学", "30", "12000", "1.5", "2025年"]],
    )
    typed = type_table(shaped)
    assert typed.kind == "construction_projects"
    assert typed.units == {"land_area": "亩", "floor_area": "㎡", "investment": "亿元"}
    [project] = typed.construction_projects
    assert (project.build_type, project.school_type, project.land_area, project.investment, project.completion_year) == (
        "新建", "小学", 30, 1.5, 2025)


def test_qingcheng_has_no_projects(qingcheng: Plan):
    assert summarize_projects(qingcheng).count == 0


# --- commands ---------------------------------------------------------------------------


def test_indicators_command(run):
    result = run("indicators", "huadu")
    assert result.exit_code == 0
    assert "累计新增基础教育公办学位" in result.output and "≥ 35000个" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    rows = list(csv.DictReader(io.StringIO(run("indicators", "huadu", "-f", "csv").output)))
    assert len(rows) == 13
    assert rows[5]["target_comparator"] == ">=" and rows[5]["target_value"] == "93"
    assert rows[0]["baseline_comparator"] == "="  # a lone comparator is a value, not a formula
    excel = run("indicators", "huadu", "-f", "csv", "--excel").stdout_bytes
    assert excel.startswith("\ufeff".encode())
    data = json.loads(run("indicators", "huadu", "-f", "json").output)
    assert data[12]["target"] == {"year": 2025, "text": "≧3.5万", "comparator": ">=", "value": 35000.0, "unit": "个"}


def test_indicators_command_without_a_table(run):
    result = run("indicators", "qingcheng")
    assert result.exit_code == 0
    assert result.output == "qingcheng has no indicator table; its targets are in the text: plancli targets qingcheng\n"
    as_json = run("indicators", "qingcheng", "-f", "json")
    assert as_json.exit_code == 0 and json.loads(as_json.stdout) == []
    assert "plancli targets qingcheng" in as_json.stderr


def test_tables_command(run, tmp_path):
    listing = run("tables", "huadu")
    assert "construction_projects" in listing.output and "二.（三）" in listing.output
    target = tmp_path / "projects.csv"
    assert run("tables", "huadu", "--index", "3", "-f", "csv", "-o", str(target)).exit_code == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0][4:6] == ["建设类型", "占地面积（平方米）"]
    assert len(rows) == 24
    exported = json.loads(run("tables", "huadu", "--caption", "重点工程", "-f", "json").output)
    assert exported["section"] == "附件1" and exported["typed"]["kind"] == "key_projects"
    assert "| 1 | 学前教育毛入园率（%） | 100.51 | 保持高水平 |" in run("tables", "huadu", "-n", "1", "-f", "markdown").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--index", "9"], "plancli: error: huadu: no table 9 (it has 3) (see: plancli tables huadu)\n"),
        (["--caption", "十四五"], "plancli: error: huadu: caption '十四五' matches tables 1, 2, 3: use --index\n"),
    ],
)
def test_tables_selection_errors(run, args, message):
    result = run("tables", "huadu", *args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_projects_command(run):
    result = run("projects", "huadu")
    assert "268,175" in result.output and "改扩建" in result.output
    summary = json.loads(run("projects", "huadu", "-f", "json").output)
    assert (summary["count"], summary["investment"]) == (23, 268175.0)
    assert run("projects", "qingcheng").output.strip() == "qingcheng has no construction-project table."


# --- prose targets of whole plans, linked to indicators ---------------------------------


def brief_target(t) -> tuple:
    return (t.section, t.year, t.subject, t.comparator, t.value, t.unit)


def test_qingcheng_prose_targets(qingcheng: Plan):
    from plancli.extract.targets import plan_targets

    targets = plan_targets(qingcheng)
    assert len(targets) == 38  # as labelled in tests/gold/targets.json
    found = {brief_target(t) for t in targets}
    assert ("三.（一）.6", 2022, "学生规模1000人以上的中学、1200人以上的小学专职心理教师配备率", "=", 60, "%") in found
    assert ("三.（一）.5", 2022, "国家学生体质健康达标优良率", ">", 50, "%") in found
    assert ("三.（二）.3", None, "规范化幼儿园比例", ">=", 90, "%") in found
    box = [t for t in targets if t.section == "三.（二）.3.专项工程5"]
    assert [(t.subject, t.value) for t in box] == [("公办幼儿园和普惠性民办幼儿园比例", 80)]


def test_huadu_targets_linked_to_indicators(huadu: Plan):
    from plancli.extract.targets import target_report

    report = target_report(huadu)
    assert len(report.targets) == 49  # as labelled in tests/gold/targets.json
    links = {(l.indicator_seq, l.target.section, l.target.year, l.target.text): l.disagreements for l in report.links}
    assert links == {
        ("8", "五.（二）.2.（2）", 2025, "25%以上"): [],
        ("6", "五.（二）.2.（2）", 2025, "93%"): [],
        ("7", "五.（二）.2.（2）", 2025, "98%以上"): [],
        ("5", "五.（二）.2.（2）", 2025, "98%以上"): [],
        ("12", "五.（七）.1", 2022, "85%以上"): ["year"],
    }


def test_targets_command(run):
    result = run("targets", "huadu")
    assert result.exit_code == 0
    assert "49 targets in the text" in result.output and "differs: year" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100
    section = json.loads(run("targets", "qingcheng", "--section", "3.1.6", "-f", "json").output)
    assert section["section"] == "三.（一）.6"
    assert [(t["subject"], t["year"], t["value"]) for t in section["targets"]] == [("学生规模1000人以上的中学、1200人以上的小学专职心理教师配备率", 2022, 60.0)]
    rows = list(csv.DictReader(io.StringIO(run("targets", "huadu", "-f", "csv").output)))
    linked = [r for r in rows if r["indicator"]]
    assert [r["disagreements"] for r in linked].count("year") == 1


def test_construction_list_without_areas_and_a_totals_row():
    shaped = table(
        ["序号", "项目名称", "建设性质", "建设内容", "投资额（万元）", "建设年限"],
        [["1", "实验小学", "新建", "教学楼", "8500", "2021-2023年"],
         ["2", "第二中学", "改扩建", "综合楼", "100000", "2022-2024年"],
         ["合计", "", "", "", "108500", ""]],
    )
    typed = type_table(shaped)
    assert typed.kind == "construction_projects"
    assert [(p.name, p.build_type, p.investment, p.completion_year) for p in typed.construction_projects] == [
        ("实验小学", "新建", 8500, 2023), ("第二中学", "改扩建", 100000, 2024)]


def test_category_column_labelled_values_and_a_mid_term_column():
    from plancli.extract.targets import Target, link_targets

    shaped = table(
        ["类别", "序号", "指标", "2020年", "2022年（中期）", "2025年", "属性"],
        [["学前教育", "1", "普惠性幼儿园覆盖率（%）", "80", "85", "≥90", "约束性"],
         ["教师队伍", "2", "专任教师本科以上学历比例（%）", "小学：62\n初中：91", "", "小学：80\n初中：95", "预期性"]],
    )
    coverage, teachers = indicators_from_table(shaped)
    assert (coverage.category, coverage.attribute, [v.year for v in coverage.values]) == (
        "学前教育", "约束性", [2020, 2022, 2025])
    assert (teachers.category, teachers.target.text, teachers.target.value) == ("教师队伍", "小学：80\n初中：95", None)
    assert [(s.name, brief(s.baseline), brief(s.target)) for s in teachers.sub_indicators] == [
        ("小学", (2020, "=", 62, "%"), (2025, "=", 80, "%")),
        ("初中", (2020, "=", 91, "%"), (2025, "=", 95, "%"))]
    said = Target(section="二", section_title="目标", line=9, year=2022, subject="普惠性幼儿园覆盖率",
                  comparator="=", value=85, unit="%", text="85%", sentence="到2022年，普惠性幼儿园覆盖率达到85%",
                  change=None)
    [link] = link_targets([coverage], [said])
    assert (link.indicator_target, link.indicator_year, link.disagreements) == ("85", 2022, [])


def test_project_numbers_in_the_column_unit():
    shaped = table(
        ["项目名称", "建设类型", "建筑面积（平方米）", "总投资（万元）"],
        [["甲校", "新建", "1.2万", "1.5亿"], ["乙校", "改扩建", "1 200", "3,500"]],
    )
    projects = type_table(shaped).construction_projects
    assert [(p.floor_area, p.investment) for p in projects] == [(12000, 15000), (1200, 3500)]
