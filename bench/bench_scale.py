"""Parsing big and hostile inputs: throughput (MB/s) and peak memory. Run with `make bench`.

Inputs are built from the two real plans, repeated with each copy varied (its own title line
and numbers), up to 200 MB; plus the hostile shapes of issue 10 at full size. Each case runs in
a fresh interpreter, which reports its own wall time and peak RSS (VmHWM), so one case's
memory never counts in another's; memory per input MB is the peak above that of parsing one
real plan (the interpreter, plancli's imports, one small plan). The reference costs are measured in the same
run: `python -c pass` (interpreter start) and loading jieba's dictionary.

Targets (issue 10): parse time grows linearly with the input (MB/s about constant from 1 MB to
200 MB, and no hostile shape far below it), and peak memory stays under 13 MB per input MB
from 50 MB up (it was 14.3 before the issue-10 work; most of it is the pydantic objects of the
model, some 500 bytes each).

    python bench/bench_scale.py            # 1, 10, 50, 200 MB and the hostile shapes
    python bench/bench_scale.py --max 50   # stop at 50 MB
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANS = [ROOT / "data" / "raw" / name for name in ("huadu.txt", "qingcheng.txt")]
SIZES_MB = (1, 10, 50, 200)
MAX_MB_PER_INPUT_MB = 13.0

# Each child reports its peak RSS from /proc/self/status (VmHWM: its own address space only).
# ru_maxrss is not used: Linux carries the parent's high-water mark into a forked child.
_PEAK = """
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""
# The child: parse one file and write its JSON as `plancli parse` does; report seconds and peak RSS.
_CHILD = _PEAK + """
import json, sys, time
start = time.perf_counter()
from plancli import parse_file
from plancli.storage.plans import save_plan
import tempfile
from pathlib import Path
imported = time.perf_counter()
plan = parse_file(Path(sys.argv[1]))
parsed = time.perf_counter()
with tempfile.TemporaryDirectory() as out:
    size = save_plan(plan, Path(out))[0].stat().st_size
done = time.perf_counter()
print(json.dumps({"import": imported - start, "parse": parsed - imported, "json": done - parsed,
                  "json_bytes": size, "maxrss_kb": peak_kb()}))
"""
_JIEBA = _PEAK + """
import json, time
start = time.perf_counter()
from plancli.words.segment import tokenize
tokenize("教育")
print(json.dumps({"seconds": time.perf_counter() - start, "maxrss_kb": peak_kb()}))
"""


def child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def python_pass() -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `python -c pass`, best of five."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        best = min(best, time.perf_counter() - start)
    rss = child(_PEAK + "import json; print(json.dumps({'maxrss_kb': peak_kb()}))")["maxrss_kb"] / 1024
    return best, rss


def varied_plans(megabytes: int) -> str:
    """Copies of the real plans until MEGABYTES of UTF-8, each copy with its own title and years."""
    texts = [p.read_text(encoding="utf-8") for p in PLANS]
    pieces, size, copy = [], 0, 0
    while size < megabytes * 2**20:
        text = texts[copy % len(texts)].replace("2025", str(2025 + copy % 7))
        piece = f"第{copy + 1}份\n{text}\n"
        pieces.append(piece)
        size += len(piece.encode("utf-8"))
        copy += 1
    return "".join(pieces)


HEAD = "广州市花都区教育发展“十四五”规划\n\n"
HOSTILE = {
    "20k repeated 一、重复标题": lambda: HEAD + "一、重复标题\n" * 20_000,
    "1 MB digit line": lambda: HEAD + "一、目标\n\n到2025年，达到" + "1" * 2**20 + "%。\n",
    "60k full-width dots": lambda: HEAD + "一、目标\n\n" + "．" * 60_000 + "\n",
    "10k top-level sections": lambda: HEAD + "".join(
        f"一、第{i}部分\n\n到2025年，入园率达到{i % 90}%。本节内容较长。\n\n" for i in range(10_000)),
    "PDF-like, 80k lines, no blank line": lambda: HEAD + "一、总则\n" + "".join(
        f"这是第{i}行从PDF转换出来的正文，没有句号也没有空行，宽度固定的一行文字\n" for i in range(80_000)),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max", type=int, default=max(SIZES_MB), help="largest input in MB")
    args = parser.parse_args()
    start_s, start_rss = python_pass()
    jieba = child(_JIEBA)
    print(f"python -c pass: {start_s * 1000:.0f} ms, {start_rss:.0f} MB RSS")
    print(f"jieba load (plancli.words.segment, first tokenize): {jieba['seconds']:.2f} s "
          f"= {jieba['seconds'] / start_s:.0f}× python -c pass")
    floor = child(_CHILD, str(PLANS[0]))["maxrss_kb"] / 1024
    floor_mb = PLANS[0].stat().st_size / 2**20
    print(f"parse one real plan ({floor_mb * 1024:.0f} KiB): peak {floor:.0f} MB RSS (the floor below)")
    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        cases = [(f"real plans varied, {mb} MB", lambda mb=mb: varied_plans(mb)) for mb in SIZES_MB if mb <= args.max]
        cases += list(HOSTILE.items())
        print(f"{'input':38} {'MB':>7} {'parse s':>8} {'MB/s':>6} {'json s':>7} {'peak MB':>8} {'MB/MB':>6}"
              f" {'× pass':>7} {'× jieba':>7}")
        for label, build in cases:
            path = Path(scratch) / "input.txt"
            path.write_text(build(), encoding="utf-8")
            megabytes = path.stat().st_size / 2**20
            result = child(_CHILD, str(path))
            peak = result["maxrss_kb"] / 1024
            per_mb = (peak - floor) / (megabytes - floor_mb)
            print(f"{label:38} {megabytes:7.1f} {result['parse']:8.2f} {megabytes / result['parse']:6.1f}"
                  f" {result['json']:7.2f} {peak:8.0f} {per_mb:6.1f} {result['parse'] / start_s:7.0f}"
                  f" {result['parse'] / jieba['seconds']:7.1f}", flush=True)
            if megabytes >= 50 and per_mb > MAX_MB_PER_INPUT_MB:
                ok = False
    print(f"target (peak memory under {MAX_MB_PER_INPUT_MB:.0f} MB per input MB from 50 MB up):",
          "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
