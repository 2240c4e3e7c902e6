"""Tables written into plain text in the shapes other than Word's flattened cells.

- One cell per line with no TAB, as web pages copy them: a header of short lines starting with
  序号 (or 指标, 类别, 项目), then rows of as many lines, told apart by their running numbers —
  a 序号 cell "1", or a name numbered "1.学前教育毛入园率(%)" — with category rows ("一、发展水平")
  between them. Inside such a table neither is a heading.
- One row per line with TABs between the cells, as spreadsheets copy them.
- Markdown pipe tables: "| 序号 | 指标 |", a "|---|---|" rule under the header.
- Box-drawn tables: ┌─┬─┐ borders, │ between cells; a cell's lines between two borders are one
  cell ("建设" over "类型"), and a one-column frame is a box (专栏) like a one-column table.

Each finder returns {index of the table's first line: (table, index after its last line)};
lines that only draw the table (a pipe table's rule) are returned as markup for the debris.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from plancli.lang.numerals import CN_COUNTING
from plancli.lang.patterns import BLANK
from plancli.readers.blocks import TableBlock

Found = dict[int, tuple[TableBlock, int]]


@dataclass
class TextTables:
    """The tables found in a text's lines, and the lines that only draw them."""

    tables: Found = field(default_factory=dict)
    markup: set[int] = field(default_factory=set)  # indexes of lines that are table rules, not text

    def lines_inside(self) -> set[int]:
        return {i for table, end in self.tables.values() for i in range(table.start_line - 1, end)}


def find_text_tables(lines: list[str]) -> TextTables:
    found = TextTables()
    filled = [i for i, line in enumerate(lines) if line.strip()]  # shared by every untabbed table
    index = 0
    while index < len(lines):
        line = lines[index]
        table = None
        if not line.startswith("\t"):
            stripped = line.strip(BLANK)
            if stripped in _HEADER_STARTS:
                table = _untabbed_table(lines, index, filled)
            elif _BOX_TOP.match(stripped):
                table = _box_drawn_table(lines, index)
            elif stripped.startswith("|") or "|" in stripped and _is_pipe_rule(lines, index + 1):
                table = _pipe_table(lines, index, found.markup)
            elif "\t" in stripped:
                table = _tab_rows_table(lines, index)
        if table:
            found.tables[index] = table
            index = table[1]
        else:
            index += 1
    return found


def _table(rows: list[list[str]], row_lines: list[int], end: int) -> tuple[TableBlock, int]:
    """A TableBlock of ROWS (padded to the widest row) at 1-based ROW_LINES, ending before END."""
    width = max(len(row) for row in rows)
    padded = tuple(tuple(row) + ("",) * (width - len(row)) for row in rows)
    return TableBlock(rows=padded, row_lines=tuple(row_lines), start_line=row_lines[0], end_line=end), end


# --- one cell per line, no TAB ----------------------------------------------------------------

_HEADER_STARTS = {"序号", "序號", "指标", "指標", "指标名称", "指標名稱", "类别", "類別", "项目", "項目",
                  "项目名称", "項目名稱"}
_HEADER_CELL_MAX = 20
_MAX_COLUMNS = 30  # a header longer than this is a run of short lines, not a table's
_SEQUENCE = re.compile(r"^\d{1,3}$")
_NUMBERED_NAME = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*\S")
# A group heading between rows ("一、普及水平"): a row of its own, the category of those below.
CATEGORY_ROW = re.compile(rf"^[{CN_COUNTING}]+\s*[、.．]\s*\S{{1,18}}$")


def _row_number(cell: str, numbered_names: bool | None = None) -> int | None:
    """The running number a row starts with: a 序号 cell "3", or a name numbered "3.…" (only
    the form the table's first row took, when NUMBERED_NAMES says which)."""
    if _SEQUENCE.match(cell) and not numbered_names:
        return int(cell)
    numbered = _NUMBERED_NAME.match(cell)
    return int(numbered.group(1)) if numbered and numbered_names is not False else None


def _untabbed_table(lines: list[str], start: int, filled: list[int]) -> tuple[TableBlock, int] | None:
    """The table whose header starts at START; FILLED are the indexes of the non-blank lines."""
    first = bisect_left(filled, start)
    position = first + 1
    while position < len(filled) and position - first < _MAX_COLUMNS:
        cell = lines[filled[position]].strip()
        if (_row_number(cell) is not None or CATEGORY_ROW.match(cell) or len(cell) > _HEADER_CELL_MAX
                or cell.endswith("。")):
            break
        position += 1
    width = position - first
    if width < 2 or position >= len(filled):
        return None
    rows = [[lines[i].strip() for i in filled[first:position]]]
    row_lines = [start + 1]
    end = filled[position - 1] + 1
    number = 1
    numbered_names: bool | None = None  # whether rows number their names (1.…) or have a 序号 cell
    while position < len(filled):
        first = lines[filled[position]].strip()
        following = lines[filled[position + 1]].strip() if position + 1 < len(filled) else ""
        if CATEGORY_ROW.match(first) and _row_number(following, numbered_names) == number:
            rows.append([first])
            row_lines.append(filled[position] + 1)
            position += 1
            continue
        cells = filled[position:position + width]
        if len(cells) < width or _row_number(first, numbered_names) != number:
            break
        numbered_names = not _SEQUENCE.match(first)
        rows.append([lines[i].strip() for i in cells])
        row_lines.append(cells[0] + 1)
        end = cells[-1] + 1
        position += width
        number += 1
    if number == 1:
        return None
    return _table(rows, row_lines, end)


