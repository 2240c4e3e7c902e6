"""Corpus and start-up benchmark (issue 12): prints figures, each beside `python -c pass` and
jieba's load measured in the same run. Run with `make bench` (small sizes) or by hand:

    PYTHONPATH=src python bench/bench_corpus.py --sizes 10 100 1000
    PYTHONPATH=/path/to/other/checkout/src python bench/bench_corpus.py   # the same on other code
    PYTHONPATH=src python bench/bench_corpus.py --startup-against /path/to/other/checkout/src

Synthetic corpora of N plans are built from the two real ones in a temporary folder (never kept):
each copy has its second-level sections shuffled within their chapter (and renumbered, so the
tree stays valid), its numbers scaled and its place names changed. Every figure is the whole
process as a user runs it (median of --runs), with the peak resident memory of the process and
its workers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PLANCLI = [sys.executable, "-c", "import sys; sys.argv[0] = 'plancli'; from plancli.cli import main; main()"]
# Runs a command, then prints its wall time and the peak RSS of it and its children (KiB).
MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "wall = time.perf_counter() - start\n"
    "if done.returncode not in (0, 1) or done.returncode and 'check' not in sys.argv:\n"
    "    sys.exit(done.stderr.decode()[-2000:])\n"
    "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
PLACES = ["番禺区", "南沙区", "从化区", "增城区", "黄埔区", "白云区", "清新区", "英德市", "连州市", "佛冈县",
          "阳山县", "连南县", "顺德区", "南海区", "三水区", "高明区", "新会区", "台山市", "开平市", "鹤山市"]
CITIES = ["佛山市", "江门市", "韶关市", "肇庆市", "惠州市"]
NUMERALS = "一二三四五六七八九十"
TOP = re.compile(r"^\s*[一二三四五六七八九十]+、")
SECOND = re.compile(r"^(\s*[（(])([一二三四五六七八九十]+)([）)])")
NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


def chinese(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return ("" if n < 20 else NUMERALS[n // 10 - 1]) + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


def synthetic(text: str, rng: random.Random, place: str, city: str) -> str:
    """TEXT with (一)(二)… sections shuffled inside each chapter, numbers scaled, places renamed."""
    lines = text.split("\n")
    out: list[str] = []
    chunks: list[list[str]] = []

    def flush() -> None:
        rng.shuffle(chunks)
        for number, chunk in enumerate(chunks, start=1):
            chunk[0] = SECOND.sub(rf"\g<1>{chinese(number)}\g<3>", chunk[0], count=1)
            out.extend(chunk)
        chunks.clear()

    for line in lines:
        if TOP.match(line):
            flush()
            out.append(line)
        elif SECOND.match(line):
            chunks.append([line])
        elif chunks:
            chunks[-1].append(line)
        else:
            out.append(line)
    flush()

    def scale(match: re.Match[str]) -> str:
        value = match.group()
        if len(value) == 4 and value.startswith(("19", "20")):  # a year stays a year
            return value
        factor = rng.uniform(0.8, 1.25)
        return f"{float(value) * factor:.2f}" if "." in value else str(max(1, round(int(value) * factor)))

    result = NUMBER.sub(scale, "\n".join(out))
    for old in ("花都区", "清城区"):
        result = result.replace(old, place)
    for old in ("花都", "清城"):
        result = result.replace(old, place[:-1])
    for old in ("广州市", "清远市"):
        result = result.replace(old, city)
    return result


def build_corpus(folder: Path, n: int, seed: int = 12) -> int:
    """N synthetic plans in FOLDER/raw/; returns their total size in bytes."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))]
    raw = folder / "raw"
    raw.mkdir(parents=True)
    for i in range(n):
        text = synthetic(sources[i % len(sources)], rng, PLACES[i % len(PLACES)], CITIES[i % len(CITIES)])
        (raw / f"plan{i:04d}.txt").write_text(text, encoding="utf-8")
    return sum(p.stat().st_size for p in raw.iterdir())


def measure(command: list[str], runs: int, before=None, env=None) -> tuple[float, float]:
    """Median wall seconds and the largest peak RSS (MiB) of COMMAND over RUNS runs."""
    walls, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, env=env)
        if done.returncode:
            raise SystemExit(f"{' '.join(command[3:])} failed: {done.stderr}")
        wall, peak = done.stdout.split()
        walls.append(float(wall))
        peaks.append(int(peak) / 1024)
    return statistics.median(walls), max(peaks)


def has_corpus_commands() -> bool:
    done = subprocess.run([*PLANCLI, "index", "--help"], capture_output=True)
    return done.returncode == 0


