"""Hostile inputs, measured: how fast and in how little memory plancli refuses a Word zip bomb,
and what jieba's start costs with plancli's private prefix-dictionary cache and without one.
Run with `PYTHONPATH=src python bench/bench_hostile.py` (builds 1 GB bombs: about 20 s).

Each figure is one whole plancli process: wall time and peak RSS (GNU time), beside
`python -c pass` measured in the same run.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_hostile_docx import _declaring  # noqa: E402  (the tests' own header patching)

BOMB_MB = 1024


def bomb(folder: Path, method: int, name: str, declare: int | None = None) -> Path:
    """A .docx whose word/document.xml unpacks to BOMB_MB of zeros (declaring DECLARE bytes)."""
    stream = io.BytesIO()
    docx.Document().save(stream)
    base = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    built = io.BytesIO()
    with zipfile.ZipFile(built, "w") as archive:
        for info in base.infolist():
            if info.filename != "word/document.xml":
                archive.writestr(info, base.read(info.filename))
                continue
            member = zipfile.ZipInfo("word/document.xml")
            member.compress_type = method
            with archive.open(member, "w", force_zip64=declare is None) as part:
                for _ in range(BOMB_MB):
                    part.write(bytes(1 << 20))
    data = built.getvalue()
    path = folder / name
    path.write_bytes(_declaring(data, "word/document.xml", declare) if declare is not None else data)
    return path


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, last stderr line) of one process, as GNU time reports them (a
    child forked from this large process would count this process's memory as its own)."""
    process = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    *lines, figures = [line for line in process.stderr.decode().strip().splitlines()
                       if not line.startswith("Command exited with")]
    seconds, kilobytes = figures.split()
    return float(seconds), int(kilobytes) / 1024, (lines or [""])[-1]


def main() -> None:
    plancli = [sys.executable, "-c", "from plancli.cli import main; main()"]
    seconds, rss, _ = measure([sys.executable, "-c", "pass"])
    print(f"python -c pass: {seconds * 1000:.0f} ms, {rss:.0f} MB")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        small = folder / "small.txt"
        small.write_text("某区教育发展规划\n一、总体要求\n全面提高质量。\n", encoding="utf-8")
        seconds, rss, _ = measure([*plancli, "outline", str(small)])
        print(f"plancli outline of a 3-line plan: {seconds * 1000:.0f} ms, {rss:.0f} MB")
        started = time.perf_counter()
        bombs = [
            (bomb(folder, zipfile.ZIP_DEFLATED, "deflate.docx"), []),
            (bomb(folder, zipfile.ZIP_BZIP2, "bzip2.docx"), []),
            (folder / "deflate.docx", ["--max-size", "20G"]),
            (folder / "bzip2.docx", ["--max-size", "20G"]),
            (bomb(folder, zipfile.ZIP_DEFLATED, "deflate-lying.docx", declare=5000), []),
            (bomb(folder, zipfile.ZIP_BZIP2, "bzip2-lying.docx", declare=5000), []),
        ]
        print(f"({len(bombs)} cases of {BOMB_MB} MB bombs built in {time.perf_counter() - started:.0f} s)")
        for path, options in bombs:
            seconds, rss, message = measure([*plancli, "outline", str(path), *options])
            size = path.stat().st_size / 1024
            print(f"{path.name} ({size:.0f} KB) {' '.join(options)}: {seconds * 1000:.0f} ms, {rss:.0f} MB peak"
                  f"\n    {message}")
        private, shared = folder / "private", folder / "shared"
        (shared / "plancli").mkdir(parents=True)
        os.chmod(shared / "plancli", 0o777)  # a cache folder others may write: never used
        cut = [sys.executable, "-c", "from plancli.words.segment import tokenize; tokenize('教育强区')"]
        measure(cut, {"XDG_CACHE_HOME": str(private)})  # warm the private cache
        for label, cache in (("private cache", private), ("no cache", shared)):
            runs = [measure(cut, {"XDG_CACHE_HOME": str(cache)}) for _ in range(3)]
            best = min(runs)
            print(f"jieba start, {label}: {best[0] * 1000:.0f} ms (best of 3), {best[1]:.0f} MB")


if __name__ == "__main__":
    main()
