"""Word reader: a .docx plan → the same block stream as a plain-text plan.

The body is walked in document order, paragraphs and tables interleaved, also inside block-level
content controls (where Word keeps a table of contents or a cover page). Alongside the blocks the
document is rendered as the plain text the text reader would be given — one line per paragraph
(a line break inside a paragraph starts a new line), each table cell a TAB-led line, a blank line
after each row — and every block's line number points into that rendering, `Document.text`.
`sha256` is the hash of the .docx bytes; `encoding` is "docx" (a text encoding given with
--encoding does not apply to Word files).

A paragraph's text is what Word shows with tracked changes accepted: its runs, also those inside
hyperlinks, insertions, simple fields and inline content controls; deleted runs are left out.
Word's automatic list numbering is not part of that text, but the parser finds headings by their
numerals, so the numeral Word would show is rendered from numbering.xml and put in front:
"主要任务" numbered by Word becomes "三、主要任务".

Limitations: a heading that is only styled ("Heading 1") without a numeral stays a plain
paragraph; lists defined through a numbering style (w:numStyleLink), numbering restarts other
than "a higher level advanced" (w:lvlRestart) and number formats other than Arabic, Chinese and
circled digits get no numeral (bullets get none by design), and 壹贰叁 (chineseLegalSimplified) is
written 一二三 so that the grammar reads it; text boxes, nested tables, footnotes, headers and
footers are not read, nor Strict Open XML files (their elements are in other namespaces).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree

from plancli.errors import PlanInputError
from plancli.lang.numerals import ASCII_TO_FULLWIDTH_DIGITS, cn_digits, int_to_circled, int_to_cn
from plancli.readers.blocks import Block, DebrisHit, Document, TableBlock, TextBlock
from plancli.readers.plaintext import DEBRIS_PATTERN

# The signature of an OLE compound file: what a Word 97-2003 .doc (or a renamed one) starts with.
_OLE_SIGNATURE = bytes.fromhex("d0cf11e0a1b11ae1")
_MISSING_PART = re.compile(r"no item named '([^']+)'")
_CONTENT_TYPE = re.compile(r"content type is '([^']+)'")

# Elements that only wrap paragraphs and tables (block level) or runs (inside a paragraph).
_BLOCK_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")}
_RUN_WRAPPERS = {qn(tag) for tag in ("w:hyperlink", "w:ins", "w:moveTo", "w:smartTag", "w:fldSimple",
                                     "w:sdt", "w:sdtContent", "w:customXml")}


def docx_document_from_bytes(data: bytes, path: Path) -> Document:
    """Read a Word .docx plan's bytes into a Document. Raise PlanInputError for anything else."""
    word = _open_docx(data, str(path))
    renderer = _Renderer(_ListNumbering.from_document(word))
    body = word.element.body
    if body is not None:  # a document.xml without a body has no text
        renderer.add_body(body)
    text = "\n".join(renderer.lines) + "\n"
    if not text.strip():
        raise PlanInputError(str(path), "file has no text (only blank lines)")
    return Document(name=path.name, sha256=hashlib.sha256(data).hexdigest(), encoding="docx",
                    text=text, blocks=renderer.blocks, debris=renderer.debris)


def _open_docx(data: bytes, source: str) -> docx.document.Document:
    if data.startswith(_OLE_SIGNATURE):
        raise PlanInputError(source, "not a Word .docx file (an old binary .doc, or a password-protected "
                                     "file: save it as an unprotected .docx)")
    try:
        _check_compression(data)
        word = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError):
        reason = "not a zip archive, or a damaged one"
    except KeyError as err:
        missing = _MISSING_PART.search(str(err))
        reason = f"no {missing[1]} in the archive" if missing else "a part is missing"
    except ValueError as err:  # python-docx: a package whose main part is not a Word document
        content_type = _CONTENT_TYPE.search(str(err))
        reason = f"its main part is {content_type[1]}" if content_type else str(err)
    except etree.XMLSyntaxError as err:
        reason = f"damaged XML: {err.msg}"
    else:
        if word.element.tag == qn("w:document"):
            return word
        reason = "its main part is not a w:document"
    raise PlanInputError(source, f"not a Word .docx file ({reason})")


