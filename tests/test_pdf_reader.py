"""The PDF reader, on the real plan typeset by a real writer (reportlab, STSong-Light)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from plancli import parse_document, parse_file, text_to_document
from plancli.extract.indicators import all_indicators
from plancli.parse.complete import unplaced_text
from plancli.readers import document_from_bytes, read_document
from tests.writers import RAW, pdf_copy_of, plan_shape, published

RUNNING_HEADER = "广州市花都区教育事业发展第十四个五年规划"


@pytest.fixture()
def huadu_pdf(published_file) -> Path:
    return published_file("huadu", "pdf")


def test_a_typeset_plan_reads_like_its_text(huadu_pdf: Path, huadu):
    plan = parse_file(huadu_pdf)
    assert plan_shape(plan) == plan_shape(huadu)
    assert plan.heading_counts() == huadu.heading_counts()
    assert [len(t.rows) for t in plan.tables()] == [13, 10, 23]  # the annex table runs over three pages
    assert plan.warnings == [] and plan.source.encoding == "pdf"


def test_boxes_cut_by_a_page_break_stay_boxes(tmp_path: Path, qingcheng):
    path = tmp_path / "qingcheng.pdf"
    path.write_bytes(published("qingcheng", "pdf"))
    plan = parse_file(path)
    # Two of its seven boxes (one-cell frames, which pdfplumber alone does not report) start at
    # the foot of one page and end at the top of the next.
    assert plan_shape(plan) == plan_shape(qingcheng)
    assert len(plan.special_projects()) == 7 and plan.warnings == []


def test_running_headers_and_page_numbers_are_debris(huadu_pdf: Path):
    document = read_document(huadu_pdf)
    debris = [hit.text for hit in document.debris]
    pages = debris.count(RUNNING_HEADER)
    assert pages > 10 and [f"- {n} -" for n in range(1, pages + 1)] == [t for t in debris if t.startswith("- ")]
    # The cover's title, the same words as the running header, stays the title.
    assert document.blocks[0].text == RUNNING_HEADER
    assert unplaced_text(document, parse_document(document, "huadu")) == ({}, {})


def test_a_scanned_pdf_without_text_is_refused(run, tmp_path: Path):
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.rect(100, 100, 300, 500, fill=1)  # the page's "scan"
    page.showPage()
    page.save()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(out.getvalue())
    result = run("outline", str(scan))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"plancli: error: {scan}: no text layer (scanned?): plancli reads a PDF's text, not its images"


def test_a_damaged_pdf_is_one_clear_line(run, tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf")
    result = run("outline", str(bad))
    assert result.exit_code == 2 and result.stderr.startswith(f"plancli: error: {bad}: not a readable PDF file")
    assert "Traceback" not in result.output


TRADITIONAL = (
    "某縣教育事業發展“十四五”規劃\n第一章 發展目標\n一、主要指標\n"
    "\t序號\n\t指標\n\t屬性\n\t2020年\n\t2025年\n\n\t1\n\t學前教育毛入園率（%）\n\t預期性\n\t95\n\t98\n\n"
    "\t2\n\t義務教育鞏固率（%）\n\t約束性\n\t97\n\t99\n\n\n"
    "第二章 主要任務\n一、學前教育\n" + "擴大普惠性學前教育資源，新建和改擴建公辦幼兒園，提高保教質量。" * 120 + "\n"
    "\t專欄1 學前教育擴容工程\n\n\t新建公辦幼兒園10所，新增學位3000個。\n\n\n二、義務教育\n推進優質均衡發展。\n"
)


def test_a_traditional_character_pdf(tmp_path: Path):
    path = tmp_path / "trad.pdf"
    path.write_bytes(pdf_copy_of(TRADITIONAL))
    plan = parse_file(path)
    assert plan_shape(plan) == plan_shape(parse_document(text_to_document(TRADITIONAL, name="t.txt"), "t"))
    [box] = plan.special_projects()
    assert (box.path, box.title) == ("第二章.一.專欄1", "學前教育擴容工程")
    assert [(i.name, i.attribute, i.target.value) for i in all_indicators(plan)] == [
        ("學前教育毛入園率", "預期性", 98.0), ("義務教育鞏固率", "約束性", 99.0)]


def test_spaces_pdfium_makes_up_between_chinese_characters_are_left_out():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 700, "某区教育规划")
    for x, words in ((72, "一、"), (110, "总体"), (150, "要求")):  # pieces set apart, as justified lines are
        page.drawString(x, 680, words)
    page.drawString(72, 660, "Plan 2025")
    page.showPage()
    page.save()
    document = document_from_bytes(out.getvalue(), Path("gaps.pdf"))
    assert [block.text for block in document.blocks] == ["某区教育规划", "一、总体要求", "Plan 2025"]


def test_a_table_header_repeated_on_each_page_is_read_once(tmp_path: Path, huadu):
    path = tmp_path / "huadu.pdf"
    path.write_bytes(pdf_copy_of((RAW / "huadu.txt").read_text(encoding="utf-8"), repeat_header=True))
    plan = parse_file(path)
    assert plan_shape(plan) == plan_shape(huadu)
    assert [len(t.rows) for t in plan.tables()] == [13, 10, 23]
    # The key projects run over two pages, the construction projects over three.
    assert [d.text for d in plan.debris if not d.text.startswith(("- ", "广州"))] == ["序号", "项目名称", "主要内容"] + [
        "序号", "项目名称", "地址/地块", "学校类别", "建设类型", "占地面积（平方米）", "建筑面积（平方米）", "匡算投资（万元）",
        "计划竣工年份"] * 2


def test_pdf_and_web_plans_in_the_data_folder_are_listed_and_cached(run, data_dir: Path, monkeypatch):
    import plancli.storage.plans as plans

    (data_dir / "raw" / "huadu-print.pdf").write_bytes(published("huadu", "pdf"))
    (data_dir / "raw" / "huadu-web.html").write_bytes(published("huadu", "html"))
    listed = run("plans", "-f", "csv")
    assert listed.exit_code == 0 and "huadu-print," in listed.output and "huadu-web," in listed.output

    def no_parsing(*args):
        raise AssertionError("parsed again instead of read from data/parsed")

    monkeypatch.setattr(plans, "parse_document", no_parsing)
    assert plans.load_plan("huadu-print", data_dir).source.encoding == "pdf"
    assert plans.load_plan("huadu-web", data_dir).source.encoding == "gb18030"


def test_a_table_drawn_without_lines_is_read_from_its_column_gaps():
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16, wordWrap="CJK")
    rows = [["序号", "指标", "2020年", "2025年"], ["1", "学前教育毛入园率（%）", "100.51", "保持高水平"],
            ["2", "义务教育巩固率（%）", "98.8", "保持高水平"]]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(
        [Paragraph("某区规划", style), Paragraph("一、发展目标", style),
         Table([[Paragraph(cell, style) for cell in row] for row in rows], colWidths=[40, 200, 80, 100]),
         Paragraph("二、主要任务", style)])
    plan = parse_document(document_from_bytes(out.getvalue(), Path("borderless.pdf")), "borderless")
    [table] = plan.tables()
    assert [table.header, *table.rows] == rows and table.kind == "indicators"
    assert [n.path for n in plan.walk()] == ["一", "二"]


def test_a_running_header_that_carries_the_page_number_is_debris():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    for number, lines in enumerate((["某区教育规划", "一、总体要求", "坚持以人民为中心。"], ["二、主要任务", "扩大普惠资源。"],
                                    ["三、保障措施", "加强组织领导。"]), start=1):
        page.setFont("STSong-Light", 9)
        page.drawString(72, 800, f"某区教育事业发展规划（2021—2025年）　第{number}页")
        page.setFont("STSong-Light", 12)
        for row, line in enumerate(lines):
            page.drawString(72, 740 - 20 * row, line)
        page.showPage()
    page.save()
    plan = parse_document(document_from_bytes(out.getvalue(), Path("numbered-header.pdf")), "p")
    assert [d.text for d in plan.debris] == [f"某区教育事业发展规划（2021—2025年）　第{n}页" for n in (1, 2, 3)]
    assert [n.path for n in plan.walk()] == ["一", "二", "三"] and plan.metadata.title == "某区教育规划"


def test_pdfplumber_failing_on_a_page_leaves_its_text(monkeypatch):
    import plancli.readers.pdf as pdf

    def failing(page):
        raise ValueError("malformed content stream")

    monkeypatch.setattr(pdf, "_page_with_tables", failing)
    document = document_from_bytes(published("huadu", "pdf"), Path("huadu.pdf"))
    plan = parse_document(document, "huadu")
    assert unplaced_text(document, plan) == ({}, {})
    assert plan.find("二.（三）") is not None and "学前教育毛入园率（%）" in document.text


def test_a_scanned_page_among_text_pages_is_named_in_a_warning(tmp_path: Path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    image = tmp_path / "scan.png"
    from PIL import Image

    Image.new("L", (40, 40), 128).save(image)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 740, "某区教育规划")
    page.drawString(72, 720, "一、总体要求")
    page.showPage()
    page.drawImage(ImageReader(str(image)), 72, 300, 400, 400)  # page 2: a scan
    page.showPage()
    page.save()
    plan = parse_document(document_from_bytes(out.getvalue(), Path("part-scanned.pdf")), "p")
    assert plan.warnings == ["page 2: no text layer (scanned?), its text is not read"]
    assert [n.path for n in plan.walk()] == ["一"]
