"""Hostile folders, caches, word lists and environments: nothing a file or an environment does
may destroy the user's data, crash plancli or make it report success for output it could not
write. Every write goes through plancli.files' one guard; caches that cannot be written or read
are skipped or rebuilt. Each case runs on files built here."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plancli.errors import CacheWarning, OutputError
from plancli.files import check_output, parse_size, write_cache

ROOT = Path(__file__).resolve().parents[1]
PLANCLI = [sys.executable, "-c", "from plancli.cli import main; main()"]

PLAN = """某区教育事业发展“十四五”规划

一、发展基础
全区新增公办学位二万个，随迁子女入读公办学校比例达到百分之八十。
二、主要任务
（一）扩大学位供给
新建改扩建中小学校十所，学前教育毛入园率达到百分之九十八。
（二）建设高素质教师队伍
实施名校长名教师培养工程，校长职级制改革全面推开。
"""
OTHER = PLAN.replace("某区", "另一区").replace("二万", "三万").replace("名校长", "骨干教师")


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A data folder with two small plans, p and q, in raw/."""
    folder = tmp_path / "data"
    (folder / "raw").mkdir(parents=True)
    (folder / "raw" / "p.txt").write_text(PLAN, encoding="utf-8")
    (folder / "raw" / "q.txt").write_text(OTHER, encoding="utf-8")
    return folder


@pytest.fixture()
def cli(data: Path):
    from typer.testing import CliRunner

    from plancli.cli import app

    def invoke(*args: str, env: dict[str, str] | None = None):
        env = {"COLUMNS": "100", "PLANCLI_DATA": str(data), "NO_COLOR": "1", **(env or {})}
        return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)

    return invoke


def _plancli(*args: str, data: Path, **options) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PLANCLI_DATA": str(data), "COLUMNS": "100",
           "NO_COLOR": "1", **options.pop("env", {})}
    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([*PLANCLI, *args], env=env, stderr=subprocess.PIPE, timeout=60, **options)


# --- writes: never through a link, onto an input, onto a device, outside their folder ------


def test_a_cache_linked_onto_the_plan_is_never_written_through(cli, data: Path):
    plan = data / "raw" / "p.txt"
    parsed = data / "parsed"
    parsed.mkdir()
    (parsed / "p.json").symlink_to("../raw/p.txt")
    (parsed / "p.tokens.json").symlink_to("../raw/p.txt")
    result = cli("outline", "p")
    assert result.exit_code == 0 and "发展基础" in result.stdout
    assert result.stderr == (f"plancli: warning: {parsed / 'p.json'}: cache not written: is a symbolic link to "
                             "../raw/p.txt (plancli does not write through links)\n")
    assert cli("summarize", "p").exit_code == 0
    explicit = cli("parse", "p")
    assert explicit.exit_code == 2
    assert explicit.stderr == (f"plancli: error: {parsed / 'p.json'}: is a symbolic link to ../raw/p.txt "
                               "(plancli does not write through links)\n")
    assert plan.read_text(encoding="utf-8") == PLAN
    assert (parsed / "p.json").is_symlink() and (parsed / "p.tokens.json").is_symlink()


def test_no_output_replaces_a_plan_read_even_through_a_hard_link(cli, data: Path, tmp_path: Path):
    twin = tmp_path / "twin.txt"
    os.link(data / "raw" / "p.txt", twin)
    result = cli("outline", "p", "-o", str(twin))
    assert result.exit_code == 2 and result.stderr == (
        f"plancli: error: {twin}: is a plan being read: choose another output file\n")
    out = tmp_path / "out"
    out.mkdir()
    os.link(data / "raw" / "p.txt", out / "p.json")
    assert cli("parse", "p", "--out", str(out)).exit_code == 2
    assert twin.read_text(encoding="utf-8") == PLAN


def test_a_cache_never_goes_to_a_pipe_but_an_output_may(cli, data: Path, tmp_path: Path):
    parsed = data / "parsed"
    parsed.mkdir()
    os.mkfifo(parsed / "p.json")  # opening it to write would block until someone reads
    result = cli("outline", "p")
    assert result.exit_code == 0
    assert result.stderr == f"plancli: warning: {parsed / 'p.json'}: cache not written: is a device or pipe, not a file\n"
    assert cli("parse", "p").exit_code == 2
    assert cli("outline", "q", "-o", "/dev/null").exit_code == 0
    full = cli("outline", "q", "-o", "/dev/full")
    assert full.exit_code == 2 and full.stderr == "plancli: error: /dev/full: cannot write (No space left on device)\n"


