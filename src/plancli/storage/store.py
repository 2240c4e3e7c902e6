"""The corpus store: one SQLite database (DATA/plans.db) holding every parsed plan as tidy tables.

Tables (documented column by column in docs/store.md; `SCHEMA` below is the source):
plans, sections, passages (what `query` searches), tables, cells, indicators, indicator_values,
targets, projects, and passages_fts, a full-text index (FTS5, trigram tokenizer) over the
passages' folded text. `parse` puts each plan it parses (rows built in the worker that parsed
it, by `plan_rows`); `plancli index` rebuilds the file from scratch; `query` searches it.

Writes: incremental updates run inside one SQLite transaction per batch of plans, which SQLite
commits atomically (its rollback journal), so a reader never sees half a plan and a crash
leaves the last committed state; a rebuild writes a new file beside the old one and renames
it into place. Anything SQLite cannot write becomes an OutputError naming the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from plancli.analyses.query import (
    Hit,
    QueryResult,
    SearchUnit,
    normalized_terms,
    query_result,
    search_units,
    searchable,
    unit_hit,
    unit_matches,
)
from plancli.errors import NoSuchSection, OutputError
from plancli.extract.indicators import Indicator, YearValue, all_indicators
from plancli.extract.projects import type_table
from plancli.extract.targets import plan_targets
from plancli.files import DEFAULT_MAX_SIZE, check_output, read_source_bytes, replacing
from plancli.lang.numbering import normalize_ref
from plancli.model import Plan
from plancli.parse import parser_fingerprint
from plancli.storage.plans import data_dir, in_data_folder, load_plan
from plancli.words.tokens import TableCellRef

STORE_NAME = "plans.db"
# Bump when a table's shape changes: a store of another version is rebuilt, never read.
STORE_VERSION = 4
# FTS5's trigram tokenizer indexes every 3 characters; shorter terms are found by instr().
TRIGRAM = 3

_PACKAGE = Path(__file__).resolve().parents[1]
# The code whose change changes the rows of a plan (besides the parser, recorded per plan).
_INDEXER_SOURCES = ("extract/*.py", "analyses/query.py", "words/tokens.py", "storage/store.py")

SCHEMA: dict[str, list[tuple[str, str, str]]] = {
    "plans": [
        ("plan_id", "TEXT PRIMARY KEY", "the plan id (its file's stem)"),
        ("title", "TEXT", "the plan's title"),
        ("province", "TEXT", ""), ("city", "TEXT", ""), ("district", "TEXT", ""),
        ("period", "TEXT", "e.g. 十四五"), ("start_year", "INTEGER", ""), ("end_year", "INTEGER", ""),
        ("status", "TEXT", "draft status such as 征求意见稿; NULL for a final text"),
        ("document_number", "TEXT", ""), ("issuer", "TEXT", ""), ("date", "TEXT", ""),
        ("source_name", "TEXT", "file name the plan was read from"),
        ("source_path", "TEXT", "absolute path of that file when parsed"),
        ("sha256", "TEXT", "hash of the file's bytes"),
        ("encoding", "TEXT", "the encoding it was read with (docx for Word, pdf for PDF)"),
        ("encoding_given", "TEXT", "the --encoding it was parsed with; NULL when detected"),
        ("lines", "INTEGER", "source lines"), ("characters", "INTEGER", "source characters"),
        ("sections", "INTEGER", "numbered section headings"), ("tasks", "INTEGER", "task items"),
        ("tables", "INTEGER", ""), ("special_projects", "INTEGER", "boxed 专项工程/专栏"),
        ("annexes", "INTEGER", ""), ("indicators", "INTEGER", "typed indicator rows"),
        ("targets", "INTEGER", "prose targets"), ("projects", "INTEGER", "typed project rows"),
        ("warnings", "TEXT", "the parser's warnings, one per line"),
        ("parser", "TEXT", "fingerprint of the parsing code"),
        ("indexer", "TEXT", "fingerprint of the code that made these rows"),
        ("size", "INTEGER", "file size when parsed (with mtime_ns: a file not touched is not re-hashed)"),
        ("mtime_ns", "INTEGER", "file modification time when parsed"),
    ],
    "sections": [
        ("plan_id", "TEXT", ""), ("seq", "INTEGER", "position in document order (0-based)"),
        ("last_seq", "INTEGER", "seq of the last node of this one's subtree"),
        ("kind", "TEXT", "section, annex or special_project"),
        ("path", "TEXT", "path in the document's numerals, e.g. 三.（一）.2"),
        ("numeric_path", "TEXT", "the same in arabic numbers, e.g. 3.1.2"),
        ("parent_path", "TEXT", "path of the node above; NULL at the top"),
        ("level", "INTEGER", "1 = top"), ("number", "TEXT", "the numeral as written"),
        ("title", "TEXT", ""), ("heading", "TEXT", "the heading as written"),
        ("is_task", "INTEGER", "1 for a task item"),
        ("start_line", "INTEGER", "first source line"), ("end_line", "INTEGER", "last source line"),
        ("text", "TEXT", "the node's own paragraphs joined by newlines"),
    ],
    "passages": [
        ("plan_id", "TEXT", ""), ("seq", "INTEGER", "position in document order (0-based)"),
        ("section_seq", "INTEGER", "seq of the node holding it in sections; NULL for the preamble"),
        ("path", "TEXT", "that node's path"), ("title", "TEXT", "that node's title"),
        ("kind", "TEXT", "heading, task, paragraph or table (a table cell)"), ("line", "INTEGER", "source line"),
        ("text", "TEXT", "as written"),
        ("cell", "TEXT", "for a table cell: JSON {table, caption, row, label, column}; else NULL"),
        ("folded", "TEXT", "as matching sees it (full-width → half-width, case-folded, traditional → simplified)"),
        ("aligned", "INTEGER", "1 when folding kept one character for one (offsets hold)"),
    ],
    "tables": [
        ("plan_id", "TEXT", ""), ("table_index", "INTEGER", "1-based among the plan's tables"),
        ("caption", "TEXT", ""), ("kind", "TEXT", "generic, indicators, key_projects, construction_projects"),
        ("section_path", "TEXT", "path of the node holding it; NULL before the first heading"),
        ("start_line", "INTEGER", ""), ("end_line", "INTEGER", ""),
        ("columns", "INTEGER", "header cells"), ("rows", "INTEGER", "data rows"),
    ],
    "cells": [
        ("plan_id", "TEXT", ""), ("table_index", "INTEGER", ""),
        ("row", "INTEGER", "0 for the header, then 1, 2 … for data rows"), ("col", "INTEGER", "1-based"),
        ("text", "TEXT", "as written (line breaks kept)"),
    ],
    "indicators": [
        ("plan_id", "TEXT", ""), ("indicator_no", "INTEGER", "1-based in the plan, sub-indicators numbered too"),
        ("parent_no", "INTEGER", "indicator_no of the indicator this is a 其中 row of"),
        ("table_index", "INTEGER", ""), ("section_path", "TEXT", ""), ("seq", "TEXT", "序号 as written"),
        ("name", "TEXT", ""), ("unit", "TEXT", ""), ("category", "TEXT", ""),
        ("attribute", "TEXT", "约束性 or 预期性"),
        ("baseline_year", "INTEGER", ""), ("baseline_text", "TEXT", ""), ("baseline_value", "REAL", ""),
        ("target_year", "INTEGER", ""), ("target_text", "TEXT", ""), ("target_comparator", "TEXT", ""),
        ("target_value", "REAL", ""),
    ],
    "indicator_values": [
        ("plan_id", "TEXT", ""), ("indicator_no", "INTEGER", ""), ("year", "INTEGER", ""),
        ("text", "TEXT", "the cell as written"), ("comparator", "TEXT", ""), ("value", "REAL", ""),
        ("unit", "TEXT", ""),
    ],
    "targets": [
        ("plan_id", "TEXT", ""), ("target_no", "INTEGER", "1-based in the plan"),
        ("section_path", "TEXT", ""), ("section_title", "TEXT", ""), ("line", "INTEGER", ""),
        ("year", "INTEGER", ""), ("subject", "TEXT", ""), ("comparator", "TEXT", ""), ("value", "REAL", ""),
        ("unit", "TEXT", ""), ("change", "TEXT", "increase or decrease for a change, else NULL"),
        ("text", "TEXT", "the number with its comparator words"), ("sentence", "TEXT", ""),
    ],
    "projects": [
        ("plan_id", "TEXT", ""), ("table_index", "INTEGER", ""),
        ("kind", "TEXT", "key_project or construction_project"), ("seq", "TEXT", ""), ("name", "TEXT", ""),
        ("content", "TEXT", "a key project's content"), ("address", "TEXT", ""), ("school_type", "TEXT", ""),
        ("build_type", "TEXT", ""), ("land_area", "REAL", ""), ("floor_area", "REAL", ""),
        ("investment", "REAL", "in the table's unit (see investment_unit)"), ("investment_unit", "TEXT", ""),
        ("completion_year", "INTEGER", ""),
    ],
}
TABLES = list(SCHEMA)

_INDEXES = [
    "CREATE INDEX IF NOT EXISTS passages_plan ON passages(plan_id, seq)",
    "CREATE INDEX IF NOT EXISTS sections_plan ON sections(plan_id, seq)",
    *(f"CREATE INDEX IF NOT EXISTS {name}_plan ON {name}(plan_id)"
      for name in TABLES if name not in ("plans", "passages", "sections")),
]
_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(folded, content='passages', "
    "content_rowid='rowid', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER IF NOT EXISTS passages_added AFTER INSERT ON passages BEGIN "
    "INSERT INTO passages_fts(rowid, folded) VALUES (new.rowid, new.folded); END",
    "CREATE TRIGGER IF NOT EXISTS passages_removed AFTER DELETE ON passages BEGIN "
    "INSERT INTO passages_fts(passages_fts, rowid, folded) VALUES ('delete', old.rowid, old.folded); END",
]


def store_path(data: Path | None = None) -> Path:
    return data_dir(data) / STORE_NAME


@cache
def indexer_fingerprint() -> str:
    """A short hash of the parser and of the code that turns a plan into rows."""
    digest = hashlib.sha256(parser_fingerprint().encode())
    for pattern in _INDEXER_SOURCES:
        for path in sorted(_PACKAGE.glob(pattern)):
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(str(STORE_VERSION).encode())
    return digest.hexdigest()[:16]


# --- a plan as rows -------------------------------------------------------------------------


@dataclass
class PlanRows:
    """One plan's rows for every table, ready to insert (built where the plan was parsed)."""

    plan_id: str
    rows: dict[str, list[tuple]] = field(default_factory=dict)


