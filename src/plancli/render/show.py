"""`plancli show`: one section with its paragraphs, tables and subsections."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from plancli.model import Node, Table
from plancli.render.base import Rendered, View, to_csv, to_markdown_table, to_rich_table
from plancli.render.outline import KIND_STYLE


def _table_rich(table: Table) -> RenderableType:
    return to_rich_table(table.header, table.rows, title=table.caption or f"表{table.index}")


def node_rich(node: Node) -> RenderableType:
    parts: list[RenderableType] = []
    for paragraph in node.paragraphs:
        parts.append(Text(paragraph.text))
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
    out += [p.text + "\n" for p in node.paragraphs]
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
