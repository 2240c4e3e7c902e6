"""Typed data from a parsed plan: indicators, prose targets, project tables."""

from __future__ import annotations

from plancli.extract.indicators import is_indicator_table
from plancli.extract.projects import table_kind
from plancli.model import Table


def classify_table(table: Table) -> str:
    """The kind of TABLE: indicators, construction_projects, key_projects or generic."""
    return "indicators" if is_indicator_table(table) else table_kind(table)
