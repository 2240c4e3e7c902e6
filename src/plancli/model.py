"""The validated model of a parsed plan.

Field order is the JSON key order, so it is part of the public interface: add fields at the
end of a model, and bump SCHEMA_VERSION when a shape changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from plancli.lang.numbering import normalize_ref

SCHEMA_VERSION = "3"

NodeKind = Literal["section", "annex", "special_project"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Source lines a piece of the model came from: 1-based, inclusive."""

    start: int = Field(ge=1)
    end: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")
        return self


class Paragraph(_Model):
    """One paragraph of text exactly as written (debris removed), with its source line."""

    text: str = Field(description="the paragraph exactly as written")
    line: int = Field(ge=1, description="its source line")


class Table(_Model):
    """A table: header cells and data rows, cell text as written (line breaks kept as "\\n")."""

    index: int = Field(ge=1, description="1-based position among the plan's tables")
    caption: str | None = Field(default=None, description="the title line above the table, if any")
    header: list[str] = Field(description='header cells as written ("建设\\n类型")')
    rows: list[list[str]] = Field(description="data rows, cells as written")
    span: Span = Field(description="the source lines of the table")
    row_lines: list[int] = Field(default_factory=list,
                                 description="the source line each data row starts on (empty when not known)")
    kind: str = Field(
        default="generic",
        description="generic, or a recognized kind such as indicators, key_projects, construction_projects",
    )

    @property
    def column_count(self) -> int:
        return len(self.header)


class Node(_Model):
    """A numbered heading of the plan with everything under it."""

    kind: NodeKind = Field(description="section, annex, or special_project (a boxed 专项工程/专栏)")
    path: str = Field(description='path in the document\'s own numerals, e.g. "三.（一）.2"')
    numeric_path: str = Field(description='the same path in arabic numbers, e.g. "3.1.2"')
    number: str = Field(description='the numeral as written, e.g. "(一）", "2．", "专项工程3"')
    title: str = Field(description="the heading text without its numeral, up to the first 。")
    heading: str = Field(description="the heading text as written, up to where an inline body starts")
    level: int = Field(ge=1, description="depth in this document's own hierarchy (1 = top)")
    span: Span = Field(description="the source lines of the node and everything under it")
    is_task: bool = Field(default=False, description="a leaf item under a 任务 / 措施 / 举措 / 保障 section")
    paragraphs: list[Paragraph] = Field(default_factory=list, description="the node's own text (an inline body first)")
    tables: list[Table] = Field(default_factory=list, description="tables standing in this node")
    children: list[Node] = Field(default_factory=list, description="the nodes below, in order")

    def walk(self) -> Iterator[Node]:
        """This node and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def text(self) -> str:
        """The node's own paragraphs joined by newlines (children not included)."""
        return "\n".join(p.text for p in self.paragraphs)


class Metadata(_Model):
    title: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    period: str | None = Field(default=None, description='e.g. "十四五"')
    start_year: int | None = None
    end_year: int | None = None
    status: str | None = Field(default=None, description="draft status such as 征求意见稿; None for a final text")
    document_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    # No validator judges these facts: a draft's typo ("（2025-2021年）") must not make the plan
    # unreadable. plancli.parse.front.odd_metadata names what is odd (a parse warning, check DAT007).


class Source(_Model):
    name: str = Field(description="file name the plan was read from")
    sha256: str
    encoding: str
    lines: int
    characters: int


class Debris(_Model):
    """Converter debris removed from the text before parsing."""

    line: int
    text: str


class Contents(_Model):
    """A table of contents, kept apart from the body."""

    heading: str = Field(description='the contents title as written, e.g. "目 录"')
    span: Span
    entries: list[Paragraph]


class Plan(_Model):
    schema_version: str = Field(default=SCHEMA_VERSION, description="changes whenever a shape does")
    parser: str = Field(default="",
                        description="fingerprint of the code that parsed it; caches from other code are re-parsed")
    id: str = Field(description="the plan id: its file's stem")
    source: Source = Field(description="the file it was read from")
    metadata: Metadata = Field(description="what the cover says: title, place, period, status, issuer, date")
    preamble: list[Paragraph] = Field(default_factory=list, description="paragraphs before the first heading")
    contents: Contents | None = Field(default=None, description="the table of contents, kept apart from the body")
    annex_list: list[Paragraph] = Field(
        default_factory=list, description='the "附件：1.… 2.…" list naming the annexes'
    )
    preamble_tables: list[Table] = Field(default_factory=list, description="tables before the first heading")
    outline: list[Node] = Field(default_factory=list, description="top-level sections, then annexes")
    debris: list[Debris] = Field(default_factory=list,
                                 description="converter debris removed before parsing ([bookmark: …], page numbers)")
    warnings: list[str] = Field(default_factory=list,
                                description="what the parser noticed: repeated numbers, no headings, no title")
    outline_from_contents: bool = Field(
        default=False, description="the body has no numbered headings: the outline is the table of contents")
    # The file it was read from, when known (not part of the JSON: paths differ between machines).
    _origin: Path | None = PrivateAttr(default=None)

    @property
    def origin(self) -> Path | None:
        return self._origin

    def with_origin(self, path: Path) -> Plan:
        self._origin = path
        return self

    def walk(self) -> Iterator[Node]:
        """Every node in document order."""
        for node in self.outline:
            yield from node.walk()

    def sections(self) -> Iterator[Node]:
        return (n for n in self.walk() if n.kind == "section")

    def tables(self) -> list[Table]:
        return [table for table, _ in self.located_tables()]

    def located_tables(self) -> list[tuple[Table, Node | None]]:
        """Every table with the node holding it (None before the first heading), in order."""
        placed: list[tuple[Table, Node | None]] = [(t, None) for t in self.preamble_tables]
        placed += [(t, node) for node in self.walk() for t in node.tables]
        return sorted(placed, key=lambda pair: pair[0].index)

    def tasks(self) -> list[Node]:
        return [n for n in self.walk() if n.is_task]

    def special_projects(self) -> list[Node]:
        return [n for n in self.walk() if n.kind == "special_project"]

    def annexes(self) -> list[Node]:
        return [n for n in self.outline if n.kind == "annex"]

    def heading_counts(self) -> dict[int, int]:
        """Numbered section headings per level (annexes and special projects not counted)."""
        counts: dict[int, int] = {}
        for node in self.sections():
            counts[node.level] = counts.get(node.level, 0) + 1
        return dict(sorted(counts.items()))

    def find(self, ref: str) -> Node | None:
        """The node at REF, given as a path ("三.（一）.2") or a numeric path ("3.1.2")."""
        wanted = normalize_ref(ref)
        for node in self.walk():
            if wanted in (normalize_ref(node.path), normalize_ref(node.numeric_path)):
                return node
        return None
