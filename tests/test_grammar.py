"""The numbering grammar and the tree builder on documents in the shapes of FORMATS.md."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plancli import parse_document, text_to_document
from plancli.lang.numbering import match_heading, normalize_ref
from plancli.lang.numerals import cn_to_int
from plancli.model import Plan


def parse(text: str) -> Plan:
    return parse_document(text_to_document(text, name="sample.txt"), "sample")


def outline(plan: Plan) -> list[tuple[int, str, str]]:
    return [(n.level, n.path, n.title) for n in plan.walk()]


@pytest.mark.parametrize(
    ("line", "style", "number", "label", "title", "body"),
    [
        ("一、总体要求", "cn", "一、", "一", "总体要求", None),
        ("一、   规划背景", "cn", "一、", "一", "规划背景", None),
        ("十二．保障", "cn", "十二．", "十二", "保障", None),
        ("（三）发展目标  ", "cn_paren", "（三）", "（三）", "发展目标", None),
        ("(一）已有成就", "cn_paren", "(一）", "（一）", "已有成就", None),
        ("(二)主要问题。", "cn_paren", "(二)", "（二）", "主要问题", None),
        ("2. 谋划校地合作", "arabic", "2.", "2", "谋划校地合作", None),
        ("2．措施", "arabic", "2．", "2", "措施", None),
        ("3、完善制度", "arabic", "3、", "3", "完善制度", None),
        ("１２．全角数字", "arabic", "１２．", "12", "全角数字", None),
        ("1.加强学位供给。新建学校10所。", "arabic", "1.", "1", "加强学位供给", "新建学校10所。"),
        ("（1）充分发挥作用。学校党组织……", "arabic_paren", "（1）", "（1）", "充分发挥作用", "学校党组织……"),
        ("③加强监测", "circled", "③", "③", "加强监测", None),
        ("第一章 总体形势", "chapter", "第一章", "第一章", "总体形势", None),
        ("第十二章总结", "chapter", "第十二章", "第十二章", "总结", None),
        ("第三節 教師", "part", "第三節", "第三节", "教師", None),
        ("\u3000\u3000四、改革举措 ", "cn", "四、", "四", "改革举措", None),
    ],
)
def test_heading_lines(line, style, number, label, title, body):
    match = match_heading(line)
    assert match is not None
    assert (match.style, match.number, match.label, match.title, match.body) == (style, number, label, title, body)


@pytest.mark.parametrize(
    "line",
    [
        "2020年全区学前教育毛入园率达100%。",
        "1.5倍于全市平均水平。",
        "一方面，城镇化进程加快。",
        "十九届五中全会提出了远景目标。",
        "3.",
        "（1）",
        "“十四五”期间，教育投入持续增长。",
        "第二期特殊教育提升计划",
    ],
)
def test_not_headings(line):
    assert match_heading(line) is None


def test_cn_numerals():
    assert [cn_to_int(n) for n in ["一", "九", "十", "十一", "二十", "二十三", "九十九", "一百", "12"]] == [
        1, 9, 10, 11, 20, 23, 99, 100, 12]


_CN = "零一二三四五六七八九"


def _to_cn(n: int) -> str:
    tens, ones = divmod(n, 10)
    if n < 10:
        return _CN[n]
    return ("" if tens == 1 else _CN[tens]) + "十" + ("" if ones == 0 else _CN[ones])


@given(st.integers(min_value=1, max_value=99))
def test_cn_numeral_roundtrip(n: int):
    assert cn_to_int(_to_cn(n)) == n
    match = match_heading(f"（{_to_cn(n)}）标题")
    assert match is not None and match.ordinal == n


@given(st.text(max_size=80))
@settings(max_examples=500)
def test_match_heading_never_raises(line: str):
    match = match_heading(line)
    if match:
        assert match.title and match.title in line


def test_refs_fold_brackets_and_dots():
    assert normalize_ref("三.(一).2") == normalize_ref("三.（一）.2") == "三.（一）.2"
    assert normalize_ref(" 3.1.2 ") == "3.1.2"


# --- the tree -----------------------------------------------------------------------------


def test_standard_ladder():
    plan = parse("某区教育发展规划\n一、总体\n（一）目标\n1.学位\n（1）小学\n①新建\n二、任务\n")
    assert outline(plan) == [
        (1, "一", "总体"), (2, "一.（一）", "目标"), (3, "一.（一）.1", "学位"),
        (4, "一.（一）.1.（1）", "小学"), (5, "一.（一）.1.（1）.①", "新建"), (1, "二", "任务"),
    ]
    assert plan.find("1.1.1.1.1").title == "新建"


def test_skipped_rung_puts_arabic_directly_under_cn():
    plan = parse("规划\n一、总体要求\n1.指导思想\n2.基本原则\n二、主要任务\n1.学前教育\n")
    assert outline(plan) == [
        (1, "一", "总体要求"), (2, "一.1", "指导思想"), (2, "一.2", "基本原则"),
        (1, "二", "主要任务"), (2, "二.1", "学前教育"),
    ]
    assert [t.path for t in plan.tasks()] == ["二.1"]


def test_chapters_above_cn_and_traditional_jie():
    plan = parse("規劃\n第一章 總體形勢\n第一節 現實基礎\n一、成就\n第二節 挑戰\n第二章 任務\n一、學前\n")
    assert outline(plan) == [
        (1, "第一章", "總體形勢"), (2, "第一章.第一节", "現實基礎"), (3, "第一章.第一节.一", "成就"),
        (2, "第一章.第二节", "挑戰"), (1, "第二章", "任務"), (2, "第二章.一", "學前"),
    ]


def test_chapter_instead_of_cn():
    plan = parse("规划\n第一章 总体要求\n（一）目标\n第二章 主要任务\n（一）学前\n")
    assert [(n.level, n.path) for n in plan.walk()] == [
        (1, "第一章"), (2, "第一章.（一）"), (1, "第二章"), (2, "第二章.（一）")]


def test_gaps_kept_and_repeats_made_unique():
    plan = parse("规划\n一、任务\n（一）甲\n（二）乙\n（四）丁\n（四）又丁\n")
    assert [n.path for n in plan.walk()] == ["一", "一.（一）", "一.（二）", "一.（四）", "一.（四）#2"]
    assert plan.find("1.4#2").title == "又丁"
    assert plan.warnings == ["line 6: number repeated, 一.（四） already exists"]


def test_contents_with_leaders_kept_apart():
    text = (
        "某市教育发展规划\n目  录\n一、总体要求……………………1\n（一）指导思想………………1\n"
        "二、主要任务……………………3\n一、总体要求\n（一）指导思想\n正文。\n二、主要任务\n"
    )
    plan = parse(text)
    assert plan.contents is not None
    assert [e.text for e in plan.contents.entries] == [
        "一、总体要求……………………1", "（一）指导思想………………1", "二、主要任务……………………3"]
    assert [n.path for n in plan.walk()] == ["一", "一.（一）", "二"]
    assert plan.find("一.（一）").paragraphs[0].text == "正文。"


def test_bare_contents_list_repeated_by_body():
    text = "规划\n目录\n一、总体要求\n二、主要任务\n一、总体要求\n（一）目标\n二、主要任务\n"
    plan = parse(text)
    assert [e.text for e in plan.contents.entries] == ["一、总体要求", "二、主要任务"]
    assert [n.path for n in plan.walk()] == ["一", "一.（一）", "二"]


def test_run_together_pdf_contents():
    text = "规划\n目录\n第一章总体形势3一、现实基础3(一)成就4\n第二章主要任务9\n第一章 总体形势\n一、现实基础\n"
    plan = parse(text)
    assert [e.text for e in plan.contents.entries] == ["第一章总体形势3", "一、现实基础3", "(一)成就4", "第二章主要任务9"]
    assert [n.path for n in plan.walk()] == ["第一章", "第一章.一"]


def test_run_together_contents_lines_that_end_mid_entry():
    text = ("某市规划\n目录\n第一章发展基础与面临形势1一、发展基础1(一)主要成就1(二)存在问题2二、面临形势3第二章\n"
            "总体要求4一、指导思想4二、发展目标5第三章主要任务6\n第一章 发展基础与面临形势\n一、发展基础\n")
    plan = parse(text)
    assert [(e.text, e.line) for e in plan.contents.entries] == [
        ("第一章发展基础与面临形势1", 3), ("一、发展基础1", 3), ("(一)主要成就1", 3), ("(二)存在问题2", 3),
        ("二、面临形势3", 3), ("第二章总体要求4", 3), ("一、指导思想4", 4), ("二、发展目标5", 4), ("第三章主要任务6", 4)]
    assert plan.metadata.title == "某市规划"
    assert [n.path for n in plan.walk()] == ["第一章", "第一章.一"] and plan.warnings == []


def test_debris_before_heading_and_heading_with_body():
    plan = parse("规划\n一、任务\n[bookmark: OLE_LINK15]1.加强学位供给。新建学校10所。\n")
    node = plan.find("一.1")
    assert node.title == "加强学位供给"
    assert node.heading == "1.加强学位供给。"
    assert [p.text for p in node.paragraphs] == ["新建学校10所。"]
    assert [d.text for d in plan.debris] == ["[bookmark: OLE_LINK15]"]


def test_no_headings_is_a_preamble_only_plan():
    plan = parse("这是一段没有编号标题的文字。\n第二段。\n")
    assert plan.outline == []
    assert [p.text for p in plan.preamble] == ["这是一段没有编号标题的文字。", "第二段。"]
    assert plan.warnings == [
        "no numbered headings found: the whole text is kept as preamble",
        "no title found before the first heading",
    ]


def test_front_matter_metadata():
    text = (
        "\n\n  某某省某某市某某县教育事业发展\n“十五五”规划\n（送审稿）\n某府办〔2026〕12号\n"
        "某某县人民政府办公室\n2026年3月1日\n各乡镇人民政府，县直各单位：现将规划印发给你们。\n序   言\n"
        "一、发展基础\n"
    )
    meta = parse(text).metadata
    assert meta.title == "某某省某某市某某县教育事业发展“十五五”规划"
    assert (meta.province, meta.city, meta.district) == ("某某省", "某某市", "某某县")
    assert (meta.period, meta.start_year, meta.end_year) == ("十五五", 2026, 2030)
    assert meta.status == "送审稿"
    assert meta.document_number == "某府办〔2026〕12号"
    assert meta.issuer == "某某县人民政府办公室"
    assert meta.date == "2026年3月1日"


def test_a_sentence_starting_with_annex_is_not_an_annex():
    plan = parse("规划\n一、保障措施\n附件1所列项目按计划推进。\n附件2：项目表\n")
    assert [p.text for p in plan.find("一").paragraphs] == ["附件1所列项目按计划推进。"]
    assert [(a.path, a.title) for a in plan.annexes()] == [("附件2", "项目表")]


def test_preface_right_after_the_title_ends_the_front_matter():
    text = "\n \n某县教育事业发展\n“十三五”规划\n某府办〔2016〕8号\n序   言\n“十三五”时期是决胜阶段。\n第一章 发展基础\n"
    meta = parse(text).metadata
    assert (meta.title, meta.district, meta.period, meta.start_year) == ("某县教育事业发展“十三五”规划", "某县", "十三五", 2016)
    assert meta.document_number == "某府办〔2016〕8号"


def test_annex_list_annexes_and_boxes():
    text = (
        "规划\n一、主要任务\n（一）学前教育\n1.扩充学位。新建幼儿园。\n"
        "\t专栏1：学位扩充工程\n\n\t新建公办幼儿园20所。\n\n\n"
        "二、保障措施\n（一）加强领导\n"
        "附件：\n1.重点项目表\n2.建设项目表\n"
        "附件1：重点项目表\n\t序号\n\t项目名称\n\n\t1\n\t甲工程\n\n\n"
        "附件2：建设项目表\n\t序号\n\t名称\n\n\t1\n\t乙校\n"
    )
    plan = parse(text)
    box = plan.special_projects()[0]
    assert (box.path, box.numeric_path, box.number, box.title) == ("一.（一）.1.专栏1", "1.1.1.P1", "专栏1", "学位扩充工程")
    assert [p.text for p in box.paragraphs] == ["新建公办幼儿园20所。"]
    assert [p.text for p in plan.annex_list] == ["附件：", "1.重点项目表", "2.建设项目表"]
    assert [(a.path, a.numeric_path, a.title) for a in plan.annexes()] == [
        ("附件1", "A1", "重点项目表"), ("附件2", "A2", "建设项目表")]
    assert [t.caption for t in plan.tables()] == ["重点项目表", "建设项目表"]
    assert plan.find("A2").tables[0].rows == [["1", "乙校"]]
    assert [t.path for t in plan.tasks()] == ["一.（一）.1", "二.（一）"]


# --- properties of the tree over generated documents ------------------------------------

_MARKERS = {
    "chapter": lambda n: f"第{_to_cn(n)}章 ",
    "cn": lambda n: f"{_to_cn(n)}、",
    "cn_paren": lambda n: f"（{_to_cn(n)}）",
    "arabic": lambda n: f"{n}.",
    "arabic_paren": lambda n: f"({n})",
    "circled": lambda n: chr(ord("①") + n - 1),
}
_WORDS = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=8)
_LINE = st.one_of(
    st.tuples(st.sampled_from(sorted(_MARKERS)), st.integers(1, 12), _WORDS,
              st.one_of(st.none(), _WORDS)).map(
        lambda t: _MARKERS[t[0]](t[1]) + t[2] + (f"。{t[3]}。" if t[3] else "")),
    _WORDS.map(lambda w: w + "，到2025年达到95%。"),
)


@given(st.lists(_LINE, min_size=1, max_size=40))
@settings(max_examples=150, deadline=None)
def test_any_outline_keeps_every_line_and_nests(lines: list[str]):
    plan = parse("某区教育发展规划\n" + "\n".join(lines) + "\n")
    nodes = list(plan.walk())
    # Every line is in the model exactly once: as a heading (with its inline body) or a paragraph.
    held = [p.text for p in plan.preamble]
    for node in nodes:
        held.append(node.heading)
        held += [p.text for p in node.paragraphs]
    assert "".join(held).replace(" ", "") == ("某区教育发展规划" + "".join(lines)).replace(" ", "")
    assert len({n.path for n in nodes}) == len(nodes)
    for node in nodes:
        assert all(child.level == node.level + 1 for child in node.children)
        assert plan.find(node.numeric_path) is node


def test_parts_and_pian_are_top_level_styles():
    plan = parse("某区规划\n第一部分  “十三五”教育发展回顾\n一、主要成绩\n第二部分 总体要求\n一、指导思想\n"
                 "第三部分 主要任务\n一、推进学前教育\n")
    assert [(n.level, n.path) for n in plan.walk()] == [
        (1, "第一部分"), (2, "第一部分.一"), (1, "第二部分"), (2, "第二部分.一"), (1, "第三部分"), (2, "第三部分.一")]
    assert plan.warnings == [] and plan.metadata.title == "某区规划"
    assert [t.path for t in plan.tasks()] == ["第三部分.一"]
    volumes = parse("某区规划\n第一篇 总体要求\n一、指导思想\n第二篇 主要任务\n")
    assert [(n.level, n.path, n.title) for n in volumes.walk()] == [
        (1, "第一篇", "总体要求"), (2, "第一篇.一", "指导思想"), (1, "第二篇", "主要任务")]


@pytest.mark.parametrize("line", ["一、二年级不布置书面家庭作业。", "三、四年级学生体质健康优良率达到52%。",
                                  "一、二、三级教师比例合理。"])
def test_a_list_of_numerals_in_a_sentence_is_not_a_heading(line):
    assert match_heading(line) is None
    assert match_heading("　　" + line) is None


def test_traditional_characters():
    plan = parse("梅州市梅江區教育事業發展規劃\n第一章 主要任務\n一、學前教育\n")
    assert plan.metadata.district == "梅江區"
    assert [t.path for t in plan.tasks()] == ["第一章.一"]


def test_notice_cover_names_the_plan():
    text = (
        "佛山市人民政府办公室关于印发佛山市教育发展“十四五”规划的通知\n佛府办〔2021〕25号\n"
        "各区人民政府，市政府各部门、各直属机构：\n现将《佛山市教育发展“十四五”规划》印发给你们，请认真组织实施。\n"
        "佛山市人民政府办公室\n2021年12月30日\n佛山市教育发展“十四五”规划\n一、发展基础\n"
    )
    meta = parse(text).metadata
    assert meta.title == "佛山市教育发展“十四五”规划"
    assert (meta.city, meta.issuer, meta.date, meta.document_number) == (
        "佛山市", "佛山市人民政府办公室", "2021年12月30日", "佛府办〔2021〕25号")
    assert (meta.start_year, meta.end_year) == (2021, 2025)


@pytest.mark.parametrize(("cover", "date", "issuer"), [
    ("某某县教育事业发展“十四五”规划\n\n某某县教育局\n二〇二一年六月\n", "二〇二一年六月", "某某县教育局"),
    ("合肥市包河区“十四五”教育发展规划\n包河区人民政府\n2O21年11月\n", "2O21年11月", "包河区人民政府"),
    ("某区教育发展“十四五”规划\n发布时间:2021-09-18 来源:区教育体育局 浏览次数:1325\n", None, None),
])
def test_cover_facts_stay_out_of_the_title(cover, date, issuer):
    meta = parse(cover + "一、发展基础\n正文。\n").metadata
    assert meta.title.endswith("规划") and "年" not in meta.title and "来源" not in meta.title
    assert (meta.date, meta.issuer) == (date, issuer)


def test_box_variants_and_annex_title_on_the_next_line():
    text = (
        "规划\n一、主要任务\n"
        "\t专栏2  “双减”提质工程\n\n\t全面压减作业总量。\n\n\n"
        "\t专栏4\n\n\t教师队伍建设工程\n\n\t实施名师培养计划。\n\n\n"
        "附件1\n重点项目表\n\t序号\n\t项目名称\n\n\t1\n\t甲工程\n"
    )
    plan = parse(text)
    boxes = [(b.number, b.title, [p.text for p in b.paragraphs]) for b in plan.special_projects()]
    assert boxes == [("专栏2", "“双减”提质工程", ["全面压减作业总量。"]),
                     ("专栏4", "教师队伍建设工程", ["实施名师培养计划。"])]
    [annex] = plan.annexes()
    assert (annex.title, annex.heading, annex.paragraphs) == ("重点项目表", "附件1\n重点项目表", [])
    assert plan.tables()[0].caption == "重点项目表"
