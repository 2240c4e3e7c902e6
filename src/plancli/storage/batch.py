"""Work over many plan files at once: parse a corpus into a folder and the store, list the known plans.

`parse_batch` takes ids, files, folders (searched recursively) and globs, skips the files whose
bytes the store already holds, parses the others in worker processes (each one's JSON written
by its worker, its rows put into the store by this process, the only writer), and reports each
file that fails with its one-line reason instead of stopping at it. Parsing never waits for
jieba: the words are cut later, by the first command that needs them, unless asked for.
"""

from __future__ import annotations

import contextlib
import glob
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from plancli.analyses.plans import ParseResult, PlanListing, listing
from plancli.errors import OutputError, PlancliError, PlanInputError
from plancli.files import DEFAULT_MAX_SIZE, check_output, folder_lock
from plancli.readers import SUPPORTED_SUFFIXES
from plancli.storage.plans import STDIN_ID, STDIN_REF, data_dir, known_plans, load_plan, parse_file, resolve, save_plan
from plancli.storage.store import (
    PlanRows,
    Store,
    StoredPlan,
    holds,
    plan_rows,
    rebuilt_store,
    store_path,
)
from plancli.storage.tokens import save_tokens

_GLOB_CHARACTERS = frozenset("*?[")
# Rows are put into the store in transactions of this many plans (one commit each).
_PUT_EVERY = 50

Progress = Callable[[int], None]  # called with the size in bytes of each file done


def list_plans(data: Path | None = None, encoding: str | None = None,
               max_size: int = DEFAULT_MAX_SIZE) -> list[PlanListing]:
    """Every plan in DATA/raw/, parsed (or taken from the cache)."""
    return [listing(load_plan(path.stem, data, encoding, max_size)) for path in known_plans(data)]


def _is_plan_file(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES and not path.name.startswith(".")


def expand_sources(refs: Iterable[str], data: Path | None = None) -> list[Path]:
    """The plan files REFS name: ids in DATA/raw/, files, folders (every plan file below, hidden
    ones left out) and globs ("corpus/**/*.txt"), each file once, in the order named."""
    files: list[Path] = []
    for ref in refs:
        path = Path(ref)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if _is_plan_file(p)
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise PlanInputError(ref, f"no plan files ({', '.join(sorted(SUPPORTED_SUFFIXES))}) in this folder")
            files += found
        elif not path.exists() and _GLOB_CHARACTERS.intersection(ref):
            found = sorted(p for p in map(Path, glob.glob(ref, recursive=True)) if _is_plan_file(p))
            if not found:
                raise PlanInputError(ref, "no plan files match")
            files += found
        else:
            files.append(resolve(ref, data))
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)
    return list(unique.values())


class ParseFailure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: str
    reason: str


class BatchReport(BaseModel):
    """What one batch did: a result per plan written or unchanged, a failure per file that was not."""

    model_config = ConfigDict(extra="forbid")

    results: list[ParseResult]
    failures: list[ParseFailure]


@dataclass(frozen=True)
class _Job:
    path: Path
    encoding: str | None
    out_dir: Path
    tokens: bool
    max_size: int


@dataclass
class _Outcome:
    result: ParseResult | None = None
    rows: PlanRows | None = None
    failure: str | None = None


def _parse_one(job: _Job) -> _Outcome:
    """Parse one file, write its JSON (and tokens), and return its rows: run in a worker."""
    try:
        plan = parse_file(job.path, job.encoding, max_size=job.max_size)
        cut = None
        if job.tokens:  # jieba only when asked: otherwise the first command needing words cuts them
            from plancli.words.tokens import cut_plan

            cut = cut_plan(plan)  # the slow part, outside the lock
        # The plan and its tokens are written together, so concurrent runs cannot mix them.
        with folder_lock(job.out_dir):
            output, changed = save_plan(plan, job.out_dir)
            stored = save_tokens(cut, plan, job.out_dir) if cut else None
        result = ParseResult(id=plan.id, output=str(output), changed=changed,
                             tokens=str(stored) if stored else None, headings=plan.heading_counts(),
                             tables=len(plan.tables()), warnings=plan.warnings)
        return _Outcome(result, plan_rows(plan, None if _is_stdin(job.path) else job.path, job.encoding))
    except PlancliError as err:
        return _Outcome(failure=str(err))
    except Exception as err:  # a parser bug on one file must not stop a corpus
        return _Outcome(failure=f"{job.path}: cannot parse ({type(err).__name__}: {err})")


