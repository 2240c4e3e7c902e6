"""Renderers for indicators, tables and projects."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from plancli.extract.indicators import Indicator, YearValue
from plancli.extract.plan_targets import Target, TargetReport
from plancli.extract.projects import ProjectSummary, header_key
from plancli.model import Table
from plancli.render import plural, to_markdown_table, to_rich_table

_COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "approx": "≈", "maintain": "保持"}


def format_value(value: YearValue | Target | None) -> str:
    """A parsed value for people: "≥ 98 %", "保持", or the text when nothing was parsed."""
    if value is None:
        return ""
    if value.value is None:
        return _COMPARATOR_SIGNS.get(value.comparator or "", "") or value.text
    number = f"{value.value:g}"
    sign = _COMPARATOR_SIGNS.get(value.comparator or "", "")
    return f"{sign} {number}{value.unit or ''}".strip() if sign else f"{number}{value.unit or ''}"


_CHANGE_WORDS = {"increase": "增 ", "decrease": "减 "}


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


# --- indicators --------------------------------------------------------------------------

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
            base and base.year, base and base.text, base and base.comparator, base and _number(base.value),
            target and target.year, target and target.text, target and target.comparator,
            target and _number(target.value),
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


# --- tables ------------------------------------------------------------------------------

TABLE_LIST_COLUMNS = ["index", "caption", "kind", "section", "rows", "columns"]


def table_list_rows(tables: list[tuple[Table, str | None]]) -> list[list[object]]:
    return [[t.index, t.caption or "", t.kind, section or "", len(t.rows), t.column_count]
            for t, section in tables]


def table_csv_header(table: Table) -> list[str]:
    """Header cells on one line each, as a spreadsheet wants them."""
    return [header_key(cell) for cell in table.header]


def table_rich(table: Table) -> RenderableType:
    title = f"表{table.index} {table.caption or ''}".strip()
    return to_rich_table(table.header, table.rows, title=title)


def table_markdown(table: Table) -> str:
    heading = f"**{table.caption}**\n\n" if table.caption else ""
    return heading + to_markdown_table(table_csv_header(table), table.rows)


# --- projects ----------------------------------------------------------------------------

PROJECT_COLUMNS = ["seq", "name", "address", "school_type", "build_type", "land_area", "floor_area",
                   "investment", "completion_year"]
PROJECT_NUMERIC = ["land_area", "floor_area", "investment", "completion_year"]


def project_rows(summary: ProjectSummary) -> list[list[object]]:
    return [[p.seq, p.name, p.address, p.school_type, p.build_type, _number(p.land_area),
             _number(p.floor_area), _number(p.investment), p.completion_year] for p in summary.projects]


def _tally_table(title: str, tally: dict[str, int]) -> RenderableType:
    return to_rich_table([title, "projects"], [[k, v] for k, v in tally.items()], numeric=["projects"])


def _totals(summary: ProjectSummary) -> list[tuple[str, str]]:
    units = summary.units
    measured = [("匡算投资", "investment", summary.investment), ("占地面积", "land_area", summary.land_area),
                ("建筑面积", "floor_area", summary.floor_area)]
    return [("construction projects", str(summary.count))] + [
        (f"{label} ({units[key]})", f"{total:,.0f}") for label, key, total in measured if key in units]


def projects_rich(summary: ProjectSummary) -> RenderableType:
    if not summary.count:
        return Text(f"{summary.plan} has no construction-project table.")
    totals = to_rich_table(["total", "value"], _totals(summary), numeric=["value"], title=f"{summary.plan} projects")
    return Group(
        totals,
        _tally_table("建设类型", summary.by_build_type),
        _tally_table("学校类别", summary.by_school_type),
        _tally_table("计划竣工年份", summary.by_completion_year),
        to_rich_table(PROJECT_COLUMNS, project_rows(summary), numeric=PROJECT_NUMERIC,
                      wrap=["name", "address"], title="projects",
                      labels={"school_type": "type", "build_type": "build", "completion_year": "year",
                              "land_area": "land", "floor_area": "floor", "investment": "invest"}),
    )


def projects_markdown(summary: ProjectSummary) -> str:
    parts = [f"# {summary.plan}: construction projects", "", to_markdown_table(["total", "value"], _totals(summary))]
    for title, tally in (("建设类型", summary.by_build_type), ("学校类别", summary.by_school_type),
                         ("计划竣工年份", summary.by_completion_year)):
        parts.append(to_markdown_table([title, "projects"], list(tally.items())))
    parts.append(to_markdown_table(PROJECT_COLUMNS, project_rows(summary)))
    return "\n".join(parts)


# --- prose targets -----------------------------------------------------------------------

TARGET_COLUMNS = ["section", "line", "year", "subject", "comparator", "value", "unit", "change", "text",
                  "indicator", "disagreements", "sentence"]


def target_rows(report: TargetReport) -> list[list[object]]:
    links = {(l.target.line, l.target.text, l.target.subject): l for l in report.links}
    rows = []
    for t in report.targets:
        link = links.get((t.line, t.text, t.subject))
        rows.append([t.section, t.line, t.year, t.subject, t.comparator, _number(t.value), t.unit, t.change, t.text,
                     link and f"{link.indicator_seq} {link.indicator_name}",
                     link and ",".join(link.disagreements), t.sentence])
    return rows


def targets_rich(report: TargetReport) -> RenderableType:
    if not report.targets:
        return Text(f"{report.plan}: no quantitative targets found in the text.")
    rows = [[t.section or "", str(t.year or "—"), t.subject, _CHANGE_WORDS.get(t.change or "", "") + format_value(t)]
            for t in report.targets]
    parts: list[RenderableType] = [to_rich_table(["section", "year", "subject", "target"], rows,
                                                 wrap=["subject"],
                                                 title=f"{report.plan}: {plural(len(rows), 'target')} in the text")]
    if report.links:
        link_rows = []
        for link in report.links:
            verdict = Text("agrees", style="green") if not link.disagreements else Text(
                "differs: " + ", ".join(link.disagreements), style="bold red")
            link_rows.append([link.indicator_seq or "", link.indicator_name,
                              f"{link.indicator_target} ({link.indicator_year})",
                              f"{link.target.text} ({link.target.year or '—'}) {link.target.section}", verdict])
        parts.append(to_rich_table(["seq", "indicator", "table", "text", "check"], link_rows, wrap=["indicator"],
                                   title="targets that restate an indicator"))
    return Group(*parts)
