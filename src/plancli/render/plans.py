"""Renderers for plans, outlines and sections."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text
from rich.tree import Tree

from plancli.model import Node, Table
from plancli.render import heading_counts_text, plural, to_csv, to_markdown_table, to_rich_table
from plancli.views import OutlineNode, ParseResult, PlanListing, PlanOutline

_KIND_STYLE = {"section": "bold", "annex": "magenta", "special_project": "green"}


# --- plans ------------------------------------------------------------------------------

PLAN_COLUMNS = ["id", "title", "district", "period", "status", "headings", "tasks", "tables",
                "special_projects"]
PLAN_NUMERIC = ["tasks", "tables", "special_projects"]
PLAN_WRAP = ["title"]
PLAN_LABELS = {"special_projects": "boxes"}


def plan_rows(listings: list[PlanListing]) -> list[list[object]]:
    return [[p.id, p.title, p.district, p.period, p.status or "", heading_counts_text(p.headings), p.tasks,
             p.tables, p.special_projects] for p in listings]


# --- outline ----------------------------------------------------------------------------

OUTLINE_COLUMNS = ["path", "numeric_path", "level", "kind", "number", "title", "line", "tasks"]


def _flatten(nodes: list[OutlineNode]) -> list[OutlineNode]:
    flat: list[OutlineNode] = []
    for node in nodes:
        flat.append(node)
        flat.extend(_flatten(node.children))
    return flat


def _label(node: OutlineNode) -> Text:
    label = Text()
    label.append(node.numeric_path, style="dim")
    label.append(" ")
    label.append(node.number if node.kind != "annex" else f"附件{node.number}", style="cyan")
    label.append(" ")
    label.append(node.title, style=_KIND_STYLE.get(node.kind, ""))
    if node.tasks and node.children:
        label.append(f"  ({plural(node.tasks, 'task')})", style="dim")
    return label


def outline_tree(outline: PlanOutline) -> RenderableType:
    tree = Tree(Text(f"{outline.id}: {outline.title or '(untitled)'}", style="bold"))

    def add(branch: Tree, nodes: list[OutlineNode]) -> None:
        for node in nodes:
            add(branch.add(_label(node)), node.children)

    add(tree, outline.outline)
    return tree


def outline_csv(outline: PlanOutline) -> str:
    rows = [[n.path, n.numeric_path, n.level, n.kind, n.number, n.title, n.line, n.tasks]
            for n in _flatten(outline.outline)]
    return to_csv(OUTLINE_COLUMNS, rows)


def outline_markdown(outline: PlanOutline) -> str:
    lines = [f"# {outline.title or outline.id}", ""]
    first_level = min((n.level for n in outline.outline), default=1)
    for node in _flatten(outline.outline):
        indent = "  " * (node.level - first_level)
        lines.append(f"{indent}- {node.numeric_path} {node.title}")
    return "\n".join(lines) + "\n"


# --- one section ------------------------------------------------------------------------


def _table_rich(table: Table) -> RenderableType:
    return to_rich_table(table.header, table.rows, title=table.caption or f"表{table.index}")


def node_rich(node: Node) -> RenderableType:
    parts: list[RenderableType] = []
    for paragraph in node.paragraphs:
        parts.append(Text(paragraph.text))
    for table in node.tables:
        parts.append(_table_rich(table))
    parts.extend(node_rich(child) for child in node.children)
    heading = Text(f"{node.path}  {node.title}", style=_KIND_STYLE.get(node.kind, "bold"))
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


# --- parse ------------------------------------------------------------------------------

PARSE_COLUMNS = ["id", "output", "written", "headings", "tables", "warnings"]
PARSE_WRAP = ["warnings"]


def parse_rows(results: list[ParseResult]) -> list[list[object]]:
    return [[r.id, r.output, "written" if r.changed else "unchanged", heading_counts_text(r.headings), r.tables,
             "; ".join(r.warnings)] for r in results]
