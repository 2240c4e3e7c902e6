"""The output formats, apart from the renderers: the command line reads them without importing rich."""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    github = "github"
    sarif = "sarif"
    sqlite = "sqlite"  # only `plancli export`: a database file, not printed text


class UnsupportedFormat(Exception):
    """The command has no renderer for the requested format."""
