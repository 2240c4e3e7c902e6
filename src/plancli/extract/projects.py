"""Annex tables of projects as typed records: key projects and construction projects.

Columns are recognized by what their headers say, not by position, so the same code reads
tables whose columns come in another order, carry other units, or wrap ("建设\\n类型").
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel, ConfigDict, Field

from plancli.model import Plan, Table

_SPACE = re.compile(r"[\s\u3000]+")
_UNIT_IN_HEADER = re.compile(r"[（(]\s*([^（）()]+?)\s*[）)]")
_NUMBER = re.compile(r"(?P<number>-?\d+(?:\.\d+)?)\s*(?P<magnitude>[万亿])?")
_MAGNITUDE = {"万": 10_000, "亿": 100_000_000}
_YEAR = re.compile(r"(20\d{2})")

# Column roles and the header words that name them; the first role whose pattern matches wins.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", re.compile(r"^序号$|^编号$")),
    ("name", re.compile(r"名称")),
    ("content", re.compile(r"主要内容|建设内容|内容")),
    ("address", re.compile(r"地址|地块|位置|选址")),
    ("school_type", re.compile(r"学校类[别型]|类别|学段")),
    ("build_type", re.compile(r"建设类型|建设性质|类型")),
    ("land_area", re.compile(r"占地面积|用地面积")),
    ("floor_area", re.compile(r"建筑面积")),
    ("investment", re.compile(r"投资|匡算|估算|资金")),
    ("completion", re.compile(r"竣工|完工|建成|年份|年限|起止年")),
)
# A construction list names its projects and their investment, and says what is built:
# the areas, the kind of building work, the school type, the site or the completion.
_CONSTRUCTION_ROLES = {"name", "investment"}
_CONSTRUCTION_DETAIL = {"land_area", "floor_area", "build_type", "school_type", "address", "completion"}
# Rows that add up the others: 合计, 总计, 小计.
_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|共\s*计)")
_DEFAULT_UNITS = {"land_area": "平方米", "floor_area": "平方米", "investment": "万元"}


def header_key(cell: str) -> str:
    """A header cell with its wrapping and spaces removed: "建设\\n类型" → "建设类型"."""
    return _SPACE.sub("", cell)


def column_roles(header: list[str]) -> dict[str, int]:
    """Which column holds which role (first match wins for each role)."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _UNIT_IN_HEADER.sub("", header_key(cell))
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(key):
                roles[role] = index
                break
    return roles


def header_unit(cell: str) -> str | None:
    found = _UNIT_IN_HEADER.search(header_key(cell))
    return found.group(1) if found else None


def table_kind(table: Table) -> str:
    """construction_projects, key_projects or generic, from the table's header."""
    roles = column_roles(table.header)
    if _CONSTRUCTION_ROLES <= set(roles) and _CONSTRUCTION_DETAIL & set(roles):
        return "construction_projects"
    if {"name", "content"} <= set(roles) and len(table.header) <= 4:
        return "key_projects"
    return "generic"


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
    text = _SPACE.sub(" ", row[index]).strip()
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
    found = _YEAR.findall(text or "")
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
