"""Finding plans, parsing them, and keeping parsed JSON in data/parsed/.

A plan reference is either an id resolved in DATA/raw/ ("huadu" → data/raw/huadu.txt) or a
file path; a path's id is its file stem. Parsed plans are cached as DATA/parsed/<id>.json and
reused while the source hash recorded in them still matches the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from pydantic import ValidationError

from plancli.errors import OutputError, PlanInputError
from plancli.files import read_source_bytes, write_atomic
from plancli.model import SCHEMA_VERSION, Plan
from plancli.parse import parse_document, parser_fingerprint
from plancli.readers import SUPPORTED_SUFFIXES, decode_bytes, detect_encoding, document_from_bytes

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


def resolve(ref: str, data: Path | None = None) -> Path:
    """The file REF names: an existing path, or an id in DATA/raw/."""
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


def parse_file(path: Path, encoding: str | None = None, plan_id: str | None = None) -> Plan:
    """Read and parse one plan file (no cache)."""
    return _parse_bytes(read_source_bytes(path), path, encoding, plan_id)


def _parse_bytes(data: bytes, path: Path, encoding: str | None, plan_id: str | None) -> Plan:
    document = document_from_bytes(data, path, encoding)
    del data  # the parse needs only the text: the bytes go (when no caller keeps them), a byte an input byte
    return parse_document(document, plan_id or path.stem).with_origin(path)


def cache_path(plan_id: str, data: Path | None = None) -> Path:
    return data_dir(data) / "parsed" / f"{plan_id}.json"


def load_plan(ref: str, data: Path | None = None, encoding: str | None = None) -> Plan:
    """The parsed plan REF names, from the cache when it is still current.

    The cache must match the file's bytes, the parsing code and the encoding (the one given,
    else the one detected), so a plan once read with a wrong --encoding is not served again.
    A plan of DATA/raw/ parsed afresh is written to the cache for the next command.
    """
    path = resolve(ref, data)
    raw = read_source_bytes(path)
    cache = cache_path(path.stem, data)
    cached = _read_cache(cache, hashlib.sha256(raw).hexdigest(), encoding or detect_encoding(raw, path))
    if cached:
        return cached.with_origin(path)
    plan = _parse_bytes(raw, path, encoding, None)
    if in_data_folder(path, data):
        # A cache that cannot be written (read-only data folder) only costs the next command a re-parse.
        with contextlib.suppress(OSError, OutputError):
            save_plan(plan, cache.parent)
    return plan


def _read_cache(path: Path, sha256: str, encoding: str) -> Plan | None:
    try:
        plan = Plan.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None
    current = (
        plan.schema_version == SCHEMA_VERSION
        and plan.parser == parser_fingerprint()
        and plan.source.sha256 == sha256
        # A text encoding given for a Word file does not apply to it.
        and plan.source.encoding in (encoding, "docx")
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


def save_plan(plan: Plan, out_dir: Path) -> tuple[Path, bool]:
    """Write OUT_DIR/<id>.json atomically; return its path and whether the bytes changed."""
    target = out_dir / f"{plan.id}.json"
    return target, write_atomic(target, _plan_json_bytes(plan))


def source_text(plan: Plan) -> str | None:
    """The decoded text PLAN was parsed from, for locating findings by line and column; None for
    a Word file (its lines are those of its text rendering) or a plan with no file."""
    if plan.origin is None or plan.source.encoding == "docx":
        return None
    return decode_bytes(read_source_bytes(plan.origin), str(plan.origin), plan.source.encoding)[0]
