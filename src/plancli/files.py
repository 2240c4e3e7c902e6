"""Reading and writing files safely: the one path every input and output goes through.

Reads name the file in their errors and are bounded (--max-size). Every write passes one guard
(`check_output`): never onto a file being read, through a symbolic link, onto a device or
outside the folder it belongs in. Writes are atomic (a temporary file renamed into place), so
no half-written output is ever seen. An output the user asked for (-o, parse --out) that is
refused is an OutputError; a cache that is refused or fails is skipped with a CacheWarning.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from plancli.errors import CacheWarning, OutputError, PlanInputError

DEFAULT_MAX_SIZE = 256 * 1024 * 1024  # bytes: far above any real plan, far below a machine's memory
_SIZE = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMG]?)B?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def parse_size(text: str) -> int:
    """A size as people write it: "200M", "1.5G", "500k", "4096" (bytes); ValueError otherwise."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or float(match["number"]) <= 0:
        raise ValueError(f"{text!r} is not a size (write e.g. 200M, 1G or 500K)")
    return int(float(match["number"]) * _SIZE_UNITS[match["unit"].upper()])


def format_size(size: int) -> str:
    """SIZE in the largest unit that keeps it whole or readable: 268435456 → "256 MB"."""
    for unit in ("G", "M", "K"):
        if size >= _SIZE_UNITS[unit]:
            return f"{size / _SIZE_UNITS[unit]:.4g} {unit}B"
    return f"{size} bytes"


def over_limit(max_size: int) -> str:
    """The end of a size error: which limit, and how to raise it."""
    return f"more than the limit of {format_size(max_size)} (raise it with --max-size)"


def read_source_bytes(path: Path, max_size: int = DEFAULT_MAX_SIZE, *, regular_only: bool = False) -> bytes:
    """The file's bytes, at most MAX_SIZE of them, or a PlanInputError that says why they cannot be had.

    A pipe or device (`<(iconv …)`, /dev/stdin) is read up to the limit too; with REGULAR_ONLY
    (a word list, a configuration) only a regular file is opened at all, so a FIFO cannot block.
    """
    source = str(path)
    try:
        if regular_only:  # O_NONBLOCK: opening a FIFO must not wait for a writer
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        else:
            descriptor = os.open(path, os.O_RDONLY)
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if regular_only and not stat.S_ISREG(status.st_mode):
                raise PlanInputError(source, "not a regular file (a device, pipe or socket): name a file")
            if stat.S_ISREG(status.st_mode) and status.st_size > max_size:
                raise PlanInputError(source, f"{format_size(status.st_size)}, {over_limit(max_size)}")
            data = stream.read(max_size + 1)
    except FileNotFoundError:
        raise PlanInputError(source, "no such file") from None
    except IsADirectoryError:
        raise PlanInputError(source, "is a directory, not a plan file") from None
    except OSError as err:
        raise PlanInputError(source, f"cannot read file ({err.strerror})") from None
    if len(data) > max_size:
        raise PlanInputError(source, over_limit(max_size))
    return data


