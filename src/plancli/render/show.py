"""`plancli show`: one section with its paragraphs, tables and subsections."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.text import Text

from plancli.model import Node, Table
from plancli.render.base import Rendered, View, to_csv, to_markdown_table, to_rich_table
from plancli.render.outline import KIND_STYLE

# Punctuation that may not open a line (Chinese line-breaking rules): it goes with the
# character before it.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’〕】…—,.;:?!)]%")
# Numbers and Latin words are not broken: "50%" and "2.0" stay on one line.
_WORD_CHARS = frozenset("0123456789.%‰ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_LONGEST_CARRY = 16


class Paragraph:
    """Chinese text wrapped to the width it is printed at: never a line starting with "，",
    never a number cut in two."""

    def __init__(self, text: str):
        self.text = text

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        for source_line in self.text.split("\n"):
            line = ""
            for char in source_line:
                if line and cell_len(line + char) > width:
                    keep = len(line)
                    if char in _WORD_CHARS:
                        while keep > 1 and line[keep - 1] in _WORD_CHARS and len(line) - keep < _LONGEST_CARRY:
                            keep -= 1
                    if char in _NO_LINE_START and keep == len(line) and keep > 1:
                        keep -= 1  # the character before a forbidden line start moves down with it
                    lines.append(line[:keep])
                    line = line[keep:]
                line += char
            lines.append(line)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(max(options.max_width, 2)):
            yield Text(line)


def _table_rich(table: Table) -> RenderableType:
    return to_rich_table(table.header, table.rows, title=table.caption or f"表{table.index}")


def _own_text(node: Node) -> list[str]:
    """The node's paragraphs, without a table caption the parser also kept as a paragraph:
    the caption is shown once, as the table's title."""
    captions = {table.caption.strip() for table in node.tables if table.caption}
    return [p.text for p in node.paragraphs if p.text.strip() not in captions]


def node_rich(node: Node) -> RenderableType:
    parts: list[RenderableType] = []
    for text in _own_text(node):
        parts.append(Paragraph(text))
    for table in node.tables:
        parts.append(_table_rich(table))
    parts.extend(node_rich(child) for child in node.children)
    heading = Text(f"{node.path}  {node.title}", style=KIND_STYLE.get(node.kind, "bold"))
    lines = node.span.start if node.span.start == node.span.end else f"{node.span.start}-{node.span.end}"
    subtitle = f"{node.kind} · line{'s' if node.span.end > node.span.start else ''} {lines}"
    return Panel(Group(*parts) if parts else Text(""), title=heading, title_align="left",
                 subtitle=subtitle, subtitle_align="right")


def node_markdown(node: Node, depth: int = 0) -> str:
    hashes = "#" * min(6, depth + 1)
    out = [f"{hashes} {node.number if node.kind != 'annex' else '附件' + node.number} {node.title}", ""]
    out += [text + "\n" for text in _own_text(node)]
    for table in node.tables:
        if table.caption:
            out.append(f"**{table.caption}**\n")
        out.append(to_markdown_table(table.header, table.rows))
    text = "\n".join(out)
    return text + "".join("\n" + node_markdown(child, depth + 1) for child in node.children)


NODE_COLUMNS = ["path", "kind", "line", "title", "text"]


def node_csv(node: Node) -> str:
    rows = []
    for item in node.walk():
        rows.append([item.path, item.kind, item.span.start, item.title, ""])
        rows += [[item.path, "paragraph", p.line, item.title, p.text] for p in item.paragraphs]
    return to_csv(NODE_COLUMNS, rows)


class SectionView(View):
    def __init__(self, node: Node):
        super().__init__(node)

    def table(self) -> Rendered:
        return node_rich(self.value)

    def csv(self) -> str:
        return node_csv(self.value)

    def markdown(self) -> str:
        return node_markdown(self.value)
