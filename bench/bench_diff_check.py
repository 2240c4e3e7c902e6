"""Whole-process timings of diff and check, as a user runs them, beside `python -c pass` and
jieba's own start-up measured in the same run. Run with `make bench`.

Targets (issue 7), parsed plans and jieba's answers cached (data/parsed/jieba-memo.json):
`plancli diff huadu <revision>` and `plancli check huadu qingcheng` each under 0.5 s; the diff of
two 20 MB plans under 60 s (`--large MB` to change the size, `--large 0` to skip it).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLANCLI = str(Path(sys.executable).with_name("plancli"))
RUNS = 5


def wall(command: list[str], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_plan(megabytes: float, seed: int) -> str:
    """A plan of about MEGABYTES: chapters of numbered items made of the real plans' sentences."""
    sentences = [s + "。" for path in (ROOT / "data" / "raw").glob("*.txt")
                 for s in path.read_text(encoding="utf-8").replace("\n", "").split("。") if len(s) > 8]
    rng = random.Random(seed)
    lines = ["某区教育事业发展“十四五”规划", ""]
    size, chapter = 0, 0
    while size < megabytes * 1_000_000:
        chapter += 1
        lines.append(f"第{chapter}章 发展任务{chapter}")
        for item in range(1, 21):
            body = "".join(rng.choice(sentences) for _ in range(6))
            lines.append(f"{item}.任务{chapter}-{item}。{body}")
            size += len(lines[-1].encode("utf-8"))
    return "\n".join(lines) + "\n"


def revise(text: str, seed: int) -> str:
    """TEXT with one line in 500 edited and one in 1,000 deleted."""
    rng = random.Random(seed)
    out = []
    for line in text.split("\n"):
        roll = rng.random()
        if roll < 0.001 and "。" in line:
            continue
        out.append(line.replace("加强", "强化", 1) if roll < 0.003 else line)
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--large", type=float, default=20.0, help="size in MB of the large diff (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(ROOT / "data" / "raw", data / "raw")
        shutil.copy(ROOT / "examples" / "revisions" / "huadu-r2.txt", data / "raw" / "huadu-r2.txt")
        subprocess.run([PLANCLI, "parse", "huadu", "qingcheng", "huadu-r2", "--data", str(data)], check=True,
                       capture_output=True)
        # One run of each first, as a user's earlier run would: it leaves jieba's answers in the memo.
        for command in (["diff", "huadu", "huadu-r2"], ["check", "huadu", "qingcheng"]):
            subprocess.run([PLANCLI, *command, "--data", str(data)], capture_output=True, check=False)
        python = wall([sys.executable, "-c", "pass"])
        load_jieba = "import jieba, logging; jieba.setLogLevel(logging.WARNING); jieba.initialize()"
        jieba = wall([sys.executable, "-c", load_jieba])
        diff = wall([PLANCLI, "diff", "huadu", "huadu-r2", "--data", str(data)])
        check = wall([PLANCLI, "check", "huadu", "qingcheng", "--data", str(data)])
        print(f"python -c pass: {python * 1000:.0f} ms; jieba import + initialize: {jieba * 1000:.0f} ms")
        for label, median in (("diff huadu huadu-r2, cached", diff), ("check huadu qingcheng, cached", check)):
            print(f"{label}: median {median * 1000:.0f} ms = {median / python:.0f}× python, "
                  f"{median / jieba:.2f}× jieba's start-up; target < 500 ms: {'met' if median < 0.5 else 'MISSED'}")
        if args.large:
            old, new = Path(scratch) / "large-old.txt", Path(scratch) / "large-new.txt"
            text = synthetic_plan(args.large, seed=1)
            old.write_text(text, encoding="utf-8")
            new.write_text(revise(text, seed=2), encoding="utf-8")
            start = time.perf_counter()
            done = subprocess.run([PLANCLI, "diff", str(old), str(new), "--stat"], capture_output=True, text=True)
            seconds = time.perf_counter() - start
            first = done.stdout.splitlines()[0] if done.stdout else done.stderr.strip()
            print(f"diff of two {old.stat().st_size / 1e6:.1f} MB plans: {seconds:.1f} s "
                  f"(target < 60 s: {'met' if seconds < 60 else 'MISSED'}); {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
