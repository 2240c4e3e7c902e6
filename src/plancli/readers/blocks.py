"""The block stream every reader produces and the parser consumes.

A reader (plain text, Word, …) turns a file into a Document: its paragraphs and tables in order,
each with the source lines it came from. The parser sees nothing else, so a new reader plugs in
without touching the grammar.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One non-blank line of running text, as written, debris removed."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A table: rows of cells (the first row is the header), cell text as written."""

    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]  # source line of each row's first cell
    start_line: int
    end_line: int


Block = TextBlock | TableBlock


@dataclass(frozen=True, slots=True)
class DebrisHit:
    line: int
    text: str


@dataclass
class Document:
    """What a reader hands the parser."""

    name: str
    sha256: str
    encoding: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    debris: list[DebrisHit] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + (0 if self.text.endswith("\n") or not self.text else 1)
