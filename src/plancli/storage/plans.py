"""Finding plans, parsing them, and keeping parsed JSON in data/parsed/.

A plan reference is either an id resolved in DATA/raw/ ("huadu" → data/raw/huadu.txt), a
file path (its id is its file stem), or "-" for standard input (id "stdin", its type told by its
bytes, never cached). Parsed plans are cached as DATA/parsed/<id>.json and
reused while the source hash recorded in them still matches the file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from plancli.errors import PlanInputError
from plancli.files import DEFAULT_MAX_SIZE, read_cache, read_source_bytes, read_stdin_bytes, write_atomic, write_cache
from plancli.model import SCHEMA_VERSION, Plan
from plancli.parse import parse_document, parser_fingerprint
from plancli.readers import (
    RENDERED_SUFFIXES,
    SUPPORTED_SUFFIXES,
    decode_bytes,
    detect_encoding,
    document_from_bytes,
    suffix_for,
)

DATA_ENV = "PLANCLI_DATA"


def data_dir(explicit: Path | None = None) -> Path:
    """The data folder: EXPLICIT, else $PLANCLI_DATA, else ./data."""
    return explicit or Path(os.environ.get(DATA_ENV) or "data")


def known_plans(data: Path | None = None) -> list[Path]:
    """The plan files in DATA/raw/, sorted by id. Two files with one id are an error."""
    raw = data_dir(data) / "raw"
    if not raw.is_dir():
        return []
    plans = sorted(p for p in raw.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    for first, second in zip(plans, plans[1:]):
        if first.stem == second.stem:
            raise PlanInputError(str(raw), f"{first.name} and {second.name} share the id {first.stem!r}: "
                                           "rename one of them")
    return plans


STDIN_REF = "-"
STDIN_ID = "stdin"
_STDIN = Path(STDIN_REF)


def resolve(ref: str, data: Path | None = None) -> Path:
    """The file REF names: an existing path, or an id in DATA/raw/ ("-", standard input, is Path("-"))."""
    if ref == STDIN_REF:
        return _STDIN
    path = Path(ref)
    if path.is_file():
        return path
    if path.is_dir():
        raise PlanInputError(ref, "is a directory, not a plan file")
    if path.suffix or os.sep in ref or "/" in ref:
        raise PlanInputError(ref, "no such file")
    for candidate in known_plans(data):
        if candidate.stem == ref:
            return candidate
    known = ", ".join(p.stem for p in known_plans(data)) or "none"
    raise PlanInputError(ref, f"no such plan in {data_dir(data) / 'raw'} (known plans: {known})")


def in_data_folder(path: Path, data: Path | None = None) -> bool:
    """Whether PATH is one of the plans in DATA/raw/ (only those are cached in DATA/parsed/)."""
    return path.resolve().parent == (data_dir(data) / "raw").resolve()


def parse_file(path: Path | str, encoding: str | None = None, plan_id: str | None = None,
               max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """Read and parse one plan file (no cache); Path("-") reads standard input. MAX_SIZE bounds
    the bytes read, and a Word file's unpacked parts."""
    path = Path(path)
    if path == _STDIN:
        data = read_stdin_bytes(max_size)
        # Bytes without a name: the reader is chosen by what they are, and errors name <stdin>.
        named = Path("<stdin>" + suffix_for(data))
        document = document_from_bytes(data, named, encoding, max_size=max_size)
        return parse_document(document, plan_id or STDIN_ID)
    data = read_source_bytes(path, max_size)
    return _parse_bytes(data, path, encoding, plan_id, max_size)


def _parse_bytes(data: bytes, path: Path, encoding: str | None, plan_id: str | None, max_size: int) -> Plan:
    document = document_from_bytes(data, path, encoding, max_size=max_size)
    del data  # the parse needs only the text: the bytes go (when no caller keeps them), a byte an input byte
    return parse_document(document, plan_id or path.stem).with_origin(path)


