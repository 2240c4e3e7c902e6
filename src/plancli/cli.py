"""The plancli command line: typer only. Each command loads plans, calls one analysis and hands
its result to one View (plancli.render), which shows it in the format asked for.

The options every command shares (--data, --encoding, --format, --output, --excel) are declared
once, by `command`, and resolved into an `Io` the command body uses to load and to emit.
"""

from __future__ import annotations

import codecs
import contextlib
import inspect
import os
import sys
import warnings
from collections.abc import Callable, Iterable
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from plancli._version import __version__
from plancli.errors import (
    AmbiguousTable,
    CacheWarning,
    NoSuchSection,
    NoSuchTable,
    PlancliError,
    PlanInputError,
    validation_problems,
)
from plancli.files import DEFAULT_MAX_SIZE, check_output, format_size, parse_size, write_atomic
from plancli.render.formats import OutputFormat, UnsupportedFormat

# Each command imports its analysis and renderer when it runs, so that `plancli --help` and a
# command on a cached plan pay only for what they use (a test holds the import budget).
if TYPE_CHECKING:
    from plancli.analyses.check import CheckConfig
    from plancli.model import Plan
    from plancli.render.base import View
    from plancli.storage.batch import BatchReport
    from plancli.words.tokens import PlanTokens


def _is_validation_error(err: ValueError) -> bool:
    """Whether ERR is pydantic's ValidationError, told without importing pydantic at start-up
    (a command that raised one has imported it already)."""
    core = sys.modules.get("pydantic_core")
    return core is not None and isinstance(err, core.ValidationError)


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # diff: the plans differ; check: findings at the failing severity
    ERROR = 2  # usage or input error


def _advice(err: PlancliError) -> str:
    """The command or flag that helps with ERR, in the command line's words."""
    if isinstance(err, NoSuchSection):
        return f" (see: plancli outline {err.plan})"
    if isinstance(err, NoSuchTable):
        return f" (see: plancli tables {err.plan})"
    if isinstance(err, AmbiguousTable):
        return ": use --index"
    return ""


# A reader that closed the pipe (`plancli outline huadu | head -1`) ends plancli as SIGPIPE ends
# other Unix tools: quietly, with the status a shell reports for it (128 + 13), never 0.
BROKEN_PIPE_EXIT = 141


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """A CacheWarning as one line on stderr; other warnings as Python shows them."""
    if issubclass(category, CacheWarning):
        typer.echo(f"plancli: warning: {message}", err=True)
    else:
        _python_show_warning(message, category, *args, **kwargs)


_python_show_warning = warnings.showwarning


