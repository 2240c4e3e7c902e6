"""`plancli tables`: the list of a plan's tables, or one table exported with its cells as written."""

from __future__ import annotations

from rich.console import RenderableType

from plancli.analyses.tables import TableExport
from plancli.model import Plan, Table
from plancli.parse.tables import header_key
from plancli.render.base import Rendered, TableView, to_markdown_table, to_rich_table

TABLE_LIST_COLUMNS = ["index", "caption", "kind", "section", "rows", "columns"]


def table_list_rows(tables: list[tuple[Table, str | None]]) -> list[list[object]]:
    return [[t.index, t.caption or "", t.kind, section or "", len(t.rows), t.column_count]
            for t, section in tables]


def table_csv_header(table: Table) -> list[str]:
    """Header cells on one line each, as a spreadsheet wants them."""
    return [header_key(cell) for cell in table.header]


def table_rich(table: Table) -> RenderableType:
    title = f"表{table.index} {table.caption or ''}".strip()
    return to_rich_table(table.header, table.rows, title=title)


def table_markdown(table: Table) -> str:
    heading = f"**{table.caption}**\n\n" if table.caption else ""
    return heading + to_markdown_table(table_csv_header(table), table.rows)


class TableListView(TableView):
    def __init__(self, plan: Plan):
        located = [(t, n.path if n else None) for t, n in plan.located_tables()]
        super().__init__(TABLE_LIST_COLUMNS, table_list_rows(located), json_value=[t for t, _ in located],
                         title=f"{plan.id}: tables", wrap=["caption"], empty=f"{plan.id} has no tables.")


class TableExportView(TableView):
    """One table: CSV with one header line per column, JSON with its typed records."""

    def __init__(self, export: TableExport):
        super().__init__(table_csv_header(export.table), export.table.rows, json_value=export)
        self.export = export

    def table(self) -> Rendered:
        return table_rich(self.export.table)

    def markdown(self) -> str:
        return table_markdown(self.export.table)
