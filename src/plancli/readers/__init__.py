"""readers: a plan file's bytes → a Document, one stream of paragraph and table blocks.

One reader per file type (plaintext for .txt in any Chinese encoding, docx for Word), each
producing the same block stream (blocks), so the parser never knows where a plan came from.
Decoding (decode), converter debris and the mending of text converted from PDF
(converted_pdf) happen here. Readers know no heading grammar beyond the shared vocabulary of
plancli.lang, and no model: they may import lang, errors and files only. A new reader is a
module here plus one line in `document_from_bytes`.
"""

from __future__ import annotations

import re
from pathlib import Path

from plancli.errors import PlanInputError
from plancli.files import DEFAULT_MAX_SIZE, read_source_bytes
from plancli.readers.blocks import Block, Document, TableBlock, TextBlock
from plancli.readers.decode import decode_bytes
from plancli.readers.plaintext import text_document_from_bytes, text_to_document

_HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = {".txt", ".text", ".docx", ".pdf", *_HTML_SUFFIXES}
# Formats read through a text rendering: a plan's line numbers are the rendering's, not the file's.
RENDERED_SUFFIXES = {".docx", ".pdf", *_HTML_SUFFIXES}


def document_from_bytes(data: bytes, path: Path, encoding: str | None = None, *,
                        max_size: int = DEFAULT_MAX_SIZE) -> Document:
    """Read DATA (the contents of PATH) with the reader PATH's suffix calls for; MAX_SIZE bounds
    what a Word file's parts may unpack to."""
    suffix = path.suffix.lower()
    if suffix == ".docx":  # a .docx names no text encoding: ENCODING does not apply
        # Imported here: python-docx costs ~60 ms, paid only when a Word file is read.
        from plancli.readers.docx import docx_document_from_bytes

        return docx_document_from_bytes(data, path, max_size)
    if suffix == ".pdf":  # a PDF names no text encoding either
        from plancli.readers.pdf import pdf_document_from_bytes

        return pdf_document_from_bytes(data, path)
    if suffix in _HTML_SUFFIXES:
        from plancli.readers.html import html_document_from_bytes

        return html_document_from_bytes(data, path, encoding)
    if suffix in SUPPORTED_SUFFIXES or not suffix:
        return text_document_from_bytes(data, path, encoding)
    raise PlanInputError(str(path), f"unsupported file type {suffix!r} (expected .txt, .docx, .pdf, .html or .htm)")


_SIGNATURES = ((b"%PDF-", ".pdf"), (b"PK\x03\x04", ".docx"))
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)


def suffix_for(data: bytes) -> str:
    """The file type DATA is, for bytes that come without a name (standard input): .pdf, .docx,
    .html, or "" (plain text) for anything else."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    for signature, suffix in _SIGNATURES:
        if head.startswith(signature):
            return suffix
    return ".html" if _HTML_START.match(head) else ""


def detect_encoding(data: bytes, path: Path) -> str:
    """The encoding the reader for PATH would use for DATA ("docx" for a Word file)."""
    if path.suffix.lower() in (".docx", ".pdf"):
        return path.suffix.lower()[1:]
    if path.suffix.lower() in _HTML_SUFFIXES:
        from plancli.readers.html import html_encoding

        return html_encoding(data, path)
    return decode_bytes(data, str(path))[1]


def read_document(path: Path, encoding: str | None = None) -> Document:
    return document_from_bytes(read_source_bytes(path), path, encoding)


__all__ = ["RENDERED_SUFFIXES", "SUPPORTED_SUFFIXES", "Block", "Document", "TableBlock", "TextBlock", "decode_bytes",
           "detect_encoding", "document_from_bytes", "read_document", "read_source_bytes", "suffix_for",
           "text_to_document"]
