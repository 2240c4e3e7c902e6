"""parse: a Document (the readers' block stream) → a validated Plan.

front finds the contents page and reads the metadata of the cover; tree nests numbered
headings by the document's own order of styles and places paragraphs, tables, boxes (专项工程)
and annexes; tables names each table's kind from its header. The parsed plan records a
fingerprint of exactly the code it depends on (lang, readers, parse, model), so caches of
parsed plans survive changes to extractors, analyses and resources. May import lang, errors,
files, readers and model.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from plancli.lang.patterns import OVERLONG_NUMBER, QUANTITY_DIGITS
from plancli.model import Debris as DebrisModel
from plancli.model import Plan, Source
from plancli.parse.front import contents_from, find_contents, odd_metadata, read_metadata
from plancli.parse.tree import build_outline
from plancli.readers.blocks import Document, TextBlock

_PACKAGE = Path(__file__).resolve().parents[1]
# Everything whose change can change a parsed plan (and nothing else: editing an extractor or
# themes.json must not throw away every cached plan).
_PARSER_SOURCES = ("errors.py", "files.py", "model.py", "lang/*.py", "readers/*.py", "parse/*.py")


@cache
def parser_fingerprint() -> str:
    """A short hash of the parsing code, recorded in each plan so stale caches are re-parsed."""
    digest = hashlib.sha256()
    for pattern in _PARSER_SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def overlong_numbers(document: Document) -> list[str]:
    """A warning for each line holding a number too long to be a value (it stays text)."""
    if not OVERLONG_NUMBER.search(document.text):
        return []  # the usual case, found in one scan of the text
    blocks = document.blocks
    pieces = ((b.line, b.text) for b in blocks if isinstance(b, TextBlock))
    cells = ((line, cell) for b in blocks if not isinstance(b, TextBlock)
             for line, row in zip(b.row_lines, b.rows) for cell in row)
    warnings = []
    for line, text in (*pieces, *cells):
        if found := OVERLONG_NUMBER.search(text):
            warnings.append(f"line {line}: a number of {len(found.group())} digits is out of range "
                            f"(over {QUANTITY_DIGITS}): kept as text, not read as a value")
    return warnings


def parse_document(document: Document, plan_id: str) -> Plan:
    blocks = list(document.blocks)
    contents = None
    if found := find_contents(blocks):
        start, end = found
        contents = contents_from(blocks[start:end])
        del blocks[start:end]
    tree = build_outline(blocks)
    metadata = read_metadata(tree.preamble)
    warnings = list(tree.warnings)
    if metadata.title is None:
        warnings.append("no title found before the first heading")
    warnings += odd_metadata(metadata)
    warnings += overlong_numbers(document)
    return Plan(
        parser=parser_fingerprint(),
        id=plan_id,
        source=Source(
            name=document.name,
            sha256=document.sha256,
            encoding=document.encoding,
            lines=document.line_count,
            characters=len(document.text),
        ),
        metadata=metadata,
        preamble=tree.preamble,
        contents=contents,
        annex_list=tree.annex_list,
        preamble_tables=tree.preamble_tables,
        outline=tree.outline,
        debris=[DebrisModel(line=d.line, text=d.text) for d in document.debris],
        warnings=warnings,
    )


__all__ = ["parse_document", "parser_fingerprint"]
