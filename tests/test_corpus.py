"""Corpora: parse over folders and globs in worker processes, the SQLite store, query through it, export."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from plancli import load_plan, query_plans
from plancli.render.progress import progress_wanted
from plancli.storage.store import TABLES, Store, store_path, stored_query

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def corpus(tmp_path: Path, data_dir: Path) -> Path:
    """A folder of plans in subfolders: the two real ones, a traditional-character copy and a bad file."""
    folder = tmp_path / "corpus"
    (folder / "广州" / "花都").mkdir(parents=True)
    (folder / "清远").mkdir()
    shutil.copy(data_dir / "raw" / "huadu.txt", folder / "广州" / "花都" / "huadu.txt")
    shutil.copy(data_dir / "raw" / "qingcheng.txt", folder / "清远" / "qingcheng.txt")
    (folder / "清远" / "某縣規劃.txt").write_text("某縣教育發展規劃\n一、總體要求\n（一）發展目標\n到2025年，學前教育毛入園率達到95%以上。\n",
                                             encoding="big5")
    (folder / "清远" / "broken.txt").write_bytes(b"\x00\x01binary")
    (folder / "清远" / "notes.md").write_text("not a plan", encoding="utf-8")  # not a plan file type
    return folder


def test_parse_a_folder_with_one_bad_file(run, corpus: Path, data_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run("parse", str(corpus), "--out", str(out), "-j", "2", "-f", "json")
    assert result.exit_code == 2
    assert [r["id"] for r in json.loads(result.stdout)] == ["huadu", "qingcheng", "某縣規劃"]
    assert result.stderr == f"plancli: error: {corpus / '清远' / 'broken.txt'}: binary file, not text " \
                            "(NUL byte at offset 0)\n"
    assert sorted(p.name for p in out.iterdir()) == ["huadu.json", "qingcheng.json", "某縣規劃.json"]
    with Store(store_path(data_dir), writable=False) as store:
        assert sorted(store.stored()) == ["huadu", "qingcheng", "某縣規劃"]


def test_globs_skipping_and_changes(run, corpus: Path, data_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    pattern = str(corpus / "**" / "*[ug].txt")
    first = json.loads(run("parse", pattern, "--out", str(out), "-f", "json").stdout)
    assert [(r["id"], r["changed"]) for r in first] == [("huadu", True), ("qingcheng", True)]
    written = (out / "huadu.json").stat().st_mtime_ns
    # Unchanged bytes: skipped by their hash (a touched file too), the same report given.
    os.utime(corpus / "广州" / "花都" / "huadu.txt")
    second = json.loads(run("parse", pattern, "--out", str(out), "-f", "json").stdout)
    assert [(r["id"], r["changed"]) for r in second] == [("huadu", False), ("qingcheng", False)]
    assert [r["headings"] for r in second] == [r["headings"] for r in first] == [
        {"1": 6, "2": 33, "3": 73, "4": 30}, {"1": 4, "2": 19, "3": 58, "4": 3}]
    assert (out / "huadu.json").stat().st_mtime_ns == written
    # A changed file is parsed again and its rows replaced in the store.
    source = corpus / "清远" / "qingcheng.txt"
    source.write_bytes(source.read_bytes() + "\n加强校园足球特色学校建设。\n".encode())
    third = json.loads(run("parse", pattern, "--out", str(out), "-f", "json").stdout)
    assert [(r["id"], r["changed"]) for r in third] == [("huadu", False), ("qingcheng", True)]
    with Store(store_path(data_dir), writable=False) as store:
        assert store.search(["qingcheng"], ["校园足球特色"])["qingcheng"][0].text == "加强校园足球特色学校建设。"


def test_no_files_and_one_id_twice(run, tmp_path: Path, corpus: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("parse", str(empty))
    assert result.exit_code == 2 and result.stderr == f"plancli: error: {empty}: no plan files (.docx, .htm, " \
                                                      ".html, .pdf, .text, .txt) in this folder\n"
    result = run("parse", str(tmp_path / "*.docx"))
    assert result.exit_code == 2 and "no plan files match" in result.stderr
    shutil.copy(corpus / "清远" / "qingcheng.txt", corpus / "广州" / "qingcheng.txt")
    result = run("parse", str(corpus), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "two plans share this id" in result.stderr
    assert not (tmp_path / "out").exists()


def test_workers_write_what_one_process_writes(corpus: Path, tmp_path: Path):
    from plancli.storage import parse_batch

    (corpus / "清远" / "broken.txt").unlink()
    dumps = []
    for jobs in (1, 2):
        data = tmp_path / f"data{jobs}"
        report = parse_batch([str(corpus)], data=data, jobs=jobs)
        assert not report.failures
        db = sqlite3.connect(data / "plans.db")
        dumps.append([list(db.execute(f"SELECT * FROM {name} ORDER BY 1, 2")) for name in TABLES if name != "plans"])
        dumps[-1].append(list(db.execute("SELECT plan_id, sha256, sections, targets FROM plans ORDER BY 1")))
    assert dumps[0] == dumps[1]
    assert (tmp_path / "data1" / "parsed" / "huadu.json").read_bytes() == \
        (tmp_path / "data2" / "parsed" / "huadu.json").read_bytes()


def test_progress_bar_only_on_a_terminal(corpus: Path, tmp_path: Path):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert progress_wanted(Terminal(), {"TERM": "xterm"})
    assert not progress_wanted(Terminal(), {"TERM": "xterm", "CI": "true"})
    assert not progress_wanted(io.StringIO(), {"TERM": "xterm"})
    (corpus / "清远" / "broken.txt").unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TERM": "xterm"}
    env.pop("CI", None)
    done = subprocess.run([sys.executable, "-m", "plancli", "parse", str(corpus), "--data", str(tmp_path / "d"),
                           "-f", "json"], capture_output=True, text=True, env=env)
    assert done.returncode == 0 and done.stderr == ""  # piped: no bar, no escape codes
    assert len(json.loads(done.stdout)) == 3


QUERIES = [
    (["随迁子女"], False, None),
    (["学位"], False, None),  # shorter than a trigram
    (["教育", "学校"], False, None),
    (["教育", "学校"], True, None),
    (["学前教育", "普惠"], False, None),
    (["教师"], False, "三"),
    (["ＳＴＥＡＭ"], False, None),  # full-width: folded like the text
    (["隨遷子女"], False, None),  # traditional: folded like the text
    (["學"], False, None),  # traditional, shorter than a trigram
    (["（"], False, None),
    (['"双减"'], False, None),  # quotes are text, not FTS syntax
    (["不存在的词语"], False, None),
]


def test_query_through_the_store_finds_what_query_finds(data_dir: Path):
    paths = [data_dir / "raw" / "huadu.txt", data_dir / "raw" / "qingcheng.txt"]
    plans = [load_plan(str(path), data_dir) for path in paths]
    for terms, any_term, section in QUERIES:
        expected = query_plans(terms, plans, any_term=any_term, section=section)
        assert stored_query(terms, paths, data_dir, any_term=any_term, section=section) == expected, terms
        assert stored_query(terms, paths[::-1], data_dir, any_term=any_term, section=section) == \
            query_plans(terms, plans[::-1], any_term=any_term, section=section)
    assert sum(query_plans(["教育"], plans).counts.values()) > 200


def test_query_command_uses_the_store_and_keeps_it_current(run, data_dir: Path):
    first = json.loads(run("query", "随迁子女", "-f", "json").stdout)
    # huadu: 7 headings and paragraphs, 3 table cells (its indicator table and annex 1)
    assert first["counts"] == {"huadu": 10, "qingcheng": 2}
    assert sum(hit["kind"] == "table" for hit in first["hits"]) == 3
    assert store_path(data_dir).is_file()  # built on the way
    raw = data_dir / "raw" / "huadu.txt"
    raw.write_bytes(raw.read_bytes() + "\n保障随迁子女平等接受义务教育。\n".encode())
    again = json.loads(run("query", "随迁子女", "-f", "json").stdout)
    assert again["counts"] == {"huadu": 11, "qingcheng": 2}
    assert run("query", "随迁子女", "huadu", "--section", "9.9").stderr.startswith(
        "plancli: error: huadu: no section '9.9'")


def test_export_round_trips(run, data_dir: Path, tmp_path: Path):
    assert run("export", str(tmp_path / "x")).exit_code == 2  # no store yet
    assert run("index").exit_code == 0
    with Store(store_path(data_dir), writable=False) as store:
        counts = store.counts()
    assert counts["plans"] == 2 and counts["indicators"] > 0 and counts["targets"] > 0 and counts["projects"] > 0
    result = run("export", str(tmp_path / "csv"), "--excel")
    assert result.exit_code == 0 and "indicators" in result.stdout
    for name, count in counts.items():
        raw = (tmp_path / "csv" / f"{name}.csv").read_text(encoding="utf-8")
        assert raw.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"))))
        assert len(rows) - 1 == count, name
    assert run("export", str(tmp_path / "db"), "--format", "sqlite").exit_code == 0
    copy = sqlite3.connect(tmp_path / "db" / "plans.db")
    assert {name: copy.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in TABLES} == counts
    assert run("export", str(tmp_path / "x"), "--format", "json").exit_code == 2


def test_summarize_many_plans_one_row_each(run):
    rows = list(csv.DictReader(io.StringIO(run("summarize", "-f", "csv").stdout)))
    assert [(r["id"], r["district"], r["tasks"], r["indicators"], r["prose_targets"], r["construction_projects"],
             r["investment"]) for r in rows] == [
        ("huadu", "花都区", "76", "13", "49", "23", "268175.0"), ("qingcheng", "清城区", "39", "0", "38", "0", "")]
    assert rows[1]["status"] == "征求意见稿" and rows[0]["keywords"].split()[:2] == ["民办学校", "普通高中"]
    many = json.loads(run("summarize", "huadu", "qingcheng", "-f", "json").stdout)
    assert [s["plan"]["id"] for s in many] == ["huadu", "qingcheng"]


def test_parse_standard_input_beside_files(data_dir: Path, tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "plancli", "parse", "-", "huadu", "--data", str(data_dir), "-j", "2", "-f", "json"]
    stdin = (data_dir / "raw" / "qingcheng.txt").read_bytes()
    refused = subprocess.run(command, input=stdin, capture_output=True, env=env)
    assert refused.returncode == 2 and b"name a folder for it with --out" in refused.stderr  # no data/parsed/stdin.json
    done = subprocess.run([*command, "--out", str(tmp_path / "out")], input=stdin, capture_output=True, env=env)
    assert done.returncode == 0, done.stderr
    assert [r["id"] for r in json.loads(done.stdout)] == ["stdin", "huadu"]
    with Store(store_path(data_dir), writable=False) as store:
        assert store.parse_summary("stdin")[0] == {1: 4, 2: 19, 3: 58, 4: 3}
