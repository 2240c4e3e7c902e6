"""The revision diff: revisions of the real plans built in code, diffed, and checked change by change."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from plancli.analyses.diff import (
    CHANGE_KINDS,
    KIND_DESCRIPTIONS,
    Change,
    DiffOptions,
    PlanDiff,
    diff_plans,
    token_pieces,
)
from plancli.parse import parse_document
from plancli.readers import document_from_bytes, text_to_document
from plancli.render.diff import (
    diff_docx,
    diff_markdown,
    diff_plain_tokens,
    diff_rich,
    diff_stat,
)
from tests.test_docx_reader import _word_copy_of

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
HUADU = (RAW / "huadu.txt").read_text(encoding="utf-8")
QINGCHENG = (RAW / "qingcheng.txt").read_text(encoding="utf-8")


def plan_of(text: str, name: str = "huadu"):
    return parse_document(text_to_document(text, name=f"{name}.txt"), name)


@pytest.fixture(scope="module")
def huadu():
    return plan_of(HUADU)


def diff(old_text: str, new_text: str, **options) -> PlanDiff:
    return diff_plans(plan_of(old_text), plan_of(new_text), DiffOptions(**options))


def only(result: PlanDiff, kind: str) -> Change:
    (change,) = [c for c in result.changes if c.kind == kind]
    return change


def changed_tokens(change: Change) -> list[tuple[str, str]]:
    return [(op, text) for op, text in change.tokens if op != "equal"]


def line_index(lines: list[str], start: str) -> int:
    return next(k for k, line in enumerate(lines) if line.lstrip().startswith(start))


def renumber_tasks(lines: list[str], start: int, shift: int) -> list[str]:
    """Tasks "N." from START on, while they last, renumbered by SHIFT."""
    out = list(lines)
    k = start
    while k < len(out) and (m := re.match(r"(\d+)\.", out[k])):
        out[k] = f"{int(m.group(1)) + shift}.{out[k][m.end():]}"
        k += 1
    return out


_CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    return _CN[n - 1] if n <= 10 else "十" + _CN[n - 11]


# --- the required revisions of the real plans ------------------------------------------------


def test_task_inserted_at_the_start_of_a_subsection_is_one_added_and_one_renumbered(huadu):
    lines = HUADU.split("\n")
    at = line_index(lines, "（二）学前教育") + 1
    new = renumber_tasks(lines, at, 1)
    new.insert(at, "1.建设学前教育数字化资源平台。统筹建设全区学前教育数字资源库，推动优质课程共建共享。")
    result = diff_plans(huadu, plan_of("\n".join(new)))
    assert result.summary == {"added": 1, "renumbered": 1}
    added, renumbered = result.changes
    assert (added.kind, added.element, added.new_path, added.new_number, added.count) == (
        "added", "node", "三.（二）.1", "1.", 1)
    assert added.new_text.startswith("1.建设学前教育数字化资源平台。")
    assert (renumbered.old_number, renumbered.new_number, renumbered.count) == ("1.…3.", "2.…4.", 3)
    assert (renumbered.old_path, renumbered.new_path) == ("三.（二）.1", "三.（二）.2")
    assert renumbered.title == "1.…3. → 2.…4."


def test_subsection_deleted_is_one_removed_and_one_renumbered_run(huadu):
    lines = HUADU.split("\n")
    start, end = line_index(lines, "（二）学前教育"), line_index(lines, "（三）义务教育")
    stop = line_index(lines, "四、改革举措")
    body = lines[end:stop]
    for k, line in enumerate(body):  # （三）…（十） → （二）…（九）
        for n in range(3, 11):
            if line.startswith(f"（{_cn(n)}）"):
                body[k] = f"（{_cn(n - 1)}）" + line[len(_cn(n)) + 2:]
    result = diff_plans(huadu, plan_of("\n".join(lines[:start] + body + lines[stop:])))
    assert result.summary == {"removed": 1, "renumbered": 1}
    removed, renumbered = result.changes
    assert (removed.old_path, removed.old_number, removed.count) == ("三.（二）", "（二）", 4)
    assert removed.old_text.startswith("（二）学前教育：优化教育布局 普惠优质发展\n1.加强城乡学前教育布局优化顶层设计")
    assert (renumbered.old_number, renumbered.new_number, renumbered.count) == ("（三）…（十）", "（二）…（九）", 8)


def test_subsection_deleted_without_renumbering_is_one_removed(huadu):
    lines = HUADU.split("\n")
    start, end = line_index(lines, "（二）学前教育"), line_index(lines, "（三）义务教育")
    result = diff_plans(huadu, plan_of("\n".join(lines[:start] + lines[end:])))
    assert result.summary == {"removed": 1}


def test_indicator_target_changed_is_the_indicator_change_only(huadu):
    result = diff_plans(huadu, plan_of(HUADU.replace("\t≧93\n", "\t≧95\n", 1)))
    assert result.summary == {"indicator_changed": 1}
    (change,) = result.changes
    assert (change.indicator, change.year, change.column, change.new_path) == (
        "小学专任教师中本科以上学历比例", 2025, "2025年", "二.（三）")
    assert (change.old_value.comparator, change.old_value.value, change.new_value.value) == (">=", 93.0, 95.0)
    assert change.tokens == [("delete", "≧93"), ("insert", "≧95")]
    assert (change.old_table, change.new_table, change.table_caption) == (1, 1, "“十四五”花都教育主要发展指标")


def test_one_sentence_edited_marks_only_the_changed_words(huadu):
    result = diff_plans(huadu, plan_of(HUADU.replace("配齐配强体育教师", "配齐配足体育教师", 1)))
    assert result.summary == {"edited": 1}
    (change,) = result.changes
    assert (change.element, change.old_path, change.new_path, change.new_lines.start) == (
        "paragraph", "三.（一）.3", "三.（一）.3", 143)
    assert changed_tokens(change) == [("delete", "配强"), ("insert", "配足")]
    assert "".join(t for op, t in change.tokens if op != "insert") == change.old_text
    assert "".join(t for op, t in change.tokens if op != "delete") == change.new_text


def _moved_task(text: str, edit: tuple[str, str] | None = None) -> str:
    """三.（十）.3 (the last task of its subsection) moved to the end of 三.（九） as its task 4."""
    lines = text.split("\n")
    task = lines.pop(line_index(lines, "3.提高教育质量"))
    if edit:
        task = task.replace(*edit)
    lines.insert(line_index(lines, "3.加强青年教师培养") + 1, "4." + task[2:])
    return "\n".join(lines)


def test_section_moved_is_one_moved(huadu):
    result = diff_plans(huadu, plan_of(_moved_task(HUADU)))
    assert result.summary == {"moved": 1}
    (change,) = result.changes
    assert (change.old_path, change.new_path, change.old_number, change.new_number) == (
        "三.（十）.3", "三.（九）.4", "3.", "4.")


def test_moved_and_edited_is_one_moved_and_one_edited(huadu):
    result = diff_plans(huadu, plan_of(_moved_task(HUADU, ("强化对民办学校", "加强对民办学校"))))
    assert result.summary == {"moved": 1, "edited": 1}
    moved, edited = result.changes
    assert moved.kind == "moved" and edited.new_path == "三.（九）.4"
    assert changed_tokens(edited) == [("delete", "强化"), ("insert", "加强")]


def test_task_moved_to_the_front_shifting_the_others_is_moved_and_renumbered(huadu):
    lines = HUADU.split("\n")
    at = line_index(lines, "8.加强安全教育")
    task = lines.pop(at)
    first = line_index(lines, "1.突出德育实效")
    lines = renumber_tasks(lines, first, 1)
    lines.insert(first, "1." + task[2:])
    result = diff_plans(huadu, plan_of("\n".join(lines)))
    assert result.summary == {"moved": 1, "renumbered": 1}
    moved, renumbered = result.changes
    assert (moved.old_path, moved.new_path) == ("三.（一）.8", "三.（一）.1")
    assert (renumbered.old_number, renumbered.new_number, renumbered.count) == ("1.…7.", "2.…8.", 7)


def test_table_cell_changed(huadu):
    result = diff_plans(huadu, plan_of(HUADU.replace("\t57144\n", "\t57000\n", 1)))
    assert result.summary == {"cell_changed": 1}
    (change,) = result.changes
    assert (change.row_key, change.column, change.old_text, change.new_text, change.new_path) == (
        "雅瑶初级中学（新校）建设工程", "占地面积（平方米）", "57144", "57000", "附件2")
    assert change.tokens == [("delete", "57144"), ("insert", "57000")]


def _without_row(text: str, name: str) -> list[str]:
    lines = text.split("\n")
    at = lines.index(f"\t{name}")
    del lines[at - 1:at + 9]  # 序号, 8 cells and the blank line after the row
    return lines


def test_table_row_deleted(huadu):
    result = diff_plans(huadu, plan_of("\n".join(_without_row(HUADU, "雅瑶初级中学（新校）建设工程"))))
    assert result.summary == {"row_removed": 1}
    (change,) = result.changes
    assert change.row_key == "雅瑶初级中学（新校）建设工程" and change.old_table == 3
    assert change.old_text.startswith("2 | 雅瑶初级中学（新校）建设工程 | ")


def test_table_row_deleted_and_rows_renumbered_is_one_renumbered_run(huadu):
    lines = _without_row(HUADU, "雅瑶初级中学（新校）建设工程")
    start = lines.index("\t花都区中轴线学校建设项目") - 1
    for k in range(start, len(lines)):  # every later 序号 one less
        if re.fullmatch(r"\t\d+", lines[k]) and lines[k - 1] == "":
            lines[k] = f"\t{int(lines[k]) - 1}"
    result = diff_plans(huadu, plan_of("\n".join(lines)))
    assert result.summary == {"renumbered": 1, "row_removed": 1}
    removed, renumbered = result.changes
    assert (removed.kind, renumbered.element, renumbered.old_number, renumbered.new_number) == (
        "row_removed", "row", "3…23", "2…22")
    assert renumbered.count == 21


def test_heading_retitled(huadu):
    result = diff_plans(huadu, plan_of(HUADU.replace("（三）发展目标", "（三）发展目标与指标", 1)))
    assert result.summary == {"retitled": 1}
    (change,) = result.changes
    assert (change.old_text, change.new_text, change.new_path) == ("发展目标", "发展目标与指标", "二.（三）")
    assert change.tokens == [("equal", "发展目标"), ("insert", "与指标")]


def test_plan_against_itself_is_identical(huadu):
    result = diff_plans(huadu, huadu)
    assert result.identical and result.changes == [] and result.summary == {}
    assert diff_plans(huadu, plan_of(HUADU)).identical



def test_same_content_as_text_and_as_word_is_identical(huadu):
    word = parse_document(document_from_bytes(_word_copy_of(HUADU), Path("huadu.docx")), "huadu")
    result = diff_plans(huadu, word)
    assert result.identical
    assert (result.old.source, result.new.source) == ("huadu.txt", "huadu.docx")
    assert result.old.sha256 != result.new.sha256


def test_draft_status_removed_is_metadata_changed_status():
    lines = QINGCHENG.split("\n")
    assert lines[5] == "（征求意见稿）"
    result = diff(QINGCHENG, "\n".join(lines[:5] + lines[6:]))
    assert result.summary == {"metadata_changed": 1}
    (change,) = result.changes
    assert (change.field, change.old_text, change.new_text, change.area) == ("status", "征求意见稿", None, "metadata")
    assert (result.old.status, result.new.status) == ("征求意见稿", None)


def test_special_project_box_added_and_edited():
    lines = QINGCHENG.split("\n")
    at = line_index(lines, "4.大力促进义务教育优质均衡发展")
    box = ["\t专项工程10：义务教育优质均衡攻坚工程", "", "\t实施义务教育薄弱学校改造提升计划，到2025年全面达到国家优质均衡标准。", "", ""]
    new = lines[:at + 2] + box + lines[at + 2:]
    new_text = "\n".join(new).replace("建立完善以市、区、镇、校", "建立健全以市、区、镇、校", 1)
    result = diff(QINGCHENG, new_text)
    assert result.summary == {"added": 1, "edited": 1}
    edited, added = result.changes
    assert (edited.node_kind, edited.new_path) == ("special_project", "三.（一）.2.专项工程1")
    assert changed_tokens(edited) == [("delete", "建立完善"), ("insert", "建立健全")]  # one jieba word each
    assert (added.node_kind, added.new_path, added.title) == (
        "special_project", "三.（二）.4.专项工程10", "专项工程10：义务教育优质均衡攻坚工程")


def test_prose_target_changed_follows_its_edited_paragraph():
    old = "某区教育事业发展规划\n一、发展目标\n到2025年，学前教育毛入园率达到92%以上，义务教育巩固率保持100%。\n"
    result = diff(old, old.replace("92%以上", "95%以上"))
    assert result.summary == {"edited": 1, "target_changed": 1}
    edited, target = result.changes
    assert changed_tokens(edited) == [("delete", "92%"), ("insert", "95%")]
    assert (target.subject, target.year, target.old_value.value, target.new_value.value) == (
        "学前教育毛入园率", 2025, 92.0, 95.0)


def test_smaller_edits_of_the_real_plan(huadu):
    lines = HUADU.split("\n")
    at = line_index(lines, "2.推进智育创新")
    cases = {
        "annex list": (HUADU.replace("2.花都区“十四五”基础教育重点规划项目", "2.花都区“十四五”基础教育重点建设项目", 1),
                       {"edited": 1}, ("annex_list", None)),
        "preamble": (HUADU.replace("结合花都实际", "结合花都区实际", 1), {"edited": 1}, ("preamble", None)),
        "paragraph added": ("\n".join(lines[:at] + ["同时加强科学教育，建设一批科技创新实验室。"] + lines[at:]),
                            {"added": 1}, ("outline", "三.（一）.1")),
        "header": (HUADU.replace("\t匡算投资（万元）", "\t估算投资（万元）", 1), {"header_changed": 1}, ("outline", "附件2")),
        "title": (HUADU.replace("花都区教育事业发展第十四个五年规划", "花都区教育事业发展“十四五”规划", 1),
                  {"metadata_changed": 1}, ("metadata", None)),
    }
    for name, (text, summary, (area, path)) in cases.items():
        result = diff_plans(huadu, plan_of(text))
        assert result.summary == summary, name
        assert (result.changes[0].area, result.changes[0].new_path) == (area, path), name
    assert only(diff_plans(huadu, plan_of(cases["paragraph added"][0])), "added").element == "paragraph"


def test_indicator_table_removed_is_one_record_and_a_row_added_is_row_added(huadu):
    lines = HUADU.split("\n")
    caption, after = line_index(lines, "“十四五”花都教育主要发展指标"), line_index(lines, "三、主要任务")
    result = diff_plans(huadu, plan_of("\n".join(lines[:caption] + lines[after - 2:])))
    assert result.summary == {"table_removed": 1}  # its caption line is not reported again
    assert result.changes[0].table_caption == "“十四五”花都教育主要发展指标"
    last = line_index(lines, "≧3.5万")
    row = ["", "\t14", "\t义务教育巩固率（%）", "\t99", "\t100"]
    result = diff_plans(huadu, plan_of("\n".join(lines[:last + 1] + row + lines[last + 1:])))
    assert result.summary == {"row_added": 1}
    assert result.changes[0].new_text == "14 | 义务教育巩固率（%） | 99 | 100"
    both = diff_plans(huadu, plan_of(HUADU.replace("\t59\n\t≧93\n", "\t60\n\t≧95\n", 1)))
    assert [(c.kind, c.year, c.old_text, c.new_text) for c in both.changes] == [
        ("indicator_changed", 2020, "59", "60"), ("indicator_changed", 2025, "≧93", "≧95")]


# --- options ---------------------------------------------------------------------------------


def test_ignore_space():
    spaced = HUADU.replace("配齐配强体育教师", "配齐配强 体育教师", 1).replace("（三）发展目标", "（三）发展目标  ", 1)
    assert diff(HUADU, spaced).summary == {"edited": 1}
    assert diff(HUADU, spaced, ignore_space=True).identical


def test_ignore_width_and_texts_stay_as_written():
    lines = HUADU.split("\n")
    at = line_index(lines, "1.突出德育实效")
    lines[at] = lines[at].replace("，", ",")
    lines[at - 1] = lines[at - 1].replace("（一）", "(一)", 1)
    half = "\n".join(lines)
    default = diff(HUADU, half)
    assert default.summary == {"edited": 1, "renumbered": 1}
    assert "," in only(default, "edited").new_text
    assert only(default, "renumbered").new_number == "(一)"
    assert diff(HUADU, half, ignore_width=True).identical


def test_context_trims_long_equal_runs():
    new = HUADU.replace("配齐配强体育教师", "配齐配足体育教师", 1)
    full = only(diff(HUADU, new), "edited").tokens
    short = only(diff(HUADU, new, context=2), "edited").tokens
    assert changed_tokens(only(diff(HUADU, new, context=2), "edited")) == [("delete", "配强"), ("insert", "配足")]
    assert full[0] == ("equal", "配齐") and short[0] == ("equal", "配齐")  # nothing to trim before
    pieces = token_pieces(full[-1][1])
    assert short[-1] == ("equal", "".join(pieces[:2]) + "…")
    assert len(short[-1][1]) < len(full[-1][1])


def test_numbers_are_kept_whole_with_their_unit():
    assert "92%" in token_pieces("到2025年达到92%以上")
    assert "1.5个百分点" in token_pieces("提高1.5个百分点")
    assert "≧93" in token_pieces("≧93")
    result = diff(HUADU, HUADU.replace("增长118.01%", "增长120%", 1))
    assert changed_tokens(only(result, "edited")) == [("delete", "118.01%"), ("insert", "120%")]


def test_deterministic(huadu):
    new = plan_of(_moved_task(HUADU.replace("\t≧93\n", "\t≧95\n", 1), ("强化对民办学校", "加强对民办学校")))
    first = diff_plans(huadu, new).model_dump_json()
    assert diff_plans(plan_of(HUADU), plan_of(_moved_task(HUADU.replace("\t≧93\n", "\t≧95\n", 1),
                                                          ("强化对民办学校", "加强对民办学校")))).model_dump_json() == first


def test_model_is_complete_and_round_trips(huadu):
    result = diff_plans(huadu, plan_of(HUADU.replace("配齐配强体育教师", "配齐配足体育教师", 1)))
    data = result.model_dump(mode="json")
    assert list(data) == ["old", "new", "options", "summary", "changes"]
    assert list(data["changes"][0])[:4] == ["kind", "element", "area", "node_kind"]
    assert data["changes"][0]["tokens"][1] == ["delete", "配强"]
    assert PlanDiff.model_validate(data) == result
    assert set(KIND_DESCRIPTIONS) == set(CHANGE_KINDS)
    assert all(f.description for name, f in Change.model_fields.items())


# --- renderers -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def revision(huadu) -> PlanDiff:
    new = HUADU.replace("配齐配强体育教师", "配齐配足体育教师", 1).replace("\t≧93\n", "\t≧95\n", 1)
    return diff_plans(huadu, plan_of(new), DiffOptions(context=3))


def _print(renderable, **console) -> str:
    out = io.StringIO()
    Console(file=out, width=100, **console).print(renderable)
    return out.getvalue()


def test_plain_markers():
    assert diff_plain_tokens([("equal", "配齐"), ("delete", "配强"), ("insert", "配足")]) == "配齐[-配强-]{+配足+}"


def test_rich_marks_words_with_color_or_with_markers(revision):
    plain = _print(diff_rich(revision), color_system=None)
    assert plain.splitlines()[0] == "huadu.txt → huadu.txt: 2 changes (1 edited, 1 indicator_changed)"
    assert "配齐[-配强-]{+配足+}体育教师" in plain and "[-≧93-]{+≧95+}" in plain
    assert "[-" in _print(diff_rich(revision), force_terminal=True, color_system="truecolor", no_color=True)
    colored = _print(diff_rich(revision), force_terminal=True, color_system="truecolor")
    assert "[-" not in colored and "\x1b[9;31m配强\x1b[0m" in colored and "\x1b[32m配足\x1b[0m" in colored


def test_markdown(revision):
    text = diff_markdown(revision)
    assert text.startswith("# Diff: huadu.txt → huadu.txt\n")
    assert "| edited | 1 |" in text and "| indicator_changed | 1 |" in text
    assert "配齐~~配强~~ **配足**体育教师" in text
    assert "## 2. edited: 三.（一）.3" in text


def test_stat(revision):
    text = diff_stat(revision)
    assert "edited" in text and "indicator_changed" in text and "配强" not in text


def test_docx_revision_table(revision):
    data = diff_docx(revision)
    assert diff_docx(revision) == data  # byte-identical on re-run
    word = docx.Document(io.BytesIO(data))
    (table,) = word.tables
    assert [c.text for c in table.rows[0].cells] == ["章节", "原文", "修改后", "说明"]
    assert len(table.rows) == 1 + len(revision.changes)
    edited = table.rows[2].cells
    assert edited[0].text.startswith("三.（一）.3")
    struck = [r.text for r in edited[1].paragraphs[0].runs if r.font.strike]
    marked = [r.text for r in edited[2].paragraphs[0].runs if r.font.underline and r.font.bold]
    assert (struck, marked) == (["配强"], ["配足"])
    assert edited[3].text == "修改"


def test_docx_text_is_xml_safe(revision):
    # Readers reject control characters, but a Plan may come from anywhere: the docx must still build.
    change = revision.changes[1].model_copy(update={"tokens": [("equal", "配齐\x07"), ("insert", "配足\x0b")]})
    word = docx.Document(io.BytesIO(diff_docx(revision.model_copy(update={"changes": [change]}))))
    assert word.tables[0].rows[1].cells[2].text == "配齐配足"


# --- properties ------------------------------------------------------------------------------

_WORDS = ["教育", "学校", "教师", "课程", "质量", "资源", "改革", "体系", "发展", "创新", "学生", "评价", "治理"]
# Inserted tasks use other words, so that no inserted task is similar to a deleted one.
_NEW_WORDS = ["服务", "保障", "机制", "建设", "管理", "队伍", "信息化", "普惠", "均衡", "融合", "特色", "素养", "科技"]


def _task(words: list[str]):
    title = st.lists(st.sampled_from(words), min_size=3, max_size=4).map("".join)
    body = st.lists(st.sampled_from(words), min_size=6, max_size=12).map(lambda ws: "".join(ws) + "。")
    return st.tuples(title, body)


@st.composite
def outlines(draw):
    """Sections of tasks (unique titles), tasks to delete (section, position) and tasks to insert
    (section, position, (title, body))."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    tasks = draw(st.lists(_task(_WORDS), min_size=sum(sizes), max_size=sum(sizes), unique_by=lambda t: t[0]))
    sections, k = [], 0
    for size in sizes:
        sections.append(tasks[k:k + size])
        k += size
    deletes = sorted({(s, draw(st.integers(0, sizes[s] - 1)))
                      for s in draw(st.lists(st.integers(0, len(sizes) - 1), max_size=2))}, reverse=True)
    new_tasks = draw(st.lists(_task(_NEW_WORDS), min_size=1, max_size=3, unique_by=lambda t: t[0]))
    inserts = [(draw(st.integers(0, len(sizes) - 1)), draw(st.integers(0, 5)), task) for task in new_tasks]
    return sections, deletes, inserts