class Report:
    def __init__(self, python: float, jieba: float):
        self.python, self.jieba = python, jieba
        self.rows: list[tuple[str, float, float, str]] = []

    def add(self, label: str, wall: float, peak: float, note: str = "") -> None:
        self.rows.append((label, wall, peak, note))
        print(f"{label}: {wall:.3f} s ({wall / self.python:.0f}× python, {wall / self.jieba:.2f}× jieba), "
              f"peak {peak:.0f} MiB {note}", flush=True)

    def markdown(self) -> str:
        lines = ["| measured | wall (median) | × `python -c pass` | × jieba load | peak RSS | note |",
                 "|---|---|---|---|---|---|"]
        for label, wall, peak, note in self.rows:
            lines.append(f"| {label} | {wall:.3f} s | {wall / self.python:.0f} | {wall / self.jieba:.2f} | "
                         f"{peak:.0f} MiB | {note} |")
        return "\n".join(lines)


def startup(report: Report, scratch: Path, runs: int, corpus: bool) -> None:
    data = scratch / "start"
    shutil.copytree(RAW, data / "raw")

    def fresh() -> None:
        shutil.rmtree(data / "parsed", ignore_errors=True)
        (data / "plans.db").unlink(missing_ok=True)

    report.add("`plancli --help`", *measure([*PLANCLI, "--help"], runs))
    report.add("`plancli parse huadu` (nothing cached)",
               *measure([*PLANCLI, "parse", "huadu", "--data", str(data)], runs, before=fresh))
    subprocess.run([*PLANCLI, "parse", "huadu", "qingcheng", "--data", str(data)], check=True, capture_output=True)
    for words in (["compare", "huadu", "qingcheng"], ["summarize", "huadu"]):  # cut the tokens once
        subprocess.run([*PLANCLI, *words, "--data", str(data)], check=True, capture_output=True)
    for args in (["compare", "huadu", "qingcheng"], ["outline", "huadu"], ["plans"], ["query", "随迁子女"]):
        report.add(f"`plancli {' '.join(args)}`, cached", *measure([*PLANCLI, *args, "--data", str(data)], runs))


def corpus_figures(report: Report, scratch: Path, n: int, runs: int, workers_list: list[int], corpus: bool,
                   tokens_up_to: int) -> None:
    data = scratch / f"corpus{n}"
    size = build_corpus(data, n)
    files = sorted(str(p) for p in (data / "raw").iterdir())
    mb = size / 1e6

    def fresh() -> None:
        shutil.rmtree(data / "parsed", ignore_errors=True)
        (data / "plans.db").unlink(missing_ok=True)

    target = [str(data / "raw")] if corpus else files
    once = max(1, min(runs, 3) if n <= 100 else 1)
    for workers in workers_list:
        if corpus:
            wall, peak = measure([*PLANCLI, "parse", *target, "--data", str(data), "-j", str(workers)], once,
                                 before=fresh)
            report.add(f"N={n}: `parse` ({mb:.1f} MB), {workers} worker{'s' if workers > 1 else ''}", wall, peak,
                       f"{mb / wall:.1f} MB/s")
        if n <= tokens_up_to and (workers == 1 or corpus):
            tokens = ["--tokens", "-j", str(workers)] if corpus else []
            wall, peak = measure([*PLANCLI, "parse", *target, "--data", str(data), *tokens], once, before=fresh)
            report.add(f"N={n}: `parse` with tokens (jieba), {workers} worker{'s' if workers > 1 else ''}", wall,
                       peak, f"{mb / wall:.1f} MB/s")
    if not corpus or not (data / "plans.db").exists():
        subprocess.run([*PLANCLI, "parse", *target, "--data", str(data)], check=True, capture_output=True)
    if corpus:
        wall, peak = measure([*PLANCLI, "parse", *target, "--data", str(data)], once)
        report.add(f"N={n}: `parse` again (all unchanged)", wall, peak)
    for args, label in ((["query", "随迁子女", "-f", "json"], "`query 随迁子女 -f json`"),
                        (["query", "随迁子女"], "`query 随迁子女` (table)"),
                        (["query", "学位", "-f", "json"], "`query 学位 -f json` (2 characters)"),
                        (["check", "-f", "json"], "`check -f json`")):
        wall, peak = measure([*PLANCLI, *args, "--data", str(data)], once if n > 100 else runs,
                             env={**os.environ, "COLUMNS": "100"})
        report.add(f"N={n}: {label}", wall, peak)
    if n <= tokens_up_to and corpus:
        wall, peak = measure([*PLANCLI, "summarize", "-f", "csv", "--data", str(data)], 1)
        report.add(f"N={n}: `summarize -f csv`, words not yet cut", wall, peak)
        wall, peak = measure([*PLANCLI, "summarize", "-f", "csv", "--data", str(data)], once)
        report.add(f"N={n}: `summarize -f csv`, words cached", wall, peak)
    if corpus:
        wall, peak = measure([*PLANCLI, "export", str(scratch / f"export{n}"), "--data", str(data)], once)
        report.add(f"N={n}: `export DIR` (CSV)", wall, peak)
    shutil.rmtree(data)


