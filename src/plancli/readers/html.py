"""Web-page reader: a saved or fetched HTML page → its article's text rendering → blocks.

The charset is the one the page declares (<meta charset>, or http-equiv Content-Type; GBK and
GB2312 read as their superset GB18030), else detected as for a text file; --encoding overrides.
The article is the element holding the most paragraph text that is not link text (navigation,
breadcrumbs, related links and footers are mostly links or short lines, so they lose), with the
page's heading before it when that stands outside the article (the last <h1>-<h3> or "title" element
before the article, not a link: a site's logo and menus come earlier). Scripts, styles, forms and
the page's nav/header/footer/aside elements are dropped first, and lines of page chrome inside
the article (【打印本页】【关闭窗口】, 分享到) are kept out as debris.

Paragraphs come from <p>, <div>, headings, list items and <br>; tables from <table>, with a cell
spanning columns (colspan) written once and the columns it covers left empty, and a cell
spanning rows (rowspan) empty in the rows below, as the Word reader renders merged cells. The
rendering is flattened like a Word text export (TAB-led cells, a blank line after each row, two
after a table) and read by the plain-text reader, so a web page gives the same blocks as its
text copy.

trafilatura and readability-lxml were measured against this on huadu's page (bench/bench_readers.py)
and not taken: both found the article and dropped the chrome too, but took two to four times as long
(12–30 ms against 7 ms), left out the <h1> title, and return text, so tables lose their rows and cells
(trafilatura writes them as "|"-joined lines), where this reader keeps the grid with its spans.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from plancli.errors import PlanInputError
from plancli.readers.blocks import Document
from plancli.readers.decode import decode_bytes
from plancli.readers.plaintext import text_to_document

# <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gb2312">.
_DECLARED_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)
_GB_FAMILY = {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "gb18030"}
_DROPPED = ("script", "style", "noscript", "template", "form", "iframe", "nav", "header", "footer", "aside",
            "select", "button", "input", "textarea", "object", "embed", "svg")
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
               "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "address", "figure", "figcaption",
               "caption", "hr", "body", "td", "th"}
# Page chrome that stands inside articles: print and close buttons, share bars, font-size switches.
_CHROME_LINE = re.compile(r"^\s*(?:[【\[]\s*(?:打印|关闭|關閉|收藏|返回顶部)[^】\]]*[】\]]\s*)+$"
                          r"|^\s*分享到[:：]|^\s*【?字[体號号][:：]")
# The elements whose text is scored for the article, unless they hold others of them.
_SCORED = ("p", "table", "div", "td", "li", "pre")
_LINK_SHARE_MAX = 0.5  # an element whose text is mostly link text is navigation, not an article


def html_document_from_bytes(data: bytes, path: Path, encoding: str | None = None) -> Document:
    """Read a web page's bytes into a Document of its article. Raise PlanInputError for a page
    with no readable text."""
    import lxml.html
    from lxml import etree

    text, used = _decode(data, path, encoding)
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as err:
        raise PlanInputError(str(path), f"not a readable web page ({err})") from None
    for element in list(root.iter(*_DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    etree.strip_elements(root, etree.Comment, with_tail=False)
    article = _article(root)
    if article is None:
        raise PlanInputError(str(path), "web page has no text")
    renderer = _Renderer()
    title = _title(root, article)
    if title:
        renderer.line(title)
    renderer.add(article)
    renderer.end_line()
    lines = renderer.lines
    chrome = [index for index, line in enumerate(lines) if _CHROME_LINE.search(line)]
    return text_to_document("\n".join(lines) + "\n", name=path.name, encoding=used,
                            sha256=hashlib.sha256(data).hexdigest(), source=str(path), furniture=chrome,
                            rendered=True)


def html_encoding(data: bytes, path: Path) -> str:
    """The encoding the page is read in: the one it declares, else the one detected."""
    return _decode(data, path, None)[1]


def _decode(data: bytes, path: Path, encoding: str | None) -> tuple[str, str]:
    """The page's text: in ENCODING when given; else in the charset it declares, or — when it
    declares none, or one its bytes do not fit (sites misdeclare GBK pages as UTF-8) — detected."""
    if encoding:
        return decode_bytes(data, str(path), encoding)
    declared = _declared_charset(data)
    if declared:
        try:
            return decode_bytes(data, str(path), declared)
        except PlanInputError:
            pass
    return decode_bytes(data, str(path))


def _declared_charset(data: bytes) -> str | None:
    found = _DECLARED_CHARSET.search(data[:8192])
    if not found:
        return None
    name = found.group(1).decode("ascii").lower()
    return "gb18030" if name in _GB_FAMILY else name


def _own_text(element) -> int:
    """Characters of ELEMENT's text outside links (whitespace aside)."""
    total = len(re.sub(r"\s+", "", element.text_content()))
    links = sum(len(re.sub(r"\s+", "", a.text_content())) for a in element.iter("a"))
    return total - links if total and links / total <= _LINK_SHARE_MAX else 0


