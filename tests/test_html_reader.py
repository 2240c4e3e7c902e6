"""The web-page reader, on the real plan as a government site serves it (GBK, site chrome around it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plancli import parse_file
from plancli.parse.complete import unplaced_text
from plancli.readers import detect_encoding, document_from_bytes, read_document
from plancli.readers.blocks import TableBlock, TextBlock
from tests.conftest import RAW
from tests.writers import html_copy_of, plan_shape

HUADU = (RAW / "huadu.txt").read_text(encoding="utf-8")
CHROME = ("首页", "政务公开", "当前位置", "分享到", "打印本页", "关闭窗口", "相关链接", "主办单位", "备案号", "统计代码",
          "浏览次数")


@pytest.fixture(scope="module")
def huadu_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "huadu.html"
    path.write_bytes(html_copy_of(HUADU, encoding="gbk"))
    return path


def test_a_web_page_reads_like_its_text(huadu_page: Path, huadu):
    plan = parse_file(huadu_page)
    assert plan_shape(plan) == plan_shape(huadu)
    assert plan.warnings == [] and plan.source.encoding == "gb18030"  # GBK, read as its superset
    assert detect_encoding(huadu_page.read_bytes(), huadu_page) == "gb18030"


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
