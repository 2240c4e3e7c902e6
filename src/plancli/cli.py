"""The plancli command line: thin commands over the library, one renderer per format.

Exit codes: 0 success; 1 differences or findings (diff, check); 2 usage or input error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from plancli import __version__, render
from plancli.compare import compare_plans, summarize
from plancli.errors import PlanInputError
from plancli.extract.indicators import all_indicators
from plancli.extract.plan_targets import target_report
from plancli.extract.projects import summarize_projects
from plancli.model import Node, Plan
from plancli.query import query_plans, split_terms
from plancli.render import OutputFormat, UnsupportedFormat, check_output, emit, tabular, to_json
from plancli.render import compare as compare_views
from plancli.render import data as data_views
from plancli.render import plans as plan_views
from plancli.render import query as query_views
from plancli.store import data_dir, known_plans, load_plan, resolve
from plancli.tokens import plan_tokens, word_options
from plancli.views import list_plans, outline_of, parse_plans, select_table

EXIT_INPUT_ERROR = 2


class _Group(TyperGroup):
    """Turns input errors into one line on stderr and exit code 2, never a traceback."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (PlanInputError, UnsupportedFormat) as err:
            typer.echo(f"plancli: error: {err}", err=True)
            sys.exit(EXIT_INPUT_ERROR)
        except OSError as err:  # stdout closed or full
            typer.echo(f"plancli: error: {err.filename or 'stdout'}: {err.strerror}", err=True)
            sys.exit(EXIT_INPUT_ERROR)


