"""Readers turn a plan file into a Document: a stream of paragraph and table blocks."""

from __future__ import annotations

from pathlib import Path

from plancli.errors import PlanInputError
from plancli.readers.blocks import Block, Document, TableBlock, TextBlock
from plancli.readers.text import decode_bytes, text_document_from_bytes, text_to_document

SUPPORTED_SUFFIXES = {".txt", ".text", ".docx"}


def read_source_bytes(path: Path) -> bytes:
    """The file's bytes, or a PlanInputError that says why they cannot be had."""
    source = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PlanInputError(source, "no such file") from None
    except IsADirectoryError:
        raise PlanInputError(source, "is a directory, not a plan file") from None
    except OSError as err:
        raise PlanInputError(source, f"cannot read file ({err.strerror})") from None


def document_from_bytes(data: bytes, path: Path, encoding: str | None = None) -> Document:
    """Read DATA (the contents of PATH) with the reader PATH's suffix calls for."""
    suffix = path.suffix.lower()
    if suffix == ".docx":  # a .docx names no text encoding: ENCODING does not apply
        # Imported here: python-docx costs ~60 ms, paid only when a Word file is read.
        from plancli.readers.docx import docx_document_from_bytes

        return docx_document_from_bytes(data, path)
    if suffix in SUPPORTED_SUFFIXES or not suffix:
        return text_document_from_bytes(data, path, encoding)
    raise PlanInputError(str(path), f"unsupported file type {suffix!r} (expected .txt or .docx)")


def detect_encoding(data: bytes, path: Path) -> str:
    """The encoding the reader for PATH would use for DATA ("docx" for a Word file)."""
    if path.suffix.lower() == ".docx":
        return "docx"
    return decode_bytes(data, str(path))[1]


def read_document(path: Path, encoding: str | None = None) -> Document:
    return document_from_bytes(read_source_bytes(path), path, encoding)


__all__ = ["Block", "Document", "TableBlock", "TextBlock", "detect_encoding", "document_from_bytes",
           "read_document", "read_source_bytes", "text_to_document"]
