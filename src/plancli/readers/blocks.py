"""The block stream every reader produces and the parser consumes.

A reader (plain text, Word, …) turns a file into a Document: its paragraphs and tables in order,
each with the source lines it came from. The parser sees nothing else, so a new reader plugs in
without touching the grammar.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextBlock:
    """One non-blank line of running text, as written, debris removed."""

    text: str
    line: int


@dataclass(frozen=True)
class TableBlock:
    """A table: rows of cells (the first row is the header), cell text as written."""

    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]  # source line of each row's first cell
    start_line: int
    end_line: int

    def cell_lines(self) -> list[list[tuple[str, int]]]:
        """Each row's cell lines with their source line: (text, line) per line of each cell.

        A row's cells stand on consecutive lines from the row's first line, each cell's lines
        one after another, as every reader renders them.
        """
        rows = []
        for row, first in zip(self.rows, self.row_lines):
            lines = [text for cell in row for text in cell.split("\n")]
            rows.append([(text, first + offset) for offset, text in enumerate(lines)])
        return rows


Block = TextBlock | TableBlock


@dataclass(frozen=True)
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
    warnings: list[str] = field(default_factory=list)  # what the reader could not read, for the plan's warnings

    @property
    def line_count(self) -> int:
        return self.text.count("\n") + (0 if self.text.endswith("\n") or not self.text else 1)
