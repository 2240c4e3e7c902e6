"""parse: a Document (the readers' block stream) → a validated Plan.

front finds the contents page and reads the metadata of the cover; tree nests numbered
headings by the document's own order of styles and places paragraphs, tables, boxes (专项工程)
and annexes; tables names each table's kind from its header; complete checks that the model
holds every character of the source once, and warns when it does not. The parsed plan records a
fingerprint of exactly the code it depends on (lang, readers, parse, model), so caches of
parsed plans survive changes to extractors, analyses and resources. May import lang, errors,
files, readers and model.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from plancli.lang.patterns import OVERLONG_NUMBER, QUANTITY_DIGITS

if TYPE_CHECKING:
    from plancli.model import Plan
    from plancli.readers.blocks import Block, Document

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


def overlong_numbers(blocks: list[Block]) -> list[str]:
    """A warning for each line holding a number too long to be a value (it stays text)."""
    from plancli.readers.blocks import TextBlock

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
    # Imported here: a command on a cached plan needs parser_fingerprint, not the grammar.
    from plancli.model import Debris as DebrisModel
    from plancli.model import Plan, Source
    from plancli.parse.complete import completeness_warning
    from plancli.parse.front import contents_from, entry_heading, find_contents, odd_metadata, read_metadata
    from plancli.parse.tree import build_outline
    from plancli.readers.blocks import TextBlock

    blocks = list(document.blocks)
    contents = None
    if found := find_contents(blocks):
        start, end = found
        contents = contents_from(blocks[start:end])
        del blocks[start:end]
    tree = build_outline(blocks)
    outline, warnings = tree.outline, [*document.warnings, *tree.warnings]
    from_contents = contents is not None and not any(n.kind == "section" for n in outline)
    if from_contents:
        # Only the contents survive (the body cut off, or in another file): its entries are the
        # structure there is, their dot leaders and page numbers left out of the headings.
        listed = build_outline([TextBlock(text=entry_heading(e.text), line=e.line) for e in contents.entries])
        from_contents = any(n.kind == "section" for n in listed.outline)
        if from_contents:
            outline = listed.outline
            warnings = [w for w in warnings if not w.startswith("no numbered headings")] + listed.warnings
            warnings.append("the body has no numbered headings: the outline is built from the table of contents")
    metadata = read_metadata(tree.preamble)
    if metadata.title is None:
        warnings.append("no title found before the first heading")
    warnings += odd_metadata(metadata)
    warnings += overlong_numbers(document.blocks)
    plan = Plan(
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
        outline=outline,
        debris=[DebrisModel(line=d.line, text=d.text) for d in document.debris],
        warnings=warnings,
        outline_from_contents=from_contents,
    )
    if problem := completeness_warning(document, plan):
        plan.warnings.append(f"text lost or doubled: {problem}")
    return plan


__all__ = ["parse_document", "parser_fingerprint"]
