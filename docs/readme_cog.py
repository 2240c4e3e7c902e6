"""Helpers for the README's generated parts (run by `cog`, checked by `make test`).

`run` executes a plancli command in-process, as a user in a 100-column terminal would, on the
repository's data/ folder, and prints it as a console block; `fields` prints a pydantic model's
fields (name, type, description) as a Markdown table, so the README's JSON shapes come from
the models themselves.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import cog
from pydantic import BaseModel
from typer.testing import CliRunner

from plancli.cli import app

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / "build" / "readme"


def run(command: str, *, head: int | None = None, lines: tuple[int, int] | None = None, fresh: bool = False,
        stdin: str | None = None) -> None:
    """Print `$ COMMAND` and what it prints (stdout, then stderr), as a text block.

    HEAD keeps the first lines, LINES a [start, end) range (1-based), with "..." where cut.
    FRESH empties build/readme/ first, for commands that write there. STDIN names a file
    (relative to the repository) piped into the command, shown as `< FILE`.
    """
    if fresh:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    args = shlex.split(command)
    assert args[0] == "plancli"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        env = {"COLUMNS": "100", "NO_COLOR": "1", "PLANCLI_DATA": "data", "TERM": "dumb"}
        piped = (ROOT / stdin).read_bytes() if stdin else None
        result = CliRunner().invoke(app, args[1:], env=env, catch_exceptions=False, input=piped)
    finally:
        os.chdir(cwd)
    out = (result.stdout + result.stderr).rstrip("\n").split("\n")
    out = [line.rstrip() for line in out]
    if head is not None and len(out) > head:
        out = out[:head] + ["..."]
    if lines is not None:
        start, end = lines
        out = (["..."] if start > 1 else []) + out[start - 1:end - 1] + (["..."] if end - 1 < len(out) else [])
    cog.outl("```text")
    cog.outl(f"$ {command}" + (f" < {stdin}" if stdin else ""))
    cog.outl("\n".join(out))
    cog.outl("```")


def published_copies() -> None:
    """Write huadu as published — a PDF (reportlab) and a GBK web page — to build/readme/, with
    the writers the test suite uses."""
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.writers import html_copy_of, pdf_copy_of

    text = (ROOT / "data" / "raw" / "huadu.txt").read_text(encoding="utf-8")
    SCRATCH.mkdir(parents=True, exist_ok=True)
    (SCRATCH / "huadu.pdf").write_bytes(pdf_copy_of(text))
    (SCRATCH / "huadu.html").write_bytes(html_copy_of(text, encoding="gbk"))


def _type_name(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_name(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list[{_type_name(schema.get('items', {}))}]"
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"dict[str, {_type_name(schema['additionalProperties'])}]"
    if "enum" in schema:
        return " / ".join(json_value(v) for v in schema["enum"])
    if "const" in schema:
        return json_value(schema["const"])
    return {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "null"}.get(
        schema.get("type", ""), schema.get("type", "any"))


def json_value(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def fields(model: type[BaseModel]) -> None:
    """The model's JSON keys in order, with their types and descriptions, as a Markdown table."""
    schema = model.model_json_schema()
    if "$ref" in schema:  # a recursive model is all in $defs
        schema = schema["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    cog.outl("| key | type | what |")
    cog.outl("| --- | --- | --- |")
    for name, prop in schema["properties"].items():
        description = (prop.get("description") or "").replace("|", "\\|").replace("\n", " ")
        kind = _type_name(prop).replace("|", "\\|")
        cog.outl(f"| `{name}` | {kind} | {description} |")


def store_schema() -> None:
    """Every table of the corpus store with its columns, types and meanings, as Markdown."""
    from plancli.storage.store import SCHEMA

    for table, columns in SCHEMA.items():
        cog.outl(f"`{table}`:")
        cog.outl("")
        cog.outl("| column | type | what |")
        cog.outl("| --- | --- | --- |")
        for name, kind, what in columns:
            cog.outl(f"| `{name}` | {kind.split()[0]} | {what.replace('|', chr(92) + '|')} |")
        cog.outl("")


def sql(query: str) -> None:
    """QUERY run on data/plans.db (after `plancli index`), shown as the sqlite3 shell would."""
    import sqlite3

    run_quietly = CliRunner().invoke(app, ["index", "--data", str(ROOT / "data")], catch_exceptions=False)
    assert run_quietly.exit_code == 0, run_quietly.output
    db = sqlite3.connect(ROOT / "data" / "plans.db")
    cursor = db.execute(query)
    cog.outl("```text")
    cog.outl(f'$ sqlite3 -header data/plans.db "{query}"')
    cog.outl("|".join(d[0] for d in cursor.description))
    for row in cursor:
        cog.outl("|".join("" if v is None else str(v) for v in row))
    cog.outl("```")