class _Group(TyperGroup):
    """Turns plancli's errors into one line on stderr and exit code 2, never a traceback, and
    cache warnings into one line each."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", CacheWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except PlancliError as err:
            typer.echo(f"plancli: error: {err}{_advice(err)}", err=True)
            sys.exit(ExitCode.ERROR)
        except UnsupportedFormat as err:
            typer.echo(f"plancli: error: {err}", err=True)
            sys.exit(ExitCode.ERROR)
        except BrokenPipeError:
            # Python would flush stdout again at exit and complain: point it at /dev/null.
            with open(os.devnull, "w") as devnull, contextlib.suppress(OSError, AttributeError, ValueError):
                os.dup2(devnull.fileno(), sys.stdout.fileno())
            sys.exit(BROKEN_PIPE_EXIT)
        except ValueError as err:
            if not _is_validation_error(err):
                raise
            # A model refused what it was given: say what, in plain words.
            typer.echo(f"plancli: error: {err.title}: {validation_problems(err)}", err=True)
            sys.exit(ExitCode.ERROR)
        except OSError as err:  # an error no plancli guard put in its words: still one line
            where = f"{err.filename}: " if err.filename else ""
            typer.echo(f"plancli: error: {where}{err.strerror or err}", err=True)
            sys.exit(ExitCode.ERROR)


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


# --- the shared options -------------------------------------------------------------------

_FORMAT_HELP = {OutputFormat.table: "table (for people)"}


class Io:
    """The shared options of one command run, and what they mean: where plans are found and
    how they are read, and where and how the result is written."""

    def __init__(self, data: Path | None, encoding: str | None, fmt: OutputFormat, output: Path | None,
                 excel: bool, max_size: int | None = None):
        self.data, self.encoding, self.fmt, self.output, self.excel = data, encoding, fmt, output, excel
        self.max_size = max_size or DEFAULT_MAX_SIZE
        self.read: list[Path] = []  # the plan files read, which no output may overwrite

    def load(self, ref: str) -> Plan:
        from plancli.storage.plans import load_plan

        plan = load_plan(ref, self.data, self.encoding, self.max_size)
        if plan.origin is not None:
            self.read.append(plan.origin)
        return plan

    def load_all(self, refs: Iterable[str]) -> list[Plan]:
        return [self.load(ref) for ref in refs]

    def word_options(self, user_dict: Path | None, stopwords: Path | None) -> tuple[Any, frozenset[str]]:
        """(lexicon, extra stop words) from the user's word lists, which no output may overwrite."""
        from plancli.words.tokens import word_options

        self.read += [path for path in (user_dict, stopwords) if path is not None]
        return word_options(user_dict, stopwords)

    def tokens(self, plan: Plan, lexicon: Any = None) -> PlanTokens:
        from plancli.storage.tokens import plan_tokens

        return plan_tokens(plan, self.data, lexicon)

    def check_output(self, target: Path | None, inputs: Iterable[Path] = ()) -> None:
        if target is not None:
            check_output(target, [*self.read, *inputs])

    def emit(self, view: View, inputs: Iterable[Path] = ()) -> None:
        from plancli.render.base import emit

        emit(view, self.fmt, self.output, inputs=[*self.read, *inputs], excel=self.excel)

    def write(self, target: Path, data: bytes) -> None:
        """Write an extra output (--docx, --write-baseline), never onto a file read."""
        write_atomic(target, data, self.read)


def _format_checker(formats: list[OutputFormat]) -> Callable[[str], OutputFormat]:
    """Turns --format's text into an OutputFormat this command renders, or says which there are."""

    def check(value: str) -> OutputFormat:
        fmt = next((f for f in formats if f.value == value), None)
        if fmt is None:
            names = ", ".join(f.value for f in formats)
            raise UnsupportedFormat(f"--format {value} is not available here (choose from {names})")
        return fmt

    return check


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from None


def _shared_parameters(formats: list[OutputFormat], reads_plans: bool,
                       default: OutputFormat) -> list[inspect.Parameter]:
    names = ", ".join(_FORMAT_HELP.get(f, f.value) for f in formats)

    def option(name: str, annotation: Any, value: Any) -> inspect.Parameter:
        return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=value)

    shared = []
    if reads_plans:
        shared += [
            option("data", Annotated[Path | None, typer.Option(
                "--data", envvar="PLANCLI_DATA", help="Data folder holding raw/ and parsed/ [default: ./data].")],
                None),
            option("encoding", Annotated[str | None, typer.Option(
                "--encoding", help="Source encoding, overriding detection (e.g. gb18030).")], None),
            option("max_size", Annotated[int | None, typer.Option(
                "--max-size", metavar="SIZE", parser=_size,
                help=f"Refuse a plan file, or a Word file's unpacked text, larger than this (e.g. 500M, 2G) "
                     f"[default: {format_size(DEFAULT_MAX_SIZE).replace(' ', '')}].")], None),
        ]
    shared += [
        option("fmt", Annotated[str, typer.Option(
            "--format", "-f", metavar="[" + "|".join(f.value for f in formats) + "]",
            callback=_format_checker(formats), help=f"Output format: {names}.")], default.value),
        option("output", Annotated[Path | None, typer.Option(
            "--output", "-o", help="Write to this file (atomically) instead of stdout.")], None),
        option("excel", Annotated[bool, typer.Option(
            "--excel", help="CSV with a byte-order mark, so Excel opens the Chinese text as UTF-8.")], False),
    ]
    return shared


TABULAR = "table json csv markdown"
# The View each command emits ("module:class") and its formats, named here so that registering
# the commands imports no renderer (tests/test_startup.py checks them against the View itself).
COMMAND_VIEWS: dict[str, tuple[str, str]] = {}


