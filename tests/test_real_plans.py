"""The two real plans, parsed through the general code: exact structure and figures."""

from __future__ import annotations

import re

from plancli.model import Node, Plan
from plancli.readers.plaintext import DEBRIS_PATTERN, normalize_newlines
from tests.conftest import RAW


def titles(nodes: list[Node]) -> list[str]:
    return [n.title for n in nodes]


# --- huadu ------------------------------------------------------------------------------


def test_huadu_top_level(huadu: Plan):
    sections = [n for n in huadu.outline if n.kind == "section"]
    assert titles(sections) == ["发展基础", "总体部署", "主要任务", "改革举措", "重点工程", "保障措施"]
    assert [len(n.children) for n in sections] == [3, 3, 10, 3, 10, 4]
    assert [n.kind for n in huadu.outline[6:]] == ["annex", "annex"]
    assert titles(huadu.annexes()) == ["花都区教育发展“十四五”重点工程", "花都区“十四五”基础教育重点规划项目"]
    assert [a.path for a in huadu.annexes()] == ["附件1", "附件2"]


def test_huadu_headings_per_level(huadu: Plan):
    assert huadu.heading_counts() == {1: 6, 2: 33, 3: 73, 4: 30}


def test_huadu_annex_list_is_not_headings(huadu: Plan):
    assert [p.text for p in huadu.annex_list] == [
        "附件：1.花都区教育发展“十四五”重点工程",
        "2.花都区“十四五”基础教育重点规划项目",
    ]
    last_section = huadu.find("六.（四）")
    assert last_section is not None and last_section.children == []


def test_huadu_tables(huadu: Plan):
    tables = huadu.tables()
    assert [len(t.rows) for t in tables] == [13, 10, 23]
    assert [t.column_count for t in tables] == [4, 3, 9]
    assert [t.caption for t in tables] == [
        "“十四五”花都教育主要发展指标",
        "花都区教育发展“十四五”重点工程",
        "花都区“十四五”基础教育重点规划项目",
    ]
    indicators, key_projects, construction = tables
    assert indicators.header == ["序号", "指标", "2020年", "2025年"]
    assert indicators.rows[12] == ["13", "累计新增基础教育公办学位（个）", "_", "≧3.5万"]
    # Row 1 of annex 1 was split by a stray blank line inside a cell; it is mended.
    assert key_projects.rows[0][:2] == ["1", "党建引领教育高质量发展工程"]
    assert key_projects.rows[0][2].startswith("充分发挥中小学校党组织政治核心作用")
    assert construction.header[4] == "建设\n类型"
    investment = construction.header.index("匡算投资（万元）")
    assert sum(int(row[investment]) for row in construction.rows) == 268175
    assert huadu.find("二.（三）").tables == [indicators]


def test_huadu_paths_and_titles(huadu: Plan):
    node = huadu.find("三.（一）.2")
    assert node is huadu.find("3.1.2")
    assert node.title == "推进智育创新"
    assert node.heading == "2.推进智育创新。"
    assert node.paragraphs[0].text.startswith("着力培养学生认知能力")
    assert node.paragraphs[0].line == node.span.start == 142
    assert huadu.find("一.(一）") is huadu.find("1.1")
    assert huadu.find("1.1").number == "(一）"
    assert huadu.find("1.1").title == "已有成就"
    assert huadu.find("五.（一）.2.（1）").title == "充分发挥中小学校党组织政治核心作用"
    assert huadu.find("3.7.2").title == "谋划校地合作，充分运用区域优质高校资源"


def test_huadu_metadata(huadu: Plan):
    meta = huadu.metadata
    assert meta.title == "广州市花都区教育事业发展第十四个五年规划"
    assert (meta.city, meta.district, meta.period) == ("广州市", "花都区", "十四五")
    assert (meta.start_year, meta.end_year, meta.status) == (2021, 2025, None)


def test_huadu_tasks(huadu: Plan):
    tasks = huadu.tasks()
    assert len(tasks) == 76
    assert tasks[0].path == "三.（一）.1" and tasks[0].title == "突出德育实效"
    assert not huadu.find("五.（一）.1").is_task  # 目标 is not a task


# --- qingcheng --------------------------------------------------------------------------


