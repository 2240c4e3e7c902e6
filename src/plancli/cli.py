"""The plancli command line: thin commands over the library, one renderer per format.

Exit codes: 0 success; 1 differences or findings (diff, check); 2 usage or input error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from plancli.errors import PlanInputError
from plancli.model import Plan
from plancli.render import OutputFormat, UnsupportedFormat, emit, tabular, to_json
from plancli.render import plans as plan_views
from plancli.store import load_plan
from plancli.views import list_plans, outline_of, parse_plans

EXIT_INPUT_ERROR = 2


class _Group(TyperGroup):
    """Turns input errors into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (PlanInputError, UnsupportedFormat) as err:
            typer.echo(f"plancli: error: {err}", err=True)
            sys.exit(EXIT_INPUT_ERROR)


app = typer.Typer(
    cls=_Group,
    name="plancli",
    help="Analyze Chinese education plans (教育事业发展规划): parse, outline, show, compare.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# The options every command shares, applied the same way everywhere.
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="Output format: table (for people), json, csv, markdown.")
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")
]
DataOption = Annotated[
    Path | None,
    typer.Option("--data", envvar="PLANCLI_DATA", help="Data folder holding raw/ and parsed/ [default: ./data]."),
]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", help="Source encoding, overriding detection (e.g. gb18030).")
]
PlanArgument = Annotated[str, typer.Argument(help="Plan id in data/raw/ (e.g. huadu) or a file path.")]


@app.command()
def parse(
    plans: Annotated[list[str], typer.Argument(help="Plan ids or file paths.")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for <id>.json [default: data/parsed].")] = None,
    data: DataOption = None,
    encoding: EncodingOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Parse plans into validated JSON (DIR/<id>.json), byte-identical on re-run.

    Example: plancli parse huadu qingcheng --out data/parsed
    """
    results = parse_plans(plans, out, data, encoding)
    emit(fmt, output, tabular(plan_views.PARSE_COLUMNS, plan_views.parse_rows(results),
                              json_value=results, title="Parsed", wrap=plan_views.PARSE_WRAP))


@app.command("plans")
def plans_command(data: DataOption = None, fmt: FormatOption = OutputFormat.table,
                  output: OutputOption = None) -> None:
    """List the plans in data/raw/ with title, district, period and counts.

    Example: plancli plans --format csv
    """
    listings = list_plans(data)
    emit(fmt, output, tabular(plan_views.PLAN_COLUMNS, plan_views.plan_rows(listings),
                              json_value=listings, title="Plans", numeric=plan_views.PLAN_NUMERIC,
                              wrap=plan_views.PLAN_WRAP, labels=plan_views.PLAN_LABELS,
                              empty="No plans in data/raw/."))


@app.command()
def outline(
    plan: PlanArgument,
    depth: Annotated[int | None, typer.Option("--depth", "-d", min=1, help="Show this many levels.")] = None,
    data: DataOption = None,
    encoding: EncodingOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Show a plan's numbered section tree.

    Example: plancli outline qingcheng --depth 2
    """
    tree = outline_of(load_plan(plan, data, encoding), depth)
    emit(fmt, output, {
        OutputFormat.table: lambda: plan_views.outline_tree(tree),
        OutputFormat.json: lambda: to_json(tree),
        OutputFormat.csv: lambda: plan_views.outline_csv(tree),
        OutputFormat.markdown: lambda: plan_views.outline_markdown(tree),
    })


@app.command()
def show(
    plan: PlanArgument,
    ref: Annotated[str, typer.Argument(help='Section as "三.（一）.2" or "3.1.2"; annexes as 附件1 or A1.')],
    data: DataOption = None,
    encoding: EncodingOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Print one section with its paragraphs, tables and subsections.

    Example: plancli show huadu 3.1.2
    """
    loaded = load_plan(plan, data, encoding)
    node = _find(loaded, ref)
    emit(fmt, output, {
        OutputFormat.table: lambda: plan_views.node_rich(node),
        OutputFormat.json: lambda: to_json(node),
        OutputFormat.csv: lambda: plan_views.node_csv(node),
        OutputFormat.markdown: lambda: plan_views.node_markdown(node),
    })


def _find(plan: Plan, ref: str):
    node = plan.find(ref)
    if node is None:
        raise PlanInputError(plan.id, f"no section {ref!r} (see: plancli outline {plan.id})")
    return node


@app.command()
def schema(fmt: FormatOption = OutputFormat.json, output: OutputOption = None) -> None:
    """Print the JSON Schema of a parsed plan (the shape `plancli parse` writes).

    Example: plancli schema -o plan.schema.json
    """
    emit(fmt, output, {OutputFormat.json: lambda: to_json(Plan.model_json_schema())})


def main() -> None:
    app()


__all__ = ["app", "main"]
