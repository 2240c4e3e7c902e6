"""PDF reader: a PDF's text layer → the plain-text rendering a converter would give → blocks.

Chosen by measurement on huadu typeset by reportlab (18 pages, bench/bench_readers.py):
pypdfium2 reads the whole text layer in 20–30 ms, pdfplumber (pdfminer, pure Python) takes
0.7–1.2 s for the text, about as long to find the tables, ~1.1 s for both. Both give the same characters; the
order of either is the content stream's, so lines are sorted by position here. pypdfium2 reads
every page, and pdfplumber is opened only for the pages that draw ruled lines (a table's grid,
spotted by counting pypdfium2's path objects), where it finds the tables — merged cells and
all, which is what it does better than hand-written code — and reads the text around them:
huadu reads in 0.2–0.35 s, 5 of its 18 pages having tables.

Each page's lines are put in reading order (top to bottom by position, not the order the content
stream draws them), a first line indented from the text's left edge is marked with U+3000 as
converters do, and tables are flattened into TAB-led cells (one cell per line, a blank line after
each row, two after the table); a table going on from the previous page joins it. The page's
running header and footer (a line repeated at the top or bottom of most pages) and its page
number are known by position and kept out of the text as debris; then the plain-text reader
rejoins the printed lines into paragraphs (plancli.readers.converted_pdf). A PDF without any
text layer (a scan) is refused.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from plancli.errors import PlanInputError
from plancli.readers.blocks import Document
from plancli.readers.plaintext import PAGE_NUMBER_LINE, text_to_document

_SAME_LINE = 2.0  # points: text pieces whose tops differ less stand on one printed line
_INDENT = 6.0  # points: a line starting this far right of the text's left edge is indented
_MIN_GRID_PATHS = 4  # a page drawing fewer path objects has no ruled table
_FURNITURE_LINES = 2  # how many lines at a page's top and bottom may be header, footer or number
_INDENT_MARK = "\u3000\u3000"
_MAX_FRAME_SHARE = 0.6  # a one-cell frame taller than this share of the page is the page's border


@dataclass
class _Line:
    text: str
    left: float
    top: float  # from the page's top edge


@dataclass
class _Table:
    rows: list[list[str]]
    top: float


@dataclass
class _Page:
    items: list[_Line | _Table] = field(default_factory=list)
    scanned: bool = False  # images and no text: a scan


def pdf_document_from_bytes(data: bytes, path: Path) -> Document:
    """Read a PDF plan's bytes into a Document. Raise PlanInputError for anything else."""
    import pypdfium2  # imported here: only a PDF pays for loading PDFium

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as err:
        raise PlanInputError(str(path), f"not a readable PDF file ({err})") from None
    try:
        pages = _read_pages(pdf, data)
    except pypdfium2.PdfiumError as err:
        raise PlanInputError(str(path), f"damaged PDF page ({err})") from None
    finally:
        pdf.close()
    if not any(isinstance(item, _Table) or item.text.strip() for page in pages for item in page.items):
        raise PlanInputError(str(path), "no text layer (scanned?): plancli reads a PDF's text, not its images")
    lines, furniture = _render(pages)
    document = text_to_document("\n".join(lines) + "\n", name=path.name, encoding="pdf",
                                sha256=hashlib.sha256(data).hexdigest(), source=str(path), furniture=furniture,
                                printed=True, rendered=True)
    document.warnings = [f"page {number}: no text layer (scanned?), its text is not read"
                         for number, page in enumerate(pages, start=1) if page.scanned]
    return document


