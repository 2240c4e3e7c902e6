"""Tables in text in every shape the family uses give the same table and the same indicators."""

from __future__ import annotations

import pytest

from plancli import parse_document, text_to_document
from plancli.extract.indicators import all_indicators
from plancli.model import Plan
from plancli.parse.complete import unplaced_text
from plancli.readers.blocks import TableBlock
from tests.conftest import RAW
from tests.timing import assert_linear

HUADU = (RAW / "huadu.txt").read_text(encoding="utf-8")


def _indicator_block() -> TableBlock:
    return next(b for b in text_to_document(HUADU, name="huadu.txt").blocks if isinstance(b, TableBlock))


def with_table(shape: list[str]) -> str:
    """huadu.txt with its indicator table written as the lines SHAPE."""
    lines = HUADU.split("\n")
    table = _indicator_block()
    return "\n".join(lines[:table.start_line - 1] + shape + [""] + lines[table.end_line:])


def markdown(rows) -> list[str]:
    return [f"| {' | '.join(rows[0])} |", "|" + "---|" * len(rows[0])] + [f"| {' | '.join(r)} |" for r in rows[1:]]


def tab_rows(rows) -> list[str]:
    return ["\t".join(row) for row in rows]


def cell_per_line(rows) -> list[str]:
    return [cell for row in rows for cell in row]


def box_drawn(rows, borders_between_rows: bool = True) -> list[str]:
    widths = [max(len(row[k]) for row in rows) + 2 for k in range(len(rows[0]))]

    def border(left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * w for w in widths) + right

    out = [border("┌", "┬", "┐")]
    for index, row in enumerate(rows):
        if index and borders_between_rows:
            out.append(border("├", "┼", "┤"))
        out.append("│" + "│".join(f" {cell}".ljust(w, "\u3000") for cell, w in zip(row, widths)) + "│")
    return [*out, border("└", "┴", "┘")]


SHAPES = {
    "markdown": markdown,
    "tab rows": tab_rows,
    "one cell per line": cell_per_line,
    "box drawn": box_drawn,
    "box drawn, no inner borders": lambda rows: box_drawn(rows, borders_between_rows=False),
}


def parse(text: str) -> tuple[Plan, object]:
    document = text_to_document(text, name="plan.txt")
    return parse_document(document, "plan"), document


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_shape_of_the_indicator_table_gives_the_same_indicators(shape: str, huadu: Plan):
    rows = [list(row) for row in _indicator_block().rows]
    plan, document = parse(with_table(SHAPES[shape](rows)))
    [table, *_] = plan.tables()
    original = huadu.tables()[0]
    assert (table.kind, table.caption, table.header, table.rows) == (
        original.kind, original.caption, original.header, original.rows)
    assert all_indicators(plan) == all_indicators(huadu)
    assert [n.path for n in plan.walk()] == [n.path for n in huadu.walk()]
    assert unplaced_text(document, plan) == ({}, {})
    assert plan.warnings == []


def test_a_web_copy_with_category_rows_and_numbered_names_has_no_headings_in_it():
    lines = ["某区教育事业发展规划", "一、发展目标", "主要发展指标",
             "指标", "2020年", "2025年", "属性",
             "一、发展水平",
             "1.学前教育毛入园率(%)", "100.51", "保持高水平", "预期性",
             "2.义务教育巩固率(%)", "98.8", "99", "约束性",
             "二、教师队伍",
             "3.高中专任教师中研究生学历比例(%)", "9.32", "≧25", "预期性",
             "二、主要任务", "（一）学前教育", "扩大普惠资源。"]
    plan, document = parse("\n".join(lines) + "\n")
    assert [n.heading for n in plan.walk()] == ["一、发展目标", "二、主要任务", "（一）学前教育"]
    [table] = plan.tables()
    assert table.header == ["指标", "2020年", "2025年", "属性"]
    assert table.rows[0] == ["一、发展水平", "", "", ""] and table.rows[3] == ["二、教师队伍", "", "", ""]
    indicators = all_indicators(plan)
    assert [(i.name, i.category, i.attribute, i.target.text) for i in indicators] == [
        ("1.学前教育毛入园率", "一、发展水平", "预期性", "保持高水平"),
        ("2.义务教育巩固率", "一、发展水平", "约束性", "99"),
        ("3.高中专任教师中研究生学历比例", "二、教师队伍", "预期性", "≧25")]
    assert unplaced_text(document, plan) == ({}, {})


