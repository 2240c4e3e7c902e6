"""A plan's heading tree (`plancli outline`) and finding one section in it (`plancli show`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from plancli.errors import NoSuchSection
from plancli.model import Node, Plan


class OutlineNode(BaseModel):
    """The public outline shape: one heading and the headings below it."""

    model_config = ConfigDict(extra="forbid")

    path: str
    numeric_path: str
    number: str
    title: str
    level: int
    kind: str
    line: int
    tasks: int = Field(description="task items in this subtree")
    children: list[OutlineNode] = Field(default_factory=list)


class PlanOutline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None
    outline: list[OutlineNode]


def outline_of(plan: Plan, depth: int | None = None) -> PlanOutline:
    """The plan's heading tree, down to DEPTH levels (all when None)."""

    def convert(node: Node, remaining: int | None) -> OutlineNode:
        deeper = remaining is None or remaining > 1
        return OutlineNode(
            path=node.path,
            numeric_path=node.numeric_path,
            number=node.number,
            title=node.title,
            level=node.level,
            kind=node.kind,
            line=node.span.start,
            tasks=sum(1 for n in node.walk() if n.is_task),
            children=[convert(c, None if remaining is None else remaining - 1)
                      for c in node.children] if deeper else [],
        )

    return PlanOutline(id=plan.id, title=plan.metadata.title,
                       outline=[convert(node, depth) for node in plan.outline])


def find_section(plan: Plan, ref: str) -> Node:
    """The node at REF (a path such as "三.（一）.2" or a numeric path "3.1.2"), or NoSuchSection."""
    node = plan.find(ref)
    if node is None:
        raise NoSuchSection(plan.id, ref)
    return node
