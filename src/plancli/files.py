"""Reading and writing files safely: the one path every input and output goes through.

Reads name the file in their errors; writes are atomic (a temporary file renamed into place),
so no half-written output is ever seen, and they are checked before anything is written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from plancli.errors import OutputError, PlanInputError


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


def read_text(path: Path) -> str:
    """A small UTF-8 file of plancli's own (a baseline, a config), or a PlanInputError."""
    data = read_source_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PlanInputError(str(path), f"not UTF-8 (invalid byte at offset {err.start})") from None


def append_text(path: Path, text: str) -> None:
    """Append TEXT to PATH (a log or summary file someone else owns), or an OutputError."""
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as err:
        raise OutputError(str(path), f"cannot write ({err.strerror})") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def check_writable(target: Path) -> None:
    """Raise OutputError, before anything is written, if TARGET cannot be an output file."""
    if target.is_dir():
        raise OutputError(str(target), "is a directory: name a file to write")
    if not str(target).strip():
        raise OutputError("''", "an empty output file name")
    parent = next((p for p in target.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise OutputError(str(target), f"cannot write: {parent} is a file, not a folder")


def check_output(output: Path, inputs: Iterable[Path] = ()) -> None:
    """Raise OutputError if OUTPUT cannot be written or is one of the INPUTS (files being read)."""
    check_writable(output)
    if output.exists() and any(output.resolve() == path.resolve() for path in inputs):
        raise OutputError(str(output), "is a plan being read: choose another output file")


def write_atomic(target: Path, data: bytes) -> bool:
    """Write DATA to TARGET through a temporary file, so no half-written file is ever seen.

    Returns False, touching nothing, when TARGET already holds exactly DATA. A symbolic link
    is followed; a device or pipe (/dev/null, a FIFO) is written to directly.
    """
    check_writable(target)
    target = Path(os.path.realpath(target))
    if target.exists() and not target.is_file():
        with target.open("wb") as stream:
            stream.write(data)
        return True
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(str(target), f"cannot write ({err.strerror})") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except OSError as err:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(str(target), f"cannot write ({err.strerror})") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def json_text(data: object) -> str:
    """DATA (plain lists, dicts, strings, numbers) as the JSON plancli writes everywhere: UTF-8
    with Chinese unescaped, indented, newline at the end, and strict — a NaN or Infinity raises
    ValueError instead of being written (extractors keep out-of-range numbers as text, so one
    reaching here is a bug, not an input)."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
