"""Plain-text reader: bytes → decoded text (plancli.readers.decode) → paragraph and table blocks.

Converter debris (Word bookmarks, broken reference fields, PDF page numbers on lines of their
own) is removed and recorded with its line; text converted from PDF also loses its running
headers and gets its sentences re-joined (plancli.readers.converted_pdf).

Flattened tables, as Word's text export writes them: every cell is a line that starts with a
TAB, a blank line ends a row, two blank lines end the table, and a line without a TAB right
under a cell continues that cell (a header such as "建设\\n类型") — unless it is the outline's
next heading (a box followed directly by a heading). A stray blank line inside a cell breaks a
row in two; rows are mended from the header's column count. The other shapes tables take in
text (one cell per line with no TAB, TAB-separated rows, Markdown pipes, box drawing) are found
by plancli.readers.text_tables.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from plancli.errors import PlanInputError
from plancli.lang.numbering import match_annex_heading, match_heading
from plancli.readers.blocks import Block, DebrisHit, Document, TableBlock, TextBlock
from plancli.readers.converted_pdf import join_broken_lines, pdf_layout, running_header_lines
from plancli.readers.decode import decode_bytes
from plancli.readers.text_tables import find_text_tables

# Control characters that never occur in a real text file; their presence means binary data.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# Converter debris: Word bookmarks, broken cross-reference fields, stray zero-width marks.
DEBRIS_PATTERN = re.compile(
    r"\[bookmark:[^\]\n]*\]"
    r"|错误[!！]\s*未定义书签[。.]?"
    r"|Error!\s*Bookmark not defined\.?"
    r"|[\u200b\ufeff]"
)


# A page number left by PDF conversion on a line of its own: "12", "- 12 -", "第3页 共20页", or
# the "3、" document-sharing sites put at the start of each page. (Table cells start with a TAB,
# so a number in a cell never matches.)
PAGE_NUMBER_LINE = re.compile(
    r"^[ \u3000]*(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?[ \u3000]*$"
    r"|^[ \u3000]*\d{1,3}\s*、[ \u3000]*$"
    r"|^[ \u3000]*第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?[ \u3000]*$"
)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_document_from_bytes(data: bytes, path: Path, encoding: str | None = None) -> Document:
    """Decode a plain-text plan's bytes into a Document."""
    text, used = decode_bytes(data, str(path), encoding)
    return text_to_document(text, name=path.name, encoding=used,
                            sha256=hashlib.sha256(data).hexdigest(), source=str(path))


def text_to_document(text: str, *, name: str, encoding: str = "utf-8", sha256: str = "",
                     source: str = "", furniture: Iterable[int] = (), printed: bool = False,
                     rendered: bool = False) -> Document:
    """Split decoded TEXT into blocks. Raise PlanInputError for binary or blank text.

    A reader that renders a printed document (PDF) names the lines that are page FURNITURE
    (running headers, page numbers: indexes into the lines), and says the text is PRINTED so
    its lines are rejoined into paragraphs. A text RENDERED by a reader that knows where each
    table cell ends (PDF, web page) has no heading that ends a table under its last cell, and
    one rendered but not printed (a web page) keeps its lines as the paragraphs they are.
    """
    text = normalize_newlines(text)
    control = _BINARY_CONTROL.search(text)
    if control:
        raise PlanInputError(
            source or name, f"binary data, not text (control character U+{ord(control.group()):04X} "
            f"at character {control.start()})"
        )
    if not text.strip():
        raise PlanInputError(source or name, "file has no text (only blank lines)")
    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines, debris = _strip_debris(text.split("\n"))
    # Cells of an untabbed table may be bare numbers: find the tables before page numbers go.
    found = find_text_tables(lines)
    inside = found.lines_inside()
    # A bare number right under a TAB cell continues that cell ("100\n90"): it is no page number.
    removed = {i for i, line in enumerate(lines) if i not in inside and PAGE_NUMBER_LINE.match(line)
               and not (i and lines[i - 1].startswith("\t") and line.strip().isdigit())}
    removed.update(furniture)
    removed.update(found.markup)  # a pipe table's rule under its header
    # A web page's paragraphs are its own: only text that may be a PDF's printed lines is mended.
    layout = pdf_layout(lines, inside | removed, printed) if printed or not rendered else None
    if layout:
        removed |= running_header_lines(lines, inside | removed)
    for index in sorted(removed):
        debris.append(DebrisHit(line=index + 1, text=lines[index].strip()))
        lines[index] = ""
    debris.sort(key=lambda hit: hit.line)
    blocks = _blocks(lines, found.tables, removed, None if rendered else _Outline())
    if layout:
        blocks = join_broken_lines(blocks, (i + 1 for i in removed), layout)
    return Document(name=name, sha256=sha256, encoding=encoding, text=text, blocks=blocks, debris=debris)


def _strip_debris(lines: list[str]) -> tuple[list[str], list[DebrisHit]]:
    cleaned: list[str] = []
    debris: list[DebrisHit] = []
    for number, line in enumerate(lines, start=1):
        for hit in DEBRIS_PATTERN.finditer(line):
            debris.append(DebrisHit(line=number, text=hit.group()))
        cleaned.append(DEBRIS_PATTERN.sub("", line))
    return cleaned, debris


