"""Text converted from PDF: running headers and sentences broken at the page's width.

A PDF converter writes each printed line as a line of text, so paragraphs arrive cut at a fixed
width and the page's running header (the plan's title, repeated on every page) stands in the
middle of the text. Both are mended only when the text as a whole looks converted from PDF:
most of its long lines end without closing punctuation. A Word export, one paragraph per line,
ends nearly every long line with 。, so it is never touched.

A line much shorter than the page is wide ends its paragraph (cover lines, a paragraph's last
line). Otherwise where a paragraph ends is told by indentation when the text keeps it (a first
line indented with spaces or U+3000); else by the line: one left open, or one as long as the
page is wide (the cut may fall just after a 。), continues on the next line. A heading's title
cut at the page's width takes the next line into the title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from plancli.lang.numbering import match_heading
from plancli.lang.patterns import CONTENTS_ENTRY
from plancli.readers.blocks import Block, TextBlock

# A line that ends a sentence or a quotation, or an enumeration's item.
_CLOSED = re.compile(r"[。！？!?；;：:”」』）)…]\s*$")
_LONG_LINE = 15  # shorter lines are titles, captions and list items, which end without 。
_MIN_LONG_LINES = 5
_OPEN_SHARE = 0.5  # above this share of long lines left open, the text was cut by width
_RUNNING_HEADER_MAX = 40
_RUNNING_HEADER_REPEATS = 3


def _is_open(text: str) -> bool:
    return not _CLOSED.search(text)


_INDENT = re.compile(r"^(?:\u3000|  )")
# A contents entry (dot leaders, a page number) is open but not cut: CONTENTS_ENTRY.
# A printed line shorter than this share of the page's width ends its paragraph.
_FULL_LINE = 0.8
_MIN_INDENTED = 5


@dataclass(frozen=True)
class PdfLayout:
    width: int  # characters in a full printed line
    indented: bool  # whether paragraphs start with an indented line


def pdf_layout(lines: list[str], skip: set[int], printed: bool = False) -> PdfLayout | None:
    """The page layout when most long body lines (not headings, contents entries or lines in
    SKIP) end mid-sentence; None for text that is not a PDF conversion. PRINTED lines (read
    from a PDF) have a layout whenever they have long lines."""
    long_lines = [line for index, line in enumerate(lines)
                  if index not in skip and not line.startswith("\t") and len(line.strip()) >= _LONG_LINE
                  and not match_heading(line) and not CONTENTS_ENTRY.search(line)]
    open_lines = [line for line in long_lines if _is_open(line)]
    if printed and long_lines:
        open_lines = open_lines or long_lines
    elif len(long_lines) < _MIN_LONG_LINES or len(open_lines) / len(long_lines) <= _OPEN_SHARE:
        return None
    width = Counter(len(line.rstrip()) for line in open_lines).most_common(1)[0][0]
    indented = sum(1 for line in long_lines if _INDENT.match(line)) >= _MIN_INDENTED
    return PdfLayout(width=width, indented=indented)


def running_header_lines(lines: list[str], skip: set[int]) -> set[int]:
    """Indexes of a short non-heading line repeated on page after page (the running header)."""
    candidates = [(index, line.strip()) for index, line in enumerate(lines)
                  if index not in skip and not line.startswith("\t") and line.strip()
                  and len(line.strip()) <= _RUNNING_HEADER_MAX and not match_heading(line)]
    repeats = Counter(text for _, text in candidates)
    headers = {text for text, count in repeats.items() if count >= _RUNNING_HEADER_REPEATS}
    # The same words before the first heading are the title on the cover: keep them.
    body_start = next((i for i, line in enumerate(lines) if i not in skip and match_heading(line)), len(lines))
    return {index for index, text in candidates if text in headers and index > body_start}


@dataclass
class _Joining:
    """A paragraph being joined from printed lines. Its pieces are concatenated once, at the
    end, and what _continues asks of the whole text is kept up to date line by line: joining
    80,000 lines by re-reading the growing paragraph each time was quadratic."""

    pieces: list[str]
    line: int
    heading_title: bool  # a heading whose title has not ended with 。 yet (no body after it)
    has_stop: bool  # a 。 somewhere in the text so far

    @classmethod
    def start(cls, block: TextBlock) -> _Joining:
        heading = match_heading(block.text)
        return cls([block.text], block.line, heading is not None and heading.body is None, "。" in block.text)

    def add(self, text: str) -> None:
        """TEXT joins the paragraph (as `previous.rstrip() + text.strip()` would)."""
        text = text.strip()
        # A body begins once text follows the first 。: a 。 before TEXT, or one inside it.
        if text and (self.has_stop or "。" in text[:-1]):
            self.heading_title = False
        self.has_stop = self.has_stop or "。" in text
        self.pieces[-1] = self.pieces[-1].rstrip()
        self.pieces.append(text)

    def block(self) -> TextBlock:
        return TextBlock(text="".join(self.pieces), line=self.line)


def join_broken_lines(blocks: list[Block], removed: Iterable[int], layout: PdfLayout) -> list[Block]:
    """Join each printed line with the lines that continue its paragraph.

    Lines join only when nothing but removed debris (page numbers, running headers) stands
    between them, the first is not a heading's bare title, and the second is not a heading.
    """
    removed_lines = set(removed)
    joined: list[Block] = []
    paragraph: _Joining | None = None  # the text block being joined, not yet in JOINED
    last: TextBlock | None = None  # the last printed line of the previous text block
    for block in blocks:
        if (isinstance(block, TextBlock) and paragraph is not None and last is not None
                and _continues(paragraph, last, block, removed_lines, layout)):
            paragraph.add(block.text)
        else:
            if paragraph is not None:
                joined.append(paragraph.block())
                paragraph = None
            if isinstance(block, TextBlock):
                paragraph = _Joining.start(block)
            else:
                joined.append(block)
        last = block if isinstance(block, TextBlock) else None
    if paragraph is not None:
        joined.append(paragraph.block())
    return joined


def _continues(paragraph: _Joining, last: TextBlock, block: TextBlock, removed: set[int],
               layout: PdfLayout) -> bool:
    if any(line not in removed for line in range(last.line + 1, block.line)):
        return False  # a real blank line ends a paragraph
    if match_heading(block.text):
        return False
    length = len(last.text.rstrip())
    if length < _FULL_LINE * layout.width:
        return False  # a short line (a cover line, a paragraph's last line) ends its paragraph
    if paragraph.heading_title:
        return _is_open(last.text)  # a heading's title wrapped onto the next line
    if layout.indented:
        return not _INDENT.match(block.text)
    return _is_open(last.text) or length >= layout.width