_READABLE_COMPRESSION = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def _check_compression(data: bytes) -> None:
    """Raise BadZipFile for an archive member packed in a way zipfile cannot unpack."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if any(member.compress_type not in _READABLE_COMPRESSION for member in archive.infolist()):
            raise zipfile.BadZipFile("unsupported compression")


class _Renderer:
    """Turns body elements into blocks, writing the plain-text rendering as it goes."""

    def __init__(self, numbering: _ListNumbering) -> None:
        self.numbering = numbering
        self.lines: list[str] = []  # the rendering, debris kept, as the text reader sees a file
        self.blocks: list[Block] = []
        self.debris: list[DebrisHit] = []

    def add_body(self, body: etree._Element) -> None:
        for element in _block_content(body):
            if element.tag == qn("w:p"):
                self.add_paragraph(element)
            else:
                self.add_table(element)

    def add_paragraph(self, paragraph: etree._Element) -> None:
        for line in self.paragraph_text(paragraph).split("\n"):
            text, number = self.emit(line)
            if text.strip():
                self.blocks.append(TextBlock(text=text, line=number))

    def add_table(self, table: etree._Element) -> None:
        rows: list[tuple[str, ...]] = []
        row_lines: list[int] = []
        for row in table.iterchildren(qn("w:tr")):
            # One entry per w:tc: a cell spanning several grid columns (gridSpan) appears once.
            cells = list(row.iterchildren(qn("w:tc")))
            if not cells:
                continue
            row_lines.append(len(self.lines) + 1)
            rows.append(tuple(self.add_cell(cell) for cell in cells))
            self.lines.append("")  # a blank line ends a row
        if rows:
            self.blocks.append(TableBlock(rows=tuple(rows), row_lines=tuple(row_lines),
                                          start_line=row_lines[0], end_line=len(self.lines) - 1))

    def add_cell(self, cell: etree._Element) -> str:
        """Render one cell (a TAB-led first line, continuation lines after it); return its text."""
        if _continues_vertical_merge(cell):  # covered by the cell above it: its text is there
            lines = [""]
        else:
            # A table nested in the cell is not read (see the module's limitations).
            lines = [line for element in _block_content(cell) if element.tag == qn("w:p")
                     for line in self.paragraph_text(element).split("\n")] or [""]
        first, _ = self.emit("\t" + lines[0])
        return "\n".join([first[1:]] + [self.emit(line)[0] for line in lines[1:]])

    def paragraph_text(self, paragraph: etree._Element) -> str:
        return self.numbering.numeral(paragraph) + _visible_text(paragraph)

    def emit(self, line: str) -> tuple[str, int]:
        """Add LINE to the rendering; return it with debris removed, and its line number."""
        self.lines.append(line)
        number = len(self.lines)
        self.debris.extend(DebrisHit(line=number, text=hit.group()) for hit in DEBRIS_PATTERN.finditer(line))
        return DEBRIS_PATTERN.sub("", line), number


def _block_content(container: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs and tables in CONTAINER (the body, a cell), in order, also inside wrappers."""
    for child in container.iterchildren():
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _block_content(child)


def _continues_vertical_merge(cell: etree._Element) -> bool:
    merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and _val(merge) in (None, "continue")


def _visible_text(element: etree._Element) -> str:
    """A paragraph's runs, also inside hyperlinks, insertions and the like; deletions left out."""
    parts = []
    for child in element.iterchildren():
        if child.tag == qn("w:r"):
            parts.append(child.text)  # python-docx's run text: w:t, tabs, line breaks
        elif child.tag in _RUN_WRAPPERS:
            parts.append(_visible_text(child))
    return "".join(parts)


# --- automatic list numbering ----------------------------------------------------------------

@dataclass(frozen=True)
class _Level:
    """One level of a numbered list, as numbering.xml defines it."""

    start: int
    number_format: str  # w:numFmt: decimal, chineseCounting, decimalEnclosedCircle, bullet …
    pattern: str  # w:lvlText, the numeral with placeholders: "%1、", "（%1）", "%1.%2."
    style_id: str | None  # the paragraph style this level is linked to (w:pStyle)


_PLACEHOLDER = re.compile(r"%([1-9])")


