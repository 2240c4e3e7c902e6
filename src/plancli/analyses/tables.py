"""Choosing one table of a plan for export (`plancli tables --index N / --caption TEXT`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from plancli.errors import AmbiguousTable, NoSuchTable
from plancli.extract.projects import ProjectTable, type_table
from plancli.model import Plan, Table


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
            raise AmbiguousTable(plan.id, caption or "", [t.index for t, _ in chosen])
    if not chosen:
        raise NoSuchTable(plan.id, wanted)
    table, node = chosen[0]
    return TableExport(section=node.path if node else None, table=table, typed=type_table(table))