app = typer.Typer(
    cls=_Group,
    name="plancli",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"plancli {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Analyze Chinese education plans (教育事业发展规划): parse, outline, show, compare."""


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
ExcelOption = Annotated[
    bool, typer.Option("--excel", help="CSV with a byte-order mark, so Excel opens the Chinese text as UTF-8.")
]
PlanArgument = Annotated[str, typer.Argument(help="Plan id in data/raw/ (e.g. huadu) or a file path.")]


@app.command()
def parse(
    plans: Annotated[list[str], typer.Argument(help="Plan ids or file paths.")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for <id>.json [default: data/parsed].")] = None,
    tokens: Annotated[bool, typer.Option("--tokens/--no-tokens",
                                         help="Also cut the words (jieba) into <id>.tokens.json.")] = True,
    data: DataOption = None,
    encoding: EncodingOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Parse plans into validated JSON (DIR/<id>.json) and cut their words once
    (DIR/<id>.tokens.json), byte-identical on re-run.

    Example: plancli parse huadu qingcheng --out data/parsed
    """
    if output is not None:
        check_output(output, [resolve(ref, data) for ref in plans])
    results = parse_plans(plans, out, data, encoding, tokens)
    emit(fmt, output, tabular(plan_views.PARSE_COLUMNS, plan_views.parse_rows(results),
                              json_value=results, title="Parsed", wrap=plan_views.PARSE_WRAP))


@app.command("plans")
def plans_command(data: DataOption = None, fmt: FormatOption = OutputFormat.table,
                  output: OutputOption = None) -> None:
    """List the plans in data/raw/ with title, district, period and counts.

    Example: plancli plans --format csv
    """
    if data is not None and not (data / "raw").is_dir():
        raise PlanInputError(str(data), "no raw/ folder of plans here")
    listings = list_plans(data)
    emit(fmt, output, tabular(plan_views.PLAN_COLUMNS, plan_views.plan_rows(listings),
                              json_value=listings, title="Plans", numeric=plan_views.PLAN_NUMERIC,
                              wrap=plan_views.PLAN_WRAP, labels=plan_views.PLAN_LABELS,
                              empty="No plans in data/raw/."), inputs=known_plans(data))


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
    loaded = load_plan(plan, data, encoding)
    tree = outline_of(loaded, depth)
    emit(fmt, output, {
        OutputFormat.table: lambda: plan_views.outline_tree(tree),
        OutputFormat.json: lambda: to_json(tree),
        OutputFormat.csv: lambda: plan_views.outline_csv(tree),
        OutputFormat.markdown: lambda: plan_views.outline_markdown(tree),
    }, inputs=_origins(loaded))


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
    }, inputs=_origins(loaded))


def _origins(*plans: Plan) -> list[Path]:
    """The files the plans were read from, so that no output overwrites one of them."""
    return [plan.origin for plan in plans if plan.origin is not None]


def _find(plan: Plan, ref: str) -> Node:
    node = plan.find(ref)
    if node is None:
        raise PlanInputError(plan.id, f"no section {ref!r} (see: plancli outline {plan.id})")
    return node


@app.command()
def indicators(
    plan: PlanArgument,
    data: DataOption = None,
    encoding: EncodingOption = None,
    excel: ExcelOption = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """The main-indicator table as typed indicators: unit, baseline, target, comparator.

    Example: plancli indicators huadu -f csv --excel -o indicators.csv
    """
    loaded = load_plan(plan, data, encoding)
    found = all_indicators(loaded)
    if not found:
        note = f"{loaded.id} has no indicator table; its targets are in the text: plancli targets {loaded.id}"
        if fmt is OutputFormat.table:
            emit(fmt, output, {OutputFormat.table: lambda: note}, inputs=_origins(loaded))
            return
        typer.echo(note, err=True)
    renderers = tabular(data_views.INDICATOR_COLUMNS, data_views.indicator_rows(found), json_value=found,
                        excel=excel)
    renderers[OutputFormat.table] = lambda: data_views.indicators_rich(found, f"{loaded.id}: indicators")
    emit(fmt, output, renderers, inputs=_origins(loaded))


@app.command()
def targets(
    plan: PlanArgument,
    section: Annotated[str | None, typer.Option("--section", "-s", help='Only this section, e.g. "五.（七）".')] = None,
    data: DataOption = None,
    encoding: EncodingOption = None,
    excel: ExcelOption = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Quantitative targets stated in the text (到2025年…达到95%以上), linked to the indicators
    they restate, with the pairs whose numbers or years disagree.

    Example: plancli targets qingcheng --format csv -o targets.csv
    """
    loaded = load_plan(plan, data, encoding)
    report = target_report(loaded, _find(loaded, section) if section else None)
    renderers = tabular(data_views.TARGET_COLUMNS, data_views.target_rows(report), json_value=report, excel=excel)
    renderers[OutputFormat.table] = lambda: data_views.targets_rich(report)
    emit(fmt, output, renderers, inputs=_origins(loaded))


@app.command()
def tables(
    plan: PlanArgument,
    index: Annotated[int | None, typer.Option("--index", "-n", min=1, help="Export the table with this number.")] = None,
    caption: Annotated[str | None, typer.Option("--caption", "-c", help="Export the table whose caption contains this.")] = None,
    data: DataOption = None,
    encoding: EncodingOption = None,
    excel: ExcelOption = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """List a plan's tables, or export one (--index N or --caption TEXT) with its cells as written.

    Example: plancli tables huadu --index 3 -f csv -o projects.csv
    """
    if index is not None and caption is not None:
        raise typer.BadParameter("give --index or --caption, not both", param_hint="--index/--caption")
    loaded = load_plan(plan, data, encoding)
    if index is None and caption is None:
        located = [(t, n.path if n else None) for t, n in loaded.located_tables()]
        emit(fmt, output, tabular(data_views.TABLE_LIST_COLUMNS, data_views.table_list_rows(located),
                                  json_value=[t for t, _ in located], title=f"{loaded.id}: tables",
                                  wrap=["caption"], excel=excel, empty=f"{loaded.id} has no tables."),
             inputs=_origins(loaded))
        return
    export = select_table(loaded, index, caption)
    table = export.table
    renderers = tabular(data_views.table_csv_header(table), table.rows, json_value=export, excel=excel)
    renderers[OutputFormat.table] = lambda: data_views.table_rich(table)
    renderers[OutputFormat.markdown] = lambda: data_views.table_markdown(table)
    emit(fmt, output, renderers, inputs=_origins(loaded))


@app.command()
def projects(
    plan: PlanArgument,
    data: DataOption = None,
    encoding: EncodingOption = None,
    excel: ExcelOption = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Construction projects: counts by 建设类型 and 学校类别, area and investment totals, years.

    Example: plancli projects huadu
    """
    loaded = load_plan(plan, data, encoding)
    summary = summarize_projects(loaded)
    emit(fmt, output, {
        OutputFormat.table: lambda: data_views.projects_rich(summary),
        OutputFormat.json: lambda: to_json(summary),
        OutputFormat.csv: lambda: render.to_csv(data_views.PROJECT_COLUMNS, data_views.project_rows(summary),
                                                excel=excel),
        OutputFormat.markdown: lambda: data_views.projects_markdown(summary),
    }, inputs=_origins(loaded))


@app.command()
def query(
    terms: Annotated[str, typer.Argument(
        metavar="TERM", help="The words to find, in one quoted argument: all must occur in one heading or "
                             "paragraph (any one with --any).")],
    plans: Annotated[list[str] | None, typer.Argument(
        metavar="PLAN", help="Plan ids or file paths [default: every plan in data/raw/].")] = None,
    any_term: Annotated[bool, typer.Option(
        "--any", help="Match headings and paragraphs holding any one of the words.")] = False,
    section: Annotated[str | None, typer.Option(
        "--section", "-s", help='Search only this section and what is under it, e.g. "五" or 5.7.')] = None,
    word: Annotated[bool, typer.Option(
        "--word", help="Only whole words (jieba tokens): 校长 then no longer matches inside 名校长.")] = False,
    data: DataOption = None,
    encoding: EncodingOption = None,
    excel: ExcelOption = False,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Find the headings and paragraphs holding words, grep-like, with the words highlighted.

    Matching is by substring, ignoring full-width/half-width and case. Exits 0 even when
    nothing matches (exit 1 is kept for the findings of diff and check).

    Example: plancli query "随迁子女 学位" huadu
    """
    words = split_terms(terms)
    if not words:
        raise typer.BadParameter("give at least one word to find", param_hint="TERM")
    refs = plans or [path.stem for path in known_plans(data)]
    if not refs:
        raise PlanInputError(str(data_dir(data) / "raw"), "no plans to search")
    loaded = [load_plan(ref, data, encoding) for ref in dict.fromkeys(refs)]
    result = query_plans(words, loaded, any_term=any_term, section=section, word=word, data=data)
    emit(fmt, output, {
        OutputFormat.table: lambda: query_views.query_rich(result),
        OutputFormat.json: lambda: to_json(result),
        OutputFormat.csv: lambda: query_views.query_csv(result, excel=excel),
        OutputFormat.markdown: lambda: query_views.query_markdown(result),
    }, inputs=_origins(*loaded))


DictOption = Annotated[
    Path | None, typer.Option("--dict", help="Your jieba dictionary (word [freq] [tag] per line) to cut with.")
]
StopwordsOption = Annotated[
    Path | None, typer.Option("--stopwords", help="Your stop words (one per line) to leave out of term counts.")
]


@app.command("summarize")
def summarize_command(
    plan: PlanArgument,
    user_dict: DictOption = None,
    stopwords: StopwordsOption = None,
    data: DataOption = None,
    encoding: EncodingOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Metadata, counts, top keywords and each top-level section's main themes.

    Example: plancli summarize qingcheng --format markdown -o qingcheng.md
    """
    loaded = load_plan(plan, data, encoding)
    lexicon, extra = word_options(user_dict, stopwords)
    summary = summarize(loaded, plan_tokens(loaded, data, lexicon), extra_stopwords=extra)
    sections = compare_views.summary_sections(summary)
    rows = [[s.path, s.title, "、".join(s.themes), " ".join(s.keywords)] for s in summary.sections]
    renderers = tabular(["path", "title", "themes", "keywords"], rows, json_value=summary)
    renderers[OutputFormat.table] = lambda: compare_views.sections_rich(sections)
    renderers[OutputFormat.markdown] = lambda: compare_views.sections_markdown(sections, summary.plan.title or plan)
    emit(fmt, output, renderers, inputs=_origins(loaded))


@app.command("compare")
def compare_command(
    plans: Annotated[list[str], typer.Argument(help="Two or more plan ids or file paths.")],
    docx: Annotated[Path | None, typer.Option("--docx", help="Also write the comparison as a Word report.")] = None,
    user_dict: DictOption = None,
    stopwords: StopwordsOption = None,
    data: DataOption = None,
    encoding: EncodingOption = None,
    fmt: FormatOption = OutputFormat.table,
    output: OutputOption = None,
) -> None:
    """Plans side by side: structure, aligned indicators, themes, policy instruments,
    distinctive and shared terms, special projects. CSV gives the aligned indicators.

    Example: plancli compare huadu qingcheng --docx comparison.docx
    """
    if len(plans) < 2:
        raise typer.BadParameter("compare needs two or more plans", param_hint="PLANS")
    loaded = [load_plan(ref, data, encoding) for ref in plans]
    if len({p.id for p in loaded}) < len(loaded):
        raise typer.BadParameter("each plan may be named once (plans are told apart by their ids)",
                                 param_hint="PLANS")
    lexicon, extra = word_options(user_dict, stopwords)
    comparison = compare_plans(loaded, {p.id: plan_tokens(p, data, lexicon) for p in loaded}, extra_stopwords=extra)
    sections = compare_views.comparison_sections(comparison)
    title = "Comparison: " + " · ".join(p.id for p in loaded)
    for target in (t for t in (docx, output) if t is not None):  # both checked before either is written
        check_output(target, _origins(*loaded))
    if docx:
        compare_views.write_docx(sections, title, docx)
    indicators = sections[2]
    renderers = tabular(indicators.columns, indicators.rows, json_value=comparison)
    renderers[OutputFormat.table] = lambda: compare_views.sections_rich(sections)
    renderers[OutputFormat.markdown] = lambda: compare_views.sections_markdown(sections, title)
    emit(fmt, output, renderers, inputs=_origins(*loaded))


@app.command()
def schema(fmt: FormatOption = OutputFormat.json, output: OutputOption = None) -> None:
    """Print the JSON Schema of a parsed plan (the shape `plancli parse` writes).

    Example: plancli schema -o plan.schema.json
    """
    emit(fmt, output, {OutputFormat.json: lambda: to_json(Plan.model_json_schema())})


def main() -> None:
    app()


__all__ = ["app", "main"]
