"""Parse a Document (the reader's block stream) into a validated Plan."""

from __future__ import annotations

from plancli.model import Paragraph, Plan, Source
from plancli.model import Debris as DebrisModel
from plancli.parse.front import contents_from, find_contents, read_metadata
from plancli.parse.tree import build_outline
from plancli.readers.blocks import Document, TextBlock


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
