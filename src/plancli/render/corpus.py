"""`plancli index` and `plancli export`: what the corpus store holds and what was written."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from plancli.files import write_atomic_chunks
from plancli.render.base import EXCEL_BOM, TableView, View, rich_to_text, to_csv, to_rich_table

STORE_COLUMNS = ["table", "rows"]


class StoreView(TableView):
    """Rows per table of the store (`plancli index`)."""

    def __init__(self, counts: dict[str, int], title: str):
        super().__init__(STORE_COLUMNS, [[name, count] for name, count in counts.items()], json_value=counts,
                         title=title, numeric=["rows"])


EXPORT_COLUMNS = ["table", "rows", "file"]


class ExportView(View):
    """The files `plancli export` wrote. Its formats are those of the files (csv, sqlite); what
    it prints is the same summary of tables, rows and files for either."""

    json = None  # type: ignore[assignment]  # --format names the files' format: there is no JSON export

    def __init__(self, written: list[tuple[str, int, str]]):
        super().__init__(written)

    def _summary(self) -> str:
        return rich_to_text(to_rich_table(EXPORT_COLUMNS, self.value, title="Exported", numeric=["rows"]))

    def csv(self) -> str:
        return self._summary()

    def sqlite(self) -> str:
        return self._summary()


_ROWS_PER_CHUNK = 2000  # rows rendered at a time: an export holds one chunk in memory, not a table


def write_csv_tables(tables: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], directory: Path,
                     excel: bool = False) -> list[tuple[str, int, str]]:
    """Each (name, columns, rows) of TABLES as DIRECTORY/<name>.csv through the one CSV writer
    (to_csv), UTF-8 (with a byte-order mark for EXCEL), streamed chunk by chunk and renamed
    into place when whole; returns (name, rows, file) per table."""
    written = []
    for name, columns, rows in tables:
        count = 0

        def chunks(columns: Sequence[str] = columns, rows: Iterable[Sequence[Any]] = rows) -> Iterator[bytes]:
            nonlocal count
            yield ((EXCEL_BOM if excel else "") + to_csv(columns, [])).encode("utf-8")
            iterator = iter(rows)
            while chunk := list(islice(iterator, _ROWS_PER_CHUNK)):
                count += len(chunk)
                # to_csv always starts with the header row: the header was written once, above.
                yield to_csv(columns, chunk).split("\n", 1)[1].encode("utf-8")

        target = directory / f"{name}.csv"
        write_atomic_chunks(target, chunks(), folder=directory)
        written.append((name, count, str(target)))
    return written