# --- one row per line, TABs between cells ----------------------------------------------------


def _tab_cells(line: str) -> list[str] | None:
    """The cells of a TAB-separated row (None for a line with no TAB inside it)."""
    if line.startswith("\t") or "\t" not in line.strip(BLANK):
        return None
    return [cell.strip(BLANK) for cell in line.rstrip("\t\r ").split("\t")]


def _tab_rows_table(lines: list[str], start: int) -> tuple[TableBlock, int] | None:
    header = _tab_cells(lines[start])
    if header is None or sum(1 for cell in header if cell) < 2 or any(len(cell) > _HEADER_CELL_MAX for cell in header):
        return None
    rows, row_lines = [header], [start + 1]
    index = start + 1
    while index < len(lines):
        cells = _tab_cells(lines[index])
        if cells is None:
            # A category row without TABs stands between rows of the table.
            line = lines[index].strip(BLANK)
            if not (CATEGORY_ROW.match(line) and index + 1 < len(lines) and _tab_cells(lines[index + 1])):
                break
            cells = [line]
        rows.append(cells)
        row_lines.append(index + 1)
        index += 1
    if len(rows) < 2:
        return None
    return _table(rows, row_lines, index)


# --- Markdown pipe tables ----------------------------------------------------------------------

_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def _is_pipe_rule(lines: list[str], index: int) -> bool:
    return index < len(lines) and bool(_PIPE_RULE.match(lines[index].strip(BLANK)))


def _pipe_cells(line: str) -> list[str]:
    line = line.strip(BLANK)
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    # Cells as written: an escaped "\\|" stays in its cell, and so does a "<br>".
    return [cell.strip(BLANK) for cell in re.split(r"(?<!\\)\|", line)]


def _pipe_table(lines: list[str], start: int, markup: set[int]) -> tuple[TableBlock, int] | None:
    if not _is_pipe_rule(lines, start + 1):
        return None
    rows, row_lines = [_pipe_cells(lines[start])], [start + 1]
    index = start + 2
    while index < len(lines) and "|" in lines[index] and lines[index].strip(BLANK):
        rows.append(_pipe_cells(lines[index]))
        row_lines.append(index + 1)
        index += 1
    markup.add(start + 1)
    return _table(rows, row_lines, index)


# --- box-drawn tables ------------------------------------------------------------------------

_BOX_TOP = re.compile(r"^[┌╔┏╭][─━═┬┳╦┄┈\-]*[┐╗┓╮]?$")
_BOX_BORDER = re.compile(r"^[┌├└╔╠╚┏┣┗╭╰┝┠][─━═┬┼┴╦╬╩┳╋┻┄┈┯┿┷\-]*[┐┤┘╗╣╝┓┫┛╮╯┥┨]?$")
_BOX_SIDES = re.compile(r"[│┃║]")


def _box_drawn_table(lines: list[str], start: int) -> tuple[TableBlock, int] | None:
    """A table framed with box-drawing characters; rows are the groups of lines between borders
    (every line is a row when the frame draws no borders between rows)."""
    groups: list[list[tuple[int, list[str]]]] = [[]]
    index = start + 1
    borders = 0
    while index < len(lines):
        stripped = lines[index].strip(BLANK)
        if _BOX_TOP.match(stripped):
            return None  # another frame opens before this one closed
        if _BOX_BORDER.match(stripped):
            borders += 1
            if stripped[0] in "└╚┗╰":
                index += 1
                break
            groups.append([])
        elif stripped[:1] and _BOX_SIDES.match(stripped[0]):
            groups[-1].append((index, [cell.strip(BLANK) for cell in _BOX_SIDES.split(stripped)[1:-1]]))
        else:
            return None  # not closed: text that only starts with a border line
        index += 1
    else:
        return None
    groups = [group for group in groups if group]
    if not groups:
        return None
    if borders == 1:  # no borders between rows: each line is a row
        groups = [[line] for line in groups[0]]
    rows, row_lines = [], []
    for group in groups:
        width = max(len(cells) for _, cells in group)
        columns = [[cells[k] for _, cells in group if k < len(cells) and cells[k]] for k in range(width)]
        rows.append(["\n".join(pieces) for pieces in columns])
        row_lines.append(group[0][0] + 1)
    table, _ = _table(rows, row_lines, index)
    return TableBlock(rows=table.rows, row_lines=table.row_lines, start_line=start + 1, end_line=index), index
