"""The web-page reader, on the real plan as a government site serves it (GBK, site chrome around it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plancli import parse_document, parse_file
from plancli.errors import PlanInputError
from plancli.parse.complete import unplaced_text
from plancli.readers import detect_encoding, document_from_bytes, read_document
from plancli.readers.blocks import TableBlock, TextBlock
from tests.conftest import RAW
from tests.writers import html_copy_of, plan_shape

CHROME = ("首页", "政务公开", "当前位置", "分享到", "打印本页", "关闭窗口", "相关链接", "主办单位", "备案号", "统计代码",
          "浏览次数")


@pytest.fixture()
def huadu_page(published_file) -> Path:
    return published_file("huadu", "html")


def test_a_web_page_reads_like_its_text(huadu_page: Path, huadu):
    plan = parse_file(huadu_page)
    assert plan_shape(plan) == plan_shape(huadu)
    assert plan.warnings == [] and plan.source.encoding == "gb18030"  # GBK, read as its superset
    assert detect_encoding(huadu_page.read_bytes(), huadu_page) == "gb18030"


def test_a_web_page_of_a_plan_with_boxes(tmp_path: Path, qingcheng):
    path = tmp_path / "qingcheng.htm"
    path.write_bytes(html_copy_of((RAW / "qingcheng.txt").read_text(encoding="utf-8"), encoding="utf-8"))
    plan = parse_file(path)
    assert plan_shape(plan) == plan_shape(qingcheng) and plan.source.encoding == "utf-8"


def test_only_the_article_is_read(huadu_page: Path):
    document = read_document(huadu_page)
    assert not [word for word in CHROME if word in document.text]
    assert document.blocks[0].text == "广州市花都区教育事业发展第十四个五年规划"  # the page's <h1>
    assert unplaced_text(document, parse_file(huadu_page)) == ({}, {})


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<html><head>{head}</head><body>{body}</body></html>".encode()


def test_rowspan_colspan_and_br():
    body = ("<div class='content'><p>某区规划</p><p>一、发展目标<br>到2025年，学前教育毛入园率达到98%。</p>"
            "<table><tr><th>类别</th><th>指标</th><th>2020年</th><th>2025年</th></tr>"
            "<tr><td colspan='4'>一、普及水平</td></tr>"
            "<tr><td rowspan='2'>学前</td><td>毛入园率（%）</td><td>95</td><td>98</td></tr>"
            "<tr><td>普惠率（%）</td><td>80</td><td>85</td></tr></table>"
            "<p>【打印本页】【关闭窗口】</p></div>")
    document = document_from_bytes(page(body), Path("p.html"))
    texts = [b.text for b in document.blocks if isinstance(b, TextBlock)]
    assert texts == ["某区规划", "一、发展目标", "到2025年，学前教育毛入园率达到98%。"]
    [table] = [b for b in document.blocks if isinstance(b, TableBlock)]
    assert table.rows == (("类别", "指标", "2020年", "2025年"), ("一、普及水平", "", "", ""),
                          ("学前", "毛入园率（%）", "95", "98"), ("", "普惠率（%）", "80", "85"))
    assert [hit.text for hit in document.debris] == ["【打印本页】【关闭窗口】"]


@pytest.mark.parametrize("head", ['<meta charset="gb2312">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=GBK">'])
def test_the_declared_charset_is_used(head: str):
    data = f"<html><head>{head}</head><body><p>某县教育规划</p><p>一、总体要求</p></body></html>".encode("gbk")
    document = document_from_bytes(data, Path("p.htm"))
    assert document.encoding == "gb18030"
    assert [b.text for b in document.blocks] == ["某县教育规划", "一、总体要求"]


def test_a_page_without_text_is_one_clear_line(run, tmp_path: Path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(page("<script>var a = 1;</script>"))
    result = run("outline", str(empty))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"plancli: error: {empty}: web page has no text"


LAYOUT_TABLE_PAGE = """<html><head><meta charset="gbk"><title>某县教育局</title></head><body>
<table width="1000"><tr><td colspan="2"><a href="/">首页</a> <a href="/a">机构概况</a> <a href="/b">政务公开</a>
<a href="/c">教育动态</a> <a href="/d">办事指南</a></td></tr>
<tr><td width="200"><ul><li><a href="/x">通知公告</a></li><li><a href="/y">规划计划</a></li></ul><p>联系电话：0763-1234567</p></td>
<td><div class="title">某县教育事业发展“十四五”规划</div>
<p>　　一、发展基础</p><p>　　“十三五”期间，全县教育事业取得长足发展，学前教育毛入园率达到95%。</p>
<p>　　二、主要任务</p><p>　　（一）学前教育</p><p>　　扩大普惠性资源，新建公办幼儿园10所，到2025年毛入园率达到98%以上。</p>
<p>【<a href="javascript:print()">打印</a>】【<a href="javascript:close()">关闭</a>】</p></td></tr>
<tr><td colspan="2">版权所有：某县教育局 地址：某县某路1号</td></tr></table></body></html>"""


def test_a_page_laid_out_with_a_table_reads_its_article_cell():
    document = document_from_bytes(LAYOUT_TABLE_PAGE.encode("gbk"), Path("old-site.html"))
    assert [b.text.strip() for b in document.blocks] == [
        "某县教育事业发展“十四五”规划", "一、发展基础", "“十三五”期间，全县教育事业取得长足发展，学前教育毛入园率达到95%。",
        "二、主要任务", "（一）学前教育", "扩大普惠性资源，新建公办幼儿园10所，到2025年毛入园率达到98%以上。"]
    assert [hit.text for hit in document.debris] == ["【打印】【关闭】"]


def test_headings_indented_with_no_break_spaces():
    body = "<div><p>某区规划</p><p>&nbsp;&nbsp;一、总体要求</p><p>&nbsp;&nbsp;&nbsp;&nbsp;坚持以人民为中心。</p></div>"
    plan = parse_document(document_from_bytes(page(body), Path("p.html")), "p")
    assert [(n.path, n.title) for n in plan.walk()] == [("一", "总体要求")]
    assert [p.text for p in plan.find("1").paragraphs] == ["坚持以人民为中心。"]


def test_the_article_title_is_the_heading_just_before_it_not_the_site_name():
    body = ("<div class='top'><h1><a href='/'>某区人民政府门户网站</a></h1><h2>政务公开</h2></div>"
            "<div class='main'><h2 class='art-title'>某区教育事业发展“十四五”规划</h2>"
            "<div class='text'><p>一、发展基础</p><p>教育投入持续增长，新建学校10所，新增学位2万个。</p>"
            "<p>二、主要任务</p><p>扩大普惠性学前教育资源，推进义务教育优质均衡发展。</p></div></div>")
    document = document_from_bytes(page(body), Path("p.html"))
    assert [b.text for b in document.blocks][:2] == ["某区教育事业发展“十四五”规划", "一、发展基础"]


def test_a_cell_of_numbered_lines_stays_in_its_table():
    body = ("<div><p>某区规划</p><p>一、重点工程</p><table><tr><th>序号</th><th>主要内容</th></tr>"
            "<tr><td>1</td><td>一、新建学校<br>二、改扩建学校<br>第二章 不是标题</td></tr></table>"
            "<p>二、保障措施</p></div>")
    plan = parse_document(document_from_bytes(page(body), Path("p.html")), "p")
    [table] = plan.tables()
    assert table.rows == [["1", "一、新建学校\n二、改扩建学校\n第二章 不是标题"]]
    assert [n.path for n in plan.walk()] == ["一", "二"] and plan.warnings == []


def test_a_page_that_misdeclares_its_charset_is_read_in_the_one_it_is_in():
    data = '<html><head><meta charset="utf-8"></head><body><p>某县教育规划</p><p>一、总体要求</p></body></html>'.encode("gbk")
    document = document_from_bytes(data, Path("p.html"))
    assert document.encoding == "gb18030" and [b.text for b in document.blocks] == ["某县教育规划", "一、总体要求"]
    with pytest.raises(PlanInputError, match="invalid utf-8 byte"):  # an encoding the user names is kept to
        document_from_bytes(data, Path("p.html"), "utf-8")


def test_long_paragraphs_without_closing_stops_are_never_joined():
    items = "".join(f"<p>推进第{n}批中小学校标准化建设和改扩建工程项目落地实施</p>" for n in range(1, 9))
    document = document_from_bytes(page(f"<div><p>某区规划</p><p>一、主要任务</p>{items}</div>"), Path("p.html"))
    assert len(document.blocks) == 10