def _blocks(lines: list[str], text_tables: dict[int, tuple[TableBlock, int]], removed: set[int],
            outline: _Outline | None) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in text_tables:
            table, index = text_tables[index]
            blocks.append(table)
            continue
        if line.startswith("\t"):
            table, index = _read_table(lines, index, removed, outline)
            blocks.append(table)
            continue
        if line.strip():
            blocks.append(TextBlock(text=line, line=index + 1))
            if outline is not None:
                outline.saw(line)
        index += 1
    return blocks


# Heading styles that number a plan's chapters and parts: never the text of a table cell.
_CHAPTER_STYLES = {"division", "volume", "chapter", "part"}


class _Outline:
    """The last number of each heading style seen outside tables, to tell where a table ends
    when the next heading follows its last cell with no blank line between."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def saw(self, line: str) -> None:
        if heading := match_heading(line):
            self.last[heading.style] = heading.ordinal

    def resumes(self, line: str, cell: dict[str, int], rows_follow: Callable[[], bool]) -> bool:
        """Whether LINE, under a table cell whose own numbered lines are CELL, is the outline's
        next heading rather than the cell's next line: a chapter or an annex; or, unless more
        rows of the table follow (ROWS_FOLLOW), the number after the last heading of its style
        outside the table when it does not go on the cell's own list."""
        heading = match_heading(line)
        if heading is None:
            return match_annex_heading(line) is not None
        if heading.style in _CHAPTER_STYLES:
            return True
        continues_cell = cell.get(heading.style, 0) + 1 == heading.ordinal
        return not continues_cell and self.last.get(heading.style, -1) + 1 == heading.ordinal and not rows_follow()


def _rows_follow(lines: list[str], index: int) -> bool:
    """Whether more TAB rows follow the run of untabbed lines at INDEX (after one blank line at
    most): then the run is inside the table, whatever it looks like."""
    while index < len(lines) and lines[index].strip() and not lines[index].startswith("\t"):
        index += 1
    if index < len(lines) and not lines[index].strip() and not lines[index].startswith("\t"):
        index += 1
    return index < len(lines) and lines[index].startswith("\t")


def _read_table(lines: list[str], start: int, removed: set[int],
                outline: _Outline | None) -> tuple[TableBlock, int]:
    """Read the flattened table starting at lines[start]; return it and the index after it.

    REMOVED lines (page numbers, running headers) are passed over as if they were not there.
    A line that resumes the OUTLINE ends the table even right under a cell (a heading after a
    box with no blank line between); with no OUTLINE (a reader's own rendering) it never does.
    """
    rows: list[list[str]] = []
    row_lines: list[int] = []
    row: list[str] = []
    cell_numbers: dict[str, int] = {}  # the numbered lines of the cell being read
    index = start
    end = start
    while index < len(lines):
        line = lines[index]
        if index in removed:
            index += 1
            continue
        if line.startswith("\t"):
            if not row:
                row_lines.append(index + 1)
            row.append(line[1:])
            cell_numbers = {}
            if heading := match_heading(line):
                cell_numbers[heading.style] = heading.ordinal
            end = index
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
            # The table goes on only if cells follow after a single blank line: two or more
            # blank lines end it (the next table, or a box, may follow right after).
            following, blanks = index + 1, 1
            # An empty cell ("\t") is a cell, not a blank line.
            while following < len(lines) and not lines[following].strip() and not lines[following].startswith("\t"):
                blanks += following not in removed
                following += 1
            if blanks > 1 or following >= len(lines) or not lines[following].startswith("\t"):
                break
        elif row and not (outline is not None
                          and outline.resumes(line, cell_numbers, partial(_rows_follow, lines, index))):
            row[-1] += "\n" + line
            if heading := match_heading(line):
                cell_numbers[heading.style] = heading.ordinal
            end = index
        else:
            break
        index += 1
    if row:
        rows.append(row)
    mended, mended_lines = mend_rows(rows, row_lines)
    table = TableBlock(
        rows=tuple(tuple(r) for r in mended),
        row_lines=tuple(mended_lines),
        start_line=start + 1,
        end_line=end + 1,
    )
    return table, index


def mend_rows(rows: list[list[str]], row_lines: list[int]) -> tuple[list[list[str]], list[int]]:
    """Join rows that a stray blank line split, so each has the header's column count.

    A short row is joined with the rows after it as long as together they do not exceed the
    header's width; rows that cannot be completed are kept as they are.
    """
    if not rows:
        return rows, row_lines
    width = len(rows[0])
    mended: list[list[str]] = []
    mended_lines: list[int] = []
    index = 0
    while index < len(rows):
        row = list(rows[index])
        line = row_lines[index]
        following = index + 1
        while len(row) < width and following < len(rows) and len(row) + len(rows[following]) <= width:
            row.extend(rows[following])
            following += 1
        if len(row) != width:  # could not be completed: keep the original pieces
            row, following = list(rows[index]), index + 1
        mended.append(row)
        mended_lines.append(line)
        index = following
    return mended, mended_lines
