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

from collections.abc import Iterator, Mapping, Sequence
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from plancli.analyses.outline import find_section
from plancli.lang.fold import fold_script, normalize, normalized_with_origins
from plancli.model import Plan
from plancli.words.tokens import PlanTokens, TableCellRef, content_units, token_boundaries

__all__ = ["Hit", "QueryResult", "SearchUnit", "normalize", "normalized_terms", "query_plans", "query_result",
           "search_units", "searchable", "snippet_window", "split_terms", "unit_hit", "unit_matches"]

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


def _occurrences(normalized: tuple[str, Sequence[int], Sequence[int]], term: str) -> list[tuple[int, int]]:
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


# A token unit's key in a plan's token cache: (path, line, text).
_TokenKey = tuple[str | None, int, str]


class SearchUnit(NamedTuple):
    """One heading, paragraph or table cell as query searches it, with what a hit on it reports."""

    path: str | None
    line: int
    text: str
    title: str | None
    kind: HitKind
    cell: TableCellRef | None = None
    # The token units it is made of (a heading with its body on one line is two).
    parts: tuple[_TokenKey, ...] = ()


def search_units(plan: Plan, section: str | None = None) -> Iterator[SearchUnit]:
    """What query searches in PLAN (under SECTION when given), in document order: headings,
    paragraphs and table cells; a heading with its body on one line is one unit, as written.
    The corpus store (plancli.storage.store) indexes exactly these."""
    nodes = {node.path: node for node in plan.walk()}
    inside = {n.path for n in find_section(plan, section).walk()} if section is not None else None
    pending: SearchUnit | None = None
    for path, line, text, cell in content_units(plan):
        if inside is not None and path not in inside:
            continue
        node = nodes.get(path)
        if (pending is not None and cell is None and node is not None and pending.path == path
                and pending.line == line == node.span.start and pending.text == node.title):
            # The heading's line as written: its number and title, then its first paragraph.
            pending = pending._replace(text=node.heading + text, parts=(*pending.parts, (path, line, text)))
            continue
        if pending is not None:
            yield pending
        is_heading = node is not None and line == node.span.start and text == node.title
        kind: HitKind = ("table" if cell else "task" if node and node.is_task
                         else "heading" if is_heading else "paragraph")
        pending = SearchUnit(path, line, text, node.title if node else None, kind, cell, ((path, line, text),))
    if pending is not None:
        yield pending


def searchable(text: str) -> tuple[str, list[int], list[int]]:
    """TEXT as query matches it, with the original offsets (see normalized_with_origins): width
    and case folded, and traditional characters as simplified, so 隨遷子女 is found by 随迁子女
    (the script folding is one character for one: the offsets hold)."""
    folded, starts, ends = normalized_with_origins(text)
    return fold_script(folded), starts, ends


def unit_matches(normalized: tuple[str, Sequence[int], Sequence[int]], terms: list[str], any_term: bool,
                 boundaries: tuple[set[int], set[int]] | None = None) -> list[tuple[int, int]]:
    """The sorted [start, end) occurrences of TERMS (normalized) in one unit's text NORMALIZED
    by searchable, or [] unless all of them occur (any one with ANY_TERM). With
    BOUNDARIES (token starts, token ends) only whole-word occurrences count."""
    per_term = [_occurrences(normalized, term) for term in terms]
    if boundaries is not None:
        token_starts, token_ends = boundaries
        per_term = [[(s, e) for s, e in found if s in token_starts and e in token_ends] for found in per_term]
    if not (any if any_term else all)(per_term):
        return []
    return sorted(occurrence for found in per_term for occurrence in found)


def unit_hit(plan_id: str, unit: SearchUnit, matches: list[tuple[int, int]]) -> Hit:
    return Hit(plan=plan_id, path=unit.path, title=unit.title, kind=unit.kind, line=unit.line, text=unit.text,
               snippet=snippet(unit.text, matches[0]), matches=[list(m) for m in matches], table=unit.cell)


def normalized_terms(terms: list[str]) -> list[str]:
    """The search TERMS as matching compares them, each once; ValueError when there are none."""
    wanted = list(dict.fromkeys(fold_script(normalize(term)) for term in terms if term.strip()))
    if not wanted:
        raise ValueError("no search terms")
    return wanted


def query_result(terms: list[str], any_term: bool, word: bool, section: str | None,
                 hits_by_plan: dict[str, list[Hit]]) -> QueryResult:
    return QueryResult(
        terms=list(dict.fromkeys(term for term in terms if term.strip())),
        mode="any" if any_term else "all",
        word=word,
        section=section,
        plans=list(hits_by_plan),
        counts={plan_id: len(hits) for plan_id, hits in hits_by_plan.items()},
        hits=[hit for hits in hits_by_plan.values() for hit in hits],
    )


def _plan_hits(plan: Plan, terms: list[str], *, any_term: bool, section: str | None, word: bool,
               tokens: PlanTokens | None) -> list[Hit]:
    # The token cache was cut from content_units of this very plan (same source hash and parser).
    tokens_of = {(u.path, u.line, u.text): u.tokens for u in tokens.units} if tokens and word else {}
    hits: list[Hit] = []
    for unit in search_units(plan, section):
        boundaries = None
        if word:
            boundaries = token_boundaries(unit.text, [token for part in unit.parts for token in tokens_of[part]])
        matches = unit_matches(searchable(unit.text), terms, any_term, boundaries)
        if matches:
            hits.append(unit_hit(plan.id, unit, matches))
    return hits


def query_plans(terms: list[str], plans: list[Plan], *, any_term: bool = False, section: str | None = None,
                word: bool = False, tokens: Mapping[str, PlanTokens] | None = None) -> QueryResult:
    """Every heading, paragraph or table cell of PLANS holding all TERMS (any one with ANY_TERM).

    SECTION (a path or numeric path) limits the search to that node's subtree in every plan;
    WORD keeps only occurrences on token boundaries, judged from each plan's TOKENS (plan id →
    its stored tokens, as plancli.storage.tokens.plan_tokens gives them).
    Hits come plan by plan in the order given, then in document order.
    """
    wanted = normalized_terms(terms)
    if word and any(plan.id not in (tokens or {}) for plan in plans):
        raise ValueError("matching whole words needs every plan's tokens")
    hits_by_plan = {plan.id: _plan_hits(plan, wanted, any_term=any_term, section=section, word=word,
                                      tokens=(tokens or {}).get(plan.id))
                    for plan in plans}
    return query_result(terms, any_term, word, section, hits_by_plan)
