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

import bz2
import hashlib
import io
import lzma
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NoReturn

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree

from plancli.errors import PlanInputError
from plancli.files import DEFAULT_MAX_SIZE, format_size, over_limit
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


def docx_document_from_bytes(data: bytes, path: Path, max_size: int = DEFAULT_MAX_SIZE) -> Document:
    """Read a Word .docx plan's bytes into a Document. Raise PlanInputError for anything else.

    MAX_SIZE bounds what the archive's parts may unpack to, together (see `_Archive`).
    """
    source = str(path)
    word = _open_docx(data, source, max_size)
    renderer = _Renderer(_ListNumbering.from_document(word, source))
    body = word.element.body
    if body is not None:  # a document.xml without a body has no text
        renderer.add_body(body)
    text = "\n".join(renderer.lines) + "\n"
    if not text.strip():
        raise PlanInputError(source, "file has no text (only blank lines)")
    return Document(name=path.name, sha256=hashlib.sha256(data).hexdigest(), encoding="docx",
                    text=text, blocks=renderer.blocks, debris=renderer.debris)


def _open_docx(data: bytes, source: str, max_size: int) -> docx.document.Document:
    if data.startswith(_OLE_SIGNATURE):
        raise PlanInputError(source, "not a Word .docx file (an old binary .doc, or a password-protected "
                                     "file: save it as an unprotected .docx)")
    try:
        parts = _Archive(data, source, max_size).xml_parts()
    except zipfile.BadZipFile:
        raise PlanInputError(source, "not a Word .docx file (not a zip archive, or a damaged one)") from None
    try:
        word = docx.Document(io.BytesIO(_stored_zip(parts)))
    except KeyError as err:
        missing = _MISSING_PART.search(str(err))
        reason = f"no {missing[1]} in the archive" if missing else "a part is missing"
    except ValueError as err:  # python-docx: a package whose main part is not a Word document
        content_type = _CONTENT_TYPE.search(str(err))
        reason = f"its main part is {content_type[1]}" if content_type else str(err)
    except etree.XMLSyntaxError as err:
        reason = _damaged_xml(parts, err)
    else:
        if word.element.tag == qn("w:document"):
            return word
        reason = "its main part is not a w:document"
    raise PlanInputError(source, f"not a Word .docx file ({reason})")


def _damaged_xml(parts: dict[str, bytes], err: etree.XMLSyntaxError) -> str:
    """Which part's XML is damaged, and how: found by parsing the parts one by one (only when
    python-docx has already failed, so a sound file is parsed once)."""
    parser = etree.XMLParser(resolve_entities=False)
    for name, part in parts.items():
        if not part:
            continue
        try:
            etree.fromstring(part, parser)
        except etree.XMLSyntaxError as part_err:
            return f"{name}: damaged XML: {part_err.msg}"
    return f"damaged XML: {err.msg}"


# Members python-docx parses as XML; the others (images, fonts, embedded files) are never read
# by plancli, so they are handed on empty rather than unpacked.
_XML_SUFFIXES = (".xml", ".rels")
_CHUNK = 1 << 20  # bytes unpacked per step, so no single step can blow up
_FEED = 64 << 10  # packed bytes read per step
# A member unpacking more than _MAX_RATIO times its packed size, past its first _RATIO_GRACE
# bytes, is a zip bomb: real Word XML packs some 5 to 30 times.
_MAX_RATIO = 200
_RATIO_GRACE = 8 << 20
_LOCAL_HEADER = b"PK\x03\x04"
_LOCAL_HEADER_SIZE = 30
_COMPRESSION = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate", zipfile.ZIP_BZIP2: "bzip2",
                zipfile.ZIP_LZMA: "LZMA"}