def cache_path(plan_id: str, data: Path | None = None) -> Path:
    return data_dir(data) / "parsed" / f"{plan_id}.json"


def load_plan(ref: str, data: Path | None = None, encoding: str | None = None,
              max_size: int = DEFAULT_MAX_SIZE) -> Plan:
    """The parsed plan REF names, from the cache when it is still current.

    The cache must match the file's bytes, the parsing code and the encoding (the one given,
    else the one detected), so a plan once read with a wrong --encoding is not served again.
    A plan of DATA/raw/ parsed afresh is written to the cache for the next command (skipped
    with a CacheWarning when it cannot be); one read from standard input is parsed each time.
    MAX_SIZE bounds what is read (see parse_file).
    """
    path = resolve(ref, data)
    if path == _STDIN:
        return parse_file(path, encoding, max_size=max_size)
    raw = read_source_bytes(path, max_size)
    cache = cache_path(path.stem, data)
    cached = _read_cache(cache, hashlib.sha256(raw).hexdigest(), encoding or detect_encoding(raw, path))
    if cached:
        return cached.with_origin(path)
    plan = _parse_bytes(raw, path, encoding, None, max_size)
    if in_data_folder(path, data):
        write_cache(cache, plan_json(plan).encode("utf-8"), cache.parent, [path])
    return plan


def _read_cache(path: Path, sha256: str, encoding: str) -> Plan | None:
    try:
        plan = Plan.model_validate_json(read_cache(path) or b"")
    except (ValidationError, ValueError):
        return None
    current = (
        plan.schema_version == SCHEMA_VERSION
        and plan.parser == parser_fingerprint()
        and plan.source.sha256 == sha256
        # A text encoding given for a Word or PDF file does not apply to it.
        and plan.source.encoding in (encoding, "docx", "pdf")
    )
    return plan if current else None


def plan_json(plan: Plan) -> str:
    """The plan as JSON: UTF-8 with Chinese unescaped, keys in model order, newline at the end.

    Never NaN or Infinity: a Plan holds no floats (a test keeps it so) and pydantic's serializer
    writes null for them. It is the same text files.json_text would give, made about ten times
    faster and with a fraction of the memory (no dict of the whole plan): that counts at 200 MB.
    """
    return _plan_json_bytes(plan).decode("utf-8")


def _plan_json_bytes(plan: Plan) -> bytes:
    """plan_json's UTF-8 bytes, serialized straight to bytes: no str of the whole plan (with
    Chinese text a str takes two bytes a character) on the way to the file."""
    return plan.__pydantic_serializer__.to_json(plan, indent=2) + b"\n"


def plan_digest(plan: Plan) -> str:
    """The sha256 of the plan's JSON: what a token cache records to belong to that <id>.json."""
    return hashlib.sha256(_plan_json_bytes(plan)).hexdigest()


def save_plan(plan: Plan, out_dir: Path, inputs: Iterable[Path] = ()) -> tuple[Path, bool]:
    """Write OUT_DIR/<id>.json atomically (never onto one of INPUTS, the files being read);
    return its path and whether the bytes changed."""
    target = out_dir / f"{plan.id}.json"
    return target, write_atomic(target, _plan_json_bytes(plan), [*inputs, *plan_files(plan)], out_dir)


def plan_files(plan: Plan) -> list[Path]:
    """The file PLAN was read from, as a list of the inputs no output may overwrite."""
    return [plan.origin] if plan.origin is not None else []


def source_text(plan: Plan, max_size: int = DEFAULT_MAX_SIZE) -> str | None:
    """The decoded text PLAN was parsed from, for locating findings by line and column; None for
    a Word, PDF or web-page file (its lines are those of its text rendering) or a plan with no file."""
    if plan.origin is None or plan.origin.suffix.lower() in RENDERED_SUFFIXES:
        return None
    return decode_bytes(read_source_bytes(plan.origin, max_size), str(plan.origin), plan.source.encoding)[0]