def _value_columns(value: YearValue | None) -> tuple:
    return (value.year, value.text, value.value) if value else (None, None, None)


def _indicator_rows(plan_id: str, indicators: list[Indicator]) -> tuple[list[tuple], list[tuple]]:
    rows: list[tuple] = []
    values: list[tuple] = []

    def add(indicator: Indicator, parent: int | None) -> None:
        number = len(rows) + 1
        target = indicator.target
        rows.append((plan_id, number, parent, indicator.table_index, indicator.section, indicator.seq,
                     indicator.name, indicator.unit, indicator.category, indicator.attribute,
                     *_value_columns(indicator.baseline), target.year if target else None,
                     target.text if target else None, target.comparator if target else None,
                     target.value if target else None))
        values.extend((plan_id, number, v.year, v.text, v.comparator, v.value, v.unit) for v in indicator.values)
        for sub in indicator.sub_indicators:
            add(sub, number)

    for indicator in indicators:
        add(indicator, None)
    return rows, values


def _project_rows(plan: Plan) -> list[tuple]:
    rows: list[tuple] = []
    for table in plan.tables():
        typed = type_table(table)
        if typed is None:
            continue
        unit = typed.units.get("investment")
        rows += [(plan.id, typed.table_index, "key_project", p.seq, p.name, p.content, None, None, None, None,
                  None, None, None, None) for p in typed.key_projects]
        rows += [(plan.id, typed.table_index, "construction_project", p.seq, p.name, None, p.address,
                  p.school_type, p.build_type, p.land_area, p.floor_area, p.investment, unit, p.completion_year)
                 for p in typed.construction_projects]
    return rows