class _Archive:
    """The .docx zip, every member read through one guarded path that names the file and the
    part: encrypted, damaged (deflate, bzip2, LZMA), duplicated or oversized members are
    PlanInputErrors. Members are unpacked a chunk at a time with plancli's own decompressors
    (zipfile's own would unpack a whole bzip2 or LZMA read at once), checking the declared
    size, the actual size, the compression ratio and the total against MAX_SIZE as they go,
    so a bomb is stopped after at most MAX_SIZE bytes.
    """

    def __init__(self, data: bytes, source: str, max_size: int):
        self.data, self.source, self.max_size = data, source, max_size
        self.unpacked = 0
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                self.members = archive.infolist()
        # (RuntimeError: zipfile's error for a compression method it does not know is one.)
        except (ValueError, OverflowError, RuntimeError, EOFError, struct.error) as err:
            raise zipfile.BadZipFile(str(err)) from None
        seen: set[str] = set()
        for member in self.members:
            if member.filename in seen:
                self.fail(member.filename, "two members of this name: refusing to guess which one Word reads")
            seen.add(member.filename)

    def fail(self, part: str, problem: str) -> NoReturn:
        raise PlanInputError(self.source, f"{part}: {problem}")

    def xml_parts(self) -> dict[str, bytes]:
        """Every member's name → its bytes, unpacked for the XML parts, empty for the others."""
        return {member.filename: self.read(member) if member.filename.lower().endswith(_XML_SUFFIXES) else b""
                for member in self.members if not member.is_dir()}

    def read(self, member: zipfile.ZipInfo) -> bytes:
        name = member.filename
        if member.flag_bits & 0x1:
            self.fail(name, "encrypted: save the document without a password")
        if member.compress_type not in _COMPRESSION:
            self.fail(name, f"packed with a method zip readers rarely know (no. {member.compress_type}): "
                            "save the document again from Word")
        if self.unpacked + member.file_size > self.max_size:
            total = format_size(self.unpacked + member.file_size)
            self.fail(name, f"the parts read up to this one would unpack to {total}: {over_limit(self.max_size)}")
        packed = self.packed_bytes(member)
        try:
            content = self.unpack(member, packed)
        except (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError) as err:
            self.fail(name, f"damaged {_COMPRESSION[member.compress_type]} data ({err})")
        if len(content) != member.file_size:
            self.fail(name, f"damaged: unpacks to {len(content)} bytes, the archive declares {member.file_size}")
        if zlib.crc32(content) != member.CRC:
            self.fail(name, "damaged: its checksum (CRC) does not match")
        return content

    def packed_bytes(self, member: zipfile.ZipInfo) -> bytes:
        offset = member.header_offset
        header = self.data[offset:offset + _LOCAL_HEADER_SIZE]
        if len(header) < _LOCAL_HEADER_SIZE or not header.startswith(_LOCAL_HEADER):
            self.fail(member.filename, "damaged: its local header is missing")
        name_length, extra_length = struct.unpack_from("<HH", header, 26)
        start = offset + _LOCAL_HEADER_SIZE + name_length + extra_length
        packed = self.data[start:start + member.compress_size]
        if len(packed) < member.compress_size:
            self.fail(member.filename, "damaged: the archive ends inside it")
        return packed

    def unpack(self, member: zipfile.ZipInfo, packed: bytes) -> bytes:
        if member.compress_type == zipfile.ZIP_STORED:
            self.count(member, len(packed), len(packed), len(packed))
            return packed
        decompressor = _decompressor(member.compress_type, packed)
        if member.compress_type == zipfile.ZIP_LZMA:
            packed = packed[4 + int.from_bytes(packed[2:4], "little"):]  # after the LZMA properties
        chunks: list[bytes] = []
        unpacked = fed = 0
        while not decompressor.eof:
            # Packed bytes are fed a little at a time, so the ratio is judged on what was read.
            # zlib hands back what it has not read yet; bzip2 and LZMA keep it themselves.
            data = getattr(decompressor, "unconsumed_tail", b"")
            if not data and getattr(decompressor, "needs_input", True):
                data = packed[fed:fed + _FEED]
                fed += len(data)
            chunk = decompressor.decompress(data, _CHUNK)
            if not chunk and fed >= len(packed) and getattr(decompressor, "needs_input", True) \
                    and not getattr(decompressor, "unconsumed_tail", b""):
                if member.compress_type == zipfile.ZIP_LZMA:  # LZMA in zip may omit its end marker
                    break
                raise EOFError("the data ends early")
            unpacked += len(chunk)
            self.count(member, unpacked, len(chunk), fed)
            chunks.append(chunk)
        return b"".join(chunks)

    def count(self, member: zipfile.ZipInfo, unpacked: int, more: int, fed: int) -> None:
        """Account for MORE bytes unpacked (UNPACKED so far from MEMBER, out of FED packed
        bytes read); stop a bomb."""
        self.unpacked += more
        if unpacked > member.file_size:
            self.fail(member.filename, f"damaged or a zip bomb: unpacks past the {member.file_size} bytes "
                                       "the archive declares")
        if self.unpacked > self.max_size:
            self.fail(member.filename, f"the parts read up to this one unpack to {over_limit(self.max_size)}")
        if unpacked > _RATIO_GRACE and unpacked > _MAX_RATIO * max(1, fed):
            self.fail(member.filename, f"a zip bomb: unpacks over {_MAX_RATIO} times its packed size")


