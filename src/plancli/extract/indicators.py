"""The main-indicator table (主要发展指标) as typed indicators.

A table is an indicator table when its header names an indicator column (指标, 指标名称) and at
least one year column (2020年, 2025年, 2022年（中期）) or a baseline/target column (现状值, 目标值).
Columns are found by their header words, so 序号/指标/属性/单位 may come in any order or not at
all. Rows whose only content is a heading such as "一、普及水平" set the category of the rows
below them; a cell holding several values ("95%\\n其中：本科及以上 60%") yields sub-indicators.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

from plancli.extract.values import Comparator, parse_values, unit_from_name
from plancli.model import Plan, Table
from plancli.parse.tables import IndicatorColumns, indicator_columns, is_indicator_table

_SUB_ROW = re.compile(r"^\s*其中\s*[：:]?\s*")
_NAME_SEPARATOR = re.compile(r"\n|/|／")  # the parts are stripped: a \s* around it backtracks on long blanks


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class YearValue(_Model):
    """One value cell of an indicator: the year it belongs to, the text as written, parsed."""

    year: int | None
    text: str
    comparator: Comparator | None
    value: float | None
    unit: str | None


class Indicator(_Model):
    seq: str | None
    name: str
    unit: str | None
    category: str | None
    attribute: str | None = Field(description="约束性 or 预期性 where the table says")
    baseline: YearValue | None = Field(description="the earliest year's value")
    target: YearValue | None = Field(description="the latest year's value")
    values: list[YearValue] = Field(description="every year column, in table order")
    sub_indicators: list[Indicator] = Field(default_factory=list)
    table_index: int
    section: str | None = Field(description="path of the section holding the table")


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _category(row: list[str], columns: IndicatorColumns) -> str | None:
    """A row that only names a group ("一、普及水平", repeated across merged cells) is a category."""
    if any(_cell(row, i) for i, _ in columns.years) and len({c.strip() for c in row if c.strip()}) > 1:
        return None
    distinct = list(dict.fromkeys(c.strip() for c in row if c.strip()))
    return "".join(distinct) if distinct else None


def _year_values(cell: str, year: int | None, unit: str | None) -> list[YearValue]:
    return [YearValue(year=year, text=v.text, comparator=v.comparator, value=v.value, unit=v.unit)
            for v in parse_values(cell, unit)]


def indicators_from_table(table: Table, section: str | None = None) -> list[Indicator]:
    """Every indicator of TABLE (empty when it is not an indicator table)."""
    columns = indicator_columns(table.header)
    if columns is None:
        return []
    indicators: list[Indicator] = []
    category: str | None = None
    for row in table.rows:
        if (heading := _category(row, columns)) is not None:
            category = heading
            continue
        name = _cell(row, columns.name)
        if _SUB_ROW.match(name) and not _cell(row, columns.seq) and indicators:
            # A row of its own that starts with 其中 belongs to the indicator above it.
            parent = indicators[-1]
            sub = _indicator(row, columns, category, table.index, section, inherited_unit=parent.unit)
            sub.name = _SUB_ROW.sub("", sub.name)
            parent.sub_indicators.append(sub)
        else:
            indicators.append(_indicator(row, columns, category, table.index, section))
    return indicators


def _indicator(row: list[str], columns: IndicatorColumns, category: str | None, table_index: int,
               section: str | None, inherited_unit: str | None = None) -> Indicator:
    name_cell = _cell(row, columns.name)
    names = [unit_from_name(n) for n in map(str.strip, _NAME_SEPARATOR.split(name_cell)) if n] or [("", None)]
    hint = names[0][1] or _cell(row, columns.unit) or inherited_unit
    texts = [_cell(row, index) for index, _ in columns.years]
    cells = [_year_values(text, year, hint) for text, (_, year) in zip(texts, columns.years)]
    seq = _cell(row, columns.seq) or None

    def make(seq: str | None, name: str, unit: str | None, values: list[YearValue]) -> Indicator:
        return Indicator(
            seq=seq,
            name=name,
            unit=unit or hint or next((v.unit for v in values if v.unit), None),
            category=_cell(row, columns.category) or category,
            attribute=_cell(row, columns.attribute) or None,
            baseline=values[0] if len(values) > 1 and _states_something(values[0]) else None,
            target=values[-1] if values else None,
            values=values,
            table_index=table_index,
            section=section,
        )

    def part(k: int) -> list[YearValue]:
        """The K-th value of every cell; a blank cell gives its blank value."""
        return [cell[k] if k < len(cell) else cell[0] for cell in cells]

    # A name of several parts ("…比例\n其中：本科…") with as many values in each cell.
    if len(names) > 1 and all(len(cell) == len(names) or not cell[0].text for cell in cells):
        main = make(seq, names[0][0], names[0][1], part(0))
        main.sub_indicators = [make(None, _SUB_ROW.sub("", name), unit or main.unit, part(k))
                               for k, (name, unit) in enumerate(names[1:], start=1)]
        return main
    name, unit = unit_from_name(name_cell)
    # Every cell reading "小学：62\n初中：91": one sub-indicator per label.
    if labels := _value_labels(cells):
        whole = [YearValue(year=cell[0].year, text=text, comparator=None, value=None, unit=None)
                 for text, cell in zip(texts, cells)]
        main = make(seq, name, unit, whole)
        main.sub_indicators = [make(None, label, unit, [_unlabelled(v) for v in part(k)])
                               for k, label in enumerate(labels)]
        return main
    return make(seq, name, unit, part(0))


# The label starts after the blanks (or a blank run would be split between \s* and the label).
_LABEL = re.compile(r"^\s*+(?P<label>[^\s\d：:≥≧>＞<≤≦][^\d：:≥≧>＞<≤≦]{0,7}?)\s*[：:]\s*")


def _value_labels(cells: list[list[YearValue]]) -> list[str] | None:
    """The labels when every filled cell reads "label：value" with the same labels."""
    filled = [values for values in cells if values[0].text]
    if not filled or any(len(values) < 2 for values in filled):
        return None
    label_sets = [[m["label"] if (m := _LABEL.match(v.text)) else None for v in values] for values in filled]
    first = label_sets[0]
    return first if None not in first and all(labels == first for labels in label_sets) else None


def _unlabelled(value: YearValue) -> YearValue:
    return value.model_copy(update={"text": _LABEL.sub("", value.text)})


def _states_something(value: YearValue) -> bool:
    return value.comparator is not None or value.value is not None


class IndicatorTable(_Model):
    table_index: int
    caption: str | None
    section: str | None
    indicators: list[Indicator]


def plan_indicators(plan: Plan) -> list[IndicatorTable]:
    """The plan's indicator tables with their indicators, in document order."""
    found = []
    for table, node in plan.located_tables():
        section = node.path if node else None
        if is_indicator_table(table):
            found.append(IndicatorTable(table_index=table.index, caption=table.caption, section=section,
                                        indicators=indicators_from_table(table, section)))
    return found


def all_indicators(plan: Plan) -> list[Indicator]:
    return [i for table in plan_indicators(plan) for i in table.indicators]
