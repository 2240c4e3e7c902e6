"""Quantitative commitments in prose: the real plans, reviewed by hand, and the rules one by one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plancli.extract.target_sentences import TargetMatch, find_targets
from plancli.extract.values import parse_value
from tests.timing import assert_linear

RAW = Path(__file__).parents[1] / "data" / "raw"


@cache
def plan_lines(plan: str) -> tuple[str, ...]:
    return tuple((RAW / f"{plan}.txt").read_text(encoding="utf-8").splitlines())


@cache
def plan_targets(plan: str) -> tuple[tuple[int, TargetMatch], ...]:
    """(1-based line number, target) for every target of a plan, one paragraph per line."""
    return tuple((number, target) for number, line in enumerate(plan_lines(plan), 1)
                 for target in find_targets(line))


# --- the real plans -------------------------------------------------------------------------

# (plan, part of the subject, year, comparator, value, unit), read off the plans by hand.
REVIEWED = [
    ("qingcheng", "专职心理教师配备率", 2022, "=", 60, "%"),
    ("qingcheng", "体质健康达标优良率", 2022, ">", 50, "%"),
    ("qingcheng", "中小学体育与健康课程开课率", 2022, "=", 100, "%"),
    ("qingcheng", "每天校外体育活动时间", 2022, ">=", 1, "小时"),
    ("qingcheng", "总体近视率", 2022, "=", 0.5, "个百分点"),
    ("qingcheng", "规范化幼儿园比例", None, ">=", 90, "%"),
    ("qingcheng", "社会实践特色学校", 2025, "=", 10, "所"),
    ("qingcheng", "网上家长学校", 2025, "=", 50, "%"),
    ("qingcheng", "体育技能", 2025, ">=", 2, "项"),
    ("qingcheng", "艺术特长", 2025, ">=", 1, "项"),
    ("qingcheng", "学前三年教育毛入园率", None, ">=", 100, "%"),
    ("qingcheng", "义务教育巩固率", None, "=", 100, "%"),
    ("qingcheng", "公办幼儿园在园幼儿占比", None, ">=", 50, "%"),
    ("qingcheng", "普惠性幼儿园覆盖率", None, ">=", 80, "%"),
    ("qingcheng", "学前三年毛入园率", None, "=", 100, "%"),
    ("qingcheng", "家庭贫困生资助覆盖率", None, "=", 100, "%"),
    ("qingcheng", "残疾儿童、少年入学率", None, "=", 98, "%"),
    ("qingcheng", "公办幼儿园和普惠性民办幼儿园比例", None, ">=", 80, "%"),
    ("qingcheng", "区级学科带头人", None, ">=", 100, "人"),
    ("qingcheng", "区级骨干教师", None, ">=", 2000, "名"),
    ("qingcheng", "专任教师交流人数", None, ">=", 5, "%"),
    ("qingcheng", "每学年教师交流的比例", None, ">=", 10, "%"),
    ("qingcheng", "城镇中小学校带宽", None, ">=", 500, "M"),
    ("qingcheng", "其他学校", None, ">=", 100, "M"),
    ("qingcheng", "优质民办学校", None, ">=", 2, "所"),
    ("huadu", "高中专任教师研究生学历比例", 2025, ">=", 25, "%"),
    ("huadu", "本科以上学历教师比例", 2025, ">=", 93, "%"),
    ("huadu", "本科以上学历教师比例", 2025, ">=", 98, "%"),
    ("huadu", "幼儿园专任教师大专以上学历比例", 2025, ">=", 98, "%"),
    ("huadu", "教育家型教师", 2025, ">=", 5, "名"),
    ("huadu", "卓越教师", 2025, ">=", 20, "名"),
    ("huadu", "骨干教师", 2025, ">=", 500, "名"),
    ("huadu", "随迁子女", 2022, ">=", 85, "%"),
    ("huadu", "规范化幼儿园占比", None, ">=", 95, "%"),  # its 2025 belongs to 双普
    ("huadu", "校企合作示范产业园基地", 2025, ">=", 5, "个"),
    ("huadu", "市级示范性老年大学", 2025, "=", 1, "所"),
    ("huadu", "市级特色教育集团", 2025, "=", 3, "个"),
    ("huadu", "省级特色教育集团", 2025, "=", 1, "个"),
    ("huadu", "新建项目", 2025, "=", 8, "个"),
    ("huadu", "改扩建项目", 2025, "=", 15, "个"),
    ("huadu", "省级智慧校园", None, "=", 3, "所"),
    ("huadu", "市级智慧校园", None, "=", 10, "所"),
    ("huadu", "区级中小学生研学旅德育实践教育基地", None, "=", 5, "个"),
    ("huadu", "区级劳动教育特色示范学校", None, "=", 10, "所"),
    ("huadu", "省市级近视防控示范校", None, ">=", 2, "所"),
    ("huadu", "互联网+义务教育示范校", None, "=", 10, "所"),
    ("huadu", "省级特色示范高中", None, ">=", 3, "所"),
    ("huadu", "教研员担任责任督学", None, ">=", 25, "%"),
    ("huadu", "体育活动时间", None, "=", 1, "小时"),
]


@pytest.mark.parametrize(("plan", "subject", "year", "comparator", "value", "unit"), REVIEWED)
def test_reviewed_target_is_found(plan, subject, year, comparator, value, unit):
    matches = [t for _, t in plan_targets(plan)
               if subject in t.subject and (t.year, t.comparator, t.value, t.unit)
               == (year, comparator, value, unit)]
    assert matches, f"{subject} {comparator} {value}{unit} ({year}) not among {plan}'s targets"


def test_every_target_of_the_plans_was_reviewed():
    # Each of these was read against the plan; a change in the count needs a new review.
    assert len(plan_targets("qingcheng")) == 38
    assert len(plan_targets("huadu")) == 50


def test_targets_named_in_the_brief_are_exact():
    qingcheng = {t.text: t for _, t in plan_targets("qingcheng")}
    assert qingcheng["大于50%"].subject == "国家学生体质健康达标优良率"
    assert qingcheng["不少于1小时"].subject == "中小学生每天校外体育活动时间"

    huadu = [(n, t) for n, t in plan_targets("huadu") if t.text == "25%以上"]
    line, target = next((n, t) for n, t in huadu if t.subject == "高中专任教师研究生学历比例")
    assert "高中专任教师研究生学历比例达25%以上" in target.sentence
    # 五、重点工程 （二）教师素质发展体系建设工程, under 2.措施
    assert "教师发展分层体系" in plan_lines("huadu")[line - 1]

    migrants = next(t for _, t in plan_targets("huadu") if "随迁子女" in t.subject)
    assert (migrants.year, migrants.comparator, migrants.value, migrants.unit, migrants.text) == (
        2022, ">=", 85, "%", "85%以上")


def test_text_sits_at_start_in_the_real_plans():
    for plan in ("huadu", "qingcheng"):
        for number, target in plan_targets(plan):
            line = plan_lines(plan)[number - 1]
            assert line[target.start:target.start + len(target.text)] == target.text
            assert target.text in target.sentence
            assert target.sentence in line


def test_the_review_of_the_past_has_no_targets():
    # qingcheng 一、（一）and huadu 一、（一）: statistics of the 十三五 period.
    for plan, marker in [("qingcheng", "2019年GDP比2016年增长22.1%"),
                         ("qingcheng", "民办幼儿园从2016年的134所"),
                         ("qingcheng", "目前，我区有省级教育名专家1人"),
                         ("huadu", "全区国家财政性教育经费投入从2015年"),
                         ("huadu", "2020年中考总分平均分563分")]:
        line = next(line for line in plan_lines(plan) if marker in line)
        assert find_targets(line) == []


def test_no_year_is_ever_a_value():
    for plan in ("huadu", "qingcheng"):
        for _, target in plan_targets(plan):
            assert not (target.unit == "年" and 1900 <= target.value < 2100)
            assert target.text != "2020年"


def test_numbers_that_are_not_commitments_are_skipped():
    all_texts = {t.text for plan in ("huadu", "qingcheng") for _, t in plan_targets(plan)}
    assert "5080" not in all_texts               # a campaign's name: “5080”攻坚行动
    assert not {"1000人以上", "1200人以上"} & all_texts   # sizes that pick out schools
    qingcheng_171 = next(line for line in plan_lines("qingcheng") if "“1”为1所公办幼儿园" in line)
    assert find_targets(qingcheng_171) == []   # a definition of the “1+N” model


# --- the rules, one at a time --------------------------------------------------------------


def only(text: str) -> TargetMatch:
    targets = find_targets(text)
    assert len(targets) == 1, targets
    return targets[0]


def test_past_statistics_are_not_targets():
    assert find_targets("2019年GDP比2016年增长22.1%") == []
    assert find_targets("2020年高考本科上线率73.67%，较2015年提升了28.37%。") == []
    assert find_targets("“十三五”期间共引进高层次人才23名。") == []
    assert find_targets("到2020年") == []
    assert find_targets("2020年") == []


def test_future_year_overrides_a_past_base():
    target = only("到2025年，优良率比2020年提高5个百分点。")
    assert (target.year, target.value, target.unit) == (2025, 5, "个百分点")


@pytest.mark.parametrize(("text", "comparator", "value", "unit"), [
    ("到2025年，覆盖率达到95%。", "=", 95, "%"),
    ("到2025年，覆盖率达到95%以上。", ">=", 95, "%"),
    ("到2025年，覆盖率不低于95%。", ">=", 95, "%"),
    ("到2025年，覆盖率超过95%。", ">", 95, "%"),
    ("到2025年，优良率高于60%。", ">", 60, "%"),
    ("到2025年，近视率控制在5%以内。", "<=", 5, "%"),
    ("到2025年，近视率低于5%。", "<", 5, "%"),
    ("到2025年，近视率不超过5%。", "<=", 5, "%"),
    ("到2025年，班额控制在45人以下。", "<=", 45, "人"),
    ("到2025年，新增学位约3万个。", "approx", 30000, "个"),
    ("到2025年，新增学位3万个左右。", "approx", 30000, "个"),
    ("到2025年，投入资金1.2亿元。", "=", 1.2, "亿元"),
])
def test_comparators_in_prose(text, comparator, value, unit):
    target = only(text)
    assert (target.comparator, target.value, target.unit) == (comparator, value, unit)


def test_magnitude_agrees_with_table_values():
    prose = only("到2025年，累计新增基础教育公办学位3.5万个。")
    cell = parse_value("≧3.5万", "个")
    assert (prose.value, prose.unit) == (cell.value, cell.unit) == (35000, "个")


@pytest.mark.parametrize(("text", "year"), [
    ("到2022年，配备率达到60%。", 2022),
    ("至2025年，配备率达到60%。", 2025),
    ("2022年前，配备率达到60%。", 2022),
    ("“十四五”期间，新建学校8所。", 2025),
    ("“十四五”末，配备率达到60%。", 2025),
    ("力争到2035年，配备率达到60%。", 2035),
])
def test_year_of_a_target(text, year):
    assert only(text).year == year


def test_year_carries_over_clauses_and_semicolon_parts():
    targets = find_targets("到2022年，开课率达100%，优良率大于50%；新增5名以上骨干教师。")
    assert [(t.year, t.value) for t in targets] == [(2022, 100), (2022, 50), (2022, 5)]
    assert targets[2].sentence == "新增5名以上骨干教师。"


def test_year_does_not_carry_into_the_next_sentence():
    targets = find_targets("加强体育。到2022年，开课率达100%。全区规范化幼儿园比例达到90%以上。")
    assert [(t.year, t.subject) for t in targets] == [(2022, "开课率"), (None, "规范化幼儿园比例")]


def test_paragraph_lead_year_applies_to_all_sentences():
    targets = find_targets("到2025年，建成5所示范校。新增学位1000个。")
    assert [t.year for t in targets] == [2025, 2025]


def test_counts_give_one_target_per_number_with_shared_head_noun():
    targets = find_targets("建成3所省级、10所市级智慧校园。")
    assert [(t.subject, t.value, t.unit, t.text) for t in targets] == [
        ("省级智慧校园", 3, "所", "3所"), ("市级智慧校园", 10, "所", "10所")]


def test_count_subject_is_the_noun_after_the_number():
    target = only("新增5个区级中小学生研学旅德育实践教育基地。")
    assert (target.subject, target.value, target.unit) == ("区级中小学生研学旅德育实践教育基地", 5, "个")


def test_subject_drops_leading_connectors():
    assert only("确保公办幼儿园在园幼儿占比始终保持在50%以上。").subject == "公办幼儿园在园幼儿占比"
    assert only("到2022年，实现中小学体育与健康课程开课率达100%。").subject == "中小学体育与健康课程开课率"


def test_bare_rate_borrows_the_noun_of_the_previous_clause():
    target = only("到2022年，学生规模1000人以上的中学专职心理教师，配备率达到60%。")
    assert target.subject == "学生规模1000人以上的中学专职心理教师配备率"


def test_and_above_applies_to_joined_numbers():
    targets = find_targets("到2025年，小学、初中专任教师本科以上学历比例分别达93%和98%以上。")
    assert [(t.comparator, t.value) for t in targets] == [(">=", 93), (">=", 98)]
    assert [t.subject for t in targets] == ["小学专任教师本科以上学历比例", "初中专任教师本科以上学历比例"]


def test_comparator_away_from_its_number():
    target = only("确保每年专任教师交流人数不少于专任教师总数的5%。")
    assert (target.subject, target.comparator, target.value, target.text) == (
        "每年专任教师交流人数", ">=", 5, "5%")


def test_a_sentence_without_commitment_is_not_a_target():
    assert find_targets("学校采取“1+N”模式，“1”为1所公办幼儿园。") == []
    assert find_targets("服务家长超过15万人次。") == []
    # ...but a rate stated in a plan's goals is
    assert only("家庭贫困生资助覆盖率100%。").subject == "家庭贫困生资助覆盖率"


def test_titles_ratios_ordinals_and_unitless_numbers_are_skipped():
    assert find_targets("到2025年，落实《教师教育振兴行动计划（2018—2022年）》。") == []
    assert find_targets("到2025年，实施第2期计划，落实“5080”，建成教育信息化2.0。") == []
    assert find_targets("到2025年，（清城教〔2016〕107号）。") == []


def test_full_width_digits_and_offsets():
    paragraph = "前言。到２０２５年，覆盖率达到９５％以上。"
    target = only(paragraph)
    assert (target.year, target.value, target.text) == (2025, 95, "９５％以上")
    assert paragraph[target.start:].startswith("９５％以上")


def test_target_fields_in_order():
    assert list(TargetMatch.model_fields) == [
        "year", "subject", "comparator", "value", "unit", "text", "sentence", "start", "change", "upper"]


# --- properties -----------------------------------------------------------------------------

PROSE = st.text(alphabet=st.sampled_from(list(
    "0123456789.,，。；：、%％以上下达到不低于少超过约年所个名万亿元十四五三期间“”《》〔〕（）-—的率比例第:到至确保力争新增建成 O")))


@given(st.text() | PROSE)
def test_find_targets_never_raises_and_text_sits_at_start(paragraph):
    for target in find_targets(paragraph):
        assert paragraph[target.start:target.start + len(target.text)] == target.text
        assert target.text in target.sentence


def test_other_five_year_periods():
    # A 十五五 plan (2026-2030): its own period is the future, 十四五 is the past.
    [target] = find_targets("到“十五五”末，普惠性幼儿园覆盖率达到95%以上。", start_year=2026)
    assert (target.year, target.comparator, target.value) == (2030, ">=", 95)
    assert find_targets("“十四五”期间，新建学校8所。", start_year=2026) == []
    assert find_targets("到2025年，新建学校8所。", start_year=2026) == []


def test_changes_are_not_levels():
    myopia = find_targets("到2022年，总体近视率每年下降0.5个百分点，体质健康优良率提高到95%。")
    assert [(t.subject, t.value, t.unit, t.change) for t in myopia] == [
        ("总体近视率", 0.5, "个百分点", "decrease"), ("体质健康优良率", 95, "%", None)]
    [budget] = find_targets("“十四五”期间，教育经费年均增长8%。")
    assert (budget.change, budget.value) == ("increase", 8)


def test_looking_back_over_years_is_not_a_target():
    assert find_targets("五年来，全市新建、改扩建中小学586所，新增学位32.6万个。") == []
    assert find_targets("“十三五”以来，累计新增公办学位2万个。") == []


# --- the cases of issue 8, on the real plans where they occur --------------------------------

def _line_targets(plan: str, marker: str) -> list[TargetMatch]:
    return [t for n, t in plan_targets(plan) if marker in plan_lines(plan)[n - 1]]


def test_respectively_pairs_subjects_and_values_in_order():
    # huadu 五.（二）.2.（2）
    pairs = [(t.subject, t.value, t.comparator) for t in _line_targets("huadu", "分别达93%和98%以上")
             if "本科" in t.subject]
    assert pairs == [("小学专任教师本科以上学历教师比例", 93, ">="), ("初中专任教师本科以上学历教师比例", 98, ">=")]
    both = find_targets("到2025年，小學、初中生均公用經費分別不低於每生每年800元和1000元。")
    assert [(t.subject, t.comparator, t.value, t.unit) for t in both] == [
        ("小學生均公用經費", ">=", 800, "元"), ("初中生均公用經費", ">=", 1000, "元")]


def test_qualifiers_stay_in_the_subject():
    famous = [(t.subject, t.value) for t in _line_targets("qingcheng", "市级“名校长”10名以上")]
    assert famous[:6] == [("市级名校长", 10), ("市级名教师", 30), ("市级名班主任", 10),
                          ("区级名校长", 30), ("区级名教师", 50), ("区级名班主任", 50)]
    [psych] = _line_targets("qingcheng", "1200人以上的小学专职心理教师")
    assert psych.subject == "学生规模1000人以上的中学、1200人以上的小学专职心理教师配备率"
    bandwidth = [(t.subject, t.value, t.unit) for t in _line_targets("qingcheng", "其他学校不低于100M")]
    assert bandwidth == [("城镇中小学校带宽", 500, "M"), ("其他学校带宽", 100, "M")]


def test_no_verb_fragments_as_subjects():
    subjects = {t.subject for plan in ("huadu", "qingcheng") for _, t in plan_targets(plan)}
    assert "学生能掌握" not in subjects
    assert "学生能掌握2项以上体育技能和1-2项艺术特长" in subjects
    [rate, *_] = find_targets("到2025年，全縣學前三年毛入園率達到98%以上。")
    assert (rate.subject, rate.comparator, rate.value) == ("學前三年毛入園率", ">=", 98)


def test_units_are_normalized():
    hour = next(t for t in _line_targets("huadu", "各1个小时体育活动时间") if t.unit == "小时")
    assert (hour.subject, hour.value, hour.unit, hour.text) == ("学生每天校内、校外体育活动时间", 1, "小时", "1个小时")
    [places] = find_targets("到2025年，全縣新增公辦學位1.5萬個。")
    assert (places.value, places.unit, places.change) == (15000, "个", "increase")
    [money] = find_targets("“十四五”期间，教育基本建设投资不少于15亿元。")
    assert (money.value, money.unit, money.year) == (15, "亿元", 2025)


def test_ranges_ratios_fractions_and_signed_changes():
    [skills] = _line_targets("huadu", "帮助学生掌握1-2项艺术技能")
    assert (skills.subject, skills.comparator, skills.value, skills.upper) == ("艺术技能", ">=", 1, 2)
    [schools] = _line_targets("huadu", "创办3-5所有影响力的中学小学")
    assert (schools.value, schools.upper, schools.unit) == (3, 5, "所")
    ratio = next(t for t in _line_targets("huadu", "专兼职督学比例不低于1:3") if t.unit == ":")
    assert (ratio.subject, ratio.comparator, round(ratio.value, 4), ratio.text) == (
        "专兼职督学比例", ">=", 0.3333, "1:3")
    [half] = _line_targets("qingcheng", "劳动教育课时不少于一半")
    assert (half.subject, half.comparator, half.value, half.unit) == ("劳动教育课时", ">=", 0.5, "/")
    [third] = find_targets("到2025年，劳动教育课时不少于综合实践活动课时的1/3。")
    assert (round(third.value, 4), third.unit) == (0.3333, "/")
    [myopia] = find_targets("到2025年，学生近视率年均变化-0.5%。")
    assert (myopia.value, myopia.change) == (0.5, "decrease")


def test_added_counts_are_changes_also_down_a_list():
    added = [(t.subject, t.value, t.change) for t in _line_targets("huadu", "500名以上骨干教师")
             if t.unit == "名"]
    assert added == [("教育家型教师", 5, "increase"), ("卓越教师", 20, "increase"), ("骨干教师", 500, "increase")]
    [base] = _line_targets("huadu", "新增5个区级中小学生研学旅德育实践教育基地")[:1]
    assert base.change == "increase"


def test_commitment_to_eliminate_is_not_a_threshold():
    targets = find_targets("到2023年，全面消除56人以上大班额，小学、初中平均班额分别控制在45人和50人以内。")
    assert [(t.subject, t.comparator, t.value, t.unit) for t in targets] == [
        ("56人以上大班额", "=", 0, None), ("小学平均班额", "<=", 45, "人"), ("初中平均班额", "<=", 50, "人")]
    assert find_targets("到2025年，基本消除大班额。") == []


def test_past_words_of_a_review():
    assert find_targets("普惠性幼儿园覆盖率达到了85.6%。") == []
    assert find_targets("义务教育巩固率实现了99.6%。") == []
    assert find_targets("專任教師總數比2015年增長23.5%。") == []


def test_traditional_characters_keep_their_text():
    targets = find_targets("到2025年，九年義務教育鞏固率不低於99%，近視率每年下降0.5個百分點。")
    assert [(t.subject, t.comparator, t.value, t.unit, t.text) for t in targets] == [
        ("九年義務教育鞏固率", ">=", 99, "%", "不低於99%"), ("近視率", "=", 0.5, "个百分点", "0.5個百分點")]


@pytest.mark.parametrize("piece", ["1", "5所", "学校5所，", "达到95%以上、", "1/3、", "消除56人以上", "1:"])
def test_time_grows_linearly_with_hostile_paragraphs(piece):
    assert_linear(lambda count: "到2025年，" + piece * count, find_targets, 1000, piece)


def test_a_traditional_cover_reads_as_a_simplified_one():
    from plancli import parse_file

    plan = parse_file(Path(__file__).parent / "gold" / "docs" / "chengjiang.txt")
    assert (plan.metadata.title, plan.metadata.status, plan.metadata.district) == (
        "澄江縣教育事業發展“十四五”規劃", "送审稿", "澄江縣")
    assert plan.contents is not None and plan.contents.heading == "目  錄"