def test_no_output_replaces_a_word_list_or_baseline_read(cli, tmp_path: Path):
    words = tmp_path / "words.txt"
    words.write_text("校长职级制 5 n\n", encoding="utf-8")
    for option in ("--dict", "--stopwords"):
        result = cli("summarize", "p", option, str(words), "-o", str(words))
        assert result.exit_code == 2 and "is a plan being read" in result.stderr
    baseline = tmp_path / "baseline.json"
    assert cli("check", "p", "--write-baseline", str(baseline)).exit_code in (0, 1)
    result = cli("check", "p", "--baseline", str(baseline), "-o", str(baseline))
    assert result.exit_code == 2 and "is a plan being read" in result.stderr
    assert words.read_text(encoding="utf-8") == "校长职级制 5 n\n"


def test_output_to_this_process_own_stdout_keeps_its_mode(data: Path, tmp_path: Path):
    """-o /dev/stdout writes where stdout already is: a file the shell opened with >> keeps its start."""
    log = tmp_path / "log.txt"
    log.write_text("earlier run\n", encoding="utf-8")
    with log.open("ab") as appended:
        assert _plancli("outline", "p", "-o", "/dev/stdout", data=data, stdout=appended).returncode == 0
    assert log.read_text(encoding="utf-8").startswith("earlier run\np: 某区教育事业发展“十四五”规划\n")


def test_a_file_meant_for_a_folder_stays_in_it(tmp_path: Path):
    folder = tmp_path / "parsed"
    with pytest.raises(OutputError, match="is outside .*parsed, the folder it belongs in"):
        check_output(folder / ".." / "x.json", folder=folder)
    with pytest.warns(CacheWarning, match="cache not written: is outside"):
        assert write_cache(folder / ".." / "x.json", b"{}", folder) is False
    assert not (tmp_path / "x.json").exists()
    assert write_cache(folder / "x.json", b"{}", folder) is True
    assert (folder / "x.json").read_bytes() == b"{}"