def command(name: str, view: str, formats: str = TABULAR, *, reads_plans: bool = True,
            default: OutputFormat = OutputFormat.table) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register BODY as the command NAME with the shared options added to its own.

    BODY takes an `Io` first, then its own parameters; VIEW ("plancli.render.outline:OutlineView")
    is the View it emits and FORMATS (space-separated) that View's formats, the choices of --format.
    """
    COMMAND_VIEWS[name] = (view, formats)

    def register(body: Callable[..., None]) -> Callable[..., None]:
        own = list(inspect.signature(body, eval_str=True).parameters.values())[1:]
        parameters = own + _shared_parameters([OutputFormat(f) for f in formats.split()], reads_plans, default)

        def run(**options: Any) -> None:
            fmt = options.pop("fmt")
            shared = {key: options.pop(key, None) for key in ("data", "encoding", "output", "max_size")}
            body(Io(fmt=fmt, excel=options.pop("excel"), **shared), **options)

        run.__name__, run.__doc__ = body.__name__, body.__doc__
        run.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        app.command(name)(run)
        return body

    return register


PlanArgument = Annotated[str, typer.Argument(help="Plan id in data/raw/ (e.g. huadu), a file path, or - (stdin).")]
DictOption = Annotated[
    Path | None, typer.Option("--dict", help="Your jieba dictionary (word [freq] [tag] per line) to cut with.")
]
StopwordsOption = Annotated[
    Path | None, typer.Option("--stopwords", help="Your stop words (one per line) to leave out of term counts.")
]


# --- commands -------------------------------------------------------------------------------


@command("parse", "plancli.render.plans:ParseView")
def parse(
    io: Io,
    plans: Annotated[list[str], typer.Argument(
        help="Plan ids, files, folders (searched recursively), quoted globs ('corpus/**/*.txt') or - (stdin).")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for <id>.json [default: data/parsed].")] = None,
    tokens: Annotated[bool, typer.Option("--tokens/--no-tokens",
                                         help="Also cut the words now (jieba) into <id>.tokens.json; by default "
                                              "the first command that needs them cuts and caches them.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="Worker processes [default: every core].")] = None,
) -> None:
    """Parse plans into validated JSON (DIR/<id>.json, byte-identical on re-run) and the corpus
    store (data/plans.db), skipping files whose bytes are already stored. A file that cannot
    be parsed is reported at the end with its reason (exit 2); the others are written.

    Example: plancli parse data/raw corpus/ 'drafts/**/*.docx' -j 4
    """
    from plancli.render.progress import batch_progress
    from plancli.storage.batch import expand_sources, parse_batch, total_size

    sources = expand_sources(plans, io.data)
    io.check_output(io.output, sources)
    with batch_progress(len(sources), total_size(sources)) as advance:
        report = parse_batch(plans, out, io.data, io.encoding, tokens, jobs, progress=advance, sources=sources,
                             max_size=io.max_size)
    _emit_batch(io, report, sources)


def _emit_batch(io: Io, report: BatchReport, sources: list[Path]) -> None:
    """The results of a batch, then each failure as one line on stderr (exit 2 if any)."""
    from plancli.render.plans import ParseView

    if report.results:
        io.emit(ParseView(report.results), sources)
    for failure in report.failures:
        typer.echo(f"plancli: error: {failure.reason}", err=True)
    if report.failures:
        raise typer.Exit(ExitCode.ERROR)


@command("index", "plancli.render.corpus:StoreView")
def index(
    io: Io,
    plans: Annotated[list[str] | None, typer.Argument(
        metavar="[PATH]...", help="Plan ids, files, folders or globs [default: data/raw/ and every file "
                                  "the store holds].")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1,
                                             help="Worker processes [default: every core].")] = None,
) -> None:
    """Rebuild the corpus store (data/plans.db) from scratch: tidy tables of plans, sections,
    passages, tables and cells, indicators, targets and projects, and the full-text index
    query uses. Written beside the old store and renamed over it.

    Example: plancli index -j 2
    """
    from plancli.render.corpus import StoreView
    from plancli.render.progress import batch_progress
    from plancli.storage.batch import expand_sources, rebuild_store, total_size
    from plancli.storage.store import Store, store_path

    sources = expand_sources(plans, io.data) if plans else None
    with batch_progress(len(sources or []), total_size(sources or [])) as advance:
        report = rebuild_store(data=io.data, encoding=io.encoding, jobs=jobs, progress=advance, sources=sources,
                               max_size=io.max_size)
    for failure in report.failures:
        typer.echo(f"plancli: error: {failure.reason}", err=True)
    with Store(store_path(io.data), writable=False) as store:
        io.emit(StoreView(store.counts(), f"{store.path}: {len(report.results)} plans"))
    if report.failures:
        raise typer.Exit(ExitCode.ERROR)


@command("export", "plancli.render.corpus:ExportView", "csv sqlite", default=OutputFormat.csv)
def export(
    io: Io,
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write the tables into.")],
) -> None:
    """Write the corpus store's tidy tables for R, pandas or Excel: one CSV per table
    (DIR/<table>.csv, UTF-8; --excel adds the byte-order mark Excel needs), or the whole store as
    one SQLite file (DIR/plans.db). Run `plancli parse` or `plancli index` first.

    Example: plancli export exports/ --format csv --excel
    """
    from plancli.render.corpus import ExportView, write_csv_tables
    from plancli.storage.store import STORE_NAME, TABLES, Store, store_path

    path = store_path(io.data)
    if not path.is_file():
        raise PlanInputError(str(path), "no plan store here: run `plancli parse` or `plancli index` first")
    with Store(path, writable=False) as store:
        if io.fmt is OutputFormat.sqlite:
            store.backup_to(directory / STORE_NAME)
            written = [(name, count, str(directory / STORE_NAME)) for name, count in store.counts().items()]
        else:
            written = write_csv_tables(((name, *store.table_rows(name)) for name in TABLES), directory, io.excel)
    io.emit(ExportView(written))


@command("plans", "plancli.render.plans:PlansView")
def plans_command(io: Io) -> None:
    """List the plans in data/raw/ with title, district, period and counts.

    Example: plancli plans --format csv
    """
    from plancli.render.plans import PlansView
    from plancli.storage.batch import list_plans
    from plancli.storage.plans import known_plans

    if io.data is not None and not (io.data / "raw").is_dir():
        raise PlanInputError(str(io.data), "no raw/ folder of plans here")
    io.emit(PlansView(list_plans(io.data, io.encoding, io.max_size)), known_plans(io.data))


@command("outline", "plancli.render.outline:OutlineView")
def outline(
    io: Io,
    plan: PlanArgument,
    depth: Annotated[int | None, typer.Option("--depth", "-d", min=1, help="Show this many levels.")] = None,
) -> None:
    """Show a plan's numbered section tree.

    Example: plancli outline qingcheng --depth 2
    """
    from plancli.analyses.outline import outline_of
    from plancli.render.outline import OutlineView

    io.emit(OutlineView(outline_of(io.load(plan), depth)))


@command("show", "plancli.render.show:SectionView")
def show(
    io: Io,
    plan: PlanArgument,
    ref: Annotated[str, typer.Argument(help='Section as "三.（一）.2" or "3.1.2"; annexes as 附件1 or A1.')],
) -> None:
    """Print one section with its paragraphs, tables and subsections.

    Example: plancli show huadu 3.1.2
    """
    from plancli.analyses.outline import find_section
    from plancli.render.show import SectionView

    io.emit(SectionView(find_section(io.load(plan), ref)))


@command("indicators", "plancli.render.indicators:IndicatorsView")
def indicators(io: Io, plan: PlanArgument) -> None:
    """The main-indicator table as typed indicators: unit, baseline, target, comparator.

    Example: plancli indicators huadu -f csv --excel -o indicators.csv
    """
    from plancli.extract.indicators import all_indicators
    from plancli.render.indicators import IndicatorsView

    loaded = io.load(plan)
    view = IndicatorsView(all_indicators(loaded), loaded.id)
    if not view.indicators and io.fmt is not OutputFormat.table:
        typer.echo(view.empty, err=True)
    io.emit(view)


@command("targets", "plancli.render.targets:TargetsView")
def targets(
    io: Io,
    plan: PlanArgument,
    section: Annotated[str | None, typer.Option("--section", "-s", help='Only this section, e.g. "五.（七）".')] = None,
) -> None:
    """Quantitative targets stated in the text (到2025年…达到95%以上), linked to the indicators
    they restate, with the pairs whose numbers or years disagree.

    Example: plancli targets qingcheng --format csv -o targets.csv
    """
    from plancli.analyses.outline import find_section
    from plancli.extract.targets import target_report
    from plancli.render.targets import TargetsView

    loaded = io.load(plan)
    io.emit(TargetsView(target_report(loaded, find_section(loaded, section) if section else None)))


@command("tables", "plancli.render.tables:TableExportView")
def tables(
    io: Io,
    plan: PlanArgument,
    index: Annotated[int | None, typer.Option(
        "--index", "-n", min=1, help="Export the table with this number.")] = None,
    caption: Annotated[str | None, typer.Option(
        "--caption", "-c", help="Export the table whose caption contains this.")] = None,
) -> None:
    """List a plan's tables, or export one (--index N or --caption TEXT) with its cells as written.

    Example: plancli tables huadu --index 3 -f csv -o projects.csv
    """
    from plancli.analyses.tables import select_table
    from plancli.render.tables import TableExportView, TableListView

    if index is not None and caption is not None:
        raise typer.BadParameter("give --index or --caption, not both", param_hint="--index/--caption")
    loaded = io.load(plan)
    if index is None and caption is None:
        io.emit(TableListView(loaded))
    else:
        io.emit(TableExportView(select_table(loaded, index, caption)))


@command("projects", "plancli.render.projects:ProjectsView")
def projects(io: Io, plan: PlanArgument) -> None:
    """Construction projects: counts by 建设类型 and 学校类别, area and investment totals, years.

    Example: plancli projects huadu
    """
    from plancli.extract.projects import summarize_projects
    from plancli.render.projects import ProjectsView

    io.emit(ProjectsView(summarize_projects(io.load(plan))))


@command("query", "plancli.render.query:QueryView")
def query(
    io: Io,
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
) -> None:
    """Find the headings and paragraphs holding words, grep-like, with the words highlighted.

    Matching is by substring, ignoring full-width/half-width and case. Exits 0 even when
    nothing matches (exit 1 is kept for the findings of diff and check).

    Example: plancli query "随迁子女 学位" huadu
    """
    from plancli.analyses.query import query_plans, split_terms
    from plancli.render.query import QueryView
    from plancli.storage.plans import data_dir, known_plans, resolve
    from plancli.storage.store import stored_query

    words = split_terms(terms)
    if not words:
        raise typer.BadParameter("give at least one word to find", param_hint="TERM")
    refs = plans or [str(path) for path in known_plans(io.data)]  # paths: resolving N ids would list raw/ N times
    if not refs:
        raise PlanInputError(str(data_dir(io.data) / "raw"), "no plans to search")
    if not word and io.encoding is None:  # the store answers with the same hits, without reading every plan
        paths = [resolve(ref, io.data) for ref in dict.fromkeys(refs)]
        result = stored_query(words, paths, io.data, any_term=any_term, section=section, max_size=io.max_size)
        if result is not None:
            io.read += paths
            io.emit(QueryView(result))
            return
    loaded = io.load_all(dict.fromkeys(refs))
    tokens = {p.id: io.tokens(p) for p in loaded} if word else None
    io.emit(QueryView(query_plans(words, loaded, any_term=any_term, section=section, word=word, tokens=tokens)))


@command("summarize", "plancli.render.summarize:SummaryView")
def summarize_command(
    io: Io,
    plans: Annotated[list[str] | None, typer.Argument(
        metavar="PLAN", help="Plan ids or file paths [default: every plan in data/raw/].")] = None,
    user_dict: DictOption = None,
    stopwords: StopwordsOption = None,
) -> None:
    """Metadata, counts, top keywords and each top-level section's main themes. With several
    plans, one row per plan (CSV: the counts and top keywords of each; JSON: every summary).

    Example: plancli summarize qingcheng --format markdown -o qingcheng.md
    """
    from plancli.analyses.summarize import summarize
    from plancli.render.summarize import SummariesView, SummaryView
    from plancli.storage.plans import data_dir, known_plans

    refs = plans or [str(path) for path in known_plans(io.data)]  # paths: resolving N ids would list raw/ N times
    if not refs:
        raise PlanInputError(str(data_dir(io.data) / "raw"), "no plans to summarize")
    loaded = io.load_all(dict.fromkeys(refs))
    lexicon, extra = io.word_options(user_dict, stopwords)
    summaries = [summarize(plan, io.tokens(plan, lexicon), extra_stopwords=extra) for plan in loaded]
    io.emit(SummaryView(summaries[0]) if len(summaries) == 1 else SummariesView(summaries))


@command("compare", "plancli.render.compare:ComparisonView")
def compare_command(
    io: Io,
    plans: Annotated[list[str], typer.Argument(help="Two or more plan ids or file paths.")],
    docx: Annotated[Path | None, typer.Option("--docx", help="Also write the comparison as a Word report.")] = None,
    user_dict: DictOption = None,
    stopwords: StopwordsOption = None,
) -> None:
    """Plans side by side: structure, aligned indicators, themes, policy instruments,
    distinctive and shared terms, special projects. CSV gives the aligned indicators.

    Example: plancli compare huadu qingcheng --docx comparison.docx
    """
    from plancli.analyses.compare import compare_plans
    from plancli.render.compare import ComparisonView

    if len(plans) < 2:
        raise typer.BadParameter("compare needs two or more plans", param_hint="PLANS")
    loaded = io.load_all(plans)
    if len({p.id for p in loaded}) < len(loaded):
        raise typer.BadParameter("each plan may be named once (plans are told apart by their ids)",
                                 param_hint="PLANS")
    lexicon, extra = io.word_options(user_dict, stopwords)
    view = ComparisonView(compare_plans(loaded, {p.id: io.tokens(p, lexicon) for p in loaded},
                                        extra_stopwords=extra))
    for target in (docx, io.output):  # both checked before either is written
        io.check_output(target)
    if docx:
        io.write(docx, view.docx())
    io.emit(view)


@command("diff", "plancli.render.diff:DiffView", "table json markdown")
def diff(
    io: Io,
    old: Annotated[str, typer.Argument(help="The earlier version: a plan id or a file (.txt, .docx).")],
    new: Annotated[str, typer.Argument(help="The later version: a plan id or a file (.txt, .docx).")],
    docx: Annotated[Path | None, typer.Option(
        "--docx", help="Also write a 修订对照表 (章节 / 原文 / 修改后 / 说明) as a Word document.")] = None,
    stat: Annotated[bool, typer.Option("--stat", help="Only the counts of each kind of change.")] = False,
    ignore_space: Annotated[bool, typer.Option(
        "--ignore-space", help="Differences in spaces alone are no difference.")] = False,
    ignore_width: Annotated[bool, typer.Option(
        "--ignore-width", help="Full- and half-width forms are the same: （一） = (一), ， = ,.")] = False,
    context: Annotated[int | None, typer.Option(
        "--context", min=0, help="Words kept around each edit (all when not given).")] = None,
) -> None:
    """What changed between two versions of a plan, by content: sections added, removed,
    moved, retitled, renumbered (one record per shifted run), words edited, table rows and
    cells, indicators, prose targets, boxes and metadata. Exit 0 when they say the same, 1 when
    they differ, 2 on error, like diff(1).

    Example: plancli diff 征求意见稿.txt 送审稿.docx --format markdown --docx 修订对照表.docx
    """
    from plancli.analyses.diff import DiffOptions, diff_plans
    from plancli.render.diff import DiffStatView, DiffView
    from plancli.storage.tokens import CutMemo

    options = DiffOptions(ignore_space=ignore_space, ignore_width=ignore_width, context=context)
    plans = [io.load(old), io.load(new)]
    memo = CutMemo(io.data, plans)
    result = diff_plans(*plans, options, tokenize=memo.tokenize)
    memo.save()
    view = DiffStatView(result) if stat else DiffView(result)
    io.check_output(docx)
    io.emit(view)
    if docx:
        io.write(docx, view.docx())
    raise typer.Exit(ExitCode.OK if result.identical else ExitCode.FINDINGS)


def _selectors(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def _check_config(plans: list[Plan], select: str | None, ignore: str | None, strict: bool) -> CheckConfig:
    """The configuration found upward from the first plan's folder, with the flags on top."""
    from plancli.analyses.check import CheckConfig, load_config

    origin = next((p.origin for p in plans if p.origin is not None), None)
    config = load_config(origin.parent if origin else Path.cwd())
    update: dict[str, Any] = {"strict": strict or config.strict}
    if select:
        update["select"] = _selectors(select)
    if ignore:
        update["ignore"] = [*config.ignore, *_selectors(ignore)]
    return CheckConfig.model_validate({**config.model_dump(), **update})


