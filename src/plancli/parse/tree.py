"""Build the section tree from the block stream.

Levels come from the document's own nesting, not a fixed table: a numbering style seen for the
first time opens a level under the current heading; a style already open closes everything
below it and starts a sibling. So "1." sits at level 2 in a plan that puts it straight under
"一、" and at level 3 in one that puts "（一）" in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plancli.lang.numbering import ANNEX, HeadingMatch, is_annex_heading, match_heading
from plancli.lang.numerals import CN_COUNTING, cn_to_int
from plancli.lang.patterns import BLANK, TITLE_MAX, is_title_line
from plancli.model import Node, Paragraph, Span, Table
from plancli.parse.tables import classify_table
from plancli.readers.blocks import Block, TableBlock, TextBlock

_CN_OR_ARABIC = rf"[0-9０-９]{{1,2}}|[{CN_COUNTING}]+"
# "专项工程1：title", "专栏2  title", "专栏：title", or "专栏4" with its title on the next row;
# in traditional characters 專欄, 專項工程, 重點工程.
_BOX = re.compile(
    rf"^[\s\u3000]*(?P<kind>专项工程|專項工程|重点工程|重點工程|重大工程|工程专栏|工程專欄|专栏|專欄)\s*"
    rf"(?:(?P<num>{_CN_OR_ARABIC})(?:\s*[：:]\s*|\s+|$)|[：:]\s*)(?P<title>.*)$"
)
# The stack's style for a box with no frame: open until the next heading.
_TEXT_BOX = "text_box"
# Sections whose leaf items are the plan's tasks: 主要任务, 发展任务, 措施, 改革举措, 保障措施 …
TASK_SECTION = re.compile(r"(任务|任務|措施|举措|舉措|保障)$")


@dataclass
class OutlineResult:
    preamble: list[Paragraph] = field(default_factory=list)
    preamble_tables: list[Table] = field(default_factory=list)
    annex_list: list[Paragraph] = field(default_factory=list)
    outline: list[Node] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _TreeBuilder:
    def __init__(self) -> None:
        self.result = OutlineResult()
        self.stack: list[tuple[str, Node]] = []  # (numbering style, node), outermost first
        self.paths: set[str] = set()
        self.next_repeat: dict[str, int] = {}  # path → the next #N to try (a scan from #2 is quadratic)
        self.table_count = 0
        self.box_count = 0
        self.caption: str | None = None
        self.in_annex_list = False
        self.consumed_line: int | None = None  # a line already taken into a heading above it

    # --- blocks --------------------------------------------------------------------------

    def add_text(self, block: TextBlock, following: TextBlock | None) -> None:
        if block.line == self.consumed_line:
            return
        text = block.text
        if self.in_annex_list:
            if _is_annex_list_item(text):
                self.result.annex_list.append(Paragraph(text=text.strip(BLANK), line=block.line))
                return
            self.in_annex_list = False
        annex = ANNEX.match(text)
        if annex and not annex["num"] and annex["colon"] and _starts_annex_list(annex["rest"], following):
            self.in_annex_list = True
            self.result.annex_list.append(Paragraph(text=text.strip(BLANK), line=block.line))
            return
        if annex and is_annex_heading(annex):
            self.open_annex(annex, block, following)
            return
        heading = match_heading(text)
        if heading:
            self.open_section(heading, block.line)
            return
        if (box := _BOX.match(text)) and is_title_line(text):
            self.open_text_box(box, block, following)
            return
        self.add_paragraph(Paragraph(text=text.strip(BLANK), line=block.line))

    def add_paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        self.caption = text if is_title_line(text) else None
        if self.stack:
            self.stack[-1][1].paragraphs.append(paragraph)
        else:
            self.result.preamble.append(paragraph)

    def add_table(self, block: TableBlock) -> None:
        if self.stack and self.stack[-1][0] == _TEXT_BOX and self.stack[-1][1].paragraphs:
            self.stack.pop()  # a table after a frameless box's text stands in the section again
        first_cell = block.rows[0][0] if block.rows and block.rows[0] else ""
        box = _BOX.match(first_cell.split("\n")[0])
        # A box is a one-column table, or one row of cells (a box whose cells lost their blank lines).
        if box and (all(len(row) == 1 for row in block.rows) or len(block.rows) == 1):
            self.add_box(box, block)
            return
        if len(block.rows) == 1 and not _is_header(block.rows[0]):
            # A "table" of one row of sentences or headings is text the reader could not place.
            self.result.warnings.append(
                f"lines {block.start_line}-{block.end_line}: a table of one row that is no header, kept as text")
            for text, line in _cell_texts(block):
                self.add_text(TextBlock(text=text, line=line), None)
            return
        self.table_count += 1
        header, *rows = (list(row) for row in block.rows)
        table = Table(
            index=self.table_count,
            caption=self.caption,
            header=header,
            rows=rows,
            span=Span(start=block.start_line, end=block.end_line),
            row_lines=list(block.row_lines[1:]),
        )
        table.kind = classify_table(table)
        self.caption = None
        if self.stack:
            self.stack[-1][1].tables.append(table)
        else:
            self.result.preamble_tables.append(table)

    # --- nodes ---------------------------------------------------------------------------

    def open_section(self, heading: HeadingMatch, line: int) -> None:
        if self.stack and self.stack[-1][0] == _TEXT_BOX:
            self.stack.pop()  # a heading ends a frameless box
        styles = [style for style, _ in self.stack]
        if heading.style in styles:
            del self.stack[styles.index(heading.style):]
        node = self._new_node(
            kind="section",
            label=heading.label,
            ordinal=str(heading.ordinal),
            number=heading.number,
            title=heading.title,
            heading=heading.heading,
            line=line,
        )
        self._attach(node)
        self.stack.append((heading.style, node))
        self.caption = heading.title
        if heading.body:
            node.paragraphs.append(Paragraph(text=heading.body, line=line))
            self.caption = None

    def open_annex(self, annex: re.Match[str], block: TextBlock, following: TextBlock | None) -> None:
        self.stack = []
        number = annex["num"] or str(len([n for n in self.result.outline if n.kind == "annex"]) + 1)
        ordinal = cn_to_int(number)
        heading, title = block.text.strip(BLANK), annex["rest"].strip(BLANK)
        if not title and following is not None and is_title_line(following.text) \
                and not match_heading(following.text) and not ANNEX.match(following.text):
            # "附件1" above a line holding its title: the heading spans both.
            title = following.text.strip(BLANK)
            heading = f"{heading}\n{title}"
            self.consumed_line = following.line
        node = self._new_node(
            kind="annex",
            label=f"附件{ordinal}",
            ordinal=f"A{ordinal}",
            number=number,
            title=title or f"附件{number}",
            heading=heading,
            line=block.line,
        )
        self._attach(node)
        self.stack.append(("annex", node))
        self.caption = title

    def add_box(self, box: re.Match[str], block: TableBlock) -> None:
        """A boxed table "专项工程N：title" (one column, or one row of cells) becomes a special-project node."""
        (heading, _), *body = _cell_texts(block)
        node = self._open_box(box, heading, body, block.start_line)
        node.span = Span(start=block.start_line, end=block.end_line)

    def open_text_box(self, box: re.Match[str], block: TextBlock, following: TextBlock | None) -> None:
        """A box whose frame was lost (a web copy): "专栏N title" on a line of its own, the lines
        after it up to the next heading its text."""
        title_below = (not box["title"].strip(BLANK) and following is not None and is_title_line(following.text)
                       and not match_heading(following.text))
        if title_below:
            self.consumed_line = following.line
        node = self._open_box(box, block.text, [(following.text, following.line)] if title_below else [], block.line)
        self.stack.append((_TEXT_BOX, node))

    def _open_box(self, box: re.Match[str], heading: str, body: list[tuple[str, int]], line: int) -> Node:
        self.box_count += 1
        ordinal = cn_to_int(box["num"]) if box["num"] else self.box_count
        heading, title = heading.strip(BLANK), box["title"].strip(BLANK)
        if not title and body and is_title_line(body[0][0]):
            # "专栏4" above a cell or line holding its title: the heading spans both.
            title = body.pop(0)[0].strip(BLANK)
            heading = f"{heading}\n{title}"
        node = self._new_node(
            kind="special_project",
            label=f"{box['kind']}{ordinal}",
            ordinal=f"P{ordinal}",
            number=f"{box['kind']}{box['num'] or ''}",
            title=title or heading,
            heading=heading,
            line=line,
        )
        node.paragraphs = [Paragraph(text=text.strip(BLANK), line=at) for text, at in body if text.strip(BLANK)]
        self._attach(node)
        return node

    def _new_node(self, *, kind: str, label: str, ordinal: str, number: str, title: str,
                  heading: str, line: int) -> Node:
        parent = self.stack[-1][1] if self.stack else None
        path = f"{parent.path}.{label}" if parent else label
        numeric_path = f"{parent.numeric_path}.{ordinal}" if parent else ordinal
        if path in self.paths:
            self.result.warnings.append(f"line {line}: number repeated, {path} already exists")
            repeat = self.next_repeat.get(path, 2)
            while f"{path}#{repeat}" in self.paths:
                repeat += 1
            self.next_repeat[path] = repeat + 1
            path, numeric_path = f"{path}#{repeat}", f"{numeric_path}#{repeat}"
        self.paths.add(path)
        return Node(
            kind=kind,
            path=path,
            numeric_path=numeric_path,
            number=number,
            title=title,
            heading=heading,
            level=(parent.level + 1) if parent else 1,
            span=Span(start=line, end=line),
        )

    def _attach(self, node: Node) -> None:
        if self.stack:
            self.stack[-1][1].children.append(node)
        else:
            self.result.outline.append(node)


def _cell_texts(block: TableBlock) -> list[tuple[str, int]]:
    """Every line of every cell of BLOCK with its source line, in reading order."""
    return [(text, line) for row_cells in block.cell_lines() for text, line in row_cells]


def _is_header(cells: tuple[str, ...]) -> bool:
    """Whether CELLS can head a table: short labels, none a heading or a sentence."""
    return all(is_title_line(cell) and not match_heading(cell) for cell in cells if cell.strip(BLANK))


def _is_annex_list_item(text: str) -> bool:
    heading = match_heading(text)
    return bool(heading and heading.style == "arabic" and heading.body is None
                and len(text.strip(BLANK)) <= TITLE_MAX)


def _starts_annex_list(rest: str, following: TextBlock | None) -> bool:
    if rest.strip(BLANK):
        return _is_annex_list_item(rest)
    return following is not None and _is_annex_list_item(following.text)


def build_outline(blocks: list[Block]) -> OutlineResult:
    builder = _TreeBuilder()
    # The text block after each block (a list, not a dict by id: it costs a pointer a block).
    following: list[TextBlock | None] = [None] * len(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        after = blocks[index + 1]
        following[index] = after if isinstance(after, TextBlock) else following[index + 1]
    for block, after in zip(blocks, following):
        if isinstance(block, TableBlock):
            builder.add_table(block)
        else:
            builder.add_text(block, after)
    result = builder.result
    for node in result.outline:
        _close_spans(node)
        _mark_tasks(node, inside_task_section=False)
    if not any(n.kind == "section" for n in result.outline):
        result.warnings.append("no numbered headings found: the whole text is kept as preamble")
    return result


def _close_spans(node: Node) -> int:
    """Extend each node's span to the last line of anything under it; return that line."""
    end = max([node.span.end]
              + [p.line for p in node.paragraphs]
              + [t.span.end for t in node.tables]
              + [_close_spans(child) for child in node.children])
    node.span = Span(start=node.span.start, end=end)
    return end


def _mark_tasks(node: Node, inside_task_section: bool) -> None:
    sections = [c for c in node.children if c.kind == "section"]
    if node.kind == "section" and not sections and inside_task_section:
        node.is_task = True
    below = inside_task_section or (node.kind == "section" and bool(TASK_SECTION.search(node.title)))
    for child in sections:
        _mark_tasks(child, below)
