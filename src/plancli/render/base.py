"""The shared base of every renderer: the output formats, the View interface, and `emit`.

An analysis returns a pydantic model; a View shows it in each format it has a method for
(`table` for people, `json`, `csv`, `markdown`, and CI formats where they apply). JSON comes
from the model itself, with Chinese unescaped and keys in the model's order. `emit` renders one
format and writes it to stdout or, atomically, to a file, the same way for every command.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table as RichTable
from rich.text import Text

from plancli.errors import OutputError
from plancli.files import check_output, json_text, write_atomic
from plancli.render.formats import OutputFormat, UnsupportedFormat

DEFAULT_WIDTH = 100
EXCEL_BOM = "\ufeff"


def heading_counts_text(counts: dict[int, int]) -> str:
    """Headings per level as one cell: {1: 6, 2: 33} → "6/33"."""
    return "/".join(str(counts[level]) for level in sorted(counts))


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# Widths a table can be laid out in: $COLUMNS beyond them is taken as the nearest one.
MIN_WIDTH, MAX_WIDTH = 20, 1000


def columns() -> int | None:
    """The width $COLUMNS asks for, within MIN_WIDTH..MAX_WIDTH; None when it is unset or not a
    positive number (COLUMNS=abc, 0, -5): then the terminal's width, or DEFAULT_WIDTH, is used."""
    digits = os.environ.get("COLUMNS", "").strip().lstrip("0")
    if not (digits.isascii() and digits.isdigit()):  # also "" (unset or all zeros)
        return None
    return max(MIN_WIDTH, min(MAX_WIDTH, int(digits) if len(digits) < 6 else MAX_WIDTH))


def console(**kwargs: Any) -> Console:
    """A console for stdout; its width follows $COLUMNS (tests pin it) or the terminal."""
    # Width and height are always given, so rich reads neither $COLUMNS nor $LINES itself
    # (it would take COLUMNS=0 for a width, and fail on thousands of digits).
    width = columns() or max(MIN_WIDTH, min(MAX_WIDTH, _terminal_width()))
    return _StdoutConsole(highlight=False, soft_wrap=False, width=width, height=_HEIGHT, **kwargs)


_HEIGHT = 25  # rich's own default; plancli prints nothing that fills a screen


def _terminal_width() -> int:
    """The width of the terminal on stdin, stdout or stderr (as rich looks for it), else 80."""
    for descriptor in (0, 1, 2):
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (OSError, ValueError):
            continue
    return 80


class _StdoutConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 itself; a closed pipe ends every output the one way (see write_stdout).
        raise BrokenPipeError


def rich_to_text(renderable: RenderableType, width: int | None = None) -> str:
    """Plain text of a rich renderable, as it would show in a terminal WIDTH columns wide."""
    width = width or columns() or DEFAULT_WIDTH
    buffer = io.StringIO()
    Console(file=buffer, width=width, height=_HEIGHT, color_system=None, highlight=False).print(renderable)
    return buffer.getvalue()


# --- JSON -------------------------------------------------------------------------------


def to_jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    return value


def to_json(value: Any) -> str:
    """JSON with Chinese unescaped, keys in the order the model defines, newline at the end
    (strict: never NaN or Infinity, see plancli.files.json_text)."""
    return json_text(to_jsonable(value))


# --- tabular ----------------------------------------------------------------------------

# Spreadsheets run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A comparator on its own ("=", ">=") is a value, not a formula: there is nothing to run.
_OPERATOR_ONLY = re.compile(r"^[=<>+\-]{1,2}$")


def csv_cell(value: Any) -> str:
    """VALUE as a CSV cell that no spreadsheet runs: text starting with =, +, -, @, a TAB or a
    carriage return gets a leading apostrophe (numbers such as -3.5 and lone comparators stay)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _is_number(text) and not _OPERATOR_ONLY.match(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def to_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """UTF-8 CSV with a header row; cells that would run as formulas are neutralized.

    (`emit` adds the byte-order mark that --excel asks for.)
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # The header is neutralized too: a table's header row is the plan's text, as its cells are.
    writer.writerows([csv_cell(cell) for cell in row] for row in [columns, *rows])
    return buffer.getvalue()