def _passage_rows(plan: Plan, section_seqs: dict[str, int]) -> list[tuple]:
    rows = []
    for seq, unit in enumerate(search_units(plan)):
        folded, starts, _ = searchable(unit.text)
        aligned = len(folded) == len(unit.text) and all(i == s for i, s in enumerate(starts))
        cell = unit.cell.model_dump_json() if unit.cell is not None else None
        rows.append((plan.id, seq, section_seqs.get(unit.path) if unit.path is not None else None, unit.path,
                     unit.title, unit.kind, unit.line, unit.text, cell, folded, int(aligned)))
    return rows


def plan_rows(plan: Plan, origin: Path | None = None, encoding: str | None = None) -> PlanRows:
    """PLAN as rows of every table; ORIGIN (its file) is recorded with its size and time, and
    ENCODING, the --encoding it was parsed with (None: detected)."""
    nodes = list(plan.walk())
    seqs = {id(node): seq for seq, node in enumerate(nodes)}
    section_seqs: dict[str, int] = {}
    sections = []
    for node in plan.outline:
        _section_rows(plan.id, node, None, seqs, sections, section_seqs)
    located = plan.located_tables()
    tables = [(plan.id, t.index, t.caption, t.kind, node.path if node else None, t.span.start, t.span.end,
               len(t.header), len(t.rows)) for t, node in located]
    cells = [(plan.id, t.index, r, c, text) for t, _ in located
             for r, row in enumerate([t.header, *t.rows]) for c, text in enumerate(row, start=1)]
    indicators, indicator_values = _indicator_rows(plan.id, all_indicators(plan))
    targets = [(plan.id, n, t.section, t.section_title, t.line, t.year, t.subject, t.comparator, t.value, t.unit,
                t.change, t.text, t.sentence) for n, t in enumerate(plan_targets(plan), start=1)]
    projects = _project_rows(plan)
    meta, source = plan.metadata, plan.source
    stat = origin.stat() if origin is not None else None
    plans = [(plan.id, meta.title, meta.province, meta.city, meta.district, meta.period, meta.start_year,
              meta.end_year, meta.status, meta.document_number, meta.issuer, meta.date, source.name,
              str(origin.resolve()) if origin else None, source.sha256, source.encoding, encoding, source.lines,
              source.characters, sum(plan.heading_counts().values()), len(plan.tasks()), len(located),
              len(plan.special_projects()), len(plan.annexes()), len(indicators), len(targets), len(projects),
              "\n".join(plan.warnings), plan.parser, indexer_fingerprint(),
              stat.st_size if stat else None, stat.st_mtime_ns if stat else None)]
    rows = {"plans": plans, "sections": sections, "passages": _passage_rows(plan, section_seqs),
            "tables": tables, "cells": cells, "indicators": indicators, "indicator_values": indicator_values,
            "targets": targets, "projects": projects}
    return PlanRows(plan.id, rows)


