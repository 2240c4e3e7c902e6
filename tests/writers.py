"""Real writers' copies of a plain-text plan: a PDF (reportlab) and a web page (lxml), the forms
plans are published in. Each is built from the plan's own block stream, so a test can assert the
copy parses like the original."""

from __future__ import annotations

import io
import re
from functools import cache
from html import escape
from pathlib import Path

from plancli.readers.blocks import TableBlock, TextBlock
from plancli.readers.plaintext import text_to_document

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@cache
def published(name: str, form: str) -> bytes:
    """The real plan NAME (huadu, qingcheng) as FORM (pdf, html — GBK —, docx), built once per run."""
    from tests.test_docx_reader import _word_copy_of

    text = (RAW / f"{name}.txt").read_text(encoding="utf-8")
    return {"pdf": pdf_copy_of, "html": html_copy_of, "docx": _word_copy_of}[form](text)


# --- PDF --------------------------------------------------------------------------------------


def pdf_copy_of(text: str, *, repeat_header: bool = False) -> bytes:
    """TEXT typeset as a PDF with reportlab: A4 pages in the built-in CID font STSong-Light (its
    Adobe-GB1 glyphs cover traditional characters too),
    paragraphs wrapped at the page's width with an indented first line, each table a ruled
    grid (its header row repeated on each page it runs over with REPEAT_HEADER), and on every page a
    running header (the plan's title) and a page number "- N -"."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    document = text_to_document(text, name="plan.txt")
    header = next(b.text for b in document.blocks if isinstance(b, TextBlock)).strip()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=21)
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")

    def page_furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, header)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
        canvas.restoreState()

    def paragraph(value: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(value).replace("\n", "<br/>"), style)

    story = []
    for block in document.blocks:
        if isinstance(block, TableBlock):
            width = max(len(row) for row in block.rows)
            rows = [[paragraph(value, cell) for value in row] + [""] * (width - len(row)) for row in block.rows]
            table = Table(rows, repeatRows=1 if repeat_header else 0, colWidths=[160 * mm / width] * width)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story.append(table)
        else:
            line = block.text.strip(" \t\u3000")
            story.append(paragraph(line, heading if len(line) <= 40 else body))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm, topMargin=22 * mm,
                      bottomMargin=20 * mm, title=header, invariant=1).build(
        story, onFirstPage=page_furniture, onLaterPages=page_furniture)
    return out.getvalue()


# --- web page ---------------------------------------------------------------------------------

_CHROME_TOP = """<div class="header"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hdjl">互动交流</a>
<ul class="nav"><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li></ul>
</div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 规划计划</div>"""
_CHROME_BOTTOM = """<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="tools">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/a">关于开展2021年教育督导工作的通知</a></li>
<li><a href="/b">区教育局2020年工作总结</a></li></ul></div>
<div class="footer"><p>主办单位：区人民政府办公室 承办单位：区政务服务数据管理局</p>
<p>网站标识码：4401140001 备案号：粤ICP备12345678号</p></div>"""


def html_copy_of(text: str, *, encoding: str = "gbk") -> bytes:
    """TEXT as a government web page saved from a browser: navigation, breadcrumbs, a byline,
    share buttons, 【打印本页】【关闭窗口】, related links and a footer around the article;
    paragraphs as <p> (a cover line pair joined with <br>), tables as <table> with the
    category rows of an indicator table spanning the row (colspan), in ENCODING."""
    document = text_to_document(text, name="plan.txt")
    blocks = document.blocks
    title = next(b.text for b in blocks if isinstance(b, TextBlock)).strip()
    parts = []
    for block in blocks[1:]:  # the first line, the title, is the page's <h1>
        if isinstance(block, TableBlock):
            width = max(len(row) for row in block.rows)
            rows = []
            for index, row in enumerate(block.rows):
                tag = "th" if index == 0 else "td"
                if len(row) < width or (len(row) > 1 and not any(row[1:])):
                    rows.append(f'<tr><{tag} colspan="{width}">{escape(row[0])}</{tag}></tr>')
                else:
                    cells = "".join(f"<{tag}>{escape(value).replace(chr(10), '<br>')}</{tag}>" for value in row)
                    rows.append(f"<tr>{cells}</tr>")
            parts.append('<table border="1" cellspacing="0">' + "".join(rows) + "</table>")
        else:
            parts.append(f'<p style="text-indent:2em">{escape(block.text.strip())}</p>')
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{escape(title)}_区人民政府门户网站</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ display: inline; }}</style></head>
<body>{_CHROME_TOP}
<div class="article">
<h1 class="title">{escape(title)}</h1>
<div class="byline">发布时间：2021-09-18 来源：区教育局 浏览次数：1325 【字体：<a>大</a> <a>中</a> <a>小</a>】</div>
<div class="content" id="zoom">
{chr(10).join(parts)}
</div></div>
{_CHROME_BOTTOM}
</body></html>
"""
    return page.encode(encoding)


# --- comparing a copy's plan with the original's ------------------------------------------------


def squeezed(text: str) -> str:
    """TEXT without whitespace: writers collapse runs of spaces and re-wrap lines."""
    return re.sub(r"\s+", "", text)


def plan_shape(plan) -> dict:
    """What must not change between a plan and a copy in another format: the outline (paths and
    headings), each node's paragraphs, the tables and the indicators, whitespace aside."""
    from plancli.extract.indicators import all_indicators

    return {
        "title": plan.metadata.title,
        "outline": [(n.kind, n.path, squeezed(n.heading)) for n in plan.walk()],
        "paragraphs": [[squeezed(p.text) for p in n.paragraphs] for n in plan.walk()],
        "preamble": [squeezed(p.text) for p in plan.preamble],
        "tables": [(t.kind, squeezed(t.caption or ""), [[squeezed(c) for c in row] for row in [t.header, *t.rows]])
                   for t in plan.tables()],
        "indicators": [(i.seq, i.name, i.unit, i.attribute, i.baseline, i.target, i.section)
                       for i in all_indicators(plan)],
    }