def _outline_text(sections: list[list[tuple[str, str]]]) -> str:
    lines = ["某区教育事业发展“十四五”规划"]
    for s, tasks in enumerate(sections, start=1):
        lines.append(f"{_cn(s)}、第{_cn(s)}部分任务")
        lines += [f"{t}.{title}。{body}" for t, (title, body) in enumerate(tasks, start=1)]
    return "\n".join(lines) + "\n"


@given(outlines())
@settings(max_examples=30, deadline=None)
def test_deleted_and_inserted_tasks_are_reported_as_such_and_nothing_else_but_renumbering(outline):
    sections, deletes, inserts = outline
    old = plan_of(_outline_text(sections), "x")
    assert diff_plans(old, old).identical
    revised = [list(tasks) for tasks in sections]
    for section, position in deletes:
        del revised[section][position]
    for section, position, task in inserts:
        revised[section].insert(min(position, len(revised[section])), task)
    if any(not tasks for tasks in revised):  # a section without tasks is another outline shape
        return
    result = diff_plans(old, plan_of(_outline_text(revised), "x"))
    assert set(result.summary) <= {"added", "removed", "renumbered"}
    assert result.summary.get("added", 0) == len(inserts)
    assert result.summary.get("removed", 0) == len(deletes)
    assert all(c.count == 1 for c in result.changes if c.kind in ("added", "removed"))


def test_a_traditional_indicator_table_diffs_like_a_simplified_one():
    def plan(target: str):
        return plan_of("某縣教育事業發展規劃\n一、主要指標\n表1 主要指標\n序號\t指標\t2020年\t2025年\t屬性\n"
                       f"1\t學前教育毛入園率（%）\t95\t{target}\t預期性\n2\t義務教育鞏固率（%）\t98\t99\t約束性\n"
                       "\n二、主要任務\n辦好學前教育。\n", name="county")

    result = diff_plans(plan("≧97"), plan("≧98"))
    assert result.summary == {"indicator_changed": 1}
    (change,) = result.changes
    assert (change.indicator, change.year, change.column, change.old_text, change.new_text) == (
        "學前教育毛入園率", 2025, "2025年", "≧97", "≧98")