STARTUP = [  # (label, arguments, target seconds or None, whether the caches are cleared before each run)
    ("`python -c pass`", None, None, False),
    ("loading jieba (`import jieba; jieba.initialize()`)", None, None, False),
    ("`plancli --help`", ["--help"], 0.08, False),
    ("`plancli parse huadu` (nothing cached)", ["parse", "huadu"], 0.25, True),
    ("`plancli compare huadu qingcheng`, cached", ["compare", "huadu", "qingcheng"], 0.15, False),
    ("`plancli outline huadu`, cached", ["outline", "huadu"], 0.1, False),
    ("`plancli plans`, cached", ["plans"], 0.1, False),
    ("`plancli query 随迁子女` over both plans, cached", ["query", "随迁子女"], None, False),
]


def startup_side_by_side(scratch: Path, runs: int, other: Path) -> str:
    """The start-up table for the code on PYTHONPATH ("after") and the code in OTHER ("before"),
    run by run in turn, so that both see the same machine load."""
    trees = {"before": str(other), "after": os.environ.get("PYTHONPATH") or str(ROOT / "src")}
    data = {name: scratch / f"start-{name}" for name in trees}
    env = {name: {**os.environ, "PYTHONPATH": tree} for name, tree in trees.items()}

    def fresh(name: str) -> None:
        shutil.rmtree(data[name] / "parsed", ignore_errors=True)
        (data[name] / "plans.db").unlink(missing_ok=True)

    def warm(name: str) -> None:
        for args in (["parse", "huadu", "qingcheng"], ["compare", "huadu", "qingcheng"], ["summarize", "huadu"],
                     ["outline", "huadu"], ["plans"], ["query", "随迁子女"]):
            subprocess.run([*PLANCLI, *args, "--data", str(data[name])], check=True, capture_output=True,
                           env=env[name])

    for name in trees:
        shutil.copytree(RAW, data[name] / "raw")
        warm(name)
    rows = []
    for label, args, target, clear in STARTUP:
        walls: dict[str, list[float]] = {name: [] for name in trees}
        for run in range(runs):
            for name in (list(trees) if run % 2 == 0 else list(trees)[::-1]):
                if clear:
                    fresh(name)
                if args is None:
                    command = [sys.executable, "-c", "pass" if "pass" in label else "import jieba; jieba.initialize()"]
                else:
                    command = [*PLANCLI, *args, *(["--data", str(data[name])] if args != ["--help"] else [])]
                walls[name].append(measure(command, 1, env=env[name])[0])
        rows.append((label, statistics.median(walls["before"]), statistics.median(walls["after"]), target))
        print(f"{label}: before {rows[-1][1]:.3f} s, after {rows[-1][2]:.3f} s", flush=True)
    python = {"before": rows[0][1], "after": rows[0][2]}
    lines = ["| command | before | after | target | before ÷ python | after ÷ python | met |",
             "|---|---|---|---|---|---|---|"]
    for label, before, after, target in rows:
        met = "" if target is None else ("yes" if after <= target else f"no (+{after - target:.2f} s)")
        lines.append(f"| {label} | {before:.3f} s | {after:.3f} s | {'' if target is None else f'≤ {target} s'} | "
                     f"{before / python['before']:.0f} | {after / python['after']:.0f} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100], help="corpus sizes (default 10 100)")
    parser.add_argument("--runs", type=int, default=5, help="runs per start-up figure (median)")
    parser.add_argument("--workers", type=int, nargs="*", default=sorted({1, len(os.sched_getaffinity(0))}),
                        help="parse with each of these numbers of workers (default: 1 and every core)")
    parser.add_argument("--tokens-up-to", type=int, default=100,
                        help="largest N for which figures needing jieba's cut are taken")
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    parser.add_argument("--startup-against", type=Path, metavar="SRC",
                        help="only the start-up table, this code and the plancli in SRC measured in turn")
    args = parser.parse_args()
    if args.startup_against:
        with tempfile.TemporaryDirectory(prefix="plancli-bench-") as scratch:
            table = startup_side_by_side(Path(scratch), args.runs, args.startup_against)
        print(table)
        if args.markdown:
            args.markdown.write_text(table + "\n", encoding="utf-8")
        return 0
    python, _ = measure([sys.executable, "-c", "pass"], args.runs)
    jieba, _ = measure([sys.executable, "-c", "import jieba; jieba.initialize()"], args.runs)
    corpus = has_corpus_commands()
    print(f"python -c pass: {python:.3f} s; loading jieba: {jieba:.3f} s; {os.cpu_count()} cores; "
          f"corpus commands: {'yes' if corpus else 'no (older plancli)'}")
    report = Report(python, jieba)
    with tempfile.TemporaryDirectory(prefix="plancli-bench-") as scratch:
        startup(report, Path(scratch), args.runs, corpus)
        for n in args.sizes:
            corpus_figures(report, Path(scratch), n, args.runs, args.workers, corpus, args.tokens_up_to)
    table = report.markdown()
    print(table)
    if args.markdown:
        args.markdown.write_text(json.dumps({"python": python, "jieba": jieba}) + "\n" + table + "\n",
                                 encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
