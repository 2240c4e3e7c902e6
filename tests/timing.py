"""Linear-time checks: a ratio between two input sizes, never an absolute time (the suite runs on
loaded machines; absolute targets live in bench/)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

# Four times the input: linear is about 4x, quadratic about 16x; the slack absorbs a loaded machine.
MAX_RATIO = 8
# Below this the larger run is too quick for its time to mean anything.
NEGLIGIBLE_SECONDS = 0.05


def best_seconds(work: Callable[[Any], object], argument: Any, runs: int = 3) -> float:
    """The fastest of RUNS calls of WORK(ARGUMENT)."""
    best = float("inf")
    for _ in range(runs):
        # The collector is off while timing: a full collection of the whole test session's heap
        # falling into one run would be measured as the code's cost.
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            work(argument)
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def grows_linearly(build: Callable[[int], Any], work: Callable[[Any], object], n: int) -> tuple[float, float]:
    """(t(n), t(4n)) for WORK on BUILD(n) and BUILD(4n).

    Measured again (up to three times) while the ratio looks superlinear: a busy machine can slow
    one run, but a quadratic cost is superlinear every time.
    """
    small, big = build(n), build(4 * n)
    work(small)  # warm caches and imports
    for _ in range(3):
        t_small, t_big = best_seconds(work, small), best_seconds(work, big)
        if t_big < MAX_RATIO * t_small or t_big < NEGLIGIBLE_SECONDS:
            break
    return t_small, t_big


def assert_linear(build: Callable[[int], Any], work: Callable[[Any], object], n: int, what: str = "") -> None:
    small, big = grows_linearly(build, work, n)
    assert big / max(small, 1e-9) < MAX_RATIO or big < NEGLIGIBLE_SECONDS, \
        f"{what}: {small:.3f}s at n={n}, {big:.3f}s at 4n"