def _is_stdin(path: Path) -> bool:
    return str(path) == STDIN_REF


def plan_id(path: Path) -> str:
    """The id a plan read from PATH gets: its file's stem ("stdin" for standard input)."""
    return STDIN_ID if _is_stdin(path) else path.stem


def total_size(paths: Iterable[Path]) -> int:
    """The bytes in PATHS (what a progress bar counts; standard input counts nothing)."""
    return sum(_size(path) for path in paths if not _is_stdin(path))


def _unchanged(path: Path, stored: StoredPlan | None, job: _Job) -> bool | None:
    """Whether the store holds PATH's current bytes read the way JOB would read them, and its
    JSON is there: True, None (the same but touched: see store.holds), or False."""
    if job.tokens or _is_stdin(path) or not (job.out_dir / f"{path.stem}.json").is_file():
        return False
    return holds(stored, path, job.encoding, job.max_size)


def _by_inode(paths: Iterable[Path]) -> dict[tuple[int, int], Path]:
    found = {}
    for path in paths:
        with contextlib.suppress(OSError):
            status = path.stat()
            found[(status.st_dev, status.st_ino)] = path
    return found


def _same_as(output: Path, inputs: dict[tuple[int, int], Path]) -> list[Path]:
    """The input OUTPUT is (the same file, through any name), as a list for check_output: looked
    up by inode, so checking N outputs against N inputs costs N, not N² comparisons."""
    try:
        status = output.stat()
    except OSError:
        return []
    same = inputs.get((status.st_dev, status.st_ino))
    return [same] if same is not None else []


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_batch(refs: Sequence[str], out_dir: Path | None = None, data: Path | None = None,
                encoding: str | None = None, tokens: bool = False, jobs: int | None = None,
                store: Store | None = None, progress: Progress | None = None,
                sources: list[Path] | None = None, max_size: int = DEFAULT_MAX_SIZE) -> BatchReport:
    """Parse the plans REFS name into OUT_DIR/<id>.json (default DATA/parsed/) and the STORE
    (default DATA/plans.db), with JOBS worker processes (default: every core).

    Files whose bytes the store already holds (same hash, parser and extractors, JSON present)
    are skipped. TOKENS also cuts every plan's words now (jieba) into OUT_DIR/<id>.tokens.json.
    A file that fails is listed in the report with its reason; the others are written. Two
    files with one id are refused before anything is written. MAX_SIZE bounds each file read.
    """
    sources = sources if sources is not None else expand_sources(refs, data)
    if out_dir is None and any(_is_stdin(path) for path in sources):
        raise PlanInputError("<stdin>", "a plan read from standard input is not kept in data/parsed: "
                                        "name a folder for it with --out")
    by_id: dict[str, Path] = {}
    for path in sources:
        if (other := by_id.setdefault(plan_id(path), path)) is not path:
            raise PlanInputError(plan_id(path), f"two plans share this id (their file names): {other} and {path}: "
                                            "parse them one by one or rename one")
    target = out_dir or data_dir(data) / "parsed"
    inputs = _by_inode(sources)
    for path in sources:  # every output must be writable before the first one is written
        names = [f"{plan_id(path)}.json"] + ([f"{plan_id(path)}.tokens.json"] if tokens else [])
        for output in (target / name for name in names):
            check_output(output, _same_as(output, inputs), target)
    store = store or Store(store_path(data))
    check_output(store.path, _same_as(store.path, inputs))
    known = store.stored() if store.path.exists() else {}
    outcomes: dict[Path, _Outcome] = {}
    todo: list[_Job] = []
    skipped: list[Path] = []
    touched: list[Path] = []
    for path in sources:
        job = _Job(path, encoding, target, tokens, max_size)
        try:
            same = _unchanged(path, known.get(path.stem), job)
        except PlancliError as err:
            outcomes[path] = _Outcome(failure=str(err))
            continue
        if same is not False:
            outcomes[path] = _Outcome(_stored_result(store, path.stem, target / f"{path.stem}.json"))
            skipped.append(path)
            if same is None:
                touched.append(path)
        else:
            todo.append(job)
    pending: list[PlanRows] = []

    def finished(job: _Job, outcome: _Outcome) -> None:
        outcomes[job.path] = outcome
        if outcome.rows is not None:
            pending.append(outcome.rows)
            outcome.rows = None
            if len(pending) >= _PUT_EVERY:
                store.put(pending)
                pending.clear()
        if progress:
            progress(_size(job.path))

    store.touch(touched)

    def skip() -> None:
        for path in skipped if progress else ():
            progress(_size(path))

    for job in [job for job in todo if _is_stdin(job.path)]:  # standard input is read here, never by a worker
        todo.remove(job)
        finished(job, _parse_one(job))
    workers = min(jobs or default_jobs(), len(todo))
    if workers <= 1:
        skip()
        for job in todo:
            finished(job, _parse_one(job))
    else:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # Forked workers start with the parser imported. They are all forked at the first submit,
        # before PROGRESS is first called (a progress display starts its thread then), so no
        # worker is forked while another thread holds a lock.
        with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
            futures = {pool.submit(_parse_one, job): job for job in todo}
            skip()
            for future in as_completed(futures):
                job = futures[future]
                try:
                    outcome = future.result()
                except Exception as err:  # a worker that died (killed, out of memory): that file fails
                    outcome = _Outcome(failure=f"{job.path}: cannot parse (worker failed: {type(err).__name__})")
                finished(job, outcome)
    if pending:
        store.put(pending)
    ordered = [outcomes[path] for path in sources]
    return BatchReport(
        results=[o.result for o in ordered if o.result is not None],
        failures=[ParseFailure(source=str(path), reason=o.failure) for path, o in zip(sources, ordered)
                  if o.failure is not None],
    )


