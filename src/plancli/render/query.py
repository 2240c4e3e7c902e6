"""Renderers for `plancli query`: grep-like lines for people, one row per hit for scripts."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from plancli.analyses.query import ELLIPSIS, Hit, QueryResult, snippet_window
from plancli.render.base import Rendered, View, plural, to_csv, to_markdown_table

MATCH_STYLE = "bold yellow reverse"  # reverse still shows the match under NO_COLOR

QUERY_COLUMNS = ["plan", "path", "title", "kind", "line", "table", "row", "column", "snippet", "text"]
MARKDOWN_COLUMNS = ["plan", "path", "title", "kind", "line", "where", "snippet"]


def _snippet_matches(hit: Hit) -> list[tuple[int, int]]:
    """The matches visible in HIT's snippet, as merged [start, end) offsets into the snippet."""
    start, end = snippet_window(hit.text, hit.matches[0])
    shift = start - (len(ELLIPSIS) if start > 0 else 0)
    merged: list[tuple[int, int]] = []
    for match_start, match_end in hit.matches:
        if match_end <= start or match_start >= end:
            continue
        span = (max(match_start, start) - shift, min(match_end, end) - shift)
        # Terms can overlap (学位 and 位): one highlight, not two adjoining ones.
        if merged and span[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return merged


def _summary(result: QueryResult) -> Text:
    how = "any word" if result.mode == "any" else "all words"
    if result.word:
        how += ", whole tokens"
    where = f" in section {result.section}" if result.section else ""
    summary = Text(" ".join(result.terms), style="bold", no_wrap=True, overflow="ellipsis")
    summary.append(f"  ({how}{where}) · {plural(len(result.hits), 'hit')} in "
                   f"{plural(len(result.plans), 'plan')}", style="dim")
    return summary


def _location(hit: Hit) -> Text:
    location = Text("  ", no_wrap=True, overflow="ellipsis")
    location.append(hit.path or "preamble", style="dim")
    if hit.title:
        location.append("  ")
        location.append(hit.title, style="cyan")
    if hit.table:
        location.append(f"  {_where(hit)}", style="green")
    location.append(f"  {hit.kind} · line {hit.line}", style="dim")
    return location


def _where(hit: Hit) -> str:
    """Caption · row · column of a hit in a table cell (the caption left out when it is the
    section's title already); empty for text."""
    if hit.table is None:
        return ""
    caption = hit.table.caption or f"table {hit.table.table}"
    return " · ".join(part for part in (caption if caption != hit.title else "",
                                        f"row {hit.table.row} {hit.table.label}".strip(),
                                        hit.table.column) if part)


def _snippet(hit: Hit) -> Text:
    indent = "    "
    snippet = Text(indent + hit.snippet, no_wrap=True, overflow="ellipsis")
    for start, end in _snippet_matches(hit):
        snippet.stylize(MATCH_STYLE, start + len(indent), end + len(indent))
    return snippet


def query_rich(result: QueryResult) -> RenderableType:
    """A summary line, then per plan its hit count and each hit: location line, snippet line.

    Every line is kept to one terminal line (cut with …), so Chinese text never wraps into a
    narrow column.
    """
    lines: list[Text] = [_summary(result)]
    for plan in result.plans:
        header = Text(plan, style="bold")
        header.append(f"  {plural(result.counts[plan], 'hit')}", style="dim")
        lines += [Text(""), header]
        for hit in result.hits:
            if hit.plan == plan:
                lines += [_location(hit), _snippet(hit)]
    return Group(*lines)


def query_rows(result: QueryResult) -> list[list[object]]:
    return [[h.plan, h.path, h.title, h.kind, h.line, h.table.caption if h.table else None,
             h.table.label if h.table else None, h.table.column if h.table else None, h.snippet, h.text]
            for h in result.hits]


def query_csv(result: QueryResult) -> str:
    return to_csv(QUERY_COLUMNS, query_rows(result))


def _bold_matches(hit: Hit) -> str:
    pieces: list[str] = []
    position = 0
    for start, end in _snippet_matches(hit):
        pieces += [hit.snippet[position:start], "**", hit.snippet[start:end], "**"]
        position = end
    return "".join(pieces) + hit.snippet[position:]


def query_markdown(result: QueryResult) -> str:
    rows = [[h.plan, h.path or "preamble", h.title, h.kind, h.line, _where(h), _bold_matches(h)]
            for h in result.hits]
    return to_markdown_table(MARKDOWN_COLUMNS, rows)


class QueryView(View):
    def __init__(self, result: QueryResult):
        super().__init__(result)

    def table(self) -> Rendered:
        return query_rich(self.value)

    def csv(self) -> str:
        return query_csv(self.value)

    def markdown(self) -> str:
        return query_markdown(self.value)
