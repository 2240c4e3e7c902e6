"""Never lose text silently: every non-debris character of a source lands in the model once."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plancli import parse_document, text_to_document
from plancli.lang.numerals import int_to_cn
from plancli.model import Plan
from plancli.parse.complete import unplaced_text
from plancli.readers.blocks import Document


def parse(text: str) -> tuple[Document, Plan]:
    document = text_to_document(text, name="plan.txt")
    return document, parse_document(document, "plan")


def assert_complete(document: Document, plan: Plan) -> None:
    missing, extra = unplaced_text(document, plan)
    assert not missing and not extra, (missing, extra)
    assert not [w for w in plan.warnings if w.startswith("text lost")]


BOX_THEN_HEADING = (
    "{title}\n第一章 發展基礎\n第一節 主要成就\n教育投入持續增長。\n"
    "\t{box}1 重點項目\n\t新建學校10所。\n"  # the box's cells with no blank line, the next heading right under it
    "第二節 主要問題\n資源不足。\n第二章 總體要求\n一、指導思想\n堅持以人民為中心。\n"
    "第三章 主要任務\n一、學前教育\n擴大普惠資源。\n第四章 保障措施\n一、組織保障\n加強領導。\n"
)


def test_a_box_followed_directly_by_a_heading_keeps_every_chapter():
    for title, box in (("某區教育事業發展規劃", "專欄"), ("某区教育事业发展规划", "专栏")):
        document, plan = parse(BOX_THEN_HEADING.format(title=title, box=box))
        assert [n.heading for n in plan.outline] == ["第一章 發展基礎", "第二章 總體要求", "第三章 主要任務", "第四章 保障措施"]
        [project] = plan.special_projects()
        assert (project.path, project.title, [p.text for p in project.paragraphs]) == (
            f"第一章.第一节.{box}1", "重點項目", ["新建學校10所。"])
        assert plan.find("1.2").heading == "第二節 主要問題"
        assert plan.tables() == [] and plan.warnings == []
        assert_complete(document, plan)


def test_a_box_list_inside_the_last_cell_stays_in_the_box():
    text = ("某区规划\n一、主要任务\n1.扩大学位。\n\t专栏1 学位工程\n\n\t主要内容：\n1.新建幼儿园。\n2.改扩建小学。\n\n\n"
            "2.提升质量。\n")
    document, plan = parse(text)
    [project] = plan.special_projects()
    assert [(p.text, p.line) for p in project.paragraphs] == [("主要内容：", 6), ("1.新建幼儿园。", 7), ("2.改扩建小学。", 8)]
    assert [n.path for n in plan.walk()] == ["一", "一.1", "一.1.专栏1", "一.2"]
    assert_complete(document, plan)


def test_a_heading_under_a_cell_with_more_rows_after_it_stays_in_the_table():
    text = "某区规划\n一、主要任务\n\t序号\n\t内容\n\n\t1\n\t甲\n二、乙\n\n\t2\n\t丙\n\n\n二、保障\n"
    document, plan = parse(text)
    [table] = plan.tables()
    assert table.rows == [["1", "甲\n二、乙"], ["2", "丙"]]
    assert_complete(document, plan)


def test_a_one_row_table_of_sentences_is_kept_as_text_with_a_warning():
    text = "某区规划\n一、主要任务\n\t加强领导，落实责任。\n\t完善制度，强化督导。\n二、保障\n"
    document, plan = parse(text)
    assert plan.tables() == []
    assert [p.text for p in plan.find("1").paragraphs] == ["加强领导，落实责任。", "完善制度，强化督导。"]
    assert plan.warnings == ["lines 3-4: a table of one row that is no header, kept as text"]
    assert_complete(document, plan)


def test_the_real_plans_are_complete(huadu: Plan, qingcheng: Plan):
    from plancli.readers import read_document
    from tests.conftest import RAW

    for plan in (huadu, qingcheng):
        assert_complete(read_document(RAW / plan.source.name), plan)


# --- property: any interleaving of headings, tables, boxes, blank lines and debris -----------

_WORD = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=2, max_size=6)
_LADDER = (lambda n: f"第{int_to_cn(n)}章 ", lambda n: f"{int_to_cn(n)}、", lambda n: f"（{int_to_cn(n)}）",
           lambda n: f"{n}.")
_DEBRIS = ("[bookmark: _GoBack]", "错误！未定义书签。", "\u200b")
_SHAPES = ("tab cells", "tab rows", "markdown", "box drawn", "cell per line")


def _table_lines(rows: list[list[str]], shape: str) -> list[str]:
    """ROWS written as a table of SHAPE, the shapes plain-text copies of plans use."""
    if shape == "tab cells":
        return [line for row in rows for line in ["\t" + cell for cell in row] + [""]] + [""]
    if shape == "tab rows":
        return ["\t".join(row) for row in rows]
    if shape == "markdown":
        return [f"|{'|'.join(rows[0])}|", "|---" * len(rows[0]) + "|"] + [f"|{'|'.join(row)}|" for row in rows[1:]]
    if shape == "box drawn":
        rule = "─" * 8
        return (["┌" + "┬".join([rule] * len(rows[0])) + "┐"] + [f"│{'│'.join(row)}│" for row in rows]
                + ["└" + "┴".join([rule] * len(rows[0])) + "┘"])
    return [cell for row in rows for cell in row]

_ELEMENT = st.one_of(
    st.tuples(st.just("heading"), st.integers(0, 3), _WORD),
    st.tuples(st.just("paragraph"), _WORD, st.sampled_from(("", *_DEBRIS))),
    st.tuples(st.just("table"), st.lists(st.lists(_WORD, min_size=2, max_size=2), min_size=1, max_size=4),
              st.integers(1, 2), st.sampled_from(_SHAPES)),
    st.tuples(st.just("box"), st.sampled_from(("专栏", "專欄", "专项工程")), st.lists(_WORD, min_size=1, max_size=3),
              st.booleans(), st.integers(0, 2)),
    st.tuples(st.just("blank"), st.integers(1, 3)),
    st.tuples(st.just("page"), st.integers(1, 99)),  # a page number on a line of its own
)


def _render(elements: list[tuple]) -> tuple[str, list[str], int, int]:
    """The document, the headings it holds in order, its tables and its boxes."""
    lines = ["某区教育事业发展规划"]
    headings: list[str] = []
    counters = [0, 0, 0, 0]
    depth = -1
    tables = boxes = 0
    tight = False  # the last element is a box with no blank line after it
    for kind, *values in elements:
        level = min(values[0], depth + 1) if kind == "heading" else None
        if tight and level != 0:
            lines.append("")  # only a chapter heading may follow a box with no blank line between
        if kind in ("table", "box") and lines[-1].startswith("\t") or lines[-1:] == [""] and lines[-2].startswith("\t"):
            lines.append("")  # two blank lines end a flattened table; one would join it with the next
        tight = False
        if kind == "heading":
            counters[level] += 1
            counters[level + 1:] = [0] * (3 - level)
            depth = level
            # A title starting "一个" or "二年级" would be a list of numerals in a sentence, no heading.
            headings.append(_LADDER[level](counters[level]) + "建设" + values[1])
            lines.append(headings[-1])
        elif kind == "paragraph":
            lines.append(values[1] + values[0] + "，到2025年达到95%。")
        elif kind == "table":
            tables += 1
            rows, blanks, shape = values
            lines += _table_lines([["序号", "指标", "目标"], *([str(n), *row] for n, row in enumerate(rows, 1))], shape)
            lines += [""] * blanks
        elif kind == "box":
            boxes += 1
            box, words, separated, blanks = values
            for cell in [f"{box}{boxes} {words[0]}", *(word + "。" for word in words[1:])]:
                lines += ["\t" + cell] + ([""] if separated else [])
            lines += [""] * blanks
            tight = not blanks and not separated
        elif kind == "page":
            lines.append(f"- {values[0]} -")
        else:
            lines += [""] * values[0]
    return "\n".join(lines) + "\n", headings, tables, boxes


@given(st.lists(_ELEMENT, min_size=1, max_size=25))
@settings(max_examples=120, deadline=None)
def test_any_interleaving_keeps_every_character_once(elements: list[tuple]):
    text, headings, tables, boxes = _render(elements)
    document, plan = parse(text)
    assert_complete(document, plan)
    sections = [n.heading for n in plan.walk() if n.kind == "section"]
    assert sections == headings
    assert len(plan.special_projects()) == boxes
    assert len(plan.tables()) == tables


def test_a_reader_that_drops_text_is_caught_at_run_time():
    document = text_to_document("某区规划\n一、总体要求\n坚持以人民为中心。\n", name="plan.txt")
    dropped = Document(name=document.name, sha256=document.sha256, encoding=document.encoding,
                       text=document.text, blocks=document.blocks[:2], debris=document.debris)
    plan = parse_document(dropped, "plan")
    assert plan.warnings == ["text lost or doubled: 9 characters of the source are not in the model (坚持以人民为中心。)"]
    doubled = Document(name=document.name, sha256=document.sha256, encoding=document.encoding,
                       text=document.text, blocks=[*document.blocks, document.blocks[0]], debris=document.debris)
    assert parse_document(doubled, "plan").warnings == [
        "text lost or doubled: 4 characters are in the model more often than in the source (某区规划)"]


@pytest.mark.parametrize("form", ["docx", "pdf", "html"])
@pytest.mark.parametrize("name", ["huadu", "qingcheng"])
def test_every_reader_keeps_every_character_of_the_real_plans(form: str, name: str, tmp_path):
    from plancli.readers import read_document
    from tests.writers import published

    path = tmp_path / f"{name}.{form}"
    path.write_bytes(published(name, form))
    document = read_document(path)
    assert_complete(document, parse_document(document, name))