def _context():
    """Fork where there is fork (workers start at once, the parser already imported)."""
    from multiprocessing import get_all_start_methods, get_context

    available = get_all_start_methods()
    return get_context(next(m for m in ("fork", "forkserver", "spawn") if m in available))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _stored_result(store: Store, plan_id: str, output: Path) -> ParseResult:
    headings, tables, warnings = store.parse_summary(plan_id)
    return ParseResult(id=plan_id, output=str(output), changed=False, tokens=None, headings=headings,
                       tables=tables, warnings=warnings)


def parse_plans(refs: list[str], out_dir: Path | None = None, data: Path | None = None,
                encoding: str | None = None, tokens: bool = False,
                max_size: int = DEFAULT_MAX_SIZE) -> list[ParseResult]:
    """Parse the plans REFS name (see parse_batch) in this process; the first failure is raised."""
    report = parse_batch(refs, out_dir, data, encoding, tokens, jobs=1, max_size=max_size)
    if report.failures:
        first = report.failures[0]
        raise PlanInputError(first.source, first.reason.removeprefix(f"{first.source}: "))
    return report.results


def rebuild_store(refs: Sequence[str] = (), data: Path | None = None, encoding: str | None = None,
                  jobs: int | None = None, progress: Progress | None = None,
                  sources: list[Path] | None = None, max_size: int = DEFAULT_MAX_SIZE) -> BatchReport:
    """Build DATA/plans.db anew from the plans REFS name (default: those of DATA/raw/ and every
    other file the old store holds that still exists), then rename it over the old one."""
    path = store_path(data)
    if sources is None:
        sources = expand_sources(refs, data) if refs else _indexed_sources(path, data)
    with rebuilt_store(path) as fresh:
        return parse_batch([], data=data, encoding=encoding, jobs=jobs, store=fresh, progress=progress,
                           sources=sources, max_size=max_size)


def _indexed_sources(path: Path, data: Path | None) -> list[Path]:
    sources = {p.stem: p for p in known_plans(data)}
    if path.exists():
        with contextlib.suppress(OutputError), Store(path, writable=False) as old:  # an unreadable store holds none
            for plan_id, stored in old.stored().items():
                if stored.source_path and Path(stored.source_path).is_file():
                    sources.setdefault(plan_id, Path(stored.source_path))
    return list(sources.values())
