"""A plan's words: its running text and its table rows in units, each cut by jieba into tokens.

Cutting costs about a second of jieba start-up, so it happens once per plan and lexicon and is
cached beside the parsed plan (plancli.storage.tokens). `cut_plan` imports jieba (through
plancli.words.segment) only when it is called; everything else here works on stored tokens.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from plancli.model import Plan, Table


class TableCellRef(BaseModel):
    """Where a unit made of a table cell stands: its table, row and column."""

    model_config = ConfigDict(extra="forbid")

    table: int = Field(description="the table's index in the plan")
    caption: str | None
    row: int = Field(description="1-based data row")
    label: str = Field(description="the row's name: its first cell that is not a sequence number")
    column: str = Field(description="the cell's column header")


class TextUnit(BaseModel):
    """One piece of text: a heading, a paragraph or a table row, where it stands, its tokens."""

    model_config = ConfigDict(extra="forbid")

    path: str | None = Field(description="node path; None for the preamble")
    line: int
    text: str
    tokens: list[str]
    cell: TableCellRef | None = Field(description="set when the unit is a table cell")


class PlanTokens(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: str
    sha256: str = Field(description="source hash of the plan the tokens were cut from")
    encoding: str = Field(description="the encoding the plan's text was read with")
    parser: str
    lexicon: str = Field(description="fingerprint of the dictionary and stop words used")
    units: list[TextUnit]
    vocabulary: list[str] = Field(description="tokens that count as content terms, sorted")
    plan_json: str = Field("", description="sha256 of the <id>.json these tokens were stored beside "
                                           "(empty until stored): a pair from different runs is told apart")
    # path → the units at it or below, built on first use: a scan of every unit per section is
    # quadratic in a plan of thousands of sections.
    _under: dict[str, list[TextUnit]] | None = PrivateAttr(default=None)
    _vocabulary: frozenset[str] | None = PrivateAttr(default=None)  # (built once, not per section)

    def terms(self, units: list[TextUnit] | None = None, extra_stopwords: frozenset[str] = frozenset()) -> Counter[str]:
        """Content-term frequencies over UNITS (all of the plan when None)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.vocabulary)
        vocabulary = self._vocabulary
        return Counter(t for unit in (self.units if units is None else units) for t in unit.tokens
                       if t in vocabulary and t not in extra_stopwords)

    def spread(self, terms: set[str]) -> Counter[str]:
        """In how many sections each of TERMS occurs."""
        sections: dict[str, set[str | None]] = {}
        for unit in self.units:
            for token in terms.intersection(unit.tokens):
                sections.setdefault(token, set()).add(unit.path)
        return Counter({term: len(paths) for term, paths in sections.items()})

    def units_under(self, path: str) -> list[TextUnit]:
        if self._under is None:
            self._under = {}
            for unit in self.units:
                parts = unit.path.split(".") if unit.path is not None else []
                for depth in range(1, len(parts) + 1):
                    self._under.setdefault(".".join(parts[:depth]), []).append(unit)
        return list(self._under.get(path, []))


def token_boundaries(text: str, tokens: list[str]) -> tuple[set[int], set[int]]:
    """Offsets in TEXT where a token starts and where one ends (tokens skip whitespace)."""
    token_starts: set[int] = set()
    token_ends: set[int] = set()
    position = 0
    for token in tokens:
        start = text.find(token, position)
        if start < 0:
            break
        token_starts.add(start)
        position = start + len(token)
        token_ends.add(position)
    return token_starts, token_ends


_SEQUENCE_NUMBER = re.compile(r"^\s*[\d一二三四五六七八九十]+[.、．]?\s*$")


def table_cell_units(table: Table) -> Iterator[tuple[int, str, TableCellRef]]:
    """(line, text, where) of each non-blank data cell of TABLE; the line is its row's (the
    table's first line when the reader did not know it)."""
    for number, row in enumerate(table.rows, 1):
        line = table.row_lines[number - 1] if number <= len(table.row_lines) else table.span.start
        label = next((cell for cell in row if cell.strip() and not _SEQUENCE_NUMBER.match(cell)), "")
        for column, cell in enumerate(row):
            if cell.strip():
                header = table.header[column] if column < len(table.header) else ""
                yield line, cell, TableCellRef(
                    table=table.index, caption=table.caption, row=number, label=label.replace("\n", ""),
                    column=header.replace("\n", ""))


def content_units(plan: Plan) -> Iterator[tuple[str | None, int, str, TableCellRef | None]]:
    """All the plan's text in order: preamble, then each node's heading, paragraphs and table
    cells (tables are content: search, themes and keyness count them)."""
    for paragraph in plan.preamble:
        yield None, paragraph.line, paragraph.text, None
    for table in plan.preamble_tables:
        for line, text, where in table_cell_units(table):
            yield None, line, text, where
    for node in plan.walk():
        yield node.path, node.span.start, node.title, None
        for paragraph in node.paragraphs:
            yield node.path, paragraph.line, paragraph.text, None
        for table in node.tables:
            for line, text, where in table_cell_units(table):
                yield node.path, line, text, where


def word_options(user_dict: Path | None = None, user_stopwords: Path | None = None):
    """(lexicon, extra stop words) for a user's dictionary and stop-word files, read and
    decoded like plan files (UTF-8, GB18030 …).

    Extra stop words only filter the stored tokens; a user dictionary changes how the text is
    cut, so it comes back as a lexicon to cut with (None when there is none).
    """
    from plancli.words.segment import Lexicon, parse_stopwords, parse_user_dict, read_word_file

    stopwords = parse_stopwords(read_word_file(user_stopwords)) if user_stopwords else []
    if user_dict is None:
        return None, frozenset(stopwords)
    entries = parse_user_dict(read_word_file(user_dict), str(user_dict))
    return Lexicon.default().extended(entries, stopwords), frozenset(stopwords)


def lexicon_fingerprint(lexicon) -> str:
    digest = hashlib.sha256()
    for entry in sorted(lexicon.entries):
        digest.update(repr(tuple(entry)).encode())
    digest.update("\n".join(sorted(lexicon.stopwords)).encode())
    return digest.hexdigest()[:16]


def _own_places(plan: Plan) -> list[str]:
    """The plan's own places from its cover: district, city, province."""
    metadata = plan.metadata
    return [place for place in (metadata.district, metadata.city, metadata.province) if place]


def cut_plan(plan: Plan, lexicon=None) -> PlanTokens:
    """Cut PLAN's text with jieba (imports it)."""
    from plancli.words.segment import Lexicon, content_terms, tokenize_many

    lexicon = lexicon or Lexicon.default()
    units = list(content_units(plan))
    cut = tokenize_many([text for _, _, text, _ in units], lexicon)
    every_token = [t for tokens in cut for t in tokens]
    return PlanTokens(
        plan=plan.id,
        sha256=plan.source.sha256,
        encoding=plan.source.encoding,
        parser=plan.parser,
        lexicon=lexicon_fingerprint(lexicon),
        units=[TextUnit(path=path, line=line, text=text, tokens=tokens, cell=where)
               for (path, line, text, where), tokens in zip(units, cut)],
        # Filtering depends only on the token and on place names found anywhere in the plan,
        # so one pass over the whole plan decides it for every occurrence.
        vocabulary=sorted(set(content_terms(every_token, lexicon, _own_places(plan)))),
    )
