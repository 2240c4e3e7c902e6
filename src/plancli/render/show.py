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


class Paragraph:
    """Chinese text wrapped to the width it is printed at, never starting a line with "，"."""

    def __init__(self, text: str):
        self.text = text

    def lines(self, width: int) -> list[str]:
        lines: list[str] = []
        for source_line in self.text.split("\n"):
            line = ""
            for char in source_line:
                if line and cell_len(line + char) > width:
                    carried = ""
                    # Move the character before a forbidden line start down with it.
                    while char in _NO_LINE_START and len(line) > 1 and not carried:
                        carried, line = line[-1], line[:-1]
                    lines.append(line)
                    line = carried
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