class _ListNumbering:
    """The numerals Word puts in front of numbered paragraphs, counted in document order.

    Counts are kept per list instance (w:num) and level; a level restarts when a higher level
    of the same list advances.
    """

    def __init__(self, lists: dict[str, dict[int, _Level]], styles: etree._Element) -> None:
        self.lists = lists  # numId → levels
        self.styles = {style.get(qn("w:styleId")): style for style in styles.iterchildren(qn("w:style"))
                       if style.get(qn("w:styleId"))}
        self.default_style = next(
            (style for style in reversed(self.styles.values())  # the last default wins
             if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on")),
            None)
        self.counts: dict[str, dict[int, int]] = {}

    @classmethod
    def from_document(cls, word: docx.document.Document) -> _ListNumbering:
        styles = word.styles.element
        try:
            numbering = word.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING).element
        except KeyError:  # a document without any list
            return cls({}, styles)
        abstract = {definition.get(qn("w:abstractNumId")): _levels(definition)
                    for definition in numbering.iterchildren(qn("w:abstractNum"))}
        lists: dict[str, dict[int, _Level]] = {}
        for instance in numbering.iterchildren(qn("w:num")):
            levels = dict(abstract.get(_val(instance.find(qn("w:abstractNumId"))), {}))
            for override in instance.iterchildren(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")))
                if ilvl is None:
                    continue
                if (level := override.find(qn("w:lvl"))) is not None and (defined := _level(level)):
                    levels[ilvl] = defined
                start = _int(_val(override.find(qn("w:startOverride"))))
                if start is not None and ilvl in levels:
                    levels[ilvl] = replace(levels[ilvl], start=start)
            lists[instance.get(qn("w:numId"))] = levels
        return cls(lists, styles)

    def numeral(self, paragraph: etree._Element) -> str:
        """Count PARAGRAPH if it is numbered and return the numeral Word shows ("" if none)."""
        found = self._list_and_level(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self.lists[num_id]
        counts = self.counts.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]
        return _render_numeral(levels, counts, ilvl)

    def _list_and_level(self, paragraph: etree._Element) -> tuple[str, int] | None:
        """(numId, ilvl) of a numbered paragraph: set on the paragraph or inherited from its style."""
        style_id = _val(paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))
        style_num_id, style_ilvl = self._style_numbering(style_id)
        direct = paragraph.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id = _val(direct.find(qn("w:numId"))) if direct is not None else None
        ilvl = _int(_val(direct.find(qn("w:ilvl")))) if direct is not None else None
        num_id = num_id or style_num_id
        levels = self.lists.get(num_id or "")
        if not levels:  # not numbered, numId 0 (numbering switched off) or an unknown list
            return None
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None:  # a heading style linked to one level of a multilevel list
            ilvl = next((i for i, level in levels.items() if style_id and level.style_id == style_id), 0)
        return (num_id, ilvl) if ilvl in levels else None

    def _style_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The numbering a paragraph style carries, looked up through the styles it is based on."""
        style = self.styles.get(style_id or "", self.default_style)  # an unknown style reads as the default
        seen: set[str] = set()
        while style is not None and style.get(qn("w:styleId")) not in seen:  # basedOn may loop
            seen.add(style.get(qn("w:styleId")))
            numbering = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numbering is not None:
                return _val(numbering.find(qn("w:numId"))), _int(_val(numbering.find(qn("w:ilvl"))))
            style = self.styles.get(_val(style.find(qn("w:basedOn"))))
        return None, None


def _levels(definition: etree._Element) -> dict[int, _Level]:
    levels = {}
    for element in definition.iterchildren(qn("w:lvl")):
        ilvl = _int(element.get(qn("w:ilvl")))
        if ilvl is not None and (level := _level(element)):
            levels[ilvl] = level
    return levels


def _level(element: etree._Element) -> _Level | None:
    pattern = _val(element.find(qn("w:lvlText")))
    if pattern is None:  # no number text: Word shows nothing
        return None
    return _Level(
        start=_int(_val(element.find(qn("w:start")))) or 0,  # the schema's default is 0
        number_format=_val(element.find(qn("w:numFmt"))) or "decimal",
        pattern=pattern,
        style_id=_val(element.find(qn("w:pStyle"))),
    )


def _render_numeral(levels: dict[int, _Level], counts: dict[int, int], ilvl: int) -> str:
    """Fill the level's pattern ("%1、", "%1.%2.") with each referenced level's count."""
    if levels[ilvl].number_format == "bullet":
        return ""
    pattern = levels[ilvl].pattern
    referenced = {int(digit) - 1 for digit in _PLACEHOLDER.findall(pattern)}
    if not referenced <= levels.keys():
        return ""
    numerals = {level: _format_number(counts.get(level, levels[level].start), levels[level].number_format)
                for level in referenced}
    if None in numerals.values():
        return ""
    return _PLACEHOLDER.sub(lambda placeholder: numerals[int(placeholder[1]) - 1], pattern)


def _format_number(number: int, number_format: str) -> str | None:
    """NUMBER as Word's w:numFmt writes it, in the forms the numbering grammar reads; None if unknown."""
    if number_format in ("decimal", "decimalHalfWidth"):
        return str(number)
    if number_format == "decimalZero":
        return f"{number:02d}"
    if number_format in ("decimalFullWidth", "decimalFullWidth2"):
        return str(number).translate(ASCII_TO_FULLWIDTH_DIGITS)
    if number_format == "decimalEnclosedParen":
        return f"（{number}）"
    if number_format == "decimalEnclosedFullstop":
        return f"{number}."
    if number_format in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return int_to_circled(number)
    # 壹贰叁 (legal) is written 一二三 too: the grammar knows only the common numerals.
    if number_format in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return int_to_cn(number)
    if number_format == "ideographDigital":
        return cn_digits(number)
    if number_format == "none":
        return ""
    return None


def _val(element: etree._Element | None) -> str | None:
    return element.get(qn("w:val")) if element is not None else None


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