def _section_rows(plan_id: str, node, parent: str | None, seqs: dict[int, int], out: list[tuple],
                  section_seqs: dict[str, int]) -> int:
    seq = seqs[id(node)]
    section_seqs.setdefault(node.path, seq)
    index = len(out)
    out.append(())  # filled once the subtree's last seq is known
    last = seq
    for child in node.children:
        last = _section_rows(plan_id, child, node.path, seqs, out, section_seqs)
    out[index] = (plan_id, seq, last, node.kind, node.path, node.numeric_path, parent, node.level, node.number,
                  node.title, node.heading, int(node.is_task), node.span.start, node.span.end, node.text)
    return last


# --- the database -----------------------------------------------------------------------------


@dataclass
class StoredPlan:
    """What the store remembers of a plan's file, to tell whether it changed."""

    sha256: str
    encoding: str
    encoding_given: str | None
    indexer: str
    source_path: str | None
    size: int | None
    mtime_ns: int | None


class Store:
    """The SQLite corpus store at PATH. Use as a context manager; writes need WRITABLE."""

    def __init__(self, path: Path, *, writable: bool = True):
        self.path = path
        self.writable = writable
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> Store:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> sqlite3.Connection:
        if self._db is None:
            if self.writable:
                check_output(self.path)
                self.path.parent.mkdir(parents=True, exist_ok=True)
                uri = f"file:{self.path}?mode=rwc"
            else:
                uri = f"file:{self.path}?mode=ro"
            with self._failing("open"):
                self._db = sqlite3.connect(uri, uri=True)
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version != STORE_VERSION and self.writable:
                    self._create(fresh=version != 0)
                elif version != STORE_VERSION:
                    raise sqlite3.DatabaseError(f"store version {version}, this plancli reads {STORE_VERSION}")
        return self._db

    @contextlib.contextmanager
    def _failing(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as err:
            raise OutputError(str(self.path), f"cannot {doing} the plan store ({err})") from None

    def _create(self, fresh: bool) -> None:
        db = self._db
        assert db is not None
        if fresh:  # another version's store: its tables go, the plans are put again by the next parse
            for name in [*TABLES, "passages_fts"]:
                db.execute(f"DROP TABLE IF EXISTS {name}")
        for name, columns in SCHEMA.items():
            db.execute(f"CREATE TABLE IF NOT EXISTS {name} ("
                       + ", ".join(f'"{column}" {kind}' for column, kind, _ in columns) + ")")
        for statement in [*_INDEXES, *_FTS]:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {STORE_VERSION}")
        db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- plans in and out

    def stored(self) -> dict[str, StoredPlan]:
        db = self.open()
        with self._failing("read"):
            rows = db.execute("SELECT plan_id, sha256, encoding, encoding_given, indexer, source_path, size, mtime_ns "
                              "FROM plans")
            return {row[0]: StoredPlan(*row[1:]) for row in rows}

    def put(self, batch: Iterable[PlanRows]) -> None:
        """Replace each plan of BATCH by its new rows, all in one transaction."""
        db = self.open()
        with self._failing("write"), db:
            for plan in batch:
                self._delete(db, plan.plan_id)
                for name, rows in plan.rows.items():
                    if rows:
                        marks = ", ".join("?" * len(SCHEMA[name]))
                        db.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)

    @staticmethod
    def _delete(db: sqlite3.Connection, plan_id: str) -> None:
        for name in TABLES:
            db.execute(f"DELETE FROM {name} WHERE plan_id = ?", (plan_id,))

    def touch(self, origins: Iterable[Path]) -> None:
        """Record the current size and time of ORIGINS, files whose plans' bytes are unchanged."""
        rows = []
        for origin in origins:
            stat = origin.stat()
            rows.append((stat.st_size, stat.st_mtime_ns, origin.stem, str(origin.resolve())))
        if not rows:
            return
        db = self.open()
        with self._failing("write"), db:
            db.executemany("UPDATE plans SET size = ?, mtime_ns = ? WHERE plan_id = ? AND source_path = ?", rows)

    def parse_summary(self, plan_id: str) -> tuple[dict[int, int], int, list[str]]:
        """(headings per level, tables, warnings) of a stored plan, as parsing it would report."""
        db = self.open()
        with self._failing("read"):
            levels = db.execute("SELECT level, count(*) FROM sections WHERE plan_id = ? AND kind = 'section' "
                                "GROUP BY level ORDER BY level", (plan_id,)).fetchall()
            tables, warnings = db.execute("SELECT tables, warnings FROM plans WHERE plan_id = ?",
                                          (plan_id,)).fetchone()
        return dict(levels), tables, warnings.split("\n") if warnings else []

    def counts(self) -> dict[str, int]:
        db = self.open()
        with self._failing("read"):
            return {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES}

    def table_rows(self, name: str) -> tuple[list[str], Iterator[tuple]]:
        """The columns of table NAME and a cursor over its rows, in plan and document order."""
        columns = [column for column, _, _ in SCHEMA[name]]
        order = ", ".join(c for c in ("plan_id", "seq", "table_index", "indicator_no", "target_no", "row", "col")
                          if c in columns)
        db = self.open()
        with self._failing("read"):
            cursor = db.execute(f"SELECT * FROM {name} ORDER BY {order}")
        return columns, cursor

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the store written to TARGET (through a temporary file)."""
        copy_database(self.open(), target)

    # --- search

    def search(self, plan_ids: Sequence[str], terms: list[str], *, any_term: bool = False,
               section: str | None = None) -> dict[str, list[Hit]]:
        """query_plans' hits for the stored plans PLAN_IDS, plan by plan in that order.

        The index only narrows the passages to read (trigrams for terms of three characters or
        more, instr() for shorter ones); each candidate is then matched by query's own
        unit_matches, so the hits are exactly those query_plans finds in the plans.
        """
        wanted = normalized_terms(terms)
        db = self.open()
        hits: dict[str, list[Hit]] = {plan_id: [] for plan_id in plan_ids}
        with self._failing("read"):
            inside = {plan_id: self._section_paths(db, plan_id, section) for plan_id in plan_ids} if section else {}
            conditions, parameters = _term_conditions(wanted, any_term)
            sql = ("SELECT plan_id, seq, section_seq, path, title, kind, line, text, cell, folded, aligned "
                   "FROM passages "
                   f"WHERE plan_id IN (SELECT value FROM json_each(?)) AND ({conditions}) ORDER BY plan_id, seq")
            for plan_id, _, _, path, title, kind, line, text, cell, folded, aligned in db.execute(
                    sql, [json.dumps(list(plan_ids), ensure_ascii=False), *parameters]):
                if section and path not in inside[plan_id]:
                    continue
                normalized = (folded, range(len(folded)), range(1, len(folded) + 1)) if aligned \
                    else searchable(text)
                matches = unit_matches(normalized, wanted, any_term)
                if matches:
                    where = TableCellRef.model_validate_json(cell) if cell is not None else None
                    hits[plan_id].append(unit_hit(plan_id, SearchUnit(path, line, text, title, kind, where), matches))
        return hits

    @staticmethod
    def _section_paths(db: sqlite3.Connection, plan_id: str, ref: str) -> set[str]:
        """The paths in the subtree Plan.find(REF) gives, or NoSuchSection as find_section raises."""
        wanted = normalize_ref(ref)
        nodes = db.execute("SELECT seq, last_seq, path, numeric_path FROM sections WHERE plan_id = ? ORDER BY seq",
                           (plan_id,)).fetchall()
        for seq, last, path, numeric in nodes:
            if wanted in (normalize_ref(path), normalize_ref(numeric)):
                return {p for s, _, p, _ in nodes if seq <= s <= last}
        raise NoSuchSection(plan_id, ref)


def _term_conditions(terms: list[str], any_term: bool) -> tuple[str, list[str]]:
    """SQL narrowing the passages to those that may hold TERMS (all, or any one)."""
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    short_terms = [t for t in terms if len(t) < TRIGRAM]
    parts: list[str] = []
    parameters: list[str] = []
    if long_terms:
        joiner = " OR " if any_term else " AND "
        parts.append("rowid IN (SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?)")
        parameters.append(joiner.join('"' + t.replace('"', '""') + '"' for t in long_terms))
    for term in short_terms:
        parts.append("instr(folded, ?) > 0")
        parameters.append(term)
    return (" OR " if any_term else " AND ").join(parts), parameters


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """SOURCE's database copied to TARGET: written to a temporary file there, then renamed."""
    check_output(target)
    with replacing(target) as temporary:
        copy = sqlite3.connect(temporary)
        try:
            with copy:
                source.backup(copy)
        except sqlite3.Error as err:
            raise OutputError(str(target), f"cannot write ({err})") from None
        finally:
            copy.close()