def test_qingcheng_structure(qingcheng: Plan):
    assert titles(qingcheng.outline) == ["发展背景", "发展战略", "发展任务", "发展保障"]
    assert [len(n.children) for n in qingcheng.outline] == [2, 3, 9, 5]
    assert qingcheng.heading_counts() == {1: 4, 2: 19, 3: 58, 4: 3}


def test_qingcheng_keeps_skipped_numbers(qingcheng: Plan):
    numbers = [c.number for c in qingcheng.find("三").children]
    assert numbers == ["（一）", "（二）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）"]
    assert qingcheng.find("3.4").title == "多元灵活，构建完善的终身教育服务体系"


def test_qingcheng_headings_behind_debris(qingcheng: Plan):
    assert qingcheng.find("一.（二）.3").title == "社会发展对教育的要求是量质齐升"
    assert qingcheng.find("1.2.6").title == "教育资源不足更需优化资源配置"
    assert qingcheng.find("1.2.7").title == "要充分合理利用湾区教育提供的丰富资源和经验"
    assert qingcheng.find("2.3.6.1").title == "加快发展学前教育"
    assert len(qingcheng.debris) == 7
    assert {d.line for d in qingcheng.debris} == {27, 34, 36, 64}


def test_qingcheng_special_projects(qingcheng: Plan):
    boxes = qingcheng.special_projects()
    assert [b.number for b in boxes] == [f"专项工程{n}" for n in (1, 2, 3, 4, 5, 8, 9)]
    placed = {b.number: b.path.rsplit(".", 1)[0] for b in boxes}
    assert placed == {
        "专项工程1": "三.（一）.2", "专项工程2": "三.（一）.3", "专项工程3": "三.（一）.4",
        "专项工程4": "三.（二）.1", "专项工程5": "三.（二）.3", "专项工程8": "三.（五）.2",
        "专项工程9": "三.（八）.3",
    }
    assert boxes[2].title == "开展增值评价系统工程"
    assert boxes[0].paragraphs[0].text.startswith("建立完善以市、区、镇、校“名班主任工作室”为依托")
    assert qingcheng.tables() == []


def test_qingcheng_metadata(qingcheng: Plan):
    meta = qingcheng.metadata
    assert meta.title == "清远市清城区教育发展“十四五”规划（2021-2025）"
    assert (meta.city, meta.district, meta.status) == ("清远市", "清城区", "征求意见稿")
    assert (meta.start_year, meta.end_year) == (2021, 2025)


def test_qingcheng_tasks(qingcheng: Plan):
    assert len(qingcheng.tasks()) == 39
    assert qingcheng.find("三.（一）.1").is_task


# --- both -------------------------------------------------------------------------------


def _model_text_in_order(plan: Plan) -> str:
    """All the text the model holds, in source order."""
    pieces: list[tuple[int, int, str]] = []
    pieces += [(p.line, 0, p.text) for p in plan.preamble]
    pieces += [(p.line, 0, p.text) for p in plan.annex_list]
    if plan.contents:
        pieces.append((plan.contents.span.start, 0, plan.contents.heading))
        pieces += [(p.line, 0, p.text) for p in plan.contents.entries]
    for node in plan.walk():
        pieces.append((node.span.start, 0, node.heading))
        pieces += [(p.line, 1, p.text) for p in node.paragraphs]
        for table in node.tables:
            cells = [c for row in [table.header, *table.rows] for c in row]
            pieces.append((table.span.start, 0, "".join(cells)))
    return "".join(text for _, _, text in sorted(pieces, key=lambda p: (p[0], p[1])))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_character_lands_in_the_model(huadu: Plan, qingcheng: Plan):
    for plan in (huadu, qingcheng):
        source = normalize_newlines((RAW / plan.source.name).read_text(encoding="utf-8"))
        expected = _squeeze(DEBRIS_PATTERN.sub("", source))
        assert _squeeze(_model_text_in_order(plan)) == expected, plan.id


def test_spans_nest(huadu: Plan, qingcheng: Plan):
    for plan in (huadu, qingcheng):
        for node in plan.walk():
            for child in node.children:
                assert node.span.start <= child.span.start <= child.span.end <= node.span.end
