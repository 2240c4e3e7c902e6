"""Text converted from PDF: cut at the page's width, with page numbers and running headers."""

from __future__ import annotations

import re

from plancli import parse_document, text_to_document
from plancli.extract.targets import plan_targets
from plancli.model import Plan
from plancli.readers.plaintext import DEBRIS_PATTERN
from tests.conftest import RAW

WIDTH = 36
PAGE_LINES = 30
RUNNING_HEADER = "清城区教育发展“十四五”规划"


def as_pdf_text(text: str) -> str:
    """TEXT as a PDF converter gives it: every line cut at WIDTH characters, and after every
    PAGE_LINES lines a page number and the running header of the next page."""
    printed: list[str] = []
    for line in DEBRIS_PATTERN.sub("", text).split("\n"):  # Word's bookmarks do not reach a PDF
        if line.startswith("\t") or len(line) <= WIDTH:
            printed.append(line)
        else:
            printed += [line[i:i + WIDTH] for i in range(0, len(line), WIDTH)]
    paged: list[str] = []
    for number, start in enumerate(range(0, len(printed), PAGE_LINES), start=1):
        paged += printed[start:start + PAGE_LINES]
        paged += [f"- {number} -", RUNNING_HEADER]
    return "\n".join(paged)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_pdf_conversion_parses_like_the_original(qingcheng: Plan):
    original = (RAW / "qingcheng.txt").read_text(encoding="utf-8")
    pdf = parse_document(text_to_document(as_pdf_text(original), name="qingcheng-pdf.txt"), "qingcheng-pdf")
    assert pdf.heading_counts() == qingcheng.heading_counts() == {1: 4, 2: 19, 3: 58, 4: 3}
    assert [n.path for n in pdf.walk()] == [n.path for n in qingcheng.walk()]
    assert [len(n.paragraphs) for n in pdf.walk()] == [len(n.paragraphs) for n in qingcheng.walk()]
    page_numbers = [d for d in pdf.debris if re.fullmatch(r"- \d+ -", d.text)]
    headers = [d for d in pdf.debris if d.text == RUNNING_HEADER]
    assert len(page_numbers) == len(headers) > 5
    assert len(plan_targets(pdf)) == len(plan_targets(qingcheng)) == 38
    box = pdf.find("3.1.2.P1")
    assert box is not None and box.title == "名班主任工程"


def test_joined_paragraphs_keep_every_character(qingcheng: Plan):
    original = (RAW / "qingcheng.txt").read_text(encoding="utf-8")
    pdf = parse_document(text_to_document(as_pdf_text(original), name="q.txt"), "q")
    for node, expected in zip(pdf.walk(), qingcheng.walk()):
        assert squeeze("".join(p.text for p in node.paragraphs)) == squeeze(
            "".join(p.text for p in expected.paragraphs)), node.path


def test_word_exports_are_left_alone(huadu: Plan, qingcheng: Plan):
    for plan in (huadu, qingcheng):
        text = (RAW / plan.source.name).read_text(encoding="utf-8")
        again = parse_document(text_to_document(text, name=plan.source.name), plan.id)
        assert again.model_dump(exclude={"source"}) == plan.model_dump(exclude={"source"})
        assert sum(len(n.paragraphs) for n in plan.walk()) > 0


def test_a_heading_title_is_never_joined_but_an_inline_body_is():
    lines = ["某区教育发展规划"] + ["这一行在页面宽度处被截断而没有句末标点的正文内容" + c for c in "甲乙丙丁戊己"]
    text = "\n".join(lines + ["一、发展基础", "（一）已有成就", "1.坚持教育优先。教育投入持续增长，经费保障", "能力明显增强。", "2.次项"]) + "\n"
    plan = parse_document(text_to_document(text, name="x.txt"), "x")
    assert plan.find("1.1").paragraphs == []
    assert [p.text for p in plan.find("1.1.1").paragraphs] == ["教育投入持续增长，经费保障能力明显增强。"]
    assert plan.find("1.1.2").title == "次项"


def test_indented_paragraph_starts_tell_paragraphs_apart():
    body = [
        "　　第一段从这里开始，文字在页面宽度处被截断，没有句末的",
        "标点符号，直到这里才结束。",
        "　　第二段也从缩进开始，并且恰好在一行的末尾结束了句子。",
        "　　第三段同样如此，文字在页面宽度处被截断，没有句末的",
        "标点，这一段才结束。",
    ] * 2
    text = "\n".join(["某区教育发展规划", "一、发展基础", *body, "二、主要任务"]) + "\n"
    plan = parse_document(text_to_document(text, name="x.txt"), "x")
    paragraphs = [p.text for p in plan.find("一").paragraphs]
    assert len(paragraphs) == 6
    assert paragraphs[0] == "第一段从这里开始，文字在页面宽度处被截断，没有句末的标点符号，直到这里才结束。"
    assert paragraphs[1] == "第二段也从缩进开始，并且恰好在一行的末尾结束了句子。"


def _pdf(lines: list[str]) -> Plan:
    return parse_document(text_to_document("\n".join(lines) + "\n", name="x.txt"), "x")


BODY = ["这一行在页面宽度处被截断而没有句末标点的正文内容，第" + c for c in "甲乙丙丁戊己庚辛"]


def test_cover_lines_are_not_joined():
    plan = _pdf(["合肥市包河区“十四五”教育发展规划", "包河区人民政府", "2O21年11月", "一、发展基础", *BODY, "结束。"])
    assert plan.metadata.title == "合肥市包河区“十四五”教育发展规划"
    assert (plan.metadata.issuer, plan.metadata.date) == ("包河区人民政府", "2O21年11月")


def test_a_heading_cut_at_the_page_width_keeps_its_whole_title():
    width = len(BODY[0])
    heading = "（一）坚持立德树人，构建德智体美劳全面发展的更高水平人才培"
    assert len(heading) >= 0.8 * width
    plan = _pdf(["某区规划", "一、主要任务", heading, "养体系", *BODY, "结束。"])
    node = plan.find("1.1")
    assert node.title == "坚持立德树人，构建德智体美劳全面发展的更高水平人才培养体系"
    assert node.paragraphs[0].text.startswith("这一行")


def test_contents_entries_do_not_make_a_word_export_look_like_pdf():
    contents = [f"第{n}章 标题{n}……………………{n}" for n in "一二三四五六"]
    lines = ["某区规划", "目录", *contents, "第一章 标题一", "这是一个完整的段落，句子在这里结束。", "第二章 标题二"]
    plan = _pdf(lines)
    assert plan.contents is not None and len(plan.contents.entries) == 6
    assert plan.metadata.title == "某区规划"
