"""A progress bar for long batches (`plancli parse` over a corpus): plans done, MB/s, time left.

Shown on stderr only when it is a terminal and not in CI, so piped output and logs stay clean.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TextIO


def progress_wanted(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a progress bar belongs on STREAM (default stderr): a terminal, not CI, not dumb."""
    stream = stream or sys.stderr
    environ = os.environ if environ is None else environ
    return stream.isatty() and not environ.get("CI") and environ.get("TERM") != "dumb"


@contextlib.contextmanager
def batch_progress(plans: int, size: int, label: str = "parsing",
                   stream: TextIO | None = None) -> Iterator[Callable[[int], None] | None]:
    """A callback to call with each finished file's size while a bar shows on STREAM, or None
    (nothing shown) where progress_wanted says no."""
    stream = stream or sys.stderr
    if not progress_wanted(stream) or plans <= 1:
        yield None
        return
    from rich.console import Console  # only where a bar is shown
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

    bar = Progress(TextColumn(label), BarColumn(), TextColumn("{task.fields[done]}/{task.fields[plans]} plans"),
                   TransferSpeedColumn(), TimeRemainingColumn(), console=Console(file=stream), transient=True)
    task = bar.add_task(label, total=size, done=0, plans=plans)
    done = 0

    def advance(nbytes: int) -> None:
        nonlocal done
        if not done:  # started by the first file done: its refresh thread runs only after workers fork
            bar.start()
        done += 1
        bar.update(task, advance=nbytes, done=done)

    try:
        yield advance
    finally:
        bar.stop()
