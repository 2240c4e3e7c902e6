"""`plancli indicators`: the indicator table as typed indicators."""

from __future__ import annotations

import re

from rich.console import RenderableType

from plancli.extract.indicators import Indicator, YearValue
from plancli.extract.targets import Target
from plancli.render.base import Rendered, TableView, to_rich_table

_COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "approx": "≈", "maintain": "保持"}


def format_value(value: YearValue | Target | None) -> str:
    """A parsed value for people: "≥ 98 %", "保持", or the text when nothing was parsed."""
    if value is None:
        return ""
    if value.value is None:
        return _COMPARATOR_SIGNS.get(value.comparator or "", "") or value.text
    sign = _COMPARATOR_SIGNS.get(value.comparator or "", "")
    upper = getattr(value, "upper", None)
    if value.unit in _PROPORTION_UNITS:
        # a ratio or fraction reads as written ("1:3", "一半"), its value a/b is for scripts
        number, unit = _PROPORTION.search(value.text).group() if _PROPORTION.search(value.text) else value.text, ""
    else:
        # a range says its own comparator: "1–2项" is 1 to 2
        number, sign = (f"{value.value:g}–{upper:g}", "") if upper is not None else (f"{value.value:g}", sign)
        unit = value.unit or ""
    return f"{sign} {number}{unit}".strip() if sign else f"{number}{unit}"


CHANGE_WORDS = {"increase": "增 ", "decrease": "减 "}
_PROPORTION_UNITS = (":", "/")
_PROPORTION = re.compile(r"\d+(?:\.\d+)?\s*[:∶/]\s*\d+(?:\.\d+)?|[一二三四五六七八九十]分之[一二三四五六七八九十]|一半")


def number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


INDICATOR_COLUMNS = [
    "seq", "sub_of", "category", "name", "unit", "attribute",
    "baseline_year", "baseline_text", "baseline_comparator", "baseline_value",
    "target_year", "target_text", "target_comparator", "target_value", "other_values", "section",
]


def _flatten_indicators(indicators: list[Indicator]) -> list[tuple[Indicator, Indicator | None]]:
    flat: list[tuple[Indicator, Indicator | None]] = []
    for indicator in indicators:
        flat.append((indicator, None))
        flat += [(sub, indicator) for sub in indicator.sub_indicators]
    return flat


def indicator_rows(indicators: list[Indicator]) -> list[list[object]]:
    rows = []
    for item, parent in _flatten_indicators(indicators):
        base, target = item.baseline, item.target
        others = [v for v in item.values if v is not base and v is not target]
        rows.append([
            item.seq, parent.seq if parent else None, item.category, item.name, item.unit, item.attribute,
            base and base.year, base and base.text, base and base.comparator, base and number_text(base.value),
            target and target.year, target and target.text, target and target.comparator,
            target and number_text(target.value),
            "; ".join(f"{v.year}: {v.text}" for v in others), item.section,
        ])
    return rows


def _year_heading(values: list[YearValue | None], fallback: str) -> str:
    years = {v.year for v in values if v is not None}
    return f"{years.pop()}年" if len(years) == 1 and None not in years else fallback


def indicators_rich(indicators: list[Indicator], title: str) -> RenderableType:
    """Indicators for people: the cells as written, and the target as plancli reads it."""
    flat = _flatten_indicators(indicators)
    rows = [[item.seq or "", f"  其中：{item.name}" if parent else item.name, item.unit or "",
             item.baseline.text if item.baseline else "—", item.target.text if item.target else "—",
             format_value(item.target)] for item, parent in flat]
    columns = ["seq", "name", "unit",
               _year_heading([i.baseline for i, _ in flat if i.baseline], "baseline"),
               _year_heading([i.target for i, _ in flat], "target"), "read as"]
    return to_rich_table(columns, rows, title=title, wrap=["name"])


class IndicatorsView(TableView):
    """One row per indicator and sub-indicator; the terminal shows the cells as written beside
    the target as plancli reads it. A plan without an indicator table gets a note instead."""

    def __init__(self, indicators: list[Indicator], plan_id: str):
        note = f"{plan_id} has no indicator table; its targets are in the text: plancli targets {plan_id}"
        super().__init__(INDICATOR_COLUMNS, indicator_rows(indicators), json_value=indicators, empty=note)
        self.indicators, self.heading = indicators, f"{plan_id}: indicators"

    def table(self) -> Rendered:
        return indicators_rich(self.indicators, self.heading) if self.indicators else self.empty or ""
