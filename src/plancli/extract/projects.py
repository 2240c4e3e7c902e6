"""Annex tables of projects as typed records: key projects and construction projects.

Columns are recognized by what their headers say, not by position, so the same code reads
tables whose columns come in another order, carry other units, or wrap ("建设\\n类型").
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from plancli.lang.patterns import QUANTITY_NUMBER, SPACE, YEAR
from plancli.model import Plan, Table
from plancli.parse.tables import column_roles, header_unit, table_kind

_NUMBER = re.compile(rf"(?P<number>-?{QUANTITY_NUMBER})\s*(?P<magnitude>[万亿])?")
_MAGNITUDE = {"万": 10_000, "亿": 100_000_000}

# Rows that add up the others: 合计, 总计, 小计.
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|共\s*计)")
_DEFAULT_UNITS = {"land_area": "平方米", "floor_area": "平方米", "investment": "万元"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeyProject(_Model):
    seq: str | None
    name: str
    content: str


class ConstructionProject(_Model):
    seq: str | None
    name: str
    address: str | None
    school_type: str | None
    build_type: str | None
    land_area: float | None
    floor_area: float | None
    investment: float | None
    completion_year: int | None


class ProjectTable(_Model):
    """A recognized project table with its rows typed."""

    table_index: int
    caption: str | None
    kind: str
    units: dict[str, str] = Field(description="unit of each numeric column the table has, from its header")
    key_projects: list[KeyProject] = Field(default_factory=list)
    construction_projects: list[ConstructionProject] = Field(default_factory=list)


def _cell(row: list[str], roles: dict[str, int], role: str) -> str | None:
    index = roles.get(role)
    if index is None or index >= len(row):
        return None
    text = SPACE.sub(" ", row[index]).strip()
    return text or None


def _number(text: str | None, unit: str | None = None) -> float | None:
    """The number of a cell in the column's UNIT: "1.2亿" in a 万元 column is 12000."""
    if not text:
        return None
    # Thousands separators: "1,200", "1，200", "1 200".
    found = _NUMBER.search(re.sub(r"(?<=\d)[,，\s](?=\d{3}\b)", "", text))
    if not found:
        return None
    value = float(found["number"])
    if found["magnitude"]:
        column_magnitude = _MAGNITUDE.get((unit or "")[:1], 1)
        value *= _MAGNITUDE[found["magnitude"]] / column_magnitude
    return value


def _year(text: str | None) -> int | None:
    """The completion year: the last year named ("2021-2023年" is done in 2023)."""
    found = YEAR.findall(text or "")
    return int(found[-1]) if found else None


def type_table(table: Table) -> ProjectTable | None:
    """Typed records for a project table; None for any other table."""
    kind = table_kind(table)
    if kind == "generic":
        return None
    roles = column_roles(table.header)
    typed = ProjectTable(table_index=table.index, caption=table.caption, kind=kind, units={})
    rows = [r for r in table.rows if not any(_TOTAL_ROW.match(cell.strip()) for cell in r[:2])]
    if kind == "key_projects":
        typed.key_projects = [
            KeyProject(seq=_cell(r, roles, "seq"), name=_cell(r, roles, "name") or "",
                       content=_cell(r, roles, "content") or "")
            for r in rows
        ]
        return typed
    typed.units = {role: header_unit(table.header[roles[role]]) or default
                   for role, default in _DEFAULT_UNITS.items() if role in roles}
    typed.construction_projects = [
        ConstructionProject(
            seq=_cell(r, roles, "seq"),
            name=_cell(r, roles, "name") or "",
            address=_cell(r, roles, "address"),
            school_type=_cell(r, roles, "school_type"),
            build_type=_cell(r, roles, "build_type"),
            land_area=_number(_cell(r, roles, "land_area"), typed.units.get("land_area")),
            floor_area=_number(_cell(r, roles, "floor_area"), typed.units.get("floor_area")),
            investment=_number(_cell(r, roles, "investment"), typed.units.get("investment")),
            completion_year=_year(_cell(r, roles, "completion")),
        )
        for r in rows
    ]
    return typed


class ProjectSummary(_Model):
    """What `plancli projects` reports: construction projects counted and totalled."""

    plan: str
    tables: list[int] = Field(description="indexes of the construction-project tables")
    count: int
    by_build_type: dict[str, int]
    by_school_type: dict[str, int]
    by_completion_year: dict[str, int]
    land_area: float
    floor_area: float
    investment: float
    units: dict[str, str]
    projects: list[ConstructionProject]


def _tally(values: list[str | None]) -> dict[str, int]:
    counts = Counter(v or "(未注明)" for v in values)
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def summarize_projects(plan: Plan) -> ProjectSummary:
    typed = [t for t in (type_table(table) for table in plan.tables())
             if t and t.kind == "construction_projects"]
    projects = [p for t in typed for p in t.construction_projects]
    return ProjectSummary(
        plan=plan.id,
        tables=[t.table_index for t in typed],
        count=len(projects),
        by_build_type=_tally([p.build_type for p in projects]),
        by_school_type=_tally([p.school_type for p in projects]),
        by_completion_year=_tally([str(p.completion_year) if p.completion_year else None for p in projects]),
        land_area=sum(p.land_area or 0 for p in projects),
        floor_area=sum(p.floor_area or 0 for p in projects),
        investment=sum(p.investment or 0 for p in projects),
        units=typed[0].units if typed else dict(_DEFAULT_UNITS),
        projects=projects,
    )
