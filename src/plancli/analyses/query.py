"""Grep-like search of plans: every heading, paragraph or table cell holding the search terms.

Every table cell is searched too; its hit names the table's caption, the row and the column.
A heading that carries its first paragraph on its line ("1.加强学位供给。……") is one hit, its
text the line as written.

Matching is by substring, as people expect of Chinese search, on text normalized only for
matching (NFKC folds full-width to half-width, then case-folding); offsets and snippets always
refer to the original text. With `word=True` an occurrence counts only when it starts and ends
on jieba token boundaries, judged from the cached tokens (plancli.words.tokens), so a warm cache
never imports jieba.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from plancli.analyses.outline import find_section
from plancli.lang.fold import normalize, normalized_with_origins
from plancli.model import Plan
from plancli.words.tokens import PlanTokens, TableCellRef, content_units, token_boundaries

__all__ = ["Hit", "QueryResult", "normalize", "query_plans", "snippet_window", "split_terms"]

SNIPPET_CHARS = 40  # about 80 columns of Chinese: a snippet fits one line of a 100-column terminal
ELLIPSIS = "…"

HitKind = Literal["task", "heading", "paragraph", "table"]


class Hit(BaseModel):
    """One heading or paragraph that matches, with where its terms occur."""

    model_config = ConfigDict(extra="forbid")

    plan: str
    path: str | None = Field(description="section path; None for the preamble")
    title: str | None = Field(description="section title; None for the preamble")
    kind: HitKind = Field(description='"task" in a task node, "heading" for a heading title, "table" for a '
                                      'table cell, else "paragraph"')
    line: int
    text: str = Field(description="the whole heading or paragraph, as written")
    snippet: str = Field(
        description=f"about {SNIPPET_CHARS} characters around the first match, {ELLIPSIS} where cut")
    matches: list[list[int]] = Field(description="[start, end) character offsets in text of every term occurrence")
    table: TableCellRef | None = Field(default=None, description="for a table cell: caption, row and column")


class QueryResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    terms: list[str]
    mode: Literal["all", "any"]
    word: bool
    section: str | None
    plans: list[str]
    counts: dict[str, int] = Field(description="hits per searched plan, 0 included")
    hits: list[Hit]


def split_terms(query: str) -> list[str]:
    """The space-separated words of QUERY (full-width spaces too), each once."""
    return list(dict.fromkeys(query.split()))


def _occurrences(normalized: tuple[str, list[int], list[int]], term: str) -> list[tuple[int, int]]:
    """Original [start, end) of each non-overlapping occurrence of TERM (normalized) in a text
    NORMALIZED by _normalized_with_origins, if it covers whole original characters."""
    folded, starts, ends = normalized
    found: list[tuple[int, int]] = []
    position = folded.find(term)
    while position >= 0:
        last = position + len(term) - 1
        whole = (position == 0 or starts[position - 1] != starts[position]) and (
            last == len(folded) - 1 or ends[last + 1] != ends[last])
        if whole:
            found.append((starts[position], ends[last]))
            position = folded.find(term, position + len(term))
        else:
            position = folded.find(term, position + 1)
    return found


def snippet_window(text: str, first: tuple[int, int] | list[int]) -> tuple[int, int]:
    """[start, end) of about SNIPPET_CHARS characters of TEXT around the occurrence FIRST."""
    start, end = first
    before = max(0, (SNIPPET_CHARS - (end - start)) // 2)
    window_start = max(0, start - before)
    window_end = min(len(text), max(end, window_start + SNIPPET_CHARS))
    # Near the end of the text, spend the unused width on what comes before.
    window_start = max(0, min(window_start, window_end - SNIPPET_CHARS))
    return window_start, window_end


def snippet(text: str, first: tuple[int, int] | list[int]) -> str:
    start, end = snippet_window(text, first)
    # Same length as the text it shows, so match offsets stay valid within it.
    shown = text[start:end].replace("\n", " ")
    return (ELLIPSIS if start > 0 else "") + shown + (ELLIPSIS if end < len(text) else "")


_Unit = tuple[str | None, int, str, TableCellRef | None, list[tuple[str | None, int, str]]]


def _units(plan: Plan, section: str | None) -> list[_Unit]:
    """(path, line, text, table cell, the token units it is made of) of every unit searched."""
    nodes = {node.path: node for node in plan.walk()}
    units: list[_Unit] = []
    for path, line, text, cell in content_units(plan):
        previous = units[-1] if units else None
        node = nodes.get(path)
        inline_body = (previous is not None and cell is None and node is not None and previous[0] == path
                       and previous[1] == line == node.span.start and previous[2] == node.title)
        if inline_body and previous is not None and node is not None:
            # The heading's line as written: its number and title, then its first paragraph.
            units[-1] = (path, line, node.heading + text, None, [*previous[4], (path, line, text)])
        else:
            units.append((path, line, text, cell, [(path, line, text)]))
    if section is None:
        return units
    inside = {n.path for n in find_section(plan, section).walk()}
    return [unit for unit in units if unit[0] in inside]


def _plan_hits(plan: Plan, terms: list[str], *, any_term: bool, section: str | None, word: bool,
               tokens: PlanTokens | None) -> list[Hit]:
    nodes = {node.path: node for node in plan.walk()}
    # The token cache was cut from content_units of this very plan (same source hash and parser).
    tokens_of = {(u.path, u.line, u.text): u.tokens for u in tokens.units} if tokens and word else {}
    hits: list[Hit] = []
    for path, line, text, cell, parts in _units(plan, section):
        normalized = normalized_with_origins(text)
        per_term = [_occurrences(normalized, term) for term in terms]
        if word:
            cut = [token for part in parts for token in tokens_of[part]]
            token_starts, token_ends = token_boundaries(text, cut)
            per_term = [[(s, e) for s, e in found if s in token_starts and e in token_ends]
                        for found in per_term]
        if not (any if any_term else all)(per_term):
            continue
        matches = sorted(occurrence for found in per_term for occurrence in found)
        node = nodes.get(path)
        is_heading = node is not None and line == node.span.start and (len(parts) > 1 or text == node.title)
        kind: HitKind = ("table" if cell else "task" if node and node.is_task
                         else "heading" if is_heading else "paragraph")
        hits.append(Hit(plan=plan.id, path=path, title=node.title if node else None, kind=kind, line=line,
                        text=text, snippet=snippet(text, matches[0]), matches=[list(m) for m in matches],
                        table=cell))
    return hits


def query_plans(terms: list[str], plans: list[Plan], *, any_term: bool = False, section: str | None = None,
                word: bool = False, tokens: Mapping[str, PlanTokens] | None = None) -> QueryResult:
    """Every heading, paragraph or table cell of PLANS holding all TERMS (any one with ANY_TERM).

    SECTION (a path or numeric path) limits the search to that node's subtree in every plan;
    WORD keeps only occurrences on token boundaries, judged from each plan's TOKENS (plan id →
    its stored tokens, as plancli.storage.tokens.plan_tokens gives them).
    Hits come plan by plan in the order given, then in document order.
    """
    wanted = list(dict.fromkeys(normalize(term) for term in terms if term.strip()))
    if not wanted:
        raise ValueError("no search terms")
    if word and any(plan.id not in (tokens or {}) for plan in plans):
        raise ValueError("matching whole words needs every plan's tokens")
    hits_by_plan = {plan.id: _plan_hits(plan, wanted, any_term=any_term, section=section, word=word,
                                      tokens=(tokens or {}).get(plan.id))
                    for plan in plans}
    return QueryResult(
        terms=list(dict.fromkeys(term for term in terms if term.strip())),
        mode="any" if any_term else "all",
        word=word,
        section=section,
        plans=list(hits_by_plan),
        counts={plan_id: len(hits) for plan_id, hits in hits_by_plan.items()},
        hits=[hit for hits in hits_by_plan.values() for hit in hits],
    )
