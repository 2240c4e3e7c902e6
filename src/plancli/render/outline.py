"""`plancli outline`: the heading tree."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from rich.tree import Tree

from plancli.analyses.outline import OutlineNode, PlanOutline
from plancli.render.base import Rendered, View, plural, to_csv

KIND_STYLE = {"section": "bold", "annex": "magenta", "special_project": "green"}


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
    label.append(node.title, style=KIND_STYLE.get(node.kind, ""))
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


class OutlineView(View):
    def __init__(self, outline: PlanOutline):
        super().__init__(outline)

    def table(self) -> Rendered:
        return outline_tree(self.value)

    def csv(self) -> str:
        return outline_csv(self.value)

    def markdown(self) -> str:
        return outline_markdown(self.value)