@contextlib.contextmanager
def rebuilt_store(path: Path) -> Iterator[Store]:
    """A new, empty store written beside PATH and renamed over it when the block succeeds."""
    check_output(path)
    with replacing(path) as temporary:
        store = Store(temporary)
        try:
            store.open()
            yield store
        finally:
            store.close()


# --- query through the store --------------------------------------------------------------------


def holds(stored: StoredPlan | None, path: Path, encoding: str | None = None,
          max_size: int = DEFAULT_MAX_SIZE) -> bool | None:
    """Whether STORED (the store's row for PATH's id) holds PATH as it is now, read with ENCODING
    (None: detected) by this code: True; None when it does but the file's size or time changed
    (its bytes were hashed: Store.touch it); False otherwise. A file whose size and time are
    those recorded is not read at all."""
    if stored is None or stored.indexer != indexer_fingerprint() or stored.source_path != str(path.resolve()):
        return False
    # A text encoding given for a Word or PDF file does not apply to it (as for the parse cache).
    if stored.encoding_given != encoding and not (encoding and stored.encoding in ("docx", "pdf")):
        return False
    stat = path.stat()
    if (stored.size, stored.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
        return True
    return None if hashlib.sha256(read_source_bytes(path, max_size)).hexdigest() == stored.sha256 else False


def stored_query(terms: list[str], paths: Sequence[Path], data: Path | None = None, *, any_term: bool = False,
                 section: str | None = None, max_size: int = DEFAULT_MAX_SIZE) -> QueryResult | None:
    """query_plans(TERMS) over the plan files PATHS, answered from the store DATA/plans.db.

    Plans of DATA/raw/ missing from the store or changed since are parsed (through the parse
    cache, as load_plan does) and put in first. None when the store cannot answer: a plan from
    outside DATA/raw/ that it does not hold, or a store that cannot be read or written.
    """
    try:
        with Store(store_path(data)) as store:
            stored = store.stored()
            stale, touched = [], []
            for path in paths:
                held = holds(stored.get(path.stem), path, max_size=max_size)
                if held is None:
                    touched.append(path)
                elif not held:
                    if not in_data_folder(path, data):
                        return None
                    stale.append(plan_rows(load_plan(str(path), data, max_size=max_size), path))
            store.touch(touched)
            store.put(stale)
            hits = store.search(list(dict.fromkeys(path.stem for path in paths)), terms, any_term=any_term,
                                section=section)
    except OutputError:
        return None
    return query_result(terms, any_term, False, section, hits)
