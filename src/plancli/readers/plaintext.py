"""Plain-text reader: bytes → decoded text (plancli.readers.decode) → paragraph and table blocks.

Converter debris (Word bookmarks, broken reference fields, PDF page numbers on lines of their
own) is removed and recorded with its line; text converted from PDF also loses its running
headers and gets its sentences re-joined (plancli.readers.converted_pdf).

Flattened tables, as Word's text export writes them: every cell is a line that starts with a
TAB, a blank line ends a row, two blank lines end the table, and a line without a TAB right
under a cell continues that cell (a header such as "建设\\n类型"). A stray blank line inside a
cell breaks a row in two; rows are mended from the header's column count. Tables copied from
web pages have one cell per line and no TAB: those starting with a 序号 column are found by
their running numbers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from plancli.errors import PlanInputError
from plancli.lang.numerals import CN_COUNTING
from plancli.readers.blocks import Block, DebrisHit, Document, TableBlock, TextBlock
from plancli.readers.converted_pdf import join_broken_lines, pdf_layout, running_header_lines
from plancli.readers.decode import decode_bytes

# Control characters that never occur in a real text file; their presence means binary data.
_BINARY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# Converter debris: Word bookmarks, broken cross-reference fields, stray zero-width marks.
DEBRIS_PATTERN = re.compile(
    r"\[bookmark:[^\]\n]*\]"
    r"|错误[!！]\s*未定义书签[。.]?"
    r"|Error!\s*Bookmark not defined\.?"
    r"|[\u200b\ufeff]"
)


# A page number left by PDF conversion on a line of its own: "12", "- 12 -", "第3页 共20页".
# (Table cells start with a TAB, so a number in a cell never matches.)
PAGE_NUMBER_LINE = re.compile(
    r"^[ \u3000]*(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?[ \u3000]*$"
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
                     source: str = "") -> Document:
    """Split decoded TEXT into blocks. Raise PlanInputError for binary or blank text."""
    text = normalize_newlines(text)
    control = _BINARY_CONTROL.search(text)
    if control:
        raise PlanInputError(
            source or name, f"binary data, not text (control character U+{ord(control.group()):04X} "
            f"at character {control.start()})"
        )
    if not text or text.isspace():  # (not text.strip(): that copies the whole text)
        raise PlanInputError(source or name, "file has no text (only blank lines)")
    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines, debris = _strip_debris(text.split("\n"))
    # Cells of an untabbed table may be bare numbers: find the tables before page numbers go.
    untabbed = find_untabbed_tables(lines)
    inside = {i for table, end in untabbed.values() for i in range(table.start_line - 1, end)}
    # A bare number right under a TAB cell continues that cell ("100\n90"): it is no page number.
    removed = {i for i, line in enumerate(lines) if i not in inside and PAGE_NUMBER_LINE.match(line)
               and not (i and lines[i - 1].startswith("\t") and line.strip().isdigit())}
    layout = pdf_layout(lines, inside | removed)
    if layout:
        removed |= running_header_lines(lines, inside | removed)
    for index in sorted(removed):
        debris.append(DebrisHit(line=index + 1, text=lines[index].strip()))
        lines[index] = ""
    debris.sort(key=lambda hit: hit.line)
    blocks = _blocks(lines, untabbed, removed)
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


# --- tables copied from web pages: one cell per line, no TAB --------------------------------

_HEADER_START = "序号"
_HEADER_CELL_MAX = 20
_SEQUENCE = re.compile(r"^\d{1,3}$")
# A group heading between rows ("一、普及水平"): a row of its own, the category of those below.
_CATEGORY = re.compile(rf"^[{CN_COUNTING}]+、\S{{1,18}}$")


def find_untabbed_tables(lines: list[str]) -> dict[int, tuple[TableBlock, int]]:
    """Tables whose cells stand one per line without a TAB, as web pages copy them.

    Only a table that starts with a 序号 column is recognized, because its running numbers
    1, 2, 3 … are what tell one row from the next: a header of short lines from 序号 up to the
    first "1", then rows of as many lines, each starting with the next number. Returns
    {index of the 序号 line: (table, index after its last row)}.
    """
    found: dict[int, tuple[TableBlock, int]] = {}
    index = 0
    while index < len(lines):
        if lines[index].strip() == _HEADER_START and not lines[index].startswith("\t"):
            table = _untabbed_table(lines, index)
            if table:
                found[index] = table
                index = table[1]
                continue
        index += 1
    return found


def _non_blank(lines: list[str], start: int) -> Iterator[int]:
    return (i for i in range(start, len(lines)) if lines[i].strip())


def _untabbed_table(lines: list[str], start: int) -> tuple[TableBlock, int] | None:
    header: list[int] = [start]
    following = _non_blank(lines, start + 1)
    for index in following:
        cell = lines[index].strip()
        if (_SEQUENCE.match(cell) or _CATEGORY.match(cell) or len(cell) > _HEADER_CELL_MAX
                or cell.endswith("。")):
            break
        header.append(index)
    else:
        return None
    width = len(header)
    rows = [[lines[i].strip() for i in header]]
    row_lines = [start + 1]
    end = header[-1] + 1
    candidates = list(_non_blank(lines, end))
    number = 1
    while candidates:
        first = lines[candidates[0]].strip()
        if _CATEGORY.match(first) and len(candidates) > 1 and lines[candidates[1]].strip() == str(number):
            rows.append([first] + [""] * (width - 1))
            row_lines.append(candidates[0] + 1)
            candidates = candidates[1:]
            continue
        if len(candidates) < width or first != str(number):
            break
        cells, candidates = candidates[:width], candidates[width:]
        rows.append([lines[i].strip() for i in cells])
        row_lines.append(cells[0] + 1)
        end = cells[-1] + 1
        number += 1
    if width < 2 or number == 1:
        return None
    table = TableBlock(rows=tuple(tuple(r) for r in rows), row_lines=tuple(row_lines),
                       start_line=start + 1, end_line=end)
    return table, end


def _blocks(lines: list[str], untabbed: dict[int, tuple[TableBlock, int]], removed: set[int]) -> list[Block]:
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index in untabbed:
            table, index = untabbed[index]
            blocks.append(table)
            continue
        if line.startswith("\t"):
            table, index = _read_table(lines, index, removed)
            blocks.append(table)
            continue
        if line.strip():
            blocks.append(TextBlock(text=line, line=index + 1))
        index += 1
    return blocks


def _read_table(lines: list[str], start: int, removed: set[int]) -> tuple[TableBlock, int]:
    """Read the flattened table starting at lines[start]; return it and the index after it.

    REMOVED lines (page numbers, running headers) are passed over as if they were not there.
    """
    rows: list[list[str]] = []
    row_lines: list[int] = []
    row: list[str] = []
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
        elif row:
            row[-1] += "\n" + line
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
