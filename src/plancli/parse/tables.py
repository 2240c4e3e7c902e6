"""What kind of table a header makes: indicators, construction projects, key projects or generic.

Recognized at parse time (the kind is part of the model) from the header words alone, so the
columns may come in any order, carry units or wrap ("建设\\n类型"), in simplified or traditional
characters (指标 / 指標). The extractors read the
rows of each kind (plancli.extract).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from plancli.lang.fold import fold_script
from plancli.lang.patterns import SPACE, YEAR
from plancli.model import Table

# Header words are matched on header_match_key (traditional characters folded), so one spelling each.
_NAME_HEADER = re.compile(r"指标")
SEQ_HEADER = re.compile(r"^(序号|编号)$")
ATTRIBUTE_HEADER = re.compile(r"属性|性质")
_CATEGORY_HEADER = re.compile(r"^(类别|领域|类型|分类|学段|维度)$")
_UNIT_HEADER = re.compile(r"^(单位|计量单位)")
_BASELINE_HEADER = re.compile(r"现状|基期|基准|基数|现值")
_TARGET_HEADER = re.compile(r"目标")
# The unit is stripped afterwards: blanks matched around a lazy unit backtrack on long blank runs.
_UNIT_IN_HEADER = re.compile(r"[（(]([^（）()]*)[）)]")
# Column roles and the header words that name them; the first role whose pattern matches wins.
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("seq", SEQ_HEADER),
    ("name", re.compile(r"名称")),
    ("content", re.compile(r"内容")),
    ("address", re.compile(r"地址|地块|位置|选址")),
    ("school_type", re.compile(r"学校类[别型]|类别|学段")),
    ("build_type", re.compile(r"建设性质|类型")),
    ("land_area", re.compile(r"占地面积|用地面积")),
    ("floor_area", re.compile(r"建筑面积")),
    ("investment", re.compile(r"投资|匡算|估算|资金")),
    ("completion", re.compile(r"竣工|完工|建成|年份|年限|起止年")),
)
# A construction list names its projects and their investment, and says what is built:
# the areas, the kind of building work, the school type, the site or the completion.
_CONSTRUCTION_ROLES = {"name", "investment"}
_CONSTRUCTION_DETAIL = {"land_area", "floor_area", "build_type", "school_type", "address", "completion"}
def header_key(cell: str) -> str:
    """A header cell with its wrapping and spaces removed: "建设\\n类型" → "建设类型"."""
    return SPACE.sub("", cell)


def header_match_key(cell: str) -> str:
    """header_key with traditional characters as simplified (指標 → 指标): what the header
    patterns here (SEQ_HEADER, ATTRIBUTE_HEADER …) are matched against, never shown."""
    return fold_script(header_key(cell))


def column_roles(header: list[str]) -> dict[str, int]:
    """Which column holds which role (first match wins for each role)."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _UNIT_IN_HEADER.sub("", header_match_key(cell))
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(key):
                roles[role] = index
                break
    return roles


def header_unit(cell: str) -> str | None:
    found = _UNIT_IN_HEADER.search(header_key(cell))
    return (found.group(1).strip() or None) if found else None


def table_kind(table: Table) -> str:
    """construction_projects, key_projects or generic, from the table's header."""
    roles = column_roles(table.header)
    if set(roles) >= _CONSTRUCTION_ROLES and _CONSTRUCTION_DETAIL & set(roles):
        return "construction_projects"
    if {"name", "content"} <= set(roles) and len(table.header) <= 4:
        return "key_projects"
    return "generic"


class IndicatorColumns(BaseModel):
    """Where an indicator table keeps each kind of cell."""

    seq: int | None
    name: int
    category: int | None
    attribute: int | None
    unit: int | None
    years: list[tuple[int, int | None]]  # (column, year); year None for 现状值/目标值 without one


def indicator_columns(header: list[str]) -> IndicatorColumns | None:
    """The columns of an indicator table, or None when HEADER is not one's."""
    keys = [header_match_key(cell) for cell in header]
    name = next((i for i, k in enumerate(keys) if _NAME_HEADER.search(k) and not ATTRIBUTE_HEADER.search(k)),
                None)
    if name is None:
        return None
    years: list[tuple[int, int | None]] = []
    for index, key in enumerate(keys):
        if index == name:
            continue
        if year := YEAR.search(key):
            years.append((index, int(year.group(1))))
        elif _BASELINE_HEADER.search(key) or _TARGET_HEADER.search(key):
            years.append((index, None))
    if not years:
        return None

    def find(pattern: re.Pattern[str]) -> int | None:
        taken = {name, *(i for i, _ in years)}
        return next((i for i, k in enumerate(keys) if i not in taken and pattern.search(k)), None)

    return IndicatorColumns(seq=find(SEQ_HEADER), name=name, category=find(_CATEGORY_HEADER),
                    attribute=find(ATTRIBUTE_HEADER), unit=find(_UNIT_HEADER), years=years)


def is_indicator_table(table: Table) -> bool:
    return indicator_columns(table.header) is not None




def classify_table(table: Table) -> str:
    """The kind of TABLE: indicators, construction_projects, key_projects or generic."""
    return "indicators" if is_indicator_table(table) else table_kind(table)
