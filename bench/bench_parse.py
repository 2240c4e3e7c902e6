"""Parsing benchmark: prints figures, asserts targets. Run with `make bench`.

Target (issue 2): parsing both real plans takes well under a second.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from plancli import parse_file

ROOT = Path(__file__).resolve().parents[1]
PLANS = [ROOT / "data" / "raw" / name for name in ("huadu.txt", "qingcheng.txt")]
RUNS = 20


def parse_both() -> None:
    for path in PLANS:
        parse_file(path)


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parse_both()  # warm imports and regex caches
    times = timed(parse_both, RUNS)
    tracemalloc.start()
    parse_both()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = sum(p.stat().st_size for p in PLANS)
    print(f"parse huadu+qingcheng ({size / 1024:.0f} KiB): median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms over {RUNS} runs; peak traced memory {peak / 2**20:.1f} MiB")

    plancli = Path(sys.executable).with_name("plancli")
    for args in (["outline", "huadu", "--depth", "1"], ["plans"]):
        walls = []
        for _ in range(5):
            start = time.perf_counter()
            subprocess.run([str(plancli), *args], check=True, capture_output=True, cwd=ROOT)
            walls.append(time.perf_counter() - start)
        print(f"whole process `plancli {' '.join(args)}`: median {statistics.median(walls) * 1000:.0f} ms")

    ok = statistics.median(times) < 0.5
    print("target (parse both well under 1 s):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
