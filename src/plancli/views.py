"""Library functions behind the outline, plans and parse commands; each returns a model."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from plancli.errors import PlanInputError
from plancli.extract.projects import ProjectTable, type_table
from plancli.model import Node, Plan, Table
from plancli.store import check_writable, data_dir, known_plans, load_plan, parse_file, resolve, save_plan
from plancli.tokens import cut_plan, save_tokens


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


class PlanListing(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str | None
    district: str | None
    period: str | None = Field(description='years, e.g. "2021-2025"')
    status: str | None
    headings: dict[int, int] = Field(description="numbered headings per level")
    tasks: int
    tables: int
    special_projects: int
    annexes: int
    source: str


def listing(plan: Plan) -> PlanListing:
    meta = plan.metadata
    period = f"{meta.start_year}-{meta.end_year}" if meta.start_year and meta.end_year else None
    return PlanListing(
        id=plan.id,
        title=meta.title,
        district=meta.district or meta.city,
        period=period,
        status=meta.status,
        headings=plan.heading_counts(),
        tasks=len(plan.tasks()),
        tables=len(plan.tables()),
        special_projects=len(plan.special_projects()),
        annexes=len(plan.annexes()),
        source=plan.source.name,
    )


def list_plans(data: Path | None = None) -> list[PlanListing]:
    """Every plan in DATA/raw/, parsed (or taken from the cache)."""
    return [listing(load_plan(path.stem, data)) for path in known_plans(data)]


class ParseResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    output: str
    changed: bool
    tokens: str | None = Field(description="where the plan's tokens were stored, if they were cut")
    headings: dict[int, int]
    tables: int
    warnings: list[str]


def parse_plans(refs: list[str], out_dir: Path | None = None, data: Path | None = None,
                encoding: str | None = None, tokens: bool = True) -> list[ParseResult]:
    """Parse every plan REFS names and write OUT_DIR/<id>.json (default DATA/parsed/), and with
    TOKENS its words cut by jieba to OUT_DIR/<id>.tokens.json, so later commands need no jieba.

    All plans are parsed before anything is written, so a bad input leaves no partial output.
    """
    target = out_dir or data_dir(data) / "parsed"
    plans = [parse_file(resolve(ref, data), encoding) for ref in refs]
    ids = [plan.id for plan in plans]
    if duplicate := next((i for i in ids if ids.count(i) > 1), None):
        raise PlanInputError(duplicate, "two plans share this id (their file names): parse them one by one")
    for plan in plans:  # every output must be writable before the first one is written
        check_writable(target / f"{plan.id}.json")
        check_writable(target / f"{plan.id}.tokens.json")
    results = []
    for plan in plans:
        path, changed = save_plan(plan, target)
        stored = save_tokens(cut_plan(plan), target / f"{plan.id}.tokens.json") if tokens else None
        results.append(ParseResult(id=plan.id, output=str(path), changed=changed,
                                   tokens=str(stored) if stored else None,
                                   headings=plan.heading_counts(), tables=len(plan.tables()),
                                   warnings=plan.warnings))
    return results


class TableExport(BaseModel):
    """One table as `plancli tables --index N` exports it: cells as written, typed records."""

    model_config = ConfigDict(extra="forbid")

    section: str | None
    table: Table
    typed: ProjectTable | None = Field(description="typed rows for project tables")


def select_table(plan: Plan, index: int | None = None, caption: str | None = None) -> TableExport:
    """The table numbered INDEX, or the one whose caption contains CAPTION."""
    located = plan.located_tables()
    if index is not None:
        chosen = [(t, n) for t, n in located if t.index == index]
        wanted = f"no table {index} (it has {len(located)})"
    else:
        needle = "".join((caption or "").split())
        chosen = [(t, n) for t, n in located if needle in "".join((t.caption or "").split())]
        wanted = f"no table whose caption contains {caption!r}"
        if len(chosen) > 1:
            numbers = ", ".join(str(t.index) for t, _ in chosen)
            raise PlanInputError(plan.id, f"caption {caption!r} matches tables {numbers}: use --index")
    if not chosen:
        raise PlanInputError(plan.id, f"{wanted} (see: plancli tables {plan.id})")
    table, node = chosen[0]
    return TableExport(section=node.path if node else None, table=table, typed=type_table(table))