def _read_pages(pdf, data: bytes) -> list[_Page]:
    import pypdfium2.raw as pdfium_c

    pages: list[_Page] = []
    plumber = None
    try:
        for number, page in enumerate(pdf):
            grid = sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))
            read = None
            if grid >= _MIN_GRID_PATHS:
                try:
                    if plumber is None:
                        import pdfplumber

                        plumber = pdfplumber.open(io.BytesIO(data))
                    read = _page_with_tables(plumber.pages[number])
                except Exception:  # pdfminer failing on a malformed page that PDFium reads: take its text
                    read = None
            read = read or _page_text(page)
            read.scanned = not read.items and next(
                page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None
            pages.append(read)
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
    return pages


def _page_text(page) -> _Page:
    """The page's printed lines with pypdfium2, in reading order."""
    height = page.get_height()
    text_page = page.get_textpage()
    count = text_page.count_chars()
    text = text_page.get_text_range(0, count) if count else ""
    pieces: list[_Line] = []
    # PDFium separates the pieces it reads with generated "\r\n"; one char index per character.
    for piece in re.finditer(r"[^\r\n]+", text):
        first = piece.start() + len(piece.group()) - len(piece.group().lstrip())
        if first >= piece.end():
            continue
        left, _, _, top = text_page.get_charbox(first)
        pieces.append(_Line(text=_without_made_up_spaces(text_page, text, piece).strip(), left=left,
                            top=height - top))
    text_page.close()
    return _Page(items=_merge_lines(pieces))


_HAN = re.compile(r"[\u4e00-\u9fff，。、；：（）“”]")
_COLUMN_GAP = 1.5  # a gap wider than this many characters parts two cells of a table without lines


def _without_made_up_spaces(text_page, text: str, piece: re.Match[str]) -> str:
    """PIECE with the spaces PDFium generated (where pieces of text stand apart on one line) read
    for what they are: a gap as wide as a column's parts two cells of a table drawn without lines
    (a TAB, so the row reads as TAB-separated cells); a narrower one between Chinese characters
    is a justified line's spacing, no character at all."""
    import pypdfium2.raw as pdfium_c

    chars = list(piece.group())
    for index in range(piece.start() + 1, piece.end() - 1):
        if text[index] != " " or pdfium_c.FPDFText_IsGenerated(text_page.raw, index) != 1:
            continue
        before_left, _, before_right, _ = text_page.get_charbox(index - 1)
        after_left = text_page.get_charbox(index + 1)[0]
        width = max(before_right - before_left, 1.0)
        if after_left - before_right > _COLUMN_GAP * width:
            chars[index - piece.start()] = "\t"
        elif _HAN.match(text[index - 1]) and _HAN.match(text[index + 1]):
            chars[index - piece.start()] = ""
    return "".join(chars)


def _merge_lines(pieces: list[_Line]) -> list[_Line | _Table]:
    """PIECES sorted into reading order, pieces on one printed line joined left to right."""
    lines: list[_Line] = []
    for piece in sorted(pieces, key=lambda p: (p.top, p.left)):
        if lines and abs(piece.top - lines[-1].top) < _SAME_LINE:
            lines[-1].text += piece.text
        else:
            lines.append(_Line(text=piece.text, left=piece.left, top=piece.top))
    return list(lines)


def _page_with_tables(page) -> _Page | None:
    """A page with ruled tables, with pdfplumber: its tables and the lines around them (None if
    its lines make no table)."""
    from pdfplumber.table import Table

    finder = page.debug_tablefinder()  # its tables are find_tables(); its cells include lone ones
    tables = list(finder.tables)
    # pdfplumber leaves out a table of one cell: a framed box (专栏) is one, or a part of one
    # that a page break cut off. A frame around most of the page is a border, not a box.
    framed = [Table(page, [cell]) for cell in finder.cells
              if cell[3] - cell[1] < _MAX_FRAME_SHARE * page.height
              and not any(_inside(cell, table.bbox) for table in tables)]
    tables += [frame for frame in framed if not any(_inside(frame.bbox, other) for other in
                                                     (f.bbox for f in framed if f is not frame))]
    if not tables:
        return None
    boxes = [table.bbox for table in tables]

    def outside(obj) -> bool:
        middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes)

    lines = [_Line(text=line["text"].strip(), left=line["x0"], top=line["top"])
             for line in page.filter(outside).extract_text_lines() if line["text"].strip()]
    found = [_Table(rows=[[_cell(value) for value in row] for row in rows], top=table.bbox[1])
             for table in tables if (rows := table.extract())]
    return _Page(items=sorted([*_merge_lines(lines), *found], key=lambda item: item.top))