@command("check", "plancli.render.check:CheckView", "table json markdown github sarif")
def check(
    io: Io,
    plans: Annotated[list[str] | None, typer.Argument(
        metavar="PLAN", help="Plan ids or file paths [default: every plan in data/raw/].")] = None,
    select: Annotated[str | None, typer.Option(
        "--select", help="Only these rules: ids, prefixes or families, comma-separated (NUM,TXT001).")] = None,
    ignore: Annotated[str | None, typer.Option(
        "--ignore", help="Leave out these rules (ids, prefixes or families, comma-separated).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Report only findings not recorded in this baseline file.")] = None,
    write_baseline: Annotated[Path | None, typer.Option(
        "--write-baseline", help="Record today's findings in this file (by rule, section and text).")] = None,
    rules: Annotated[bool, typer.Option("--rules", help="List every rule and exit.")] = False,
) -> None:
    """Lint plans: numbering gaps and repeats, bracket and level slips, empty headings, annex
    lists and titles, doubled characters and punctuation, counts, sums and targets that
    disagree with the tables, converter debris. Exit 1 on errors (--strict: warnings too).

    Configure in pyproject.toml [tool.plancli.check] or plancli.toml (select, ignore,
    severity, strict), found upward from the plan like ruff's.

    Example: plancli check data/raw/*.txt --format github
    """
    from plancli.analyses.check import baseline_json, check_plans, exit_code, load_baseline
    from plancli.files import append_text, read_text
    from plancli.render.check import CheckView, RulesView
    from plancli.storage.plans import data_dir, known_plans, source_text
    from plancli.storage.tokens import CutMemo

    if rules:
        io.emit(RulesView())
        return
    refs = plans or [str(path) for path in known_plans(io.data)]  # paths: resolving N ids would list raw/ N times
    if not refs:
        raise PlanInputError(str(data_dir(io.data) / "raw"), "no plans to check")
    loaded = io.load_all(dict.fromkeys(refs))
    config = _check_config(loaded, select, ignore, strict)
    known = load_baseline(read_text(baseline), str(baseline)) if baseline else None
    io.read += [baseline] if baseline else []
    memo = CutMemo(io.data, loaded)
    report = check_plans([(plan, source_text(plan, io.max_size)) for plan in loaded], config, known,
                         tokenize=memo.tokenize, dictionary=memo.is_word)
    memo.save()
    io.check_output(write_baseline)
    io.emit(CheckView(report))
    if write_baseline:
        io.write(write_baseline, baseline_json(report).encode("utf-8"))
    if io.fmt is OutputFormat.github and (summary_file := os.environ.get("GITHUB_STEP_SUMMARY")):
        append_text(Path(summary_file), CheckView(report).step_summary() or "", io.read)
    raise typer.Exit(exit_code(report, config.strict))


@command("schema", "plancli.render.plans:SchemaView", "json", reads_plans=False, default=OutputFormat.json)
def schema(io: Io) -> None:
    """Print the JSON Schema of a parsed plan (the shape `plancli parse` writes).

    Example: plancli schema -o plan.schema.json
    """
    from plancli.model import Plan
    from plancli.render.plans import SchemaView

    io.emit(SchemaView(Plan.model_json_schema()))


def main() -> None:
    _utf8_streams()
    app()


def _utf8_streams() -> None:
    """Write stdout and stderr as UTF-8 whatever the locale or PYTHONIOENCODING says: Chinese
    text in latin-1 or ASCII would fail on its first character (help included)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if hasattr(stream, "reconfigure") and codecs.lookup(encoding).name != "utf-8":
            stream.reconfigure(encoding="utf-8", errors=stream.errors)


__all__ = ["ExitCode", "app", "main"]