def _markdown_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", "<br>")


def to_markdown_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(_markdown_cell(c) for c in columns) + " |",
             "|" + "|".join(" --- " for _ in columns) + "|"]
    lines += ["| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def to_rich_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, title: str | None = None,
                  numeric: Sequence[str] = (), wrap: Sequence[str] = (),
                  labels: dict[str, str] | None = None, optional: Sequence[str] = ()) -> RenderableType:
    """A rich table. Columns named in WRAP take the spare width and wrap; the others stay on
    one line (Chinese text wrapped into two-character columns is unreadable). With WRAP empty,
    every column may wrap. When the table does not fit, the OPTIONAL columns are left out, in
    that order, before any one-line column is cut."""
    cells = [["" if cell is None else cell if isinstance(cell, Text) else str(cell) for cell in row] for row in rows]

    def build(widths: dict[str, int], dropped: frozenset[str] = frozenset()) -> RichTable:
        table = RichTable(title=title, box=box.SIMPLE_HEAD, header_style="bold cyan", title_style="bold")
        shown = [i for i, column in enumerate(columns) if column not in dropped]
        for column in (columns[i] for i in shown):
            keep_whole = bool(wrap) and column not in wrap
            table.add_column(
                (labels or {}).get(column, column),
                justify="right" if column in numeric else "left",
                no_wrap=keep_whole,
                overflow="ellipsis" if keep_whole else "fold",
                width=widths.get(column),
            )
        for row in cells:
            table.add_row(*(row[i] for i in shown))
        return table

    if not wrap:
        return build({})
    natural = {column: max([cell_len(str(labels.get(column, column) if labels else column))]
                           + [cell_len(line) for row in cells for line in str(row[i]).split("\n")])
               for i, column in enumerate(columns)}
    return _FittedTable(build, natural, list(wrap), list(optional))


# Per column: one space of padding on either side and a separator; one more for the edge.
_COLUMN_OVERHEAD = 3
_TABLE_OVERHEAD = 1
_MIN_WRAP_WIDTH = 8
# Optional columns give way until the wrapping columns get this much (five Chinese characters).
_READABLE_WRAP_WIDTH = 10


