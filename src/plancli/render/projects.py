"""`plancli projects`: construction projects counted, summed and listed."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from plancli.extract.projects import ProjectSummary
from plancli.render.base import Rendered, View, to_csv, to_markdown_table, to_rich_table
from plancli.render.indicators import number_text

PROJECT_COLUMNS = ["seq", "name", "address", "school_type", "build_type", "land_area", "floor_area",
                   "investment", "completion_year"]
PROJECT_NUMERIC = ["land_area", "floor_area", "investment", "completion_year"]


def project_rows(summary: ProjectSummary) -> list[list[object]]:
    return [[p.seq, p.name, p.address, p.school_type, p.build_type, number_text(p.land_area),
             number_text(p.floor_area), number_text(p.investment), p.completion_year] for p in summary.projects]


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


class ProjectsView(View):
    def __init__(self, summary: ProjectSummary):
        super().__init__(summary)

    def table(self) -> Rendered:
        return projects_rich(self.value)

    def csv(self) -> str:
        return to_csv(PROJECT_COLUMNS, project_rows(self.value))

    def markdown(self) -> str:
        return projects_markdown(self.value)