def _decompressor(compress_type: int, packed: bytes) -> Any:
    if compress_type == zipfile.ZIP_DEFLATED:
        return zlib.decompressobj(-zlib.MAX_WBITS)
    if compress_type == zipfile.ZIP_BZIP2:
        return bz2.BZ2Decompressor()
    # LZMA in zip: 2 bytes of version, 2 of properties size, then the LZMA1 properties
    # (one byte packing lc, lp, pb, and the dictionary size) before the raw stream.
    if len(packed) < 9:
        raise lzma.LZMAError("no LZMA properties")
    packing, dict_size = packed[4], int.from_bytes(packed[5:9], "little")
    if packing >= 9 * 5 * 5:
        raise lzma.LZMAError("invalid LZMA properties")
    lc, lp, pb = packing % 9, packing // 9 % 5, packing // 45
    return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[
        {"id": lzma.FILTER_LZMA1, "dict_size": dict_size, "lc": lc, "lp": lp, "pb": pb}])


def _stored_zip(parts: dict[str, bytes]) -> bytes:
    """PARTS as an uncompressed zip: what python-docx opens, with nothing left to unpack."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


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

    def __init__(self, lists: dict[str, dict[int, _Level]], styles: etree._Element | None) -> None:
        self.lists = lists  # numId → levels
        found = styles.iterchildren(qn("w:style")) if styles is not None else ()
        self.styles = {style.get(qn("w:styleId")): style for style in found if style.get(qn("w:styleId"))}
        self.default_style = next(
            (style for style in reversed(self.styles.values())  # the last default wins
             if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on")),
            None)
        self.counts: dict[str, dict[int, int]] = {}

    @classmethod
    def from_document(cls, word: docx.document.Document, source: str) -> _ListNumbering:
        styles = _related_xml(word, RELATIONSHIP_TYPE.STYLES, "w:styles", source)
        numbering = _related_xml(word, RELATIONSHIP_TYPE.NUMBERING, "w:numbering", source)
        if numbering is None:  # a document without any list
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


def _related_xml(word: docx.document.Document, relationship: str, tag: str, source: str) -> etree._Element | None:
    """The part the document relates to by RELATIONSHIP (styles, numbering), whose root must be
    TAG; None when there is none. A part that is not that XML is a PlanInputError naming it."""
    try:
        part = word.part.part_related_by(relationship)
    except KeyError:
        return None
    element = getattr(part, "element", None)  # python-docx parses only the parts it knows as XML
    if element is None or element.tag != qn(tag):
        raise PlanInputError(source, f"{str(part.partname).lstrip('/')}: not a {tag} XML part "
                                     f"(its content type is {part.content_type})")
    return element


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
    if number < 0:  # a negative w:start: Word shows no such numeral either
        return None
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


_INT_LIMIT = 2**31  # Word's numbers (w:start, w:ilvl) are 32-bit: anything beyond is damage


def _int(text: str | None) -> int | None:
    try:
        number = int(text) if text is not None and len(text) < 12 else None
    except ValueError:
        return None
    return number if number is not None and -_INT_LIMIT <= number < _INT_LIMIT else None