def test_an_unwritable_data_folder_costs_only_the_caches(cli, data: Path, monkeypatch):
    """A read-only data folder (simulated: the tests may run as root, whom chmod does not stop)."""
    import plancli.files

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(plancli.files.tempfile, "mkstemp", refuse)
    for args in (["summarize", "p"], ["compare", "p", "q"], ["query", "--word", "校长", "p"]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "cache not written: cannot write (Permission denied)" in result.stderr
        assert "error" not in result.stderr
    word = json.loads(cli("query", "--word", "校长", "p", "-f", "json").stdout)
    assert [hit["text"] for hit in word["hits"]] == ["实施名校长名教师培养工程，校长职级制改革全面推开。"]
    assert not list((data / "parsed").glob("*.json"))


# --- caches: validated on load, rebuilt when damaged or not this plan's ----------------------


def test_damaged_or_foreign_token_caches_are_rebuilt(cli, data: Path):
    fresh = cli("query", "--word", "校长", "p", "-f", "json").stdout
    tokens = data / "parsed" / "p.tokens.json"
    good = json.loads(tokens.read_text(encoding="utf-8"))
    plan_json = (data / "parsed" / "p.json").read_bytes()
    assert good["plan_json"] == hashlib.sha256(plan_json).hexdigest()
    cli("summarize", "q")
    truncated = {**good, "units": good["units"][:-1]}
    recut = {**good, "units": [{**unit, "tokens": ["校长" * 3]} for unit in good["units"]]}
    for damage in ("{", "[]", json.dumps({**good, "units": "many"}), json.dumps(truncated), json.dumps(recut),
                   (data / "parsed" / "q.tokens.json").read_text(encoding="utf-8"),
                   json.dumps({**good, "plan_json": "0" * 64})):
        tokens.write_text(damage, encoding="utf-8")
        result = cli("query", "--word", "校长", "p", "-f", "json")
        assert result.exit_code == 0 and result.stdout == fresh
        assert json.loads(tokens.read_text(encoding="utf-8")) == good  # rebuilt


def test_a_damaged_plan_cache_or_memo_is_rebuilt(cli, data: Path):
    fresh = cli("outline", "p", "-f", "json").stdout
    cache = data / "parsed" / "p.json"
    for damage in ("", "{", '{"id": "p"}', "\x00" * 10):
        cache.write_text(damage, encoding="utf-8")
        assert cli("outline", "p", "-f", "json").stdout == fresh
    diff = cli("diff", "p", "q", "-f", "json").stdout
    memo = data / "parsed" / "jieba-memo.json"
    stored = json.loads(memo.read_text(encoding="utf-8"))
    wrong = {**stored, "cuts": {text: ["不是", "这段"] for text in stored["cuts"]}}
    for damage in ("{", json.dumps({**stored, "cuts": []}), json.dumps(wrong)):
        memo.write_text(damage, encoding="utf-8")
        assert cli("diff", "p", "q", "-f", "json").stdout == diff


def test_concurrent_parse_runs_leave_a_plan_and_tokens_that_belong_together(tmp_path: Path, data: Path):
    """Two runs parse two different files of one id into one folder at once, twice over:
    the <id>.json and <id>.tokens.json left are always one run's pair."""
    first, second = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    for path, text in ((first, PLAN), (second, OTHER)):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PLANCLI_DATA": str(data)}
    for _ in range(2):
        runs = [subprocess.Popen([*PLANCLI, "parse", str(path), "--out", str(out), "--tokens",
                                  "-f", "json"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for path in (first, second)]
        for run in runs:
            assert run.wait(timeout=60) == 0, run.stderr.read()
            run.stderr.close()
        plan = (out / "x.json").read_bytes()
        tokens = json.loads((out / "x.tokens.json").read_text(encoding="utf-8"))
        assert tokens["plan_json"] == hashlib.sha256(plan).hexdigest()
        assert tokens["sha256"] == json.loads(plan)["source"]["sha256"]


# --- jieba's cache: private, checked, never jieba's shared one ---------------------------------


def test_jieba_never_trusts_a_planted_or_damaged_cache(tmp_path: Path, monkeypatch):
    import marshal
    import tempfile

    import jieba

    from plancli.words import segment

    shared = tmp_path / "tmp"
    shared.mkdir()
    planted = marshal.dumps(({"教育": "many"}, "lots"))  # jieba would load this and crash later
    (shared / "jieba.cache").write_bytes(planted)
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    freq, total = segment._prefix_dictionary(jieba.Tokenizer())  # built: no private cache yet
    assert freq["教育"] > 0 and isinstance(total, int)
    (private,) = (tmp_path / "cache" / "plancli").glob("jieba-*.cache")
    assert (tmp_path / "cache" / "plancli").stat().st_mode & 0o777 == 0o700
    assert segment._prefix_dictionary(jieba.Tokenizer()) == (freq, total)  # from the private cache
    content = private.read_bytes()
    for damage in (content.replace(b"\xe6\x95\x99", b"\xe6\x95\x98", 1), planted):  # edited; not ours
        private.write_bytes(damage)
        assert segment._prefix_dictionary(jieba.Tokenizer()) == (freq, total)
        assert private.read_bytes() == content  # rebuilt and written again
    assert (shared / "jieba.cache").read_bytes() == planted  # jieba's shared cache: never read or written
    os.chmod(tmp_path / "cache" / "plancli", 0o777)  # shared with others: not used at all
    assert segment._private_cache_folder() is None


# --- word lists: regular files of bounded size, bad lines named --------------------------------


def test_bad_word_lists_are_input_errors_naming_file_and_line(cli, tmp_path: Path):
    digits = tmp_path / "digits.txt"
    digits.write_text("教育强区 5\n校长职级制 " + "9" * 5000 + " n\n", encoding="utf-8")
    result = cli("summarize", "p", "--dict", str(digits))
    assert result.exit_code == 2 and result.stderr == (
        f"plancli: error: {digits}: line 2: frequency of 5000 digits (at most 12)\n")
    long_word = tmp_path / "long.txt"
    long_word.write_text("教" * 100_000, encoding="utf-8")
    assert f"{long_word}: line 1: a word of 100000 characters" in cli("summarize", "p", "--dict", str(long_word)).stderr
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # no writer: a plain open would wait forever
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(65 << 20)
    for path, problem in (("/dev/zero", "not a regular file (a device, pipe or socket): name a file"),
                          (str(fifo), "not a regular file (a device, pipe or socket): name a file"),
                          (str(huge), "65 MB, more than the limit of 64 MB (raise it with --max-size)")):
        for option in ("--dict", "--stopwords"):
            result = cli("summarize", "p", option, path)
            assert result.exit_code == 2 and result.stderr == f"plancli: error: {path}: {problem}\n"


# --- the environment and stdout -----------------------------------------------------------------


@pytest.mark.parametrize("columns", ["abc", "0", "-5", "", "9" * 5000, "3"])
def test_odd_columns_give_sane_widths(cli, tmp_path: Path, columns: str):
    out = tmp_path / "summary.txt"
    for args in (["summarize", "p", "-o", str(out)], ["tables", "p"], ["outline", "p"]):
        result = cli(*args, env={"COLUMNS": columns})
        assert result.exit_code == 0, result.stderr
        text = out.read_text(encoding="utf-8") if "-o" in args else result.stdout
        assert text.strip() and max(len(line) for line in text.splitlines()) <= 1000


def test_stdout_that_is_not_utf8_still_gets_utf8(data: Path):
    for encoding in ("latin-1", "ascii"):
        result = _plancli("outline", "p", data=data, env={"PYTHONIOENCODING": encoding})
        assert result.returncode == 0 and result.stderr == b""
        assert "一、 发展基础" in result.stdout.decode("utf-8")
    assert "教育事业发展规划" in _plancli("--help", data=data, env={"PYTHONIOENCODING": "latin-1"}).stdout.decode()
    missing = _plancli("outline", "某县", data=data, env={"PYTHONIOENCODING": "latin-1"})
    assert missing.returncode == 2 and missing.stderr.decode().startswith("plancli: error: 某县: no such plan")


def test_a_closed_pipe_full_disk_or_closed_stdout_is_not_success(data: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PLANCLI_DATA": str(data)}
    for fmt in ("table", "json"):
        reader_gone = subprocess.Popen([*PLANCLI, "outline", "p", "-f", fmt], env=env,
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reader_gone.stdout.close()  # like `| head -0`: nobody reads
        assert reader_gone.wait(timeout=60) == 141
        assert reader_gone.stderr.read() == b""
        reader_gone.stderr.close()
    with open("/dev/full", "wb") as full:
        result = _plancli("outline", "p", data=data, stdout=full)
    assert result.returncode == 2 and result.stderr == b"plancli: error: stdout: cannot write (No space left on device)\n"
    closed = _plancli("outline", "p", data=data, preexec_fn=lambda: os.close(1))
    assert closed.returncode == 2 and closed.stderr == b"plancli: error: stdout: is closed: nothing can be written\n"


# --- CSV: no cell a spreadsheet would run, headers included -------------------------------------


def test_csv_neutralizes_formulas_in_headers_and_cells(cli, data: Path):
    (data / "raw" / "f.txt").write_text(
        "某区教育事业发展规划\n\n一、重点项目\n表1 重点项目\n"
        '\t=HYPERLINK("http://x.example","点我")\n\t@项目名称\n\t+主要内容\n\t-3.5\n\n'
        "\t1\n\t=1+1\n\t新建\n\t-2\n\n\t2\n\t乙校\n\t改扩建\n\t>=\n\n", encoding="utf-8")
    result = cli("tables", "f", "--index", "1", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["'=HYPERLINK(\"http://x.example\",\"点我\")", "'@项目名称", "'+主要内容", "-3.5"]
    assert rows[1:] == [["1", "'=1+1", "新建", "-2"], ["2", "乙校", "改扩建", ">="]]


def test_sizes_are_read_as_people_write_them():
    assert [parse_size(text) for text in ("200M", "1.5G", "500k", "4096", "2 MB")] == [
        200 << 20, 3 << 29, 500 << 10, 4096, 2 << 20]
    for bad in ("", "0", "-1M", "lots", "1T"):
        with pytest.raises(ValueError):
            parse_size(bad)
