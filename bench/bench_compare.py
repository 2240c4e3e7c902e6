"""Whole-process timings of compare and query, as a user runs them. Run with `make bench`.

Target (issue 4): `plancli compare huadu qingcheng` under 0.5 s with parsed plans and tokens
cached. Also reported: the same from raw files (no cache: parse and cut with jieba), and
`plancli query` over both plans.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANCLI = str(Path(sys.executable).with_name("plancli"))
RUNS = 7


def wall(args: list[str], data: Path, runs: int = RUNS, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run([PLANCLI, *args, "--data", str(data)], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    print(f"{label}: median {median * 1000:.0f} ms, min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    return median


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(ROOT / "data" / "raw", data / "raw")
        parsed = data / "parsed"

        def clear_cache() -> None:
            shutil.rmtree(parsed, ignore_errors=True)

        cold = report("compare huadu qingcheng, from raw files (parse + jieba)",
                      wall(["compare", "huadu", "qingcheng"], data, runs=3, before=clear_cache))
        warm = report("compare huadu qingcheng, parsed plans and tokens cached",
                      wall(["compare", "huadu", "qingcheng"], data))
        report("query 随迁子女 over both plans, cached", wall(["query", "随迁子女"], data))
        report("query 校长 --word over both plans, cached", wall(["query", "校长", "--word"], data))
    ok = warm < 0.5
    print(f"target (compare cached under 0.5 s): {'met' if ok else 'MISSED'}; cold run {cold:.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