class _FittedTable:
    """A table laid out for the width it is printed at: when it does not fit, the columns that
    may wrap get what the one-line columns leave, so they are never squeezed to nothing."""

    def __init__(self, build: Callable[[dict[str, int], frozenset[str]], RichTable], natural: dict[str, int],
                 wrap: list[str], optional: list[str]):
        self.build, self.natural, self.wrap, self.optional = build, natural, wrap, optional

    def _table(self, width: int) -> RichTable:
        needed = sum(self.natural.values()) + _COLUMN_OVERHEAD * len(self.natural) + _TABLE_OVERHEAD
        if needed <= width:
            return self.build({}, frozenset())
        dropped: set[str] = set()
        for column in [None, *self.optional]:
            if column:
                dropped.add(column)
            shown = {c: w for c, w in self.natural.items() if c not in dropped}
            fixed = sum(w for c, w in shown.items() if c not in self.wrap)
            spare = width - fixed - _COLUMN_OVERHEAD * len(shown) - _TABLE_OVERHEAD
            if spare >= _READABLE_WRAP_WIDTH * len(self.wrap):
                break
        share = max(_MIN_WRAP_WIDTH, spare // len(self.wrap))
        return self.build({c: min(share, self.natural[c]) for c in self.wrap}, frozenset(dropped))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._table(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._table(options.max_width))


Rendered = str | RenderableType


class View:
    """A result shown in every format it has a method for: `table`, `json`, `csv`, `markdown`,
    `github`, `sarif`. JSON is the model itself unless a subclass says otherwise."""

    def __init__(self, value: Any):
        self.value = value

    @classmethod
    def formats(cls) -> list[OutputFormat]:
        """The formats this kind of View renders: those it has a method for."""
        return [fmt for fmt in OutputFormat if callable(getattr(cls, fmt.value, None))]

    def renderer(self, fmt: OutputFormat) -> Callable[[], Rendered]:
        """The method that renders FMT, or UnsupportedFormat naming the formats there are."""
        method: Callable[[], Rendered] | None = getattr(self, fmt.value, None)
        if method is None:
            names = ", ".join(f.value for f in self.formats())
            raise UnsupportedFormat(f"--format {fmt.value} is not available here (choose from {names})")
        return method

    def render(self, fmt: OutputFormat) -> Rendered:
        return self.renderer(fmt)()

    def json(self) -> str:
        return to_json(self.value)


class TableView(View):
    """A result that is a table of rows: JSON gets JSON_VALUE (the models themselves)."""

    def __init__(self, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, json_value: Any,
                 title: str | None = None, numeric: Sequence[str] = (), wrap: Sequence[str] = (),
                 labels: dict[str, str] | None = None, empty: str | None = None, optional: Sequence[str] = ()):
        super().__init__(json_value)
        self.columns, self.rows = columns, rows
        self.title, self.numeric, self.wrap, self.labels, self.empty = title, numeric, wrap, labels, empty
        self.optional = optional

    def table(self) -> Rendered:
        if not self.rows and self.empty:
            return self.empty
        return to_rich_table(self.columns, self.rows, title=self.title, numeric=self.numeric, wrap=self.wrap,
                             labels=self.labels, optional=self.optional)

    def csv(self) -> str:
        return to_csv(self.columns, self.rows)

    def markdown(self) -> str:
        return to_markdown_table(self.columns, self.rows)


def emit(view: View, fmt: OutputFormat, output: Path | None = None, *, inputs: Iterable[Path] = (),
         excel: bool = False) -> None:
    """Render VIEW as FMT and write it to OUTPUT (atomically) or stdout.

    The format and the output are checked before anything is rendered; OUTPUT may not be one
    of the INPUTS (the plan files read): that would destroy a plan. EXCEL puts a byte-order
    mark before CSV, so Excel opens the Chinese text as UTF-8.
    """
    renderer = view.renderer(fmt)
    if output is not None:
        check_output(output, inputs)
    rendered = renderer()
    if isinstance(rendered, str):
        if fmt is OutputFormat.csv and excel:
            rendered = EXCEL_BOM + rendered
        if output is None:
            write_stdout(rendered if rendered.endswith("\n") else rendered + "\n")
        else:
            write_atomic(output, rendered.encode("utf-8"), inputs)
        return
    if output is None:
        with _utf8_stdout() as stream:
            console(file=stream).print(rendered)
    else:
        write_atomic(output, rich_to_text(rendered).encode("utf-8"), inputs)


def write_stdout(text: str) -> None:
    """Write TEXT to stdout as UTF-8 whatever the locale says (PYTHONIOENCODING=latin-1 cannot
    hold Chinese), and flush, so a full disk or a closed pipe shows now: an OutputError naming
    stdout, or BrokenPipeError, which the command line ends quietly on."""
    with _utf8_stdout() as stream:
        stream.write(text)


@contextlib.contextmanager
def _utf8_stdout() -> Iterator[TextIO]:
    stream = sys.stdout
    if stream is None:  # started with stdout closed (>&-): nothing can be shown
        raise OutputError("stdout", "is closed: nothing can be written")
    buffer = getattr(stream, "buffer", None)
    utf8 = buffer is None or codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name == "utf-8"
    try:
        if utf8:
            yield stream
            stream.flush()
        else:
            stream.flush()
            wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="\n", line_buffering=False)
            try:
                yield wrapper
                wrapper.flush()
            finally:
                wrapper.detach()  # leave sys.stdout's buffer open
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError("stdout", f"cannot write ({err.strerror or err})") from None