def _inside(inner: tuple[float, float, float, float], outer: tuple[float, float, float, float]) -> bool:
    return (outer[0] - 1 <= inner[0] and outer[1] - 1 <= inner[1]
            and inner[2] <= outer[2] + 1 and inner[3] <= outer[3] + 1)


def _cell(value: str | None) -> str:
    """A cell's text with the lines it was wrapped into at the column's width joined again."""
    return "".join(line.strip() for line in (value or "").split("\n"))


def _furniture(pages: list[_Page]) -> set[tuple[int, int]]:
    """(page, item) of each running header or footer and page number: the outermost lines of a
    page that are a page number, or that stand at the top or the bottom of at least half the pages
    (numbers aside, so a header that carries the page number is one too)."""
    tops = [_edge(page, range(len(page.items))) for page in pages]
    bottoms = [_edge(page, range(len(page.items) - 1, -1, -1)) for page in pages]
    # Compared with their numbers masked: "某区规划  - 3 -" on page 3 is "某区规划  - 4 -" on page 4.
    repeats = Counter(text for top, bottom in zip(tops, bottoms)  # on how many pages
                      for text in {_masked(t) for t in (*top.values(), *bottom.values())})
    needed = max(2, len(pages) // 2)
    found: set[tuple[int, int]] = set()
    for number, edge in [*enumerate(tops), *enumerate(bottoms)]:
        seen: set[str] = set()
        for index, text in edge.items():  # outermost first
            if text in seen or not (PAGE_NUMBER_LINE.match(text) or repeats[_masked(text)] >= needed):
                break
            seen.add(text)
            found.add((number, index))
    return found


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", text)


def _edge(page: _Page, order: range) -> dict[int, str]:
    """The first _FURNITURE_LINES items of PAGE in ORDER that are lines: {index: text}."""
    edge: dict[int, str] = {}
    for index in list(order)[:_FURNITURE_LINES]:
        item = page.items[index]
        if not isinstance(item, _Line):
            break
        edge[index] = item.text
    return edge


def _render(pages: list[_Page]) -> tuple[list[str], set[int]]:
    """The text rendering of PAGES and the indexes of its lines that are page furniture."""
    furniture = _furniture(pages)
    lefts = [item.left for page in pages for item in page.items if isinstance(item, _Line)]
    margin = min(lefts) if lefts else 0.0
    lines: list[str] = []
    removed: set[int] = set()
    open_table: _Table | None = None  # a table whose end is not written yet: it may go on overleaf
    for number, page in enumerate(pages):
        first = True  # no body item of this page read yet
        for index, item in enumerate(page.items):
            if (number, index) in furniture:
                removed.add(len(lines))
                lines.append(item.text)
                continue
            if isinstance(item, _Table):
                rows = item.rows
                continues = first and open_table is not None and len(rows[0]) == len(open_table.rows[0])
                if continues and rows[0] == open_table.rows[0]:
                    # The header repeated on the new page: page furniture, recorded as debris.
                    removed.update(range(len(lines), len(lines) + len(rows[0])))
                    lines += ["\t" + cell for cell in rows[0]]
                    rows = rows[1:]
                elif not continues:
                    _end_table(lines, open_table)
                for row in rows:
                    lines += ["\t" + cell for cell in row] + [""]
                open_table = open_table if continues else item
            else:
                _end_table(lines, open_table)
                open_table = None
                indent = _INDENT_MARK if item.left - margin > _INDENT else ""
                lines.append(indent + item.text)
            first = False
    return lines, removed


def _end_table(lines: list[str], table: _Table | None) -> None:
    """End the open TABLE: a second blank line after its last row's (none if no table is open)."""
    if table is not None:
        lines.append("")
