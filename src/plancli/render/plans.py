"""`plancli plans` and `plancli parse`: one row per plan."""

from __future__ import annotations

from plancli.analyses.plans import ParseResult, PlanListing
from plancli.render.base import TableView, View, heading_counts_text

PLAN_COLUMNS = ["id", "title", "district", "period", "status", "headings", "tasks", "tables",
                "special_projects"]
PLAN_NUMERIC = ["tasks", "tables", "special_projects"]
PLAN_WRAP = ["title"]
PLAN_LABELS = {"special_projects": "boxes"}
# Left out, in this order, when the terminal is too narrow: the id (what people type next) and
# the title never are.
PLAN_OPTIONAL = ["special_projects", "tables", "tasks", "headings", "period", "status", "district"]


def plan_rows(listings: list[PlanListing]) -> list[list[object]]:
    return [[p.id, p.title, p.district, p.period, p.status or "", heading_counts_text(p.headings), p.tasks,
             p.tables, p.special_projects] for p in listings]


class PlansView(TableView):
    def __init__(self, listings: list[PlanListing]):
        super().__init__(PLAN_COLUMNS, plan_rows(listings), json_value=listings, title="Plans", numeric=PLAN_NUMERIC,
                         wrap=PLAN_WRAP, labels=PLAN_LABELS, empty="No plans in data/raw/.", optional=PLAN_OPTIONAL)


PARSE_COLUMNS = ["id", "output", "written", "headings", "tables", "warnings"]
PARSE_WRAP = ["warnings"]
# A cell shows this many warnings and counts the rest: a broken file can have tens of thousands,
# and one cell holding them all takes minutes to lay out.
WARNINGS_SHOWN = 3


def warnings_cell(warnings: list[str]) -> str:
    """The first few WARNINGS, and how many more there are (all of them are in the JSON)."""
    shown = "; ".join(warnings[:WARNINGS_SHOWN])
    hidden = len(warnings) - WARNINGS_SHOWN
    return f"{len(warnings)} warnings: {shown}; … {hidden} more (all in --format json)" if hidden > 0 else shown


def parse_rows(results: list[ParseResult]) -> list[list[object]]:
    return [[r.id, r.output, "written" if r.changed else "unchanged", heading_counts_text(r.headings), r.tables,
             warnings_cell(r.warnings)] for r in results]


class ParseView(TableView):
    def __init__(self, results: list[ParseResult]):
        super().__init__(PARSE_COLUMNS, parse_rows(results), json_value=results, title="Parsed", wrap=PARSE_WRAP)


class SchemaView(View):
    """The JSON Schema of a parsed plan (`plancli schema`): JSON only."""