def read_stdin_bytes(max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """Everything on standard input (the plan argument "-"), at most MAX_SIZE bytes, or a PlanInputError."""
    try:
        data = sys.stdin.buffer.read(max_size + 1)
    except (OSError, AttributeError, ValueError) as err:  # closed, or not a byte stream
        raise PlanInputError("<stdin>", f"cannot read standard input ({err})") from None
    if len(data) > max_size:
        raise PlanInputError("<stdin>", over_limit(max_size))
    return data


_CACHE_MAX = 4 * 1024**3  # a cache is several times its plan, itself at most --max-size


def read_cache(path: Path) -> bytes | None:
    """A cache file's bytes, or None when there is none to use: missing, unreadable, or not a
    regular file (a FIFO planted there must not block the run, a device not be read)."""
    try:
        return read_source_bytes(path, _CACHE_MAX, regular_only=True)
    except PlanInputError:
        return None


def read_text(path: Path) -> str:
    """A small UTF-8 file of plancli's own (a baseline, a config), or a PlanInputError."""
    data = read_source_bytes(path, regular_only=True)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise PlanInputError(str(path), f"not UTF-8 (invalid byte at offset {err.start})") from None


def append_text(path: Path, text: str, inputs: Iterable[Path] = ()) -> None:
    """Append TEXT to PATH (a log or summary file someone else owns), or an OutputError; the
    guard of every write (`check_output`) comes first."""
    check_output(path, inputs)
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as err:
        raise OutputError(str(path), f"cannot write ({err.strerror})") from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# Paths that name this process's own streams: `-o /dev/stdout` writes to wherever stdout goes.
_OWN_STREAMS = re.compile(r"/dev/(?P<name>stdout|stderr)|(?:/dev/fd|/proc/self/fd)/(?P<number>\d{1,6})")


def _own_descriptor(target: Path) -> int | None:
    """The descriptor TARGET names when it is one of this process's own streams, else None."""
    match = _OWN_STREAMS.fullmatch(str(target))
    if match is None:
        return None
    return {"stdout": 1, "stderr": 2}[match["name"]] if match["name"] else int(match["number"])


def _is_stream(target: Path) -> bool:
    """Whether TARGET is written as a stream: one of this process's own (/dev/stdout), or (links
    followed) a character device, pipe or socket."""
    if _own_descriptor(target) is not None:
        return True
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def check_output(output: Path, inputs: Iterable[Path] = (), folder: Path | None = None) -> None:
    """The one guard every write passes: raise OutputError, before anything is written, unless
    OUTPUT is a file plancli may (re)place.

    Refused: a folder; a symbolic link (writing through it would replace what it points to,
    e.g. data/parsed/<id>.json → ../raw/<id>.txt would put JSON over the plan); any of the
    INPUTS (the files being read, also through a hard link); a block device; a path outside
    FOLDER when one is given (a cache or parse output belongs in its folder). A character
    device, pipe or socket (/dev/null, /dev/stdout, a FIFO) named as an output of its own (-o)
    is written to as a stream; a file meant for a FOLDER (a cache, parse --out) never goes to one.
    """
    try:
        _check_output(output, inputs, folder)
    except OSError as err:  # a folder on the way that cannot be searched, say
        raise OutputError(str(output), f"cannot write ({err.strerror})") from None


def _check_output(output: Path, inputs: Iterable[Path], folder: Path | None) -> None:
    if not str(output).strip():
        raise OutputError("''", "an empty output file name")
    if folder is not None and Path(os.path.normpath(output)).parent != Path(os.path.normpath(folder)):
        raise OutputError(str(output), f"is outside {folder}, the folder it belongs in")
    if folder is None and _is_stream(output):
        return
    if output.is_symlink():
        raise OutputError(str(output), f"is a symbolic link to {os.readlink(output)} (plancli does not "
                                       "write through links)")
    if output.is_dir():
        raise OutputError(str(output), "is a directory: name a file to write")
    if output.exists() and not output.is_file():
        raise OutputError(str(output), "is a device or pipe, not a file")
    parent = next((p for p in output.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise OutputError(str(output), f"cannot write: {parent} is a file, not a folder")
    if output.exists() and any(_same_file(output, path) for path in inputs):
        raise OutputError(str(output), "is a plan being read: choose another output file")


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def write_atomic(target: Path, data: bytes, inputs: Iterable[Path] = (), folder: Path | None = None) -> bool:
    """Write DATA to TARGET, an output the user asked for, through a temporary file renamed into
    place, so no half-written file is ever seen; raise OutputError if `check_output` refuses it.

    Returns False, touching nothing, when TARGET already holds exactly DATA. A stream (/dev/null,
    a pipe) is written to directly.
    """
    check_output(target, inputs, folder)
    if folder is None and _is_stream(target):
        descriptor = _own_descriptor(target)
        try:
            # A stream of our own is written where it is open: opening /dev/stdout anew would
            # truncate the file a shell's `>>` appends to.
            with (open(descriptor, "wb", closefd=False) if descriptor is not None
                  else target.open("wb")) as stream:
                stream.write(data)
        except OSError as err:
            raise OutputError(str(target), f"cannot write ({err.strerror})") from None
        return True
    return _replace(target, data)


def write_cache(target: Path, data: bytes, folder: Path, inputs: Iterable[Path] = ()) -> bool:
    """Write a cache file of plancli's own (a parsed plan, tokens, a memo) into FOLDER, the same
    guarded way; one that is refused or cannot be written is skipped with a CacheWarning: it
    only costs the next run the work again. Returns whether the file was written."""
    try:
        check_output(target, inputs, folder)
        return _replace(target, data)
    except OutputError as err:
        warnings.warn(CacheWarning(f"{err.source}: cache not written: {err.problem}"), stacklevel=2)
        return False


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on FOLDER while files that belong together are written into it, so that
    concurrent runs write them pair by pair. Where no lock can be had (an unwritable place, a
    system without flock) the writes go ahead unlocked."""
    try:
        import fcntl

        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _replace(target: Path, data: bytes) -> bool:
    with contextlib.suppress(OSError):  # a file that cannot be read back is simply replaced
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    with replacing(target) as temporary:
        temporary.write_bytes(data)
    return True


def write_atomic_chunks(target: Path, chunks: Iterable[bytes], inputs: Iterable[Path] = (),
                        folder: Path | None = None) -> None:
    """Write CHUNKS one after another to TARGET, the guarded and atomic way of write_atomic,
    without holding them all in memory (a large export)."""
    check_output(target, inputs, folder)
    with replacing(target) as temporary, temporary.open("wb") as stream:
        for chunk in chunks:
            stream.write(chunk)


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside TARGET for the block to write (TARGET passed check_output); it
    is renamed over TARGET when the block succeeds and removed when it fails, so no half-written
    file is ever seen."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(handle)
    except OSError as err:
        raise OutputError(str(target), f"cannot write ({err.strerror})") from None
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        # The rename replaces TARGET's directory entry: a link put there meanwhile is replaced, not followed.
        os.replace(temporary, target)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise OutputError(str(target), f"cannot write ({err.strerror})") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
def json_text(data: object) -> str:
    """DATA (plain lists, dicts, strings, numbers) as the JSON plancli writes everywhere: UTF-8
    with Chinese unescaped, indented, newline at the end, and strict — a NaN or Infinity raises
    ValueError instead of being written (extractors keep out-of-range numbers as text, so one
    reaching here is a bug, not an input)."""
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
