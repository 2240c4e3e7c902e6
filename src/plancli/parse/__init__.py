"""Parse a Document (the reader's block stream) into a validated Plan."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from plancli.model import Paragraph, Plan, Source
from plancli.model import Debris as DebrisModel
from plancli.parse.front import contents_from, find_contents, read_metadata
from plancli.parse.tree import build_outline
from plancli.readers.blocks import Document, TextBlock


_PACKAGE = Path(__file__).resolve().parents[1]
# Everything whose change can change a parsed plan.
_PARSER_SOURCES = ("model.py", "readers/*.py", "parse/*.py", "extract/*.py", "resources/*")


@cache
def parser_fingerprint() -> str:
    """A short hash of the parsing code, recorded in each plan so stale caches are re-parsed."""
    digest = hashlib.sha256()
    for pattern in _PARSER_SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


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


__all__ = ["parse_document", "Paragraph", "TextBlock"]