@pytest.mark.parametrize("box", ["专栏", "專欄", "专项工程"])
def test_a_box_drawn_frame_is_a_special_project(box: str):
    frame = ["┌────────────────────┐", f"│{box}3 学位扩充工程　　　│", "├────────────────────┤",
             "│新建公办幼儿园20所，│", "│新增学位6000个。　　│", "└────────────────────┘"]
    text = "某区规划\n一、主要任务\n（一）学前教育\n扩大普惠资源。\n" + "\n".join(frame) + "\n（二）义务教育\n"
    plan, document = parse(text)
    [project] = plan.special_projects()
    assert (project.path, project.title, [p.text for p in project.paragraphs]) == (
        f"一.（一）.{box}3", "学位扩充工程", ["新建公办幼儿园20所，", "新增学位6000个。"])
    assert [n.path for n in plan.walk()] == ["一", "一.（一）", f"一.（一）.{box}3", "一.（二）"]
    assert unplaced_text(document, plan) == ({}, {})


def test_tab_rows_need_a_header_and_a_second_row():
    plan, _ = parse("某区规划\n一、主要任务\n1.加强师德师风建设。\t\n坚持把师德建设摆在首位。\n")
    assert plan.tables() == [] and [n.path for n in plan.walk()] == ["一", "一.1"]


def test_a_box_without_its_frame_is_a_special_project_up_to_the_next_heading():
    text = ("某区规划\n一、主要任务\n（一）学前教育\n扩大普惠资源。\n专栏1 学位扩充工程\n新建公办幼儿园20所。\n新增学位6000个。\n"
            "（二）义务教育\n推进均衡。\n專欄2\n教師隊伍建設工程\n實施名師培養計劃。\n二、保障措施\n")
    plan, document = parse(text)
    boxes = [(b.path, b.heading, b.title, [p.text for p in b.paragraphs]) for b in plan.special_projects()]
    assert boxes == [("一.（一）.专栏1", "专栏1 学位扩充工程", "学位扩充工程", ["新建公办幼儿园20所。", "新增学位6000个。"]),
                     ("一.（二）.專欄2", "專欄2\n教師隊伍建設工程", "教師隊伍建設工程", ["實施名師培養計劃。"])]
    assert [p.text for p in plan.find("1.2").paragraphs] == ["推进均衡。"]
    assert [n.path for n in plan.walk() if n.kind == "section"] == ["一", "一.（一）", "一.（二）", "二"]
    assert unplaced_text(document, plan) == ({}, {})


def test_markdown_cells_are_kept_as_written():
    text = ("某区规划\n一、重点项目\n| 序号 | 建设<br>类型 | 说明 |\n|:---:|---|---|\n| 1 | 新建 | 甲\\|乙 |\n| 2 | 改扩建 | 丙 |\n"
            "二、保障措施\n")
    plan, document = parse(text)
    [table] = plan.tables()
    assert (table.header, table.rows) == (["序号", "建设<br>类型", "说明"], [["1", "新建", "甲\\|乙"], ["2", "改扩建", "丙"]])
    assert [d.text for d in plan.debris] == ["|:---:|---|---|"]
    assert unplaced_text(document, plan) == ({}, {}) and plan.warnings == []


def test_finding_tables_grows_linearly_with_lines_that_only_look_like_them():
    def text(n: int) -> str:
        return "某区规划\n" + "指标\n短\n" * n + "┌──┐\n" * n + "a|b\n" * n + "x\ty\n" * n + "指标\n" + "短\n" * n

    assert_linear(text, lambda lines: text_to_document(lines, name="x.txt"), 2000, "tables in text")


def test_traditional_headers_name_the_same_columns_as_simplified():
    from plancli.parse.tables import column_roles, indicator_columns

    simplified = ["序号", "项目名称", "建设地址", "建设性质", "占地面积（平方米）", "建筑面积", "总投资（万元）", "竣工年份"]
    traditional = ["序號", "項目名稱", "建設地址", "建設性質", "佔地面積（平方米）", "建築面積", "總投資（萬元）", "竣工年份"]
    assert column_roles(traditional) == column_roles(simplified) == {
        "seq": 0, "name": 1, "address": 2, "build_type": 3, "land_area": 4, "floor_area": 5, "investment": 6,
        "completion": 7}
    assert indicator_columns(["序號", "指標", "2020年", "2025年", "屬性"]) == \
        indicator_columns(["序号", "指标", "2020年", "2025年", "属性"])