def _article(root):
    """The element whose paragraphs and tables hold the most text that is not link text."""
    scores: dict = {}
    for block in root.iter(*_SCORED):
        if block.tag != "p" and next(block.iterdescendants(*_SCORED), None) is not None:
            continue  # a container (a layout table, a wrapping div): its own blocks are scored
        text = _own_text(block)
        parent = block.getparent()
        if not text or parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + text
        if (grandparent := parent.getparent()) is not None:
            scores[grandparent] = scores.get(grandparent, 0) + text / 2
    if not scores:
        body = root.find("body")
        return body if body is not None and body.text_content().strip() else None
    best = max(scores, key=lambda element: scores[element])
    # The rows of a data table scoring highest: the article is around the table. (A cell is the
    # article's own when the page is laid out with a table.)
    while best.tag in ("tr", "tbody", "thead", "table") and best.getparent() is not None:
        best = best.getparent()
    return best


def _title(root, article) -> str | None:
    """The article's heading when it stands outside the article: the last <h1>-<h3> or element of
    a "title" class before the article that is not a link (a site's logo or a menu comes earlier)."""
    title = None
    around = set(article.iterancestors())
    for element in root.iter():
        if element is article:
            break
        if not isinstance(element.tag, str) or element in around:
            continue
        named = element.tag in ("h1", "h2", "h3") or "title" in (element.get("class") or "").lower()
        if named and _own_text(element) and element.tag != "title":
            title = re.sub(r"\s+", " ", element.text_content()).strip() or title
    return title


class _Renderer:
    """Turns the article's elements into lines of text, tables flattened into TAB-led cells."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def line(self, text: str) -> None:
        self.end_line()
        self.lines.append(text)

    def end_line(self) -> None:
        text = re.sub(r"[ \t\r\n]+", " ", "".join(self.current)).strip(" ")
        self.current = []
        if text:
            self.lines.append(text)

    def add(self, element) -> None:
        if element.tag == "table":
            self.end_line()
            self.table(element)
        elif element.tag == "br":
            self.end_line()
        else:
            block = element.tag in _BLOCK_TAGS
            if block:
                self.end_line()
            if element.text:
                self.current.append(element.text)
            for child in element:
                if isinstance(child.tag, str):
                    self.add(child)
                if child.tail:
                    self.current.append(child.tail)
            if block:
                self.end_line()

    def table(self, table) -> None:
        rows = _table_rows(table)
        if not rows:
            return
        for row in rows:
            for cell in row:
                first, *rest = cell.split("\n") if cell else [""]
                self.lines += ["\t" + first, *rest]
            self.lines.append("")
        self.lines.append("")

    def cell_text(self, cell) -> str:
        inner = _Renderer()
        inner.add_inline(cell)
        return "\n".join(line.strip("\t") for line in inner.lines if line.strip())

    def add_inline(self, cell) -> None:
        """A cell's content: its lines (<br>, <p>), a nested table's cells one per line."""
        if cell.text:
            self.current.append(cell.text)
        for child in cell:
            if isinstance(child.tag, str):
                if child.tag == "table":
                    self.end_line()
                    for row in _table_rows(child):
                        self.lines += [value for value in row if value]
                else:
                    self.add(child)
            if child.tail:
                self.current.append(child.tail)
        self.end_line()


def _span(cell, name: str) -> int:
    try:
        return max(1, min(int(cell.get(name, "1")), 1000))
    except ValueError:
        return 1


def _table_rows(table) -> list[list[str]]:
    """The table's grid: a spanning cell written once, the cells it covers empty."""
    grid: list[list[str | None]] = []
    covered: dict[tuple[int, int], bool] = {}
    rows = [row for row in table.iter("tr") if _nearest_table(row) is table]
    for row_index, row in enumerate(rows):
        cells: list[str | None] = []
        column = 0
        for cell in row:
            if cell.tag not in ("td", "th"):
                continue
            while covered.get((row_index, column)):
                cells.append("")
                column += 1
            text = _Renderer().cell_text(cell)
            width, height = _span(cell, "colspan"), _span(cell, "rowspan")
            cells += [text] + [""] * (width - 1)
            for down in range(1, height):
                for across in range(width):
                    covered[(row_index + down, column + across)] = True
            column += width
        while covered.get((row_index, column)):
            cells.append("")
            column += 1
        if cells:
            grid.append(cells)
    width = max((len(row) for row in grid), default=0)
    return [[value or "" for value in row] + [""] * (width - len(row)) for row in grid]


def _nearest_table(row):
    return next(ancestor for ancestor in row.iterancestors("table"))
